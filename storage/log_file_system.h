#ifndef INNOLEDGER_STORAGE_LOG_FILE_SYSTEM_H_
#define INNOLEDGER_STORAGE_LOG_FILE_SYSTEM_H_

#include <memory>
#include <string>

#include "absl/functional/function_ref.h"
#include "absl/strings/match.h"
#include "rocksdb/file_system.h"

namespace innoledger::storage {

// A write-ahead log with one place around its appends and one around its syncs: RocksDB
// calls either of two Append overloads, and Sync or Fsync, and a wrapper that watched only
// one of each would miss the other. Appending() and Syncing() get the call to make, and
// may make it, refuse, or do something before or after it.
class HookedLog : public rocksdb::FSWritableFileOwnerWrapper {
 public:
  using FSWritableFileOwnerWrapper::FSWritableFileOwnerWrapper;

  rocksdb::IOStatus Append(const rocksdb::Slice& data, const rocksdb::IOOptions& options,
                           rocksdb::IODebugContext* debug) final {
    return Appending(data, [&] { return FSWritableFileOwnerWrapper::Append(data, options, debug); });
  }
  rocksdb::IOStatus Append(const rocksdb::Slice& data, const rocksdb::IOOptions& options,
                           const rocksdb::DataVerificationInfo& info,
                           rocksdb::IODebugContext* debug) final {
    return Appending(data, [&] {
      return FSWritableFileOwnerWrapper::Append(data, options, info, debug);
    });
  }
  rocksdb::IOStatus Sync(const rocksdb::IOOptions& options, rocksdb::IODebugContext* debug) final {
    return Syncing([&] { return FSWritableFileOwnerWrapper::Sync(options, debug); });
  }
  rocksdb::IOStatus Fsync(const rocksdb::IOOptions& options, rocksdb::IODebugContext* debug) final {
    return Syncing([&] { return FSWritableFileOwnerWrapper::Fsync(options, debug); });
  }

 protected:
  virtual rocksdb::IOStatus Appending(const rocksdb::Slice& data,
                                      absl::FunctionRef<rocksdb::IOStatus()> append) {
    (void)data;
    return append();
  }
  virtual rocksdb::IOStatus Syncing(absl::FunctionRef<rocksdb::IOStatus()> sync) { return sync(); }
};

// A file system that puts its own wrapper around every write-ahead log RocksDB opens,
// whether new or renamed from an old file (as WalSpareFileSystem opens its spares), and
// leaves every other file alone.
class LogWrappingFileSystem : public rocksdb::FileSystemWrapper {
 public:
  using FileSystemWrapper::FileSystemWrapper;

  rocksdb::IOStatus NewWritableFile(const std::string& name, const rocksdb::FileOptions& options,
                                    std::unique_ptr<rocksdb::FSWritableFile>* file,
                                    rocksdb::IODebugContext* debug) final {
    return Wrap(name, target()->NewWritableFile(name, options, file, debug), file);
  }
  rocksdb::IOStatus ReuseWritableFile(const std::string& name, const std::string& old_name,
                                      const rocksdb::FileOptions& options,
                                      std::unique_ptr<rocksdb::FSWritableFile>* file,
                                      rocksdb::IODebugContext* debug) final {
    return Wrap(name, target()->ReuseWritableFile(name, old_name, options, file, debug), file);
  }

 protected:
  virtual std::unique_ptr<rocksdb::FSWritableFile> WrapLog(
      const std::string& name, std::unique_ptr<rocksdb::FSWritableFile> log) = 0;

 private:
  rocksdb::IOStatus Wrap(const std::string& name, rocksdb::IOStatus opened,
                         std::unique_ptr<rocksdb::FSWritableFile>* file) {
    if (opened.ok() && absl::EndsWith(name, ".log")) *file = WrapLog(name, std::move(*file));
    return opened;
  }
};

}  // namespace innoledger::storage

#endif  // INNOLEDGER_STORAGE_LOG_FILE_SYSTEM_H_
