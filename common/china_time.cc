#include "common/china_time.h"

namespace innoledger {

absl::TimeZone ChinaTimeZone() {
  static const absl::TimeZone zone = absl::FixedTimeZone(8 * 60 * 60);
  return zone;
}

absl::CivilDay ChinaDay(absl::Time instant) {
  return absl::ToCivilDay(instant, ChinaTimeZone());
}

int32_t FiscalYearOf(absl::Time instant) {
  return static_cast<int32_t>(ChinaDay(instant).year());
}

int32_t DaysSinceEpoch(absl::CivilDay day) {
  return static_cast<int32_t>(day - absl::CivilDay(1970, 1, 1));
}

absl::CivilDay DayFromEpochDays(int32_t days) { return absl::CivilDay(1970, 1, 1) + days; }

}  // namespace innoledger
