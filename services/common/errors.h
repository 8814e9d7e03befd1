#ifndef INNOLEDGER_SERVICES_COMMON_ERRORS_H_
#define INNOLEDGER_SERVICES_COMMON_ERRORS_H_

#include "absl/status/status.h"
#include "absl/strings/string_view.h"

// Errors of the RPC edge shared by every service: the shape of a call, before any domain
// logic runs. One factory per error, each with its code and stable reason (docs/rpc.md).
namespace innoledger::services::errors {

// INVALID_ARGUMENT / INVALID_REQUEST: `field` does not have the shape the API promises.
absl::Status InvalidField(absl::string_view field, absl::string_view why);
// INVALID_ARGUMENT / REQUEST_ID_MISSING: a write without its idempotency key.
absl::Status RequestIdMissing();
// INVALID_ARGUMENT / DEADLINE_MISSING: a write without a client deadline could wait forever
// on a stalled disk; we make every writer decide how long it will wait.
absl::Status DeadlineMissing();
// INVALID_ARGUMENT / INVALID_PAGE_TOKEN: a token we did not issue, or issued for another
// filter.
absl::Status InvalidPageToken(absl::string_view why);

}  // namespace innoledger::services::errors

#endif  // INNOLEDGER_SERVICES_COMMON_ERRORS_H_
