#ifndef INNOLEDGER_STORAGE_WAL_SPARES_H_
#define INNOLEDGER_STORAGE_WAL_SPARES_H_

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <thread>

#include "absl/synchronization/mutex.h"
#include "rocksdb/file_system.h"

namespace innoledger::storage {

// Hands RocksDB each new write-ahead log as a file already written full of zeros.
//
// Why: RocksDB appends its WAL to a new file, and an fdatasync of a file that grew must
// write the inode (its size, extents turning from allocated to written) besides the data:
// two disk writes per sync where one would do. Overwriting blocks that are already written
// changes no metadata, so the sync writes the data alone (docs/benchmarks.md: a 13 KB
// sync 400 → 210 µs on the CI disk). RocksDB's own remedy, recycle_log_file_num, is
// switched off by RocksDB 7.8 under the point-in-time WAL recovery the ledger uses.
//
// Safe because the WAL format reserves record type 0 for preallocated space: replay after
// a crash reads the records and skips the zeros after them, and a record torn by the
// crash ends replay there, as at the end of a growing file. The spare is written and
// synced before RocksDB gets it, and RocksDB syncs the directory after a new log's rename.
//
// The first spare is written as the database opens (~0.1 s for 64 MiB here), for the log
// RocksDB starts then; after that a background thread writes the next one once the live
// log holds a sixteenth of a spare, so a database that writes little never writes a
// second. Without a ready spare a log is created as RocksDB would. A spare left by a stop
// or a crash is deleted at open (it may be half written).
class WalSpareFileSystem final : public rocksdb::FileSystemWrapper {
 public:
  static constexpr const char* kSpareName = "innoledger-wal-spare";

  // `dir`: the database directory (where RocksDB puts its logs). `spare_bytes` > 0.
  // `on_log`, if set, hears of every log RocksDB starts and whether it was a spare.
  WalSpareFileSystem(std::shared_ptr<rocksdb::FileSystem> base, std::string dir,
                     int64_t spare_bytes, std::function<void(bool from_spare)> on_log = {});
  ~WalSpareFileSystem() override;  // stops the writer thread, deletes the spare

  // Writes the first spare now, so that the log RocksDB creates as it opens is one: call
  // before opening it. The directory must exist.
  rocksdb::IOStatus PrepareFirst();

  const char* Name() const override { return "innoledger.WalSpareFileSystem"; }
  rocksdb::IOStatus NewWritableFile(const std::string& name, const rocksdb::FileOptions& options,
                                    std::unique_ptr<rocksdb::FSWritableFile>* file,
                                    rocksdb::IODebugContext* debug) override;

  // Logs RocksDB has been given as a spare so far.
  int64_t logs_from_spares() const { return logs_from_spares_.load(); }
  // Whether the live log has asked for the next spare (set on the appending thread, so a
  // test can tell "not asked" without waiting on the writer thread).
  bool spare_wanted() const { return wanted_.load(); }
  // Called by the live log as it grows.
  void LiveLogGrew(uint64_t bytes);

 private:
  void WriterLoop();
  rocksdb::IOStatus WriteSpare();

  const std::string spare_path_;
  const int64_t spare_bytes_;
  const std::function<void(bool from_spare)> on_log_;
  std::atomic<uint64_t> live_log_bytes_{0};
  std::atomic<bool> wanted_{false};  // the live log passed the mark: the writer is wanted
  std::atomic<int64_t> logs_from_spares_{0};

  absl::Mutex mu_;
  bool ready_ ABSL_GUARDED_BY(mu_) = false;  // the spare is written and synced
  bool stop_ ABSL_GUARDED_BY(mu_) = false;
  std::thread writer_;
};

}  // namespace innoledger::storage

#endif  // INNOLEDGER_STORAGE_WAL_SPARES_H_
