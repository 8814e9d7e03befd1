#include "common/errors.h"

#include "gtest/gtest.h"

namespace innoledger {
namespace {

TEST(Error, CarriesReasonAndMetadata) {
  absl::Status status = Error(absl::StatusCode::kFailedPrecondition, "INSUFFICIENT_FUNDS",
                              "fund has 5.00, needs 7.00", {{"account", "fund:voucher"}});
  EXPECT_EQ(status.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(status.message(), "fund has 5.00, needs 7.00");
  EXPECT_EQ(ErrorReason(status), "INSUFFICIENT_FUNDS");
  EXPECT_EQ(ErrorMetadata(status).at("account"), "fund:voucher");
}

TEST(Error, PlainStatusHasNoReason) {
  EXPECT_EQ(ErrorReason(absl::InternalError("x")), "");
  EXPECT_TRUE(ErrorMetadata(absl::OkStatus()).empty());
}

}  // namespace
}  // namespace innoledger
