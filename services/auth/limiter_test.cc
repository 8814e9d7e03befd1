#include "services/auth/limiter.h"

#include "common/errors.h"
#include "gtest/gtest.h"

namespace innoledger::auth {
namespace {

TEST(LimiterTest, CapsCallsInFlightPerPrincipal) {
  LimiterOptions options;
  options.max_in_flight_per_principal = 2;
  options.rate_per_second = 0;
  Limiter limiter(options);
  EXPECT_TRUE(limiter.Admit("a").ok());
  EXPECT_TRUE(limiter.Admit("a").ok());
  absl::Status third = limiter.Admit("a");
  EXPECT_EQ(third.code(), absl::StatusCode::kResourceExhausted);
  EXPECT_EQ(ErrorReason(third), "TOO_MANY_IN_FLIGHT");
  EXPECT_TRUE(limiter.Admit("b").ok());  // others are not affected
  limiter.Release("a");
  EXPECT_TRUE(limiter.Admit("a").ok());
}

TEST(LimiterTest, RefillsTokensWithTime) {
  absl::Time now = absl::FromUnixSeconds(1'000'000);
  LimiterOptions options;
  options.max_in_flight_per_principal = 0;
  options.rate_per_second = 10;
  options.burst = 3;
  options.clock = [&] { return now; };
  Limiter limiter(options);
  for (int i = 0; i < 3; ++i) ASSERT_TRUE(limiter.Admit("a").ok()) << i;
  absl::Status limited = limiter.Admit("a");
  EXPECT_EQ(ErrorReason(limited), "RATE_LIMITED");
  EXPECT_EQ(ErrorMetadata(limited)["retry_after_ms"], "101");
  now += absl::Milliseconds(100);  // 10 per second: one more call
  EXPECT_TRUE(limiter.Admit("a").ok());
  EXPECT_FALSE(limiter.Admit("a").ok());
  now += absl::Seconds(60);  // refills to the burst, not beyond
  for (int i = 0; i < 3; ++i) EXPECT_TRUE(limiter.Admit("a").ok()) << i;
  EXPECT_FALSE(limiter.Admit("a").ok());
}

}  // namespace
}  // namespace innoledger::auth
