#ifndef INNOLEDGER_SERVICES_AUTH_LIMITER_H_
#define INNOLEDGER_SERVICES_AUTH_LIMITER_H_

#include <cstdint>
#include <functional>
#include <string>

#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"

namespace innoledger::auth {

struct LimiterOptions {
  // Calls one principal may have in flight at once (0: no limit).
  int max_in_flight_per_principal = 256;
  // Calls per second one principal may start, with bursts up to `burst` (0: no limit).
  int rate_per_second = 5000;
  int burst = 1000;
  std::function<absl::Time()> clock;  // tests; default absl::Now
};

// Keeps one principal from crowding out the others. Admit() before the work, Release()
// when the call is answered. Refusals are RESOURCE_EXHAUSTED (reasons TOO_MANY_IN_FLIGHT,
// RATE_LIMITED) with a retry_after_ms hint: a client backs off and retries.
class Limiter {
 public:
  explicit Limiter(LimiterOptions options) : options_(std::move(options)) {}

  absl::Status Admit(const std::string& principal);
  void Release(const std::string& principal);

 private:
  struct Usage {
    int in_flight = 0;
    int64_t micro_tokens = -1;  // a call costs 1,000,000; -1: a fresh bucket, full
    absl::Time refilled;
  };
  absl::Time Now() const { return options_.clock ? options_.clock() : absl::Now(); }

  const LimiterOptions options_;
  absl::Mutex mu_;
  absl::flat_hash_map<std::string, Usage> usage_ ABSL_GUARDED_BY(mu_);
};

}  // namespace innoledger::auth

#endif  // INNOLEDGER_SERVICES_AUTH_LIMITER_H_
