#include "services/ledger/service.h"

#include <string>
#include <utility>

#include "absl/strings/str_cat.h"
#include "services/common/grpc_status.h"
#include "services/ledger/convert.h"
#include "services/ledger/reads.h"
#include "services/ledger/writes.h"

namespace innoledger::ledger_service {
namespace {
constexpr absl::string_view kService = "innoledger.v1.LedgerService/";
}  // namespace

LedgerService::LedgerService(storage::Ledger* ledger, const services::Gate& gate)
    : ledger_(ledger), gate_(gate) {}

template <typename Request, typename Response>
grpc::ServerUnaryReactor* LedgerService::Write(const char* method,
                                               grpc::CallbackServerContext* context,
                                               const Request& request, Response* response) {
  services::Call call(gate_, absl::StrCat(kService, method), context);
  // 1. Who is asking, within its limits and reach, with a request id and a deadline.
  absl::StatusOr<auth::Principal> principal = call.AdmitWrite(request.city(), request.request_id());
  if (!principal.ok()) return call.Finish(principal.status());
  // 2. The domain command.
  absl::StatusOr<storage::Write> write = BuildWrite(request, *principal);
  if (!write.ok()) return call.Finish(write.status());
  // 3. Queue it; the sequencer answers once the batch is durable (maybe inline, for an
  //    unknown city), and the answer finishes the call.
  gate_.observer->OnWriteQueued();
  ledger_->Submit(std::move(*write), [call, response, observer = gate_.observer](
                                         absl::StatusOr<storage::Outcome> outcome) {
    observer->OnWriteAnswered();
    if (outcome.ok()) *response = ToWriteResponse<Response>(*outcome);
    call.Finish(outcome.status());
  });
  return call.reactor();
}

template <typename Request, typename Response, typename Read>
grpc::ServerUnaryReactor* LedgerService::ReadCall(const char* method,
                                                  grpc::CallbackServerContext* context,
                                                  const Request& request, Response* response,
                                                  Read read) {
  services::Call call(gate_, absl::StrCat(kService, method), context);
  // 1. Who is asking (reads are not anonymous either), within its limits and reach.
  absl::StatusOr<auth::Principal> principal = call.Admit(request.city());
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
  return ReadCall("GetHead", context, *request, response,
                  [&] { return ledger_service::GetHead(*ledger_, *request); });
}

grpc::ServerUnaryReactor* LedgerService::GetEntry(grpc::CallbackServerContext* context,
                                                  const v1::GetEntryRequest* request,
                                                  v1::GetEntryResponse* response) {
  return ReadCall("GetEntry", context, *request, response,
                  [&] { return ledger_service::GetEntry(*ledger_, *request); });
}

grpc::ServerUnaryReactor* LedgerService::GetAccount(grpc::CallbackServerContext* context,
                                                    const v1::GetAccountRequest* request,
                                                    v1::GetAccountResponse* response) {
  return ReadCall("GetAccount", context, *request, response,
                  [&] { return ledger_service::GetAccount(*ledger_, *request); });
}

grpc::ServerUnaryReactor* LedgerService::ListAccounts(grpc::CallbackServerContext* context,
                                                      const v1::ListAccountsRequest* request,
                                                      v1::ListAccountsResponse* response) {
  return ReadCall("ListAccounts", context, *request, response,
                  [&] { return ledger_service::ListAccounts(*ledger_, *request); });
}

grpc::ServerUnaryReactor* LedgerService::ListEntriesByAccount(
    grpc::CallbackServerContext* context, const v1::ListEntriesByAccountRequest* request,
    v1::ListEntriesByAccountResponse* response) {
  return ReadCall("ListEntriesByAccount", context, *request, response,
                  [&] { return ledger_service::ListEntriesByAccount(*ledger_, *request); });
}

grpc::ServerUnaryReactor* LedgerService::ListEntriesByReference(
    grpc::CallbackServerContext* context, const v1::ListEntriesByReferenceRequest* request,
    v1::ListEntriesByReferenceResponse* response) {
  return ReadCall("ListEntriesByReference", context, *request, response,
                  [&] { return ledger_service::ListEntriesByReference(*ledger_, *request); });
}

grpc::ServerUnaryReactor* LedgerService::VerifyRange(grpc::CallbackServerContext* context,
                                                     const v1::VerifyRangeRequest* request,
                                                     v1::VerifyRangeResponse* response) {
  return ReadCall("VerifyRange", context, *request, response,
                  [&] { return ledger_service::VerifyRange(*ledger_, *request); });
}

}  // namespace innoledger::ledger_service
