// Restart, tamper evidence and the chain: the ledger re-opens what it wrote, and notices a
// single flipped byte written into RocksDB behind its back.
#include <filesystem>
#include <memory>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "storage/format.h"
#include "storage/testing/failing_file_system.h"
#include "storage/testing/ledger_test_base.h"

namespace innoledger::storage {
namespace {

using ::absl::StatusCode;
using testing::Transfer;

class RecoveryTest : public testing::LedgerTestBase {
 protected:
  void WriteEntries(int n) {
    OpenChart(1'000'000);
    for (int i = 0; i < n; ++i) ASSERT_TRUE(Transact(Transfer("fund", "payable", 1)).ok());
  }
  // Reopens the ledger on a disk whose failures the test switches on, with three
  // transfers (3 fen to "payable") written through it.
  std::shared_ptr<testing::FailingFileSystem> ReopenOnFailingDisk() {
    auto file_system = std::make_shared<testing::FailingFileSystem>();
    options_.file_system = file_system;
    Close();
    Open();
    WriteEntries(3);
    return file_system;
  }
};

TEST_F(RecoveryTest, ARestartKeepsHeadBalancesAndChain) {
  WriteEntries(10);
  Head before = *ledger_->GetHead(kCity);
  Close();
  Open();
  Head after = *ledger_->GetHead(kCity);
  EXPECT_EQ(after.sequence, before.sequence);
  EXPECT_EQ(after.hash, before.hash);
  EXPECT_EQ(Posted("payable"), 10);
  // The chain continues from the recovered head.
  ASSERT_TRUE(Transact(Transfer("fund", "payable", 1)).ok());
  EXPECT_TRUE(ledger_->Verify(kCity, 0, 0).ok());
}

// RocksDB's log files on disk: the live ones a restart replays and, once the families
// they held have flushed, the few it keeps to write over (recycle_log_file_num).
int64_t WalBytes(const std::string& dir) {
  int64_t bytes = 0;
  for (const auto& file : std::filesystem::directory_iterator(dir)) {
    if (file.path().extension() == ".log") bytes += static_cast<int64_t>(file.file_size());
  }
  return bytes;
}

// 32 MiB written with the WAL bounded at 1 MiB: the log files shrink back to a few MiB
// (RocksDB flushes the families holding the oldest file, then frees it), so a restart
// after a crash replays little, and the restart finds everything.
TEST_F(RecoveryTest, TheWalIsFlushedDownToItsBoundAndARestartFindsEverything) {
  Close();
  options_.max_wal_bytes = 1 << 20;
  Open();
  OpenChart(1000);
  const std::string value(60 * 1024, 'v');
  for (int i = 0; i < 512; ++i) {
    ASSERT_TRUE(Submit(std::make_unique<testing::PutRecordsCommand>(
                           std::vector<std::pair<std::string, std::string>>{
                               {absl::StrCat("evidence/", i), value}}))
                    .ok());
    ASSERT_TRUE(Transact(Transfer("fund", "payable", 1)).ok());  // the accounts' family too
  }
  // Flushes run in the background: give them a few seconds to free the old files.
  const absl::Time deadline = absl::Now() + absl::Seconds(30);
  while (WalBytes(dir_.path()) > (8 << 20) && absl::Now() < deadline) {
    absl::SleepFor(absl::Milliseconds(50));
  }
  EXPECT_LE(WalBytes(dir_.path()), 8 << 20);
  Close();
  Open();
  EXPECT_EQ(Posted("payable"), 512);
  auto last = ledger_->GetRecord(kCity, "evidence/511");
  ASSERT_TRUE(last.ok() && last->has_value()) << last.status();
  EXPECT_EQ(**last, value);
}

TEST_F(RecoveryTest, VerifyFindsAFlippedByteInAnOldEntry) {
  options_.verify_tail_entries_on_open = 4;  // entry 5 is outside the tail checked at open
  WriteEntries(20);
  Close();
  testing::FlipByteInValue(dir_.path(), "journal", format::JournalKey(kCity, 5), 30);
  Open();
  auto report = ledger_->Verify(kCity, 0, 0);
  ASSERT_FALSE(report.ok());
  EXPECT_EQ(report.status().code(), StatusCode::kDataLoss);
  EXPECT_EQ(ErrorReason(report.status()), "CHAIN_BROKEN");
  EXPECT_EQ(ErrorMetadata(report.status())["sequence"], "5");
  // A range that stops short of the damage still verifies.
  EXPECT_TRUE(ledger_->Verify(kCity, 1, 4).ok());
  EXPECT_FALSE(ledger_->Verify(kCity, 5, 5).ok());
  // Later entries chain from entry 5's stored hash, which the flip did not touch.
  EXPECT_TRUE(ledger_->Verify(kCity, 6, 0).ok());
}

TEST_F(RecoveryTest, AFlippedHashByteIsFoundToo) {
  options_.verify_tail_entries_on_open = 4;
  WriteEntries(20);
  Close();
  std::string key = format::JournalKey(kCity, 9);
  size_t value_size = testing::DumpDatabase(dir_.path()).at({"journal", key}).size();
  testing::FlipByteInValue(dir_.path(), "journal", key, value_size - 1);  // last hash byte
  Open();
  auto report = ledger_->Verify(kCity, 0, 0);
  EXPECT_EQ(ErrorMetadata(report.status())["sequence"], "9") << report.status();
}

TEST_F(RecoveryTest, OpenRefusesADamagedTail) {
  WriteEntries(5);
  Close();
  testing::FlipByteInValue(dir_.path(), "journal", format::JournalKey(kCity, 7), 12);
  auto ledger = Ledger::Open(options_);
  ASSERT_FALSE(ledger.ok());
  EXPECT_EQ(ledger.status().code(), StatusCode::kDataLoss);
  EXPECT_EQ(ErrorReason(ledger.status()), "CHAIN_BROKEN") << ledger.status();
}

TEST_F(RecoveryTest, OpenRefusesADamagedHead) {
  WriteEntries(3);
  Close();
  testing::FlipByteInValue(dir_.path(), "meta", format::HeadKey(kCity), 20);
  auto ledger = Ledger::Open(options_);
  EXPECT_EQ(ledger.status().code(), StatusCode::kDataLoss) << ledger.status();
}

// A data directory written by a build with the previous storage format (innoledger-1: one
// overwritten state key per account) is refused at open with what to do, not misread.
TEST_F(RecoveryTest, OpenRefusesADatabaseOfAnotherFormat) {
  WriteEntries(1);
  const Head before = *ledger_->GetHead(kCity);
  Close();
  // The marker's last byte changed ("innoledger-2" becomes "innoledger-1").
  const std::string reads = format::kDatabaseFormat;
  std::string found = reads;
  found.back() = static_cast<char>(found.back() ^ 0x03);
  testing::FlipByteInValue(dir_.path(), "default", format::kFormatKey, reads.size() - 1, 0x03);
  auto ledger = Ledger::Open(options_);
  EXPECT_EQ(ledger.status().code(), StatusCode::kFailedPrecondition) << ledger.status();
  EXPECT_EQ(ErrorReason(ledger.status()), "OTHER_DATABASE_FORMAT");
  for (const std::string& format : {found, reads}) {
    EXPECT_NE(ledger.status().message().find(absl::StrCat("'", format, "'")),
              absl::string_view::npos)
        << ledger.status();
  }
  // Refused before anything was written: the directory opens again once the marker is back.
  testing::FlipByteInValue(dir_.path(), "default", format::kFormatKey, reads.size() - 1, 0x03);
  Open();
  EXPECT_EQ(ledger_->GetHead(kCity)->sequence, before.sequence);
  EXPECT_EQ(ledger_->GetHead(kCity)->hash, before.hash);
}

TEST_F(RecoveryTest, AFlippedAccountRecordIsRefusedOnRead) {
  WriteEntries(1);
  Close();
  // Byte 2 is posted_fen's sign byte: the fund now claims a negative balance. The fund's
  // state is its history's last key.
  const std::vector<std::string> fund_keys =
      testing::KeysUnder(dir_.path(), "accounts", format::AccountHistoryPrefix(kCity, "fund"));
  ASSERT_FALSE(fund_keys.empty());
  testing::FlipByteInValue(dir_.path(), "accounts", fund_keys.back(), 2, 0x80);
  Open();
  auto account = ledger_->GetAccount(kCity, "fund");
  EXPECT_EQ(account.status().code(), StatusCode::kDataLoss) << account.status();
}

}  // namespace
}  // namespace innoledger::storage

namespace innoledger::storage {
namespace {

TEST_F(RecoveryTest, ADiskFailureStopsThePartitionAndLosesNothingAcknowledged) {
  auto file_system = ReopenOnFailingDisk();
  Head before = *ledger_->GetHead(kCity);
  file_system->fail_writes = true;
  // A burst, so failures land in batches in flight one behind the other.
  std::vector<absl::StatusOr<Outcome>> outcomes(20, absl::UnknownError("unset"));
  std::atomic<int> done{0};
  for (int i = 0; i < 20; ++i) {
    ledger_->Submit(testing::MakeWrite(kCity, absl::StrCat("lost-", i),
                                       MakeTransactCommand(Transfer("fund", "payable", 1))),
                    [&, i](absl::StatusOr<Outcome> outcome) {
                      outcomes[i] = std::move(outcome);
                      ++done;
                    });
  }
  while (done.load() < 20) absl::SleepFor(absl::Milliseconds(1));
  for (const auto& outcome : outcomes) {
    EXPECT_EQ(outcome.status().code(), StatusCode::kUnavailable) << outcome.status();
    EXPECT_EQ(ErrorReason(outcome.status()), "STORAGE_FAILED");
  }
  EXPECT_EQ(ledger_->GetHead(kCity)->sequence, before.sequence);
  // Once failed, the partition refuses writes instead of guessing what is on disk.
  file_system->fail_writes = false;
  EXPECT_EQ(ErrorReason(Transact(Transfer("fund", "payable", 1)).status()), "STORAGE_FAILED");
  Close();
  options_.file_system = nullptr;
  Open();
  EXPECT_EQ(ledger_->GetHead(kCity)->hash, before.hash);
  EXPECT_EQ(Posted("payable"), 3);
  // A retry after the restart is applied once.
  ASSERT_TRUE(Transact(Transfer("fund", "payable", 1), "lost-0").ok());
  EXPECT_EQ(Posted("payable"), 4);
  EXPECT_TRUE(ledger_->Verify(kCity, 0, 0).ok());
}

// A read that fails (a bad sector under a table) refuses what needed it, names the read,
// and stops nothing: the same command goes through once the disk reads again.
TEST_F(RecoveryTest, AFailedReadRefusesTheCommandAndTheNextOneGoesThrough) {
  auto file_system = ReopenOnFailingDisk();
  Close();
  Open();  // the log is replayed into tables: the accounts are read from disk again
  Head before = *ledger_->GetHead(kCity);
  const testing::RawDump dump = testing::DumpDatabase(dir_.path());
  file_system->fail_table_reads = true;

  auto account = ledger_->GetAccount(kCity, "fund");
  EXPECT_EQ(account.status().code(), StatusCode::kUnavailable) << account.status();
  EXPECT_EQ(ErrorReason(account.status()), "STORAGE_UNAVAILABLE");
  EXPECT_THAT(account.status().message(), ::testing::HasSubstr("reading accounts"));
  EXPECT_THAT(account.status().message(), ::testing::HasSubstr("injected read failure"));
  auto refused = Transact(Transfer("fund", "payable", 1), "after-bad-read");
  EXPECT_EQ(ErrorReason(refused.status()), "STORAGE_UNAVAILABLE") << refused.status();
  EXPECT_EQ(ledger_->GetHead(kCity)->sequence, before.sequence);

  file_system->fail_table_reads = false;
  Close();
  EXPECT_EQ(testing::DumpDatabase(dir_.path()), dump);  // the refusal wrote nothing
  Open();
  ASSERT_TRUE(Transact(Transfer("fund", "payable", 1), "after-bad-read").ok());
  EXPECT_EQ(Posted("payable"), 4);
}

}  // namespace
}  // namespace innoledger::storage
