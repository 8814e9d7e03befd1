// Multi-year awards through the ledger: a national 双创 base approved in 2024 has tranches
// 50万 (2024), 30万 (2025) and 20万 (2026, after the 2025-12-31 window, kept because the
// catalogue says HONOUR); each is paid only once its year's assessment passes, and a
// failed 2025 assessment forfeits 2025 alone. A bad record holds every unpaid tranche.
// Policy 3's investment years book equity, not grants.
#include "services/grants/tranches.h"

#include "services/grants/approve.h"
#include "services/grants/hold.h"
#include "services/grants/keys.h"
#include "services/grants/testing/grants_fixture.h"

namespace innoledger::grants {
namespace {

using namespace testing;  // NOLINT: the fixture's names

class TranchesTest : public GrantsTest {
 protected:
  const v1::Policy& Base() { return Policy("changji.13.base", absl::CivilDay(2024, 5, 1)); }

  absl::StatusOr<v1::AwardRecord> ApproveBase(const std::string& award_id,
                                              const std::string& entity = kEntity) {
    return Run(MakeApproveCommand(Base(), App(award_id, entity, "", {}, absl::CivilDay(2024, 5, 1)),
                                  &registry_));
  }
  absl::StatusOr<v1::AwardRecord> Assess(const std::string& award_id, int32_t year, bool passed) {
    return Run(MakeAssessCommand(Base(), award_id, year, passed, &registry_));
  }
};

TEST_F(TranchesTest, EachYearPaysOnlyAfterItsAssessment) {
  auto approved = ApproveBase("B-1");
  ASSERT_TRUE(approved.ok()) << approved.status();
  ASSERT_EQ(approved->tranches_size(), 3);
  const int64_t expected_fen[] = {50 * W, 30 * W, 20 * W};
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(approved->tranches(i).fiscal_year(), 2024 + i);
    EXPECT_EQ(approved->tranches(i).amount_fen(), expected_fen[i]);
    EXPECT_EQ(approved->tranches(i).state(), v1::TRANCHE_STATE_SCHEDULED);
    EXPECT_EQ(approved->tranches(i).after_window(), i == 2);  // 2026 is after 2025-12-31
  }
  EXPECT_EQ(Balance("fund:grants"), 100'000 * W);  // approval pays nothing yet

  ASSERT_TRUE(Assess("B-1", 2024, true).ok());
  ASSERT_TRUE(Assess("B-1", 2025, false).ok());
  // The 2026 assessment cannot happen in 2025 (China time).
  ExpectRejected(MakeAssessCommand(Base(), "B-1", 2026, true, &registry_),
                 absl::StatusCode::kFailedPrecondition, "TRANCHE_NOT_DUE");
  SetChinaTime(absl::CivilSecond(2026, 4, 1, 9, 0, 0));
  ASSERT_TRUE(Assess("B-1", 2026, true).ok());
  const v1::AwardRecord award = Award("B-1");
  EXPECT_EQ(award.tranches(0).state(), v1::TRANCHE_STATE_PAYABLE);
  EXPECT_EQ(award.tranches(1).state(), v1::TRANCHE_STATE_FORFEITED);
  EXPECT_EQ(award.tranches(2).state(), v1::TRANCHE_STATE_PAYABLE);
  // 50万 + 20万; the forfeited 30万 stays in the fund.
  EXPECT_EQ(Balance(PayableAccount(kEntity)), 70 * W);
  EXPECT_EQ(Balance("fund:grants"), 100'000 * W - 70 * W);
  // Tranches count in the entity's usage of the year they are paid.
  EXPECT_EQ(*ledger_->GetCapUsed(kCity, EntityYearScope("changji.13.base", kEntity), 2026), 20 * W);
}

TEST_F(TranchesTest, RefusalsChangeNothing) {
  ASSERT_TRUE(ApproveBase("B-1").ok());
  ASSERT_TRUE(Assess("B-1", 2024, true).ok());
  ExpectRejected(MakeAssessCommand(Base(), "B-1", 2024, true, &registry_),
                 absl::StatusCode::kFailedPrecondition, "TRANCHE_NOT_DUE");
  ExpectRejected(MakeAssessCommand(Base(), "B-1", 2027, true, &registry_),
                 absl::StatusCode::kNotFound, "TRANCHE_NOT_FOUND");
  ExpectRejected(MakeAssessCommand(Base(), "B-9", 2024, true, &registry_),
                 absl::StatusCode::kNotFound, "AWARD_NOT_FOUND");
  ExpectRejected(MakeAssessCommand(Policy("changji.13.incubator"), "B-1", 2025, true, &registry_),
                 absl::StatusCode::kFailedPrecondition, "APPLICATION_MISMATCH");
  // The same base twice for one entity: once only.
  ExpectRejected(MakeApproveCommand(Base(), App("B-2", kEntity, "", {}, absl::CivilDay(2024, 6, 1)),
                                    &registry_),
                 absl::StatusCode::kFailedPrecondition, "ALREADY_AWARDED");
}

TEST_F(TranchesTest, ABadRecordHoldsEveryUnpaidTrancheUntilCleared) {
  ASSERT_TRUE(ApproveBase("B-1").ok());
  ASSERT_TRUE(
      Run(MakeApproveCommand(Policy("changji.13.incubator", absl::CivilDay(2025, 2, 1)),
                             App("I-1", kEntity, "", {}, absl::CivilDay(2025, 2, 1)), &registry_))
          .ok());
  ASSERT_TRUE(Assess("B-1", 2024, true).ok());
  // The registry records a bad record: before the hold runs, the next tranche is refused...
  registry_.SetBadRecord(kEntity, true);
  ExpectRejected(MakeAssessCommand(Base(), "B-1", 2025, true, &registry_),
                 absl::StatusCode::kFailedPrecondition, "NOT_ELIGIBLE");
  // ...and the hold parks every unpaid tranche of both awards.
  auto held = Submit(MakeHoldForBadRecordCommand(kEntity, "tax violation 2025-05"));
  ASSERT_TRUE(held.ok()) << held.status();
  v1::OpenAwards touched;
  ASSERT_TRUE(touched.ParseFromString(held->body));
  EXPECT_EQ(touched.award_ids_size(), 2);
  EXPECT_EQ(Award("B-1").tranches(0).state(), v1::TRANCHE_STATE_PAYABLE);  // paid stays paid
  EXPECT_EQ(Award("B-1").tranches(1).state(), v1::TRANCHE_STATE_HELD);
  EXPECT_EQ(Award("I-1").tranches(0).state(), v1::TRANCHE_STATE_HELD);
  ExpectRejected(MakeAssessCommand(Base(), "B-1", 2025, true, &registry_),
                 absl::StatusCode::kFailedPrecondition, "TRANCHE_NOT_DUE");
  ExpectRejected(MakeReleaseHoldCommand(kEntity, "appeal", &registry_),
                 absl::StatusCode::kFailedPrecondition, "BAD_RECORD");
  // Cleared: the tranches wait for their assessments again.
  registry_.SetBadRecord(kEntity, false);
  ASSERT_TRUE(Submit(MakeReleaseHoldCommand(kEntity, "record cleared", &registry_)).ok());
  EXPECT_EQ(Award("B-1").tranches(1).state(), v1::TRANCHE_STATE_SCHEDULED);
  ASSERT_TRUE(Assess("B-1", 2025, true).ok());
  EXPECT_EQ(Balance(PayableAccount(kEntity)), 80 * W);  // 50 + 30万
}

TEST_F(TranchesTest, AfterExpiryStopRecordsTheLateTrancheAsStopped) {
  v1::Policy stopped = Base();
  stopped.set_after_expiry(v1::AFTER_EXPIRY_STOP);
  auto award = Run(MakeApproveCommand(
      stopped, App("B-3", kEntity, "", {}, absl::CivilDay(2024, 5, 1)), &registry_));
  ASSERT_TRUE(award.ok()) << award.status();
  ASSERT_EQ(award->tranches_size(), 3);
  EXPECT_EQ(award->tranches(2).state(), v1::TRANCHE_STATE_STOPPED);
  SetChinaTime(absl::CivilSecond(2026, 4, 1, 9, 0, 0));
  ExpectRejected(MakeAssessCommand(stopped, "B-3", 2026, true, &registry_),
                 absl::StatusCode::kFailedPrecondition, "TRANCHE_NOT_DUE");
}

TEST_F(TranchesTest, PolicyThreeInvestsEquityOutsideTheGrantCaps) {
  const v1::Policy& achievement = Policy("changji.3");
  auto award = Run(MakeApproveCommand(
      achievement, App("M-1", kEntity, "P-1", {{"major_breakthrough", 1}}), &registry_));
  ASSERT_TRUE(award.ok()) << award.status();
  // Year 1 (2025): the 200万 grant, payable. Years 2-3 (2026, 2027): investments of up
  // to 500万 in all, after the window but HONOURed.
  ASSERT_EQ(award->tranches_size(), 3);
  EXPECT_EQ(award->tranches(0).state(), v1::TRANCHE_STATE_PAYABLE);
  EXPECT_EQ(award->tranches(1).kind(), v1::TRANCHE_KIND_INVESTMENT);
  EXPECT_EQ(award->tranches(2).fiscal_year(), 2027);
  EXPECT_EQ(award->investment_allowance_fen(), 500 * W);
  EXPECT_EQ(Balance(PayableAccount(kEntity)), 200 * W);

  ExpectRejected(
      MakeInvestCommand(achievement, "M-1", 100 * W, absl::CivilDay(2025, 9, 1), &registry_),
      absl::StatusCode::kNotFound, "TRANCHE_NOT_FOUND");  // 2025 is the grant year
  ASSERT_TRUE(
      Run(MakeInvestCommand(achievement, "M-1", 300 * W, absl::CivilDay(2026, 3, 1), &registry_))
          .ok());
  ExpectRejected(
      MakeInvestCommand(achievement, "M-1", 300 * W, absl::CivilDay(2027, 3, 1), &registry_),
      absl::StatusCode::kFailedPrecondition, "INVESTMENT_OVER_ALLOWANCE");
  ASSERT_TRUE(
      Run(MakeInvestCommand(achievement, "M-1", 200 * W, absl::CivilDay(2027, 3, 1), &registry_))
          .ok());
  // 500万 of equity from the innovation fund, none of it a payable or under a grant cap.
  EXPECT_EQ(Balance(InvestmentAccount(kEntity)), 500 * W);
  EXPECT_EQ(Balance("fund:innovation"), 100'000 * W - 500 * W);
  EXPECT_EQ(Balance(PayableAccount(kEntity)), 200 * W);
  EXPECT_EQ(*ledger_->GetCapUsed(kCity, EntityYearScope("changji.3", kEntity), 2026), 0);
  EXPECT_EQ(Award("M-1").investment_allowance_fen(), 0);
}

}  // namespace
}  // namespace innoledger::grants
