#ifndef INNOLEDGER_STORAGE_DB_H_
#define INNOLEDGER_STORAGE_DB_H_

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "rocksdb/db.h"
#include "storage/format.h"

namespace innoledger::storage {

class WalProgressFileSystem;

// The RocksDB database with our column families. Internal to storage/.
class Db {
 public:
  struct Options {
    std::string path;
    std::shared_ptr<rocksdb::FileSystem> file_system;  // null: the default one
    int64_t max_wal_bytes = 0;                          // 0: RocksDB's default
    int64_t wal_spare_bytes = 0;                        // 0: no spare logs (WalSpareFileSystem)
    std::function<void(bool from_spare)> on_wal_log;    // LedgerOptions::on_wal_log
  };
  static absl::StatusOr<std::unique_ptr<Db>> Open(const Options& options);
  ~Db();

  // Reads the latest state, or the state of `snapshot` when given.
  absl::StatusOr<std::optional<std::string>> Get(int cf, absl::string_view key,
                                                 const rocksdb::Snapshot* snapshot = nullptr) const;
  std::unique_ptr<rocksdb::Iterator> NewIterator(int cf,
                                                 const rocksdb::Snapshot* snapshot = nullptr) const;
  // The last key that is `prefix` followed by a u64 sequence, and its value (an account's
  // latest history record). `prefix` ends in a separator that ids never hold, so no other
  // record's key starts with it.
  struct Record {
    std::string key, value;
  };
  absl::StatusOr<std::optional<Record>> GetLast(int cf, absl::string_view prefix,
                                                const rocksdb::Snapshot* snapshot = nullptr) const;
  // Writes with sync=true: durable once it returns OK.
  absl::Status WriteSynced(rocksdb::WriteBatch* batch);
  // Writes to the WAL file, without waiting for the disk (a crash may lose it), and to the
  // memtables; SyncWal() fsyncs, making everything written so far durable.
  absl::Status WriteUnsynced(rocksdb::WriteBatch* batch);
  absl::Status SyncWal();
  // Bytes handed to the OS for the WAL since Open, in order: a SyncWal() begun after
  // reading N makes the first N durable, and a write is within the count once it returned.
  uint64_t wal_appended_bytes() const;
  // A consistent view of everything written so far, released with the last copy.
  std::shared_ptr<const rocksdb::Snapshot> TakeSnapshot();
  rocksdb::ColumnFamilyHandle* handle(int cf) const { return handles_[cf]; }
  rocksdb::DB* raw() const { return db_.get(); }

 private:
  Db() = default;
  std::shared_ptr<WalProgressFileSystem> wal_progress_;
  std::unique_ptr<rocksdb::Env> env_;
  std::unique_ptr<rocksdb::DB> db_;
  std::vector<rocksdb::ColumnFamilyHandle*> handles_;
};

// RocksDB slices as abseil views (Debian's abseil has its own string_view type).
inline absl::string_view View(const rocksdb::Slice& slice) {
  return absl::string_view(slice.data(), slice.size());
}

// A RocksDB status as an absl one: DATA_LOSS for corruption, otherwise UNAVAILABLE,
// STORAGE_UNAVAILABLE for a read or an open (FromRocks) and STORAGE_FAILED for a write or
// a sync (FromRocksWrite), after which the partition stops.
absl::Status FromRocks(const rocksdb::Status& status, absl::string_view what);
absl::Status FromRocksWrite(const rocksdb::Status& status, absl::string_view what);

}  // namespace innoledger::storage

#endif  // INNOLEDGER_STORAGE_DB_H_
