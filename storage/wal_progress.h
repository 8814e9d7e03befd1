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
  virtual void OnWalAppended() = 0;

 protected:
  ~WalAppendListener() = default;
};

// While one lives, the log appends this thread makes go to `listener` (null: to no one).
// RocksDB appends a write's record on the thread that called Write(), unless another
// writer's thread took it into its group; then this thread is not told, and the caller
// learns from wal_appended_bytes() once Write() returns.
class ListenToWalAppends {
 public:
  explicit ListenToWalAppends(WalAppendListener* listener);
  ~ListenToWalAppends();
  ListenToWalAppends(const ListenToWalAppends&) = delete;
  ListenToWalAppends& operator=(const ListenToWalAppends&) = delete;

 private:
  WalAppendListener* const previous_;
};

// Counts the bytes RocksDB hands the OS for its write-ahead logs, over all logs in the
// order they were appended, and tells the appending thread's listener.
//
// Why: a batch is durable once its log record is synced; the memtables only make it
// visible. With the count, the syncer can start the fdatasync the moment the record is
// in, while the sequencer still fills the memtables, and still know which batches that
// sync covers: SyncWAL() syncs every log up to the newest, so a sync begun after reading
// N makes at least the first N bytes durable, and a batch is covered once its Write()
// returned before the count was read.
//
// Put it above WalSpareFileSystem (which opens its logs from its own target) and above
// WalWriteBackFileSystem, so that the listener hears of an append once its disk write began.
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
