// A made-up jurisdiction (testdata/gansu-demo.textproto) with other numbers, its own
// registry fact names, a floor, a ratio condition, a programme budget and a four-year
// schedule that stops at its window: it loads and works with no code change.
#include "services/grants/approve.h"
#include "services/grants/keys.h"
#include "services/grants/testing/grants_fixture.h"
#include "services/grants/tranches.h"

namespace innoledger::grants {
namespace {

using namespace testing;  // NOLINT: the fixture's names

class JurisdictionTest : public GrantsTest {
 protected:
  void SetUp() override {
    GrantsTest::SetUp();
    demo_ = LoadOrDie("services/grants/testdata/gansu-demo.textproto");
    OpenFunds({"fund:lb-grants"}, 1000 * W);
    for (const char* entity : {kEntity, kEntity2, kEntity3}) {
      registry_.Set(entity, {{"in_lanzhou_baiyin_zone", 1}, {"bad_record", 0}});
    }
  }
  const v1::Policy& Demo(const std::string& id, absl::CivilDay day = absl::CivilDay(2025, 6, 1)) {
    return **PolicyInForce(demo_, id, day);
  }
  absl::StatusOr<v1::AwardRecord> Transfer(
      const std::string& award_id, const std::string& entity, int64_t amount_fen,
      std::optional<absl::CivilDay> day = absl::CivilDay(2025, 6, 1)) {
    return Run(
        MakeApproveCommand(Demo("lb.transfer"),
                           App(award_id, entity, award_id,
                               {{"transaction_amount_fen", amount_fen}, {"employees", 12}}, day),
                           &registry_));
  }

  v1::Catalogue demo_;
};

TEST_F(JurisdictionTest, ItsOwnNumbersCapsAndBudget) {
  // 4% of 20万 = 8,000 yuan, below the 2万 floor → 2万.
  EXPECT_EQ(Transfer("L-1", kEntity, 20 * W)->computation().amount_fen(), 2 * W);
  // 4% of 1,000万 = 40万 → 30万 per contract.
  EXPECT_EQ(Transfer("L-2", kEntity, 1000 * W)->computation().bound_by(), "per_item");
  // 30万 again, then 80 − 62 = 18万 left of the entity's 80万 a year.
  EXPECT_EQ(Transfer("L-3", kEntity, 1000 * W)->computation().amount_fen(), 30 * W);
  EXPECT_EQ(Transfer("L-4", kEntity, 1000 * W)->computation().amount_fen(), 18 * W);
  // Another entity: 30万, but the programme's 100万 a year has 100 − 80 = 20万 left.
  auto budget = Transfer("L-5", kEntity2, 1000 * W);
  ASSERT_TRUE(budget.ok()) << budget.status();
  EXPECT_EQ(budget->computation().amount_fen(), 20 * W);
  EXPECT_EQ(budget->computation().bound_by(), "budget");
  EXPECT_EQ(ErrorReason(Transfer("L-6", kEntity3, 1000 * W).status()), "CAP_REACHED");
  // Nine employees are too few.
  EXPECT_EQ(ErrorReason(
                Run(MakeApproveCommand(Demo("lb.transfer"),
                                       App("L-7", kEntity3, "L-7",
                                           {{"transaction_amount_fen", 100 * W}, {"employees", 9}}),
                                       &registry_))
                    .status()),
            "NOT_ELIGIBLE");
}

TEST_F(JurisdictionTest, TheBudgetYearTurnsAtMidnightChinaTime) {
  ASSERT_TRUE(Transfer("L-1", kEntity, 1000 * W).ok());   // 30万
  ASSERT_TRUE(Transfer("L-2", kEntity, 1000 * W).ok());   // 30万
  ASSERT_TRUE(Transfer("L-3", kEntity2, 1000 * W).ok());  // 30万
  ASSERT_TRUE(Transfer("L-4", kEntity2, 1000 * W).ok());  // 10万 left of 100万: 2025 is spent
  // 2025-12-31 23:30 China time (15:30 UTC) is still 2025: nothing left.
  SetChinaTime(absl::CivilSecond(2025, 12, 31, 23, 30, 0));
  EXPECT_EQ(ErrorReason(Transfer("L-5", kEntity3, 1000 * W, std::nullopt).status()), "CAP_REACHED");
  // 2026-01-01 00:10 China time (16:10 UTC, still 2025-12-31 there) is a new budget year.
  SetChinaTime(absl::CivilSecond(2026, 1, 1, 0, 10, 0));
  auto fresh = Transfer("L-6", kEntity3, 1000 * W, std::nullopt);
  ASSERT_TRUE(fresh.ok()) << fresh.status();
  EXPECT_EQ(fresh->fiscal_year(), 2026);
  EXPECT_EQ(fresh->computation().amount_fen(), 30 * W);
  EXPECT_EQ(*ledger_->GetCapUsed(kCity, BudgetScope("lb.transfer"), 2025), 100 * W);
  EXPECT_EQ(*ledger_->GetCapUsed(kCity, BudgetScope("lb.transfer"), 2026), 30 * W);
}

TEST_F(JurisdictionTest, ARatioConditionAndASuspendingSchedule) {
  // R&D 300万 of 1亿 revenue is exactly 3%: 8万; 299万 is not.
  auto intensity = [&](const std::string& id, const std::string& entity, int64_t rd_fen) {
    return Run(MakeApproveCommand(
        Demo("lb.rd_intensity"),
        App(id, entity, "", {{"rd_spend_fen", rd_fen}, {"revenue_fen", 10000 * W}}), &registry_));
  };
  EXPECT_EQ(intensity("D-1", kEntity, 300 * W)->computation().amount_fen(), 8 * W);
  EXPECT_EQ(ErrorReason(intensity("D-2", kEntity2, 299 * W).status()), "NOT_ELIGIBLE");
  // Four tranches from 2025; the window ends 2025 and this zone STOPs the rest.
  const v1::Policy& incubator = Demo("lb.incubator");
  auto award = Run(MakeApproveCommand(incubator, App("I-1", kEntity, "", {}), &registry_));
  ASSERT_TRUE(award.ok()) << award.status();
  ASSERT_EQ(award->tranches_size(), 4);
  EXPECT_EQ(award->tranches(0).amount_fen(), 40 * W);
  EXPECT_EQ(award->tranches(1).state(), v1::TRANCHE_STATE_STOPPED);
  EXPECT_EQ(award->tranches(3).state(), v1::TRANCHE_STATE_STOPPED);
  // A failed year is suspended here, not forfeited: assessed again, it pays.
  EXPECT_EQ(Run(MakeAssessCommand(incubator, "I-1", 2025, false, &registry_))->tranches(0).state(),
            v1::TRANCHE_STATE_SUSPENDED);
  EXPECT_EQ(Run(MakeAssessCommand(incubator, "I-1", 2025, true, &registry_))->tranches(0).state(),
            v1::TRANCHE_STATE_PAYABLE);
  EXPECT_EQ(Balance(PayableAccount(kEntity)), 48 * W);  // 8万 + 40万
}

}  // namespace
}  // namespace innoledger::grants
