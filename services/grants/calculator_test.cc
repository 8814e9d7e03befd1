// The calculator alone: amounts, floors, caps and the words that explain them, and the
// years a multi-year award's tranches fall in. (approve_test.cc runs every rule of
// Attachment 2 through the ledger.)
#include "services/grants/calculator.h"

#include "common/errors.h"
#include "google/protobuf/text_format.h"
#include "services/grants/testing/grants_fixture.h"

namespace innoledger::grants {
namespace {

using testing::W;

v1::Policy Parse(const std::string& text) {
  v1::Policy policy;
  EXPECT_TRUE(google::protobuf::TextFormat::ParseFromString(text, &policy)) << text;
  return policy;
}

TEST(CalculatorTest, PercentRoundsDownToTheFenInExactArithmetic) {
  const v1::Policy policy = Parse(R"pb(id: "p"
                                       percent { base_fact: "base_fen" rate_bp: 333 })pb");
  // 3.33% of 1 yuan 0.07 fen... 107 fen × 333 / 10000 = 3.5631 → 3 fen.
  EXPECT_EQ(Compute(policy, {{"base_fen", 107}}, {})->amount_fen(), 3);
  // The largest base: int64 max × 3.33% does not overflow (128-bit intermediate).
  EXPECT_EQ(Compute(policy, {{"base_fen", INT64_MAX}}, {})->amount_fen(),
            static_cast<int64_t>(static_cast<__int128>(INT64_MAX) * 333 / 10000));
  EXPECT_EQ(ErrorReason(Compute(policy, {{"base_fen", -1}}, {}).status()), "INVALID_AMOUNT");
  EXPECT_EQ(ErrorReason(Compute(policy, {}, {}).status()), "FACT_MISSING");
}

TEST(CalculatorTest, EveryCapIsExplainedAndTheTightestBinds) {
  const v1::Policy policy = Parse(R"pb(
    id: "p"
    percent { base_fact: "base_fen" rate_bp: 1000 floor_fen: 1000000 }
    caps {
      per_item_fen: 40000000
      item_kind: "c"
      per_entity_year_fen: 60000000
      budget_per_year_fen: 100000000
    })pb");
  // 10% of 500万 = 50万 → 40万 per item → 60 − 30 = 30万 left this year → budget has 90万.
  auto result = Compute(policy, {{"base_fen", 500 * W}}, {0, 30 * W, 10 * W, ""});
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_EQ(result->amount_fen(), 30 * W);
  EXPECT_EQ(result->uncapped_fen(), 50 * W);
  EXPECT_EQ(result->cut_fen(), 20 * W);
  EXPECT_EQ(result->bound_by(), "per_entity_year");
  ASSERT_EQ(result->caps_size(), 3);
  EXPECT_EQ(result->caps(0).cut_fen(), 10 * W);
  EXPECT_EQ(result->caps(1).cut_fen(), 10 * W);
  EXPECT_EQ(result->caps(2).cut_fen(), 0);
  // Below the floor: 10% of 5万 = 5,000 yuan → the 1万 floor.
  EXPECT_EQ(Compute(policy, {{"base_fen", 5 * W}}, {})->amount_fen(), 1 * W);
  // Nothing left under the budget: refused, naming the cap.
  auto spent = Compute(policy, {{"base_fen", 5 * W}}, {0, 0, 100 * W, ""});
  EXPECT_EQ(ErrorReason(spent.status()), "CAP_REACHED");
  EXPECT_EQ(ErrorMetadata(spent.status())["cap"], "budget");
}

TEST(CalculatorTest, RatiosCompareWithoutDivision) {
  const v1::Policy policy = Parse(R"pb(
    id: "p"
    fixed { amount_fen: 100 }
    eligibility {
      any_of {
        conditions { ratio { numerator_fact: "a" denominator_fact: "n" op: OP_GE value_bp: 2000 } }
        conditions { ratio { numerator_fact: "b" denominator_fact: "n" op: OP_GE value_bp: 8000 } }
      }
    })pb");
  EXPECT_TRUE(Compute(policy, {{"a", 1}, {"b", 0}, {"n", 5}}, {}).ok());  // exactly 20%
  EXPECT_TRUE(Compute(policy, {{"a", 0}, {"b", 4}, {"n", 5}}, {}).ok());  // exactly 80%
  auto neither = Compute(policy, {{"a", 1}, {"b", 3}, {"n", 6}}, {});     // 16.7%, 50%
  EXPECT_EQ(ErrorReason(neither.status()), "NOT_ELIGIBLE");
  EXPECT_NE(neither.status().message().find("a (1) / n (6) >= 2000 bp"), std::string::npos)
      << neither.status();
  EXPECT_EQ(ErrorReason(Compute(policy, {{"a", 0}, {"b", 0}, {"n", 0}}, {}).status()),
            "NOT_ELIGIBLE");
}

TEST(CalculatorTest, OncePerEntityNamesTheEarlierAward) {
  const v1::Policy policy = Parse(R"pb(id: "p"
                                       fixed { amount_fen: 100 }
                                       caps { once_per_entity: true })pb");
  auto again = Compute(policy, {}, {0, 0, 0, "A-7"});
  EXPECT_EQ(ErrorReason(again.status()), "ALREADY_AWARDED");
  EXPECT_EQ(ErrorMetadata(again.status())["award"], "A-7");
}

TEST(CalculatorTest, TrancheYearsFollowTheAfterExpiryRule) {
  v1::Policy policy =
      Parse(R"pb(id: "p" effective_to: "2025-12-31" after_expiry: AFTER_EXPIRY_HONOUR)pb");
  // A schedule approved in 2024: 2024, 2025, and 2026 after the window.
  auto years = TrancheYears(policy, 2024, 3);
  ASSERT_EQ(years.size(), 3u);
  EXPECT_EQ(years[2].fiscal_year, 2026);
  EXPECT_TRUE(years[2].after_window);
  EXPECT_FALSE(years[2].stopped);
  EXPECT_FALSE(years[1].after_window);
  policy.set_after_expiry(v1::AFTER_EXPIRY_STOP);
  EXPECT_TRUE(TrancheYears(policy, 2024, 3)[2].stopped);
  EXPECT_FALSE(TrancheYears(policy, 2024, 3)[1].stopped);
}

}  // namespace
}  // namespace innoledger::grants
