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
#define GRANTS "innoledger.v1.GrantsService/"
#define REGISTRY "innoledger.v1.RegistryService/"
#define VOUCHERS "innoledger.v1.VouchersService/"

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

// A write of the city's science bureau (and, where given, its admin).
MethodRule BureauWrite(absl::string_view method, Reach admin = Reach::kNone) {
  return {.method = method, .write = true, .bureau = kOwn, .admin = admin};
}
// An award read: the city's bureau, finance and admin, any auditor, and enterprises.
MethodRule AwardRead(absl::string_view method) {
  return {.method = method, .bureau = kOwn, .enterprise = kOwn, .finance = kOwn,
          .auditor = kAny, .admin = kOwn};
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
      {.method = GRANTS "ComputeAward", .bureau = kOwn, .finance = kOwn,
       .auditor = kAny, .admin = kOwn},
      BureauWrite(GRANTS "ApproveAward"),
      BureauWrite(GRANTS "FileApplication"),
      BureauWrite(GRANTS "AssessTranche"),
      BureauWrite(GRANTS "RecordInvestment"),
      BureauWrite(GRANTS "ClawBackAward"),
      // A bad record is the bureau's finding; the city's admin may act on a court order.
      BureauWrite(GRANTS "HoldTranches", /*admin=*/kOwn),
      BureauWrite(GRANTS "ReleaseTranches", /*admin=*/kOwn),
      // Money leaves a fund only on the finance bureau's payment order.
      {.method = GRANTS "DisburseAwards", .write = true, .finance = kOwn},
      // Enterprises read their own awards (the handler checks the entity).
      AwardRead(GRANTS "GetAward"),
      AwardRead(GRANTS "ListAwards"),
      AwardRead(GRANTS "GetAwardHistory"),
      AwardRead(GRANTS "GetCapUsage"),
      // The node's catalogue files: its admin re-reads them after an edit.
      {.method = GRANTS "ReloadCatalogues", .write = true, .admin = kOwn},

      // The registry is kept by each city's bureau for the entities at home there.
      BureauWrite(REGISTRY "RegisterEntity", /*admin=*/kOwn),
      BureauWrite(REGISTRY "UpdateEntity", /*admin=*/kOwn),
      BureauWrite(REGISTRY "SetBadRecord", /*admin=*/kOwn),
      BureauWrite(REGISTRY "ClearBadRecord", /*admin=*/kOwn),
      BureauWrite(REGISTRY "RegisterProvider", /*admin=*/kOwn),
      // Anyone may look an entity up; providers and enterprises only themselves (handler).
      {.method = REGISTRY "GetEntity", .bureau = kAny, .provider = kAny, .enterprise = kAny,
       .finance = kAny, .settlement = kAny, .auditor = kAny, .node = kAny, .admin = kAny},

      // Vouchers: the issuing city's bureau issues, expires and revokes its own.
      BureauWrite(VOUCHERS "IssueVoucher", /*admin=*/kOwn),
      BureauWrite(VOUCHERS "ExpireVoucher", /*admin=*/kOwn),
      BureauWrite(VOUCHERS "RevokeVoucher", /*admin=*/kOwn),
      // 通用通兑: a provider redeems a voucher of any city (for itself only: handler), and
      // a peer node forwards a provider's call to the issuing city.
      {.method = VOUCHERS "ReserveVoucher", .write = true, .provider = kAny, .node = kAny,
       .forwarded = true},
      {.method = VOUCHERS "RedeemReservation", .write = true, .provider = kAny, .node = kAny,
       .forwarded = true},
      // The issuing bureau may also cancel a hold (a disputed service).
      {.method = VOUCHERS "ReleaseReservation", .write = true, .bureau = kOwn, .provider = kAny,
       .node = kAny, .forwarded = true},
      {.method = VOUCHERS "CheckReservation", .bureau = kOwn, .provider = kAny, .auditor = kAny,
       .node = kAny, .forwarded = true},
      // A provider sees the voucher it is paid from; an enterprise only its own (handler).
      {.method = VOUCHERS "GetVoucher", .bureau = kOwn, .provider = kAny, .enterprise = kAny,
       .finance = kOwn, .settlement = kOwn, .auditor = kAny, .node = kAny, .admin = kOwn,
       .forwarded = true},
      {.method = VOUCHERS "ListVoucherHistory", .bureau = kOwn, .finance = kOwn,
       .settlement = kOwn, .auditor = kAny, .admin = kOwn, .forwarded = true},
      // Lists span the cities (city ""): own-city reach cannot narrow them, the handler
      // keeps providers and enterprises to themselves.
      {.method = VOUCHERS "ListVouchersByHolder", .bureau = kOwn, .enterprise = kOwn,
       .finance = kOwn, .auditor = kAny, .admin = kOwn},
      {.method = VOUCHERS "ListRedemptionsByProvider", .bureau = kOwn, .provider = kOwn,
       .finance = kOwn, .settlement = kOwn, .auditor = kAny, .admin = kOwn},
  };
}

#undef LEDGER
#undef GRANTS
#undef REGISTRY
#undef VOUCHERS

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
  if (!principal.via.empty() && !rule->forwarded) {
    return Error(absl::StatusCode::kPermissionDenied, "ON_BEHALF_REFUSED",
                 absl::StrCat(principal.via, " may not call ", method, " on behalf of ",
                              principal.ToString(), ": nodes forward voucher calls only"),
                 metadata);
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
