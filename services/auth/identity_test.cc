#include "services/auth/identity.h"

#include "common/errors.h"
#include "gtest/gtest.h"

namespace innoledger::auth {
namespace {

TEST(ParsePrincipalTest, ReadsRoleCityEntity) {
  auto principal = ParsePrincipal("science_bureau:changji:91652301MA77XYZ");
  ASSERT_TRUE(principal.ok()) << principal.status();
  EXPECT_EQ(principal->role, "science_bureau");
  EXPECT_EQ(principal->city, "changji");
  EXPECT_EQ(principal->entity, "91652301MA77XYZ");
  EXPECT_EQ(principal->ToString(), "science_bureau:changji:91652301MA77XYZ");
}

TEST(ParsePrincipalTest, EntityMayContainColons) {
  auto principal = ParsePrincipal("provider:urumqi:lab:42");
  ASSERT_TRUE(principal.ok());
  EXPECT_EQ(principal->entity, "lab:42");
}

TEST(ParsePrincipalTest, RefusesMalformed) {
  for (const char* text : {"", "admin", "admin:changji", "admin:changji:", ":changji:ops",
                           "Admin:changji:ops", "admin:Changji:ops", "admin:1city:ops",
                           "admin:changji:has space", "admin:changji:控制"}) {
    auto principal = ParsePrincipal(text);
    EXPECT_EQ(principal.status().code(), absl::StatusCode::kUnauthenticated) << text;
    EXPECT_EQ(ErrorReason(principal.status()), "PRINCIPAL_MALFORMED") << text;
  }
}

TEST(IdentityReaderTest, InsecureDevReadsTheHeader) {
  IdentityReader reader({.insecure_dev = true});
  auto principal = reader.Read({.principal_header = "admin:changji:ops"});
  ASSERT_TRUE(principal.ok());
  EXPECT_EQ(principal->city, "changji");
}

TEST(IdentityReaderTest, MissingHeaderIsUnauthenticated) {
  IdentityReader reader({.insecure_dev = true});
  auto principal = reader.Read({});
  EXPECT_EQ(principal.status().code(), absl::StatusCode::kUnauthenticated);
  EXPECT_EQ(ErrorReason(principal.status()), "PRINCIPAL_MISSING");
}

TEST(IdentityReaderTest, WithoutInsecureDevTheHeaderIsNotTrusted) {
  IdentityReader reader({.insecure_dev = false});
  auto principal = reader.Read({.principal_header = "admin:changji:ops"});
  EXPECT_EQ(principal.status().code(), absl::StatusCode::kUnauthenticated);
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
