#include "storage/wal_progress.h"

namespace innoledger::storage {
namespace {

constexpr uint64_t kPageBytes = 4096;

thread_local WalAppendListener* listener = nullptr;

class ProgressLog final : public HookedLog {
 public:
  ProgressLog(std::unique_ptr<rocksdb::FSWritableFile> file,
              std::shared_ptr<std::atomic<uint64_t>> appended)
      : HookedLog(std::move(file)), appended_(std::move(appended)) {}

 private:
  // Counted only once the bytes are in the OS, so that a sync begun after reading the
  // count finds them there. A failed append is not counted: the write fails, and so does
  // every batch after it.
  rocksdb::IOStatus Appending(const rocksdb::Slice& data,
                              absl::FunctionRef<rocksdb::IOStatus()> append) override {
    rocksdb::IOStatus status = append();
    if (!status.ok()) return status;
    const size_t bytes = data.size();
    appended_->fetch_add(bytes, std::memory_order_release);
    // From the start of the page the append began in: the last append's final page was
    // partial, and this one wrote into it again.
    const uint64_t from = in_log_ & ~(kPageBytes - 1);
    in_log_ += bytes;
    const bool sync_begins = listener != nullptr && listener->OnWalAppended();
    if (!sync_begins) {
      // A failure here is only a missed head start: the fdatasync reports the disk's errors.
      target()->RangeSync(from, in_log_ - from, rocksdb::IOOptions(), nullptr)
          .PermitUncheckedError();
    }
    return status;
  }

  const std::shared_ptr<std::atomic<uint64_t>> appended_;
  uint64_t in_log_ = 0;  // logs are written from their first byte, new or spare
};

}  // namespace

ListenToWalAppends::ListenToWalAppends(WalAppendListener* l) : previous_(listener) {
  listener = l;
}

ListenToWalAppends::~ListenToWalAppends() { listener = previous_; }

std::unique_ptr<rocksdb::FSWritableFile> WalProgressFileSystem::WrapLog(
    const std::string&, std::unique_ptr<rocksdb::FSWritableFile> log) {
  return std::make_unique<ProgressLog>(std::move(log), appended_);
}

}  // namespace innoledger::storage
