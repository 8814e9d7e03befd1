#ifndef INNOLEDGER_COMMON_ERRORS_H_
#define INNOLEDGER_COMMON_ERRORS_H_

#include <map>
#include <string>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"

namespace innoledger {

// Every error we return carries a stable, machine-readable reason (UPPER_SNAKE_CASE,
// listed in docs/errors.md) and optional key/value metadata, as absl::Status payloads.
// The gRPC edge turns them into google.rpc.ErrorInfo{reason, domain="innoledger", metadata}.
// Domain code builds errors only through the per-domain factories (storage/errors.h, ...),
// which call Error().
absl::Status Error(absl::StatusCode code, absl::string_view reason, absl::string_view message,
                   const std::map<std::string, std::string>& metadata = {});

// The reason of an error built by Error(); "" for a status without one (or OK).
std::string ErrorReason(const absl::Status& status);

// The metadata of an error built by Error().
std::map<std::string, std::string> ErrorMetadata(const absl::Status& status);

inline constexpr absl::string_view kErrorDomain = "innoledger";

}  // namespace innoledger

#endif  // INNOLEDGER_COMMON_ERRORS_H_
