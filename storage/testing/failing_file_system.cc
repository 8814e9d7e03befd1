#include "storage/testing/failing_file_system.h"

#include "absl/strings/match.h"

namespace innoledger::storage::testing {
namespace {

class FailingLog final : public HookedLog {
 public:
  FailingLog(std::unique_ptr<rocksdb::FSWritableFile> file, const std::atomic<bool>* fail)
      : HookedLog(std::move(file)), fail_(fail) {}

 private:
  rocksdb::IOStatus Appending(const rocksdb::Slice&,
                              absl::FunctionRef<rocksdb::IOStatus()> append) override {
    if (*fail_) return rocksdb::IOStatus::IOError("injected append failure");
    return append();
  }
  rocksdb::IOStatus Syncing(absl::FunctionRef<rocksdb::IOStatus()> sync) override {
    if (*fail_) return rocksdb::IOStatus::IOError("injected sync failure");
    return sync();
  }

  const std::atomic<bool>* fail_;
};

class FailingTable : public rocksdb::FSRandomAccessFileOwnerWrapper {
 public:
  FailingTable(std::unique_ptr<rocksdb::FSRandomAccessFile> file, const std::atomic<bool>* fail)
      : FSRandomAccessFileOwnerWrapper(std::move(file)), fail_(fail) {}

  rocksdb::IOStatus Read(uint64_t offset, size_t n, const rocksdb::IOOptions& options,
                         rocksdb::Slice* result, char* scratch,
                         rocksdb::IODebugContext* debug) const override {
    if (*fail_) return rocksdb::IOStatus::IOError("injected read failure");
    return FSRandomAccessFileOwnerWrapper::Read(offset, n, options, result, scratch, debug);
  }
  rocksdb::IOStatus MultiRead(rocksdb::FSReadRequest* requests, size_t count,
                              const rocksdb::IOOptions& options,
                              rocksdb::IODebugContext* debug) override {
    if (*fail_) return rocksdb::IOStatus::IOError("injected read failure");
    return FSRandomAccessFileOwnerWrapper::MultiRead(requests, count, options, debug);
  }

 private:
  const std::atomic<bool>* fail_;
};

}  // namespace

rocksdb::IOStatus FailingFileSystem::NewRandomAccessFile(
    const std::string& name, const rocksdb::FileOptions& options,
    std::unique_ptr<rocksdb::FSRandomAccessFile>* file, rocksdb::IODebugContext* debug) {
  rocksdb::IOStatus opened = target()->NewRandomAccessFile(name, options, file, debug);
  if (opened.ok() && absl::EndsWith(name, ".sst")) {
    *file = std::make_unique<FailingTable>(std::move(*file), &fail_table_reads);
  }
  return opened;
}

std::unique_ptr<rocksdb::FSWritableFile> FailingFileSystem::WrapLog(
    const std::string&, std::unique_ptr<rocksdb::FSWritableFile> log) {
  return std::make_unique<FailingLog>(std::move(log), &fail_writes);
}

}  // namespace innoledger::storage::testing
