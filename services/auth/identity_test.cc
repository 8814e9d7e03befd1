#include "services/auth/identity.h"

#include "common/errors.h"
#include "gtest/gtest.h"

namespace innoledger::auth {
namespace {

TEST(ParsePrincipalTest, ReadsRoleCityEntity) {
  auto principal = ParsePrincipal("bureau:changji:91652301MA77XYZ");
  ASSERT_TRUE(principal.ok()) << principal.status();
  EXPECT_EQ(principal->role, Role::kBureau);
  EXPECT_EQ(principal->city, "changji");
  EXPECT_EQ(principal->entity, "91652301MA77XYZ");
  EXPECT_EQ(principal->ToString(), "bureau:changji:91652301MA77XYZ");
}

TEST(ParsePrincipalTest, EntityMayContainColons) {
  auto principal = ParsePrincipal("provider:urumqi:lab:42");
  ASSERT_TRUE(principal.ok());
  EXPECT_EQ(principal->entity, "lab:42");
}

TEST(ParsePrincipalTest, RefusesMalformed) {
  for (const char* text : {"", "admin", "admin:changji", "admin:changji:", ":changji:ops",
                           "Admin:changji:ops", "admin:Changji:ops", "admin:1city:ops",
                           "admin:changji:has space", "admin:changji:控制",
                           "science_bureau:changji:ops", "root:changji:ops"}) {
    auto principal = ParsePrincipal(text);
    EXPECT_EQ(principal.status().code(), absl::StatusCode::kUnauthenticated) << text;
    EXPECT_EQ(ErrorReason(principal.status()), "PRINCIPAL_MALFORMED") << text;
  }
}

TEST(IdentityReaderTest, InsecureDevReadsTheHeader) {
  IdentityReader reader({.insecure_dev = true});
  CallInfo call;
  call.principal_header = "admin:changji:ops";
  auto principal = reader.Read(call);
  ASSERT_TRUE(principal.ok());
  EXPECT_EQ(principal->city, "changji");
}

TEST(IdentityReaderTest, MissingHeaderIsUnauthenticated) {
  IdentityReader reader({.insecure_dev = true});
  auto principal = reader.Read({});
  EXPECT_EQ(principal.status().code(), absl::StatusCode::kUnauthenticated);
  EXPECT_EQ(ErrorReason(principal.status()), "PRINCIPAL_MISSING");
}

TEST(IdentityReaderTest, UnderMtlsTheCertificateNamesThePrincipalAndTheHeaderIsIgnored) {
  IdentityReader reader({.insecure_dev = false});
  CallInfo call;
  call.principal_header = "admin:changji:ops";  // forged: must not count
  EXPECT_EQ(ErrorReason(reader.Read(call).status()), "PRINCIPAL_MISSING");
  call.peer_uris = {"spiffe://elsewhere/x", "innoledger://shihezi/provider/91659001MA78XXXX1X"};
  auto principal = reader.Read(call);
  ASSERT_TRUE(principal.ok()) << principal.status();
  EXPECT_EQ(principal->role, Role::kProvider);
  EXPECT_EQ(principal->city, "shihezi");
  EXPECT_EQ(principal->entity, "91659001MA78XXXX1X");
}

// A node speaks for the callers of its own city, and only a node does; the forwarded
// principal is the caller's (its idempotency key unchanged), with the node in `via`.
TEST(IdentityReaderTest, OnBehalfOnlyFromANodeForItsOwnCitysCallers) {
  IdentityReader reader({.insecure_dev = false});
  CallInfo call;
  call.peer_uris = {"innoledger://changji/node/changji-node"};
  call.on_behalf_header = "provider:changji:91652301MA78XXXX12";
  auto principal = reader.Read(call);
  ASSERT_TRUE(principal.ok()) << principal.status();
  EXPECT_EQ(principal->ToString(), "provider:changji:91652301MA78XXXX12");
  EXPECT_EQ(principal->via, "node:changji:changji-node");
  EXPECT_EQ(principal->via_city, "changji");
  for (const char* other : {"provider:urumqi:91652301MA78XXXX12", "node:changji:other",
                            "provider:changji"}) {
    call.on_behalf_header = other;
    auto refused = reader.Read(call);
    EXPECT_FALSE(refused.ok()) << other;
  }
  call.on_behalf_header = "provider:urumqi:x";
  EXPECT_EQ(ErrorReason(reader.Read(call).status()), "ON_BEHALF_REFUSED");
  // A provider may not claim to speak for anyone.
  call.peer_uris = {"innoledger://changji/provider/p1"};
  call.on_behalf_header = "admin:changji:ops";
  auto forged = reader.Read(call);
  EXPECT_EQ(forged.status().code(), absl::StatusCode::kPermissionDenied);
  EXPECT_EQ(ErrorReason(forged.status()), "ON_BEHALF_REFUSED");
}

TEST(ParsePrincipalUriTest, RefusesMalformed) {
  for (const char* uri : {"innoledger://changji/provider", "innoledger://changji//x",
                          "innoledger://Changji/admin/x", "innoledger://changji/boss/x",
                          "https://changji/admin/x"}) {
    EXPECT_EQ(ErrorReason(ParsePrincipalUri(uri).status()), "PRINCIPAL_MALFORMED") << uri;
  }
  EXPECT_EQ(ParsePrincipalUri("innoledger://zone/auditor/a1")->zone_wide(), true);
}

TEST(CheckWriteCallTest, NeedsRequestIdThenDeadline) {
  CallInfo with_deadline;
  with_deadline.has_deadline = true;
  EXPECT_EQ(ErrorReason(CheckWriteCall(with_deadline, "")), "REQUEST_ID_MISSING");
  const absl::Status no_deadline = CheckWriteCall(CallInfo(), "r1");
  EXPECT_EQ(no_deadline.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(ErrorReason(no_deadline), "DEADLINE_MISSING");
  EXPECT_TRUE(CheckWriteCall(with_deadline, "r1").ok());
}

}  // namespace
}  // namespace innoledger::auth
