// GrantsService requests through writes.h and reads.h against a real ledger: a filed
// application approved as filed, a tranche assessed under the version it was promised,
// payment orders, paged lists whose tokens are bound to their filter, and an enterprise
// that sees only its own awards.
#include "services/grants/keys.h"
#include "services/grants/reads.h"
#include "services/grants/testing/grants_fixture.h"
#include "services/grants/writes.h"

namespace innoledger::grants {
namespace {

using namespace testing;  // NOLINT: the fixture's names

#define ASSERT_OK(expr)                            \
  do {                                             \
    const auto _result = (expr);                   \
    ASSERT_TRUE(_result.ok()) << _result.status(); \
  } while (0)

class ServiceRequestsTest : public GrantsTest {
 protected:
  void SetUp() override {
    GrantsTest::SetUp();
    catalogues_ = {catalogue_};
    env_ = {ledger_.get(), &catalogues_, &registry_, clock_.AsFunction()};
  }

  v1::AwardApplication Transfer(int64_t amount_fen, const std::string& contract,
                                const std::string& entity = kEntity) {
    v1::AwardApplication application;
    application.set_policy_id("changji.4");
    application.set_entity(entity);
    application.set_item(contract);
    (*application.mutable_facts())["transaction_amount_fen"] = amount_fen;
    return application;
  }

  absl::StatusOr<storage::Outcome> Run(CommandOrError command) {
    if (!command.ok()) return command.status();
    return Submit(*std::move(command));
  }

  template <typename Request>
  Request In(Request request) {
    request.set_city(kCity);
    return request;
  }

  std::vector<v1::Catalogue> catalogues_;
  GrantsEnv env_;
  const auth::Principal bureau_{auth::Role::kBureau, "changji", "science"};
  const auth::Principal enterprise_{auth::Role::kEnterprise, "changji", kEntity2};
};

TEST_F(ServiceRequestsTest, AFiledApplicationIsApprovedAsFiled) {
  v1::FileApplicationRequest file = In(v1::FileApplicationRequest());
  file.set_award_id("CJ-2025-0001");
  *file.mutable_application() = Transfer(2000 * W, "HT-1");
  ASSERT_OK(Run(BuildFile(env_, file)));
  // No application in the approval: the filed one, decided today (2025-06-01).
  v1::ApproveAwardRequest approve = In(v1::ApproveAwardRequest());
  approve.set_award_id("CJ-2025-0001");
  auto outcome = Run(BuildApprove(env_, approve));
  ASSERT_TRUE(outcome.ok()) << outcome.status();
  EXPECT_EQ(Award("CJ-2025-0001").computation().amount_fen(), 50 * W);
  EXPECT_EQ(Award("CJ-2025-0001").decision_date(), "2025-06-01");
  // Malformed requests are refused before a command exists.
  approve.set_award_id("CJ/1");
  EXPECT_EQ(ErrorReason(BuildApprove(env_, approve).status()), "INVALID_REQUEST");
  approve.set_award_id("CJ-9");
  EXPECT_EQ(ErrorReason(BuildApprove(env_, approve).status()), "AWARD_NOT_FOUND");
  *approve.mutable_application() = Transfer(100 * W, "HT-9");
  approve.mutable_application()->set_entity("91652301MA78XXXX1X");
  EXPECT_EQ(ErrorReason(BuildApprove(env_, approve).status()), "INVALID_USCC");
}

TEST_F(ServiceRequestsTest, TranchesInvestmentsHoldsClawbacksAndOrders) {
  v1::ApproveAwardRequest approve = In(v1::ApproveAwardRequest());
  approve.set_award_id("B-1");
  approve.mutable_application()->set_policy_id("changji.13.base");
  approve.mutable_application()->set_entity(kEntity);
  ASSERT_OK(Run(BuildApprove(env_, approve)));
  v1::AssessTrancheRequest assess = In(v1::AssessTrancheRequest());
  assess.set_award_id("B-1");
  assess.set_fiscal_year(2025);
  assess.set_passed(true);
  ASSERT_OK(Run(BuildAssess(env_, assess)));
  v1::DisburseAwardsRequest order = In(v1::DisburseAwardsRequest());
  order.set_order_id("PO-1");
  order.set_fund_account("fund:grants");
  order.add_award_ids("B-1");
  ASSERT_OK(Run(BuildDisburse(order)));
  EXPECT_EQ(Balance(ClearingAccount("fund:grants")), 50 * W);
  v1::HoldTranchesRequest hold = In(v1::HoldTranchesRequest());
  hold.set_entity(kEntity);
  EXPECT_EQ(ErrorReason(BuildHold(env_, hold, true).status()), "INVALID_REQUEST");  // no reason
  hold.set_reason("court ruling");
  ASSERT_OK(Run(BuildHold(env_, hold, true)));
  EXPECT_EQ(Award("B-1").tranches(1).state(), v1::TRANCHE_STATE_HELD);
  // An award of a version no loaded catalogue has any more cannot be assessed.
  catalogues_.clear();
  assess.set_fiscal_year(2026);
  EXPECT_EQ(ErrorReason(BuildAssess(env_, assess).status()), "POLICY_NOT_IN_FORCE");
  catalogues_ = {catalogue_};
  v1::ClawBackAwardRequest clawback = In(v1::ClawBackAwardRequest());
  clawback.set_award_id("B-1");
  clawback.set_reason("base approval revoked");
  clawback.set_refund_received(true);
  ASSERT_OK(Run(BuildClawback(clawback)));
  EXPECT_EQ(Award("B-1").state(), v1::AWARD_STATE_CLAWED_BACK);
  EXPECT_EQ(ErrorReason(BuildAssess(env_, assess).status()), "AWARD_NOT_APPROVED");
}

TEST_F(ServiceRequestsTest, ListsPageWithTokensBoundToTheirFilter) {
  for (int i = 0; i < 5; ++i) {
    v1::ApproveAwardRequest approve = In(v1::ApproveAwardRequest());
    approve.set_award_id(absl::StrCat("T-", i));
    *approve.mutable_application() =
        Transfer(100 * W, absl::StrCat("HT-", i), i < 3 ? kEntity : kEntity2);
    ASSERT_OK(Run(BuildApprove(env_, approve)));
  }
  v1::ListAwardsRequest list = In(v1::ListAwardsRequest());
  list.set_policy_id("changji.4");
  list.set_fiscal_year(2025);
  list.set_page_size(2);
  std::vector<std::string> seen;
  for (int page = 0; page < 5; ++page) {
    auto response = ListAwards(env_, bureau_, list);
    ASSERT_TRUE(response.ok()) << response.status();
    for (const v1::AwardRecord& award : response->awards()) seen.push_back(award.award_id());
    if (response->next_page_token().empty()) break;
    list.set_page_token(response->next_page_token());
  }
  EXPECT_EQ(seen, (std::vector<std::string>{"T-0", "T-1", "T-2", "T-3", "T-4"}));
  // A token from one filter does not page another.
  list.set_fiscal_year(2024);
  list.set_page_token(ListAwards(env_, bureau_, In([] {
                                   v1::ListAwardsRequest r;
                                   r.set_policy_id("changji.4");
                                   r.set_fiscal_year(2025);
                                   r.set_page_size(1);
                                   return r;
                                 }()))
                          ->next_page_token());
  EXPECT_EQ(ErrorReason(ListAwards(env_, bureau_, list).status()), "INVALID_PAGE_TOKEN");
  // History and usage.
  v1::GetAwardHistoryRequest history = In(v1::GetAwardHistoryRequest());
  history.set_award_id("T-0");
  EXPECT_EQ(GetAwardHistory(env_, bureau_, history)->entries(0).kind(), "grant.award");
  v1::GetCapUsageRequest usage = In(v1::GetCapUsageRequest());
  usage.set_entity(kEntity);
  usage.set_fiscal_year(2025);
  auto rows = GetCapUsage(env_, bureau_, usage);
  ASSERT_TRUE(rows.ok()) << rows.status();
  EXPECT_EQ(rows->usage(1).policy_id(), "changji.4");
  EXPECT_EQ(rows->usage(1).used_fen(), 9 * W);  // 3 × 3% of 100万
}

TEST_F(ServiceRequestsTest, AnEnterpriseSeesOnlyItsOwnAwards) {
  v1::ApproveAwardRequest approve = In(v1::ApproveAwardRequest());
  approve.set_award_id("T-1");
  *approve.mutable_application() = Transfer(100 * W, "HT-1", kEntity);
  ASSERT_OK(Run(BuildApprove(env_, approve)));
  approve.set_award_id("T-2");
  *approve.mutable_application() = Transfer(100 * W, "HT-2", kEntity2);
  ASSERT_OK(Run(BuildApprove(env_, approve)));
  v1::GetAwardRequest get = In(v1::GetAwardRequest());
  get.set_award_id("T-2");
  EXPECT_TRUE(GetAward(env_, enterprise_, get).ok());
  get.set_award_id("T-1");
  EXPECT_EQ(ErrorReason(GetAward(env_, enterprise_, get).status()), "ENTITY_NOT_PERMITTED");
  v1::ListAwardsRequest list = In(v1::ListAwardsRequest());
  list.set_fiscal_year(2025);
  EXPECT_EQ(ErrorReason(ListAwards(env_, enterprise_, list).status()), "ENTITY_NOT_PERMITTED");
  list.set_fiscal_year(0);
  list.set_entity(kEntity2);
  EXPECT_EQ(ListAwards(env_, enterprise_, list)->awards_size(), 1);
}

}  // namespace
}  // namespace innoledger::grants
