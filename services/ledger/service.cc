#include "services/ledger/service.h"

#include <string>
#include <utility>

#include "absl/time/clock.h"
#include "grpc/support/time.h"
#include "services/common/grpc_status.h"
#include "services/ledger/convert.h"
#include "services/ledger/reads.h"
#include "services/ledger/writes.h"

namespace innoledger::ledger_service {
namespace {

// What the identity component needs from a call, copied out of the gRPC context.
auth::CallInfo CallInfoFrom(const grpc::CallbackServerContext& context) {
  auth::CallInfo info;
  const auto& metadata = context.client_metadata();
  auto it = metadata.find(std::string(auth::kPrincipalHeader));
  if (it != metadata.end()) info.principal_header = std::string(it->second.data(), it->second.size());
  const gpr_timespec deadline = context.raw_deadline();
  info.has_deadline = gpr_time_cmp(deadline, gpr_inf_future(deadline.clock_type)) != 0;
  return info;
}

// One call in flight: finishing it reports to the observer and completes the reactor.
// Copyable, so a write's Done callback can carry it to the sequencer thread.
class Call {
 public:
  Call(const char* method, grpc::CallbackServerContext* context,
       services::RpcObserver* observer)
      : method_(method), reactor_(context->DefaultReactor()), observer_(observer),
        start_(absl::Now()) {}

  grpc::ServerUnaryReactor* Finish(const absl::Status& status) const {
    observer_->OnRpcDone(method_, status.code(), absl::Now() - start_);
    reactor_->Finish(services::ToGrpcStatus(status));
    return reactor_;
  }
  grpc::ServerUnaryReactor* reactor() const { return reactor_; }

 private:
  const char* method_;
  grpc::ServerUnaryReactor* reactor_;
  services::RpcObserver* observer_;
  absl::Time start_;
};

}  // namespace

LedgerService::LedgerService(storage::Ledger* ledger, auth::IdentityReader identity,
                             services::RpcObserver* observer)
    : ledger_(ledger), identity_(identity), observer_(observer) {}

template <typename Request, typename Response>
grpc::ServerUnaryReactor* LedgerService::Write(const char* method,
                                               grpc::CallbackServerContext* context,
                                               const Request& request, Response* response) {
  const Call call(method, context, observer_);
  // 1. Who is asking, and is the call shaped like a write.
  const auth::CallInfo info = CallInfoFrom(*context);
  absl::StatusOr<auth::Principal> principal = identity_.Read(info);
  if (!principal.ok()) return call.Finish(principal.status());
  if (absl::Status shape = auth::CheckWriteCall(info, request.request_id()); !shape.ok()) {
    return call.Finish(shape);
  }
  // 2. The domain command.
  absl::StatusOr<storage::Write> write = BuildWrite(request, *principal);
  if (!write.ok()) return call.Finish(write.status());
  // 3. Queue it; the sequencer answers once the batch is durable (maybe inline, for an
  //    unknown city), and the answer finishes the call.
  observer_->OnWriteQueued();
  ledger_->Submit(std::move(*write), [call, response, observer = observer_](
                                         absl::StatusOr<storage::Outcome> outcome) {
    observer->OnWriteAnswered();
    if (outcome.ok()) *response = ToWriteResponse<Response>(*outcome);
    call.Finish(outcome.status());
  });
  return call.reactor();
}

template <typename Response, typename Read>
grpc::ServerUnaryReactor* LedgerService::ReadCall(const char* method,
                                                  grpc::CallbackServerContext* context,
                                                  Response* response, Read read) {
  const Call call(method, context, observer_);
  // 1. Who is asking (reads are not anonymous either).
  absl::StatusOr<auth::Principal> principal = identity_.Read(CallInfoFrom(*context));
  if (!principal.ok()) return call.Finish(principal.status());
  // 2. Read and answer.
  absl::StatusOr<Response> result = read();
  if (result.ok()) *response = std::move(*result);
  return call.Finish(result.status());
}

grpc::ServerUnaryReactor* LedgerService::SubmitTransaction(
    grpc::CallbackServerContext* context, const v1::SubmitTransactionRequest* request,
    v1::SubmitTransactionResponse* response) {
  return Write("SubmitTransaction", context, *request, response);
}

grpc::ServerUnaryReactor* LedgerService::PostPending(grpc::CallbackServerContext* context,
                                                     const v1::PostPendingRequest* request,
                                                     v1::PostPendingResponse* response) {
  return Write("PostPending", context, *request, response);
}

grpc::ServerUnaryReactor* LedgerService::VoidPending(grpc::CallbackServerContext* context,
                                                     const v1::VoidPendingRequest* request,
                                                     v1::VoidPendingResponse* response) {
  return Write("VoidPending", context, *request, response);
}

grpc::ServerUnaryReactor* LedgerService::ReverseTransaction(
    grpc::CallbackServerContext* context, const v1::ReverseTransactionRequest* request,
    v1::ReverseTransactionResponse* response) {
  return Write("ReverseTransaction", context, *request, response);
}

grpc::ServerUnaryReactor* LedgerService::GetHead(grpc::CallbackServerContext* context,
                                                 const v1::GetHeadRequest* request,
                                                 v1::GetHeadResponse* response) {
  return ReadCall("GetHead", context, response,
                  [&] { return ledger_service::GetHead(*ledger_, *request); });
}

grpc::ServerUnaryReactor* LedgerService::GetEntry(grpc::CallbackServerContext* context,
                                                  const v1::GetEntryRequest* request,
                                                  v1::GetEntryResponse* response) {
  return ReadCall("GetEntry", context, response,
                  [&] { return ledger_service::GetEntry(*ledger_, *request); });
}

grpc::ServerUnaryReactor* LedgerService::GetAccount(grpc::CallbackServerContext* context,
                                                    const v1::GetAccountRequest* request,
                                                    v1::GetAccountResponse* response) {
  return ReadCall("GetAccount", context, response,
                  [&] { return ledger_service::GetAccount(*ledger_, *request); });
}

grpc::ServerUnaryReactor* LedgerService::ListAccounts(grpc::CallbackServerContext* context,
                                                      const v1::ListAccountsRequest* request,
                                                      v1::ListAccountsResponse* response) {
  return ReadCall("ListAccounts", context, response,
                  [&] { return ledger_service::ListAccounts(*ledger_, *request); });
}

grpc::ServerUnaryReactor* LedgerService::ListEntriesByAccount(
    grpc::CallbackServerContext* context, const v1::ListEntriesByAccountRequest* request,
    v1::ListEntriesByAccountResponse* response) {
  return ReadCall("ListEntriesByAccount", context, response,
                  [&] { return ledger_service::ListEntriesByAccount(*ledger_, *request); });
}

grpc::ServerUnaryReactor* LedgerService::ListEntriesByReference(
    grpc::CallbackServerContext* context, const v1::ListEntriesByReferenceRequest* request,
    v1::ListEntriesByReferenceResponse* response) {
  return ReadCall("ListEntriesByReference", context, response,
                  [&] { return ledger_service::ListEntriesByReference(*ledger_, *request); });
}

grpc::ServerUnaryReactor* LedgerService::VerifyRange(grpc::CallbackServerContext* context,
                                                     const v1::VerifyRangeRequest* request,
                                                     v1::VerifyRangeResponse* response) {
  return ReadCall("VerifyRange", context, response,
                  [&] { return ledger_service::VerifyRange(*ledger_, *request); });
}

}  // namespace innoledger::ledger_service
