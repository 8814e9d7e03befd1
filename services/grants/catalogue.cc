#include "services/grants/catalogue.h"

#include <fstream>
#include <map>
#include <sstream>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "common/errors.h"
#include "google/protobuf/io/tokenizer.h"
#include "google/protobuf/text_format.h"

namespace innoledger::grants {
namespace {

using google::protobuf::TextFormat;

class Collector final : public google::protobuf::io::ErrorCollector {
 public:
  explicit Collector(std::vector<std::string>* errors, std::string name)
      : errors_(errors), name_(std::move(name)) {}
  void AddError(int line, google::protobuf::io::ColumnNumber, const std::string& message) override {
    errors_->push_back(absl::StrCat(name_, ":", line + 1, ": ", message));
  }

 private:
  std::vector<std::string>* errors_;
  std::string name_;
};

// Checks one policy; `where(field)` gives "FILE:LINE" of a field of it.
class PolicyChecker {
 public:
  PolicyChecker(const v1::Policy& policy, const TextFormat::ParseInfoTree* tree,
                std::string name, std::vector<std::string>* errors)
      : policy_(policy), tree_(tree), name_(std::move(name)), errors_(errors) {}

  void Check() {
    if (policy_.id().empty()) Fail("id", "a policy needs an id");
    if (policy_.version().empty()) Fail("version", "a policy needs a version");
    absl::CivilDay from, to;
    if (!ParseDay(policy_.effective_from(), &from)) Fail("effective_from", "not a date YYYY-MM-DD");
    if (!ParseDay(policy_.effective_to(), &to)) Fail("effective_to", "not a date YYYY-MM-DD");
    if (from > to) Fail("effective_to", "the window ends before it starts");
    if (policy_.after_expiry() == v1::AFTER_EXPIRY_UNSPECIFIED) {
      Fail("id", "after_expiry must say HONOUR or STOP for tranches after the window");
    }
    if (policy_.fund_account().empty()) Fail("id", "fund_account names the fund that pays");
    CheckRule();
    CheckCaps();
    for (const v1::Condition& condition : policy_.eligibility()) CheckCondition(condition);
  }

 private:
  void CheckRule() {
    switch (policy_.rule_case()) {
      case v1::Policy::kFixed:
        if (policy_.fixed().amount_fen() <= 0) Fail("fixed", "amount_fen must be positive");
        break;
      case v1::Policy::kPercent:
        if (policy_.percent().rate_bp() <= 0 || policy_.percent().rate_bp() > 10000) {
          Fail("percent", absl::StrCat("rate_bp ", policy_.percent().rate_bp(),
                                       " is not a percentage within 0..100%"));
        }
        if (policy_.percent().base_fact().empty()) Fail("percent", "base_fact is required");
        if (policy_.percent().floor_fen() < 0) Fail("percent", "floor_fen must not be negative");
        break;
      case v1::Policy::kStepped:
        if (policy_.stepped().tranche_fen().empty()) Fail("stepped", "no tranches");
        for (int64_t tranche : policy_.stepped().tranche_fen()) {
          if (tranche <= 0) Fail("stepped", "every tranche must be positive");
        }
        break;
      case v1::Policy::kAssessed:
        if (policy_.assessed().max_fen() <= 0 || policy_.assessed().grade_fact().empty() ||
            policy_.assessed().passing_grades().empty()) {
          Fail("assessed", "needs max_fen, grade_fact and passing_grades");
        }
        break;
      case v1::Policy::kMixed:
        if (policy_.mixed().grant_fen() < 0 || policy_.mixed().investment_max_fen() <= 0 ||
            policy_.mixed().investment_years() < 1 ||
            policy_.mixed().investment_account().empty()) {
          Fail("mixed", "needs grant_fen, investment_max_fen, investment_years, investment_account");
        }
        break;
      case v1::Policy::RULE_NOT_SET:
        Fail("id", "no rule: choose fixed, percent, stepped, assessed or mixed");
        break;
    }
  }

  void CheckCaps() {
    const v1::Caps& caps = policy_.caps();
    for (int64_t cap : {caps.per_item_fen(), caps.per_entity_year_fen(), caps.budget_per_year_fen()}) {
      if (cap < 0) Fail("caps", "caps must not be negative");
    }
    if (caps.per_item_fen() > 0 && caps.item_fact().empty()) {
      Fail("caps", "per_item_fen needs item_fact (which fact names the item)");
    }
    const int64_t floor = policy_.percent().floor_fen();
    for (int64_t cap : {caps.per_item_fen(), caps.per_entity_year_fen()}) {
      if (floor > 0 && cap > 0 && cap < floor) {
        Fail("caps", absl::StrCat("cap ", cap, " fen is below the floor of ", floor, " fen"));
      }
    }
  }

  void CheckCondition(const v1::Condition& condition) {
    switch (condition.test_case()) {
      case v1::Condition::kCompare:
        if (condition.compare().fact().empty() || condition.compare().op() == v1::OP_UNSPECIFIED) {
          Fail("eligibility", "a comparison needs a fact and an op");
        }
        break;
      case v1::Condition::kRatio:
        if (condition.ratio().numerator_fact().empty() ||
            condition.ratio().denominator_fact().empty() || condition.ratio().op() == v1::OP_UNSPECIFIED) {
          Fail("eligibility", "a ratio needs two facts and an op");
        }
        break;
      case v1::Condition::kAnyOf:
        if (condition.any_of().conditions().empty()) Fail("eligibility", "any_of is empty");
        for (const v1::Condition& inner : condition.any_of().conditions()) CheckCondition(inner);
        break;
      case v1::Condition::TEST_NOT_SET:
        Fail("eligibility", "an empty condition");
        break;
    }
  }

  void Fail(const std::string& field, const std::string& reason) {
    int line = 0;
    const auto* descriptor = v1::Policy::descriptor()->FindFieldByName(field);
    if (tree_ != nullptr && descriptor != nullptr) {
      line = tree_->GetLocation(descriptor, -1).line;
      if (line < 0) line = tree_->GetLocation(v1::Policy::descriptor()->FindFieldByName("id"), -1).line;
    }
    errors_->push_back(absl::StrCat(name_, ":", line + 1, ": policy '", policy_.id(), "' ",
                                    policy_.version(), ": ", reason));
  }

  const v1::Policy& policy_;
  const TextFormat::ParseInfoTree* tree_;
  std::string name_;
  std::vector<std::string>* errors_;
};

void CheckOverlaps(const v1::Catalogue& catalogue, const TextFormat::ParseInfoTree& tree,
                   const std::string& name, std::vector<std::string>* errors) {
  std::map<std::string, std::vector<int>> by_id;
  for (int i = 0; i < catalogue.policies_size(); ++i) by_id[catalogue.policies(i).id()].push_back(i);
  const auto* policies_field = v1::Catalogue::descriptor()->FindFieldByName("policies");
  for (const auto& [id, indexes] : by_id) {
    for (size_t a = 0; a < indexes.size(); ++a) {
      for (size_t b = a + 1; b < indexes.size(); ++b) {
        const v1::Policy& first = catalogue.policies(indexes[a]);
        const v1::Policy& second = catalogue.policies(indexes[b]);
        if (first.effective_from() <= second.effective_to() &&
            second.effective_from() <= first.effective_to()) {
          const int line = tree.GetLocation(policies_field, indexes[b]).line;
          errors->push_back(absl::StrCat(name, ":", line + 1, ": policy '", id, "' version ",
                                         second.version(), " overlaps version ", first.version(),
                                         " (", first.effective_from(), "..", first.effective_to(), ")"));
        }
      }
    }
  }
}

}  // namespace

bool ParseDay(const std::string& text, absl::CivilDay* day) {
  return text.size() == 10 && absl::ParseCivilTime(text, day);
}

absl::StatusOr<v1::Catalogue> ParseCatalogue(const std::string& text, const std::string& name) {
  std::vector<std::string> errors;
  Collector collector(&errors, name);
  TextFormat::Parser parser;
  parser.RecordErrorsTo(&collector);
  TextFormat::ParseInfoTree tree;
  parser.WriteLocationsTo(&tree);
  v1::Catalogue catalogue;
  if (parser.ParseFromString(text, &catalogue)) {
    if (catalogue.jurisdiction().empty()) errors.push_back(name + ":1: jurisdiction is required");
    if (catalogue.cities().empty()) {
      errors.push_back(name + ":1: cities: name the cities whose bureaus award under it");
    }
    const auto* policies_field = v1::Catalogue::descriptor()->FindFieldByName("policies");
    for (int i = 0; i < catalogue.policies_size(); ++i) {
      PolicyChecker(catalogue.policies(i), tree.GetTreeForNested(policies_field, i), name, &errors)
          .Check();
    }
    CheckOverlaps(catalogue, tree, name, &errors);
  }
  if (!errors.empty()) {
    return Error(absl::StatusCode::kInvalidArgument, "CATALOGUE_INVALID",
                 absl::StrJoin(errors, "\n"), {{"file", name}});
  }
  return catalogue;
}

absl::StatusOr<v1::Catalogue> LoadCatalogue(const std::string& path) {
  std::ifstream in(path);
  if (!in) {
    return Error(absl::StatusCode::kNotFound, "CATALOGUE_NOT_FOUND",
                 absl::StrCat("cannot read catalogue ", path), {{"file", path}});
  }
  std::stringstream text;
  text << in.rdbuf();
  return ParseCatalogue(text.str(), path);
}

absl::StatusOr<const v1::Policy*> PolicyInForce(const v1::Catalogue& catalogue,
                                                const std::string& id, absl::CivilDay day) {
  for (const v1::Policy& policy : catalogue.policies()) {
    absl::CivilDay from, to;
    if (policy.id() == id && ParseDay(policy.effective_from(), &from) &&
        ParseDay(policy.effective_to(), &to) && from <= day && day <= to) {
      return &policy;
    }
  }
  return Error(absl::StatusCode::kNotFound, "POLICY_NOT_IN_FORCE",
               absl::StrCat("no version of policy '", id, "' is in force on ",
                            absl::FormatCivilTime(day)),
               {{"policy", id}});
}

}  // namespace innoledger::grants
