#include "storage/wal_spares.h"

#include <algorithm>

#include "absl/strings/match.h"

namespace innoledger::storage {
namespace {

// A spare is written and synced a mebibyte at a time: one write-back of the whole spare
// would keep the disk busy long enough to hold up the live log's syncs behind it.
constexpr int64_t kChunkBytes = int64_t{1} << 20;

bool IsLog(const std::string& name) { return absl::EndsWith(name, ".log"); }

// The live log, telling the file system how much it has taken.
class CountedLog final : public rocksdb::FSWritableFileOwnerWrapper {
 public:
  CountedLog(std::unique_ptr<rocksdb::FSWritableFile> file, WalSpareFileSystem* spares)
      : FSWritableFileOwnerWrapper(std::move(file)), spares_(spares) {}

  rocksdb::IOStatus Append(const rocksdb::Slice& data, const rocksdb::IOOptions& options,
                           rocksdb::IODebugContext* debug) override {
    spares_->LiveLogGrew(data.size());
    return FSWritableFileOwnerWrapper::Append(data, options, debug);
  }
  rocksdb::IOStatus Append(const rocksdb::Slice& data, const rocksdb::IOOptions& options,
                           const rocksdb::DataVerificationInfo& info,
                           rocksdb::IODebugContext* debug) override {
    spares_->LiveLogGrew(data.size());
    return FSWritableFileOwnerWrapper::Append(data, options, info, debug);
  }

 private:
  WalSpareFileSystem* const spares_;
};

}  // namespace

WalSpareFileSystem::WalSpareFileSystem(std::shared_ptr<rocksdb::FileSystem> base,
                                       std::string dir, int64_t spare_bytes,
                                       std::function<void(bool from_spare)> on_log)
    : FileSystemWrapper(std::move(base)),
      spare_path_(dir + "/" + kSpareName),
      spare_bytes_(spare_bytes),
      on_log_(std::move(on_log)) {
  // What a stop or a crash left: possibly half written, so never handed out.
  target()->DeleteFile(spare_path_, rocksdb::IOOptions(), nullptr).PermitUncheckedError();
  writer_ = std::thread([this] { WriterLoop(); });
}

rocksdb::IOStatus WalSpareFileSystem::PrepareFirst() {
  rocksdb::IOStatus written = WriteSpare();
  absl::MutexLock lock(&mu_);
  ready_ = written.ok();
  return written;
}

WalSpareFileSystem::~WalSpareFileSystem() {
  {
    absl::MutexLock lock(&mu_);
    stop_ = true;
  }
  writer_.join();
  target()->DeleteFile(spare_path_, rocksdb::IOOptions(), nullptr).PermitUncheckedError();
}

rocksdb::IOStatus WalSpareFileSystem::NewWritableFile(const std::string& name,
                                                      const rocksdb::FileOptions& options,
                                                      std::unique_ptr<rocksdb::FSWritableFile>* file,
                                                      rocksdb::IODebugContext* debug) {
  if (!IsLog(name)) return target()->NewWritableFile(name, options, file, debug);
  bool took = false;
  {
    absl::MutexLock lock(&mu_);
    live_log_bytes_ = 0;
    wanted_ = false;
    if (ready_) {
      ready_ = false;
      // Renames the spare to `name` and opens it for writing from its first byte. Under
      // the lock, so the writer cannot start the next spare (truncating the file at the
      // spare's path) before this one has left that path.
      took = target()->ReuseWritableFile(name, spare_path_, options, file, debug).ok();
    }
  }
  if (took) ++logs_from_spares_;
  rocksdb::IOStatus status =
      took ? rocksdb::IOStatus::OK() : target()->NewWritableFile(name, options, file, debug);
  if (status.ok()) {
    *file = std::make_unique<CountedLog>(std::move(*file), this);
    if (on_log_) on_log_(took);
  }
  return status;
}

void WalSpareFileSystem::LiveLogGrew(uint64_t bytes) {
  const uint64_t mark = static_cast<uint64_t>(spare_bytes_ / 16);
  // Past the mark every append would otherwise write the flag again: read it first.
  if (live_log_bytes_.fetch_add(bytes) + bytes < mark || wanted_.load() ||
      wanted_.exchange(true)) {
    return;
  }
  absl::MutexLock lock(&mu_);  // the writer's condition is looked at again on unlock
}

void WalSpareFileSystem::WriterLoop() {
  absl::MutexLock lock(&mu_);
  while (true) {
    mu_.Await(absl::Condition(
        +[](WalSpareFileSystem* fs) ABSL_EXCLUSIVE_LOCKS_REQUIRED(fs->mu_) {
          return fs->stop_ || (fs->wanted_ && !fs->ready_);
        },
        this));
    if (stop_) return;
    mu_.Unlock();
    rocksdb::IOStatus written = WriteSpare();
    mu_.Lock();
    if (written.ok()) {
      ready_ = true;
    } else {
      // Most likely a full disk. Logs are made as usual; the next log that passes the
      // mark asks again.
      wanted_ = false;
    }
  }
}

rocksdb::IOStatus WalSpareFileSystem::WriteSpare() {
  std::unique_ptr<rocksdb::FSWritableFile> file;
  rocksdb::IOStatus status =
      target()->NewWritableFile(spare_path_, rocksdb::FileOptions(), &file, nullptr);
  const std::string zeros(kChunkBytes, '\0');
  for (int64_t written = 0; status.ok() && written < spare_bytes_; written += kChunkBytes) {
    {
      absl::MutexLock lock(&mu_);
      if (stop_) status = rocksdb::IOStatus::Aborted("stopping");
    }
    const size_t size = static_cast<size_t>(std::min(kChunkBytes, spare_bytes_ - written));
    if (status.ok()) status = file->Append(rocksdb::Slice(zeros.data(), size), {}, nullptr);
    if (status.ok()) status = file->Sync({}, nullptr);
  }
  if (file) {
    rocksdb::IOStatus closed = file->Close({}, nullptr);
    if (status.ok()) status = closed;
  }
  if (!status.ok()) {
    target()->DeleteFile(spare_path_, rocksdb::IOOptions(), nullptr).PermitUncheckedError();
  }
  return status;
}

}  // namespace innoledger::storage
