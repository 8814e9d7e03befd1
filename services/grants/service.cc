#include "services/grants/service.h"

#include <string>
#include <utility>

#include "absl/strings/str_cat.h"
#include "services/grants/reads.h"
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
                  [&](const auth::Principal&) { return grants::ComputeAward(Current().env, *request); });
}

grpc::ServerUnaryReactor* GrantsService::ApproveAward(grpc::CallbackServerContext* context,
                                                      const v1::ApproveAwardRequest* request,
                                                      v1::ApproveAwardResponse* response) {
  return Write(
      "ApproveAward", context, *request, response, [&] { return BuildApprove(Current().env, *request); },
      [](const storage::Outcome& outcome, v1::ApproveAwardResponse* response) {
        Answer(outcome, response, response->mutable_award());
        response->set_amount_fen(PaidAtApproval(response->award()));
        *response->mutable_steps() = response->award().computation().steps();
      });
}

template <typename Request, typename Build>
grpc::ServerUnaryReactor* GrantsService::AwardWrite(const char* method,
                                                    grpc::CallbackServerContext* context,
                                                    const Request& request,
                                                    v1::AwardResponse* response, Build build) {
  return Write(method, context, request, response, build,
               [](const storage::Outcome& outcome, v1::AwardResponse* response) {
                 Answer(outcome, response, response->mutable_award());
               });
}

grpc::ServerUnaryReactor* GrantsService::FileApplication(grpc::CallbackServerContext* context,
                                                         const v1::FileApplicationRequest* request,
                                                         v1::AwardResponse* response) {
  return AwardWrite("FileApplication", context, *request, response,
                    [&] { return BuildFile(Current().env, *request); });
}

grpc::ServerUnaryReactor* GrantsService::AssessTranche(grpc::CallbackServerContext* context,
                                                       const v1::AssessTrancheRequest* request,
                                                       v1::AwardResponse* response) {
  return AwardWrite("AssessTranche", context, *request, response,
                    [&] { return BuildAssess(Current().env, *request); });
}

grpc::ServerUnaryReactor* GrantsService::RecordInvestment(
    grpc::CallbackServerContext* context, const v1::RecordInvestmentRequest* request,
    v1::AwardResponse* response) {
  return AwardWrite("RecordInvestment", context, *request, response,
                    [&] { return BuildInvest(Current().env, *request); });
}

grpc::ServerUnaryReactor* GrantsService::ClawBackAward(grpc::CallbackServerContext* context,
                                                       const v1::ClawBackAwardRequest* request,
                                                       v1::AwardResponse* response) {
  return AwardWrite("ClawBackAward", context, *request, response,
                    [&] { return BuildClawback(*request); });
}

grpc::ServerUnaryReactor* GrantsService::Hold(const char* method,
                                              grpc::CallbackServerContext* context,
                                              const v1::HoldTranchesRequest& request,
                                              v1::HoldTranchesResponse* response, bool hold) {
  return Write(
      method, context, request, response, [&] { return BuildHold(Current().env, request, hold); },
      [](const storage::Outcome& outcome, v1::HoldTranchesResponse* response) {
        v1::OpenAwards touched;
        Answer(outcome, response, &touched);
        *response->mutable_award_ids() = std::move(*touched.mutable_award_ids());
      });
}

grpc::ServerUnaryReactor* GrantsService::HoldTranches(grpc::CallbackServerContext* context,
                                                      const v1::HoldTranchesRequest* request,
                                                      v1::HoldTranchesResponse* response) {
  return Hold("HoldTranches", context, *request, response, /*hold=*/true);
}

grpc::ServerUnaryReactor* GrantsService::ReleaseTranches(grpc::CallbackServerContext* context,
                                                         const v1::HoldTranchesRequest* request,
                                                         v1::HoldTranchesResponse* response) {
  return Hold("ReleaseTranches", context, *request, response, /*hold=*/false);
}

grpc::ServerUnaryReactor* GrantsService::DisburseAwards(grpc::CallbackServerContext* context,
                                                        const v1::DisburseAwardsRequest* request,
                                                        v1::DisburseAwardsResponse* response) {
  return Write(
      "DisburseAwards", context, *request, response, [&] { return BuildDisburse(*request); },
      [](const storage::Outcome& outcome, v1::DisburseAwardsResponse* response) {
        Answer(outcome, response, response->mutable_order());
      });
}

grpc::ServerUnaryReactor* GrantsService::GetAward(grpc::CallbackServerContext* context,
                                                  const v1::GetAwardRequest* request,
                                                  v1::GetAwardResponse* response) {
  return ReadCall("GetAward", context, *request, response, [&](const auth::Principal& caller) {
    return grants::GetAward(Current().env, caller, *request);
  });
}

grpc::ServerUnaryReactor* GrantsService::ListAwards(grpc::CallbackServerContext* context,
                                                    const v1::ListAwardsRequest* request,
                                                    v1::ListAwardsResponse* response) {
  return ReadCall("ListAwards", context, *request, response, [&](const auth::Principal& caller) {
    return grants::ListAwards(Current().env, caller, *request);
  });
}

grpc::ServerUnaryReactor* GrantsService::GetAwardHistory(grpc::CallbackServerContext* context,
                                                         const v1::GetAwardHistoryRequest* request,
                                                         v1::GetAwardHistoryResponse* response) {
  return ReadCall("GetAwardHistory", context, *request, response,
                  [&](const auth::Principal& caller) {
                    return grants::GetAwardHistory(Current().env, caller, *request);
                  });
}

grpc::ServerUnaryReactor* GrantsService::GetCapUsage(grpc::CallbackServerContext* context,
                                                     const v1::GetCapUsageRequest* request,
                                                     v1::GetCapUsageResponse* response) {
  return ReadCall("GetCapUsage", context, *request, response, [&](const auth::Principal& caller) {
    return grants::GetCapUsage(Current().env, caller, *request);
  });
}

GrantsService::Env GrantsService::Current() const {
  Env current{catalogues_->Current(), {}};
  current.env = {ledger_, current.catalogues.get(), entity_facts_};
  return current;
}

grpc::ServerUnaryReactor* GrantsService::ReloadCatalogues(
    grpc::CallbackServerContext* context, const v1::ReloadCataloguesRequest* request,
    v1::ReloadCataloguesResponse* response) {
  services::Call call(gate_, absl::StrCat(kService, "ReloadCatalogues"), context);
  // The node's own files: no city, and only an admin (the permission table).
  absl::StatusOr<auth::Principal> principal = call.AdmitWrite("", request->request_id());
  if (!principal.ok()) return call.Finish(principal.status());
  absl::Status loaded = catalogues_->Load();
  if (!loaded.ok()) return call.Finish(loaded);
  const std::shared_ptr<const Catalogues> current = catalogues_->Current();
  for (size_t i = 0; i < current->size(); ++i) {
    v1::LoadedCatalogue* summary = response->add_catalogues();
    summary->set_file(catalogues_->paths()[i]);
    summary->set_jurisdiction((*current)[i].jurisdiction());
    for (const v1::Policy& policy : (*current)[i].policies()) {
      summary->add_policy_versions(absl::StrCat(policy.id(), "@", policy.version()));
    }
  }
  return call.Finish(absl::OkStatus());
}

}  // namespace innoledger::grants
