// Grants through the real daemon: the Changji catalogue loaded at start, the registry's facts
// deciding eligibility, a bureau's dry run and approvals of policy 4 (3% of technology
// contracts, 50万 per contract, 150万 a year), and a stepped award's life (assessment,
// payment order, hold on a bad record, clawback) through every GrantsService RPC.
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "common/china_time.h"
#include "common/errors.h"
#include "gtest/gtest.h"
#include "innoledger/v1/grants.grpc.pb.h"
#include "innoledger/v1/registry.grpc.pb.h"
#include "services/common/grpc_status.h"
#include "tests/support/daemon.h"
#include "tests/support/registrations.h"

namespace innoledger {
namespace {

constexpr int64_t W = 1'000'000;  // fen per 万元
constexpr char kEntity[] = "91652301MA78XXXX12";   // registered in Changji
constexpr char kStranger[] = "91652301MA78XXXX25";  // valid, but in no registry
constexpr char kBureau[] = "bureau:changji:science";

// Changji's bureau registers kEntity as an enterprise of Changji.
bool RegisterBeneficiary(const testing::Daemon& daemon) {
  v1::RegisterEntityRequest registration = testing::EntityRegistration(
      kEntity, "changji", v1::ENTITY_KIND_ENTERPRISE, "昌吉示范基地有限公司");
  registration.set_request_id("register");
  v1::RegisterEntityResponse registered;
  grpc::Status status = v1::RegistryService::NewStub(daemon.channel())
                            ->RegisterEntity(testing::NewContext(kBureau).get(), registration,
                                             &registered);
  EXPECT_TRUE(status.ok()) << status.error_message();
  return status.ok();
}

class GrantsE2eTest : public ::testing::Test {
 protected:
  void SetUp() override {
    testing::DaemonOptions options;
    options.changji_catalogue = true;
    auto daemon = testing::Daemon::Start(options);
    ASSERT_TRUE(daemon.ok()) << daemon.status();
    daemon_ = std::move(*daemon);
    grants_ = v1::GrantsService::NewStub(daemon_->channel());
    registry_ = v1::RegistryService::NewStub(daemon_->channel());
    // The beneficiary, registered in the zone by Changji's bureau: grants read
    // registered_in_zone and bad_record from the registry, never from the application.
    ASSERT_TRUE(RegisterBeneficiary(*daemon_));
    // The city's grants fund, appropriated by its finance bureau.
    absl::Status funded = testing::Appropriate(daemon_->channel(), "changji", "fund:grants",
                                               1000 * W, /*open_fund=*/true);
    ASSERT_TRUE(funded.ok()) << funded;
  }

  v1::AwardApplication Contract(int64_t amount_fen, const std::string& contract) {
    v1::AwardApplication application;
    application.set_policy_id("changji.4");
    application.set_entity(kEntity);
    application.set_item(contract);
    application.set_decision_date("2025-06-01");
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
    return grants_->ApproveAward(testing::NewContext(kBureau).get(), request, response);
  }

  // The head of Changji's chain, to show a refusal wrote nothing.
  std::string Head() {
    v1::GetHeadRequest request;
    request.set_city("changji");
    v1::GetHeadResponse response;
    EXPECT_TRUE(daemon_->NewStub()->GetHead(testing::NewContext().get(), request, &response).ok());
    return response.head().SerializeAsString();
  }

  v1::AwardRecord GetAward(const std::string& award_id, const std::string& as = kBureau) {
    v1::GetAwardRequest request;
    request.set_city("changji");
    request.set_award_id(award_id);
    v1::GetAwardResponse response;
    grpc::Status status = grants_->GetAward(testing::NewContext(as).get(), request, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return response.award();
  }

  std::unique_ptr<testing::Daemon> daemon_;
  std::unique_ptr<v1::GrantsService::Stub> grants_;
  std::unique_ptr<v1::RegistryService::Stub> registry_;
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

TEST_F(GrantsE2eTest, TheRegistryDecidesRegistrationAndBadRecords) {
  // An entity no registry holds is not registered in the zone, whatever it claims.
  v1::AwardApplication stranger = Contract(1000 * W, "HT-S");
  stranger.set_entity(kStranger);
  (*stranger.mutable_facts())["registered_in_zone"] = 1;
  const std::string before = Head();
  v1::ApproveAwardResponse refused;
  grpc::Status status = Approve(stranger, "S1", &refused);
  EXPECT_EQ(status.error_code(), grpc::FAILED_PRECONDITION) << status.error_message();
  EXPECT_EQ(ErrorReason(services::FromGrpcStatus(status)), "NOT_ELIGIBLE");
  EXPECT_EQ(Head(), before);
  // A bad record set in the registry blocks the next award.
  v1::SetBadRecordRequest bad;
  bad.set_request_id("bad");
  bad.set_city("changji");
  bad.set_uscc(kEntity);
  bad.set_reason("虚假申报 false declaration");
  v1::SetBadRecordResponse marked;
  ASSERT_TRUE(registry_->SetBadRecord(testing::NewContext(kBureau).get(), bad, &marked).ok());
  status = Approve(Contract(1000 * W, "HT-B"), "B1", &refused);
  EXPECT_EQ(status.error_code(), grpc::FAILED_PRECONDITION) << status.error_message();
  EXPECT_EQ(ErrorReason(services::FromGrpcStatus(status)), "NOT_ELIGIBLE");
}

TEST_F(GrantsE2eTest, AStepAwardLivesThroughTheService) {
  // A national 双创 base approved in 2024: 50/30/20万 for 2024/2025/2026.
  v1::AwardApplication base;
  base.set_policy_id("changji.13.base");
  base.set_entity(kEntity);
  base.set_decision_date("2024-05-01");
  v1::FileApplicationRequest file;
  file.set_city("changji");
  file.set_request_id("file-base");
  file.set_award_id("CJ-2024-B1");
  *file.mutable_application() = base;
  v1::AwardResponse filed;
  grpc::Status status = grants_->FileApplication(testing::NewContext(kBureau).get(), file, &filed);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(filed.award().state(), v1::AWARD_STATE_FILED);
  v1::ApproveAwardRequest approve;
  approve.set_city("changji");
  approve.set_request_id("approve-base");
  approve.set_award_id("CJ-2024-B1");
  approve.set_decision_date("2024-05-01");
  v1::ApproveAwardResponse approved;
  status = grants_->ApproveAward(testing::NewContext(kBureau).get(), approve, &approved);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(approved.amount_fen(), 0);  // every tranche waits for its assessment
  ASSERT_EQ(approved.award().tranches_size(), 3);

  // 2024 passes: 50万 payable. 2025 fails: forfeited, 2026 untouched.
  auto assess = [&](int year, bool passed) {
    v1::AssessTrancheRequest request;
    request.set_city("changji");
    request.set_request_id(absl::StrCat("assess-", year));
    request.set_award_id("CJ-2024-B1");
    request.set_fiscal_year(year);
    request.set_passed(passed);
    v1::AwardResponse response;
    grpc::Status status =
        grants_->AssessTranche(testing::NewContext(kBureau).get(), request, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return response.award();
  };
  assess(2024, true);
  const v1::AwardRecord after_2025 = assess(2025, false);
  EXPECT_EQ(after_2025.tranches(0).state(), v1::TRANCHE_STATE_PAYABLE);
  EXPECT_EQ(after_2025.tranches(1).state(), v1::TRANCHE_STATE_FORFEITED);
  EXPECT_EQ(after_2025.tranches(2).state(), v1::TRANCHE_STATE_SCHEDULED);

  // Only the finance bureau orders payment; it pays the payable tranche, 50万.
  v1::DisburseAwardsRequest order;
  order.set_city("changji");
  order.set_request_id("order-1");
  order.set_order_id("PO-2024-1");
  order.set_fund_account("fund:grants");
  order.add_award_ids("CJ-2024-B1");
  v1::DisburseAwardsResponse paid;
  EXPECT_EQ(grants_->DisburseAwards(testing::NewContext(kBureau).get(), order, &paid).error_code(),
            grpc::PERMISSION_DENIED);
  status = grants_->DisburseAwards(testing::NewContext("finance:changji:treasury").get(), order,
                                   &paid);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(paid.order().total_fen(), 50 * W);
  EXPECT_EQ(GetAward("CJ-2024-B1").tranches(0).state(), v1::TRANCHE_STATE_DISBURSED);

  // A hold (a court ruling) covers what is still to come (2026), not what was paid or
  // forfeited.
  v1::HoldTranchesRequest hold;
  hold.set_city("changji");
  hold.set_request_id("hold-1");
  hold.set_entity(kEntity);
  hold.set_reason("court ruling");
  v1::HoldTranchesResponse held;
  status = grants_->HoldTranches(testing::NewContext(kBureau).get(), hold, &held);
  ASSERT_TRUE(status.ok()) << status.error_message();
  ASSERT_EQ(held.award_ids_size(), 1);
  EXPECT_EQ(held.award_ids(0), "CJ-2024-B1");
  EXPECT_EQ(GetAward("CJ-2024-B1").tranches(2).state(), v1::TRANCHE_STATE_HELD);

  // The enterprise reads its own award and usage; another enterprise may not.
  EXPECT_EQ(GetAward("CJ-2024-B1", absl::StrCat("enterprise:changji:", kEntity)).award_id(),
            "CJ-2024-B1");
  v1::GetAwardRequest foreign;
  foreign.set_city("changji");
  foreign.set_award_id("CJ-2024-B1");
  v1::GetAwardResponse hidden;
  EXPECT_EQ(grants_->GetAward(testing::NewContext(absl::StrCat("enterprise:changji:", kStranger)).get(),
                              foreign, &hidden)
                .error_code(),
            grpc::PERMISSION_DENIED);
  // The paid tranche counts in the year the money became payable (the assessment's), so
  // over every year since the approval the base has used exactly 50万.
  int64_t base_used = 0;
  for (int32_t year = 2024; year <= FiscalYearOf(absl::Now()); ++year) {
    v1::GetCapUsageRequest usage;
    usage.set_city("changji");
    usage.set_entity(kEntity);
    usage.set_fiscal_year(year);
    v1::GetCapUsageResponse used;
    status = grants_->GetCapUsage(testing::NewContext(kBureau).get(), usage, &used);
    ASSERT_TRUE(status.ok()) << status.error_message();
    for (const v1::CapUsage& cap : used.usage()) {
      if (cap.policy_id() == "changji.13.base") base_used += cap.used_fen();
    }
  }
  EXPECT_EQ(base_used, 50 * W);

  // Lists by entity and history page through the service.
  v1::ListAwardsRequest list;
  list.set_city("changji");
  list.set_entity(kEntity);
  v1::ListAwardsResponse listed;
  ASSERT_TRUE(grants_->ListAwards(testing::NewContext(kBureau).get(), list, &listed).ok());
  ASSERT_EQ(listed.awards_size(), 1);
  v1::GetAwardHistoryRequest history;
  history.set_city("changji");
  history.set_award_id("CJ-2024-B1");
  v1::GetAwardHistoryResponse entries;
  ASSERT_TRUE(grants_->GetAwardHistory(testing::NewContext(kBureau).get(), history, &entries).ok());
  EXPECT_GE(entries.entries_size(), 5);  // file, approve, two assessments, payment, hold

  // Found improper: clawed back, and a clawback is not repeated by a retry.
  v1::ClawBackAwardRequest clawback;
  clawback.set_city("changji");
  clawback.set_request_id("claw-1");
  clawback.set_award_id("CJ-2024-B1");
  clawback.set_reason("base approval revoked");
  clawback.set_refund_received(true);
  v1::AwardResponse clawed, again;
  status = grants_->ClawBackAward(testing::NewContext(kBureau).get(), clawback, &clawed);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(clawed.award().state(), v1::AWARD_STATE_CLAWED_BACK);
  ASSERT_TRUE(grants_->ClawBackAward(testing::NewContext(kBureau).get(), clawback, &again).ok());
  EXPECT_TRUE(again.replayed());
  EXPECT_EQ(again.sequence(), clawed.sequence());
}

// The admin re-reads an edited catalogue: a mistake is refused with its file and line and
// changes nothing; a good edit takes effect for the next computation.
TEST(CatalogueReloadTest, AnAdminReloadsAnEditedCatalogueOrNothingChanges) {
  const std::string dir = testing::MakeTempDir();
  const std::string path = dir + "/changji.textproto";
  std::ifstream shipped(std::string(std::getenv("INNOLEDGER_SOURCE_DIR")) +
                        "/deploy/policies/changji-2020.textproto");
  std::stringstream text;
  text << shipped.rdbuf();
  const std::string original = text.str();
  auto write = [&](const std::string& content) { std::ofstream(path) << content; };
  write(original);
  testing::DaemonOptions options;
  options.extra_flags = {"--policies=" + path};
  auto daemon = testing::Daemon::Start(options);
  ASSERT_TRUE(daemon.ok()) << daemon.status();
  ASSERT_TRUE(RegisterBeneficiary(**daemon));
  auto grants = v1::GrantsService::NewStub((*daemon)->channel());
  auto compute = [&]() -> int64_t {
    v1::ComputeAwardRequest request;
    request.set_city("changji");
    v1::AwardApplication* application = request.mutable_application();
    application->set_policy_id("changji.4");
    application->set_entity(kEntity);
    application->set_item("HT-1");
    application->set_decision_date("2025-06-01");
    (*application->mutable_facts())["transaction_amount_fen"] = 2000 * W;
    v1::ComputeAwardResponse response;
    grpc::Status status = grants->ComputeAward(testing::NewContext(kBureau).get(), request, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return response.computation().amount_fen();
  };
  auto reload = [&](const std::string& as, v1::ReloadCataloguesResponse* response) {
    v1::ReloadCataloguesRequest request;
    request.set_request_id("reload");
    return services::FromGrpcStatus(
        grants->ReloadCatalogues(testing::NewContext(as).get(), request, response));
  };
  EXPECT_EQ(compute(), 50 * W);  // 3% of 2,000万 = 60万, capped at 50万 per contract

  // A rate of 300% is a mistake: refused with the file and line, the old rules stay.
  std::string broken = original;
  broken.replace(broken.find("rate_bp: 300 }"), 14, "rate_bp: 30000 }");
  write(broken);
  v1::ReloadCataloguesResponse response;
  absl::Status refused = reload("admin:changji:ops", &response);
  EXPECT_EQ(refused.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(ErrorReason(refused), "CATALOGUE_INVALID");
  EXPECT_NE(refused.message().find(path + ":80"), absl::string_view::npos) << refused.message();
  EXPECT_EQ(compute(), 50 * W);

  // Only an admin reloads.
  write(original);
  EXPECT_EQ(reload(kBureau, &response).code(), absl::StatusCode::kPermissionDenied);

  // A per-contract cap lowered to 40万 applies from the next computation.
  std::string lowered = original;
  lowered.replace(lowered.find("per_item_fen: 50000000 item_kind"), 22, "per_item_fen: 40000000");
  write(lowered);
  ASSERT_TRUE(reload("admin:changji:ops", &response).ok());
  ASSERT_EQ(response.catalogues_size(), 1);
  EXPECT_EQ(response.catalogues(0).file(), path);
  EXPECT_EQ(response.catalogues(0).jurisdiction(), "changji-high-tech-zone");
  EXPECT_NE(std::find(response.catalogues(0).policy_versions().begin(),
                      response.catalogues(0).policy_versions().end(), "changji.4@2020-v1"),
            response.catalogues(0).policy_versions().end());
  EXPECT_EQ(compute(), 40 * W);
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace innoledger
