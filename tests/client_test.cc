// The SDK and the command line take certificate paths and talk to a real node under mTLS.
#include <cstdio>
#include <set>
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "common/errors.h"
#include "gtest/gtest.h"
#include "innoledger/client.h"
#include "innoledger/v1/ledger.pb.h"
#include "storage/testing/ledger_fixture.h"
#include "tests/support/daemon.h"

namespace innoledger {
namespace {

class ClientTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto daemon = testing::StartWithMtls(certs_.path());
    ASSERT_TRUE(daemon.ok()) << daemon.status();
    daemon_ = std::move(*daemon);
  }
  ClientOptions As(const std::string& name) {
    ClientOptions options;
    options.target = daemon_->address();
    options.ca_file = certs_.path() + "/ca.crt";
    options.cert_file = certs_.path() + "/" + name + ".crt";
    options.key_file = certs_.path() + "/" + name + ".key";
    return options;
  }
  std::string Run(const std::string& arguments, int* exit_code) {
    const std::string cli = std::string(std::getenv("INNOLEDGERD"));
    const std::string binary = cli.substr(0, cli.rfind('/')) + "/innoledger";
    FILE* pipe = popen((binary + " " + arguments + " 2>&1").c_str(), "r");
    std::string output;
    char buffer[512];
    while (fgets(buffer, sizeof buffer, pipe) != nullptr) output += buffer;
    *exit_code = WEXITSTATUS(pclose(pipe));
    return output;
  }

  storage::testing::TempDir certs_;
  std::unique_ptr<testing::Daemon> daemon_;
};

TEST(RequestIdTest, IdsAreDistinctHexAndSortByTheTimeTheyWereMade) {
  std::set<std::string> ids;
  std::string previous;
  for (int i = 0; i < 2000; ++i) {
    std::string id = Client::NewRequestId();
    ASSERT_EQ(id.size(), 32u) << id;
    EXPECT_EQ(id.find_first_not_of("0123456789abcdef"), std::string::npos) << id;
    // Within a millisecond the order is random; across milliseconds it is the clock's.
    if (!previous.empty()) {
      EXPECT_GE(id.substr(0, 12), previous.substr(0, 12));
    }
    ids.insert(id);
    previous = std::move(id);
  }
  EXPECT_EQ(ids.size(), 2000u);
  const std::string earlier = Client::NewRequestId();
  absl::SleepFor(absl::Milliseconds(2));
  EXPECT_LT(earlier, Client::NewRequestId());
  // The first 12 digits are the Unix time in milliseconds.
  EXPECT_NEAR(static_cast<double>(std::stoull(earlier.substr(0, 12), nullptr, 16)),
              static_cast<double>(absl::ToUnixMillis(absl::Now())), 60'000);
}

TEST_F(ClientTest, SdkReadsWithItsCertificateAndGetsReasonsBack) {
  auto auditor = Client::Connect(As("zone-auditor"));
  ASSERT_TRUE(auditor.ok()) << auditor.status();
  auto head = (*auditor)->GetHead("changji");
  ASSERT_TRUE(head.ok()) << head.status();
  EXPECT_EQ(head->sequence(), 0u);
  // A provider may not read the raw ledger: the server's reason arrives in the status.
  auto provider = Client::Connect(As("changji-provider"));
  auto refused = (*provider)->GetHead("changji");
  EXPECT_EQ(refused.status().code(), absl::StatusCode::kPermissionDenied);
  EXPECT_EQ(ErrorReason(refused.status()), "ROLE_NOT_PERMITTED");
}

TEST_F(ClientTest, MissingCertificateFilesAreRefusedBeforeConnecting) {
  ClientOptions options = As("changji-admin");
  options.key_file = certs_.path() + "/no-such.key";
  EXPECT_EQ(Client::Connect(options).status().code(), absl::StatusCode::kInvalidArgument);
  options.key_file.clear();
  EXPECT_EQ(Client::Connect(options).status().code(), absl::StatusCode::kInvalidArgument);
}

TEST_F(ClientTest, TheCommandLineTakesCertificatePaths) {
  const std::string certs = certs_.path();
  int code = -1;
  std::string output = Run(absl::StrCat("--target=", daemon_->address(), " --ca=", certs,
                                        "/ca.crt --cert=", certs, "/changji-finance.crt --key=",
                                        certs, "/changji-finance.key head changji"),
                           &code);
  EXPECT_EQ(code, 0) << output;
  EXPECT_NE(output.find("changji sequence 0 hash "), std::string::npos) << output;
  output = Run(absl::StrCat("--target=", daemon_->address(), " --ca=", certs, "/ca.crt --cert=",
                            certs, "/changji-finance.crt --key=", certs,
                            "/changji-finance.key head urumqi"),
               &code);
  EXPECT_EQ(code, 1) << output;
  EXPECT_NE(output.find("PERMISSION_DENIED CITY_NOT_PERMITTED"), std::string::npos) << output;
}

}  // namespace
}  // namespace innoledger
