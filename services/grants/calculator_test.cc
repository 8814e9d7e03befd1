// The money rules of Attachment 2, one case per row, amounts computed by hand from the
// policy text (1万 = 1,000,000 fen), against deploy/policies/changji-2020.textproto.
#include "services/grants/calculator.h"

#include <cstdlib>

#include "common/errors.h"
#include "gtest/gtest.h"
#include "services/grants/catalogue.h"

namespace innoledger::grants {
namespace {

constexpr int64_t W = 1'000'000;  // fen per 万元

std::string SourceDir() {
  const char* dir = std::getenv("INNOLEDGER_SOURCE_DIR");
  return dir ? dir : ".";
}

class CalculatorTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto catalogue = LoadCatalogue(SourceDir() + "/deploy/policies/changji-2020.textproto");
    ASSERT_TRUE(catalogue.ok()) << catalogue.status();
    catalogue_ = *catalogue;
  }
  const v1::Policy& Policy(const std::string& id) {
    auto policy = PolicyInForce(catalogue_, id, absl::CivilDay(2024, 5, 1));
    EXPECT_TRUE(policy.ok()) << policy.status();
    return **policy;
  }
  static Facts Eligible(Facts facts) {
    facts["registered_in_zone"] = 1;
    facts["bad_record"] = 0;
    return facts;
  }

  v1::Catalogue catalogue_;
};

struct Row {
  const char* name;
  const char* policy;
  Facts facts;
  CapUsage usage;
  int64_t expected_fen;   // 0: refused with expected_reason
  const char* expected_reason;
  const char* bound_by;
};

TEST_F(CalculatorTest, EveryRuleOfAttachmentTwo) {
  const Row rows[] = {
      // Policy 4, one entity, one year: 3% of 2,000万 = 60万 > 50万 per contract → 50万.
      {"p4 first 2000万", "changji.4", {{"transaction_amount_fen", 2000 * W}}, {}, 50 * W, "", "per_item"},
      // Second 2,000万 contract: again 50万; 50万 of 150万 used before it.
      {"p4 second 2000万", "changji.4", {{"transaction_amount_fen", 2000 * W}}, {0, 50 * W}, 50 * W, "", "per_item"},
      // 3% of 1,000万 = 30万: under both caps (100万 used).
      {"p4 1000万", "changji.4", {{"transaction_amount_fen", 1000 * W}}, {0, 100 * W}, 30 * W, "", ""},
      // Fourth, 1,500万: 3% = 45万, but only 150 − 130 = 20万 are left this year.
      {"p4 fourth 1500万", "changji.4", {{"transaction_amount_fen", 1500 * W}}, {0, 130 * W}, 20 * W, "", "per_entity_year"},
      // A fifth pays nothing: the 150万 are used up.
      {"p4 fifth", "changji.4", {{"transaction_amount_fen", 100 * W}}, {0, 150 * W}, 0, "CAP_REACHED", ""},
      // Policy 5: 10% of 1,500万 = 150万 ≤ 200万; of 3,000万 = 300万 → 200万.
      {"p5 1500万", "changji.5", {{"investment_fen", 1500 * W}}, {}, 150 * W, "", ""},
      {"p5 3000万", "changji.5", {{"investment_fen", 3000 * W}}, {}, 200 * W, "", "per_item"},
      // Policy 6: one-off, once per entity.
      {"p6 unicorn", "changji.6.unicorn", {}, {}, 300 * W, "", ""},
      {"p6 unicorn twice", "changji.6.unicorn", {}, {0, 0, 1}, 0, "ALREADY_AWARDED", ""},
      {"p6 gazelle", "changji.6.gazelle", {}, {}, 100 * W, "", ""},
      {"p6 high-tech", "changji.6.high_tech", {}, {}, 20 * W, "", ""},
      // Policy 7: 5% of 600万 tax saved = 30万; of 2,000万 = 100万 → 50万 a year.
      {"p7 600万", "changji.7", {{"tax_saved_fen", 600 * W}}, {}, 30 * W, "", ""},
      {"p7 2000万", "changji.7", {{"tax_saved_fen", 2000 * W}}, {}, 50 * W, "", "per_entity_year"},
      // Policy 8: 15 patents, 3 inventions = 20% → 10万; 14 patents → not eligible.
      {"p8 15 with 3 inventions", "changji.8.patents",
       {{"patents_granted", 15}, {"invention_patents", 3}, {"utility_patents", 12}}, {}, 10 * W, "", ""},
      {"p8 14 patents", "changji.8.patents",
       {{"patents_granted", 14}, {"invention_patents", 14}, {"utility_patents", 0}}, {}, 0, "NOT_ELIGIBLE", ""},
      // 15 patents, 2 inventions (13%), 12 utility (80%) → the utility branch pays.
      {"p8 utility 80%", "changji.8.patents",
       {{"patents_granted", 15}, {"invention_patents", 2}, {"utility_patents", 12}}, {}, 10 * W, "", ""},
      // 15 patents, 2 inventions, 11 utility (73%) → neither branch.
      {"p8 neither share", "changji.8.patents",
       {{"patents_granted", 15}, {"invention_patents", 2}, {"utility_patents", 11}}, {}, 0, "NOT_ELIGIBLE", ""},
      {"p8 national standard", "changji.8.standard.national", {}, {}, 20 * W, "", ""},
      {"p8 industry standard", "changji.8.standard.industry", {}, {}, 15 * W, "", ""},
      {"p8 local standard", "changji.8.standard.local", {}, {}, 5 * W, "", ""},
      {"p9 national platform", "changji.9.platform.national", {}, {}, 100 * W, "", ""},
      {"p9 region platform", "changji.9.platform.region", {}, {}, 20 * W, "", ""},
      {"p9 academician station", "changji.9.academician_station", {}, {}, 50 * W, "", ""},
      {"p9 postdoc station", "changji.9.postdoc_station", {}, {}, 40 * W, "", ""},
      {"p9 postdoc base", "changji.9.postdoc_base", {}, {}, 20 * W, "", ""},
      {"p10 new-type institution", "changji.10", {}, {}, 30 * W, "", ""},
      // Policy 11: 999万 is under the 1,000万 threshold; 3,000万 × 5% = 150万 → 100万.
      {"p11 999万", "changji.11", {{"investment_fen", 999 * W}}, {}, 0, "NOT_ELIGIBLE", ""},
      {"p11 3000万", "changji.11", {{"investment_fen", 3000 * W}}, {}, 100 * W, "", "per_item"},
      // 1,000万 exactly qualifies: 5% = 50万.
      {"p11 1000万", "changji.11", {{"investment_fen", 1000 * W}}, {}, 50 * W, "", ""},
      // Policy 12: excellent (4) pays up to 50万; good (3) nothing.
      {"p12 excellent", "changji.12", {{"assessment_grade", 4}}, {}, 50 * W, "", ""},
      {"p12 good", "changji.12", {{"assessment_grade", 3}}, {}, 0, "NOT_ELIGIBLE", ""},
      // Policy 13: year-1 tranches 50万 (双创 base) and 30万 (incubator).
      {"p13 base year 1", "changji.13.base", {}, {}, 50 * W, "", ""},
      {"p13 incubator year 1", "changji.13.incubator", {}, {}, 30 * W, "", ""},
      // Policy 3: the 200万 grant; the investment part is not a grant.
      {"p3 grant part", "changji.3", {}, {}, 200 * W, "", ""},
  };
  for (const Row& row : rows) {
    SCOPED_TRACE(row.name);
    auto result = Compute(Policy(row.policy), Eligible(row.facts), row.usage);
    if (row.expected_fen == 0) {
      EXPECT_EQ(ErrorReason(result.status()), row.expected_reason) << result.status();
      continue;
    }
    ASSERT_TRUE(result.ok()) << result.status();
    EXPECT_EQ(result->amount_fen, row.expected_fen);
    EXPECT_EQ(result->bound_by, row.bound_by);
  }
}

TEST_F(CalculatorTest, ACapReachedPartWaySaysSo) {
  // 3% of 1,500万 = 45万 with 130万 of 150万 used: pays 20万, the yearly cap cut 25万.
  auto result = Compute(Policy("changji.4"), Eligible({{"transaction_amount_fen", 1500 * W}}),
                        {0, 130 * W});
  ASSERT_TRUE(result.ok());
  EXPECT_EQ(result->uncapped_fen, 45 * W);
  EXPECT_EQ(result->cut_fen, 25 * W);
  ASSERT_EQ(result->steps.size(), 2u);
  EXPECT_EQ(result->steps[0], "300 bp of 15000000.00 = 450000.00 (rounded down to the fen)");
  EXPECT_EQ(result->steps[1],
            "per_entity_year cap 1500000.00: 1300000.00 used, pays the 200000.00 left");
}

TEST_F(CalculatorTest, ABadRecordOrAnotherZoneIsNotEligible) {
  Facts facts = Eligible({});
  facts["bad_record"] = 1;
  EXPECT_EQ(ErrorReason(Compute(Policy("changji.6.gazelle"), facts, {}).status()), "NOT_ELIGIBLE");
  facts = Eligible({});
  facts["registered_in_zone"] = 0;
  EXPECT_EQ(ErrorReason(Compute(Policy("changji.6.gazelle"), facts, {}).status()), "NOT_ELIGIBLE");
  EXPECT_EQ(ErrorReason(Compute(Policy("changji.4"), Eligible({}), {}).status()), "FACT_MISSING");
}

TEST_F(CalculatorTest, SteppedTranchesFollowTheAfterExpiryRule) {
  // A 双创 base approved in 2024: 50万 in 2024, 30万 in 2025, and 20万 in 2026 — after the
  // 2025-12-31 window, kept because the catalogue says HONOUR.
  std::vector<Tranche> base = Schedule(Policy("changji.13.base"), 2024);
  ASSERT_EQ(base.size(), 3u);
  EXPECT_EQ(base[0].fiscal_year, 2024);
  EXPECT_EQ(base[0].amount_fen, 50 * W);
  EXPECT_EQ(base[1].fiscal_year, 2025);
  EXPECT_EQ(base[1].amount_fen, 30 * W);
  EXPECT_EQ(base[2].fiscal_year, 2026);
  EXPECT_EQ(base[2].amount_fen, 20 * W);
  EXPECT_TRUE(base[2].after_window);
  EXPECT_FALSE(base[1].after_window);
  // With STOP the 2026 tranche is not scheduled.
  v1::Policy stopped = Policy("changji.13.base");
  stopped.set_after_expiry(v1::AFTER_EXPIRY_STOP);
  EXPECT_EQ(Schedule(stopped, 2024).size(), 2u);
}

TEST_F(CalculatorTest, NoVersionIsInForceAfterTheWindow) {
  EXPECT_EQ(ErrorReason(PolicyInForce(catalogue_, "changji.4", absl::CivilDay(2026, 1, 1)).status()),
            "POLICY_NOT_IN_FORCE");
  EXPECT_TRUE(PolicyInForce(catalogue_, "changji.4", absl::CivilDay(2025, 12, 31)).ok());
}

TEST(OtherJurisdictionTest, AMadeUpZoneLoadsAndComputesWithoutCodeChanges) {
  auto catalogue = LoadCatalogue(SourceDir() + "/services/grants/testdata/gansu-demo.textproto");
  ASSERT_TRUE(catalogue.ok()) << catalogue.status();
  auto policy = PolicyInForce(*catalogue, "lb.transfer", absl::CivilDay(2026, 3, 1));
  ASSERT_TRUE(policy.ok());
  // 4% of 1,000万 = 40万 → 30万 per contract.
  auto result = Compute(**policy, {{"transaction_amount_fen", 1000 * W}}, {});
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_EQ(result->amount_fen, 30 * W);
  EXPECT_EQ(result->bound_by, "per_item");
  // Four tranches from 2025; the window ends 2025 and the rule is STOP: only 2025 is left.
  auto incubator = PolicyInForce(*catalogue, "lb.incubator", absl::CivilDay(2025, 3, 1));
  ASSERT_TRUE(incubator.ok());
  auto tranches = Schedule(**incubator, 2025);
  ASSERT_EQ(tranches.size(), 1u);
  EXPECT_EQ(tranches[0].amount_fen, 40 * W);
}

}  // namespace
}  // namespace innoledger::grants
