#include "services/grants/service.h"

#include <string>
#include <utility>

#include "absl/strings/str_cat.h"
#include "services/grants/requests.h"
#include "storage/sha256.h"

namespace innoledger::grants {
namespace {

constexpr absl::string_view kService = "innoledger.v1.GrantsService/";

// The outcome's entry and replay flag, and its body parsed as the response's record.
template <typename Response, typename Record>
void Answer(const storage::Outcome& outcome, Response* response, Record* record) {
  response->set_sequence(outcome.sequence);
  response->set_hash(std::string(storage::DigestBytes(outcome.hash)));
  response->set_replayed(outcome.replayed);
  record->ParseFromString(outcome.body);  // the command wrote it; equal bytes on replay
}

}  // namespace

template <typename Request, typename Response, typename Build, typename Fill>
grpc::ServerUnaryReactor* GrantsService::Write(const char* method,
                                               grpc::CallbackServerContext* context,
                                               const Request& request, Response* response,
                                               Build build, Fill fill) {
  services::Call call(gate_, absl::StrCat(kService, method), context);
  // 1. Who is asking, within its limits and reach, with a request id and a deadline.
  absl::StatusOr<auth::Principal> principal = call.AdmitWrite(request.city(), request.request_id());
  if (!principal.ok()) return call.Finish(principal.status());
  // 2. The domain command, with the policy version it needs.
  CommandOrError command = build();
  if (!command.ok()) return call.Finish(command.status());
  // 3. Queue it; the sequencer answers once the batch is durable, finishing the call.
  gate_.observer->OnWriteQueued();
  storage::Write write{request.city(), principal->ToString(), request.request_id(),
                       *std::move(command)};
  ledger_->Submit(std::move(write), [call, response, fill, observer = gate_.observer](
                                        absl::StatusOr<storage::Outcome> outcome) {
    observer->OnWriteAnswered();
    if (outcome.ok()) fill(*outcome, response);
    call.Finish(outcome.status());
  });
  return call.reactor();
}

template <typename Request, typename Response, typename Read>
grpc::ServerUnaryReactor* GrantsService::ReadCall(const char* method,
                                                  grpc::CallbackServerContext* context,
                                                  const Request& request, Response* response,
                                                  Read read) {
  services::Call call(gate_, absl::StrCat(kService, method), context);
  // 1. Who is asking (reads are not anonymous either), within its limits and reach.
  absl::StatusOr<auth::Principal> principal = call.Admit(request.city());
  if (!principal.ok()) return call.Finish(principal.status());
  // 2. Read and answer.
  absl::StatusOr<Response> result = read(*principal);
  if (result.ok()) *response = std::move(*result);
  return call.Finish(result.status());
}

grpc::ServerUnaryReactor* GrantsService::ComputeAward(grpc::CallbackServerContext* context,
                                                      const v1::ComputeAwardRequest* request,
                                                      v1::ComputeAwardResponse* response) {
  return ReadCall("ComputeAward", context, *request, response,
                  [&](const auth::Principal&) { return grants::ComputeAward(env_, *request); });
}

grpc::ServerUnaryReactor* GrantsService::ApproveAward(grpc::CallbackServerContext* context,
                                                      const v1::ApproveAwardRequest* request,
                                                      v1::ApproveAwardResponse* response) {
  return Write(
      "ApproveAward", context, *request, response, [&] { return BuildApprove(env_, *request); },
      [](const storage::Outcome& outcome, v1::ApproveAwardResponse* response) {
        Answer(outcome, response, response->mutable_award());
        response->set_amount_fen(PaidAtApproval(response->award()));
        *response->mutable_steps() = response->award().computation().steps();
      });
}

}  // namespace innoledger::grants
