#include "storage/wal_spares.h"

#include <filesystem>
#include <fstream>
#include <iterator>
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/str_format.h"
#include "absl/time/clock.h"
#include "gtest/gtest.h"
#include "rocksdb/db.h"
#include "rocksdb/env.h"
#include "rocksdb/write_batch.h"
#include "common/errors.h"
#include "gmock/gmock.h"
#include "storage/testing/ledger_fixture.h"

namespace innoledger::storage {
namespace {

namespace fs = std::filesystem;

constexpr int64_t kSpareBytes = int64_t{1} << 20;

// RocksDB on `file_system`, with memtables small enough that it starts a new log every few
// hundred writes below.
struct OpenDb {
  OpenDb(const std::string& dir, std::shared_ptr<rocksdb::FileSystem> file_system,
         size_t write_buffer_bytes = 256 << 10)
      : env(rocksdb::NewCompositeEnv(std::move(file_system))) {
    rocksdb::Options options;
    options.create_if_missing = true;
    options.write_buffer_size = write_buffer_bytes;
    options.env = env.get();
    rocksdb::DB* raw = nullptr;
    rocksdb::Status opened = rocksdb::DB::Open(options, dir, &raw);
    EXPECT_TRUE(opened.ok()) << opened.ToString();
    db.reset(raw);
  }
  ~OpenDb() {
    if (db) {
      EXPECT_TRUE(db->Close().ok());
    }
  }
  std::unique_ptr<rocksdb::Env> env;
  std::unique_ptr<rocksdb::DB> db;
};

std::string Key(int i) { return absl::StrFormat("key%06d", i); }
std::string Value(int i) { return std::string(200, static_cast<char>('a' + i % 26)); }

void PutSynced(rocksdb::DB& db, int i) {
  rocksdb::WriteOptions sync;
  sync.sync = true;
  ASSERT_TRUE(db.Put(sync, Key(i), Value(i)).ok());
}

std::string ReadFile(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

// The newest write-ahead log in `dir`.
fs::path NewestLog(const std::string& dir) {
  fs::path newest;
  for (const auto& file : fs::directory_iterator(dir)) {
    if (file.path().extension() == ".log" &&
        (newest.empty() || file.path().filename() > newest.filename())) {
      newest = file.path();
    }
  }
  return newest;
}

// Copies what a killed process leaves (every file as the page cache has it) into `image`.
void CopyCrashImage(rocksdb::DB& db, const std::string& dir, const std::string& image) {
  ASSERT_TRUE(db.PauseBackgroundWork().ok());
  for (const auto& file : fs::directory_iterator(dir)) {
    if (file.path().filename() == "LOCK") continue;
    fs::copy_file(file.path(), fs::path(image) / file.path().filename());
  }
  ASSERT_TRUE(db.ContinueBackgroundWork().ok());
}

// RocksDB itself (without spares) opens `dir` and finds writes 0 .. written-1.
void ExpectEveryWriteIn(const std::string& dir, int written) {
  OpenDb reopened(dir, rocksdb::FileSystem::Default(), 64 << 20);
  ASSERT_NE(reopened.db, nullptr);
  for (int i = 0; i < written; ++i) {
    std::string value;
    ASSERT_TRUE(reopened.db->Get({}, Key(i), &value).ok()) << Key(i) << " of " << written;
    EXPECT_EQ(value, Value(i));
  }
}

TEST(WalSpares, LogsStartAsSparesAndACrashImageReplaysEverySyncedWrite) {
  testing::TempDir dir, image;
  auto spares = std::make_shared<WalSpareFileSystem>(rocksdb::FileSystem::Default(), dir.path(),
                                                     kSpareBytes);
  ASSERT_TRUE(spares->PrepareFirst().ok());
  OpenDb open(dir.path(), spares);
  ASSERT_NE(open.db, nullptr);
  EXPECT_EQ(spares->logs_from_spares(), 1);  // the log RocksDB started as it opened
  // Until two more logs began as spares (the next spare is written in the background,
  // so a log may start before it is ready). A write that fills the memtable starts a log
  // and goes into it: the last write is in the newest log, which began as a spare.
  int written = 0;
  while (spares->logs_from_spares() < 3 && written < 100'000) PutSynced(*open.db, written++);
  ASSERT_EQ(spares->logs_from_spares(), 3) << "after " << written << " writes";

  // The live log of a crash image: its records followed by the rest of the spare's zeros.
  CopyCrashImage(*open.db, dir.path(), image.path());
  const std::string live_log = ReadFile(NewestLog(image.path()));
  ASSERT_EQ(static_cast<int64_t>(live_log.size()), kSpareBytes);
  EXPECT_NE(live_log.substr(0, 7), std::string(7, '\0'));  // it holds records
  EXPECT_EQ(live_log.substr(live_log.size() - 4096), std::string(4096, '\0'));

  // RocksDB itself, without spares, replays it.
  ExpectEveryWriteIn(image.path(), written);
}

// Logs that begin as 1 MiB spares, memtables too large to switch logs: the first log
// outgrows its spare.
struct Outgrown {
  Outgrown()
      : spares(std::make_shared<WalSpareFileSystem>(rocksdb::FileSystem::Default(),
                                                    dir.path(), kSpareBytes)),
        prepared(spares->PrepareFirst().ok()),
        open(dir.path(), spares, 64 << 20) {}
  testing::TempDir dir, image;
  std::shared_ptr<WalSpareFileSystem> spares;
  bool prepared;
  OpenDb open;
};

// A log that outgrows its spare (memtables too large to switch logs here) keeps being
// written over zeros: the file system writes them ahead while RocksDB appends, so no sync
// has to write the file's size and extents. The writes are paced to give the zeros time.
TEST(WalSpares, ALogThatOutgrowsItsSpareIsWrittenOverZerosWrittenAhead) {
  Outgrown db;
  ASSERT_TRUE(db.prepared);
  ASSERT_NE(db.open.db, nullptr);
  WalSpareFileSystem* spares = db.spares.get();
  int written = 0;
  while (spares->live_log_appended_bytes() < 3 * kSpareBytes) {
    PutSynced(*db.open.db, written++);
    const absl::Time deadline = absl::Now() + absl::Seconds(10);
    while (spares->live_log_zeroed_bytes() - spares->live_log_appended_bytes() < (64 << 10)) {
      ASSERT_LT(absl::Now(), deadline) << "no zeros ahead after " << written << " writes";
      absl::SleepFor(absl::Milliseconds(1));
    }
  }
  EXPECT_EQ(spares->appends_past_zeros(), 0);
  EXPECT_EQ(spares->logs_from_spares(), 1);  // still the first log
  // The zeros are in the file, past every record.
  const std::string log = ReadFile(NewestLog(db.dir.path()));
  const int64_t appended = spares->live_log_appended_bytes();
  ASSERT_GE(static_cast<int64_t>(log.size()), appended + (64 << 10));
  EXPECT_EQ(log.substr(appended), std::string(log.size() - appended, '\0'));
  CopyCrashImage(*db.open.db, db.dir.path(), db.image.path());
  ExpectEveryWriteIn(db.image.path(), written);
}

// Batches larger than the zeros written ahead of them (~460 KB against at most 384 KiB)
// overtake the zeros and grow the log themselves; the zeros that follow start after them,
// never over a record. Every write replays from a crash image (the last batch is synced).
TEST(WalSpares, AppendsThatOvertakeTheZerosLoseNothing) {
  Outgrown db;
  ASSERT_TRUE(db.prepared);
  ASSERT_NE(db.open.db, nullptr);
  WalSpareFileSystem* spares = db.spares.get();
  // Made first and written back to back, so that appends come while zeros are written.
  std::vector<rocksdb::WriteBatch> batches(10);
  int written = 0;
  for (rocksdb::WriteBatch& batch : batches) {
    for (int i = 0; i < 2000; ++i, ++written) ASSERT_TRUE(batch.Put(Key(written), Value(written)).ok());
  }
  for (size_t i = 0; i < batches.size(); ++i) {
    rocksdb::WriteOptions options;
    options.sync = i + 1 == batches.size();
    ASSERT_TRUE(db.open.db->Write(options, &batches[i]).ok());
  }
  EXPECT_GT(spares->appends_past_zeros(), 0);
  // After an append that overtook them, zeros are written ahead again.
  const absl::Time deadline = absl::Now() + absl::Seconds(10);
  while (spares->live_log_zeroed_bytes() <= spares->live_log_appended_bytes()) {
    ASSERT_LT(absl::Now(), deadline) << "no zeros ahead after the last batch";
    absl::SleepFor(absl::Milliseconds(1));
  }
  CopyCrashImage(*db.open.db, db.dir.path(), db.image.path());
  ExpectEveryWriteIn(db.image.path(), written);
}

TEST(WalSpares, ADatabaseThatWritesLittleWritesNoSecondSpare) {
  testing::TempDir dir;
  auto spares = std::make_shared<WalSpareFileSystem>(rocksdb::FileSystem::Default(), dir.path(),
                                                     kSpareBytes);
  ASSERT_TRUE(spares->PrepareFirst().ok());
  const fs::path spare = fs::path(dir.path()) / WalSpareFileSystem::kSpareName;
  {
    OpenDb open(dir.path(), spares);
    ASSERT_NE(open.db, nullptr);
    EXPECT_FALSE(fs::exists(spare));  // taken by the first log
    for (int i = 0; i < 20; ++i) PutSynced(*open.db, i);  // 4 KB, far below the mark
    EXPECT_FALSE(spares->spare_wanted());
    EXPECT_FALSE(fs::exists(spare));
  }
  spares.reset();
  OpenDb reopened(dir.path(), rocksdb::FileSystem::Default());
  std::string value;
  EXPECT_TRUE(reopened.db->Get({}, Key(19), &value).ok());
}

TEST(WalSpares, ASpareLeftByACrashIsDeletedNotUsed) {
  testing::TempDir dir;
  const fs::path spare = fs::path(dir.path()) / WalSpareFileSystem::kSpareName;
  std::ofstream(spare) << "half written";
  std::vector<bool> logs;  // what on_log heard
  auto spares = std::make_shared<WalSpareFileSystem>(
      rocksdb::FileSystem::Default(), dir.path(), kSpareBytes,
      [&logs](bool from_spare) { logs.push_back(from_spare); });
  EXPECT_FALSE(fs::exists(spare));
  OpenDb open(dir.path(), spares);
  ASSERT_NE(open.db, nullptr);
  EXPECT_EQ(spares->logs_from_spares(), 0);  // no spare was ready: a log as RocksDB makes it
  EXPECT_EQ(logs, std::vector<bool>{false});
  PutSynced(*open.db, 1);
}

// A disk with no room for a spare (every other file is written as usual).
class NoRoomForSpares final : public rocksdb::FileSystemWrapper {
 public:
  NoRoomForSpares() : FileSystemWrapper(rocksdb::FileSystem::Default()) {}
  const char* Name() const override { return "NoRoomForSpares"; }
  rocksdb::IOStatus NewWritableFile(const std::string& name, const rocksdb::FileOptions& options,
                                    std::unique_ptr<rocksdb::FSWritableFile>* file,
                                    rocksdb::IODebugContext* debug) override {
    if (fs::path(name).filename() == WalSpareFileSystem::kSpareName) {
      return rocksdb::IOStatus::NoSpace("No space left on device");
    }
    return target()->NewWritableFile(name, options, file, debug);
  }
};

TEST(WalSpares, ALedgerThatCannotWriteItsSpareDoesNotOpenAndSaysWhy) {
  testing::TempDir dir;
  LedgerOptions options = testing::TestOptions(dir.path());
  options.file_system = std::make_shared<NoRoomForSpares>();
  absl::StatusOr<std::unique_ptr<Ledger>> ledger = Ledger::Open(options);
  ASSERT_FALSE(ledger.ok());
  EXPECT_EQ(ledger.status().code(), absl::StatusCode::kUnavailable);
  EXPECT_EQ(ErrorReason(ledger.status()), "STORAGE_UNAVAILABLE");
  EXPECT_THAT(ledger.status().message(), ::testing::HasSubstr(dir.path()));
  EXPECT_THAT(ledger.status().message(), ::testing::HasSubstr("wal_spare_mib"));
  EXPECT_THAT(ledger.status().message(), ::testing::HasSubstr("No space left"));
  // Without spares the same disk serves.
  options.wal_spare_bytes = 0;
  EXPECT_TRUE(Ledger::Open(options).ok());
}

}  // namespace
}  // namespace innoledger::storage
