// Grants through the real daemon: the Changji catalogue loaded at start, a bureau's dry run
// and approvals of policy 4 (3% of technology contracts, 50万 per contract, 150万 a year).
#include "absl/strings/str_cat.h"
#include "common/errors.h"
#include "gtest/gtest.h"
#include "innoledger/v1/grants.grpc.pb.h"
#include "services/common/grpc_status.h"
#include "tests/support/daemon.h"

namespace innoledger {
namespace {

constexpr int64_t W = 1'000'000;  // fen per 万元

class GrantsE2eTest : public ::testing::Test {
 protected:
  void SetUp() override {
    testing::DaemonOptions options;
    options.extra_flags = {"--policies=" + std::string(std::getenv("INNOLEDGER_SOURCE_DIR")) +
                           "/deploy/policies/changji-2020.textproto"};
    auto daemon = testing::Daemon::Start(options);
    ASSERT_TRUE(daemon.ok()) << daemon.status();
    daemon_ = std::move(*daemon);
    grants_ = v1::GrantsService::NewStub(daemon_->channel());
    // The city's grants fund, appropriated by its admin.
    v1::SubmitTransactionRequest fund;
    fund.set_city("changji");
    fund.set_request_id("fund");
    fund.set_kind("fund.appropriate");
    auto* appropriation = fund.add_open_accounts();
    appropriation->set_id("appropriation");
    appropriation->set_type(v1::ACCOUNT_TYPE_APPROPRIATION);
    auto* grants = fund.add_open_accounts();
    grants->set_id("fund:grants");
    grants->set_type(v1::ACCOUNT_TYPE_FUND);
    auto* out = fund.add_postings();
    out->set_account("appropriation");
    out->set_amount_fen(-1000 * W);
    auto* in = fund.add_postings();
    in->set_account("fund:grants");
    in->set_amount_fen(1000 * W);
    v1::SubmitTransactionResponse response;
    ASSERT_TRUE(daemon_->NewStub()
                    ->SubmitTransaction(testing::NewContext("admin:changji:ops").get(), fund,
                                        &response)
                    .ok());
  }

  v1::AwardApplication Contract(int64_t amount_fen, const std::string& contract) {
    v1::AwardApplication application;
    application.set_policy_id("changji.4");
    application.set_entity("91652301MA78XXXX12");
    application.set_item(contract);
    application.set_decision_date("2025-06-01");
    (*application.mutable_facts())["registered_in_zone"] = 1;
    (*application.mutable_facts())["bad_record"] = 0;
    (*application.mutable_facts())["transaction_amount_fen"] = amount_fen;
    return application;
  }

  grpc::Status Approve(const v1::AwardApplication& application, const std::string& id,
                       v1::ApproveAwardResponse* response) {
    v1::ApproveAwardRequest request;
    request.set_city("changji");
    request.set_request_id(id);
    request.set_award_id(id);
    *request.mutable_application() = application;
    return grants_->ApproveAward(testing::NewContext("bureau:changji:science").get(), request,
                                 response);
  }

  std::unique_ptr<testing::Daemon> daemon_;
  std::unique_ptr<v1::GrantsService::Stub> grants_;
};

TEST_F(GrantsE2eTest, DryRunThenApprovalsUpToTheYearlyCap) {
  v1::ComputeAwardRequest dry;
  dry.set_city("changji");
  *dry.mutable_application() = Contract(2000 * W, "HT-1");
  v1::ComputeAwardResponse computed;
  ASSERT_TRUE(grants_->ComputeAward(testing::NewContext("bureau:changji:science").get(), dry,
                                    &computed).ok());
  // 3% of 2,000万 = 60万, capped at 50万 per contract.
  EXPECT_EQ(computed.computation().amount_fen(), 50 * W);
  EXPECT_EQ(computed.computation().uncapped_fen(), 60 * W);
  EXPECT_EQ(computed.computation().bound_by(), "per_item");
  EXPECT_EQ(computed.computation().policy_version(), "changji.4@2020-v1");

  const int64_t amounts[] = {2000 * W, 2000 * W, 1000 * W, 1500 * W};
  const int64_t expected[] = {50 * W, 50 * W, 30 * W, 20 * W};
  for (int i = 0; i < 4; ++i) {
    v1::ApproveAwardResponse response;
    grpc::Status status = Approve(Contract(amounts[i], absl::StrCat("HT-", i)), absl::StrCat("A", i), &response);
    ASSERT_TRUE(status.ok()) << status.error_message();
    EXPECT_EQ(response.amount_fen(), expected[i]) << i;
  }
  // A retry of the last approval is a replay, not a second payment.
  v1::ApproveAwardResponse replay;
  ASSERT_TRUE(Approve(Contract(1500 * W, "HT-3"), "A3", &replay).ok());
  EXPECT_TRUE(replay.replayed());
  EXPECT_EQ(replay.amount_fen(), 20 * W);
  // The fifth finds nothing left, and changes nothing.
  v1::GetHeadRequest head_request;
  head_request.set_city("changji");
  v1::GetHeadResponse before, after;
  ASSERT_TRUE(daemon_->NewStub()->GetHead(testing::NewContext().get(), head_request, &before).ok());
  v1::ApproveAwardResponse refused;
  grpc::Status status = Approve(Contract(100 * W, "HT-9"), "A9", &refused);
  EXPECT_EQ(status.error_code(), grpc::FAILED_PRECONDITION);
  EXPECT_EQ(ErrorReason(services::FromGrpcStatus(status)), "CAP_REACHED");
  ASSERT_TRUE(daemon_->NewStub()->GetHead(testing::NewContext().get(), head_request, &after).ok());
  EXPECT_EQ(after.head().hash(), before.head().hash());
  // A beneficiary that is not a valid unified social credit code.
  v1::AwardApplication bad = Contract(100 * W, "HT-11");
  bad.set_entity("91652301MA78XXXX1X");  // the check character should be '2'
  status = Approve(bad, "A11", &refused);
  EXPECT_EQ(status.error_code(), grpc::INVALID_ARGUMENT);
  EXPECT_EQ(ErrorReason(services::FromGrpcStatus(status)), "INVALID_USCC");
  // Another city's bureau may not decide Changji's awards.
  v1::ApproveAwardRequest foreign;
  foreign.set_city("changji");
  foreign.set_request_id("x");
  *foreign.mutable_application() = Contract(100 * W, "HT-10");
  v1::ApproveAwardResponse ignored;
  EXPECT_EQ(grants_->ApproveAward(testing::NewContext("bureau:urumqi:science").get(), foreign, &ignored)
                .error_code(),
            grpc::PERMISSION_DENIED);
}

}  // namespace
}  // namespace innoledger
