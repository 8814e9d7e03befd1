#include "services/grants/calculator.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "common/money.h"
#include "common/status_macros.h"
#include "services/grants/catalogue.h"
#include "services/grants/eligibility.h"
#include "services/grants/errors.h"

namespace innoledger::grants {
namespace {

std::string Percent(int64_t basis_points) {
  return absl::StrFormat("%d.%02d%%", basis_points / 100, basis_points % 100);
}

absl::StatusOr<int64_t> PercentAmount(const v1::Policy& policy, const Facts& facts,
                                      v1::AwardComputation& out) {
  const v1::PercentRule& rule = policy.percent();
  ASSIGN_OR_RETURN(int64_t base, RequireFact(policy, facts, rule.base_fact()));
  if (base < 0) return errors::InvalidAmount(rule.base_fact(), base);
  const int64_t share = PercentOfFen(base, rule.rate_bp());
  out.add_steps(absl::StrCat(rule.base_fact(), " ", FormatFen(base), " × ", Percent(rule.rate_bp()),
                             " (", rule.rate_bp(), " bp) = ", FormatFen(share),
                             ", rounded down to the fen"));
  if (share >= rule.floor_fen()) return share;
  out.add_steps(
      absl::StrCat("below the floor of ", FormatFen(rule.floor_fen()), ": pays the floor"));
  return rule.floor_fen();
}

absl::StatusOr<int64_t> AssessedAmount(const v1::Policy& policy, const Facts& facts,
                                       v1::AwardComputation& out) {
  const v1::AssessedRule& rule = policy.assessed();
  ASSIGN_OR_RETURN(int64_t grade, RequireFact(policy, facts, rule.grade_fact()));
  const auto& passing = rule.passing_grades();
  if (std::find(passing.begin(), passing.end(), grade) == passing.end()) {
    return errors::GradeDoesNotPay(policy.id(), grade);
  }
  int64_t amount = rule.max_fen();
  if (!rule.amount_fact().empty()) {
    ASSIGN_OR_RETURN(int64_t decided, RequireFact(policy, facts, rule.amount_fact()));
    if (decided <= 0) return errors::InvalidAmount(rule.amount_fact(), decided);
    amount = std::min(decided, rule.max_fen());
  }
  out.add_steps(absl::StrCat(rule.grade_fact(), " ", grade, " passes: up to ",
                             FormatFen(rule.max_fen()), ", pays ", FormatFen(amount)));
  return amount;
}

// The amount before caps.
absl::StatusOr<int64_t> Uncapped(const v1::Policy& policy, const Facts& facts,
                                 v1::AwardComputation& out) {
  switch (policy.rule_case()) {
    case v1::Policy::kFixed:
      out.add_steps(absl::StrCat("fixed award ", FormatFen(policy.fixed().amount_fen())));
      return policy.fixed().amount_fen();
    case v1::Policy::kPercent:
      return PercentAmount(policy, facts, out);
    case v1::Policy::kStepped:
      out.add_steps(absl::StrCat("year-1 tranche ", FormatFen(policy.stepped().tranche_fen(0)),
                                 ", payable after that year's assessment"));
      return policy.stepped().tranche_fen(0);
    case v1::Policy::kAssessed:
      return AssessedAmount(policy, facts, out);
    case v1::Policy::kMixed:
      out.add_steps(absl::StrCat("grant part ", FormatFen(policy.mixed().grant_fen()),
                                 "; the investment part (up to ",
                                 FormatFen(policy.mixed().investment_max_fen()),
                                 ") is equity, not a grant, and under no grant cap"));
      return policy.mixed().grant_fen();
    default:
      return errors::InvalidField("policy", "has no rule");  // the loader refuses these
  }
}

// Cuts `out.amount_fen` to each cap's headroom in turn, recording every cap.
void ApplyCaps(const v1::Caps& caps, const CapUsage& usage, v1::AwardComputation& out) {
  const struct {
    const char* name;
    int64_t limit;
    int64_t used;
  } limits[] = {{"per_item", caps.per_item_fen(), usage.item_fen},
                {"per_entity_year", caps.per_entity_year_fen(), usage.entity_year_fen},
                {"budget", caps.budget_per_year_fen(), usage.budget_year_fen}};
  for (const auto& cap : limits) {
    if (cap.limit <= 0) continue;
    v1::CapCheck& check = *out.add_caps();
    check.set_cap(cap.name);
    check.set_limit_fen(cap.limit);
    check.set_used_fen(cap.used);
    check.set_headroom_fen(std::max<int64_t>(0, cap.limit - cap.used));
    const std::string seen =
        absl::StrCat(cap.name, " cap ", FormatFen(cap.limit), ": ", FormatFen(cap.used), " used, ",
                     FormatFen(check.headroom_fen()), " left");
    if (check.headroom_fen() >= out.amount_fen()) {
      out.add_steps(absl::StrCat(seen, ": not binding"));
      continue;
    }
    check.set_cut_fen(out.amount_fen() - check.headroom_fen());
    out.add_steps(absl::StrCat(seen, ": pays the ", FormatFen(check.headroom_fen()),
                               " left, cutting ", FormatFen(check.cut_fen())));
    out.set_cut_fen(out.cut_fen() + check.cut_fen());
    out.set_amount_fen(check.headroom_fen());
    out.set_bound_by(cap.name);
  }
}

}  // namespace

absl::StatusOr<v1::AwardComputation> Compute(const v1::Policy& policy, const Facts& facts,
                                             const CapUsage& usage) {
  RETURN_IF_ERROR(CheckEligible(policy, facts));
  if (policy.caps().once_per_entity() && !usage.once_award_id.empty()) {
    return errors::AlreadyAwarded(policy.id(), usage.once_award_id);
  }
  v1::AwardComputation out;
  out.set_policy_version(PolicyVersion(policy));
  ASSIGN_OR_RETURN(int64_t uncapped, Uncapped(policy, facts, out));
  out.set_uncapped_fen(uncapped);
  out.set_amount_fen(uncapped);
  if (!policy.has_stepped()) ApplyCaps(policy.caps(), usage, out);
  if (out.amount_fen() == 0) return errors::CapReached(policy.id(), out.bound_by());
  out.add_steps(absl::StrCat(
      "pays ", FormatFen(out.amount_fen()),
      out.bound_by().empty() ? "" : absl::StrCat(", bound by the ", out.bound_by(), " cap")));
  return out;
}

std::vector<TrancheYear> TrancheYears(const v1::Policy& policy, int32_t first_year, int count) {
  absl::CivilDay to;
  // The loader checked the window; a policy without one would stop nothing.
  const int32_t last_year =
      ParseDay(policy.effective_to(), &to) ? static_cast<int32_t>(to.year()) : first_year + count;
  std::vector<TrancheYear> years;
  for (int i = 0; i < count; ++i) {
    TrancheYear year{first_year + i, first_year + i > last_year, false};
    year.stopped = year.after_window && policy.after_expiry() != v1::AFTER_EXPIRY_HONOUR;
    years.push_back(year);
  }
  return years;
}

}  // namespace innoledger::grants
