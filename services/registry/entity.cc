#include "services/registry/entity.h"

#include <algorithm>
#include <set>

#include "absl/strings/str_cat.h"
#include "common/status_macros.h"
#include "services/registry/errors.h"
#include "services/registry/partition_view.h"
#include "common/uscc.h"
#include "storage/limits.h"
#include "storage/validate.h"

namespace innoledger::registry {

std::string EntityKey(absl::string_view uscc) { return absl::StrCat("registry/entity/", uscc); }

absl::string_view KindName(v1::EntityKind kind) {
  switch (kind) {
    case v1::ENTITY_KIND_ENTERPRISE: return "an enterprise";
    case v1::ENTITY_KIND_PROVIDER: return "a provider";
    case v1::ENTITY_KIND_ZONE_BODY: return "a zone body";
    default: return "of no kind";
  }
}

absl::string_view CategoryName(v1::ServiceCategory category) {
  switch (category) {
    case v1::SERVICE_CATEGORY_RESEARCH_DEVELOPMENT: return "research and development";
    case v1::SERVICE_CATEGORY_CONSULTING: return "technology consulting";
    case v1::SERVICE_CATEGORY_TESTING: return "testing and inspection";
    default: return "no category";
  }
}

namespace {

absl::Status ValidateText(absl::string_view field, absl::string_view text, size_t max_bytes,
                          bool required) {
  if (required && text.empty()) return errors::InvalidField(field, "is required");
  if (text.size() > max_bytes) {
    return errors::InvalidField(field, absl::StrCat("is ", text.size(), " bytes; at most ",
                                                    max_bytes));
  }
  if (!storage::ValidateText(field, text, max_bytes).ok()) {
    return errors::InvalidField(field, "contains a NUL byte");
  }
  return absl::OkStatus();
}

absl::Status ValidateHoldings(const v1::Entity& entity) {
  if (entity.holds_size() > kMaxHoldings) {
    return errors::InvalidField("holds", absl::StrCat("at most ", kMaxHoldings, " entities"));
  }
  std::set<std::string> seen;
  for (const std::string& held : entity.holds()) {
    RETURN_IF_ERROR(ValidateUscc(held));
    if (held == entity.uscc()) return errors::InvalidField("holds", "an entity cannot hold itself");
    if (!seen.insert(held).second) return errors::InvalidField("holds", held + " is listed twice");
  }
  return absl::OkStatus();
}

}  // namespace

absl::Status ValidateEntity(const v1::Entity& entity) {
  RETURN_IF_ERROR(ValidateUscc(entity.uscc()));
  if (entity.kind() == v1::ENTITY_KIND_UNSPECIFIED || !v1::EntityKind_IsValid(entity.kind())) {
    return errors::InvalidField("kind", "must be enterprise, provider or zone body");
  }
  if (!storage::ValidateCity(entity.home_city()).ok()) {
    return errors::InvalidField("home_city", "must match [a-z][a-z0-9_]{0,31}");
  }
  RETURN_IF_ERROR(ValidateText("legal_name", entity.legal_name(), kMaxLegalNameBytes, true));
  RETURN_IF_ERROR(ValidateText("legal_representative", entity.legal_representative(),
                               storage::kMaxIdLength, false));
  return ValidateHoldings(entity);
}

absl::Status ValidateRegistration(const v1::ProviderRegistration& registration) {
  RETURN_IF_ERROR(ValidateUscc(registration.provider()));
  if (registration.category() == v1::SERVICE_CATEGORY_UNSPECIFIED ||
      !v1::ServiceCategory_IsValid(registration.category())) {
    return errors::InvalidField("category", "must be R&D, consulting or testing");
  }
  if (!storage::ValidateCity(registration.city()).ok()) {
    return errors::InvalidField("city", "must match [a-z][a-z0-9_]{0,31}");
  }
  absl::CivilDay from, to;
  if (!ParseDay(registration.valid_from(), &from)) {
    return errors::InvalidField("valid_from", "is not a day YYYY-MM-DD");
  }
  if (!ParseDay(registration.valid_to(), &to)) {
    return errors::InvalidField("valid_to", "is not a day YYYY-MM-DD");
  }
  if (to < from) return errors::InvalidField("valid_to", "the window ends before it starts");
  return absl::OkStatus();
}

std::optional<std::string> RelatedBecause(const v1::Entity& a, const v1::Entity& b) {
  if (!a.legal_representative().empty() &&
      a.legal_representative() == b.legal_representative()) {
    return "they have the same legal representative";
  }
  auto holds = [](const v1::Entity& holder, const v1::Entity& held) {
    return std::find(holder.holds().begin(), holder.holds().end(), held.uscc()) !=
           holder.holds().end();
  };
  if (holds(a, b)) return absl::StrCat(a.uscc(), " holds ", b.uscc());
  if (holds(b, a)) return absl::StrCat(b.uscc(), " holds ", a.uscc());
  return std::nullopt;
}

const v1::ProviderRegistration* AdmissionOn(const v1::Entity& provider,
                                            v1::ServiceCategory category, absl::CivilDay day) {
  for (const v1::ProviderRegistration& registration : provider.registrations()) {
    absl::CivilDay from, to;
    if (registration.category() != category || !ParseDay(registration.valid_from(), &from) ||
        !ParseDay(registration.valid_to(), &to)) {
      continue;
    }
    if (from <= day && day <= to) return &registration;
  }
  return nullptr;
}

}  // namespace innoledger::registry
