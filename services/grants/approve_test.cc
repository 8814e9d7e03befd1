// Awards through the real ledger: caps are checked and consumed in the sequencer, so they
// hold across fiscal years at UTC+8 and under 64 concurrent approvals; a refusal changes
// nothing; a clawback (reversal) restores the caps.
#include "services/grants/approve.h"

#include <thread>

#include "common/china_time.h"
#include "services/grants/catalogue.h"
#include "storage/testing/ledger_test_base.h"

namespace innoledger::grants {
namespace {

constexpr int64_t W = 1'000'000;  // fen per 万元
constexpr char kEntity[] = "91652301MA78XXXX12";

class ApproveTest : public storage::testing::LedgerTestBase {
 protected:
  void SetUp() override {
    LedgerTestBase::SetUp();
    const char* source = std::getenv("INNOLEDGER_SOURCE_DIR");
    auto catalogue = LoadCatalogue(std::string(source ? source : ".") +
                                   "/deploy/policies/changji-2020.textproto");
    ASSERT_TRUE(catalogue.ok()) << catalogue.status();
    catalogue_ = *catalogue;
    storage::TransactionRequest open;
    open.kind = "test.open";
    open.open_accounts = {{"appropriation", storage::AccountType::kAppropriation},
                          {"fund:grants", storage::AccountType::kFund}};
    open.postings = {{"appropriation", -100'000 * W}, {"fund:grants", 100'000 * W}};
    ASSERT_TRUE(Transact(open).ok());
  }

  const v1::Policy& Policy(const std::string& id) {
    return **PolicyInForce(catalogue_, id, absl::CivilDay(2025, 6, 1));
  }

  Application Contract(int64_t amount_fen, const std::string& contract,
                       absl::CivilDay day = absl::CivilDay(2025, 6, 1)) {
    return {absl::StrCat("A-", contract), kEntity, contract,
            {{"registered_in_zone", 1}, {"bad_record", 0}, {"transaction_amount_fen", amount_fen}},
            day};
  }

  absl::StatusOr<int64_t> Approve(const std::string& policy, Application application) {
    auto outcome = Submit(MakeApproveCommand(Policy(policy), std::move(application)));
    if (!outcome.ok()) return outcome.status();
    return std::stoll(outcome->body.substr(0, outcome->body.find('\n')));
  }

  v1::Catalogue catalogue_;
};

TEST_F(ApproveTest, ContractsOfOneYearPayUpToTheYearlyCap) {
  // 2,000万 → 60万 capped at 50万; again 50万; 1,000万 → 30万; 1,500万 → 45万 but only
  // 20万 left of 150万; a fifth → nothing.
  EXPECT_EQ(*Approve("changji.4", Contract(2000 * W, "HT-1")), 50 * W);
  EXPECT_EQ(*Approve("changji.4", Contract(2000 * W, "HT-2")), 50 * W);
  EXPECT_EQ(*Approve("changji.4", Contract(1000 * W, "HT-3")), 30 * W);
  auto fourth = Submit(MakeApproveCommand(Policy("changji.4"), Contract(1500 * W, "HT-4")));
  ASSERT_TRUE(fourth.ok());
  EXPECT_EQ(fourth->body,
            "20000000\n300 bp of 15000000.00 = 450000.00 (rounded down to the fen)\n"
            "per_entity_year cap 1500000.00: 1300000.00 used, pays the 200000.00 left");
  ExpectRejected(MakeApproveCommand(Policy("changji.4"), Contract(100 * W, "HT-5")),
                 absl::StatusCode::kFailedPrecondition, "CAP_REACHED");
  EXPECT_EQ(Posted(PayableAccount(kEntity)), 150 * W);
  EXPECT_EQ(*ledger_->GetCapUsed(kCity, EntityYearScope(Policy("changji.4"), kEntity), 2025),
            150 * W);
}

TEST_F(ApproveTest, SixtyFourConcurrentApprovalsNeverPassTheCap) {
  // Each 1,000万 contract pays 30万: five fit in 150万, the other 59 find nothing left.
  std::atomic<int> paid{0}, refused{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < 64; ++i) {
    threads.emplace_back([&, i] {
      auto amount = Approve("changji.4", Contract(1000 * W, absl::StrCat("C-", i)));
      if (amount.ok()) ++paid;
      if (ErrorReason(amount.status()) == "CAP_REACHED") ++refused;
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(paid.load(), 5);
  EXPECT_EQ(refused.load(), 59);
  EXPECT_EQ(Posted(PayableAccount(kEntity)), 150 * W);
}

TEST_F(ApproveTest, TheFiscalYearIsTheChinaTimeDay) {
  for (int i = 0; i < 3; ++i) {
    ASSERT_TRUE(Approve("changji.4", Contract(2000 * W, absl::StrCat("Y-", i))).ok());
  }
  // 2025-12-31 23:30 in China (15:30 UTC) still counts in 2025, whose 150万 are used up.
  const absl::Time late = absl::FromCivil(absl::CivilMinute(2025, 12, 31, 15, 30),
                                          absl::UTCTimeZone());
  EXPECT_EQ(ChinaDay(late), absl::CivilDay(2025, 12, 31));
  EXPECT_EQ(ErrorReason(Approve("changji.4", Contract(100 * W, "late", ChinaDay(late))).status()),
            "CAP_REACHED");
  // 2026-01-01 00:10 in China (still 2025-12-31 in UTC) is 2026: a fresh cap. (Policy 4's
  // window ends 2025-12-31, so the 2025 version is applied to the 2026 day here on purpose:
  // what this checks is the year the counter belongs to.)
  const absl::Time early = absl::FromCivil(absl::CivilMinute(2025, 12, 31, 16, 10),
                                           absl::UTCTimeZone());
  EXPECT_EQ(FiscalYearOf(early), 2026);
  EXPECT_EQ(*Approve("changji.4", Contract(100 * W, "early", ChinaDay(early))), 3 * W);
  EXPECT_EQ(*ledger_->GetCapUsed(kCity, EntityYearScope(Policy("changji.4"), kEntity), 2026),
            3 * W);
}

TEST_F(ApproveTest, AOnceOnlyAwardIsRefusedTheSecondTime) {
  Application unicorn{"U-1", kEntity, "", {{"registered_in_zone", 1}, {"bad_record", 0}},
                      absl::CivilDay(2024, 3, 1)};
  EXPECT_EQ(*Approve("changji.6.unicorn", unicorn), 300 * W);
  unicorn.award_id = "U-2";
  unicorn.decision_day = absl::CivilDay(2025, 3, 1);
  ExpectRejected(MakeApproveCommand(Policy("changji.6.unicorn"), unicorn),
                 absl::StatusCode::kFailedPrecondition, "ALREADY_AWARDED");
}

TEST_F(ApproveTest, AClawbackRestoresTheCaps) {
  auto first = Submit(MakeApproveCommand(Policy("changji.7"),
                                         {"R-1", kEntity, "",
                                          {{"registered_in_zone", 1}, {"bad_record", 0},
                                           {"tax_saved_fen", 2000 * W}},
                                          absl::CivilDay(2025, 4, 1)}));
  ASSERT_TRUE(first.ok()) << first.status();  // 5% of 2,000万 = 100万 → 50万 cap
  const std::string scope = EntityYearScope(Policy("changji.7"), kEntity);
  EXPECT_EQ(*ledger_->GetCapUsed(kCity, scope, 2025), 50 * W);
  ASSERT_TRUE(Submit(storage::MakeReverseCommand(first->sequence, "found improper")).ok());
  EXPECT_EQ(*ledger_->GetCapUsed(kCity, scope, 2025), 0);
  EXPECT_EQ(Posted(PayableAccount(kEntity)), 0);
}

}  // namespace
}  // namespace innoledger::grants
