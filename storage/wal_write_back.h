#ifndef INNOLEDGER_STORAGE_WAL_WRITE_BACK_H_
#define INNOLEDGER_STORAGE_WAL_WRITE_BACK_H_

#include <memory>
#include <string>

#include "storage/log_file_system.h"

namespace innoledger::storage {

// Starts the disk write of every write-ahead log append at once (sync_file_range with
// SYNC_FILE_RANGE_WRITE: queued, not waited for).
//
// Why: RocksDB's write appends a batch's log record first and then puts its keys into the
// memtables, on the sequencer; the syncer's fdatasync comes after. On a disk with a write
// cache an fdatasync is two round trips, the data write and the cache flush (~75 and
// ~65 µs on the CI machine, whatever the size up to 50 KB). Started at the append, the
// data write runs while the memtables fill, and the sync is left mostly with the flush
// (at 64 submitters its median 185 → 90 µs: docs/benchmarks.md). Durability does not
// change: callers are answered after the fdatasync, as before, and an I/O error is
// reported by that fdatasync.
//
// Wraps every log RocksDB opens through this file system; put it above WalSpareFileSystem
// (which opens its logs from its own target).
class WalWriteBackFileSystem final : public LogWrappingFileSystem {
 public:
  using LogWrappingFileSystem::LogWrappingFileSystem;
  const char* Name() const override { return "innoledger.WalWriteBackFileSystem"; }

 protected:
  std::unique_ptr<rocksdb::FSWritableFile> WrapLog(
      const std::string& name, std::unique_ptr<rocksdb::FSWritableFile> log) override;
};

}  // namespace innoledger::storage

#endif  // INNOLEDGER_STORAGE_WAL_WRITE_BACK_H_
