#include "services/auth/limiter.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "common/errors.h"

namespace innoledger::auth {

absl::Status Limiter::Admit(const std::string& principal) {
  absl::MutexLock lock(&mu_);
  Usage& usage = usage_[principal];
  if (options_.max_in_flight_per_principal > 0 &&
      usage.in_flight >= options_.max_in_flight_per_principal) {
    return Error(absl::StatusCode::kResourceExhausted, "TOO_MANY_IN_FLIGHT",
                 absl::StrCat(principal, " already has ", usage.in_flight,
                              " calls in flight; wait for answers before sending more"),
                 {{"limit", absl::StrCat(options_.max_in_flight_per_principal)},
                  {"retry_after_ms", "50"}});
  }
  if (options_.rate_per_second > 0) {
    constexpr int64_t kCall = 1'000'000;
    const int64_t full = int64_t{options_.burst} * kCall;
    const absl::Time now = Now();
    if (usage.micro_tokens < 0) {
      usage.micro_tokens = full;
    } else {
      // Elapsed µs × calls/s = micro-tokens earned.
      const int64_t earned = absl::ToInt64Microseconds(now - usage.refilled) * options_.rate_per_second;
      usage.micro_tokens = std::min(full, usage.micro_tokens + std::max<int64_t>(earned, 0));
    }
    usage.refilled = now;
    if (usage.micro_tokens < kCall) {
      const int64_t wait_ms = (kCall - usage.micro_tokens) / options_.rate_per_second / 1000 + 1;
      return Error(absl::StatusCode::kResourceExhausted, "RATE_LIMITED",
                   absl::StrCat(principal, " exceeds ", options_.rate_per_second,
                                " calls per second; retry in ", wait_ms, " ms"),
                   {{"limit_per_second", absl::StrCat(options_.rate_per_second)},
                    {"retry_after_ms", absl::StrCat(wait_ms)}});
    }
    usage.micro_tokens -= kCall;
  }
  ++usage.in_flight;
  return absl::OkStatus();
}

void Limiter::Release(const std::string& principal) {
  absl::MutexLock lock(&mu_);
  auto it = usage_.find(principal);
  if (it != usage_.end() && it->second.in_flight > 0) --it->second.in_flight;
}

}  // namespace innoledger::auth
