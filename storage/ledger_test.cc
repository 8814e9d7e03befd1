// Behaviour of the ledger's primitives through the public Ledger interface, on a real
// RocksDB in a temp dir. Every rejection is checked to leave the database unchanged.
#include "storage/ledger.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <functional>
#include <limits>
#include <map>
#include <set>
#include <thread>

#include "absl/strings/str_cat.h"
#include "absl/strings/match.h"
#include "absl/synchronization/mutex.h"
#include "absl/synchronization/notification.h"
#include "absl/time/time.h"

#include "common/china_time.h"
#include "gmock/gmock.h"
#include "storage/format.h"
#include "storage/limits.h"
#include "storage/testing/ledger_test_base.h"

namespace innoledger::storage {
namespace {

using ::absl::StatusCode;
using ::testing::HasSubstr;
using testing::Transfer;

// Holds the sequencer inside its own batch until released, so that what is submitted
// meanwhile is taken as one batch.
class GateCommand final : public Command {
 public:
  GateCommand(absl::Notification* entered, absl::Notification* open)
      : entered_(entered), open_(open) {}
  std::string Fingerprint() const override { return "test.gate"; }
  absl::StatusOr<std::string> Apply(ApplyContext&) override {
    entered_->Notify();
    open_->WaitForNotification();
    return std::string();
  }

 private:
  absl::Notification* entered_;
  absl::Notification* open_;
};

class LedgerTest : public testing::LedgerTestBase {
 protected:
  // Submits `commands` so that the sequencer takes them as one batch (it is held inside a
  // batch of its own until they are all queued) and returns their outcomes in order.
  std::vector<absl::StatusOr<Outcome>> SubmitAsOneBatch(
      std::vector<std::unique_ptr<Command>> commands) {
    absl::Notification entered, open;
    std::vector<absl::StatusOr<Outcome>> outcomes(commands.size(),
                                                  absl::UnknownError("unanswered"));
    absl::Mutex mu;
    size_t unanswered = commands.size() + 1;  // and the gate
    auto submit = [&](std::unique_ptr<Command> command, absl::StatusOr<Outcome>* outcome) {
      ledger_->Submit(testing::MakeWrite(kCity, NextRequestId(), std::move(command)),
                      [&, outcome](absl::StatusOr<Outcome> result) {
                        absl::MutexLock lock(&mu);
                        if (outcome != nullptr) *outcome = std::move(result);
                        --unanswered;
                      });
    };
    submit(std::make_unique<GateCommand>(&entered, &open), nullptr);
    entered.WaitForNotification();
    for (size_t i = 0; i < commands.size(); ++i) submit(std::move(commands[i]), &outcomes[i]);
    open.Notify();
    absl::MutexLock lock(&mu);
    mu.Await(absl::Condition(+[](size_t* n) { return *n == 0; }, &unanswered));
    return outcomes;
  }
};

TEST_F(LedgerTest, RecordsABalancedTransactionAndChainsIt) {
  OpenChart(1000);
  auto outcome = Transact(Transfer("fund", "liability", 300));
  ASSERT_TRUE(outcome.ok()) << outcome.status();
  EXPECT_EQ(Posted("fund"), 700);
  EXPECT_EQ(Posted("liability"), 300);
  EXPECT_EQ(Posted("appropriation"), -1000);
  Head head = *ledger_->GetHead(kCity);
  EXPECT_EQ(head.sequence, 3u);
  EXPECT_EQ(outcome->sequence, 3u);
  EXPECT_EQ(outcome->hash, head.hash);
  auto entry = ledger_->GetEntry(kCity, 3);
  ASSERT_TRUE(entry.ok() && entry->has_value());
  EXPECT_EQ((*entry)->postings, (std::vector<Posting>{{"fund", -300}, {"liability", 300}}));
  EXPECT_EQ((*entry)->principal, "admin:changji:test");
  EXPECT_EQ((*entry)->type, EntryType::kPosted);
  auto report = ledger_->Verify(kCity, 0, 0);
  ASSERT_TRUE(report.ok()) << report.status();
  EXPECT_EQ(report->entries_checked, 3u);
  // Partitions are independent.
  EXPECT_EQ(ledger_->GetHead("urumqi")->sequence, 0u);
}

// What a batch writes carries the clock's time, strictly after the last batch that wrote
// anything. Idle sweeps for expired holds (every 5 ms here) write nothing and leave no
// time behind: they used to push the next write a microsecond ahead of the clock.
TEST_F(LedgerTest, BatchTimesFollowTheClockAndNeverRepeat) {
  OpenChart(1000);
  clock_.Advance(absl::Seconds(1));
  absl::SleepFor(absl::Milliseconds(50));  // several idle sweeps at this clock reading
  auto first = Transact(Transfer("fund", "liability", 1));
  ASSERT_TRUE(first.ok()) << first.status();
  EXPECT_EQ(first->committed_at_us, absl::ToUnixMicros(clock_.Now()));
  auto second = Transact(Transfer("fund", "liability", 1));  // the clock has not moved
  ASSERT_TRUE(second.ok()) << second.status();
  EXPECT_EQ(second->committed_at_us, first->committed_at_us + 1);
}

// Operators find a city's writer threads by name (docs/operations.md).
TEST_F(LedgerTest, EachCitysWriterThreadsAreNamed) {
  OpenChart(1000);
  std::set<std::string> names;
  for (const auto& task : std::filesystem::directory_iterator("/proc/self/task")) {
    std::ifstream comm(task.path() / "comm");
    std::string name;
    std::getline(comm, name);
    names.insert(name);
  }
  for (const char* city : {"changji", "urumqi"}) {
    EXPECT_TRUE(names.count(absl::StrCat("seq:", city))) << city;
    EXPECT_TRUE(names.count(absl::StrCat("sync:", city))) << city;
  }
}

TEST_F(LedgerTest, RefusesMalformedTransactions) {
  OpenChart(1000);
  TransactionRequest unbalanced = Transfer("fund", "liability", 10);
  unbalanced.postings[1].amount_fen = 11;
  ExpectRejected(MakeTransactCommand(unbalanced), StatusCode::kInvalidArgument, "UNBALANCED");

  TransactionRequest zero = Transfer("fund", "liability", 10);
  zero.postings.push_back({"payable", 0});
  ExpectRejected(MakeTransactCommand(zero), StatusCode::kInvalidArgument, "INVALID_REQUEST");

  TransactionRequest twice = Transfer("fund", "fund", 10);
  ExpectRejected(MakeTransactCommand(twice), StatusCode::kInvalidArgument, "INVALID_REQUEST");
  EXPECT_THAT(std::string(Transact(twice).status().message()), HasSubstr("'fund' is posted twice"));

  // The same cap scope twice is refused; once per year and once for a lifetime is not.
  TransactionRequest cap_twice = Transfer("fund", "payable", 10);
  cap_twice.caps = {{"quota/e1", 10, 100, false}, {"quota/e1", 10, 100, true},
                    {"quota/e1", 10, 100, false}};
  ExpectRejected(MakeTransactCommand(cap_twice), StatusCode::kInvalidArgument, "INVALID_REQUEST");
  EXPECT_THAT(std::string(Transact(cap_twice).status().message()),
              HasSubstr("cap 'quota/e1' is named twice"));
  cap_twice.caps.pop_back();
  EXPECT_TRUE(Transact(cap_twice).ok());

  TransactionRequest open_twice;
  open_twice.kind = "test.open";
  open_twice.open_accounts = {{"new", AccountType::kFund}, {"other", AccountType::kFund},
                              {"new", AccountType::kFund}};
  ExpectRejected(MakeTransactCommand(open_twice), StatusCode::kInvalidArgument, "INVALID_REQUEST");
  EXPECT_THAT(std::string(Transact(open_twice).status().message()),
              HasSubstr("account 'new' opened twice"));

  const int64_t max = std::numeric_limits<int64_t>::max();
  TransactionRequest overflow;
  overflow.kind = "test";
  overflow.postings = {{"fund", max}, {"liability", max}, {"appropriation", -2}};
  ExpectRejected(MakeTransactCommand(overflow), StatusCode::kInvalidArgument, "AMOUNT_OVERFLOW");

  TransactionRequest no_kind = Transfer("fund", "liability", 10, "");
  ExpectRejected(MakeTransactCommand(no_kind), StatusCode::kInvalidArgument, "INVALID_REQUEST");

  ExpectRejected(MakeTransactCommand(Transfer("fund", "nowhere", 10)), StatusCode::kNotFound,
                 "ACCOUNT_NOT_FOUND");

  TransactionRequest reopen;
  reopen.kind = "test.open";
  reopen.open_accounts = {{"fund", AccountType::kFund}};
  ExpectRejected(MakeTransactCommand(reopen), StatusCode::kAlreadyExists, "ACCOUNT_EXISTS");
}

TEST_F(LedgerTest, RefusesAnUnknownCityAndMissingIds) {
  auto outcome = ledger_->SubmitAndWait(
      testing::MakeWrite("lanzhou", "r1", MakeTransactCommand(Transfer("a", "b", 1))));
  EXPECT_EQ(outcome.status().code(), StatusCode::kNotFound);
  EXPECT_EQ(ErrorReason(outcome.status()), "UNKNOWN_CITY");
  outcome = ledger_->SubmitAndWait(
      testing::MakeWrite(kCity, "", MakeTransactCommand(Transfer("a", "b", 1))));
  EXPECT_EQ(outcome.status().code(), StatusCode::kInvalidArgument);
  outcome = ledger_->SubmitAndWait(
      testing::MakeWrite(kCity, "r1", MakeTransactCommand(Transfer("a", "b", 1)), ""));
  EXPECT_EQ(outcome.status().code(), StatusCode::kInvalidArgument);
}

TEST_F(LedgerTest, BalanceOverflowIsRefused) {
  OpenChart(0);
  const int64_t max = std::numeric_limits<int64_t>::max();
  ASSERT_TRUE(Transact(Transfer("appropriation", "fund", max)).ok());
  ExpectRejected(MakeTransactCommand(Transfer("appropriation", "fund", 1)),
                 StatusCode::kInvalidArgument, "AMOUNT_OVERFLOW");
}

TEST_F(LedgerTest, AFundNeverGoesBelowZero) {
  OpenChart(100);
  ExpectRejected(MakeTransactCommand(Transfer("fund", "liability", 101)),
                 StatusCode::kFailedPrecondition, "INSUFFICIENT_FUNDS");
  ASSERT_TRUE(Transact(Transfer("fund", "liability", 100)).ok());
  EXPECT_EQ(Posted("fund"), 0);
  ExpectRejected(MakeTransactCommand(Transfer("fund", "liability", 1)),
                 StatusCode::kFailedPrecondition, "INSUFFICIENT_FUNDS");
  // The liability, a payable and an investment can't go negative either.
  ExpectRejected(MakeTransactCommand(Transfer("payable", "fund", 1)),
                 StatusCode::kFailedPrecondition, "INSUFFICIENT_FUNDS");
}

TEST_F(LedgerTest, AHoldReservesFundsUntilPostedOrVoided) {
  OpenChart(100);
  TransactionRequest hold = Transfer("fund", "liability", 60);
  hold.pending = true;
  auto held = Transact(hold);
  ASSERT_TRUE(held.ok()) << held.status();
  EXPECT_EQ(Account("fund").available_fen(), 40);
  EXPECT_EQ(Account("fund").posted_fen, 100);
  EXPECT_EQ(Account("liability").pending_in_fen, 60);
  ExpectRejected(MakeTransactCommand(Transfer("fund", "payable", 41)),
                 StatusCode::kFailedPrecondition, "INSUFFICIENT_FUNDS");

  auto posted = Submit(MakePostPendingCommand(held->sequence, "accepted"));
  ASSERT_TRUE(posted.ok()) << posted.status();
  EXPECT_EQ(Account("fund").posted_fen, 40);
  EXPECT_EQ(Account("fund").pending_out_fen, 0);
  EXPECT_EQ(Posted("liability"), 60);
  auto state = ledger_->GetEntryState(kCity, held->sequence);
  ASSERT_TRUE(state.ok() && state->has_value());
  EXPECT_EQ((*state)->status, EntryStatus::kHoldPosted);
  EXPECT_EQ((*state)->resolved_by, posted->sequence);

  ExpectRejected(MakePostPendingCommand(held->sequence, ""), StatusCode::kFailedPrecondition,
                 "HOLD_NOT_PENDING");
  ExpectRejected(MakeVoidPendingCommand(held->sequence, ""), StatusCode::kFailedPrecondition,
                 "HOLD_NOT_PENDING");
  // A posted transaction is not a hold.
  ExpectRejected(MakePostPendingCommand(posted->sequence, ""), StatusCode::kNotFound,
                 "HOLD_NOT_FOUND");
}

TEST_F(LedgerTest, VoidingAHoldReleasesFundsAndCaps) {
  OpenChart(100);
  TransactionRequest hold = Transfer("fund", "liability", 60);
  hold.pending = true;
  hold.caps = {{"quota/e1", 60, 80, false}};
  auto held = Transact(hold);
  ASSERT_TRUE(held.ok());
  EXPECT_EQ(*ledger_->GetCapUsed(kCity, "quota/e1", 2026), 60);
  ASSERT_TRUE(Submit(MakeVoidPendingCommand(held->sequence, "cancelled")).ok());
  EXPECT_EQ(Account("fund").available_fen(), 100);
  EXPECT_EQ(Account("liability").pending_in_fen, 0);
  EXPECT_EQ(*ledger_->GetCapUsed(kCity, "quota/e1", 2026), 0);
  ExpectRejected(MakePostPendingCommand(held->sequence, ""), StatusCode::kFailedPrecondition,
                 "HOLD_NOT_PENDING");
}

TEST_F(LedgerTest, AnExpiredHoldIsReleasedByTheSequencerAndCannotBePosted) {
  OpenChart(100);
  TransactionRequest hold = Transfer("fund", "liability", 70);
  hold.pending = true;
  hold.hold_timeout = absl::Seconds(30);
  hold.caps = {{"quota/e1", 70, 100, false}};
  auto held = Transact(hold);
  ASSERT_TRUE(held.ok());
  clock_.Advance(absl::Seconds(31));
  // The idle sequencer sweeps every few milliseconds of real time.
  for (int i = 0; i < 500; ++i) {
    auto state = ledger_->GetEntryState(kCity, held->sequence);
    if (state.ok() && state->has_value() && (*state)->status == EntryStatus::kHoldExpired) break;
    absl::SleepFor(absl::Milliseconds(10));
  }
  auto state = ledger_->GetEntryState(kCity, held->sequence);
  ASSERT_TRUE(state.ok() && state->has_value());
  ASSERT_EQ((*state)->status, EntryStatus::kHoldExpired);
  auto expiry = ledger_->GetEntry(kCity, (*state)->resolved_by);
  ASSERT_TRUE(expiry.ok() && expiry->has_value());
  EXPECT_EQ((*expiry)->type, EntryType::kExpirePending);
  EXPECT_EQ((*expiry)->principal, "system:sequencer");
  EXPECT_EQ(Account("fund").available_fen(), 100);
  EXPECT_EQ(*ledger_->GetCapUsed(kCity, "quota/e1", 2026), 0);
  ExpectRejected(MakePostPendingCommand(held->sequence, ""), StatusCode::kFailedPrecondition,
                 "HOLD_EXPIRED");
}

// The sweep skips the expiry index while no hold can be due: not before the first hold it
// saw waiting, nor before a second after it looked. Each hold must still go the moment
// its time is up, even one made after the sweep that set the next time to look.
TEST_F(LedgerTest, EachHoldIsReleasedOnceItsTimeIsUpAndNotBefore) {
  OpenChart(100);
  auto status_of = [&](uint64_t sequence) {
    auto state = ledger_->GetEntryState(kCity, sequence);
    return state.ok() && state->has_value() ? (*state)->status : EntryStatus::kFinal;
  };
  auto wait_until_expired = [&](uint64_t sequence) {
    for (int i = 0; i < 500 && status_of(sequence) != EntryStatus::kHoldExpired; ++i) {
      absl::SleepFor(absl::Milliseconds(10));  // idle sweeps run every 5 ms of real time
    }
    return status_of(sequence) == EntryStatus::kHoldExpired;
  };
  TransactionRequest hold = Transfer("fund", "liability", 30);
  hold.pending = true;
  hold.hold_timeout = kMinHoldTimeout;  // the shortest there is
  const absl::Duration half = kMinHoldTimeout / 2, a_little = absl::Milliseconds(1);
  auto first = Transact(hold);
  ASSERT_TRUE(first.ok());
  clock_.Advance(half);
  auto second = Transact(hold);  // due half a timeout after the first
  ASSERT_TRUE(second.ok());
  clock_.Advance(half + a_little);
  EXPECT_TRUE(wait_until_expired(first->sequence));
  EXPECT_EQ(status_of(second->sequence), EntryStatus::kHoldPending);
  clock_.Advance(half + a_little);
  EXPECT_TRUE(wait_until_expired(second->sequence));

  // The wall clock steps back after an idle sweep: a hold made now is stamped before that
  // sweep, and is still released a timeout later, not when the clock catches up.
  clock_.Advance(absl::Seconds(100));
  absl::SleepFor(absl::Milliseconds(50));  // idle sweeps at the new time
  clock_.Advance(absl::Seconds(-50));
  auto third = Transact(hold);
  ASSERT_TRUE(third.ok());
  clock_.Advance(kMinHoldTimeout + a_little);
  EXPECT_TRUE(wait_until_expired(third->sequence));
  EXPECT_EQ(Account("fund").available_fen(), 100);
}

TEST_F(LedgerTest, AHoldPastItsTimeCannotBePostedEvenBeforeTheSweep) {
  options_.expiry_sweep_interval = absl::Hours(1);
  Close();
  Open();
  OpenChart(100);
  TransactionRequest hold = Transfer("fund", "liability", 70);
  hold.pending = true;
  hold.hold_timeout = absl::Seconds(30);
  auto held = Transact(hold);
  ASSERT_TRUE(held.ok());
  clock_.Advance(absl::Seconds(31));
  // The batch that carries this post sweeps first, so the hold is gone by then.
  auto posted = Submit(MakePostPendingCommand(held->sequence, ""));
  EXPECT_EQ(ErrorReason(posted.status()), "HOLD_EXPIRED") << posted.status();
  EXPECT_EQ(Posted("liability"), 0);
}

// Policy 4 of the Changji catalogue in miniature: 150万 per unit per year, in fen.
TEST_F(LedgerTest, ACapPaysTheHeadroomAndNeverMore) {
  const int64_t wan = 1'000'000;
  OpenChart(1000 * wan);
  auto award = [&](int64_t amount_fen) {
    TransactionRequest request = Transfer("fund", "payable", amount_fen, "grant.award");
    request.caps = {{"policy4/entity/e1", amount_fen, 150 * wan, false}};
    request.value_date = absl::CivilDay(2025, 6, 1);
    return request;
  };
  ASSERT_TRUE(Transact(award(50 * wan)).ok());
  ASSERT_TRUE(Transact(award(50 * wan)).ok());
  ASSERT_TRUE(Transact(award(30 * wan)).ok());
  ExpectRejected(MakeTransactCommand(award(45 * wan)), StatusCode::kFailedPrecondition,
                 "CAP_EXCEEDED");
  auto refused = Transact(award(45 * wan));
  EXPECT_EQ(ErrorMetadata(refused.status())["remaining_fen"], std::to_string(20 * wan));
  ASSERT_TRUE(Transact(award(20 * wan)).ok());
  EXPECT_EQ(*ledger_->GetCapUsed(kCity, "policy4/entity/e1", 2025), 150 * wan);
  ExpectRejected(MakeTransactCommand(award(1)), StatusCode::kFailedPrecondition, "CAP_EXCEEDED");
  // A new fiscal year has its own counter.
  TransactionRequest next_year = award(10 * wan);
  next_year.value_date = absl::CivilDay(2026, 1, 1);
  ASSERT_TRUE(Transact(next_year).ok());
  EXPECT_EQ(*ledger_->GetCapUsed(kCity, "policy4/entity/e1", 2026), 10 * wan);
}

// Without a value date an entry takes the China-time day of its batch, and so does the
// fiscal year of its caps: 16:00 UTC on 31 December is already the next year.
TEST_F(LedgerTest, TheDefaultValueDateIsTheBatchsDayInChinaTime) {
  // Before anything is written: batch times never go back once a batch has one.
  const absl::Time before_midnight_in_china =
      absl::FromCivil(absl::CivilSecond(2025, 12, 31, 15, 59, 59), absl::UTCTimeZone());
  clock_.Advance(before_midnight_in_china - clock_.Now());
  OpenChart(1000);
  auto pay = [&] {
    TransactionRequest request = Transfer("fund", "payable", 10);
    request.caps = {{"quota/e1", 10, 1000, false}};
    auto outcome = Transact(request);
    EXPECT_TRUE(outcome.ok()) << outcome.status();
    auto entry = ledger_->GetEntry(kCity, outcome.ok() ? outcome->sequence : 0);
    EXPECT_TRUE(entry.ok() && entry->has_value());
    return entry.ok() && entry->has_value() ? DayFromEpochDays((*entry)->value_date_days)
                                            : absl::CivilDay();
  };
  EXPECT_EQ(pay(), absl::CivilDay(2025, 12, 31));  // 23:59:59 in China
  clock_.Advance(absl::Seconds(2));
  EXPECT_EQ(pay(), absl::CivilDay(2026, 1, 1));  // 00:00:01 in China, 16:00:01 UTC
  EXPECT_EQ(*ledger_->GetCapUsed(kCity, "quota/e1", 2025), 10);
  EXPECT_EQ(*ledger_->GetCapUsed(kCity, "quota/e1", 2026), 10);
}

TEST_F(LedgerTest, ALifetimeCapCountsOnceAcrossYears) {
  OpenChart(1000);
  TransactionRequest once = Transfer("fund", "payable", 300, "grant.unicorn");
  once.caps = {{"unicorn/e1", 1, 1, true}};
  once.value_date = absl::CivilDay(2024, 5, 1);
  ASSERT_TRUE(Transact(once).ok());
  once.value_date = absl::CivilDay(2025, 5, 1);
  ExpectRejected(MakeTransactCommand(once), StatusCode::kFailedPrecondition, "CAP_EXCEEDED");
  EXPECT_EQ(*ledger_->GetCapUsed(kCity, "unicorn/e1", 0), 1);
}

TEST_F(LedgerTest, SixtyFourThreadsRacingForTheLastFenOfACap) {
  OpenChart(1'000'000);
  TransactionRequest almost = Transfer("fund", "payable", 999, "grant");
  almost.caps = {{"cap/e1", 999, 1000, false}};
  ASSERT_TRUE(Transact(almost).ok());
  std::atomic<int> accepted{0}, cap_refusals{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 64; ++t) {
    threads.emplace_back([&] {
      TransactionRequest last = Transfer("fund", "payable", 1, "grant");
      last.caps = {{"cap/e1", 1, 1000, false}};
      auto outcome = Transact(last);
      if (outcome.ok()) ++accepted;
      if (ErrorReason(outcome.status()) == "CAP_EXCEEDED") ++cap_refusals;
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(accepted.load(), 1);
  EXPECT_EQ(cap_refusals.load(), 63);
  EXPECT_EQ(*ledger_->GetCapUsed(kCity, "cap/e1", 2026), 1000);
  EXPECT_EQ(Posted("payable"), 1000);
}

// A queue longer than the batch limit is taken a limit at a time, oldest first.
TEST_F(LedgerTest, ABacklogIsTakenInOrderABatchLimitAtATime) {
  Close();
  std::atomic<int> largest_batch{0};
  options_.max_batch_commands = 3;
  options_.on_batch = [&](const BatchStats& stats) {
    if (stats.commands > largest_batch) largest_batch = stats.commands;
  };
  Open();
  OpenChart(1000);
  constexpr int kCommands = 40;
  std::vector<absl::StatusOr<Outcome>> outcomes(kCommands, absl::UnknownError("unanswered"));
  absl::Mutex mu;
  int answered = 0;
  for (int i = 0; i < kCommands; ++i) {
    ledger_->Submit(
        testing::MakeWrite(kCity, NextRequestId(),
                           MakeTransactCommand(Transfer("fund", "payable", 1))),
        [&, i](absl::StatusOr<Outcome> outcome) {
          absl::MutexLock lock(&mu);
          outcomes[i] = std::move(outcome);
          ++answered;
        });
  }
  {
    absl::MutexLock lock(&mu);
    mu.Await(absl::Condition(+[](int* n) { return *n == kCommands; }, &answered));
  }
  for (int i = 0; i < kCommands; ++i) {
    ASSERT_TRUE(outcomes[i].ok()) << i << ": " << outcomes[i].status();
    if (i > 0) {
      EXPECT_EQ(outcomes[i]->sequence, outcomes[i - 1]->sequence + 1) << i;
    }
  }
  EXPECT_LE(largest_batch.load(), 3);
  EXPECT_EQ(Posted("payable"), kCommands);
  Close();  // before `largest_batch` goes out of scope: the ledger's threads use it
}

TEST_F(LedgerTest, ARetryGetsTheFirstOutcomeByteForByte) {
  OpenChart(1000);
  auto first = Transact(Transfer("fund", "liability", 10), "pay-1");
  ASSERT_TRUE(first.ok());
  EXPECT_FALSE(first->replayed);
  clock_.Advance(absl::Seconds(5));
  testing::RawDump before = testing::DumpDatabase(dir_.path());
  auto again = Transact(Transfer("fund", "liability", 10), "pay-1");
  ASSERT_TRUE(again.ok());
  EXPECT_TRUE(again->replayed);
  EXPECT_EQ(again->sequence, first->sequence);
  EXPECT_EQ(again->hash, first->hash);
  EXPECT_EQ(again->committed_at_us, first->committed_at_us);
  EXPECT_EQ(Posted("liability"), 10);
  EXPECT_TRUE(testing::DumpDatabase(dir_.path()) == before);
  // The same id with another payload is a client bug, not a retry.
  ExpectRejected(MakeTransactCommand(Transfer("fund", "liability", 11)),
                 StatusCode::kAlreadyExists, "REQUEST_ID_REUSED", "pay-1");
  // The record survives a restart.
  Close();
  Open();
  auto after_restart = Transact(Transfer("fund", "liability", 10), "pay-1");
  ASSERT_TRUE(after_restart.ok());
  EXPECT_EQ(after_restart->sequence, first->sequence);
  EXPECT_EQ(after_restart->hash, first->hash);
}

TEST_F(LedgerTest, TheSameRequestTwiceInOneBatchPaysOnce) {
  OpenChart(1000);
  std::vector<std::thread> threads;
  std::vector<absl::StatusOr<Outcome>> outcomes(16, absl::UnknownError("unset"));
  for (int t = 0; t < 16; ++t) {
    threads.emplace_back(
        [&, t] { outcomes[t] = Transact(Transfer("fund", "liability", 10), "same-id"); });
  }
  for (auto& thread : threads) thread.join();
  int replays = 0;
  for (const auto& outcome : outcomes) {
    ASSERT_TRUE(outcome.ok()) << outcome.status();
    EXPECT_EQ(outcome->sequence, outcomes[0]->sequence);
    replays += outcome->replayed;
  }
  EXPECT_EQ(replays, 15);
  EXPECT_EQ(Posted("liability"), 10);
}

// The sequencer skips the idempotency lookup only for an id above every id the principal
// has used. Ids that come in no order (several clients behind one principal, ids a client
// makes itself) are still found, and so is the highest one after a restart.
TEST_F(LedgerTest, RetriesAreFoundWhateverOrderTheirIdsCameIn) {
  OpenChart(1000);
  auto pay = [&](const std::string& id) {
    return ledger_->SubmitAndWait(testing::MakeWrite(kCity, id,
                                            MakeTransactCommand(Transfer("fund", "liability", 1)),
                                            "provider:changji:lab"));
  };
  std::map<std::string, uint64_t> sequences;
  for (const std::string id : {"id-5", "id-9", "id-1", "id-7"}) {  // up, up, below, between
    auto outcome = pay(id);
    ASSERT_TRUE(outcome.ok()) << outcome.status();
    EXPECT_FALSE(outcome->replayed) << id;
    sequences[id] = outcome->sequence;
  }
  auto expect_replays = [&](std::vector<std::string> ids) {
    for (const std::string& id : ids) {
      auto again = pay(id);
      ASSERT_TRUE(again.ok()) << again.status();
      EXPECT_TRUE(again->replayed) << id;
      EXPECT_EQ(again->sequence, sequences[id]) << id;
    }
    EXPECT_EQ(Posted("liability"), 4);
  };
  expect_replays({"id-1", "id-5", "id-7", "id-9"});
  Close();
  Open();
  expect_replays({"id-9", "id-1", "id-7", "id-5"});  // the highest first, before any other
}

TEST_F(LedgerTest, AReversalNegatesOnceAndRestoresCaps) {
  OpenChart(1000);
  TransactionRequest award = Transfer("fund", "payable", 400, "grant.award");
  award.caps = {{"cap/e1", 400, 500, false}};
  auto awarded = Transact(award);
  ASSERT_TRUE(awarded.ok());
  auto reversed = Submit(MakeReverseCommand(awarded->sequence, "found improper"));
  ASSERT_TRUE(reversed.ok()) << reversed.status();
  EXPECT_EQ(Posted("fund"), 1000);
  EXPECT_EQ(Posted("payable"), 0);
  EXPECT_EQ(*ledger_->GetCapUsed(kCity, "cap/e1", 2026), 0);
  auto entry = ledger_->GetEntry(kCity, reversed->sequence);
  EXPECT_EQ((*entry)->type, EntryType::kReversal);
  EXPECT_EQ((*entry)->target_sequence, awarded->sequence);
  // The original is still there, unchanged.
  EXPECT_EQ((*ledger_->GetEntry(kCity, awarded->sequence))->postings, award.postings);
  ExpectRejected(MakeReverseCommand(awarded->sequence, ""), StatusCode::kFailedPrecondition,
                 "ALREADY_REVERSED");
  ExpectRejected(MakeReverseCommand(reversed->sequence, ""), StatusCode::kFailedPrecondition,
                 "NOT_REVERSIBLE");
  ExpectRejected(MakeReverseCommand(999, ""), StatusCode::kNotFound, "ENTRY_NOT_FOUND");
}

TEST_F(LedgerTest, AReversalCannotTakeMoneyThatMovedOn) {
  OpenChart(1000);
  auto issued = Transact(Transfer("fund", "liability", 400));
  ASSERT_TRUE(Transact(Transfer("liability", "payable", 300)).ok());
  ExpectRejected(MakeReverseCommand(issued->sequence, ""), StatusCode::kFailedPrecondition,
                 "INSUFFICIENT_FUNDS");
}

TEST_F(LedgerTest, ReversingAPostedHoldRestoresTheHoldsCaps) {
  OpenChart(1000);
  TransactionRequest hold = Transfer("fund", "payable", 200);
  hold.pending = true;
  hold.caps = {{"quota/e1", 200, 200, false}};
  auto held = Transact(hold);
  auto posted = Submit(MakePostPendingCommand(held->sequence, ""));
  ASSERT_TRUE(posted.ok());
  EXPECT_EQ(*ledger_->GetCapUsed(kCity, "quota/e1", 2026), 200);
  ASSERT_TRUE(Submit(MakeReverseCommand(posted->sequence, "")).ok());
  EXPECT_EQ(*ledger_->GetCapUsed(kCity, "quota/e1", 2026), 0);
  EXPECT_EQ(Posted("fund"), 1000);
  ExpectRejected(MakeReverseCommand(held->sequence, ""), StatusCode::kFailedPrecondition,
                 "NOT_REVERSIBLE");
}

TEST_F(LedgerTest, JournalKeysAreNeverRewritten) {
  OpenChart(10'000);
  testing::RawDump seen;
  for (int round = 0; round < 5; ++round) {
    TransactionRequest hold = Transfer("fund", "liability", 10);
    hold.pending = true;
    hold.hold_timeout = absl::Seconds(10);
    auto held = Transact(hold);
    auto spent = Transact(Transfer("fund", "payable", 5));
    ASSERT_TRUE(held.ok() && spent.ok());
    if (round % 2 == 0) {
      ASSERT_TRUE(Submit(MakePostPendingCommand(held->sequence, "")).ok());
    }
    if (round == 1) clock_.Advance(absl::Seconds(11));  // let the sweep expire the hold
    ASSERT_TRUE(Submit(MakeReverseCommand(spent->sequence, "")).ok());
    (void)Transact(Transfer("fund", "payable", 1'000'000));  // refused: changes nothing
    testing::RawDump journal = testing::OnlyColumnFamily(testing::DumpDatabase(dir_.path()),
                                                         "journal");
    for (const auto& [key, value] : seen) {
      auto it = journal.find(key);
      ASSERT_NE(it, journal.end()) << "a journal key disappeared";
      EXPECT_EQ(it->second, value) << "a journal value was rewritten";
    }
    EXPECT_GT(journal.size(), seen.size());
    seen = journal;
  }
  EXPECT_TRUE(ledger_->Verify(kCity, 0, 0).ok());
}

TEST_F(LedgerTest, ARejectedCommandDoesNotDisturbItsBatch) {
  OpenChart(1000);
  // 100 commands in flight at once: every third overdraws and must fail alone.
  std::vector<absl::StatusOr<Outcome>> outcomes(100, absl::UnknownError("unset"));
  std::atomic<int> done{0};
  for (int i = 0; i < 100; ++i) {
    int64_t amount = i % 3 == 0 ? 1'000'000 : 1;
    ledger_->Submit(testing::MakeWrite(kCity, absl::StrCat("n-", i),
                                       MakeTransactCommand(Transfer("fund", "payable", amount))),
                    [&, i](absl::StatusOr<Outcome> outcome) {
                      outcomes[i] = std::move(outcome);
                      ++done;
                    });
  }
  while (done.load() < 100) absl::SleepFor(absl::Milliseconds(1));
  int paid = 0;
  for (int i = 0; i < 100; ++i) {
    if (i % 3 == 0) {
      EXPECT_EQ(ErrorReason(outcomes[i].status()), "INSUFFICIENT_FUNDS");
    } else {
      ASSERT_TRUE(outcomes[i].ok()) << outcomes[i].status();
      ++paid;
    }
  }
  EXPECT_EQ(Posted("payable"), paid);
  EXPECT_EQ(ledger_->GetHead(kCity)->sequence, 2u + paid);
  EXPECT_TRUE(ledger_->Verify(kCity, 0, 0).ok());
}

// A step that fails after staging some writes leaves none of them: here an account opened
// and a first cap consumed before the postings or the second cap refuse.
TEST_F(LedgerTest, AStepThatFailsHalfwayLeavesNothingItStaged) {
  OpenChart(1000);
  TransactionRequest open_and_overdraw = Transfer("fund", "payable", 1001);
  open_and_overdraw.open_accounts = {{"payable:e9", AccountType::kProviderPayable}};
  ExpectRejected(MakeTransactCommand(open_and_overdraw), StatusCode::kFailedPrecondition,
                 "INSUFFICIENT_FUNDS");
  auto never_opened = ledger_->GetAccount(kCity, "payable:e9");
  ASSERT_TRUE(never_opened.ok()) << never_opened.status();
  EXPECT_FALSE(never_opened->has_value());

  TransactionRequest exhaust = Transfer("fund", "payable", 10, "grant");
  exhaust.caps = {{"budget/p1", 10, 10, false}};
  exhaust.value_date = absl::CivilDay(2025, 3, 1);
  ASSERT_TRUE(Transact(exhaust).ok());
  TransactionRequest two_caps = Transfer("fund", "payable", 5, "grant");
  two_caps.caps = {{"entity/e1", 5, 100, false}, {"budget/p1", 5, 10, false}};
  two_caps.value_date = absl::CivilDay(2025, 3, 1);
  ExpectRejected(MakeTransactCommand(two_caps), StatusCode::kFailedPrecondition,
                 "CAP_EXCEEDED");
  EXPECT_EQ(*ledger_->GetCapUsed(kCity, "entity/e1", 2025), 0);
}

// Scopes nest: a command that goes on after one of its steps failed keeps its other steps
// and nothing of the failed one; a command that fails after a step succeeded keeps nothing.
class TwoStepsCommand final : public Command {
 public:
  TwoStepsCommand(TransactionRequest first, TransactionRequest second, bool fail_at_end)
      : first_(std::move(first)), second_(std::move(second)), fail_at_end_(fail_at_end) {}
  std::string Fingerprint() const override {
    return absl::StrCat("test.two_steps:", first_.postings[0].amount_fen, ":",
                        second_.postings[0].amount_fen, ":", fail_at_end_);
  }
  absl::StatusOr<std::string> Apply(ApplyContext& context) override {
    if (auto first = context.Transact(first_); !first.ok()) return first.status();
    context.PutRecord("test/after-first", "1");
    auto second = context.Transact(second_);  // may fail; the command goes on
    if (fail_at_end_) return absl::FailedPreconditionError("the command gives up");
    return std::string(second.ok() ? "both" : "first only");
  }

 private:
  TransactionRequest first_, second_;
  bool fail_at_end_;
};

TEST_F(LedgerTest, AFailedStepInsideACommandIsUndoneAloneAndAFailedCommandEntirely) {
  OpenChart(1000);
  TransactionRequest pay = Transfer("fund", "payable", 300);
  TransactionRequest open_and_overdraw = Transfer("fund", "liability", 5000);
  open_and_overdraw.open_accounts = {{"payable:e9", AccountType::kProviderPayable}};

  auto outcome = Submit(std::make_unique<TwoStepsCommand>(pay, open_and_overdraw, false));
  ASSERT_TRUE(outcome.ok()) << outcome.status();
  EXPECT_EQ(outcome->body, "first only");
  EXPECT_EQ(Posted("payable"), 300);
  EXPECT_EQ(Posted("fund"), 700);
  auto never_opened = ledger_->GetAccount(kCity, "payable:e9");
  ASSERT_TRUE(never_opened.ok()) << never_opened.status();
  EXPECT_FALSE(never_opened->has_value());
  auto record = ledger_->GetRecord(kCity, "test/after-first");
  ASSERT_TRUE(record.ok()) << record.status();
  EXPECT_TRUE(record->has_value());

  ExpectRejected(std::make_unique<TwoStepsCommand>(Transfer("fund", "payable", 1),
                                                   Transfer("fund", "payable", 2), true),
                 StatusCode::kFailedPrecondition, "");
  EXPECT_EQ(Posted("payable"), 300);
  EXPECT_TRUE(ledger_->Verify(kCity, 0, 0).ok());
}

TEST_F(LedgerTest, ListsEntriesByAccountAndReferenceInPages) {
  OpenChart(1000);
  for (int i = 0; i < 7; ++i) {
    TransactionRequest request = Transfer("fund", i % 2 ? "payable" : "liability", 1);
    request.references = {{"contract", i < 4 ? "HT-1" : "HT-2"}};
    ASSERT_TRUE(Transact(request).ok());
  }
  std::vector<uint64_t> sequences;
  uint64_t after = 0;
  do {
    auto page = ledger_->ListByAccount(kCity, "fund", after, 3);
    ASSERT_TRUE(page.ok());
    for (const auto& entry : page->entries) sequences.push_back(entry.sequence);
    after = page->next_after_sequence;
  } while (after != 0);
  EXPECT_EQ(sequences, (std::vector<uint64_t>{2, 3, 4, 5, 6, 7, 8, 9}));
  auto by_contract = ledger_->ListByReference(kCity, "contract", "HT-1", 0, 100);
  ASSERT_TRUE(by_contract.ok());
  EXPECT_EQ(by_contract->entries.size(), 4u);
  EXPECT_EQ(by_contract->next_after_sequence, 0u);
  EXPECT_EQ(ledger_->ListByAccount(kCity, "fund", 0, 0).status().code(),
            StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace innoledger::storage

namespace innoledger::storage {
namespace {

TEST_F(LedgerTest, DomainRecordsAreStoredAndListedByPrefix) {
  auto outcome = Submit(std::make_unique<testing::PutRecordsCommand>(
      std::vector<std::pair<std::string, std::string>>{
          {"voucher/1", "a"}, {"voucher/2", "b"}, {"voucher/3", "c"}, {"award/1", "x"}}));
  ASSERT_TRUE(outcome.ok());
  EXPECT_EQ(outcome->body, "stored");
  EXPECT_EQ(**ledger_->GetRecord(kCity, "voucher/2"), "b");
  auto first = ledger_->ListRecords(kCity, "voucher/", "", 2);
  ASSERT_TRUE(first.ok());
  ASSERT_EQ(first->size(), 2u);
  EXPECT_EQ((*first)[1].first, "voucher/2");
  auto rest = ledger_->ListRecords(kCity, "voucher/", (*first)[1].first, 10);
  ASSERT_EQ(rest->size(), 1u);
  EXPECT_EQ((*rest)[0], std::make_pair(std::string("voucher/3"), std::string("c")));
  EXPECT_TRUE(ledger_->ListRecords("urumqi", "voucher/", "", 10)->empty());
}

}  // namespace
}  // namespace innoledger::storage

namespace innoledger::storage {
namespace {

// Readers see durable states only — and every acknowledged write is one. Refusals mixed in
// make batches that write nothing; they must not hide earlier batches from readers.
TEST_F(LedgerTest, EveryAcknowledgedWriteIsVisibleToReaders) {
  OpenChart(1'000'000);
  std::atomic<int> invisible{0}, paid{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 32; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 40; ++i) {
        // Odd threads overdraw the fund: refused, they write nothing.
        int64_t amount = t % 2 ? 2'000'000 : 1;
        auto outcome = Transact(Transfer("fund", "payable", amount));
        if (!outcome.ok()) continue;
        ++paid;
        auto entry = ledger_->GetEntry(kCity, outcome->sequence);
        if (!entry.ok() || !entry->has_value()) ++invisible;
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(invisible.load(), 0);
  EXPECT_EQ(Posted("payable"), paid.load());
}

// One history key per account and one index key per reference per batch, listing the
// batch's entries with it: pages that start or end inside such a key list every entry
// once, in order, and a command the batch refused leaves no sequence in it.
TEST_F(LedgerTest, EntriesOfOneBatchAreListedByAccountAndReferenceInPages) {
  OpenChart(1000);  // entries 1 (open) and 2 (appropriation → fund)
  std::vector<std::unique_ptr<Command>> commands;
  for (int i = 1; i <= 8; ++i) {
    TransactionRequest request =
        Transfer("fund", i % 2 ? "payable" : "liability", i == 4 ? 5000 : 1);
    request.references = {{"contract", i <= 4 ? "HT-1" : "HT-2"}};
    if (i == 5 || i == 8) request.references.push_back(request.references[0]);  // named twice
    commands.push_back(MakeTransactCommand(std::move(request)));  // 4 overdraws the fund
  }
  std::vector<absl::StatusOr<Outcome>> outcomes = SubmitAsOneBatch(std::move(commands));
  outcomes.insert(outcomes.begin(), absl::UnknownError("numbered from 1"));
  ASSERT_EQ(ErrorReason(outcomes[4].status()), "INSUFFICIENT_FUNDS");
  std::vector<uint64_t> fund = {2}, ht1, ht2;
  for (int i = 1; i <= 8; ++i) {
    if (i == 4) continue;
    ASSERT_TRUE(outcomes[i].ok()) << i << ": " << outcomes[i].status();
    fund.push_back(outcomes[i]->sequence);
    (i <= 4 ? ht1 : ht2).push_back(outcomes[i]->sequence);
  }
  EXPECT_EQ(fund.back(), fund[1] + 6);  // the seven accepted transfers, one after another

  for (int page_size : {1, 2, 3, 100}) {
    EXPECT_EQ(ListedByAccount("fund", page_size), fund) << "pages of " << page_size;
    EXPECT_EQ(ListedByReference("contract", "HT-1", page_size), ht1);
    EXPECT_EQ(ListedByReference("contract", "HT-2", page_size), ht2);
  }
  // Starting after an entry in the middle of the batch's key.
  auto rest = ledger_->ListByAccount(kCity, "fund", fund[3], 100);
  ASSERT_TRUE(rest.ok());
  ASSERT_EQ(rest->entries.size(), fund.size() - 4);
  EXPECT_EQ(rest->entries[0].sequence, fund[4]);

  // The fund's history: a key for the batch that opened it (listing nothing), one for the
  // batch that funded it, one for the batch of seven.
  EXPECT_EQ(testing::KeysUnder(dir_.path(), "accounts", format::AccountHistoryPrefix(kCity, "fund"))
                .size(),
            3u);
}

// A command undone after it appended (two steps, then it gives up) leaves nothing in the
// batch's account-history and reference keys: not in those it started (liability's,
// HT-9's) nor in those it added to and overwrote the record of (payable's and fund's,
// after A). C then gets B's first sequence.
TEST_F(LedgerTest, ACommandUndoneInsideABatchLeavesNothingInItsIndexKeys) {
  OpenChart(1000);
  TransactionRequest to_liability = Transfer("fund", "liability", 2);
  to_liability.references = {{"contract", "HT-9"}};
  TransactionRequest to_payable = Transfer("fund", "payable", 3);
  to_payable.references = {{"contract", "HT-9"}};
  std::vector<std::unique_ptr<Command>> commands;
  commands.push_back(MakeTransactCommand(Transfer("fund", "payable", 1)));           // A
  commands.push_back(std::make_unique<TwoStepsCommand>(to_payable, to_liability, true));  // B
  commands.push_back(MakeTransactCommand(Transfer("fund", "liability", 4)));         // C
  std::vector<absl::StatusOr<Outcome>> outcomes = SubmitAsOneBatch(std::move(commands));
  ASSERT_TRUE(outcomes[0].ok()) << outcomes[0].status();
  ASSERT_FALSE(outcomes[1].ok());
  ASSERT_TRUE(outcomes[2].ok()) << outcomes[2].status();
  const uint64_t a = outcomes[0]->sequence, c = outcomes[2]->sequence;
  EXPECT_EQ(c, a + 1);
  EXPECT_EQ(ListedByAccount("payable", 10), std::vector<uint64_t>{a});
  EXPECT_EQ(ListedByAccount("liability", 10), std::vector<uint64_t>{c});
  EXPECT_EQ(ListedByAccount("fund", 10), (std::vector<uint64_t>{2, a, c}));
  EXPECT_TRUE(ListedByReference("contract", "HT-9", 10).empty());
  EXPECT_EQ(Posted("payable"), 1);
}

// An account's history only gains keys: each batch that changes an account adds one key
// (the state after the batch, then the entries that posted to it), earlier keys stay
// byte for byte, and the last key is the account's state. Ids that start like another
// ("pay", "pay2", "pay:1", and the chart's "payable") never read each other's keys.
TEST_F(LedgerTest, AnAccountsHistoryOnlyGainsKeysAndItsLastKeyIsItsState) {
  OpenChart(1000);
  TransactionRequest open;
  open.kind = "test.open";
  open.open_accounts = {{"pay", AccountType::kProviderPayable},
                        {"pay2", AccountType::kProviderPayable},
                        {"pay:1", AccountType::kProviderPayable}};
  ASSERT_TRUE(Transact(open).ok());
  TransactionRequest hold = Transfer("fund", "pay", 40);
  hold.pending = true;
  auto held = Transact(hold);
  ASSERT_TRUE(held.ok()) << held.status();

  struct Step {
    std::function<absl::StatusOr<Outcome>()> run;
    std::vector<std::string> changed;
    std::vector<std::string> listing_it;  // the accounts whose new key lists the entry
  };
  const std::vector<Step> steps = {
      {[&] { return Transact(Transfer("fund", "pay", 5)); }, {"fund", "pay"}, {"fund", "pay"}},
      {[&] { return Transact(Transfer("fund", "pay2", 7)); }, {"fund", "pay2"}, {"fund", "pay2"}},
      {[&] { return Transact(Transfer("fund", "pay", 11)); }, {"fund", "pay"}, {"fund", "pay"}},
      // A void changes both accounts (their pending amounts) and posts to neither.
      {[&] { return Submit(MakeVoidPendingCommand(held->sequence, "no")); }, {"fund", "pay"}, {}},
      {[&] { return Transact(Transfer("fund", "pay:1", 13)); }, {"fund", "pay:1"}, {"fund", "pay:1"}},
  };
  for (size_t i = 0; i < steps.size(); ++i) {
    const testing::RawDump before =
        testing::OnlyColumnFamily(testing::DumpDatabase(dir_.path()), "accounts");
    auto outcome = steps[i].run();
    ASSERT_TRUE(outcome.ok()) << i << ": " << outcome.status();
    const testing::RawDump after =
        testing::OnlyColumnFamily(testing::DumpDatabase(dir_.path()), "accounts");
    for (const auto& [key, value] : before) {
      auto kept = after.find(key);
      ASSERT_TRUE(kept != after.end() && kept->second == value) << "step " << i << " rewrote a key";
    }
    ASSERT_EQ(after.size(), before.size() + steps[i].changed.size()) << "step " << i;
    for (const std::string& id : steps[i].changed) {
      const std::string prefix = format::AccountHistoryPrefix(kCity, id);
      const std::vector<std::string> keys = testing::KeysUnder(dir_.path(), "accounts", prefix);
      ASSERT_FALSE(keys.empty());
      EXPECT_EQ(format::TrailingSequence(keys.back()), outcome->sequence) << id;
      auto history = format::DecodeAccountHistory(id, keys.back(), after.at({"accounts", keys.back()}));
      ASSERT_TRUE(history.ok()) << history.status();
      const bool lists_it = std::count(steps[i].listing_it.begin(), steps[i].listing_it.end(), id);
      EXPECT_EQ(history->listed, lists_it ? std::vector<uint64_t>{outcome->sequence}
                                          : std::vector<uint64_t>{})
          << "step " << i << ", " << id;
      const AccountState state = Account(id);
      EXPECT_EQ(history->state.posted_fen, state.posted_fen) << id;
      EXPECT_EQ(history->state.pending_out_fen, state.pending_out_fen) << id;
      EXPECT_EQ(history->state.pending_in_fen, state.pending_in_fen) << id;
    }
  }
  EXPECT_EQ(Posted("pay"), 16);
  EXPECT_EQ(Account("pay").pending_in_fen, 0);
  EXPECT_EQ(Posted("pay2"), 7);
  EXPECT_EQ(Posted("pay:1"), 13);
  EXPECT_EQ(Posted("fund"), 1000 - 36);
  // The hold and the two transfers; not the void, which posts nothing.
  EXPECT_EQ(ListedByAccount("pay", 1), (std::vector<uint64_t>{held->sequence, held->sequence + 1,
                                                               held->sequence + 3}));

  // Every account once, in id order, as its last key says, in pages of any size.
  const std::vector<std::string> ids = {"appropriation", "fund", "liability", "pay",
                                        "pay2",          "pay:1", "payable"};
  for (int page_size : {1, 2, 3, 100}) {
    std::vector<std::string> listed;
    std::string after_id;
    while (true) {
      auto page = ledger_->ListAccounts(kCity, after_id, page_size);
      ASSERT_TRUE(page.ok()) << page.status();
      if (page->empty()) break;
      for (const AccountState& account : *page) {
        listed.push_back(account.id);
        EXPECT_EQ(account.posted_fen, Posted(account.id)) << account.id;
      }
      after_id = page->back().id;
    }
    EXPECT_EQ(listed, ids) << "pages of " << page_size;
  }
}

}  // namespace
}  // namespace innoledger::storage
