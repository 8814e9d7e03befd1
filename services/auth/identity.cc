#include "services/auth/identity.h"

#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "common/errors.h"
#include "services/common/errors.h"

namespace innoledger::auth {
namespace {

constexpr size_t kMaxRoleLength = 32;
constexpr size_t kMaxCityLength = 32;
constexpr size_t kMaxEntityLength = 64;  // the whole principal stays within 128 bytes

absl::Status Malformed(absl::string_view why) {
  return Error(absl::StatusCode::kUnauthenticated, "PRINCIPAL_MALFORMED",
               absl::StrCat(kPrincipalHeader, " must be 'role:city:entity' (e.g. ",
                            "'admin:changji:ops'): ", why));
}

bool IsRole(absl::string_view role) {
  if (role.empty() || role.size() > kMaxRoleLength) return false;
  for (char c : role) {
    if (!absl::ascii_islower(c) && c != '_') return false;
  }
  return true;
}

bool IsCity(absl::string_view city) {
  if (city.empty() || city.size() > kMaxCityLength || !absl::ascii_islower(city[0])) return false;
  for (char c : city) {
    if (!absl::ascii_islower(c) && !absl::ascii_isdigit(c) && c != '_') return false;
  }
  return true;
}

bool IsEntity(absl::string_view entity) {
  if (entity.empty() || entity.size() > kMaxEntityLength) return false;
  for (char c : entity) {
    if (!absl::ascii_isgraph(c)) return false;  // no spaces, controls or non-ASCII
  }
  return true;
}

}  // namespace

std::string Principal::ToString() const { return absl::StrCat(role, ":", city, ":", entity); }

absl::StatusOr<Principal> ParsePrincipal(absl::string_view text) {
  std::vector<absl::string_view> parts = absl::StrSplit(text, absl::MaxSplits(':', 2));
  if (parts.size() != 3) return Malformed("it needs three parts separated by ':'");
  if (!IsRole(parts[0])) return Malformed("the role must match [a-z_]{1,32}");
  if (!IsCity(parts[1])) return Malformed("the city must match [a-z][a-z0-9_]{0,31}");
  if (!IsEntity(parts[2])) return Malformed("the entity must be 1..64 printable ASCII bytes");
  return Principal{std::string(parts[0]), std::string(parts[1]), std::string(parts[2])};
}

absl::StatusOr<Principal> IdentityReader::Read(const CallInfo& call) const {
  if (!options_.insecure_dev) {
    // Only reachable if a server is built without --insecure_dev; the server refuses that
    // until mTLS lands, so this is the safe answer, not a code path in use.
    return Error(absl::StatusCode::kUnauthenticated, "PRINCIPAL_MISSING",
                 "this server has no way to authenticate callers (mTLS is not configured)");
  }
  if (!call.principal_header) {
    return Error(absl::StatusCode::kUnauthenticated, "PRINCIPAL_MISSING",
                 absl::StrCat("send metadata ", kPrincipalHeader,
                              ": role:city:entity (insecure dev mode)"));
  }
  return ParsePrincipal(*call.principal_header);
}

absl::Status CheckWriteCall(const CallInfo& call, absl::string_view request_id) {
  if (request_id.empty()) return services::errors::RequestIdMissing();
  if (!call.has_deadline) return services::errors::DeadlineMissing();
  return absl::OkStatus();
}

}  // namespace innoledger::auth
