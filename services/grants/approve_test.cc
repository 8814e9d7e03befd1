// The money rules of Attachment 2 through a real ledger, one row per rule and the cases
// that bite, in order against one ledger (so caps accumulate as they would), each amount
// computed by hand in its comment (1万 = 1,000,000 fen). Day: 2025-06-01 unless said.
#include "services/grants/approve.h"

#include <thread>

#include "absl/strings/str_join.h"
#include "services/grants/filing.h"
#include "services/grants/keys.h"
#include "services/grants/requests.h"
#include "services/grants/testing/grants_fixture.h"

namespace innoledger::grants {
namespace {

using namespace testing;  // NOLINT: the fixture's names

struct Row {
  const char* policy;
  const char* entity;
  const char* item;
  Facts facts;
  int64_t expected_fen;  // the award's amount (year 1 for a stepped rule); 0: refused
  const char* expected;  // the refusal's reason, or the binding cap ("" for none)
};

// clang-format off
const Row kRows[] = {
  // Policy 3: the year-1 grant 200万; the ≤ 500万 investment of years 2-3 is not paid now.
  {"changji.3", kEntity, "P-1", {{"major_breakthrough", 1}}, 200 * W, ""},
  // Policy 4, one entity, one year. 3% of 2,000万 = 60万 > 50万 per contract → 50万.
  {"changji.4", kEntity, "HT-1", {{"transaction_amount_fen", 2000 * W}}, 50 * W, "per_item"},
  // Again 60万 → 50万; 100万 of the 150万 yearly cap now used.
  {"changji.4", kEntity, "HT-2", {{"transaction_amount_fen", 2000 * W}}, 50 * W, "per_item"},
  // 3% of 1,000万 = 30万, under both caps; 130万 used.
  {"changji.4", kEntity, "HT-3", {{"transaction_amount_fen", 1000 * W}}, 30 * W, ""},
  // 3% of 1,500万 = 45万, but 150 − 130 = 20万 are left this year: pays 20万, says so.
  {"changji.4", kEntity, "HT-4", {{"transaction_amount_fen", 1500 * W}}, 20 * W, "per_entity_year"},
  // A fifth contract: the 150万 are used up, nothing to pay.
  {"changji.4", kEntity, "HT-5", {{"transaction_amount_fen", 500 * W}}, 0, "CAP_REACHED"},
  // Another entity's contract is under its own yearly cap: 3% of 100万 = 3万.
  {"changji.4", kEntity2, "HT-6", {{"transaction_amount_fen", 100 * W}}, 3 * W, ""},
  // Policy 5: 10% of 1,500万 = 150万 ≤ 200万; 10% of 3,000万 = 300万 → 200万 per base.
  {"changji.5", kEntity, "BASE-1", {{"investment_fen", 1500 * W}}, 150 * W, ""},
  {"changji.5", kEntity, "BASE-2", {{"investment_fen", 3000 * W}}, 200 * W, "per_item"},
  // Policy 6: unicorn 300万 once; the same unicorn award twice is refused.
  {"changji.6.unicorn", kEntity, "", {{"listed_unicorn", 1}}, 300 * W, ""},
  {"changji.6.unicorn", kEntity, "", {{"listed_unicorn", 1}}, 0, "ALREADY_AWARDED"},
  // Gazelle 100万; an entity not on the list is not eligible.
  {"changji.6.gazelle", kEntity, "", {{"listed_gazelle", 1}}, 100 * W, ""},
  {"changji.6.gazelle", kEntity2, "", {{"listed_gazelle", 0}}, 0, "NOT_ELIGIBLE"},
  // New high-tech enterprise 20万; moving in whole from outside Xinjiang counts as first
  // recognition; neither is not eligible.
  {"changji.6.high_tech", kEntity, "", {{"newly_recognised_high_tech", 1}, {"moved_in_from_outside_xinjiang", 0}}, 20 * W, ""},
  {"changji.6.high_tech", kEntity2, "", {{"newly_recognised_high_tech", 0}, {"moved_in_from_outside_xinjiang", 1}}, 20 * W, ""},
  {"changji.6.high_tech", kEntity3, "", {{"newly_recognised_high_tech", 0}, {"moved_in_from_outside_xinjiang", 0}}, 0, "NOT_ELIGIBLE"},
  // Policy 7: 5% of 600万 tax saved = 30万; then 5% of 1,000万 = 50万 but only
  // 50 − 30 = 20万 are left of the 50万 a year; 5% of 2,000万 = 100万 → 50万.
  {"changji.7", kEntity, "", {{"tax_saved_fen", 600 * W}}, 30 * W, ""},
  {"changji.7", kEntity, "", {{"tax_saved_fen", 1000 * W}}, 20 * W, "per_entity_year"},
  {"changji.7", kEntity2, "", {{"tax_saved_fen", 2000 * W}}, 50 * W, "per_entity_year"},
  // Policy 8: 15 patents with 3 inventions (3/15 = 20%) → 10万; 14 patents → not eligible;
  // 15 with 2 inventions (13%) but 12 utility models (80%) → 10万; 2 and 11 (73%) → no.
  {"changji.8.patents", kEntity, "", {{"patents_granted", 15}, {"invention_patents", 3}, {"utility_patents", 0}}, 10 * W, ""},
  {"changji.8.patents", kEntity2, "", {{"patents_granted", 14}, {"invention_patents", 14}, {"utility_patents", 0}}, 0, "NOT_ELIGIBLE"},
  {"changji.8.patents", kEntity3, "", {{"patents_granted", 15}, {"invention_patents", 2}, {"utility_patents", 12}}, 10 * W, ""},
  {"changji.8.patents", kEntity4, "", {{"patents_granted", 15}, {"invention_patents", 2}, {"utility_patents", 11}}, 0, "NOT_ELIGIBLE"},
  // Once a year: the 10万 yearly cap is used.
  {"changji.8.patents", kEntity, "", {{"patents_granted", 30}, {"invention_patents", 10}, {"utility_patents", 0}}, 0, "CAP_REACHED"},
  // Standards: 20 / 15 / 5万 per standard; the same national standard twice pays nothing.
  {"changji.8.standard.national", kEntity, "GB-1", {}, 20 * W, ""},
  {"changji.8.standard.industry", kEntity, "HB-1", {}, 15 * W, ""},
  {"changji.8.standard.local", kEntity, "DB-1", {}, 5 * W, ""},
  {"changji.8.standard.national", kEntity, "GB-1", {}, 0, "CAP_REACHED"},
  // Policy 9: platforms recognised this year 100 / 20万; stations 50 / 40 / 20万.
  {"changji.9.platform.national", kEntity, "LAB-1", {{"recognised_this_year", 1}}, 100 * W, ""},
  {"changji.9.platform.region", kEntity, "LAB-2", {{"recognised_this_year", 1}}, 20 * W, ""},
  {"changji.9.academician_station", kEntity, "ST-1", {{"recognised_this_year", 1}}, 50 * W, ""},
  {"changji.9.postdoc_station", kEntity, "ST-2", {{"recognised_this_year", 1}}, 40 * W, ""},
  {"changji.9.postdoc_base", kEntity, "ST-3", {{"recognised_this_year", 1}}, 20 * W, ""},
  {"changji.9.platform.region", kEntity2, "LAB-3", {{"recognised_this_year", 0}}, 0, "NOT_ELIGIBLE"},
  // Policy 10: 30万 once.
  {"changji.10", kEntity, "", {{"recognised_this_year", 1}}, 30 * W, ""},
  {"changji.10", kEntity, "", {{"recognised_this_year", 1}}, 0, "ALREADY_AWARDED"},
  // Policy 11: an off-site platform with 999万 invested is under the 1,000万 threshold;
  // 3,000万 × 5% = 150万 → 100万 per platform, not 150万; 1,000万 exactly → 50万.
  {"changji.11", kEntity, "OFF-1", {{"investment_fen", 999 * W}, {"recognised_this_year", 1}}, 0, "NOT_ELIGIBLE"},
  {"changji.11", kEntity, "OFF-2", {{"investment_fen", 3000 * W}, {"recognised_this_year", 1}}, 100 * W, "per_item"},
  {"changji.11", kEntity, "OFF-3", {{"investment_fen", 1000 * W}, {"recognised_this_year", 1}}, 50 * W, ""},
  // Policy 12: excellent (4) pays what was decided, up to 50万; 60万 decided → 50万;
  // good (3) pays nothing.
  {"changji.12", kEntity, "", {{"assessment_grade", 4}, {"subsidy_decided_fen", 60 * W}}, 50 * W, ""},
  {"changji.12", kEntity2, "", {{"assessment_grade", 4}, {"subsidy_decided_fen", 30 * W}}, 30 * W, ""},
  {"changji.12", kEntity3, "", {{"assessment_grade", 3}, {"subsidy_decided_fen", 30 * W}}, 0, "NOT_ELIGIBLE"},
  // Policy 13: year 1 of a 双创 base is 50万, of an incubator 30万 — scheduled, not paid
  // (tranches_test.cc follows their years).
  {"changji.13.base", kEntity, "", {}, 50 * W, ""},
  {"changji.13.incubator", kEntity2, "", {}, 30 * W, ""},
  // Who may receive money at all: a bad record (kEntity5, see below) is not eligible.
  {"changji.6.gazelle", kEntity5, "", {{"listed_gazelle", 1}}, 0, "NOT_ELIGIBLE"},
};
// clang-format on

class ApproveTest : public GrantsTest {};

TEST_F(ApproveTest, EveryRuleOfAttachmentTwo) {
  registry_.SetBadRecord(kEntity5, true);
  int64_t paid_fen = 0;
  int number = 0;
  for (const Row& row : kRows) {
    const std::string award_id = absl::StrCat("A-", ++number);
    SCOPED_TRACE(absl::StrCat(award_id, " ", row.policy, " ", row.item));
    auto award = Run(MakeApproveCommand(
        Policy(row.policy), App(award_id, row.entity, row.item, row.facts), &registry_));
    if (row.expected_fen == 0) {
      EXPECT_EQ(ErrorReason(award.status()), row.expected) << award.status();
      continue;
    }
    ASSERT_TRUE(award.ok()) << award.status();
    EXPECT_EQ(award->computation().amount_fen(), row.expected_fen);
    EXPECT_EQ(award->computation().bound_by(), row.expected);
    paid_fen += PaidAtApproval(*award);
  }
  // Everything but the two stepped awards was paid from the grants fund into payables;
  // policy 3's investment part has not touched the innovation fund.
  EXPECT_EQ(Balance("fund:grants"), 100'000 * W - paid_fen);
  EXPECT_EQ(Balance("fund:innovation"), 100'000 * W);
  EXPECT_EQ(Balance(PayableAccount(kEntity)) + Balance(PayableAccount(kEntity2)) +
                Balance(PayableAccount(kEntity3)),
            paid_fen);
  EXPECT_EQ(*ledger_->GetCapUsed(kCity, EntityYearScope("changji.4", kEntity), 2025), 150 * W);
}

TEST_F(ApproveTest, ACapReachedPartWayPaysTheHeadroomAndSaysSo) {
  const v1::Policy& transfer = Policy("changji.4");
  for (int i = 0; i < 3; ++i) {  // 50 + 50 + 30 = 130万 of the 150万
    const int64_t amount = i < 2 ? 2000 * W : 1000 * W;
    ASSERT_TRUE(Run(MakeApproveCommand(transfer,
                                       App(absl::StrCat("C-", i), kEntity, absl::StrCat("HT-", i),
                                           {{"transaction_amount_fen", amount}}),
                                       &registry_))
                    .ok());
  }
  auto fourth = Run(MakeApproveCommand(
      transfer, App("C-4", kEntity, "HT-4", {{"transaction_amount_fen", 1500 * W}}), &registry_));
  ASSERT_TRUE(fourth.ok()) << fourth.status();
  const v1::AwardComputation& how = fourth->computation();
  EXPECT_EQ(how.uncapped_fen(), 45 * W);
  EXPECT_EQ(how.amount_fen(), 20 * W);
  EXPECT_EQ(how.cut_fen(), 25 * W);
  ASSERT_EQ(how.caps_size(), 2);
  EXPECT_EQ(how.caps(0).cut_fen(), 0);  // 50万 per contract does not bind 45万
  EXPECT_EQ(how.caps(1).used_fen(), 130 * W);
  EXPECT_EQ(how.caps(1).headroom_fen(), 20 * W);
  EXPECT_EQ(how.caps(1).cut_fen(), 25 * W);
  EXPECT_EQ(absl::StrJoin(how.steps(), "\n"),
            "transaction_amount_fen 15000000.00 × 3.00% (300 bp) = 450000.00, rounded down to "
            "the fen\n"
            "per_item cap 500000.00: 0.00 used, 500000.00 left: not binding\n"
            "per_entity_year cap 1500000.00: 1300000.00 used, 200000.00 left: pays the "
            "200000.00 left, cutting 250000.00\n"
            "pays 200000.00, bound by the per_entity_year cap");
  ExpectRejected(
      MakeApproveCommand(
          transfer, App("C-5", kEntity, "HT-5", {{"transaction_amount_fen", 100 * W}}), &registry_),
      absl::StatusCode::kFailedPrecondition, "CAP_REACHED");
}

TEST_F(ApproveTest, SixtyFourConcurrentApprovalsNeverPassTheCap) {
  // Each 1,000万 contract pays 30万: five fit in the 150万 a year, 59 find nothing left;
  // and of 64 racing unicorn awards for one entity exactly one is paid.
  std::atomic<int> paid{0}, capped{0}, unicorns{0}, refused_unicorns{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < 64; ++i) {
    threads.emplace_back([&, i] {
      auto award =
          Run(MakeApproveCommand(Policy("changji.4"),
                                 App(absl::StrCat("R-", i), kEntity, absl::StrCat("HT-", i),
                                     {{"transaction_amount_fen", 1000 * W}}, std::nullopt),
                                 &registry_));
      if (award.ok()) {
        ++paid;
      } else if (ErrorReason(award.status()) == "CAP_REACHED") {
        ++capped;
      }
      auto unicorn = Run(MakeApproveCommand(
          Policy("changji.6.unicorn"),
          App(absl::StrCat("U-", i), kEntity2, "", {{"listed_unicorn", 1}}), &registry_));
      if (unicorn.ok()) {
        ++unicorns;
      } else if (ErrorReason(unicorn.status()) == "ALREADY_AWARDED") {
        ++refused_unicorns;
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(paid.load(), 5);
  EXPECT_EQ(capped.load(), 59);
  EXPECT_EQ(Balance(PayableAccount(kEntity)), 150 * W);
  EXPECT_EQ(*ledger_->GetCapUsed(kCity, EntityYearScope("changji.4", kEntity), 2025), 150 * W);
  EXPECT_EQ(unicorns.load(), 1);
  EXPECT_EQ(refused_unicorns.load(), 63);
  EXPECT_EQ(Balance(PayableAccount(kEntity2)), 300 * W);
}

TEST_F(ApproveTest, TheFiscalYearIsTheChinaTimeDayOfTheBatch) {
  const v1::Policy& transfer = Policy("changji.4");
  for (int i = 0; i < 3; ++i) {  // 50 + 50 + 50 = 150万: 2025 is used up
    ASSERT_TRUE(Run(MakeApproveCommand(transfer,
                                       App(absl::StrCat("Y-", i), kEntity, absl::StrCat("HT-", i),
                                           {{"transaction_amount_fen", 2000 * W}}),
                                       &registry_))
                    .ok());
  }
  // 2025-12-31 23:30 in China is 15:30 UTC: an approval dated by the batch counts in 2025.
  SetChinaTime(absl::CivilSecond(2025, 12, 31, 23, 30, 0));
  EXPECT_EQ(FiscalYearOf(clock_.Now()), 2025);
  ExpectRejected(MakeApproveCommand(transfer,
                                    App("late", kEntity, "HT-late",
                                        {{"transaction_amount_fen", 100 * W}}, std::nullopt),
                                    &registry_),
                 absl::StatusCode::kFailedPrecondition, "CAP_REACHED");
  // 40 minutes later it is 2026 in China (still 2025 in UTC): Changji's window has closed.
  SetChinaTime(absl::CivilSecond(2026, 1, 1, 0, 10, 0));
  ExpectRejected(MakeApproveCommand(transfer,
                                    App("early", kEntity, "HT-early",
                                        {{"transaction_amount_fen", 100 * W}}, std::nullopt),
                                    &registry_),
                 absl::StatusCode::kNotFound, "POLICY_NOT_IN_FORCE");
}

TEST_F(ApproveTest, AFundNeverPaysMoreThanItHolds) {
  OpenFunds({"fund:small"}, 60 * W);
  v1::Policy unicorn = Policy("changji.6.gazelle");  // 100万, from a fund of 60万
  unicorn.set_fund_account("fund:small");
  ExpectRejected(
      MakeApproveCommand(unicorn, App("G-1", kEntity, "", {{"listed_gazelle", 1}}), &registry_),
      absl::StatusCode::kFailedPrecondition, "INSUFFICIENT_FUNDS");
}

TEST_F(ApproveTest, AFiledApplicationIsWhatIsApproved) {
  const v1::Policy& transfer = Policy("changji.4");
  const Application filed = App("F-1", kEntity, "HT-1", {{"transaction_amount_fen", 1000 * W}});
  auto record = Run(MakeFileCommand(transfer, filed));
  ASSERT_TRUE(record.ok()) << record.status();
  EXPECT_EQ(record->state(), v1::AWARD_STATE_FILED);
  EXPECT_EQ(Balance(PayableAccount(kEntity)), 0);  // filing moves no money
  ExpectRejected(MakeFileCommand(transfer, filed), absl::StatusCode::kAlreadyExists,
                 "AWARD_EXISTS");
  // Approving other facts than were filed is refused; the filed ones pay 30万.
  ExpectRejected(MakeApproveCommand(
                     transfer, App("F-1", kEntity, "HT-1", {{"transaction_amount_fen", 2000 * W}}),
                     &registry_),
                 absl::StatusCode::kFailedPrecondition, "APPLICATION_MISMATCH");
  auto approved = Run(MakeApproveCommand(transfer, filed, &registry_));
  ASSERT_TRUE(approved.ok()) << approved.status();
  EXPECT_EQ(approved->state(), v1::AWARD_STATE_APPROVED);
  EXPECT_EQ(approved->filed_date(), "2025-06-01");
  EXPECT_EQ(Balance(PayableAccount(kEntity)), 30 * W);
  ExpectRejected(MakeApproveCommand(transfer, filed, &registry_), absl::StatusCode::kAlreadyExists,
                 "AWARD_EXISTS");
}

TEST_F(ApproveTest, TheRegistryDecidesItsOwnFacts) {
  // An application cannot claim "no bad record": the registry's facts lie over its own.
  registry_.SetBadRecord(kEntity, true);
  ExpectRejected(
      MakeApproveCommand(Policy("changji.6.gazelle"),
                         App("G-1", kEntity, "", {{"listed_gazelle", 1}, {"bad_record", 0}}),
                         &registry_),
      absl::StatusCode::kFailedPrecondition, "NOT_ELIGIBLE");
  registry_.SetBadRecord(kEntity, false);
  EXPECT_TRUE(Run(MakeApproveCommand(Policy("changji.6.gazelle"),
                                     App("G-1", kEntity, "", {{"listed_gazelle", 1}}), &registry_))
                  .ok());
  // Without a registry wired in, the rule needs the application to state them.
  ExpectRejected(MakeApproveCommand(Policy("changji.6.unicorn"),
                                    App("U-1", kEntity, "", {{"listed_unicorn", 1}})),
                 absl::StatusCode::kInvalidArgument, "FACT_MISSING");
}

}  // namespace
}  // namespace innoledger::grants
