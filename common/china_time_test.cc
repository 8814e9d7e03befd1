#include "common/china_time.h"

#include "gtest/gtest.h"

namespace innoledger {
namespace {

absl::Time Utc(int y, int m, int d, int hh, int mm) {
  return absl::FromCivil(absl::CivilMinute(y, m, d, hh, mm), absl::UTCTimeZone());
}

TEST(FiscalYearOf, UsesChinaTime) {
  // 2025-12-31 23:30 in China is 15:30 UTC: still fiscal 2025.
  EXPECT_EQ(FiscalYearOf(Utc(2025, 12, 31, 15, 30)), 2025);
  // 2026-01-01 00:00 in China is 2025-12-31 16:00 UTC: fiscal 2026.
  EXPECT_EQ(FiscalYearOf(Utc(2025, 12, 31, 16, 0)), 2026);
  EXPECT_EQ(FiscalYearOf(Utc(2025, 12, 31, 15, 59)), 2025);
}

TEST(EpochDays, RoundTrips) {
  for (absl::CivilDay day : {absl::CivilDay(1970, 1, 1), absl::CivilDay(2024, 2, 29),
                             absl::CivilDay(2099, 12, 31), absl::CivilDay(1969, 12, 31)}) {
    EXPECT_EQ(DayFromEpochDays(DaysSinceEpoch(day)), day);
  }
  EXPECT_EQ(DaysSinceEpoch(absl::CivilDay(1970, 1, 2)), 1);
}

}  // namespace
}  // namespace innoledger
