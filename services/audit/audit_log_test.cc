#include "services/audit/audit_log.h"

#include "gtest/gtest.h"
#include "storage/sha256.h"
#include "storage/testing/ledger_fixture.h"

namespace innoledger::audit {
namespace {

TEST(AuditLogTest, AppendsChainsAndSurvivesReopen) {
  storage::testing::TempDir dir;
  {
    auto log = AuditLog::Open(dir.path());
    ASSERT_TRUE(log.ok()) << log.status();
    for (int i = 0; i < 3; ++i) {
      ASSERT_TRUE((*log)->Append({.principal = "provider:changji:p1",
                                  .method = "innoledger.v1.LedgerService/SubmitTransaction",
                                  .city = "urumqi",
                                  .code = "PERMISSION_DENIED",
                                  .reason = "ROLE_NOT_PERMITTED"})
                      .ok());
    }
  }
  auto log = AuditLog::Open(dir.path());
  ASSERT_TRUE(log.ok());
  ASSERT_TRUE((*log)->Append({.principal = "admin:changji:ops", .code = "OK"}).ok());
  auto records = (*log)->List(0, 10);
  ASSERT_TRUE(records.ok());
  ASSERT_EQ(records->size(), 4u);
  EXPECT_EQ((*records)[3].sequence, 4u);  // numbering goes on after a reopen
  EXPECT_EQ((*records)[0].reason, "ROLE_NOT_PERMITTED");
  // Each hash covers the one before: two records never share one, and the chain links.
  EXPECT_NE((*records)[1].hash, (*records)[2].hash);
  auto page = (*log)->List(2, 1);
  ASSERT_EQ(page->size(), 1u);
  EXPECT_EQ((*page)[0].sequence, 3u);
}

}  // namespace
}  // namespace innoledger::audit
