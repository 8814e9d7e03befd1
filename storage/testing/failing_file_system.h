#ifndef INNOLEDGER_STORAGE_TESTING_FAILING_FILE_SYSTEM_H_
#define INNOLEDGER_STORAGE_TESTING_FAILING_FILE_SYSTEM_H_

#include <atomic>
#include <memory>

#include "rocksdb/file_system.h"

namespace innoledger::storage::testing {

// The real file system, except that once fail_writes is set every append and sync of a
// write-ahead log fails with an I/O error — a disk that died under the ledger — and while
// fail_table_reads is set every read of a table file (*.sst) fails: a bad sector.
class FailingFileSystem : public rocksdb::FileSystemWrapper {
 public:
  FailingFileSystem() : FileSystemWrapper(rocksdb::FileSystem::Default()) {}
  const char* Name() const override { return "FailingFileSystem"; }

  rocksdb::IOStatus NewWritableFile(const std::string& name, const rocksdb::FileOptions& options,
                                    std::unique_ptr<rocksdb::FSWritableFile>* file,
                                    rocksdb::IODebugContext* debug) override;
  // How WalSpareFileSystem opens a log.
  rocksdb::IOStatus ReuseWritableFile(const std::string& name, const std::string& old_name,
                                      const rocksdb::FileOptions& options,
                                      std::unique_ptr<rocksdb::FSWritableFile>* file,
                                      rocksdb::IODebugContext* debug) override;

  rocksdb::IOStatus NewRandomAccessFile(const std::string& name,
                                        const rocksdb::FileOptions& options,
                                        std::unique_ptr<rocksdb::FSRandomAccessFile>* file,
                                        rocksdb::IODebugContext* debug) override;

  std::atomic<bool> fail_writes{false};
  std::atomic<bool> fail_table_reads{false};

 private:
  rocksdb::IOStatus WrapLog(const std::string& name, rocksdb::IOStatus opened,
                            std::unique_ptr<rocksdb::FSWritableFile>* file);
};

}  // namespace innoledger::storage::testing

#endif  // INNOLEDGER_STORAGE_TESTING_FAILING_FILE_SYSTEM_H_
