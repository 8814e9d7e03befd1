#ifndef INNOLEDGER_SERVICES_AUTH_IDENTITY_H_
#define INNOLEDGER_SERVICES_AUTH_IDENTITY_H_

#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "services/auth/roles.h"

// The single place where a caller's identity (principal) is read. Every handler asks it
// first; nothing else looks at certificates or metadata.
//
// Two sources, never both:
//  - mTLS (the default): the client certificate, verified by the TLS handshake against the
//    configured CA, names the principal in a URI SAN `innoledger://<city>/<role>/<entity>`
//    (e.g. innoledger://changji/provider/91652301MA78XXXX1X). Headers are ignored.
//  - --insecure_dev (loopback only): the metadata header
//    `x-innoledger-principal: role:city:entity`, which any client can forge.
namespace innoledger::auth {

inline constexpr absl::string_view kPrincipalHeader = "x-innoledger-principal";
// Sent by a node forwarding a caller's call to the node of another city (per-city
// set-up): "role:city:entity" of the caller it authenticated. Honoured only from a node
// principal, and only for a caller of the node's own city.
inline constexpr absl::string_view kOnBehalfHeader = "x-innoledger-on-behalf-of";

// Who is calling, as "role:city:entity". Authorization (which role may call what) is a
// separate table consulted after this.
struct Principal {
  Role role = Role::kAuditor;
  std::string city;    // the city the caller acts for, or "zone" for zone-wide principals
  std::string entity;  // the organisation or person, e.g. a USCC id or "ops"
  // The node that forwarded the call ("node:city:entity"), or "" for a direct caller. Not
  // part of ToString(): a forwarded retry is the same request as a direct one.
  std::string via = {};
  std::string via_city = {};
  // "role:city:entity": the form stored in journal entries and used in idempotency keys.
  std::string ToString() const;
  bool zone_wide() const { return city == kZoneCity; }
};

// What the transport knows about a call, copied out of the gRPC context by the service's
// edge so this component needs no gRPC types.
struct CallInfo {
  std::optional<std::string> principal_header;  // x-innoledger-principal, if sent
  std::optional<std::string> on_behalf_header;  // x-innoledger-on-behalf-of, if sent
  std::vector<std::string> peer_uris;           // URI SANs of a verified client certificate
  bool has_deadline = false;                    // the client set a deadline
};

struct IdentityOptions {
  // Trust x-innoledger-principal. Never true outside loopback development set-ups.
  bool insecure_dev = false;
};

inline constexpr absl::string_view kPrincipalUriScheme = "innoledger://";

// Parses "role:city:entity": a role of roles.h, city [a-z][a-z0-9_]{0,31}, entity 1..64
// printable bytes (it may contain ':'). UNAUTHENTICATED with the reason why when malformed.
absl::StatusOr<Principal> ParsePrincipal(absl::string_view text);
// Parses "innoledger://city/role/entity", the URI SAN of a client certificate.
absl::StatusOr<Principal> ParsePrincipalUri(absl::string_view uri);

class IdentityReader {
 public:
  explicit IdentityReader(IdentityOptions options) : options_(options) {}

  // The caller's principal. UNAUTHENTICATED (reason PRINCIPAL_MISSING or
  // PRINCIPAL_MALFORMED) when the call does not say who it is. A node's call on behalf of
  // a caller of its city is that caller's, with `via` naming the node; on behalf from any
  // other principal, or for another city's caller: PERMISSION_DENIED / ON_BEHALF_REFUSED.
  absl::StatusOr<Principal> Read(const CallInfo& call) const;

 private:
  absl::StatusOr<Principal> ReadAuthenticated(const CallInfo& call) const;

  IdentityOptions options_;
};

// The extra shape every write needs: a request id (REQUEST_ID_MISSING) and a client
// deadline (DEADLINE_MISSING), both INVALID_ARGUMENT.
absl::Status CheckWriteCall(const CallInfo& call, absl::string_view request_id);

}  // namespace innoledger::auth

#endif  // INNOLEDGER_SERVICES_AUTH_IDENTITY_H_
