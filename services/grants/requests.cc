#include "services/grants/requests.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "common/china_time.h"
#include "common/status_macros.h"
#include "common/uscc.h"
#include "services/grants/award_store.h"
#include "services/grants/calculator.h"
#include "services/grants/catalogue.h"
#include "services/grants/errors.h"
#include "services/grants/limits.h"
#include "services/grants/usage.h"

namespace innoledger::grants {

absl::StatusOr<const v1::Policy*> FindPolicy(const std::vector<v1::Catalogue>& catalogues,
                                             absl::string_view city, const std::string& policy_id,
                                             absl::CivilDay day) {
  for (const v1::Catalogue& catalogue : catalogues) {
    if (!Serves(catalogue, city)) continue;
    auto policy = PolicyInForce(catalogue, policy_id, day);
    if (policy.ok()) return policy;
  }
  return errors::PolicyNotInForce(policy_id, city, FormatDay(day));
}

absl::StatusOr<const v1::Policy*> FindPolicyVersion(const std::vector<v1::Catalogue>& catalogues,
                                                    absl::string_view city,
                                                    absl::string_view policy_version) {
  for (const v1::Catalogue& catalogue : catalogues) {
    if (!Serves(catalogue, city)) continue;
    for (const v1::Policy& policy : catalogue.policies()) {
      if (PolicyVersion(policy) == policy_version) return &policy;
    }
  }
  return errors::PolicyNotInForce(policy_version, city, "any day: the version is not loaded");
}

absl::Status ValidateAwardId(absl::string_view field, absl::string_view id) {
  if (id.empty() || id.size() > kMaxAwardIdLength) {
    return errors::InvalidField(field, absl::StrCat("1 to ", kMaxAwardIdLength, " characters"));
  }
  for (char c : id) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    c == '.' || c == '_' || c == '-';
    if (!ok) return errors::InvalidField(field, "only letters, digits and . _ -");
  }
  return absl::OkStatus();
}

absl::StatusOr<Application> ToApplication(const v1::AwardApplication& proto,
                                          const std::string& award_id) {
  if (proto.policy_id().empty()) return errors::InvalidField("policy_id", "is required");
  RETURN_IF_ERROR(ValidateUscc(proto.entity()));
  if (proto.item().size() > kMaxItemLength || proto.item().find('/') != std::string::npos) {
    return errors::InvalidField("item",
                                absl::StrCat("at most ", kMaxItemLength, " characters, no '/'"));
  }
  Application application{award_id, proto.entity(), proto.item(), {}, std::nullopt};
  absl::CivilDay day;
  if (!proto.decision_date().empty()) {
    if (!ParseDay(proto.decision_date(), &day)) {
      return errors::InvalidField("decision_date", "must be a China-time day YYYY-MM-DD");
    }
    application.decision_day = day;
  }
  if (proto.facts_size() > kMaxFacts) {
    return errors::InvalidField("facts", absl::StrCat("at most ", kMaxFacts, " facts"));
  }
  for (const auto& [name, value] : proto.facts()) {
    if (name.empty() || name.size() > kMaxFactNameLength) {
      return errors::InvalidField("facts", "fact names are 1..64 characters");
    }
    application.facts[name] = value;
  }
  return application;
}

absl::CivilDay DecisionDay(const Application& application, absl::Time now) {
  return application.decision_day.value_or(ChinaDay(now));
}

absl::StatusOr<v1::ComputeAwardResponse> ComputeAward(const GrantsEnv& env,
                                                      const v1::ComputeAwardRequest& request) {
  ASSIGN_OR_RETURN(Application application, ToApplication(request.application(), ""));
  const absl::CivilDay day = DecisionDay(application, env.clock());
  ASSIGN_OR_RETURN(const v1::Policy* policy, FindPolicy(*env.catalogues, request.city(),
                                                        request.application().policy_id(), day));
  const LedgerReader partition(*env.ledger, request.city());
  ASSIGN_OR_RETURN(Facts facts, DecisionFacts(env.entity_facts, partition, application.entity,
                                              application.facts));
  ASSIGN_OR_RETURN(CapUsage usage, ReadUsage(partition, *policy, application.entity,
                                             application.item, static_cast<int32_t>(day.year())));
  v1::ComputeAwardResponse response;
  ASSIGN_OR_RETURN(*response.mutable_computation(), Compute(*policy, facts, usage));
  return response;
}

int64_t PaidAtApproval(const v1::AwardRecord& award) {
  return SumTranches(award, v1::TRANCHE_STATE_PAYABLE);
}

}  // namespace innoledger::grants
