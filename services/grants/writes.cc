#include "services/grants/writes.h"

#include "absl/strings/str_cat.h"
#include "common/status_macros.h"
#include "common/uscc.h"
#include "services/grants/approve.h"
#include "services/grants/award_store.h"
#include "services/grants/catalogue.h"
#include "services/grants/clawback.h"
#include "services/grants/disburse.h"
#include "services/grants/errors.h"
#include "services/grants/filing.h"
#include "services/grants/hold.h"
#include "services/grants/requests.h"
#include "services/grants/tranches.h"
#include "storage/limits.h"

namespace innoledger::grants {
namespace {

absl::StatusOr<std::optional<absl::CivilDay>> OptionalDay(const std::string& field,
                                                          const std::string& text) {
  if (text.empty()) return std::nullopt;
  absl::CivilDay day;
  if (!ParseDay(text, &day)) return errors::InvalidField(field, "must be a day YYYY-MM-DD");
  return day;
}

absl::Status ValidateReason(const std::string& reason) {
  if (reason.empty() || reason.size() > storage::kMaxMemoLength) {
    return errors::InvalidField("reason", absl::StrCat("1 to ", storage::kMaxMemoLength, " bytes"));
  }
  return absl::OkStatus();
}

// What an approval asks for: the request's application, or (none given) the one filed
// under its award id, as filed, on the request's decision date.
struct Asked {
  Application application;
  std::string policy_id;
};
absl::StatusOr<Asked> Ask(const GrantsEnv& env, const v1::ApproveAwardRequest& request) {
  if (!request.application().policy_id().empty()) {
    ASSIGN_OR_RETURN(Application application,
                     ToApplication(request.application(), request.award_id()));
    return Asked{std::move(application), request.application().policy_id()};
  }
  ASSIGN_OR_RETURN(v1::AwardRecord filed,
                   LoadAward(LedgerReader(*env.ledger, request.city()), request.award_id()));
  ASSIGN_OR_RETURN(auto day, OptionalDay("decision_date", request.decision_date()));
  Application application{filed.award_id(), filed.entity(), filed.item(),
                          Facts(filed.facts().begin(), filed.facts().end()), day};
  return Asked{std::move(application), filed.policy_id()};
}

// An approved award and the version of its policy it was decided under.
struct Decided {
  v1::AwardRecord award;
  const v1::Policy* policy = nullptr;
};
absl::StatusOr<Decided> LoadDecided(const GrantsEnv& env, const std::string& city,
                                    const std::string& award_id) {
  RETURN_IF_ERROR(ValidateAwardId("award_id", award_id));
  Decided decided;
  ASSIGN_OR_RETURN(decided.award, LoadApproved(LedgerReader(*env.ledger, city), award_id));
  ASSIGN_OR_RETURN(decided.policy,
                   FindPolicyVersion(*env.catalogues, city, decided.award.policy_version()));
  return decided;
}

}  // namespace

CommandOrError BuildFile(const GrantsEnv& env, const v1::FileApplicationRequest& request) {
  RETURN_IF_ERROR(ValidateAwardId("award_id", request.award_id()));
  ASSIGN_OR_RETURN(Application application,
                   ToApplication(request.application(), request.award_id()));
  ASSIGN_OR_RETURN(const v1::Policy* policy,
                   FindPolicy(*env.catalogues, request.city(), request.application().policy_id(),
                              DecisionDay(application, env.clock())));
  return MakeFileCommand(*policy, std::move(application));
}

CommandOrError BuildApprove(const GrantsEnv& env, const v1::ApproveAwardRequest& request) {
  RETURN_IF_ERROR(ValidateAwardId("award_id", request.award_id()));
  ASSIGN_OR_RETURN(Asked asked, Ask(env, request));
  ASSIGN_OR_RETURN(const v1::Policy* policy,
                   FindPolicy(*env.catalogues, request.city(), asked.policy_id,
                              DecisionDay(asked.application, env.clock())));
  return MakeApproveCommand(*policy, std::move(asked.application), env.entity_facts);
}

CommandOrError BuildAssess(const GrantsEnv& env, const v1::AssessTrancheRequest& request) {
  ASSIGN_OR_RETURN(Decided decided, LoadDecided(env, request.city(), request.award_id()));
  return MakeAssessCommand(*decided.policy, request.award_id(), request.fiscal_year(),
                           request.passed(), env.entity_facts);
}

CommandOrError BuildInvest(const GrantsEnv& env, const v1::RecordInvestmentRequest& request) {
  if (request.amount_fen() <= 0) return errors::InvalidAmount("amount_fen", request.amount_fen());
  ASSIGN_OR_RETURN(auto day, OptionalDay("date", request.date()));
  ASSIGN_OR_RETURN(Decided decided, LoadDecided(env, request.city(), request.award_id()));
  return MakeInvestCommand(*decided.policy, request.award_id(), request.amount_fen(), day,
                           env.entity_facts);
}

CommandOrError BuildHold(const GrantsEnv& env, const v1::HoldTranchesRequest& request, bool hold) {
  RETURN_IF_ERROR(ValidateUscc(request.entity()));
  RETURN_IF_ERROR(ValidateReason(request.reason()));
  if (hold) return MakeHoldForBadRecordCommand(request.entity(), request.reason());
  return MakeReleaseHoldCommand(request.entity(), request.reason(), env.entity_facts);
}

CommandOrError BuildClawback(const v1::ClawBackAwardRequest& request) {
  RETURN_IF_ERROR(ValidateAwardId("award_id", request.award_id()));
  RETURN_IF_ERROR(ValidateReason(request.reason()));
  return MakeClawbackCommand(request.award_id(), {.reason = request.reason(),
                                                  .refund_received = request.refund_received()});
}

CommandOrError BuildDisburse(const v1::DisburseAwardsRequest& request) {
  RETURN_IF_ERROR(ValidateAwardId("order_id", request.order_id()));
  if (request.fund_account().empty() || request.fund_account().size() > storage::kMaxIdLength) {
    return errors::InvalidField("fund_account", "names the fund that pays");
  }
  for (const std::string& award_id : request.award_ids()) {
    RETURN_IF_ERROR(ValidateAwardId("award_ids", award_id));
  }
  return MakeDisburseCommand(request.order_id(), request.fund_account(),
                             {request.award_ids().begin(), request.award_ids().end()});
}

}  // namespace innoledger::grants
