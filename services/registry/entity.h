#ifndef INNOLEDGER_SERVICES_REGISTRY_ENTITY_H_
#define INNOLEDGER_SERVICES_REGISTRY_ENTITY_H_

#include <optional>
#include <string>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "absl/time/civil_time.h"
#include "innoledger/v1/registry.pb.h"

// The registry's rules that need no storage: shapes, related parties, admissions.
namespace innoledger::registry {

inline constexpr size_t kMaxLegalNameBytes = 256;
inline constexpr size_t kMaxReasonBytes = 512;
inline constexpr int kMaxHoldings = 64;       // entities one entity holds
inline constexpr int kMaxRegistrations = 64;  // (category, city) admissions of a provider

// The record key of an entity in its home city's partition.
std::string EntityKey(absl::string_view uscc);

absl::string_view KindName(v1::EntityKind kind);
absl::string_view CategoryName(v1::ServiceCategory category);

// The descriptive fields a caller sets (not the bad record, not the registrations, not the
// times, which have their own commands).
absl::Status ValidateEntity(const v1::Entity& entity);
absl::Status ValidateRegistration(const v1::ProviderRegistration& registration);

// Related parties (关联方): the same legal representative, or one holds the other. The
// answer says why, for the error; nullopt when unrelated.
std::optional<std::string> RelatedBecause(const v1::Entity& a, const v1::Entity& b);

// The admission of `provider` for `category` in force on `day`, by any city's list: vouchers
// are usable across the zone's cities (通用通兑), so any city's admission counts.
const v1::ProviderRegistration* AdmissionOn(const v1::Entity& provider,
                                            v1::ServiceCategory category, absl::CivilDay day);

}  // namespace innoledger::registry

#endif  // INNOLEDGER_SERVICES_REGISTRY_ENTITY_H_
