#ifndef INNOLEDGER_STORAGE_SEQUENCER_H_
#define INNOLEDGER_STORAGE_SEQUENCER_H_

#include <atomic>
#include <deque>
#include <limits>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "absl/synchronization/mutex.h"
#include "storage/db.h"
#include "storage/ledger.h"
#include "storage/record_cache.h"
#include "storage/request_id_watermarks.h"
#include "storage/staging.h"
#include "storage/wal_progress.h"

namespace innoledger::storage {

// The single writer of one city's partition. Callers queue commands; the sequencer thread
// takes everything queued (up to a batch limit), applies the commands one by one against
// the state plus everything before them, and writes the whole batch as one RocksDB
// WriteBatch; callers are answered only once it is durable.
//
// Group commit, pipelined in two threads: the sequencer applies batch N+1 and puts it into
// RocksDB (WAL and memtables, no fsync) while the syncer fsyncs the WAL for N and
// everything written before it, then answers their callers in batch order. The syncer
// starts as soon as the batch's log record is in the OS (WalAppendListener), while the
// sequencer still fills the memtables. A batch is answered once a sync has finished that
// began with Db::wal_appended_bytes() at least the count read when its Write() returned
// (wal_end): every sync that began after its record was in. A batch is applied only
// after the one before it is in RocksDB, so it reads the database directly.
// (A third thread that wrote batch N while the sequencer applied N+1 was slower: on two
// cores the hand-off between them cost more than the overlap gained; see
// docs/benchmarks.md.) Readers see only states that are durable (durable_snapshot). If a
// write or a sync fails, that batch and everything after it fail.
class Sequencer final : private WalAppendListener {
 public:
  Sequencer(std::string city, Db* db, Head head, int64_t expiry_cursor_us,
            const LedgerOptions& options);
  ~Sequencer();  // Stop()s

  void Submit(Write write, Ledger::Done done);
  // Refuses new commands, finishes the queued ones, joins the threads. Idempotent.
  void Stop();
  // The head of the last durable batch.
  Head head() const;
  // The database as of the last durable batch, for readers (null: read the latest, as
  // after a restart everything on disk is durable). Readers never see a write that could
  // still be lost.
  std::shared_ptr<const rocksdb::Snapshot> durable_snapshot() const;

 private:
  struct Queued {
    Write write;
    Ledger::Done done;
    Digest fingerprint;  // of the command, hashed by the caller's thread
  };
  struct Batch {
    std::vector<Queued> commands;
    std::vector<absl::StatusOr<Outcome>> results;
    std::unique_ptr<Staging> staging;
    Head head;  // after this batch
    BatchStats stats;
  };
  // A durable (or failed) batch whose callers are still to be answered.
  struct Completion {
    std::vector<Queued> commands;
    std::vector<absl::StatusOr<Outcome>> results;
    BatchStats stats;
    Head head;                                         // after this batch
    bool written = false;                              // reached RocksDB
    std::shared_ptr<const rocksdb::Snapshot> snapshot;  // the state right after it
    // Db::wal_appended_bytes() once its Write() returned: durable when a sync begun at
    // that count or later has finished.
    uint64_t wal_end = 0;
    absl::Time written_at;
  };
  struct Applied {
    absl::StatusOr<Outcome> outcome;
    bool replayed = false;
  };

  void Run();
  std::vector<Queued> TakeBatch(bool* stop_after);
  std::unique_ptr<Batch> ApplyBatch(std::vector<Queued> commands);
  void Persist(Batch& batch);
  Completion WriteToDb(Batch& batch, bool sync);
  bool OnWalAppended() override;
  void SyncerLoop();
  void Finish(std::vector<Completion>& completions);
  void Publish(const Completion& completion);
  void FailAll(Completion& completion);
  void Answer(Completion& completion);
  Applied ApplyOne(Staging& batch_staging, Head& head, absl::Time now, absl::CivilDay today,
                   Queued& queued);
  void ExpireHolds(Staging& batch_staging, Head& head, absl::Time now, absl::CivilDay today,
                   int64_t cursor_limit_us);
  absl::Time BatchTime() const;

  const std::string city_;
  Db* const db_;
  const LedgerOptions& options_;
  std::atomic<bool> failed_{false};  // a write failed: refuse everything from now on

  // Sequencer thread only.
  int64_t expiry_cursor_us_;
  // No hold can fall due before this time (see ExpireHolds): until then a batch does not
  // look at the expiry index.
  int64_t next_due_us_ = std::numeric_limits<int64_t>::min();
  int64_t last_look_us_ = std::numeric_limits<int64_t>::min();  // when it last looked
  absl::Time last_batch_time_ = absl::InfinitePast();  // of the last batch that wrote
  Head working_head_;                 // includes batches not yet durable
  RecordCache cache_;                 // records as the batches written so far left them
  RequestIdWatermarks request_ids_;   // spares the idempotency lookup for a new request id
  size_t last_write_bytes_ = 0;       // of the last WriteBatch
  uint64_t last_wal_end_ = 0;         // of the last batch that wrote

  mutable absl::Mutex mu_;
  absl::CondVar wake_;
  std::vector<Queued> queue_ ABSL_GUARDED_BY(mu_);
  bool stopping_ ABSL_GUARDED_BY(mu_) = false;
  Head head_ ABSL_GUARDED_BY(mu_);
  std::shared_ptr<const rocksdb::Snapshot> durable_snapshot_ ABSL_GUARDED_BY(mu_);

  // Batches written without fsync, waiting for the syncer, which fsyncs them together and
  // answers their callers in batch order.
  absl::Mutex done_mu_;
  absl::CondVar done_cv_;
  std::deque<Completion> done_ ABSL_GUARDED_BY(done_mu_);
  int unsynced_ ABSL_GUARDED_BY(done_mu_) = 0;  // in done_ or being answered
  // A batch's log record is in the OS and no sync has begun since.
  bool sync_wanted_ ABSL_GUARDED_BY(done_mu_) = false;
  // WAL bytes a finished sync made durable (Db::wal_appended_bytes() as it began).
  uint64_t durable_wal_ ABSL_GUARDED_BY(done_mu_) = 0;
  bool syncer_stop_ ABSL_GUARDED_BY(done_mu_) = false;
  bool syncer_waiting_ ABSL_GUARDED_BY(done_mu_) = false;  // with nothing to do

  std::thread thread_;
  std::thread syncer_;
};

}  // namespace innoledger::storage

#endif  // INNOLEDGER_STORAGE_SEQUENCER_H_
