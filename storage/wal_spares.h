#ifndef INNOLEDGER_STORAGE_WAL_SPARES_H_
#define INNOLEDGER_STORAGE_WAL_SPARES_H_

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <thread>

#include "absl/functional/function_ref.h"
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
//
// A log can outgrow its spare (the first after a start holds every column family's
// writes until the first memtable fills: ~110 MiB at full load), and then every sync
// wrote the inode again (p50 225 against 123 µs, docs/benchmarks.md). So the same thread
// also writes zeros ahead at the end of a live log that began as a spare, a quarter spare
// at a time, once RocksDB is within an eighth of a spare of their end. The zeros are
// written and synced before RocksDB reaches them; an append that would reach past them
// while they are being written waits for them, and one that finds none ahead grows the
// file as RocksDB would (those are counted). Zeros are never written where RocksDB has.
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
  // Called by the live log as it grows; returns the bytes it has taken in all.
  uint64_t LiveLogGrew(uint64_t bytes);

  // Bytes RocksDB has appended to the live log.
  int64_t live_log_appended_bytes() const { return static_cast<int64_t>(live_log_bytes_.load()); }
  // Where the zeros ahead of the live log end (0: it did not begin as a spare).
  int64_t live_log_zeroed_bytes() const;
  // Appends that found no zeros ahead and grew their log (each sync then writes the inode).
  int64_t appends_past_zeros() const { return appends_past_zeros_.load(); }

  struct LiveLog;  // a log that began as a spare (wal_spares.cc)
  // The live log's appends, each ending at byte `end`: through here, so that no append
  // and no zeros overlap.
  rocksdb::IOStatus AppendToLive(LiveLog& log, uint64_t end,
                                 absl::FunctionRef<rocksdb::IOStatus()> append);
  void LiveLogClosed(LiveLog& log);

 private:
  void WriterLoop();
  rocksdb::IOStatus WriteSpare();
  void ExtendLiveLog() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);

  const std::string spare_path_;
  const int64_t spare_bytes_;
  const std::function<void(bool from_spare)> on_log_;
  std::atomic<uint64_t> live_log_bytes_{0};
  std::atomic<bool> wanted_{false};  // the live log passed the mark: the writer is wanted
  std::atomic<int64_t> logs_from_spares_{0};
  std::atomic<int64_t> appends_past_zeros_{0};
  std::atomic<bool> extension_wanted_{false};

  mutable absl::Mutex mu_;
  bool ready_ ABSL_GUARDED_BY(mu_) = false;  // the spare is written and synced
  bool stop_ ABSL_GUARDED_BY(mu_) = false;
  std::shared_ptr<LiveLog> live_ ABSL_GUARDED_BY(mu_);  // null: the live log was no spare
  std::thread writer_;
};

}  // namespace innoledger::storage

#endif  // INNOLEDGER_STORAGE_WAL_SPARES_H_
