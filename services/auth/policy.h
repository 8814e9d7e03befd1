#ifndef INNOLEDGER_SERVICES_AUTH_POLICY_H_
#define INNOLEDGER_SERVICES_AUTH_POLICY_H_

#include <vector>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "services/auth/identity.h"

// Who may call what: one table (policy.cc) that every handler consults through
// Authorize() before it does anything else. No handler makes its own role checks; what the
// table cannot say (a provider sees only its own redemptions) the domain services check
// with the principal's entity.
namespace innoledger::auth {

// How far a role reaches with one method.
enum class Reach : uint8_t {
  kNone = 0,  // never
  kOwnCity,   // only for the city it acts for (zone-wide principals: every city)
  kAnyCity,   // for every city (auditors; providers redeeming vouchers of any city, 通用通兑)
};

struct MethodRule {
  absl::string_view method;  // "innoledger.v1.LedgerService/SubmitTransaction"
  bool write = false;        // changes state: auditors never get it
  Reach bureau = Reach::kNone;
  Reach provider = Reach::kNone;
  Reach enterprise = Reach::kNone;
  Reach finance = Reach::kNone;
  Reach settlement = Reach::kNone;
  Reach auditor = Reach::kNone;
  Reach node = Reach::kNone;
  Reach admin = Reach::kNone;
  // Per-city set-up: a node may call it on behalf of its city's callers. Every other
  // method refuses a forwarded principal (ON_BEHALF_REFUSED), so a node cannot act for a
  // caller anywhere the forwarding code does not.
  bool forwarded = false;

  Reach ReachOf(Role role) const;
};

// The table, in the order of the protos.
const std::vector<MethodRule>& PermissionTable();

// OK, or PERMISSION_DENIED with reason ROLE_NOT_PERMITTED / CITY_NOT_PERMITTED /
// METHOD_NOT_IN_TABLE and metadata {method, role, city}. `city` is the city the request
// acts on ("" when the method names none).
absl::Status Authorize(const Principal& principal, absl::string_view method,
                       absl::string_view city);

}  // namespace innoledger::auth

#endif  // INNOLEDGER_SERVICES_AUTH_POLICY_H_
