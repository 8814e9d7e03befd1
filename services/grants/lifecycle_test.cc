// After approval: payment orders pay payables out through the right fund; a clawback
// reverses an award's money and restores its caps; queries find awards by entity, policy
// and year, tell an award's history and an entity's cap usage.
#include "services/grants/approve.h"
#include "services/grants/clawback.h"
#include "services/grants/disburse.h"
#include "services/grants/filing.h"
#include "services/grants/keys.h"
#include "services/grants/limits.h"
#include "services/grants/queries.h"
#include "services/grants/testing/grants_fixture.h"
#include "services/grants/tranches.h"

namespace innoledger::grants {
namespace {

using namespace testing;  // NOLINT: the fixture's names

class LifecycleTest : public GrantsTest {
 protected:
  // Policy 4 for `entity`: 3% of `amount_fen` on contract `award_id`.
  absl::StatusOr<v1::AwardRecord> Transfer(const std::string& award_id, int64_t amount_fen,
                                           const std::string& entity = kEntity) {
    return Run(MakeApproveCommand(
        Policy("changji.4"),
        App(award_id, entity, award_id, {{"transaction_amount_fen", amount_fen}}), &registry_));
  }
  absl::StatusOr<v1::PaymentOrder> Disburse(const std::string& order_id, const std::string& fund,
                                            std::vector<std::string> award_ids) {
    auto outcome = Submit(MakeDisburseCommand(order_id, fund, std::move(award_ids)));
    if (!outcome.ok()) return outcome.status();
    v1::PaymentOrder order;
    EXPECT_TRUE(order.ParseFromString(outcome->body));
    return order;
  }
};

TEST_F(LifecycleTest, APaymentOrderPaysPayablesThroughItsFund) {
  ASSERT_TRUE(Transfer("T-1", 2000 * W).ok());           // 50万
  ASSERT_TRUE(Transfer("T-2", 1000 * W).ok());           // 30万
  ASSERT_TRUE(Transfer("T-3", 100 * W, kEntity2).ok());  // 3万
  auto order = Disburse("PO-1", "fund:grants", {"T-1", "T-2", "T-3"});
  ASSERT_TRUE(order.ok()) << order.status();
  EXPECT_EQ(order->total_fen(), 83 * W);
  EXPECT_EQ(Balance(PayableAccount(kEntity)), 0);
  EXPECT_EQ(Balance(PayableAccount(kEntity2)), 0);
  EXPECT_EQ(Balance(ClearingAccount("fund:grants")), 83 * W);
  EXPECT_EQ(Award("T-1").tranches(0).state(), v1::TRANCHE_STATE_DISBURSED);
  EXPECT_EQ(Award("T-1").tranches(0).disbursed_by_sequence(), order->sequence());
  // Nothing twice; an order id once; only the award's own fund pays it.
  ASSERT_TRUE(Transfer("T-4", 100 * W).ok());
  ExpectRejected(MakeDisburseCommand("PO-2", "fund:grants", {"T-4", "T-1"}),
                 absl::StatusCode::kFailedPrecondition, "NOTHING_PAYABLE");
  ExpectRejected(MakeDisburseCommand("PO-1", "fund:grants", {"T-4"}),
                 absl::StatusCode::kAlreadyExists, "ORDER_EXISTS");
  ExpectRejected(MakeDisburseCommand("PO-3", "fund:innovation", {"T-4"}),
                 absl::StatusCode::kFailedPrecondition, "WRONG_FUND");
  std::vector<std::string> too_many(kMaxAwardsPerOrder + 1, "T-4");
  ExpectRejected(MakeDisburseCommand("PO-4", "fund:grants", too_many),
                 absl::StatusCode::kInvalidArgument, "INVALID_REQUEST");
  // A stepped award has nothing payable until its year's assessment passes.
  ASSERT_TRUE(
      Run(MakeApproveCommand(Policy("changji.13.base"), App("B-1", kEntity, "", {}), &registry_))
          .ok());
  ExpectRejected(MakeDisburseCommand("PO-5", "fund:grants", {"B-1"}),
                 absl::StatusCode::kFailedPrecondition, "NOTHING_PAYABLE");
  ASSERT_TRUE(
      Run(MakeAssessCommand(Policy("changji.13.base"), "B-1", 2025, true, &registry_)).ok());
  ASSERT_TRUE(Disburse("PO-5", "fund:grants", {"B-1", "T-4"}).ok());
  EXPECT_EQ(Balance(ClearingAccount("fund:grants")), 83 * W + 50 * W + 3 * W);
}

TEST_F(LifecycleTest, AClawbackReversesTheMoneyAndRestoresTheCaps) {
  ASSERT_TRUE(Transfer("T-1", 2000 * W).ok());
  ASSERT_TRUE(Transfer("T-2", 2000 * W).ok());
  ASSERT_TRUE(Transfer("T-3", 2000 * W).ok());  // 150万: the year is used up
  const std::string scope = EntityYearScope("changji.4", kEntity);
  EXPECT_EQ(*ledger_->GetCapUsed(kCity, scope, 2025), 150 * W);
  auto clawed = Run(MakeClawbackCommand("T-2", {.reason = "contract found fictitious"}));
  ASSERT_TRUE(clawed.ok()) << clawed.status();
  EXPECT_EQ(clawed->state(), v1::AWARD_STATE_CLAWED_BACK);
  EXPECT_EQ(clawed->tranches(0).state(), v1::TRANCHE_STATE_CLAWED_BACK);
  EXPECT_EQ(*ledger_->GetCapUsed(kCity, scope, 2025), 100 * W);
  EXPECT_EQ(*ledger_->GetCapUsed(kCity, ItemScope(Policy("changji.4"), "T-2"), 0), 0);
  EXPECT_EQ(Balance(PayableAccount(kEntity)), 100 * W);
  // The restored headroom pays a proper contract; the award is not clawed back twice.
  EXPECT_EQ(Transfer("T-5", 2000 * W)->computation().amount_fen(), 50 * W);
  ExpectRejected(MakeClawbackCommand("T-2", {.reason = "again"}),
                 absl::StatusCode::kFailedPrecondition, "AWARD_NOT_APPROVED");
}

TEST_F(LifecycleTest, ClawingBackPaidOutMoneyNeedsTheRefund) {
  ASSERT_TRUE(Run(MakeApproveCommand(Policy("changji.6.unicorn"),
                                     App("U-1", kEntity, "", {{"listed_unicorn", 1}}), &registry_))
                  .ok());
  ASSERT_TRUE(Disburse("PO-1", "fund:grants", {"U-1"}).ok());
  ExpectRejected(MakeClawbackCommand("U-1", {.reason = "not a unicorn"}),
                 absl::StatusCode::kFailedPrecondition, "AWARD_DISBURSED");
  ASSERT_TRUE(
      Run(MakeClawbackCommand("U-1", {.reason = "not a unicorn", .refund_received = true})).ok());
  EXPECT_EQ(Balance(ClearingAccount("fund:grants")), 0);
  EXPECT_EQ(Balance(PayableAccount(kEntity)), 0);
  EXPECT_EQ(Balance("fund:grants"), 100'000 * W);
  // The once-per-entity mark is cleared with it: a proper award may follow.
  EXPECT_TRUE(Run(MakeApproveCommand(Policy("changji.6.unicorn"),
                                     App("U-2", kEntity, "", {{"listed_unicorn", 1}}), &registry_))
                  .ok());
}

TEST_F(LifecycleTest, ClawingBackAMultiYearAwardCancelsItsFuture) {
  const v1::Policy& base = Policy("changji.13.base");
  ASSERT_TRUE(Run(MakeApproveCommand(base, App("B-1", kEntity, "", {}), &registry_)).ok());
  ASSERT_TRUE(Run(MakeAssessCommand(base, "B-1", 2025, true, &registry_)).ok());
  auto clawed = Run(MakeClawbackCommand("B-1", {.reason = "base approval revoked"}));
  ASSERT_TRUE(clawed.ok()) << clawed.status();
  for (const v1::TrancheRecord& tranche : clawed->tranches()) {
    EXPECT_EQ(tranche.state(), v1::TRANCHE_STATE_CLAWED_BACK) << tranche.fiscal_year();
  }
  EXPECT_EQ(Balance(PayableAccount(kEntity)), 0);
  EXPECT_EQ(*ledger_->GetCapUsed(kCity, EntityYearScope("changji.13.base", kEntity), 2025), 0);
  auto open = ledger_->GetRecord(kCity, OpenAwardsKey(kEntity));
  v1::OpenAwards awards;
  ASSERT_TRUE(open.ok() && open->has_value() && awards.ParseFromString(**open));
  EXPECT_EQ(awards.award_ids_size(), 0);
}

TEST_F(LifecycleTest, QueriesByEntityPolicyAndYearHistoryAndUsage) {
  ASSERT_TRUE(Run(MakeFileCommand(Policy("changji.4"), App("T-1", kEntity, "T-1",
                                                           {{"transaction_amount_fen", 2000 * W}})))
                  .ok());
  ASSERT_TRUE(Transfer("T-1", 2000 * W).ok());
  ASSERT_TRUE(Transfer("T-2", 1000 * W).ok());
  ASSERT_TRUE(Transfer("T-3", 100 * W, kEntity2).ok());
  ASSERT_TRUE(
      Run(MakeApproveCommand(Policy("changji.7"),
                             App("R-1", kEntity, "", {{"tax_saved_fen", 600 * W}}), &registry_))
          .ok());
  ASSERT_TRUE(Disburse("PO-1", "fund:grants", {"T-1"}).ok());
  const GrantsReader reader(*ledger_);
  auto mine = reader.List(kCity, {.entity = kEntity}, "", 10);
  ASSERT_TRUE(mine.ok()) << mine.status();
  EXPECT_EQ(mine->awards.size(), 3u);  // T-1, T-2, R-1
  auto transfers = reader.List(kCity, {.policy_id = "changji.4", .fiscal_year = 2025}, "", 2);
  ASSERT_TRUE(transfers.ok());
  ASSERT_EQ(transfers->awards.size(), 2u);  // a page of two, then the third
  auto rest = reader.List(kCity, {.policy_id = "changji.4", .fiscal_year = 2025},
                          transfers->next_after_key, 2);
  ASSERT_TRUE(rest.ok());
  ASSERT_EQ(rest->awards.size(), 1u);
  EXPECT_EQ(rest->awards[0].award_id(), "T-3");
  EXPECT_EQ(reader.List(kCity, {.fiscal_year = 2025}, "", 10)->awards.size(), 4u);
  EXPECT_EQ(reader.List(kCity, {.fiscal_year = 2024}, "", 10)->awards.size(), 0u);
  EXPECT_EQ(ErrorReason(reader.List(kCity, {}, "", 10).status()), "INVALID_REQUEST");
  // T-1's history: filed, approved (paid into the payable), paid out.
  auto history = reader.History(kCity, "T-1", 0, 10);
  ASSERT_TRUE(history.ok());
  std::vector<std::string> kinds;
  for (const storage::JournalEntry& entry : history->entries) kinds.push_back(entry.kind);
  EXPECT_EQ(kinds, (std::vector<std::string>{"grant.file", "grant.award", "grant.disburse"}));
  // Usage of the entity in 2025: 80万 of policy 4's 150万, 30万 of policy 7's 50万.
  auto usage = reader.CapUsage(kCity, catalogue_, kEntity, 2025);
  ASSERT_TRUE(usage.ok());
  std::map<std::string, v1::CapUsage> by_policy;
  for (const v1::CapUsage& row : *usage) by_policy[row.policy_id()] = row;
  EXPECT_EQ(by_policy["changji.4"].used_fen(), 80 * W);
  EXPECT_EQ(by_policy["changji.4"].limit_fen(), 150 * W);
  EXPECT_EQ(by_policy["changji.7"].used_fen(), 30 * W);
  EXPECT_EQ(by_policy["changji.6.unicorn"].once_award_id(), "");
  EXPECT_EQ(usage->size(), static_cast<size_t>(catalogue_.policies_size()));
}

}  // namespace
}  // namespace innoledger::grants
