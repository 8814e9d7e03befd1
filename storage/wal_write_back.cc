#include "storage/wal_write_back.h"

namespace innoledger::storage {
namespace {

constexpr uint64_t kPageBytes = 4096;

class WriteBackLog final : public rocksdb::FSWritableFileOwnerWrapper {
 public:
  explicit WriteBackLog(std::unique_ptr<rocksdb::FSWritableFile> file)
      : FSWritableFileOwnerWrapper(std::move(file)) {}

  rocksdb::IOStatus Append(const rocksdb::Slice& data, const rocksdb::IOOptions& options,
                           rocksdb::IODebugContext* debug) override {
    rocksdb::IOStatus appended = FSWritableFileOwnerWrapper::Append(data, options, debug);
    if (appended.ok()) StartWriteBack(data.size());
    return appended;
  }
  rocksdb::IOStatus Append(const rocksdb::Slice& data, const rocksdb::IOOptions& options,
                           const rocksdb::DataVerificationInfo& info,
                           rocksdb::IODebugContext* debug) override {
    rocksdb::IOStatus appended = FSWritableFileOwnerWrapper::Append(data, options, info, debug);
    if (appended.ok()) StartWriteBack(data.size());
    return appended;
  }

 private:
  // From the start of the page the append began in: the last append's final page was
  // partial, and this one wrote into it again. A failure here is only a missed head
  // start: the fdatasync that makes the bytes durable reports the disk's errors.
  void StartWriteBack(size_t bytes) {
    const uint64_t from = appended_ & ~(kPageBytes - 1);
    appended_ += bytes;
    target()->RangeSync(from, appended_ - from, rocksdb::IOOptions(), nullptr)
        .PermitUncheckedError();
  }

  uint64_t appended_ = 0;  // logs are written from their first byte, new or spare
};

}  // namespace

std::unique_ptr<rocksdb::FSWritableFile> WalWriteBackFileSystem::WrapLog(
    const std::string&, std::unique_ptr<rocksdb::FSWritableFile> log) {
  return std::make_unique<WriteBackLog>(std::move(log));
}

}  // namespace innoledger::storage
