#include "common/money.h"

#include "absl/numeric/int128.h"
#include "absl/strings/str_format.h"
#include "common/check.h"

namespace innoledger {

int64_t PercentOfFen(int64_t amount_fen, int64_t basis_points) {
  LEDGER_CHECK(amount_fen >= 0 && basis_points >= 0);
  absl::int128 product = absl::int128(amount_fen) * basis_points;
  absl::int128 result = product / kBasisPointsPerWhole;  // non-negative: truncation = floor
  LEDGER_CHECK(result <= absl::int128(INT64_MAX));
  return static_cast<int64_t>(result);
}

std::optional<int64_t> CheckedAddFen(int64_t a, int64_t b) {
  int64_t sum;
  if (__builtin_add_overflow(a, b, &sum)) return std::nullopt;
  return sum;
}

std::string FormatFen(int64_t fen) {
  absl::uint128 magnitude = fen < 0 ? absl::uint128(-(absl::int128(fen))) : absl::uint128(fen);
  uint64_t yuan = static_cast<uint64_t>(magnitude / kFenPerYuan);
  uint64_t cents = static_cast<uint64_t>(magnitude % kFenPerYuan);
  return absl::StrFormat("%s%d.%02d", fen < 0 ? "-" : "", yuan, cents);
}

}  // namespace innoledger
