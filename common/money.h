#ifndef INNOLEDGER_COMMON_MONEY_H_
#define INNOLEDGER_COMMON_MONEY_H_

#include <cstdint>
#include <optional>
#include <string>

namespace innoledger {

// Money is integer fen in int64. 1 yuan = 100 fen; 1万元 = 1,000,000 fen.
inline constexpr int64_t kFenPerYuan = 100;
inline constexpr int64_t kFenPerWanYuan = 1'000'000;
// Basis points: 10000 bp = 100%.
inline constexpr int64_t kBasisPointsPerWhole = 10'000;

// amount × basis_points / 10000, computed in 128 bits and rounded down to the fen.
// Requires amount_fen >= 0 and 0 <= basis_points; the result always fits when
// basis_points <= 10000.
int64_t PercentOfFen(int64_t amount_fen, int64_t basis_points);

// a + b, or nullopt on int64 overflow.
std::optional<int64_t> CheckedAddFen(int64_t a, int64_t b);

// Formats fen as yuan with two decimals: 123456 -> "1234.56", -5 -> "-0.05".
std::string FormatFen(int64_t fen);

}  // namespace innoledger

#endif  // INNOLEDGER_COMMON_MONEY_H_
