#include "services/grants/catalogue_check.h"

#include <algorithm>
#include <map>
#include <set>

#include "absl/strings/str_cat.h"
#include "services/grants/catalogue.h"
#include "services/grants/limits.h"

namespace innoledger::grants {
namespace {

using google::protobuf::Descriptor;
using google::protobuf::TextFormat;

// Reports mistakes at the line of a field of one message.
class Reporter {
 public:
  // Messages read "FILE:LINE: SUBJECTreason".
  Reporter(const TextFormat::ParseInfoTree* tree, const google::protobuf::Message& message,
           std::string file, std::string subject, std::vector<std::string>* errors)
      : tree_(tree),
        message_(message),
        file_(std::move(file)),
        subject_(std::move(subject)),
        errors_(errors) {}

  // `index` is the element of a repeated field, -1 for a singular one. A field the file
  // does not set is reported at the message's first line.
  void Fail(const std::string& field, const std::string& reason, int index = -1) const {
    errors_->push_back(absl::StrCat(file_, ":", Line(field, index), ": ", subject_, reason));
  }

 private:
  int Line(const std::string& field, int index) const {
    const Descriptor* type = message_.GetDescriptor();
    int line = At(type->FindFieldByName(field), index);
    for (int i = 0; line < 0 && i < type->field_count(); ++i) line = At(type->field(i), 0);
    return line + 1;  // the parser counts from 0; editors from 1
  }

  // The line of a field the file sets (element `index` of a repeated one); -1 otherwise.
  int At(const google::protobuf::FieldDescriptor* field, int index) const {
    if (tree_ == nullptr || field == nullptr) return -1;
    const auto* reflection = message_.GetReflection();
    if (field->is_repeated()) {
      index = std::max(index, 0);
      if (index >= reflection->FieldSize(message_, field)) return -1;
      return tree_->GetLocation(field, index).line;
    }
    return reflection->HasField(message_, field) ? tree_->GetLocation(field, -1).line : -1;
  }

  const TextFormat::ParseInfoTree* tree_;
  const google::protobuf::Message& message_;
  std::string file_;
  std::string subject_;
  std::vector<std::string>* errors_;
};

bool ValidName(const std::string& name) {
  if (name.empty() || name.size() > kMaxFactNameLength || name[0] < 'a' || name[0] > 'z') {
    return false;
  }
  for (char c : name) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_')) return false;
  }
  return true;
}

// Policy ids become parts of record keys: no '/', nothing exotic.
bool ValidPolicyId(const std::string& id) {
  if (id.empty() || id.size() > 48) return false;
  for (char c : id) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '.' || c == '-')) {
      return false;
    }
  }
  return true;
}

using Declared = std::set<std::string>;

// Conditions, recursively: each names declared facts and an op.
class ConditionChecker {
 public:
  ConditionChecker(const Declared& facts, const Reporter& at, std::string field, int index)
      : facts_(facts), at_(at), field_(std::move(field)), index_(index) {}

  void Check(const v1::Condition& condition, int depth = 1) const {
    if (depth > kMaxConditionDepth) return Fail("any_of nests too deeply");
    switch (condition.test_case()) {
      case v1::Condition::kCompare:
        Fact(condition.compare().fact());
        if (condition.compare().op() == v1::OP_UNSPECIFIED) Fail("a comparison needs an op");
        break;
      case v1::Condition::kRatio:
        Fact(condition.ratio().numerator_fact());
        Fact(condition.ratio().denominator_fact());
        if (condition.ratio().op() == v1::OP_UNSPECIFIED) Fail("a ratio needs an op");
        if (condition.ratio().value_bp() < 0) Fail("a ratio's value_bp must not be negative");
        break;
      case v1::Condition::kAnyOf:
        if (condition.any_of().conditions().empty()) Fail("any_of is empty");
        for (const v1::Condition& inner : condition.any_of().conditions()) Check(inner, depth + 1);
        break;
      case v1::Condition::TEST_NOT_SET:
        Fail("an empty condition");
        break;
    }
  }

  void Fact(const std::string& name) const {
    if (name.empty()) return Fail("a condition names no fact");
    if (facts_.count(name) == 0)
      Fail(absl::StrCat("unknown fact '", name, "': declare it in facts"));
  }

 private:
  void Fail(const std::string& reason) const { at_.Fail(field_, reason, index_); }

  const Declared& facts_;
  const Reporter& at_;
  std::string field_;
  int index_;
};

// One policy's fields.
class PolicyChecker {
 public:
  PolicyChecker(const v1::Policy& policy, const Declared& facts, const Reporter& at)
      : policy_(policy), facts_(facts), at_(at) {}

  void Check() const {
    if (!ValidPolicyId(policy_.id())) Fail("id", "an id of 1..48 of [a-z0-9._-] is required");
    if (policy_.version().empty()) Fail("version", "a policy needs a version");
    CheckWindow();
    if (policy_.after_expiry() == v1::AFTER_EXPIRY_UNSPECIFIED) {
      Fail("after_expiry",
           "must say AFTER_EXPIRY_HONOUR or AFTER_EXPIRY_STOP for tranches "
           "falling after the window");
    }
    if (policy_.fund_account().empty()) Fail("fund_account", "names the fund that pays");
    CheckRule();
    CheckCaps();
    for (int i = 0; i < policy_.eligibility_size(); ++i) {
      ConditionChecker(facts_, at_, "eligibility", i).Check(policy_.eligibility(i));
    }
  }

 private:
  void CheckWindow() const {
    absl::CivilDay from, to;
    const bool from_ok = ParseDay(policy_.effective_from(), &from);
    const bool to_ok = ParseDay(policy_.effective_to(), &to);
    if (!from_ok) Fail("effective_from", "not a date YYYY-MM-DD");
    if (!to_ok) Fail("effective_to", "not a date YYYY-MM-DD");
    if (from_ok && to_ok && from > to) Fail("effective_to", "the window ends before it starts");
  }

  void CheckRule() const {
    switch (policy_.rule_case()) {
      case v1::Policy::kFixed:
        if (policy_.fixed().amount_fen() <= 0) Fail("fixed", "amount_fen must be positive");
        break;
      case v1::Policy::kPercent:
        CheckPercent(policy_.percent());
        break;
      case v1::Policy::kStepped:
        CheckStepped(policy_.stepped());
        break;
      case v1::Policy::kAssessed:
        CheckAssessed(policy_.assessed());
        break;
      case v1::Policy::kMixed:
        CheckMixed(policy_.mixed());
        break;
      case v1::Policy::RULE_NOT_SET:
        Fail("id", "no rule: choose fixed, percent, stepped, assessed or mixed");
        break;
    }
  }

  void CheckPercent(const v1::PercentRule& rule) const {
    if (rule.rate_bp() <= 0 || rule.rate_bp() > 10000) {
      Fail("percent", absl::StrCat("rate_bp ", rule.rate_bp(),
                                   " is not a percentage within (0, 100%]: 10000 bp = 100%"));
    }
    ConditionChecker(facts_, at_, "percent", -1).Fact(rule.base_fact());
    if (rule.floor_fen() < 0) Fail("percent", "floor_fen must not be negative");
  }

  void CheckStepped(const v1::SteppedRule& rule) const {
    if (rule.tranche_fen().empty() || rule.tranche_fen_size() > kMaxTranches) {
      Fail("stepped", absl::StrCat("1 to ", kMaxTranches, " tranches"));
    }
    for (int64_t tranche : rule.tranche_fen()) {
      if (tranche <= 0) Fail("stepped", "every tranche must be positive");
    }
  }

  void CheckAssessed(const v1::AssessedRule& rule) const {
    if (rule.max_fen() <= 0) Fail("assessed", "max_fen must be positive");
    const ConditionChecker names(facts_, at_, "assessed", -1);
    names.Fact(rule.grade_fact());
    if (!rule.amount_fact().empty()) names.Fact(rule.amount_fact());
    if (rule.passing_grades().empty()) Fail("assessed", "passing_grades: which grades pay");
  }

  void CheckMixed(const v1::MixedRule& rule) const {
    if (rule.grant_fen() <= 0) Fail("mixed", "grant_fen must be positive");
    if (rule.investment_max_fen() <= 0) Fail("mixed", "investment_max_fen must be positive");
    if (rule.investment_years() < 1 || rule.investment_years() >= kMaxTranches) {
      Fail("mixed", absl::StrCat("investment_years must be 1..", kMaxTranches - 1));
    }
    if (rule.investment_fund_account().empty()) {
      Fail("mixed", "investment_fund_account names the fund that invests");
    }
  }

  void CheckCaps() const {
    const v1::Caps& caps = policy_.caps();
    for (int64_t cap :
         {caps.per_item_fen(), caps.per_entity_year_fen(), caps.budget_per_year_fen()}) {
      if (cap < 0) Fail("caps", "caps must not be negative (0: none)");
    }
    if (caps.per_item_fen() > 0 && caps.item_kind().empty()) {
      Fail("caps", "per_item_fen needs item_kind (what the application's item names)");
    }
    if (policy_.has_stepped() && (caps.per_item_fen() > 0 || caps.per_entity_year_fen() > 0)) {
      Fail("caps",
           "stepped tranches are fixed amounts: only once_per_entity and "
           "budget_per_year_fen apply to them");
    }
    const int64_t floor = policy_.percent().floor_fen();
    for (int64_t cap :
         {caps.per_item_fen(), caps.per_entity_year_fen(), caps.budget_per_year_fen()}) {
      if (floor > 0 && cap > 0 && cap < floor) {
        Fail("caps", absl::StrCat("cap ", cap, " fen is below the floor of ", floor, " fen"));
      }
    }
  }

  void Fail(const std::string& field, const std::string& reason) const { at_.Fail(field, reason); }

  const v1::Policy& policy_;
  const Declared& facts_;
  const Reporter& at_;
};

// The declared facts; each declaration well-formed and once only.
Declared CheckFacts(const v1::Catalogue& catalogue, const Reporter& at) {
  Declared declared;
  for (int i = 0; i < catalogue.facts_size(); ++i) {
    const v1::FactDeclaration& fact = catalogue.facts(i);
    if (!ValidName(fact.name())) at.Fail("facts", "a fact name matches [a-z][a-z0-9_]{0,63}", i);
    if (fact.source() == v1::FACT_SOURCE_UNSPECIFIED) {
      at.Fail("facts", absl::StrCat("fact '", fact.name(), "' needs a source"), i);
    }
    if (!declared.insert(fact.name()).second) {
      at.Fail("facts", absl::StrCat("fact '", fact.name(), "' is declared twice"), i);
    }
  }
  return declared;
}

void CheckOverlaps(const v1::Catalogue& catalogue, const Reporter& at) {
  std::map<std::string, std::vector<int>> by_id;
  for (int i = 0; i < catalogue.policies_size(); ++i)
    by_id[catalogue.policies(i).id()].push_back(i);
  for (const auto& [id, indexes] : by_id) {
    for (size_t a = 0; a < indexes.size(); ++a) {
      for (size_t b = a + 1; b < indexes.size(); ++b) {
        const v1::Policy& first = catalogue.policies(indexes[a]);
        const v1::Policy& second = catalogue.policies(indexes[b]);
        // ISO dates compare as strings; malformed ones were reported already.
        if (first.effective_from() <= second.effective_to() &&
            second.effective_from() <= first.effective_to()) {
          at.Fail("policies",
                  absl::StrCat("policy '", id, "' version ", second.version(), " overlaps version ",
                               first.version(), " (", first.effective_from(), "..",
                               first.effective_to(), ")"),
                  indexes[b]);
        }
      }
    }
  }
}

}  // namespace

std::vector<std::string> CheckCatalogue(const v1::Catalogue& catalogue,
                                        const TextFormat::ParseInfoTree& tree,
                                        const std::string& file) {
  std::vector<std::string> errors;
  const Descriptor* type = v1::Catalogue::descriptor();
  const Reporter at(&tree, catalogue, file, "", &errors);
  if (catalogue.jurisdiction().empty()) at.Fail("jurisdiction", "jurisdiction is required");
  if (catalogue.cities().empty()) at.Fail("cities", "name the cities whose bureaus award under it");
  if (catalogue.policies_size() > kMaxPolicies) {
    at.Fail("policies", absl::StrCat("at most ", kMaxPolicies, " policies in one file"));
  }
  const Declared facts = CheckFacts(catalogue, at);
  for (int i = 0; i < catalogue.eligibility_size(); ++i) {
    ConditionChecker(facts, at, "eligibility", i).Check(catalogue.eligibility(i));
  }
  const auto* policies = type->FindFieldByName("policies");
  for (int i = 0; i < catalogue.policies_size(); ++i) {
    const v1::Policy& policy = catalogue.policies(i);
    const Reporter in_policy(tree.GetTreeForNested(policies, i), policy, file,
                             absl::StrCat("policy '", policy.id(), "' ", policy.version(), ": "),
                             &errors);
    PolicyChecker(policy, facts, in_policy).Check();
  }
  CheckOverlaps(catalogue, at);
  return errors;
}

}  // namespace innoledger::grants
