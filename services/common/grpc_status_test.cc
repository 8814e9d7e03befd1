#include "services/common/grpc_status.h"

#include "common/errors.h"
#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"
#include "gtest/gtest.h"

namespace innoledger::services {
namespace {

TEST(GrpcStatusTest, OkStaysOk) { EXPECT_TRUE(ToGrpcStatus(absl::OkStatus()).ok()); }

TEST(GrpcStatusTest, ReasonAndMetadataTravelAsErrorInfo) {
  const absl::Status error = Error(absl::StatusCode::kFailedPrecondition, "CAP_EXCEEDED",
                                   "cap reached", {{"scope", "policy4"}, {"limit_fen", "100"}});
  const grpc::Status status = ToGrpcStatus(error);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(status.error_message(), "cap reached");

  google::rpc::Status details;
  ASSERT_TRUE(details.ParseFromString(status.error_details()));
  EXPECT_EQ(details.code(), static_cast<int>(grpc::StatusCode::FAILED_PRECONDITION));
  ASSERT_EQ(details.details_size(), 1);
  google::rpc::ErrorInfo info;
  ASSERT_TRUE(details.details(0).UnpackTo(&info));
  EXPECT_EQ(info.reason(), "CAP_EXCEEDED");
  EXPECT_EQ(info.domain(), "innoledger");
  EXPECT_EQ(info.metadata().at("scope"), "policy4");
  EXPECT_EQ(info.metadata().at("limit_fen"), "100");
}

TEST(GrpcStatusTest, StatusWithoutReasonKeepsCodeAndMessageOnly) {
  const grpc::Status status = ToGrpcStatus(absl::UnavailableError("disk gone"));
  EXPECT_EQ(status.error_code(), grpc::StatusCode::UNAVAILABLE);
  EXPECT_EQ(status.error_message(), "disk gone");
  EXPECT_TRUE(status.error_details().empty());
}

TEST(GrpcStatusTest, EveryCodeMapsOneToOne) {
  for (int code = 1; code <= 16; ++code) {
    const auto absl_code = static_cast<absl::StatusCode>(code);
    EXPECT_EQ(static_cast<int>(ToGrpcStatus(absl::Status(absl_code, "x")).error_code()), code);
  }
}

TEST(GrpcStatusTest, RoundTripKeepsReasonAndMetadata) {
  const absl::Status error =
      Error(absl::StatusCode::kAlreadyExists, "REQUEST_ID_REUSED", "used", {{"request_id", "r1"}});
  const absl::Status back = FromGrpcStatus(ToGrpcStatus(error));
  EXPECT_EQ(back.code(), absl::StatusCode::kAlreadyExists);
  EXPECT_EQ(back.message(), "used");
  EXPECT_EQ(ErrorReason(back), "REQUEST_ID_REUSED");
  EXPECT_EQ(ErrorMetadata(back).at("request_id"), "r1");
}

}  // namespace
}  // namespace innoledger::services
