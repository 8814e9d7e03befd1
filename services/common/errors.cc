#include "services/common/errors.h"

#include <string>

#include "absl/strings/str_cat.h"
#include "common/errors.h"

namespace innoledger::services::errors {

using absl::StatusCode;

absl::Status InvalidField(absl::string_view field, absl::string_view why) {
  return Error(StatusCode::kInvalidArgument, "INVALID_REQUEST", absl::StrCat(field, ": ", why),
               {{"field", std::string(field)}});
}

absl::Status RequestIdMissing() {
  return Error(StatusCode::kInvalidArgument, "REQUEST_ID_MISSING",
               "writes need a request_id: the idempotency key that makes a retry safe",
               {{"field", "request_id"}});
}

absl::Status DeadlineMissing() {
  return Error(StatusCode::kInvalidArgument, "DEADLINE_MISSING",
               "writes need a deadline: set one on the client call");
}

absl::Status InvalidPageToken(absl::string_view why) {
  return Error(StatusCode::kInvalidArgument, "INVALID_PAGE_TOKEN",
               absl::StrCat("page_token is not valid here: ", why,
                            "; start again with an empty page_token"),
               {{"field", "page_token"}});
}

}  // namespace innoledger::services::errors
