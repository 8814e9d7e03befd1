#include "services/grants/eligibility.h"

#include "absl/numeric/int128.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "common/money.h"
#include "common/status_macros.h"
#include "services/grants/errors.h"

namespace innoledger::grants {
namespace {

bool Holds(v1::Op op, absl::int128 left, absl::int128 right) {
  switch (op) {
    case v1::OP_GE:
      return left >= right;
    case v1::OP_GT:
      return left > right;
    case v1::OP_LE:
      return left <= right;
    case v1::OP_LT:
      return left < right;
    case v1::OP_EQ:
      return left == right;
    default:
      return false;  // the loader refuses OP_UNSPECIFIED
  }
}

const char* Symbol(v1::Op op) {
  switch (op) {
    case v1::OP_GE:
      return ">=";
    case v1::OP_GT:
      return ">";
    case v1::OP_LE:
      return "<=";
    case v1::OP_LT:
      return "<";
    case v1::OP_EQ:
      return "==";
    default:
      return "?";
  }
}

std::string Stated(const Facts& facts, const std::string& name) {
  auto it = facts.find(name);
  return absl::StrCat(name, " (", it == facts.end() ? "absent" : absl::StrCat(it->second), ")");
}

// The condition in words with the values it was judged on.
std::string Describe(const v1::Condition& condition, const Facts& facts) {
  switch (condition.test_case()) {
    case v1::Condition::kCompare:
      return absl::StrCat(Stated(facts, condition.compare().fact()), " ",
                          Symbol(condition.compare().op()), " ", condition.compare().value());
    case v1::Condition::kRatio:
      return absl::StrCat(Stated(facts, condition.ratio().numerator_fact()), " / ",
                          Stated(facts, condition.ratio().denominator_fact()), " ",
                          Symbol(condition.ratio().op()), " ", condition.ratio().value_bp(), " bp");
    case v1::Condition::kAnyOf: {
      std::vector<std::string> parts;
      for (const v1::Condition& inner : condition.any_of().conditions()) {
        parts.push_back(Describe(inner, facts));
      }
      return absl::StrCat("any of [", absl::StrJoin(parts, "; "), "]");
    }
    default:
      return "an empty condition";
  }
}

absl::StatusOr<bool> Evaluate(const v1::Policy& policy, const v1::Condition& condition,
                              const Facts& facts) {
  switch (condition.test_case()) {
    case v1::Condition::kCompare: {
      ASSIGN_OR_RETURN(int64_t value, RequireFact(policy, facts, condition.compare().fact()));
      return Holds(condition.compare().op(), value, condition.compare().value());
    }
    case v1::Condition::kRatio: {
      const v1::Ratio& ratio = condition.ratio();
      ASSIGN_OR_RETURN(int64_t numerator, RequireFact(policy, facts, ratio.numerator_fact()));
      ASSIGN_OR_RETURN(int64_t denominator, RequireFact(policy, facts, ratio.denominator_fact()));
      if (denominator <= 0) return false;  // a share of nothing qualifies for nothing
      return Holds(ratio.op(), absl::int128(numerator) * kBasisPointsPerWhole,
                   absl::int128(ratio.value_bp()) * denominator);
    }
    case v1::Condition::kAnyOf:
      for (const v1::Condition& inner : condition.any_of().conditions()) {
        ASSIGN_OR_RETURN(bool holds, Evaluate(policy, inner, facts));
        if (holds) return true;
      }
      return false;
    default:
      return false;
  }
}

}  // namespace

absl::StatusOr<int64_t> RequireFact(const v1::Policy& policy, const Facts& facts,
                                    const std::string& name) {
  auto it = facts.find(name);
  if (it == facts.end()) return errors::FactMissing(policy.id(), name);
  return it->second;
}

absl::Status CheckEligible(const v1::Policy& policy, const Facts& facts) {
  for (int i = 0; i < policy.eligibility_size(); ++i) {
    ASSIGN_OR_RETURN(bool holds, Evaluate(policy, policy.eligibility(i), facts));
    if (!holds)
      return errors::NotEligible(policy.id(), i + 1, Describe(policy.eligibility(i), facts));
  }
  return absl::OkStatus();
}

}  // namespace innoledger::grants
