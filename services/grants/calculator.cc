#include "services/grants/calculator.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "common/errors.h"
#include "common/money.h"
#include "common/status_macros.h"
#include "services/grants/catalogue.h"

namespace innoledger::grants {
namespace {

absl::StatusOr<int64_t> Fact(const Facts& facts, const std::string& name) {
  auto it = facts.find(name);
  if (it == facts.end()) {
    return Error(absl::StatusCode::kInvalidArgument, "FACT_MISSING",
                 absl::StrCat("the application must state '", name, "'"), {{"fact", name}});
  }
  return it->second;
}

bool Holds(v1::Op op, absl::int128 left, absl::int128 right) {
  switch (op) {
    case v1::OP_GE: return left >= right;
    case v1::OP_GT: return left > right;
    case v1::OP_LE: return left <= right;
    case v1::OP_LT: return left < right;
    case v1::OP_EQ: return left == right;
    default: return false;
  }
}

// A ratio numerator/denominator OP value_bp, compared in 128 bits without division:
// numerator × 10000 OP value_bp × denominator.
absl::StatusOr<bool> Evaluate(const v1::Condition& condition, const Facts& facts) {
  switch (condition.test_case()) {
    case v1::Condition::kCompare: {
      ASSIGN_OR_RETURN(int64_t value, Fact(facts, condition.compare().fact()));
      return Holds(condition.compare().op(), value, condition.compare().value());
    }
    case v1::Condition::kRatio: {
      ASSIGN_OR_RETURN(int64_t numerator, Fact(facts, condition.ratio().numerator_fact()));
      ASSIGN_OR_RETURN(int64_t denominator, Fact(facts, condition.ratio().denominator_fact()));
      if (denominator <= 0) return false;
      return Holds(condition.ratio().op(), absl::int128(numerator) * kBasisPointsPerWhole,
                   absl::int128(condition.ratio().value_bp()) * denominator);
    }
    case v1::Condition::kAnyOf:
      for (const v1::Condition& inner : condition.any_of().conditions()) {
        ASSIGN_OR_RETURN(bool holds, Evaluate(inner, facts));
        if (holds) return true;
      }
      return false;
    default:
      return false;
  }
}

absl::Status CheckEligible(const v1::Policy& policy, const Facts& facts) {
  for (int i = 0; i < policy.eligibility_size(); ++i) {
    ASSIGN_OR_RETURN(bool holds, Evaluate(policy.eligibility(i), facts));
    if (!holds) {
      return Error(absl::StatusCode::kFailedPrecondition, "NOT_ELIGIBLE",
                   absl::StrCat("policy '", policy.id(), "': eligibility condition ", i + 1,
                                " does not hold: ", policy.eligibility(i).ShortDebugString()),
                   {{"policy", policy.id()}, {"condition", absl::StrCat(i + 1)}});
    }
  }
  return absl::OkStatus();
}

// The amount before caps, with the step that explains it.
absl::StatusOr<int64_t> Uncapped(const v1::Policy& policy, const Facts& facts,
                                 std::vector<std::string>& steps) {
  switch (policy.rule_case()) {
    case v1::Policy::kFixed:
      steps.push_back(absl::StrCat("fixed award ", FormatFen(policy.fixed().amount_fen())));
      return policy.fixed().amount_fen();
    case v1::Policy::kPercent: {
      ASSIGN_OR_RETURN(int64_t base, Fact(facts, policy.percent().base_fact()));
      if (base < 0) {
        return Error(absl::StatusCode::kInvalidArgument, "INVALID_AMOUNT",
                     absl::StrCat(policy.percent().base_fact(), " must not be negative"));
      }
      const int64_t amount = std::max(PercentOfFen(base, policy.percent().rate_bp()),
                                      policy.percent().floor_fen());
      steps.push_back(absl::StrCat(policy.percent().rate_bp(), " bp of ", FormatFen(base), " = ",
                                   FormatFen(amount), " (rounded down to the fen)"));
      return amount;
    }
    case v1::Policy::kStepped:
      steps.push_back(absl::StrCat("year-1 tranche ", FormatFen(policy.stepped().tranche_fen(0))));
      return policy.stepped().tranche_fen(0);
    case v1::Policy::kAssessed: {
      ASSIGN_OR_RETURN(int64_t grade, Fact(facts, policy.assessed().grade_fact()));
      const auto& passing = policy.assessed().passing_grades();
      if (std::find(passing.begin(), passing.end(), grade) == passing.end()) {
        return Error(absl::StatusCode::kFailedPrecondition, "NOT_ELIGIBLE",
                     absl::StrCat("grade ", grade, " does not pay under '", policy.id(), "'"),
                     {{"policy", policy.id()}});
      }
      steps.push_back(absl::StrCat("passing grade: up to ", FormatFen(policy.assessed().max_fen())));
      return policy.assessed().max_fen();
    }
    case v1::Policy::kMixed:
      steps.push_back(absl::StrCat("grant part ", FormatFen(policy.mixed().grant_fen()),
                                   " (the investment part is not a grant)"));
      return policy.mixed().grant_fen();
    default:
      return Error(absl::StatusCode::kInternal, "NO_RULE", "policy has no rule");
  }
}

}  // namespace

absl::StatusOr<Computation> Compute(const v1::Policy& policy, const Facts& facts,
                                    const CapUsage& usage) {
  RETURN_IF_ERROR(CheckEligible(policy, facts));
  const v1::Caps& caps = policy.caps();
  if (caps.once_per_entity() && usage.entity_ever > 0) {
    return Error(absl::StatusCode::kFailedPrecondition, "ALREADY_AWARDED",
                 absl::StrCat("'", policy.id(), "' is paid once per entity; this one has it"),
                 {{"policy", policy.id()}});
  }
  Computation result;
  ASSIGN_OR_RETURN(result.uncapped_fen, Uncapped(policy, facts, result.steps));
  result.amount_fen = result.uncapped_fen;
  const struct {
    const char* name;
    int64_t limit;
    int64_t used;
  } limits[] = {{"per_item", caps.per_item_fen(), usage.item_fen},
                {"per_entity_year", caps.per_entity_year_fen(), usage.entity_year_fen},
                {"budget", caps.budget_per_year_fen(), usage.budget_year_fen}};
  for (const auto& cap : limits) {
    if (cap.limit <= 0) continue;
    const int64_t headroom = std::max<int64_t>(0, cap.limit - cap.used);
    if (headroom >= result.amount_fen) continue;
    result.steps.push_back(absl::StrCat(cap.name, " cap ", FormatFen(cap.limit), ": ",
                                        FormatFen(cap.used), " used, pays the ",
                                        FormatFen(headroom), " left"));
    result.cut_fen += result.amount_fen - headroom;
    result.amount_fen = headroom;
    result.bound_by = cap.name;
  }
  if (result.amount_fen == 0) {
    return Error(absl::StatusCode::kFailedPrecondition, "CAP_REACHED",
                 absl::StrCat("'", policy.id(), "': the ", result.bound_by,
                              " cap is used up; nothing is left to pay"),
                 {{"policy", policy.id()}, {"cap", result.bound_by}});
  }
  return result;
}

std::vector<Tranche> Schedule(const v1::Policy& policy, int32_t approval_year) {
  std::vector<Tranche> tranches;
  absl::CivilDay to;
  const int32_t last_year = ParseDay(policy.effective_to(), &to) ? static_cast<int32_t>(to.year())
                                                                 : approval_year;
  for (int i = 0; i < policy.stepped().tranche_fen_size(); ++i) {
    const int32_t year = approval_year + i;
    const bool after = year > last_year;
    if (after && policy.after_expiry() != v1::AFTER_EXPIRY_HONOUR) continue;
    tranches.push_back({year, policy.stepped().tranche_fen(i), after});
  }
  return tranches;
}

}  // namespace innoledger::grants
