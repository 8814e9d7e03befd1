#include "services/auth/policy.h"

#include <set>

#include "absl/strings/str_cat.h"
#include "common/errors.h"
#include "google/protobuf/descriptor.h"
#include "gtest/gtest.h"
#include "innoledger/v1/audit.pb.h"
#include "innoledger/v1/grants.pb.h"
#include "innoledger/v1/ledger.pb.h"
#include "services/common/served_services.h"

namespace innoledger::auth {
namespace {

Principal P(Role role, const std::string& city) { return Principal{role, city, "e1"}; }

// Every method of every service we serve has a row: a new RPC without a permission fails
// here before it can ship.
TEST(PermissionTableTest, CoversEveryMethodOfEveryService) {
  std::set<std::string> in_table;
  for (const MethodRule& rule : PermissionTable()) {
    EXPECT_TRUE(in_table.insert(std::string(rule.method)).second) << "twice: " << rule.method;
  }
  std::set<std::string> served;
  for (const auto* method : services::ServedMethods()) {
    served.insert(method->service()->full_name() + "/" + method->name());
  }
  for (const std::string& method : served) EXPECT_TRUE(in_table.count(method)) << method;
  for (const std::string& method : in_table) EXPECT_TRUE(served.count(method)) << method;
}

TEST(PermissionTableTest, AuditorsNeverWrite) {
  for (const MethodRule& rule : PermissionTable()) {
    if (rule.write) {
      EXPECT_EQ(rule.auditor, Reach::kNone) << rule.method;
    }
  }
}

// A node forwards its callers' voucher calls and nothing else: the same principal, called
// directly, may use what its role allows; forwarded, only the rows marked forwarded.
TEST(AuthorizeTest, ForwardedCallsOnlyWhereTheTableSaysSo) {
  Principal bureau = P(Role::kBureau, "changji");
  const char* register_entity = "innoledger.v1.RegistryService/RegisterEntity";
  EXPECT_TRUE(Authorize(bureau, register_entity, "changji").ok());
  bureau.via = "node:changji:changji-node";
  absl::Status refused = Authorize(bureau, register_entity, "changji");
  EXPECT_EQ(refused.code(), absl::StatusCode::kPermissionDenied);
  EXPECT_EQ(ErrorReason(refused), "ON_BEHALF_REFUSED");
  Principal provider = P(Role::kProvider, "changji");
  provider.via = "node:changji:changji-node";
  for (const char* method : {"ReserveVoucher", "RedeemReservation", "ReleaseReservation",
                             "CheckReservation", "GetVoucher"}) {
    EXPECT_TRUE(
        Authorize(provider, absl::StrCat("innoledger.v1.VouchersService/", method), "urumqi").ok())
        << method;
  }
  EXPECT_EQ(ErrorReason(Authorize(provider, "innoledger.v1.VouchersService/ListRedemptionsByProvider",
                                  "")),
            "ON_BEHALF_REFUSED");
}

TEST(AuthorizeTest, OwnCityOnlyUnlessZoneWide) {
  const char* submit = "innoledger.v1.LedgerService/SubmitTransaction";
  EXPECT_TRUE(Authorize(P(Role::kAdmin, "changji"), submit, "changji").ok());
  absl::Status other = Authorize(P(Role::kAdmin, "changji"), submit, "urumqi");
  EXPECT_EQ(other.code(), absl::StatusCode::kPermissionDenied);
  EXPECT_EQ(ErrorReason(other), "CITY_NOT_PERMITTED");
  EXPECT_EQ(ErrorMetadata(other)["city"], "urumqi");
  EXPECT_TRUE(Authorize(P(Role::kAdmin, "zone"), submit, "urumqi").ok());
}

TEST(AuthorizeTest, RolesOutsideTheRowAreRefused) {
  const char* submit = "innoledger.v1.LedgerService/SubmitTransaction";
  for (Role role : {Role::kBureau, Role::kProvider, Role::kEnterprise, Role::kSettlement,
                    Role::kAuditor, Role::kNode}) {
    absl::Status status = Authorize(P(role, "changji"), submit, "changji");
    EXPECT_EQ(ErrorReason(status), "ROLE_NOT_PERMITTED") << RoleName(role);
  }
  EXPECT_TRUE(Authorize(P(Role::kFinance, "changji"), submit, "changji").ok());
}

TEST(AuthorizeTest, AuditorsReadEveryCityAndOnlyAuditorsReadTheAuditTrail) {
  EXPECT_TRUE(Authorize(P(Role::kAuditor, "zone"), "innoledger.v1.LedgerService/GetAccount",
                        "shihezi").ok());
  const char* audit = "innoledger.v1.AuditService/ListAuditRecords";
  EXPECT_TRUE(Authorize(P(Role::kAuditor, "zone"), audit, "").ok());
  EXPECT_EQ(ErrorReason(Authorize(P(Role::kAdmin, "zone"), audit, "")), "ROLE_NOT_PERMITTED");
}

TEST(AuthorizeTest, AnUnknownMethodIsRefused) {
  EXPECT_EQ(ErrorReason(Authorize(P(Role::kAdmin, "zone"), "x.Y/Z", "changji")),
            "METHOD_NOT_IN_TABLE");
}

}  // namespace
}  // namespace innoledger::auth
