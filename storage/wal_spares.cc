#include "storage/wal_spares.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>

#include "absl/strings/match.h"
#include "storage/log_file_system.h"

namespace innoledger::storage {
namespace {

// A spare is written and synced a mebibyte at a time: one write-back of the whole spare
// would keep the disk busy long enough to hold up the live log's syncs behind it.
constexpr int64_t kChunkBytes = int64_t{1} << 20;

bool IsLog(const std::string& name) { return absl::EndsWith(name, ".log"); }

}  // namespace

// A live log that began as a spare: the file is written (zeros or records) up to
// `zeroed_end`.
struct WalSpareFileSystem::LiveLog {
  std::string path;
  std::atomic<uint64_t> zeroed_end{0};  // changed under the file system's mu_
  bool writing_zeros = false;           // under mu_: zeros are being written past zeroed_end
  bool closed = false;                  // under mu_
  std::atomic<bool> no_more_zeros{false};  // writing them failed (a full disk?): stop asking
};

namespace {

// The live log, telling the file system how much it has taken; appends to a log that
// began as a spare go through the file system, which writes zeros ahead of them.
class CountedLog final : public HookedLog {
 public:
  CountedLog(std::unique_ptr<rocksdb::FSWritableFile> file, WalSpareFileSystem* spares,
             std::shared_ptr<WalSpareFileSystem::LiveLog> live)
      : HookedLog(std::move(file)), spares_(spares), live_(std::move(live)) {}
  ~CountedLog() override {
    if (live_) spares_->LiveLogClosed(*live_);
  }

  rocksdb::IOStatus Close(const rocksdb::IOOptions& options,
                          rocksdb::IODebugContext* debug) override {
    if (live_) spares_->LiveLogClosed(*live_);
    return HookedLog::Close(options, debug);
  }

 private:
  rocksdb::IOStatus Appending(const rocksdb::Slice& data,
                              absl::FunctionRef<rocksdb::IOStatus()> append) override {
    const uint64_t end = spares_->LiveLogGrew(data.size());
    return live_ ? spares_->AppendToLive(*live_, end, append) : append();
  }

  WalSpareFileSystem* const spares_;
  const std::shared_ptr<WalSpareFileSystem::LiveLog> live_;
};

// Writes `bytes` (at most a chunk) of zeros at `offset` of `path`, and syncs them.
bool WriteZeros(const std::string& path, uint64_t offset, size_t bytes) {
  static const std::string* const zeros = new std::string(kChunkBytes, '\0');
  const int fd = open(path.c_str(), O_WRONLY | O_CLOEXEC);
  if (fd < 0) return false;
  ssize_t wrote;
  do {
    wrote = pwrite(fd, zeros->data(), bytes, static_cast<off_t>(offset));
  } while (wrote < 0 && errno == EINTR);
  const bool written = wrote == static_cast<ssize_t>(bytes) && fdatasync(fd) == 0;
  close(fd);
  return written;
}

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
  std::shared_ptr<LiveLog> live;
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
    live_.reset();
    if (took) {
      live = std::make_shared<LiveLog>();
      live->path = name;
      live->zeroed_end = static_cast<uint64_t>(spare_bytes_);
      live_ = live;
    }
  }
  if (took) ++logs_from_spares_;
  rocksdb::IOStatus status =
      took ? rocksdb::IOStatus::OK() : target()->NewWritableFile(name, options, file, debug);
  if (status.ok()) {
    *file = std::make_unique<CountedLog>(std::move(*file), this, std::move(live));
    if (on_log_) on_log_(took);
  }
  return status;
}

uint64_t WalSpareFileSystem::LiveLogGrew(uint64_t bytes) {
  const uint64_t mark = static_cast<uint64_t>(spare_bytes_ / 16);
  const uint64_t total = live_log_bytes_.fetch_add(bytes) + bytes;
  // Past the mark every append would otherwise write the flag again: read it first.
  if (total < mark || wanted_.load() || wanted_.exchange(true)) return total;
  absl::MutexLock lock(&mu_);  // the writer's condition is looked at again on unlock
  return total;
}

rocksdb::IOStatus WalSpareFileSystem::AppendToLive(LiveLog& log, uint64_t end,
                                                  absl::FunctionRef<rocksdb::IOStatus()> append) {
  const uint64_t zeroed = log.zeroed_end.load(std::memory_order_acquire);
  // Within an eighth of a spare of the zeros' end: ask for more (once).
  if (end + static_cast<uint64_t>(spare_bytes_ / 8) > zeroed && !log.no_more_zeros.load() &&
      !extension_wanted_.load() && !extension_wanted_.exchange(true)) {
    absl::MutexLock lock(&mu_);  // the writer's condition is looked at again on unlock
  }
  if (end <= zeroed) return append();  // over zeros: the usual case, no lock
  // Past the zeros: never while zeros are being written there.
  absl::MutexLock lock(&mu_);
  mu_.Await(absl::Condition(
      +[](LiveLog* live) { return !live->writing_zeros; }, &log));
  const bool over_zeros = end <= log.zeroed_end.load(std::memory_order_relaxed);
  rocksdb::IOStatus status = append();
  if (status.ok()) {
    if (!over_zeros) {
      ++appends_past_zeros_;
      log.zeroed_end.store(end, std::memory_order_release);  // zeros go after this
      // And now, none being ahead (the writer sees it as mu_ is released).
      if (!log.no_more_zeros) extension_wanted_ = true;
    }
  }
  return status;
}

// Before RocksDB closes (and truncates) the log: no zeros are written after that.
void WalSpareFileSystem::LiveLogClosed(LiveLog& log) {
  absl::MutexLock lock(&mu_);
  mu_.Await(absl::Condition(
      +[](LiveLog* live) { return !live->writing_zeros; }, &log));
  log.closed = true;
  if (live_.get() == &log) live_.reset();
}

int64_t WalSpareFileSystem::live_log_zeroed_bytes() const {
  absl::MutexLock lock(&mu_);
  return live_ ? static_cast<int64_t>(live_->zeroed_end.load()) : 0;
}

// Writer thread, mu_ held: a quarter spare of zeros past the live log's, a chunk at a
// time, each published once synced (appends waiting at the end go on between chunks).
void WalSpareFileSystem::ExtendLiveLog() {
  extension_wanted_ = false;
  const std::shared_ptr<LiveLog> log = live_;
  const uint64_t extension = static_cast<uint64_t>(std::max<int64_t>(spare_bytes_ / 4, 1));
  // Not for a log RocksDB has left (it may keep it open a while after starting the next).
  for (uint64_t done = 0; log && live_ == log && done < extension && !log->closed && !stop_;) {
    const uint64_t start = log->zeroed_end.load(std::memory_order_relaxed);
    const uint64_t size = std::min<uint64_t>(extension - done, kChunkBytes);
    log->writing_zeros = true;
    mu_.Unlock();
    const bool written = WriteZeros(log->path, start, static_cast<size_t>(size));
    mu_.Lock();
    log->writing_zeros = false;
    if (!written) {  // a full disk, most likely: appends grow this log from now on
      log->no_more_zeros = true;
      return;
    }
    log->zeroed_end.store(start + size, std::memory_order_release);
    done += size;
  }
}

void WalSpareFileSystem::WriterLoop() {
  absl::MutexLock lock(&mu_);
  while (true) {
    mu_.Await(absl::Condition(
        +[](WalSpareFileSystem* fs) ABSL_EXCLUSIVE_LOCKS_REQUIRED(fs->mu_) {
          return fs->stop_ || fs->extension_wanted_.load() || (fs->wanted_ && !fs->ready_);
        },
        this));
    if (stop_) return;
    if (extension_wanted_) {  // the live log first: it is being written now
      ExtendLiveLog();
      continue;
    }
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
