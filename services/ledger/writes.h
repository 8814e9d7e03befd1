#ifndef INNOLEDGER_SERVICES_LEDGER_WRITES_H_
#define INNOLEDGER_SERVICES_LEDGER_WRITES_H_

#include "absl/status/statusor.h"
#include "innoledger/v1/ledger.pb.h"
#include "services/auth/identity.h"
#include "storage/ledger.h"

// The ledger's write RPCs as domain commands: each request becomes one storage::Write
// for its city's sequencer, carrying the caller's principal and request id (the
// idempotency key). No gRPC types.
namespace innoledger::ledger_service {

absl::StatusOr<storage::Write> BuildWrite(const v1::SubmitTransactionRequest& request,
                                          const auth::Principal& principal);
absl::StatusOr<storage::Write> BuildWrite(const v1::PostPendingRequest& request,
                                          const auth::Principal& principal);
absl::StatusOr<storage::Write> BuildWrite(const v1::VoidPendingRequest& request,
                                          const auth::Principal& principal);
absl::StatusOr<storage::Write> BuildWrite(const v1::ReverseTransactionRequest& request,
                                          const auth::Principal& principal);

}  // namespace innoledger::ledger_service

#endif  // INNOLEDGER_SERVICES_LEDGER_WRITES_H_
