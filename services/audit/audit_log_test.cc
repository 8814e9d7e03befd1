#include "services/audit/audit_log.h"

#include <fstream>

#include "common/errors.h"
#include "gtest/gtest.h"
#include "storage/sha256.h"
#include "storage/testing/ledger_fixture.h"

namespace innoledger::audit {
namespace {

// Built field by field: a designated initializer that leaves fields out warns under -Wextra.
AuditRecord Record(std::string principal, std::string code, std::string reason = "") {
  AuditRecord record;
  record.principal = std::move(principal);
  record.code = std::move(code);
  record.reason = std::move(reason);
  return record;
}

TEST(AuditLogTest, AppendsChainsAndSurvivesReopen) {
  storage::testing::TempDir dir;
  {
    auto log = AuditLog::Open(dir.path());
    ASSERT_TRUE(log.ok()) << log.status();
    for (int i = 0; i < 3; ++i) {
      AuditRecord refusal = Record("provider:changji:p1", "PERMISSION_DENIED", "ROLE_NOT_PERMITTED");
      refusal.method = "innoledger.v1.LedgerService/SubmitTransaction";
      refusal.city = "urumqi";
      ASSERT_TRUE((*log)->Append(refusal).ok());
    }
  }
  auto log = AuditLog::Open(dir.path());
  ASSERT_TRUE(log.ok());
  ASSERT_TRUE((*log)->Append(Record("admin:changji:ops", "OK")).ok());
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

// A node whose audit directory cannot be opened says so with the read-side reason (no
// write was lost) and names the path.
TEST(AuditLogTest, AnUnopenableDirectoryIsStorageUnavailable) {
  storage::testing::TempDir dir;
  const std::string path = dir.path() + "/audit";
  std::ofstream(path) << "a file where the directory should be";
  auto log = AuditLog::Open(path);
  ASSERT_FALSE(log.ok());
  EXPECT_EQ(log.status().code(), absl::StatusCode::kUnavailable);
  EXPECT_EQ(ErrorReason(log.status()), "STORAGE_UNAVAILABLE");
  EXPECT_NE(log.status().message().find(path), absl::string_view::npos) << log.status();
}

}  // namespace
}  // namespace innoledger::audit
