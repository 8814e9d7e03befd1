#ifndef INNOLEDGER_STORAGE_LEDGER_H_
#define INNOLEDGER_STORAGE_LEDGER_H_

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/functional/any_invocable.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "storage/command.h"
#include "storage/types.h"

namespace rocksdb {
class FileSystem;
}

namespace innoledger::storage {

// Figures about one committed (or failed) group commit, for metrics and benchmarks.
struct BatchStats {
  std::string city;
  int commands = 0;   // commands in the batch
  int rejected = 0;   // of which rejected (they wrote nothing)
  int replayed = 0;   // of which answered from the idempotency record
  int64_t write_bytes = 0;
  absl::Duration apply_time;
  absl::Duration write_time;  // from the write until durable (fsync included)
  bool synced = false;        // written and made durable; false when it wrote nothing
  int fsyncs = 0;             // fsyncs this batch started: one fsync may cover several batches
};

struct LedgerOptions {
  std::string data_dir;
  std::vector<std::string> cities;  // one partition each; names match [a-z][a-z0-9_]{0,31}
  // Group commit: a batch takes at most this many queued commands.
  int max_batch_commands = 4096;
  // Commands waiting for their sequencer; more are refused with RESOURCE_EXHAUSTED.
  int max_queued_commands = 100000;
  // How often an idle sequencer looks for expired holds.
  absl::Duration expiry_sweep_interval = absl::Milliseconds(200);
  // Account states and cap counters each sequencer keeps in memory (about 150 bytes each),
  // so that hot accounts are not read back from RocksDB for every command. 0: none.
  size_t cached_records = 100000;
  // Entries re-hashed at open to check the chain head (start-up cost stays constant).
  int verify_tail_entries_on_open = 256;
  // RocksDB keeps a WAL file until every column family with data in it has flushed, and a
  // family written rarely (cap counters, hold states) can keep gigabytes alive: past this
  // many bytes of WAL it flushes the families holding the oldest file. A restart after a
  // crash replays at most about this much (~6 s per GiB measured).
  int64_t max_wal_bytes = int64_t{256} << 20;
  // Each new write-ahead log starts as a file of this many zero bytes, written in the
  // background (WalSpareFileSystem): syncing overwritten blocks writes no file metadata,
  // so group commits are durable sooner. 0: logs are new files, as RocksDB makes them.
  int64_t wal_spare_bytes = int64_t{64} << 20;
  // Called whenever RocksDB starts a write-ahead log: from_spare is false when no spare
  // was ready (a start-up without spares, a disk too full to write one, a log that filled
  // faster than the next spare was written).
  std::function<void(bool from_spare)> on_wal_log;
  // Test and benchmark hook: a file system to open RocksDB on (e.g. one that fails writes,
  // or ledger_bench --sync_us, one whose log syncs take a fixed time).
  std::shared_ptr<rocksdb::FileSystem> file_system;
  // Test hook: the clock the sequencer stamps batches with (monotonic is enforced).
  std::function<absl::Time()> clock;
  // Called on the sequencer thread after every batch; keep it cheap.
  std::function<void(const BatchStats&)> on_batch;
};

// One write: a command for one city's partition, with its caller's identity.
struct Write {
  std::string city;
  std::string principal;
  std::string request_id;
  std::unique_ptr<Command> command;
};

struct EntryPage {
  std::vector<JournalEntry> entries;
  uint64_t next_after_sequence = 0;  // 0: no more
};

struct VerifyReport {
  uint64_t from_sequence = 0;
  uint64_t to_sequence = 0;
  uint64_t entries_checked = 0;
  Digest last_hash{};
};

// The ledger of every configured city, in one RocksDB database.
//
// It is append-only: there is no call that updates or deletes a journal entry. A
// correction is a new entry (a reversal, a void) that names the one it corrects. Every
// write goes through its city's sequencer, the partition's single writer, which applies
// commands one at a time and commits them in group batches with sync=true; a write is
// acknowledged only once its batch is durable.
//
// Errors: INVALID_ARGUMENT for a malformed request, NOT_FOUND for an unknown city,
// account or entry, FAILED_PRECONDITION when state forbids it (insufficient funds, cap
// reached, hold already resolved or expired), ALREADY_EXISTS for a request id reused with a
// different payload, RESOURCE_EXHAUSTED when the queue is full, UNAVAILABLE once shut down
// or after a storage failure, DATA_LOSS when the chain does not verify. Each carries a
// reason (common/errors.h).
class Ledger {
 public:
  using Done = absl::AnyInvocable<void(absl::StatusOr<Outcome>) &&>;

  // Opens or creates the database under options.data_dir, checks each partition's chain
  // head and starts the sequencers.
  static absl::StatusOr<std::unique_ptr<Ledger>> Open(LedgerOptions options);

  // Finishes every queued command, then stops the sequencers and closes the database.
  virtual ~Ledger() = default;

  // Queues `write`; `done` runs on the sequencer thread once the outcome is durable (or the
  // command was refused). It must not block.
  virtual void Submit(Write write, Done done) = 0;
  absl::StatusOr<Outcome> SubmitAndWait(Write write);

  // Stops taking writes (UNAVAILABLE), finishes the queued ones. Idempotent.
  virtual void Shutdown() = 0;

  virtual std::vector<std::string> cities() const = 0;
  virtual absl::StatusOr<Head> GetHead(absl::string_view city) const = 0;
  virtual absl::StatusOr<std::optional<JournalEntry>> GetEntry(absl::string_view city,
                                                               uint64_t sequence) const = 0;
  virtual absl::StatusOr<std::optional<EntryState>> GetEntryState(absl::string_view city,
                                                                  uint64_t sequence) const = 0;
  virtual absl::StatusOr<std::optional<AccountState>> GetAccount(
      absl::string_view city, absl::string_view account) const = 0;
  // Accounts in id order, strictly after `after_id` ("" = from the first), at most `limit`
  // (1..kMaxPageSize).
  virtual absl::StatusOr<std::vector<AccountState>> ListAccounts(absl::string_view city,
                                                                 absl::string_view after_id,
                                                                 int limit) const = 0;
  virtual absl::StatusOr<int64_t> GetCapUsed(absl::string_view city, absl::string_view scope,
                                             int32_t fiscal_year) const = 0;
  virtual absl::StatusOr<std::optional<std::string>> GetRecord(absl::string_view city,
                                                               absl::string_view key) const = 0;
  // Domain records whose key starts with `prefix`, in key order, strictly after
  // `after_key` ("" = from the start), at most `limit` (1..kMaxPageSize). Keys are returned
  // without the city prefix, as the domain wrote them.
  virtual absl::StatusOr<std::vector<std::pair<std::string, std::string>>> ListRecords(
      absl::string_view city, absl::string_view prefix, absl::string_view after_key,
      int limit) const = 0;
  // Entries touching `account` / carrying reference key=value, by sequence, after
  // `after_sequence`, at most `limit` (1..kMaxPageSize).
  virtual absl::StatusOr<EntryPage> ListByAccount(absl::string_view city,
                                                  absl::string_view account,
                                                  uint64_t after_sequence, int limit) const = 0;
  virtual absl::StatusOr<EntryPage> ListByReference(absl::string_view city,
                                                    absl::string_view key,
                                                    absl::string_view value,
                                                    uint64_t after_sequence,
                                                    int limit) const = 0;
  // Recomputes the hash chain over [from, to] (to = 0: the head). DATA_LOSS names the
  // first entry that fails.
  virtual absl::StatusOr<VerifyReport> Verify(absl::string_view city, uint64_t from_sequence,
                                              uint64_t to_sequence) const = 0;
};

}  // namespace innoledger::storage

#endif  // INNOLEDGER_STORAGE_LEDGER_H_
