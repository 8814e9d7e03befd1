#ifndef INNOLEDGER_SERVICES_AUTH_IDENTITY_H_
#define INNOLEDGER_SERVICES_AUTH_IDENTITY_H_

#include <optional>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

// The single place where a caller's identity (principal) is read. Every handler asks it
// first; nothing else looks at certificates or metadata.
//
// Today there is one source: with --insecure_dev, the metadata header
// `x-innoledger-principal: role:city:entity` (e.g. "admin:changji:ops"), which any client
// can forge — hence loopback only. The next step replaces it with the subject of the
// client certificate under mTLS; handlers will not change, only CallInfo and Read().
namespace innoledger::auth {

inline constexpr absl::string_view kPrincipalHeader = "x-innoledger-principal";

// Who is calling, as "role:city:entity". Authorization (which role may call what) is a
// separate table consulted after this.
struct Principal {
  std::string role;    // e.g. "science_bureau", "provider", "auditor", "admin"
  std::string city;    // the city the caller acts for
  std::string entity;  // the organisation or person, e.g. a USCC id or "ops"
  // The form stored in journal entries and used in idempotency keys.
  std::string ToString() const;
};

// What the transport knows about a call, copied out of the gRPC context by the service's
// edge so this component needs no gRPC types.
struct CallInfo {
  std::optional<std::string> principal_header;  // x-innoledger-principal, if sent
  bool has_deadline = false;                    // the client set a deadline
};

struct IdentityOptions {
  // Trust x-innoledger-principal. Never true outside loopback development set-ups.
  bool insecure_dev = false;
};

// Parses "role:city:entity": role [a-z_]{1,32}, city [a-z][a-z0-9_]{0,31}, entity 1..64
// printable bytes (it may contain ':'). UNAUTHENTICATED with the reason why when malformed.
absl::StatusOr<Principal> ParsePrincipal(absl::string_view text);

class IdentityReader {
 public:
  explicit IdentityReader(IdentityOptions options) : options_(options) {}

  // The caller's principal. UNAUTHENTICATED (reason PRINCIPAL_MISSING or
  // PRINCIPAL_MALFORMED) when the call does not say who it is.
  absl::StatusOr<Principal> Read(const CallInfo& call) const;

 private:
  IdentityOptions options_;
};

// The extra shape every write needs: a request id (REQUEST_ID_MISSING) and a client
// deadline (DEADLINE_MISSING), both INVALID_ARGUMENT.
absl::Status CheckWriteCall(const CallInfo& call, absl::string_view request_id);

}  // namespace innoledger::auth

#endif  // INNOLEDGER_SERVICES_AUTH_IDENTITY_H_
