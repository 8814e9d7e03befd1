#include "services/grants/requests.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "common/errors.h"
#include "common/status_macros.h"
#include "common/uscc.h"
#include "services/grants/catalogue.h"

namespace innoledger::grants {
namespace {

absl::Status InvalidField(absl::string_view field, absl::string_view why) {
  return Error(absl::StatusCode::kInvalidArgument, "INVALID_REQUEST",
               absl::StrCat(field, ": ", why), {{"field", std::string(field)}});
}

}  // namespace

absl::StatusOr<const v1::Policy*> FindPolicy(const std::vector<v1::Catalogue>& catalogues,
                                             absl::string_view city, const std::string& policy_id,
                                             absl::CivilDay day) {
  for (const v1::Catalogue& catalogue : catalogues) {
    const auto& cities = catalogue.cities();
    if (std::find(cities.begin(), cities.end(), city) == cities.end()) continue;
    auto policy = PolicyInForce(catalogue, policy_id, day);
    if (policy.ok()) return policy;
  }
  return Error(absl::StatusCode::kNotFound, "POLICY_NOT_IN_FORCE",
               absl::StrCat("no catalogue of ", city, " has policy '", policy_id,
                            "' in force on ", absl::FormatCivilTime(day)),
               {{"policy", policy_id}, {"city", std::string(city)}});
}

absl::StatusOr<Application> ToApplication(const v1::AwardApplication& proto,
                                          const std::string& award_id) {
  Application application;
  if (proto.policy_id().empty()) return InvalidField("policy_id", "is required");
  RETURN_IF_ERROR(ValidateUscc(proto.entity()));
  if (proto.item().size() > 64) return InvalidField("item", "at most 64 characters");
  if (!ParseDay(proto.decision_date(), &application.decision_day)) {
    return InvalidField("decision_date", "must be a China-time day YYYY-MM-DD");
  }
  if (proto.facts_size() > 32) return InvalidField("facts", "at most 32 facts");
  for (const auto& [name, value] : proto.facts()) {
    if (name.empty() || name.size() > 64) return InvalidField("facts", "fact names are 1..64 characters");
    application.facts[name] = value;
  }
  application.award_id = award_id;
  application.entity = proto.entity();
  application.item = proto.item();
  return application;
}

absl::StatusOr<v1::ComputeAwardResponse> ComputeAward(const storage::Ledger& ledger,
                                                      const std::vector<v1::Catalogue>& catalogues,
                                                      const v1::ComputeAwardRequest& request) {
  ASSIGN_OR_RETURN(Application application, ToApplication(request.application(), ""));
  ASSIGN_OR_RETURN(const v1::Policy* policy,
                   FindPolicy(catalogues, request.city(), request.application().policy_id(),
                              application.decision_day));
  const int32_t year = static_cast<int32_t>(application.decision_day.year());
  CapUsage usage;
  ASSIGN_OR_RETURN(usage.item_fen,
                   ledger.GetCapUsed(request.city(), ItemScope(*policy, application.item), 0));
  ASSIGN_OR_RETURN(usage.entity_year_fen,
                   ledger.GetCapUsed(request.city(), EntityYearScope(*policy, application.entity), year));
  ASSIGN_OR_RETURN(usage.entity_ever,
                   ledger.GetCapUsed(request.city(), OnceScope(*policy, application.entity), 0));
  ASSIGN_OR_RETURN(usage.budget_year_fen, ledger.GetCapUsed(request.city(), BudgetScope(*policy), year));
  ASSIGN_OR_RETURN(Computation computation, Compute(*policy, application.facts, usage));
  v1::ComputeAwardResponse response;
  v1::AwardComputation& out = *response.mutable_computation();
  out.set_amount_fen(computation.amount_fen);
  out.set_uncapped_fen(computation.uncapped_fen);
  out.set_bound_by(computation.bound_by);
  out.set_cut_fen(computation.cut_fen);
  for (const std::string& step : computation.steps) out.add_steps(step);
  out.set_policy_version(absl::StrCat(policy->id(), "@", policy->version()));
  return response;
}

}  // namespace innoledger::grants
