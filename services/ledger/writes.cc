#include "services/ledger/writes.h"

#include <memory>
#include <string>
#include <utility>

#include "common/status_macros.h"
#include "services/common/errors.h"
#include "services/ledger/convert.h"
#include "storage/commands.h"

namespace innoledger::ledger_service {
namespace {

template <typename Request>
storage::Write MakeWrite(const Request& request, const auth::Principal& principal,
                         std::unique_ptr<storage::Command> command) {
  return storage::Write{request.city(), principal.ToString(), request.request_id(),
                        std::move(command)};
}

absl::Status CheckSequence(absl::string_view field, uint64_t sequence) {
  if (sequence == 0) return services::errors::InvalidField(field, "sequences start at 1");
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<storage::Write> BuildWrite(const v1::SubmitTransactionRequest& request,
                                          const auth::Principal& principal) {
  ASSIGN_OR_RETURN(storage::TransactionRequest transaction, ToTransactionRequest(request));
  return MakeWrite(request, principal, storage::MakeTransactCommand(std::move(transaction)));
}

absl::StatusOr<storage::Write> BuildWrite(const v1::PostPendingRequest& request,
                                          const auth::Principal& principal) {
  RETURN_IF_ERROR(CheckSequence("hold_sequence", request.hold_sequence()));
  return MakeWrite(request, principal,
                   storage::MakePostPendingCommand(request.hold_sequence(), request.memo()));
}

absl::StatusOr<storage::Write> BuildWrite(const v1::VoidPendingRequest& request,
                                          const auth::Principal& principal) {
  RETURN_IF_ERROR(CheckSequence("hold_sequence", request.hold_sequence()));
  return MakeWrite(request, principal,
                   storage::MakeVoidPendingCommand(request.hold_sequence(), request.memo()));
}

absl::StatusOr<storage::Write> BuildWrite(const v1::ReverseTransactionRequest& request,
                                          const auth::Principal& principal) {
  RETURN_IF_ERROR(CheckSequence("sequence", request.sequence()));
  return MakeWrite(request, principal,
                   storage::MakeReverseCommand(request.sequence(), request.memo()));
}

}  // namespace innoledger::ledger_service
