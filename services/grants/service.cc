#include "services/grants/service.h"

#include "services/grants/approve.h"
#include "services/grants/requests.h"
#include "storage/sha256.h"

namespace innoledger::grants {
namespace {
constexpr char kService[] = "innoledger.v1.GrantsService/";
}  // namespace

grpc::ServerUnaryReactor* GrantsService::ComputeAward(grpc::CallbackServerContext* context,
                                                      const v1::ComputeAwardRequest* request,
                                                      v1::ComputeAwardResponse* response) {
  services::Call call(gate_, std::string(kService) + "ComputeAward", context);
  // 1. Who is asking, within its limits and reach.
  absl::StatusOr<auth::Principal> principal = call.Admit(request->city());
  if (!principal.ok()) return call.Finish(principal.status());
  // 2. Compute against the durable cap usage; nothing is written.
  absl::StatusOr<v1::ComputeAwardResponse> result =
      grants::ComputeAward(*ledger_, *catalogues_, entity_facts_, *request);
  if (result.ok()) *response = std::move(*result);
  return call.Finish(result.status());
}

grpc::ServerUnaryReactor* GrantsService::ApproveAward(grpc::CallbackServerContext* context,
                                                      const v1::ApproveAwardRequest* request,
                                                      v1::ApproveAwardResponse* response) {
  services::Call call(gate_, std::string(kService) + "ApproveAward", context);
  // 1. Who is asking, within its limits and reach, with a request id and a deadline.
  absl::StatusOr<auth::Principal> principal =
      call.AdmitWrite(request->city(), request->request_id());
  if (!principal.ok()) return call.Finish(principal.status());
  // 2. The domain command: the policy in force on the decision day.
  if (absl::Status id = ValidateAwardId("award_id", request->award_id()); !id.ok()) {
    return call.Finish(id);
  }
  absl::StatusOr<Application> application =
      ToApplication(request->application(), request->award_id());
  if (!application.ok()) return call.Finish(application.status());
  absl::StatusOr<const v1::Policy*> policy = FindPolicy(
      *catalogues_, request->city(), request->application().policy_id(), DecisionDay(*application));
  if (!policy.ok()) return call.Finish(policy.status());
  // 3. The sequencer computes, pays (or schedules) and answers once durable.
  storage::Write write{request->city(), principal->ToString(), request->request_id(),
                       MakeApproveCommand(**policy, std::move(*application), entity_facts_)};
  ledger_->Submit(std::move(write), [call, response](absl::StatusOr<storage::Outcome> outcome) {
    v1::AwardRecord award;
    if (outcome.ok() && award.ParseFromString(outcome->body)) {
      response->set_sequence(outcome->sequence);
      response->set_hash(std::string(storage::DigestBytes(outcome->hash)));
      response->set_replayed(outcome->replayed);
      response->set_amount_fen(PaidAtApproval(award));
      *response->mutable_steps() = award.computation().steps();
    }
    call.Finish(outcome.status());
  });
  return call.reactor();
}

}  // namespace innoledger::grants
