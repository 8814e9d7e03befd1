// The syncer answers a batch only once a sync that began after the batch's log record was
// in the OS has finished, however early it starts syncing (storage/sequencer.h).

#include <atomic>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_format.h"
#include "absl/synchronization/mutex.h"
#include "absl/synchronization/notification.h"
#include "gtest/gtest.h"
#include "rocksdb/file_system.h"
#include "storage/log_file_system.h"
#include "storage/testing/ledger_test_base.h"

namespace innoledger::storage {
namespace {

constexpr char kIdPrefix[] = "held-";  // then six digits

std::string HeldId(int n) { return absl::StrFormat("%s%06d", kIdPrefix, n); }

// The real file system, seen from its write-ahead logs: it finds each request id in the
// bytes appended to a log and remembers how many log bytes had been appended once it was
// in; it tracks what finished syncs made durable (the bytes appended when each began); and
// while the test holds syncs, a sync that begins waits until the test lets it through.
// The tests write one log (no memtable switch), so a sync of it covers every byte counted.
class HeldSyncs final : public LogWrappingFileSystem {
 public:
  HeldSyncs() : LogWrappingFileSystem(rocksdb::FileSystem::Default()) {}
  const char* Name() const override { return "HeldSyncs"; }

  // Syncs that begin from now on wait for LetThrough().
  void Hold() {
    absl::MutexLock lock(&mu_);
    held_ = true;
    begun_ = 0;
    let_through_ = 0;
  }
  void LetThrough(int syncs) {
    absl::MutexLock lock(&mu_);
    let_through_ += syncs;
  }
  void Release() {
    absl::MutexLock lock(&mu_);
    held_ = false;
  }
  // Syncs begun since Hold().
  void AwaitBegun(int syncs) {
    absl::MutexLock lock(&mu_);
    auto begun = [&]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) { return begun_ >= syncs; };
    mu_.Await(absl::Condition(&begun));
  }
  void AwaitAppended(const std::string& request_id) {
    absl::MutexLock lock(&mu_);
    auto appended = [&]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
      return appended_through_.count(request_id) > 0;
    };
    mu_.Await(absl::Condition(&appended));
  }
  // Whether a finished sync covers the log record that held `request_id`.
  bool Durable(const std::string& request_id) {
    absl::MutexLock lock(&mu_);
    auto it = appended_through_.find(request_id);
    return it != appended_through_.end() && durable_ >= it->second;
  }

 protected:
  std::unique_ptr<rocksdb::FSWritableFile> WrapLog(
      const std::string&, std::unique_ptr<rocksdb::FSWritableFile> log) override {
    return std::make_unique<Log>(std::move(log), this);
  }

 private:
  class Log final : public HookedLog {
   public:
    Log(std::unique_ptr<rocksdb::FSWritableFile> file, HeldSyncs* syncs)
        : HookedLog(std::move(file)), syncs_(syncs) {}

   private:
    rocksdb::IOStatus Appending(const rocksdb::Slice& data,
                                absl::FunctionRef<rocksdb::IOStatus()> append) override {
      rocksdb::IOStatus s = append();
      if (s.ok()) syncs_->Appended(data);
      return s;
    }
    rocksdb::IOStatus Syncing(absl::FunctionRef<rocksdb::IOStatus()> sync) override {
      return syncs_->Synced(sync);
    }

    HeldSyncs* const syncs_;
  };

  void Appended(const rocksdb::Slice& data) {
    absl::MutexLock lock(&mu_);
    appended_ += data.size();
    const absl::string_view bytes(data.data(), data.size());
    const size_t id_size = sizeof(kIdPrefix) - 1 + 6;
    for (size_t at = bytes.find(kIdPrefix); at != absl::string_view::npos;
         at = bytes.find(kIdPrefix, at + 1)) {
      if (at + id_size > bytes.size()) break;
      std::string id(bytes.substr(at, id_size));
      int unused;
      if (absl::SimpleAtoi(id.substr(sizeof(kIdPrefix) - 1), &unused)) {
        appended_through_.emplace(std::move(id), appended_);
      }
    }
  }

  rocksdb::IOStatus Synced(absl::FunctionRef<rocksdb::IOStatus()> sync) {
    uint64_t began_at;
    {
      absl::MutexLock lock(&mu_);
      began_at = appended_;
      const int number = ++begun_;
      auto may_finish = [&]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
        return !held_ || let_through_ >= number;
      };
      mu_.Await(absl::Condition(&may_finish));
    }
    rocksdb::IOStatus s = sync();
    absl::MutexLock lock(&mu_);
    if (s.ok()) durable_ = std::max(durable_, began_at);
    return s;
  }

  absl::Mutex mu_;
  uint64_t appended_ ABSL_GUARDED_BY(mu_) = 0;  // log bytes, over all logs
  uint64_t durable_ ABSL_GUARDED_BY(mu_) = 0;
  std::map<std::string, uint64_t> appended_through_ ABSL_GUARDED_BY(mu_);
  bool held_ ABSL_GUARDED_BY(mu_) = false;
  int begun_ ABSL_GUARDED_BY(mu_) = 0;
  int let_through_ ABSL_GUARDED_BY(mu_) = 0;
};

// Blocks the sequencer inside a batch of its own until released, then is refused: the
// commands queued behind it make one batch.
class BlockingCommand final : public Command {
 public:
  std::string Fingerprint() const override { return "test.block"; }
  absl::StatusOr<std::string> Apply(ApplyContext&) override {
    entered.Notify();
    release.WaitForNotification();
    return absl::FailedPreconditionError("refused after blocking");
  }
  absl::Notification entered, release;
};

class GroupCommitTest : public testing::LedgerTestBase {
 protected:
  static constexpr int kBatch = 8;

  void SetUp() override {
    LedgerTestBase::SetUp();
    Close();
    options_.file_system = syncs_;
    options_.max_batch_commands = kBatch;
    Open();
    OpenChart(1'000'000);
  }

  // Submits a transfer of 1 fen under `request_id`; when answered, checks that a finished
  // sync covers its log record (or, for a refusal, nothing) and counts it.
  void SubmitTransfer(const std::string& request_id, int64_t amount_fen = 1) {
    ledger_->Submit(
        testing::MakeWrite(kCity, request_id,
                           MakeTransactCommand(testing::Transfer("fund", "payable", amount_fen))),
        [this, request_id](absl::StatusOr<Outcome> outcome) {
          if (outcome.ok()) {
            EXPECT_TRUE(syncs_->Durable(request_id)) << request_id << " answered before durable";
          }
          absl::MutexLock lock(&mu_);
          ++answered_;
          if (outcome.ok()) paid_.insert(request_id);
        });
  }
  int answered() {
    absl::MutexLock lock(&mu_);
    return answered_;
  }
  void AwaitAnswered(int n) {
    absl::MutexLock lock(&mu_);
    auto answered = [&]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) { return answered_ >= n; };
    mu_.Await(absl::Condition(&answered));
  }
  int paid() {
    absl::MutexLock lock(&mu_);
    return static_cast<int>(paid_.size());
  }
  // Queues `command` and returns it, to be released once the sequencer is inside it.
  BlockingCommand* SubmitBlocking(const std::string& request_id) {
    auto command = std::make_unique<BlockingCommand>();
    BlockingCommand* blocking = command.get();
    ledger_->Submit(testing::MakeWrite(kCity, request_id, std::move(command)),
                    [](absl::StatusOr<Outcome>) {});
    return blocking;
  }

  std::shared_ptr<HeldSyncs> syncs_ = std::make_shared<HeldSyncs>();
  absl::Mutex mu_;
  int answered_ ABSL_GUARDED_BY(mu_) = 0;
  std::set<std::string> paid_ ABSL_GUARDED_BY(mu_);  // request ids
};

TEST_F(GroupCommitTest, ABatchWrittenDuringASyncWaitsForTheNextSync) {
  // The queue, while the sequencer is inside the first blocking command: batch A of eight
  // transfers, then batch B: a second blocking command and seven transfers.
  BlockingCommand* first = SubmitBlocking("block-1");
  first->entered.WaitForNotification();
  for (int i = 1; i <= 8; ++i) SubmitTransfer(HeldId(i));
  BlockingCommand* second = SubmitBlocking("block-2");
  for (int i = 9; i <= 15; ++i) SubmitTransfer(HeldId(i));

  // A is written and its sync begins, held, before B is written.
  syncs_->Hold();
  first->release.Notify();
  syncs_->AwaitBegun(1);
  second->entered.WaitForNotification();
  absl::SleepFor(absl::Milliseconds(50));
  EXPECT_EQ(answered(), 0) << "answered while the only sync is held";

  // B is written while that sync is held: the sync does not cover it.
  second->release.Notify();
  syncs_->AwaitAppended(HeldId(15));
  absl::SleepFor(absl::Milliseconds(50));  // for B's Write() to return
  syncs_->LetThrough(1);
  AwaitAnswered(8);
  syncs_->AwaitBegun(2);
  absl::SleepFor(absl::Milliseconds(50));
  EXPECT_EQ(answered(), 8) << "batch B was answered by a sync that began before it was written";

  syncs_->Release();
  AwaitAnswered(15);
  EXPECT_EQ(paid(), 15);
  EXPECT_EQ(Posted("payable"), 15);
  Close();  // before syncs_ and the counters go: the ledger's threads use them
}

// Many submitters, refusals and retries among them: each is answered only once a sync
// that began after its record was in has finished, a retry only once the first is.
TEST_F(GroupCommitTest, EveryAnswerWaitsForASyncThatBeganAfterItsRecord) {
  constexpr int kThreads = 16, kPerThread = 40;
  // Every fifth overdraws the fund and is refused.
  auto amount_of = [](int i) { return i % 5 == 4 ? 2'000'000 : 1; };
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kPerThread; ++i) {
        const int n = t * kPerThread + i;
        SubmitTransfer(HeldId(n), amount_of(i));
        // Every seventh is retried at once: the first may not be durable yet.
        if (i % 7 == 6) SubmitTransfer(HeldId(n), amount_of(i));
        if (i % 3 == 0) absl::SleepFor(absl::Microseconds(200));
      }
    });
  }
  for (auto& thread : threads) thread.join();
  const int retries = kThreads * (kPerThread / 7);
  AwaitAnswered(kThreads * kPerThread + retries);
  EXPECT_EQ(paid(), kThreads * (kPerThread - kPerThread / 5));
  EXPECT_EQ(Posted("payable"), paid());
  Close();
}

}  // namespace
}  // namespace innoledger::storage
