#include "services/auth/identity.h"

#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/strip.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "common/errors.h"
#include "common/status_macros.h"
#include "services/common/errors.h"

namespace innoledger::auth {
namespace {

constexpr size_t kMaxCityLength = 32;
constexpr size_t kMaxEntityLength = 64;  // the whole principal stays within 128 bytes

absl::Status Malformed(absl::string_view why) {
  return Error(absl::StatusCode::kUnauthenticated, "PRINCIPAL_MALFORMED",
               absl::StrCat(kPrincipalHeader, " must be 'role:city:entity' (e.g. ",
                            "'admin:changji:ops'): ", why));
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

absl::StatusOr<Principal> MakePrincipal(absl::string_view role, absl::string_view city,
                                        absl::string_view entity) {
  std::optional<Role> known = RoleFromName(role);
  if (!known) {
    return Malformed(absl::StrCat("unknown role '", role,
                                  "' (bureau, provider, enterprise, finance, settlement, "
                                  "auditor, node or admin)"));
  }
  if (!IsCity(city)) return Malformed("the city must match [a-z][a-z0-9_]{0,31}");
  if (!IsEntity(entity)) return Malformed("the entity must be 1..64 printable ASCII bytes");
  return Principal{*known, std::string(city), std::string(entity)};
}

}  // namespace

std::string Principal::ToString() const {
  return absl::StrCat(RoleName(role), ":", city, ":", entity);
}

absl::StatusOr<Principal> ParsePrincipal(absl::string_view text) {
  std::vector<absl::string_view> parts = absl::StrSplit(text, absl::MaxSplits(':', 2));
  if (parts.size() != 3) return Malformed("it needs three parts separated by ':'");
  return MakePrincipal(parts[0], parts[1], parts[2]);
}

absl::StatusOr<Principal> ParsePrincipalUri(absl::string_view uri) {
  if (!absl::ConsumePrefix(&uri, kPrincipalUriScheme)) {
    return Malformed(absl::StrCat("certificate URI must start with ", kPrincipalUriScheme));
  }
  std::vector<absl::string_view> parts = absl::StrSplit(uri, absl::MaxSplits('/', 2));
  if (parts.size() != 3) return Malformed("certificate URI must be innoledger://city/role/entity");
  return MakePrincipal(parts[1], parts[0], parts[2]);
}

absl::StatusOr<Principal> IdentityReader::Read(const CallInfo& call) const {
  absl::StatusOr<Principal> authenticated = ReadAuthenticated(call);
  if (!authenticated.ok() || !call.on_behalf_header) return authenticated;
  // A node vouches for the callers it authenticated itself: those of its own city.
  auto refuse = [&](absl::string_view why) {
    return Error(absl::StatusCode::kPermissionDenied, "ON_BEHALF_REFUSED",
                 absl::StrCat(authenticated->ToString(), " may not call on behalf of '",
                              *call.on_behalf_header, "': ", why));
  };
  if (authenticated->role != Role::kNode) return refuse("only a node forwards calls");
  ASSIGN_OR_RETURN(Principal caller, ParsePrincipal(*call.on_behalf_header));
  if (caller.role == Role::kNode || caller.city != authenticated->city) {
    return refuse("a node forwards only its own city's callers");
  }
  caller.via = authenticated->ToString();
  caller.via_city = authenticated->city;
  return caller;
}

absl::StatusOr<Principal> IdentityReader::ReadAuthenticated(const CallInfo& call) const {
  if (!options_.insecure_dev) {
    // The handshake verified the certificate; its innoledger:// URI names the principal.
    for (const std::string& uri : call.peer_uris) {
      if (absl::StartsWith(uri, kPrincipalUriScheme)) return ParsePrincipalUri(uri);
    }
    return Error(absl::StatusCode::kUnauthenticated, "PRINCIPAL_MISSING",
                 "the client certificate names no principal: it needs a URI SAN "
                 "innoledger://city/role/entity");
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
