#include "storage/db.h"

#include <algorithm>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "absl/synchronization/mutex.h"
#include "rocksdb/db.h"
#include "rocksdb/file_system.h"
#include "rocksdb/metadata.h"
#include "storage/format.h"
#include "storage/log_file_system.h"
#include "storage/testing/ledger_fixture.h"
#include "storage/wal_progress.h"

namespace innoledger::storage {
namespace {

std::set<std::string> JournalTables(Db& db) {
  std::vector<rocksdb::LiveFileMetaData> files;
  db.raw()->GetLiveFilesMetaData(&files);
  std::set<std::string> names;
  for (const auto& file : files) {
    if (file.column_family_name == format::CfName(format::kJournal)) names.insert(file.name);
  }
  return names;
}

uint64_t Property(Db& db, const std::string& name) {
  uint64_t value = 0;
  EXPECT_TRUE(db.raw()->GetIntProperty(db.handle(format::kJournal), name, &value)) << name;
  return value;
}

// Journal keys only grow, so a flushed journal table lies over nothing older. RocksDB 7.8
// rewrote such a table as soon as the oldest snapshot moved past it (to zero its sequence
// numbers), and the sequencer moves its snapshot every batch: the journal was written to
// disk twice. Here snapshots move as the sequencer moves them, and the table stays.
TEST(Db, AFlushedJournalTableIsNotRewrittenWhenSnapshotsMoveOn) {
  testing::TempDir dir;
  Db::Options options;
  options.path = dir.path();
  auto db = Db::Open(options);
  ASSERT_TRUE(db.ok()) << db.status();
  auto write_batch = [&](int batch) {
    rocksdb::WriteBatch write;
    for (int i = 0; i < 100; ++i) {
      const uint64_t sequence = static_cast<uint64_t>(batch) * 100 + i + 1;
      ASSERT_TRUE(write.Put((*db)->handle(format::kJournal),
                            format::JournalKey("changji", sequence),
                            std::string(200, 'e')).ok());
    }
    ASSERT_TRUE((*db)->WriteSynced(&write).ok());
  };
  std::shared_ptr<const rocksdb::Snapshot> durable;
  for (int batch = 0; batch < 5; ++batch) {
    write_batch(batch);
    durable = (*db)->TakeSnapshot();
  }
  ASSERT_TRUE((*db)->raw()->Flush(rocksdb::FlushOptions(), (*db)->handle(format::kJournal)).ok());
  const std::set<std::string> flushed = JournalTables(**db);
  ASSERT_EQ(flushed.size(), 1u);

  // Later batches, each releasing the snapshot before it: the oldest snapshot passes
  // everything in the flushed table.
  for (int batch = 5; batch < 10; ++batch) {
    write_batch(batch);
    durable = (*db)->TakeSnapshot();
  }
  durable.reset();

  // A rewrite would now be queued, running, or done (the table replaced); none of them.
  EXPECT_EQ(Property(**db, "rocksdb.compaction-pending"), 0u);
  EXPECT_EQ(Property(**db, "rocksdb.num-running-compactions"), 0u);
  EXPECT_EQ(JournalTables(**db), flushed);
}

// What RocksDB did to its write-ahead logs, as the file system saw it.
class LogRecorder : public LogWrappingFileSystem {
 public:
  LogRecorder() : LogWrappingFileSystem(rocksdb::FileSystem::Default()) {}
  const char* Name() const override { return "LogRecorder"; }

  struct Log {
    uint64_t appended = 0;     // bytes
    uint64_t written_back = 0;  // end of the furthest range handed to write-back
    int syncs = 0;
  };

  Log live_log() {
    absl::MutexLock lock(&mu_);
    return logs_[last_log_];
  }

 protected:
  std::unique_ptr<rocksdb::FSWritableFile> WrapLog(
      const std::string& name, std::unique_ptr<rocksdb::FSWritableFile> log) override {
    absl::MutexLock lock(&mu_);
    last_log_ = name;
    return std::make_unique<Recorded>(std::move(log), this, name);
  }

 private:
  class Recorded final : public HookedLog {
   public:
    Recorded(std::unique_ptr<rocksdb::FSWritableFile> file, LogRecorder* recorder, std::string name)
        : HookedLog(std::move(file)), recorder_(recorder), name_(std::move(name)) {}
    rocksdb::IOStatus RangeSync(uint64_t offset, uint64_t bytes, const rocksdb::IOOptions& options,
                                rocksdb::IODebugContext* debug) override {
      recorder_->Update(name_, [&](Log& log) {
        log.written_back = std::max(log.written_back, offset + bytes);
      });
      return FSWritableFileOwnerWrapper::RangeSync(offset, bytes, options, debug);
    }

   private:
    rocksdb::IOStatus Appending(const rocksdb::Slice& data,
                                absl::FunctionRef<rocksdb::IOStatus()> append) override {
      recorder_->Update(name_, [&](Log& log) { log.appended += data.size(); });
      return append();
    }
    rocksdb::IOStatus Syncing(absl::FunctionRef<rocksdb::IOStatus()> sync) override {
      recorder_->Update(name_, [&](Log& log) { ++log.syncs; });
      return sync();
    }

    LogRecorder* const recorder_;
    const std::string name_;
  };

  template <typename F>
  void Update(const std::string& name, F update) {
    absl::MutexLock lock(&mu_);
    update(logs_[name]);
  }

  absl::Mutex mu_;
  std::map<std::string, Log> logs_;
  std::string last_log_;
};

// What a write's thread hears while it listens to its log appends (ListenToWalAppends).
struct HeardAppends final : WalAppendListener {
  bool OnWalAppended() override {
    ++told;
    appended_when_told = recorder->live_log().appended;
    counted_when_told = db->wal_appended_bytes();
    in_memtable_when_told = db->Get(format::kJournal, key).value().has_value();
    return sync_begins;
  }
  LogRecorder* recorder = nullptr;
  Db* db = nullptr;
  std::string key;
  bool sync_begins = false;  // what the listener answers
  int told = 0;
  uint64_t appended_when_told = 0, counted_when_told = 0;
  bool in_memtable_when_told = true;
};

// The syncer's fdatasync should begin while RocksDB still fills the memtables, and find a
// batch's log bytes already on their way to the disk when it cannot begin at once: each
// unsynced write counts what it appended and tells its thread, before the memtables have
// the batch and before any sync, then starts the bytes' disk write unless told a sync
// begins at once.
TEST(Db, AnUnsyncedWriteTellsItsThreadBeforeTheMemtablesAndStartsItsDiskWriteUnlessASyncBegins) {
  for (int64_t spare_bytes : {int64_t{0}, int64_t{1} << 20}) {
    SCOPED_TRACE(spare_bytes > 0 ? "log from a spare" : "new log");
    testing::TempDir dir;
    auto recorder = std::make_shared<LogRecorder>();
    Db::Options options;
    options.path = dir.path();
    options.file_system = recorder;
    options.wal_spare_bytes = spare_bytes;
    auto db = Db::Open(options);
    ASSERT_TRUE(db.ok()) << db.status();
    const int syncs_at_open = recorder->live_log().syncs;
    LogRecorder::Log before = recorder->live_log();
    for (int batch = 1; batch <= 6; ++batch) {
      SCOPED_TRACE(absl::StrCat("batch ", batch));
      const uint64_t counted = (*db)->wal_appended_bytes();
      HeardAppends heard;
      heard.recorder = recorder.get();
      heard.db = db->get();
      heard.key = format::JournalKey("changji", batch);
      heard.sync_begins = batch % 2 == 0;
      rocksdb::WriteBatch write;
      ASSERT_TRUE(write.Put((*db)->handle(format::kJournal), heard.key,
                            std::string(100 * batch, 'e')).ok());
      {
        ListenToWalAppends listen(&heard);
        ASSERT_TRUE((*db)->WriteUnsynced(&write).ok());
      }
      const LogRecorder::Log log = recorder->live_log();
      EXPECT_GT(log.appended, before.appended);
      EXPECT_EQ(heard.told, 1);
      EXPECT_EQ(heard.appended_when_told, log.appended);
      EXPECT_EQ(heard.counted_when_told - counted, log.appended - before.appended);
      EXPECT_FALSE(heard.in_memtable_when_told);
      if (heard.sync_begins) {
        EXPECT_EQ(log.written_back, before.written_back) << "the sync that begins writes them";
      } else {
        EXPECT_GE(log.written_back, log.appended);
      }
      EXPECT_EQ(log.syncs, syncs_at_open);
      before = log;
    }
    // Another thread's write is not this thread's to hear, and with no one listening its
    // disk write starts at once.
    HeardAppends unheard;
    unheard.sync_begins = true;
    {
      ListenToWalAppends listen(&unheard);
      std::thread([&] {
        rocksdb::WriteBatch write;
        ASSERT_TRUE(write.Put((*db)->handle(format::kJournal), format::JournalKey("changji", 7),
                              "e").ok());
        ASSERT_TRUE((*db)->WriteUnsynced(&write).ok());
      }).join();
    }
    EXPECT_EQ(unheard.told, 0);
    const LogRecorder::Log log = recorder->live_log();
    EXPECT_GT(log.appended, before.appended);
    EXPECT_GE(log.written_back, log.appended);
    ASSERT_TRUE((*db)->SyncWal().ok());
    EXPECT_EQ(recorder->live_log().syncs, syncs_at_open + 1);
  }
}

}  // namespace
}  // namespace innoledger::storage
