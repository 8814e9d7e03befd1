// mTLS at the door: a client without a certificate, with an expired one, or with one from
// a CA the node does not trust (claiming to be a city's admin) never gets a call through;
// and under mTLS the dev header cannot change who you are.
#include "absl/strings/str_cat.h"
#include "common/errors.h"
#include "gtest/gtest.h"
#include "services/common/grpc_status.h"
#include "storage/testing/ledger_fixture.h"
#include "tests/support/daemon.h"

namespace innoledger {
namespace {

class TlsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto daemon = testing::StartWithMtls(certs_.path());
    ASSERT_TRUE(daemon.ok()) << daemon.status();
    daemon_ = std::move(*daemon);
  }

  grpc::Status GetHead(std::shared_ptr<grpc::Channel> channel,
                       const std::string& header = "") {
    auto stub = v1::LedgerService::NewStub(channel);
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(5));
    if (!header.empty()) context.AddMetadata("x-innoledger-principal", header);
    v1::GetHeadRequest request;
    request.set_city("changji");
    v1::GetHeadResponse response;
    return stub->GetHead(&context, request, &response);
  }

  storage::testing::TempDir certs_;
  std::unique_ptr<testing::Daemon> daemon_;
};

TEST_F(TlsTest, AValidCertificateGetsIn) {
  EXPECT_TRUE(GetHead(daemon_->ChannelAs("changji-admin")).ok());
}

TEST_F(TlsTest, NoCertificateIsRefused) {
  grpc::Status status = GetHead(testing::TlsChannel(daemon_->address(), certs_.path(), ""));
  EXPECT_EQ(status.error_code(), grpc::UNAVAILABLE) << status.error_message();
}

TEST_F(TlsTest, AnExpiredCertificateIsRefused) {
  grpc::Status status = GetHead(daemon_->ChannelAs("expired"));
  EXPECT_EQ(status.error_code(), grpc::UNAVAILABLE) << status.error_message();
}

TEST_F(TlsTest, ACertificateFromAnotherCaIsRefusedWhateverItClaims) {
  // forged.crt names innoledger://urumqi/admin/urumqi-admin, signed by other-ca.
  grpc::Status status = GetHead(daemon_->ChannelAs("forged"));
  EXPECT_EQ(status.error_code(), grpc::UNAVAILABLE) << status.error_message();
}

TEST_F(TlsTest, UnderMtlsAForgedHeaderChangesNothing) {
  // A changji provider claims, in the dev header, to be a zone admin: still a provider.
  grpc::Status status = GetHead(daemon_->ChannelAs("changji-provider"), "admin:zone:root");
  ASSERT_EQ(status.error_code(), grpc::PERMISSION_DENIED);
  EXPECT_EQ(ErrorReason(services::FromGrpcStatus(status)), "ROLE_NOT_PERMITTED");
}

TEST(TlsStartTest, WithoutCertificatesTheServerRefusesToStart) {
  storage::testing::TempDir dir;
  auto result = testing::RunDaemonToExit(
      {"--listen=127.0.0.1:0", "--data_dir=" + dir.path() + "/data", "--cities=changji"});
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_NE(result->exit_code, 0);
  EXPECT_NE(result->output.find("--tls_cert"), std::string::npos) << result->output;
}

}  // namespace
}  // namespace innoledger
