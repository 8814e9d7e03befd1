#include "common/money.h"

#include <cstdint>
#include <limits>

#include "gtest/gtest.h"

namespace innoledger {
namespace {

struct PercentCase {
  int64_t amount_fen;
  int64_t basis_points;
  int64_t expected_fen;
};

TEST(PercentOfFen, RoundsDownToTheFen) {
  const PercentCase cases[] = {
      // 3% of 2,000万 = 60万 (2,000 × 1,000,000 fen × 3%).
      {2000 * kFenPerWanYuan, 300, 60 * kFenPerWanYuan},
      // 3% of 1,500万 = 45万.
      {1500 * kFenPerWanYuan, 300, 45 * kFenPerWanYuan},
      // 5% of 999 fen = 49.95 -> 49 fen.
      {999, 500, 49},
      // 10% of 1 fen = 0.1 -> 0.
      {1, 1000, 0},
      // 100% is the identity.
      {123'456'789, 10000, 123'456'789},
      // 3% of the largest amount still fits; the product needs 128 bits:
      // 9223372036854775807 × 3 / 100 = 276701161105643274.21 -> 276701161105643274.
      {std::numeric_limits<int64_t>::max(), 300, 276701161105643274},
  };
  for (const auto& c : cases) {
    EXPECT_EQ(PercentOfFen(c.amount_fen, c.basis_points), c.expected_fen)
        << c.amount_fen << " x " << c.basis_points << "bp";
  }
}

TEST(CheckedAddFen, DetectsOverflow) {
  EXPECT_EQ(CheckedAddFen(1, 2), 3);
  EXPECT_FALSE(CheckedAddFen(std::numeric_limits<int64_t>::max(), 1).has_value());
  EXPECT_FALSE(CheckedAddFen(std::numeric_limits<int64_t>::min(), -1).has_value());
}

TEST(FormatFen, TwoDecimals) {
  EXPECT_EQ(FormatFen(123456), "1234.56");
  EXPECT_EQ(FormatFen(-5), "-0.05");
  EXPECT_EQ(FormatFen(0), "0.00");
  EXPECT_EQ(FormatFen(std::numeric_limits<int64_t>::min()), "-92233720368547758.08");
}

}  // namespace
}  // namespace innoledger
