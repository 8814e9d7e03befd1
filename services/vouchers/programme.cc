#include "services/vouchers/programme.h"

#include <algorithm>
#include <fstream>
#include <set>
#include <sstream>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "google/protobuf/io/tokenizer.h"
#include "google/protobuf/text_format.h"
#include "services/registry/partition_view.h"
#include "services/vouchers/errors.h"
#include "services/vouchers/limits.h"
#include "storage/limits.h"
#include "storage/validate.h"

namespace innoledger::vouchers {
namespace {

using google::protobuf::TextFormat;

class Collector final : public google::protobuf::io::ErrorCollector {
 public:
  Collector(std::vector<std::string>* errors, std::string name)
      : errors_(errors), name_(std::move(name)) {}
  void AddError(int line, google::protobuf::io::ColumnNumber, const std::string& message) override {
    errors_->push_back(absl::StrCat(name_, ":", line + 1, ": ", message));
  }

 private:
  std::vector<std::string>* errors_;
  std::string name_;
};

// Checks one programme; every complaint names the line of the field it is about.
class Checker {
 public:
  Checker(const v1::VoucherProgramme& programme, const TextFormat::ParseInfoTree* tree,
          std::string where, std::vector<std::string>* errors)
      : p_(programme), tree_(tree), where_(std::move(where)), errors_(errors) {}

  void Check() {
    if (!storage::ValidateCity(p_.city()).ok()) Fail("city", "must match [a-z][a-z0-9_]{0,31}");
    if (p_.fiscal_year() < storage::kMinYear || p_.fiscal_year() > storage::kMaxYear) {
      Fail("fiscal_year", absl::StrCat("must be within ", storage::kMinYear, "..",
                                       storage::kMaxYear));
    }
    if (!storage::ValidateId("fund_account", p_.fund_account(), storage::kMaxIdLength).ok()) {
      Fail("fund_account", "names the fund that pays (专款专用)");
    }
    CheckAmounts();
    CheckCategories();
    CheckValidity();
    if (p_.hold_timeout_seconds() < 0 || p_.hold_timeout_seconds() > kMaxHoldTimeoutSeconds) {
      Fail("hold_timeout_seconds", "must be 0 (never) or at most 366 days");
    }
  }

 private:
  void CheckAmounts() {
    if (p_.yearly_quota_fen() <= 0 || p_.yearly_quota_fen() > kMaxAmountFen) {
      Fail("yearly_quota_fen", "must be a positive amount");
    }
    if (p_.max_per_claim_fen() <= 0 || p_.max_per_claim_fen() > kMaxAmountFen) {
      Fail("max_per_claim_fen", "must be a positive amount");
    }
    if (p_.max_contract_share_bp() <= 0 || p_.max_contract_share_bp() > 10000) {
      Fail("max_contract_share_bp", "must be within 1..10000 (0.01% to 100%)");
    }
    if (p_.face_values_fen().empty() || p_.face_values_fen_size() > kMaxFaceValues) {
      Fail("face_values_fen", absl::StrCat("offer 1 to ", kMaxFaceValues, " face values"));
    }
    int64_t previous = 0;
    for (int64_t face : p_.face_values_fen()) {
      if (face <= previous) Fail("face_values_fen", "must be positive and ascending");
      if (face > p_.yearly_quota_fen()) {
        Fail("face_values_fen", absl::StrCat(face, " fen is above the yearly quota"));
      }
      previous = face;
    }
  }

  void CheckCategories() {
    if (p_.categories().empty()) Fail("categories", "name the service categories it pays");
    std::set<int> seen;
    for (int category : p_.categories()) {
      if (category == v1::SERVICE_CATEGORY_UNSPECIFIED ||
          !v1::ServiceCategory_IsValid(category) || !seen.insert(category).second) {
        Fail("categories", "each must be a known category, once");
      }
    }
  }

  void CheckValidity() {
    absl::CivilDay until;
    if (!p_.valid_until().empty() &&
        (!registry::ParseDay(p_.valid_until(), &until) || until.year() != p_.fiscal_year())) {
      Fail("valid_until", "must be a day YYYY-MM-DD within the fiscal year (empty: its end)");
    }
    if (!p_.unspent_returns_to_fund() &&
        !storage::ValidateId("lapse_account", p_.lapse_account(), storage::kMaxIdLength).ok()) {
      Fail("unspent_returns_to_fund", "false needs lapse_account: where unspent value goes");
    }
  }

  void Fail(const std::string& field, const std::string& reason) {
    errors_->push_back(absl::StrCat(where_, ":", LineOf(field), ": programme ", p_.city(), " ",
                                    p_.fiscal_year(), ": ", field, ": ", reason));
  }

  // The 1-based line of `field`, or of the programme's city when the field is absent.
  int LineOf(const std::string& field) const {
    if (tree_ == nullptr) return 0;
    const auto* descriptor = v1::VoucherProgramme::descriptor();
    const auto* wanted = descriptor->FindFieldByName(field);
    const auto* reflection = v1::VoucherProgramme::GetReflection();
    int line = -1;
    if (!wanted->is_repeated()) {
      line = tree_->GetLocation(wanted, -1).line;
    } else if (reflection->FieldSize(p_, wanted) > 0) {
      line = tree_->GetLocation(wanted, 0).line;
    }
    if (line < 0) line = tree_->GetLocation(descriptor->FindFieldByName("city"), -1).line;
    return line + 1;
  }

  const v1::VoucherProgramme& p_;
  const TextFormat::ParseInfoTree* tree_;
  std::string where_;
  std::vector<std::string>* errors_;
};

}  // namespace

absl::StatusOr<Programmes> Programmes::Parse(const std::string& text, const std::string& name) {
  std::vector<std::string> errors;
  Collector collector(&errors, name);
  TextFormat::Parser parser;
  parser.RecordErrorsTo(&collector);
  TextFormat::ParseInfoTree tree;
  parser.WriteLocationsTo(&tree);
  v1::VoucherProgrammes file;
  std::vector<int> lines;
  if (parser.ParseFromString(text, &file)) {
    const auto* field = v1::VoucherProgrammes::descriptor()->FindFieldByName("programme");
    for (int i = 0; i < file.programme_size(); ++i) {
      Checker(file.programme(i), tree.GetTreeForNested(field, i), name, &errors).Check();
      lines.push_back(tree.GetLocation(field, i).line + 1);
    }
  }
  if (!errors.empty()) return errors::ProgrammeInvalid(name, absl::StrJoin(errors, "\n"));
  Programmes programmes;
  for (int i = 0; i < file.programme_size(); ++i) {
    absl::Status added = programmes.Add(file.programme(i), absl::StrCat(name, ":", lines[i]));
    if (!added.ok()) return added;
  }
  return programmes;
}

absl::StatusOr<Programmes> Programmes::Load(const std::vector<std::string>& paths) {
  Programmes all;
  for (const std::string& path : paths) {
    std::ifstream in(path);
    if (!in) return errors::ProgrammeFileNotFound(path);
    std::stringstream text;
    text << in.rdbuf();
    auto one = Parse(text.str(), path);
    if (!one.ok()) return one.status();
    for (const auto& [key, programme] : one->programmes_) {
      absl::Status added = all.Add(programme, one->where_.at(key));
      if (!added.ok()) return added;
    }
  }
  return all;
}

absl::Status Programmes::Add(const v1::VoucherProgramme& programme, std::string where) {
  auto key = std::make_pair(programme.city(), programme.fiscal_year());
  auto [it, added] = where_.emplace(key, where);
  if (!added) {
    return errors::ProgrammeInvalid(
        where, absl::StrCat(where, ": a second programme for ", programme.city(), " ",
                            programme.fiscal_year(), "; the first is at ", it->second,
                            " (one per city per fiscal year)"));
  }
  programmes_.emplace(key, programme);
  return absl::OkStatus();
}

absl::StatusOr<const v1::VoucherProgramme*> Programmes::Find(absl::string_view city,
                                                             int32_t fiscal_year) const {
  auto it = programmes_.find(std::make_pair(std::string(city), fiscal_year));
  if (it == programmes_.end()) return errors::ProgrammeNotFound(city, fiscal_year);
  return &it->second;
}

std::vector<const v1::VoucherProgramme*> Programmes::All() const {
  std::vector<const v1::VoucherProgramme*> all;
  for (const auto& [key, programme] : programmes_) all.push_back(&programme);
  return all;
}

std::string ProgrammeId(const v1::VoucherProgramme& programme) {
  return absl::StrCat(programme.city(), "-", programme.fiscal_year());
}

absl::CivilDay ValidUntil(const v1::VoucherProgramme& programme) {
  absl::CivilDay until;
  if (registry::ParseDay(programme.valid_until(), &until)) return until;
  return absl::CivilDay(programme.fiscal_year(), 12, 31);
}

bool Offers(const v1::VoucherProgramme& programme, int64_t face_value_fen) {
  const auto& faces = programme.face_values_fen();
  return std::find(faces.begin(), faces.end(), face_value_fen) != faces.end();
}

bool Covers(const v1::VoucherProgramme& programme, v1::ServiceCategory category) {
  const auto& categories = programme.categories();
  return std::find(categories.begin(), categories.end(), category) != categories.end();
}

}  // namespace innoledger::vouchers
