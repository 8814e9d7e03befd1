// Multi-year awards through the ledger: a national 双创 base approved in 2024 has tranches
// 50万 (2024), 30万 (2025) and 20万 (2026, after the 2025-12-31 window, kept because the
// catalogue says HONOUR); each is paid only when its year's assessment passes, and a failed
// 2025 assessment forfeits 2025 alone.
#include "services/grants/tranches.h"

#include "services/grants/catalogue.h"
#include "storage/testing/ledger_test_base.h"

namespace innoledger::grants {
namespace {

constexpr int64_t W = 1'000'000;  // fen per 万元
constexpr char kEntity[] = "91652301MA78XXXX12";

class TranchesTest : public storage::testing::LedgerTestBase {
 protected:
  void SetUp() override {
    LedgerTestBase::SetUp();
    const char* source = std::getenv("INNOLEDGER_SOURCE_DIR");
    auto catalogue = LoadCatalogue(std::string(source ? source : ".") +
                                   "/deploy/policies/changji-2020.textproto");
    ASSERT_TRUE(catalogue.ok()) << catalogue.status();
    base_ = **PolicyInForce(*catalogue, "changji.13.base", absl::CivilDay(2024, 5, 1));
    storage::TransactionRequest open;
    open.kind = "test.open";
    open.open_accounts = {{"appropriation", storage::AccountType::kAppropriation},
                          {"fund:grants", storage::AccountType::kFund}};
    open.postings = {{"appropriation", -1000 * W}, {"fund:grants", 1000 * W}};
    ASSERT_TRUE(Transact(open).ok());
  }

  Application Base(const std::string& award_id) {
    return {award_id, kEntity, "", {{"registered_in_zone", 1}, {"bad_record", 0}},
            absl::CivilDay(2024, 5, 1)};
  }

  v1::AwardRecord Award(const std::string& award_id) {
    v1::AwardRecord award;
    auto bytes = ledger_->GetRecord(kCity, AwardKey(award_id));
    EXPECT_TRUE(bytes.ok() && bytes->has_value());
    if (bytes.ok() && bytes->has_value()) award.ParseFromString(**bytes);
    return award;
  }

  v1::Policy base_;
};

TEST_F(TranchesTest, EachYearPaysOnlyAfterItsAssessment) {
  auto scheduled = Submit(MakeScheduleCommand(base_, Base("B-1")));
  ASSERT_TRUE(scheduled.ok()) << scheduled.status();
  EXPECT_EQ(scheduled->body,
            "0\ntranche 2024: 500000.00 after that year's assessment"
            "\ntranche 2025: 300000.00 after that year's assessment"
            "\ntranche 2026: 200000.00 after that year's assessment (after the policy's window: "
            "honoured)");
  v1::AwardRecord award = Award("B-1");
  ASSERT_EQ(award.tranches_size(), 3);
  EXPECT_EQ(award.tranches(0).fiscal_year(), 2024);
  EXPECT_EQ(award.tranches(2).fiscal_year(), 2026);
  EXPECT_TRUE(award.tranches(2).after_window());
  EXPECT_EQ(Posted("fund:grants"), 1000 * W);  // approval pays nothing yet

  ASSERT_TRUE(Submit(MakeAssessCommand(base_, "B-1", 2024, /*passed=*/true)).ok());
  ASSERT_TRUE(Submit(MakeAssessCommand(base_, "B-1", 2025, /*passed=*/false)).ok());
  ASSERT_TRUE(Submit(MakeAssessCommand(base_, "B-1", 2026, /*passed=*/true)).ok());
  award = Award("B-1");
  EXPECT_EQ(award.tranches(0).state(), v1::TRANCHE_STATE_PAID);
  EXPECT_EQ(award.tranches(1).state(), v1::TRANCHE_STATE_FORFEITED);
  EXPECT_EQ(award.tranches(2).state(), v1::TRANCHE_STATE_PAID);
  // 50万 + 20万; the forfeited 30万 stays in the fund.
  EXPECT_EQ(Posted(PayableAccount(kEntity)), 70 * W);
  EXPECT_EQ(Posted("fund:grants"), 930 * W);
}

TEST_F(TranchesTest, RefusalsChangeNothing) {
  ASSERT_TRUE(Submit(MakeScheduleCommand(base_, Base("B-1"))).ok());
  ASSERT_TRUE(Submit(MakeAssessCommand(base_, "B-1", 2024, true)).ok());
  ExpectRejected(MakeAssessCommand(base_, "B-1", 2024, true), absl::StatusCode::kFailedPrecondition,
                 "TRANCHE_NOT_SCHEDULED");
  ExpectRejected(MakeAssessCommand(base_, "B-1", 2027, true), absl::StatusCode::kNotFound,
                 "TRANCHE_NOT_FOUND");
  ExpectRejected(MakeAssessCommand(base_, "B-9", 2024, true), absl::StatusCode::kNotFound,
                 "AWARD_NOT_FOUND");
  // The same base approved twice for one entity: once only.
  ExpectRejected(MakeScheduleCommand(base_, Base("B-2")), absl::StatusCode::kFailedPrecondition,
                 "ALREADY_AWARDED");
}

TEST_F(TranchesTest, AfterExpiryStopDropsTheLateTranche) {
  v1::Policy stopped = base_;
  stopped.set_after_expiry(v1::AFTER_EXPIRY_STOP);
  ASSERT_TRUE(Submit(MakeScheduleCommand(stopped, Base("B-3"))).ok());
  EXPECT_EQ(Award("B-3").tranches_size(), 2);
  ExpectRejected(MakeAssessCommand(stopped, "B-3", 2026, true), absl::StatusCode::kNotFound,
                 "TRANCHE_NOT_FOUND");
}

}  // namespace
}  // namespace innoledger::grants
