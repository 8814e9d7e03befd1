#ifndef INNOLEDGER_STORAGE_WAL_PROGRESS_H_
#define INNOLEDGER_STORAGE_WAL_PROGRESS_H_

#include <atomic>
#include <cstdint>
#include <memory>
#include <string>

#include "storage/log_file_system.h"

namespace innoledger::storage {

// Told, on the thread that writes, as soon as a write's log record is in the OS: before
// RocksDB goes on to put the batch into the memtables.
class WalAppendListener {
 public:
  // True when a sync that covers these bytes begins at once: its fdatasync writes them,
  // so there is no need to start their disk write here.
  virtual bool OnWalAppended() = 0;

 protected:
  ~WalAppendListener() = default;
};

// While one lives, the log appends this thread makes go to `listener` (null: to no one).
// RocksDB appends a write's record on the thread that called Write(), unless another
// writer's thread took it into its group; then this thread is not told, and the caller
// learns from the count (appended_bytes) once Write() returns.
class ListenToWalAppends {
 public:
  explicit ListenToWalAppends(WalAppendListener* listener);
  ~ListenToWalAppends();
  ListenToWalAppends(const ListenToWalAppends&) = delete;
  ListenToWalAppends& operator=(const ListenToWalAppends&) = delete;

 private:
  WalAppendListener* const previous_;
};

// Wraps every write-ahead log RocksDB opens. After each append it
// - counts the bytes, over all logs in the order they were appended;
// - tells the appending thread's listener, if it has one;
// - starts the bytes' disk write (sync_file_range with SYNC_FILE_RANGE_WRITE: queued, not
//   waited for), unless the listener says a sync of them begins at once.
//
// Why: a batch is durable once its log record is synced; the memtables only make it
// visible. Told at the append, the syncer begins the fdatasync while the sequencer still
// fills the memtables. The count tells it which batches a sync covers: SyncWAL() syncs
// every log up to the newest, so a sync begun after reading N makes the first N bytes
// durable, and a batch is covered once its Write() returned before N was read.
// On a disk with a write cache an fdatasync is two round trips, the data write and the
// cache flush (~75 and ~65 µs on the CI machine, whatever the size up to 50 KB). When the
// syncer is still busy with an earlier sync, the data write starts here instead, and its
// sync is left mostly with the flush. Starting it costs the writer a system call and the
// disk's doorbell (~13% of the sequencer at 64 submitters), which is spared when the
// syncer's own fdatasync starts it a moment later. Durability does not depend on any of
// it: callers are answered after a covering fdatasync, which reports the disk's errors.
//
// Put it above WalSpareFileSystem (which opens its logs from its own target).
class WalProgressFileSystem final : public LogWrappingFileSystem {
 public:
  using LogWrappingFileSystem::LogWrappingFileSystem;
  const char* Name() const override { return "innoledger.WalProgressFileSystem"; }

  uint64_t appended_bytes() const { return appended_->load(std::memory_order_acquire); }

 protected:
  std::unique_ptr<rocksdb::FSWritableFile> WrapLog(
      const std::string& name, std::unique_ptr<rocksdb::FSWritableFile> log) override;

 private:
  // Shared with the logs, which RocksDB may close after the file system is released.
  std::shared_ptr<std::atomic<uint64_t>> appended_ = std::make_shared<std::atomic<uint64_t>>(0);
};

}  // namespace innoledger::storage

#endif  // INNOLEDGER_STORAGE_WAL_PROGRESS_H_
