#include "common/errors.h"

#include "absl/strings/cord.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"

namespace innoledger {
namespace {
constexpr absl::string_view kReasonUrl = "type.innoledger/reason";
constexpr absl::string_view kMetadataUrlPrefix = "type.innoledger/metadata/";
}  // namespace

absl::Status Error(absl::StatusCode code, absl::string_view reason, absl::string_view message,
                   const std::map<std::string, std::string>& metadata) {
  absl::Status status(code, message);
  status.SetPayload(kReasonUrl, absl::Cord(reason));
  for (const auto& [key, value] : metadata) {
    status.SetPayload(absl::StrCat(kMetadataUrlPrefix, key), absl::Cord(value));
  }
  return status;
}

std::string ErrorReason(const absl::Status& status) {
  auto payload = status.GetPayload(kReasonUrl);
  return payload ? std::string(*payload) : std::string();
}

std::map<std::string, std::string> ErrorMetadata(const absl::Status& status) {
  std::map<std::string, std::string> metadata;
  status.ForEachPayload([&](absl::string_view url, const absl::Cord& value) {
    if (absl::StartsWith(url, kMetadataUrlPrefix)) {
      metadata[std::string(url.substr(kMetadataUrlPrefix.size()))] = std::string(value);
    }
  });
  return metadata;
}

}  // namespace innoledger
