#include "services/common/grpc_status.h"

#include <map>
#include <string>

#include "common/errors.h"
#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"

namespace innoledger::services {
namespace {

std::string DetailsOf(const absl::Status& status, const std::string& reason) {
  google::rpc::Status details;
  details.set_code(static_cast<int>(status.code()));
  details.set_message(std::string(status.message()));
  google::rpc::ErrorInfo info;
  info.set_reason(reason);
  info.set_domain(std::string(kErrorDomain));
  for (const auto& [key, value] : ErrorMetadata(status)) (*info.mutable_metadata())[key] = value;
  details.add_details()->PackFrom(info);
  return details.SerializeAsString();
}

}  // namespace

grpc::Status ToGrpcStatus(const absl::Status& status) {
  if (status.ok()) return grpc::Status::OK;
  const auto code = static_cast<grpc::StatusCode>(status.code());
  const std::string message(status.message());
  const std::string reason = ErrorReason(status);
  // A status without a reason did not come from our factories (a library's error); it
  // still reaches the client with its code and message, just without ErrorInfo.
  if (reason.empty()) return grpc::Status(code, message);
  return grpc::Status(code, message, DetailsOf(status, reason));
}

absl::Status FromGrpcStatus(const grpc::Status& status) {
  if (status.ok()) return absl::OkStatus();
  const auto code = static_cast<absl::StatusCode>(status.error_code());
  google::rpc::Status details;
  if (status.error_details().empty() || !details.ParseFromString(status.error_details())) {
    return absl::Status(code, status.error_message());
  }
  for (const auto& any : details.details()) {
    google::rpc::ErrorInfo info;
    if (!any.UnpackTo(&info) || info.domain() != kErrorDomain) continue;
    std::map<std::string, std::string> metadata(info.metadata().begin(), info.metadata().end());
    return Error(code, info.reason(), status.error_message(), metadata);
  }
  return absl::Status(code, status.error_message());
}

}  // namespace innoledger::services
