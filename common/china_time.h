#ifndef INNOLEDGER_COMMON_CHINA_TIME_H_
#define INNOLEDGER_COMMON_CHINA_TIME_H_

#include <cstdint>

#include "absl/time/civil_time.h"
#include "absl/time/time.h"

namespace innoledger {

// Fiscal years are calendar years in China time, a fixed UTC+8 (no daylight saving).
absl::TimeZone ChinaTimeZone();

// The China-time calendar day of an instant.
absl::CivilDay ChinaDay(absl::Time instant);

// The fiscal year an instant falls in: 2025-12-31T23:30+08:00 is 2025, and so is
// 2025-12-31T15:30Z; 2025-12-31T16:00Z is 2026.
int32_t FiscalYearOf(absl::Time instant);

// Days since 1970-01-01 (the storage encoding of a value date) and back.
int32_t DaysSinceEpoch(absl::CivilDay day);
absl::CivilDay DayFromEpochDays(int32_t days);

}  // namespace innoledger

#endif  // INNOLEDGER_COMMON_CHINA_TIME_H_
