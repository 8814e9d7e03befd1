#include "services/grants/catalogue.h"

#include <algorithm>
#include <fstream>
#include <sstream>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "google/protobuf/io/tokenizer.h"
#include "google/protobuf/text_format.h"
#include "services/grants/catalogue_check.h"
#include "services/grants/errors.h"

namespace innoledger::grants {
namespace {

using google::protobuf::TextFormat;

// Syntax errors, unknown fields and unknown enum values, as "FILE:LINE: message".
class Collector final : public google::protobuf::io::ErrorCollector {
 public:
  Collector(std::vector<std::string>* errors, std::string file)
      : errors_(errors), file_(std::move(file)) {}
  void AddError(int line, google::protobuf::io::ColumnNumber, const std::string& message) override {
    errors_->push_back(absl::StrCat(file_, ":", line + 1, ": ", message));
  }

 private:
  std::vector<std::string>* errors_;
  std::string file_;
};

// The catalogue's conditions go in front of each policy's own.
void ShareEligibility(v1::Catalogue& catalogue) {
  for (v1::Policy& policy : *catalogue.mutable_policies()) {
    google::protobuf::RepeatedPtrField<v1::Condition> all(catalogue.eligibility());
    all.MergeFrom(policy.eligibility());
    policy.mutable_eligibility()->Swap(&all);
  }
}

}  // namespace

bool ParseDay(const std::string& text, absl::CivilDay* day) {
  return text.size() == 10 && absl::ParseCivilTime(text, day);
}

std::string FormatDay(absl::CivilDay day) { return absl::FormatCivilTime(day); }

bool Serves(const v1::Catalogue& catalogue, absl::string_view city) {
  return std::find(catalogue.cities().begin(), catalogue.cities().end(), city) !=
         catalogue.cities().end();
}

bool InForce(const v1::Policy& policy, absl::CivilDay day) {
  absl::CivilDay from, to;
  return ParseDay(policy.effective_from(), &from) && ParseDay(policy.effective_to(), &to) &&
         from <= day && day <= to;
}

absl::StatusOr<v1::Catalogue> ParseCatalogue(const std::string& text, const std::string& file) {
  std::vector<std::string> errors;
  Collector collector(&errors, file);
  TextFormat::Parser parser;
  parser.RecordErrorsTo(&collector);
  TextFormat::ParseInfoTree tree;
  parser.WriteLocationsTo(&tree);
  v1::Catalogue catalogue;
  if (parser.ParseFromString(text, &catalogue)) errors = CheckCatalogue(catalogue, tree, file);
  if (!errors.empty()) return errors::CatalogueInvalid(file, absl::StrJoin(errors, "\n"));
  ShareEligibility(catalogue);
  return catalogue;
}

absl::StatusOr<v1::Catalogue> LoadCatalogue(const std::string& path) {
  std::ifstream in(path);
  if (!in) return errors::CatalogueNotFound(path);
  std::stringstream text;
  text << in.rdbuf();
  return ParseCatalogue(text.str(), path);
}

absl::StatusOr<const v1::Policy*> PolicyInForce(const v1::Catalogue& catalogue,
                                                const std::string& id, absl::CivilDay day) {
  for (const v1::Policy& policy : catalogue.policies()) {
    if (policy.id() == id && InForce(policy, day)) return &policy;
  }
  return errors::PolicyNotInForce(id, "", FormatDay(day));
}

std::string PolicyVersion(const v1::Policy& policy) {
  return absl::StrCat(policy.id(), "@", policy.version());
}

}  // namespace innoledger::grants
