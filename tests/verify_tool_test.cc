// innoledger-verify on a stopped node's data: a good directory verifies, a flipped byte in
// an old entry is named.
#include <cstdio>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "storage/commands.h"
#include "storage/format.h"
#include "storage/testing/ledger_fixture.h"

namespace innoledger {
namespace {

std::string RunTool(const std::string& data_dir, int* exit_code) {
  const std::string daemon = std::getenv("INNOLEDGERD");
  const std::string tool = daemon.substr(0, daemon.rfind('/')) + "/innoledger-verify";
  FILE* pipe = popen((tool + " --data_dir=" + data_dir + " --cities=changji 2>&1").c_str(), "r");
  std::string output;
  char buffer[512];
  while (fgets(buffer, sizeof buffer, pipe) != nullptr) output += buffer;
  *exit_code = WEXITSTATUS(pclose(pipe));
  return output;
}

TEST(VerifyToolTest, VerifiesAGoodDirectoryAndNamesTheBadEntry) {
  storage::testing::TempDir dir;
  {
    storage::LedgerOptions options = storage::testing::TestOptions(dir.path());
    options.cities = {"changji"};
    auto ledger = storage::Ledger::Open(options);
    ASSERT_TRUE(ledger.ok());
    storage::TransactionRequest open;
    open.kind = "open";
    open.open_accounts = {{"a", storage::AccountType::kAppropriation},
                          {"f", storage::AccountType::kFund}};
    ASSERT_TRUE((*ledger)->SubmitAndWait(storage::testing::MakeWrite(
                    "changji", "open", storage::MakeTransactCommand(open))).ok());
    for (int i = 0; i < 300; ++i) {
      ASSERT_TRUE((*ledger)->SubmitAndWait(storage::testing::MakeWrite(
                      "changji", absl::StrCat("t", i),
                      storage::MakeTransactCommand(storage::testing::Transfer("a", "f", 1))))
                      .ok());
    }
  }
  int code = -1;
  std::string output = RunTool(dir.path(), &code);
  EXPECT_EQ(code, 0) << output;
  EXPECT_NE(output.find("changji: OK, 301 entries"), std::string::npos) << output;
  // Entry 7 is far outside the tail re-hashed at open: only the full check finds it.
  storage::testing::FlipByteInValue(dir.path(), "journal", storage::format::JournalKey("changji", 7), 20);
  output = RunTool(dir.path(), &code);
  EXPECT_EQ(code, 1) << output;
  EXPECT_NE(output.find("CHAIN_BROKEN"), std::string::npos) << output;
  EXPECT_NE(output.find("entry 7"), std::string::npos) << output;
}

}  // namespace
}  // namespace innoledger
