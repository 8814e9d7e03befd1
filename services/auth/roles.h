#ifndef INNOLEDGER_SERVICES_AUTH_ROLES_H_
#define INNOLEDGER_SERVICES_AUTH_ROLES_H_

#include <array>
#include <optional>

#include "absl/strings/string_view.h"

namespace innoledger::auth {

// Who may act in the zone. The name is what certificates and the dev header carry.
enum class Role : int {
  kBureau = 0,      // "bureau": a city science bureau — issues vouchers, decides awards
  kProvider,        // "provider": a registered service provider — redeems vouchers
  kEnterprise,      // "enterprise": an SME — sees its own vouchers and awards
  kFinance,         // "finance": a city finance bureau — disburses, reconciles, closes
  kSettlement,      // "settlement": settles net positions between cities
  kAuditor,         // "auditor": reads everything, writes nothing
  kNode,            // "node": a peer city's innoledgerd forwarding cross-city calls
  kAdmin,           // "admin": catalogue, registry and ledger operations
};
inline constexpr int kRoleCount = 8;
inline constexpr std::array<Role, kRoleCount> kAllRoles = {
    Role::kBureau,     Role::kProvider, Role::kEnterprise, Role::kFinance,
    Role::kSettlement, Role::kAuditor,  Role::kNode,       Role::kAdmin};

absl::string_view RoleName(Role role);
std::optional<Role> RoleFromName(absl::string_view name);

// Principals of the whole zone (auditors, zone admins) carry this instead of a city.
inline constexpr absl::string_view kZoneCity = "zone";

}  // namespace innoledger::auth

#endif  // INNOLEDGER_SERVICES_AUTH_ROLES_H_
