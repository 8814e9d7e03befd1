#ifndef INNOLEDGER_STORAGE_SEQUENCER_H_
#define INNOLEDGER_STORAGE_SEQUENCER_H_

#include <deque>
#include <string>
#include <thread>
#include <vector>

#include "absl/synchronization/mutex.h"
#include "storage/db.h"
#include "storage/ledger.h"
#include "storage/staging.h"

namespace innoledger::storage {

// The single writer of one city's partition. Callers queue commands; one thread takes
// everything queued (up to a batch limit), applies the commands one by one against the
// state plus the batch's earlier commands, writes the whole batch in one RocksDB WriteBatch
// with sync=true, and only then answers every caller. While one batch syncs, the next
// fills up: that is the group commit.
class Sequencer {
 public:
  Sequencer(std::string city, Db* db, Head head, int64_t expiry_cursor_us,
            const LedgerOptions& options);
  ~Sequencer();  // Stop()s

  void Submit(Write write, Ledger::Done done);
  // Refuses new commands, finishes the queued ones, joins the thread. Idempotent.
  void Stop();
  // The head of the last committed batch.
  Head head() const;

 private:
  struct Queued {
    Write write;
    Ledger::Done done;
  };
  struct Applied {
    absl::StatusOr<Outcome> outcome;
    bool replayed = false;
  };

  void Run();
  std::vector<Queued> TakeBatch();
  void ProcessBatch(std::vector<Queued>& batch);
  Applied ApplyOne(Staging& batch_staging, Head& head, absl::Time now, Write& write);
  void ExpireHolds(Staging& batch_staging, Head& head, absl::Time now);
  absl::Time NextBatchTime();

  const std::string city_;
  Db* const db_;
  const LedgerOptions& options_;
  int64_t expiry_cursor_us_;  // sequencer thread only
  absl::Time last_batch_time_ = absl::InfinitePast();
  bool failed_ = false;  // sequencer thread only: a write failed, refuse everything

  mutable absl::Mutex mu_;
  absl::CondVar wake_;
  std::deque<Queued> queue_ ABSL_GUARDED_BY(mu_);
  bool stopping_ ABSL_GUARDED_BY(mu_) = false;
  Head head_ ABSL_GUARDED_BY(mu_);
  std::thread thread_;
};

}  // namespace innoledger::storage

#endif  // INNOLEDGER_STORAGE_SEQUENCER_H_
