#include "services/auth/roles.h"

namespace innoledger::auth {
namespace {
constexpr std::array<absl::string_view, kRoleCount> kNames = {
    "bureau", "provider", "enterprise", "finance", "settlement", "auditor", "node", "admin"};
}  // namespace

absl::string_view RoleName(Role role) { return kNames[static_cast<int>(role)]; }

std::optional<Role> RoleFromName(absl::string_view name) {
  for (Role role : kAllRoles) {
    if (RoleName(role) == name) return role;
  }
  return std::nullopt;
}

}  // namespace innoledger::auth
