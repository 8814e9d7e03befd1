#ifndef INNOLEDGER_STORAGE_TESTING_FAILING_FILE_SYSTEM_H_
#define INNOLEDGER_STORAGE_TESTING_FAILING_FILE_SYSTEM_H_

#include <atomic>
#include <memory>

#include "rocksdb/file_system.h"
#include "storage/log_file_system.h"

namespace innoledger::storage::testing {

// The real file system, except that once fail_writes is set every append and sync of a
// write-ahead log fails with an I/O error — a disk that died under the ledger — and while
// fail_table_reads is set every read of a table file (*.sst) fails: a bad sector.
class FailingFileSystem : public LogWrappingFileSystem {
 public:
  FailingFileSystem() : LogWrappingFileSystem(rocksdb::FileSystem::Default()) {}
  const char* Name() const override { return "FailingFileSystem"; }

  rocksdb::IOStatus NewRandomAccessFile(const std::string& name,
                                        const rocksdb::FileOptions& options,
                                        std::unique_ptr<rocksdb::FSRandomAccessFile>* file,
                                        rocksdb::IODebugContext* debug) override;

  std::atomic<bool> fail_writes{false};
  std::atomic<bool> fail_table_reads{false};

 protected:
  std::unique_ptr<rocksdb::FSWritableFile> WrapLog(
      const std::string& name, std::unique_ptr<rocksdb::FSWritableFile> log) override;
};

}  // namespace innoledger::storage::testing

#endif  // INNOLEDGER_STORAGE_TESTING_FAILING_FILE_SYSTEM_H_
