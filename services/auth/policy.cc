#include "services/auth/policy.h"

#include <map>
#include <string>

#include "absl/strings/str_cat.h"
#include "common/errors.h"

namespace innoledger::auth {
namespace {

constexpr Reach kOwn = Reach::kOwnCity;
constexpr Reach kAny = Reach::kAnyCity;

#define LEDGER "innoledger.v1.LedgerService/"

// Raw ledger writes move money without a business rule around them, so only a city's
// admin and finance bureau make them; bureaus, providers and enterprises act through the
// domain services (vouchers, grants). Ledger reads show every account of a city, so
// providers and enterprises, who may see only their own affairs, get none of them.
MethodRule LedgerWrite(absl::string_view method) {
  return {.method = method, .write = true, .finance = kOwn, .admin = kOwn};
}
MethodRule CityRead(absl::string_view method, Reach node = Reach::kNone) {
  return {.method = method, .bureau = kOwn, .finance = kOwn, .settlement = kOwn,
          .auditor = kAny, .node = node, .admin = kOwn};
}

std::vector<MethodRule> MakeTable() {
  return {
      LedgerWrite(LEDGER "SubmitTransaction"),
      LedgerWrite(LEDGER "PostPending"),
      LedgerWrite(LEDGER "VoidPending"),
      LedgerWrite(LEDGER "ReverseTransaction"),
      // Peer nodes check each other's chain heads and ranges.
      CityRead(LEDGER "GetHead", /*node=*/kAny),
      CityRead(LEDGER "GetEntry"),
      CityRead(LEDGER "GetAccount"),
      CityRead(LEDGER "ListAccounts"),
      CityRead(LEDGER "ListEntriesByAccount"),
      CityRead(LEDGER "ListEntriesByReference"),
      CityRead(LEDGER "VerifyRange", /*node=*/kAny),
      // The audit trail is the auditor's alone.
      {.method = "innoledger.v1.AuditService/ListAuditRecords", .auditor = kAny},
      // A city's science bureau decides its awards; finance and auditors may check the
      // arithmetic.
      {.method = "innoledger.v1.GrantsService/ComputeAward", .bureau = kOwn, .finance = kOwn,
       .auditor = kAny, .admin = kOwn},
      {.method = "innoledger.v1.GrantsService/ApproveAward", .write = true, .bureau = kOwn},
  };
}

#undef LEDGER

}  // namespace

Reach MethodRule::ReachOf(Role role) const {
  switch (role) {
    case Role::kBureau: return bureau;
    case Role::kProvider: return provider;
    case Role::kEnterprise: return enterprise;
    case Role::kFinance: return finance;
    case Role::kSettlement: return settlement;
    case Role::kAuditor: return auditor;
    case Role::kNode: return node;
    case Role::kAdmin: return admin;
  }
  return Reach::kNone;
}

const std::vector<MethodRule>& PermissionTable() {
  static const std::vector<MethodRule> table = MakeTable();
  return table;
}

absl::Status Authorize(const Principal& principal, absl::string_view method,
                       absl::string_view city) {
  const std::map<std::string, std::string> metadata = {
      {"method", std::string(method)},
      {"role", std::string(RoleName(principal.role))},
      {"principal_city", principal.city},
      {"city", std::string(city)}};
  const MethodRule* rule = nullptr;
  for (const MethodRule& candidate : PermissionTable()) {
    if (candidate.method == method) rule = &candidate;
  }
  if (rule == nullptr) {
    return Error(absl::StatusCode::kPermissionDenied, "METHOD_NOT_IN_TABLE",
                 absl::StrCat(method, " has no entry in the permission table"), metadata);
  }
  const Reach reach = rule->ReachOf(principal.role);
  if (reach == Reach::kNone) {
    return Error(absl::StatusCode::kPermissionDenied, "ROLE_NOT_PERMITTED",
                 absl::StrCat("role '", RoleName(principal.role), "' may not call ", method),
                 metadata);
  }
  if (reach == Reach::kOwnCity && !city.empty() && !principal.zone_wide() &&
      principal.city != city) {
    return Error(absl::StatusCode::kPermissionDenied, "CITY_NOT_PERMITTED",
                 absl::StrCat(principal.ToString(), " acts for ", principal.city,
                              " and may not call ", method, " for ", city),
                 metadata);
  }
  return absl::OkStatus();
}

}  // namespace innoledger::auth
