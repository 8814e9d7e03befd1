// The SDK and the innoledger CLI through GrantsService against a real innoledgerd
// (--insecure_dev) with the Changji catalogue: policy 4's contracts up to the yearly cap, a
// stepped award from filing to payment order and clawback, holds on a bad record, errors
// as absl::Status with the node's reasons, and the award commands of the command line.
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/civil_time.h"
#include "absl/time/clock.h"
#include "common/errors.h"
#include "gtest/gtest.h"
#include "innoledger/client.h"
#include "innoledger/v1/grants.pb.h"
#include "innoledger/v1/ledger.grpc.pb.h"
#include "innoledger/v1/registry.pb.h"
#include "tests/support/daemon.h"
#include "tests/support/registrations.h"

namespace innoledger {
namespace {

constexpr int64_t W = 1'000'000;                    // fen per 万元
constexpr int64_t kFundFen = 1000 * W;              // appropriated to fund:grants
constexpr char kEntity[] = "91652301MA78XXXX12";    // registered in Changji
constexpr char kStranger[] = "91652301MA78XXXX25";  // valid, registered nowhere
constexpr char kBureau[] = "bureau:changji:science";
constexpr char kFinance[] = "finance:changji:treasury";
constexpr char kFund[] = "fund:grants";
constexpr char kPayable[] = "payable:91652301MA78XXXX12";

// The fiscal year it is now in China: a tranche's payment counts in the year it is paid.
int32_t ChinaYearNow() {
  return static_cast<int32_t>(absl::ToCivilDay(absl::Now(), absl::FixedTimeZone(8 * 3600)).year());
}

class SdkGrantsE2eTest : public ::testing::Test {
 protected:
  void SetUp() override {
    testing::DaemonOptions options;
    options.changji_catalogue = true;
    auto daemon = testing::Daemon::Start(options);
    ASSERT_TRUE(daemon.ok()) << daemon.status();
    daemon_ = std::move(*daemon);
    bureau_ = As(kBureau);
    // Grants read registered_in_zone and bad_record from the registry, never from the
    // application: the beneficiary is registered by Changji's bureau first.
    auto registered = bureau_->RegisterEntity(testing::EntityRegistration(
        kEntity, "changji", v1::ENTITY_KIND_ENTERPRISE, "昌吉示范基地有限公司"));
    ASSERT_TRUE(registered.ok()) << registered.status();
    absl::Status funded = testing::Appropriate(daemon_->channel(), "changji", kFund, kFundFen,
                                               /*open_fund=*/true);
    ASSERT_TRUE(funded.ok()) << funded;
  }

  // An SDK client acting as `principal` ("role:city:entity").
  std::unique_ptr<Client> As(const std::string& principal) {
    ClientOptions options;
    options.target = daemon_->address();
    options.insecure_dev_principal = principal;
    auto client = Client::Connect(options);
    EXPECT_TRUE(client.ok()) << client.status();
    return client.ok() ? std::move(*client) : nullptr;
  }

  // Policy 4 (3% of a technology contract) for kEntity, decided in 2025.
  static v1::AwardApplication Contract(int64_t amount_fen, const std::string& contract) {
    v1::AwardApplication application;
    application.set_policy_id("changji.4");
    application.set_entity(kEntity);
    application.set_item(contract);
    application.set_decision_date("2025-06-01");
    (*application.mutable_facts())["transaction_amount_fen"] = amount_fen;
    return application;
  }

  // Posted balance of a Changji account, read from the ledger itself.
  int64_t Posted(const std::string& account) {
    v1::GetAccountRequest request;
    request.set_city("changji");
    request.set_account(account);
    v1::GetAccountResponse response;
    grpc::Status status = daemon_->NewStub()->GetAccount(
        testing::NewContext("admin:changji:ops").get(), request, &response);
    EXPECT_TRUE(status.ok()) << account << ": " << status.error_message();
    return response.account().posted_fen();
  }

  // What kEntity has used of `policy_id` in `year` (its yearly limit in *limit_fen).
  int64_t Used(const std::string& policy_id, int32_t year, int64_t* limit_fen = nullptr,
               std::string* once_award_id = nullptr) {
    v1::GetCapUsageRequest request;
    request.set_city("changji");
    request.set_entity(kEntity);
    request.set_fiscal_year(year);
    // A policy out of force in `year` has no row when nothing was counted under it then.
    if (limit_fen != nullptr) *limit_fen = 0;
    if (once_award_id != nullptr) once_award_id->clear();
    auto usage = bureau_->GetCapUsage(request);
    EXPECT_TRUE(usage.ok()) << usage.status();
    if (!usage.ok()) return -1;
    for (const v1::CapUsage& cap : usage->usage()) {
      if (cap.policy_id() != policy_id) continue;
      if (limit_fen != nullptr) *limit_fen = cap.limit_fen();
      if (once_award_id != nullptr) *once_award_id = cap.once_award_id();
      return cap.used_fen();
    }
    return 0;
  }

  v1::AwardRecord Award(const std::string& award_id) {
    v1::GetAwardRequest request;
    request.set_city("changji");
    request.set_award_id(award_id);
    auto award = bureau_->GetAward(request);
    EXPECT_TRUE(award.ok()) << award.status();
    return award.ok() ? award->award() : v1::AwardRecord();
  }

  absl::StatusOr<v1::AwardResponse> Assess(const std::string& award_id, int32_t year, bool passed) {
    v1::AssessTrancheRequest request;
    request.set_city("changji");
    request.set_award_id(award_id);
    request.set_fiscal_year(year);
    request.set_passed(passed);
    return bureau_->AssessTranche(request);
  }

  absl::StatusOr<v1::AwardResponse> ClawBack(const std::string& award_id, bool refund_received) {
    v1::ClawBackAwardRequest request;
    request.set_city("changji");
    request.set_award_id(award_id);
    request.set_reason("found improper on audit");
    request.set_refund_received(refund_received);
    return bureau_->ClawBackAward(request);
  }

  std::string Head() {
    auto head = bureau_->GetHead("changji");
    EXPECT_TRUE(head.ok()) << head.status();
    return head.ok() ? head->SerializeAsString() : "";
  }

  // Runs the innoledger CLI (next to innoledgerd) as `principal`; stdout and stderr.
  std::string Cli(const std::string& principal, const std::string& arguments, int* exit_code) {
    const std::string daemon = std::getenv("INNOLEDGERD");
    const std::string command = absl::StrCat(daemon.substr(0, daemon.rfind('/')),
                                             "/innoledger --target=", daemon_->address(),
                                             " --principal=", principal, " ", arguments, " 2>&1");
    FILE* pipe = popen(command.c_str(), "r");
    std::string output;
    char buffer[512];
    while (fgets(buffer, sizeof buffer, pipe) != nullptr) output += buffer;
    *exit_code = WEXITSTATUS(pclose(pipe));
    return output;
  }

  std::unique_ptr<testing::Daemon> daemon_;
  std::unique_ptr<Client> bureau_;
};

TEST_F(SdkGrantsE2eTest, PolicyFourContractsUpToTheYearlyCapThenAClawback) {
  // The dry run: 3% of 2,000万 = 60万, cut to 50万 by the per-contract cap.
  auto computed = bureau_->ComputeAward("changji", Contract(2000 * W, "HT-0"));
  ASSERT_TRUE(computed.ok()) << computed.status();
  EXPECT_EQ(computed->amount_fen(), 50 * W);
  EXPECT_EQ(computed->uncapped_fen(), 60 * W);
  EXPECT_EQ(computed->bound_by(), "per_item");
  EXPECT_EQ(computed->cut_fen(), 10 * W);
  EXPECT_EQ(computed->policy_version(), "changji.4@2020-v1");

  // 2,000万 → 60万 cut to 50万; 2,000万 → 50万; 1,000万 → 30万 (under both caps, 130万 used
  // of 150万 a year); 1,500万 → 45万 uncapped, but only 150 − 130 = 20万 is left this year.
  const int64_t contracts[] = {2000 * W, 2000 * W, 1000 * W, 1500 * W};
  const int64_t paid[] = {50 * W, 50 * W, 30 * W, 20 * W};
  for (int i = 0; i < 4; ++i) {
    // The typed form; an empty request id gets one from the SDK for the call.
    auto approved =
        bureau_->ApproveAward("changji", i == 3 ? "approve-CJ-4-3" : "", absl::StrCat("CJ-4-", i),
                              Contract(contracts[i], absl::StrCat("HT-", i)));
    ASSERT_TRUE(approved.ok()) << i << ": " << approved.status();
    EXPECT_EQ(approved->amount_fen(), paid[i]) << i;
    EXPECT_EQ(approved->award().state(), v1::AWARD_STATE_APPROVED);
  }
  const v1::AwardComputation fourth = Award("CJ-4-3").computation();
  EXPECT_EQ(fourth.bound_by(), "per_entity_year");
  EXPECT_EQ(fourth.uncapped_fen(), 45 * W);
  EXPECT_EQ(fourth.cut_fen(), 25 * W);  // 45万 − 20万
  // 50 + 50 + 30 + 20 = 150万 moved from the fund into the beneficiary's payable.
  EXPECT_EQ(Posted(kPayable), 150 * W);
  EXPECT_EQ(Posted(kFund), kFundFen - 150 * W);
  int64_t limit = 0;
  EXPECT_EQ(Used("changji.4", 2025, &limit), 150 * W);
  EXPECT_EQ(limit, 150 * W);

  // A retry of the fourth with its request id is answered again, not paid again.
  auto replay =
      bureau_->ApproveAward("changji", "approve-CJ-4-3", "CJ-4-3", Contract(1500 * W, "HT-3"));
  ASSERT_TRUE(replay.ok()) << replay.status();
  EXPECT_TRUE(replay->replayed());
  EXPECT_EQ(replay->amount_fen(), 20 * W);
  EXPECT_EQ(Posted(kPayable), 150 * W);

  // Nothing is left this year: the dry run and the approval both say CAP_REACHED, and the
  // refusal writes nothing.
  const std::string before = Head();
  auto refused_dry = bureau_->ComputeAward("changji", Contract(100 * W, "HT-4"));
  EXPECT_EQ(refused_dry.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(ErrorReason(refused_dry.status()), "CAP_REACHED") << refused_dry.status();
  v1::ApproveAwardRequest fifth;
  fifth.set_city("changji");
  fifth.set_award_id("CJ-4-4");
  *fifth.mutable_application() = Contract(100 * W, "HT-4");
  auto refused = bureau_->ApproveAward(fifth);
  EXPECT_EQ(refused.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(ErrorReason(refused.status()), "CAP_REACHED") << refused.status();
  EXPECT_EQ(Head(), before);

  // The fourth award is clawed back before it was paid out: its 20万 returns from the payable
  // to the fund and the year's cap has 20万 of headroom again.
  auto clawed = ClawBack("CJ-4-3", /*refund_received=*/false);
  ASSERT_TRUE(clawed.ok()) << clawed.status();
  EXPECT_EQ(clawed->award().state(), v1::AWARD_STATE_CLAWED_BACK);
  EXPECT_EQ(Posted(kPayable), 130 * W);
  EXPECT_EQ(Posted(kFund), kFundFen - 130 * W);
  EXPECT_EQ(Used("changji.4", 2025), 130 * W);
  // 1,000万 would be 30万; 20万 is what the year has left.
  auto after = bureau_->ComputeAward("changji", Contract(1000 * W, "HT-5"));
  ASSERT_TRUE(after.ok()) << after.status();
  EXPECT_EQ(after->amount_fen(), 20 * W);
  EXPECT_EQ(after->bound_by(), "per_entity_year");

  // The policy's awards of 2025, three to a page: every one of the four, the clawed-back
  // one included, exactly once.
  v1::ListAwardsRequest list;
  list.set_city("changji");
  list.set_policy_id("changji.4");
  list.set_fiscal_year(2025);
  list.set_page_size(3);
  std::vector<std::string> ids;
  for (int page = 0; page < 3; ++page) {
    auto listed = bureau_->ListAwards(list);
    ASSERT_TRUE(listed.ok()) << listed.status();
    for (const v1::AwardRecord& award : listed->awards()) ids.push_back(award.award_id());
    if (listed->next_page_token().empty()) break;
    list.set_page_token(listed->next_page_token());
  }
  EXPECT_EQ(ids, (std::vector<std::string>{"CJ-4-0", "CJ-4-1", "CJ-4-2", "CJ-4-3"}));
}

TEST_F(SdkGrantsE2eTest, AStepAwardFromFilingToPaymentAndClawback) {
  // A national 双创 base (changji.13.base: 50/30/20万 over three years) filed and approved
  // as filed on 2024-05-01: years 2024, 2025, 2026, none paid until assessed.
  v1::FileApplicationRequest file;
  file.set_city("changji");
  file.set_award_id("CJ-2024-B1");
  v1::AwardApplication& base = *file.mutable_application();
  base.set_policy_id("changji.13.base");
  base.set_entity(kEntity);
  base.set_decision_date("2024-05-01");
  auto filed = bureau_->FileApplication(file);
  ASSERT_TRUE(filed.ok()) << filed.status();
  EXPECT_EQ(filed->award().state(), v1::AWARD_STATE_FILED);
  EXPECT_EQ(Posted(kFund), kFundFen);  // filing pays nothing

  v1::ApproveAwardRequest approve;
  approve.set_city("changji");
  approve.set_award_id("CJ-2024-B1");
  approve.set_decision_date("2024-05-01");
  auto approved = bureau_->ApproveAward(approve);
  ASSERT_TRUE(approved.ok()) << approved.status();
  EXPECT_EQ(approved->amount_fen(), 0);
  const v1::AwardRecord& award = approved->award();
  EXPECT_EQ(award.state(), v1::AWARD_STATE_APPROVED);
  EXPECT_EQ(award.fiscal_year(), 2024);
  ASSERT_EQ(award.tranches_size(), 3);
  const int32_t years[] = {2024, 2025, 2026};
  const int64_t amounts[] = {50 * W, 30 * W, 20 * W};
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(award.tranches(i).fiscal_year(), years[i]);
    EXPECT_EQ(award.tranches(i).amount_fen(), amounts[i]);
    EXPECT_EQ(award.tranches(i).state(), v1::TRANCHE_STATE_SCHEDULED);
  }

  // 2024 passes: its 50万 moves into the payable. 2025 fails: forfeited under this rule.
  auto passed = Assess("CJ-2024-B1", 2024, true);
  ASSERT_TRUE(passed.ok()) << passed.status();
  EXPECT_EQ(passed->award().tranches(0).state(), v1::TRANCHE_STATE_PAYABLE);
  EXPECT_EQ(Posted(kPayable), 50 * W);
  auto failed = Assess("CJ-2024-B1", 2025, false);
  ASSERT_TRUE(failed.ok()) << failed.status();
  EXPECT_EQ(failed->award().tranches(1).state(), v1::TRANCHE_STATE_FORFEITED);
  EXPECT_EQ(failed->award().tranches(2).state(), v1::TRANCHE_STATE_SCHEDULED);
  EXPECT_EQ(Posted(kPayable), 50 * W);  // a failed year pays nothing
  // A forfeited year cannot be assessed again.
  auto again = Assess("CJ-2024-B1", 2025, true);
  EXPECT_EQ(ErrorReason(again.status()), "TRANCHE_NOT_DUE") << again.status();

  // Only the finance bureau orders payment.
  v1::DisburseAwardsRequest order;
  order.set_city("changji");
  order.set_order_id("PO-2024-1");
  order.set_fund_account(kFund);
  order.add_award_ids("CJ-2024-B1");
  auto by_bureau = bureau_->DisburseAwards(order);
  EXPECT_EQ(by_bureau.status().code(), absl::StatusCode::kPermissionDenied);
  EXPECT_EQ(ErrorReason(by_bureau.status()), "ROLE_NOT_PERMITTED") << by_bureau.status();
  auto finance = As(kFinance);
  auto disbursed = finance->DisburseAwards(order);
  ASSERT_TRUE(disbursed.ok()) << disbursed.status();
  // The payable 2024 tranche, 50万, in one line to the beneficiary.
  EXPECT_EQ(disbursed->order().total_fen(), 50 * W);
  ASSERT_EQ(disbursed->order().lines_size(), 1);
  EXPECT_EQ(disbursed->order().lines(0).entity(), kEntity);
  EXPECT_EQ(disbursed->order().lines(0).amount_fen(), 50 * W);
  EXPECT_EQ(Posted(kPayable), 0);
  EXPECT_EQ(Award("CJ-2024-B1").tranches(0).state(), v1::TRANCHE_STATE_DISBURSED);
  // A second order finds nothing left to pay.
  order.set_order_id("PO-2024-2");
  EXPECT_EQ(ErrorReason(finance->DisburseAwards(order).status()), "NOTHING_PAYABLE");

  // A bad record holds the tranche still to come (2026) at once (the registry sets off the
  // hold); it is released only once the registry has cleared the record.
  v1::SetBadRecordRequest bad;
  bad.set_city("changji");
  bad.set_uscc(kEntity);
  bad.set_reason("虚假申报 false declaration");
  ASSERT_TRUE(bureau_->SetBadRecord(bad).ok());
  EXPECT_EQ(Award("CJ-2024-B1").tranches(2).state(), v1::TRANCHE_STATE_HELD);
  // Holding again by hand changes nothing more.
  v1::HoldTranchesRequest hold;
  hold.set_city("changji");
  hold.set_entity(kEntity);
  hold.set_reason("bad record");
  auto held = bureau_->HoldTranches(hold);
  ASSERT_TRUE(held.ok()) << held.status();
  EXPECT_EQ(held->award_ids_size(), 0);
  EXPECT_EQ(ErrorReason(bureau_->ReleaseTranches(hold).status()), "BAD_RECORD");
  v1::ClearBadRecordRequest clear;
  clear.set_city("changji");
  clear.set_uscc(kEntity);
  clear.set_reason("corrected");
  ASSERT_TRUE(bureau_->ClearBadRecord(clear).ok());
  hold.set_reason("record cleared");
  auto released = bureau_->ReleaseTranches(hold);
  ASSERT_TRUE(released.ok()) << released.status();
  EXPECT_EQ(Award("CJ-2024-B1").tranches(2).state(), v1::TRANCHE_STATE_SCHEDULED);

  // Reads: the entity's awards, the award's history in order, and the cap usage — the paid
  // tranche counts in the year it was made payable, this one.
  v1::ListAwardsRequest list;
  list.set_city("changji");
  list.set_entity(kEntity);
  auto listed = bureau_->ListAwards(list);
  ASSERT_TRUE(listed.ok()) << listed.status();
  ASSERT_EQ(listed->awards_size(), 1);
  EXPECT_EQ(listed->awards(0).award_id(), "CJ-2024-B1");
  v1::GetAwardHistoryRequest history;
  history.set_city("changji");
  history.set_award_id("CJ-2024-B1");
  auto entries = bureau_->GetAwardHistory(history);
  ASSERT_TRUE(entries.ok()) << entries.status();
  std::vector<std::string> kinds;
  for (const v1::JournalEntry& entry : entries->entries()) kinds.push_back(entry.kind());
  EXPECT_EQ(kinds, (std::vector<std::string>{"grant.file", "grant.approve", "grant.tranche",
                                             "grant.assessment_failed", "grant.disburse",
                                             "grant.hold", "grant.release"}));
  std::string once;
  EXPECT_EQ(Used("changji.13.base", ChinaYearNow(), nullptr, &once), 50 * W);
  EXPECT_EQ(once, "CJ-2024-B1");
  // The enterprise sees its own award; another enterprise does not.
  v1::GetAwardRequest get;
  get.set_city("changji");
  get.set_award_id("CJ-2024-B1");
  EXPECT_TRUE(As(absl::StrCat("enterprise:changji:", kEntity))->GetAward(get).ok());
  auto hidden = As(absl::StrCat("enterprise:changji:", kStranger))->GetAward(get);
  EXPECT_EQ(hidden.status().code(), absl::StatusCode::kPermissionDenied);
  EXPECT_EQ(ErrorReason(hidden.status()), "ENTITY_NOT_PERMITTED") << hidden.status();

  // Found improper after payment: refused until the refund is in, then every fen returns to
  // the fund (refund into the payable, the tranche reversed), 2026 is cancelled, the cap
  // usage is restored and the base may be awarded again.
  // The base is once per entity: a second one is refused while the first stands.
  v1::AwardApplication second;
  second.set_policy_id("changji.13.base");
  second.set_entity(kEntity);
  second.set_decision_date("2025-06-01");
  auto once_only = bureau_->ComputeAward("changji", second);
  EXPECT_EQ(ErrorReason(once_only.status()), "ALREADY_AWARDED") << once_only.status();
  auto unrefunded = ClawBack("CJ-2024-B1", /*refund_received=*/false);
  EXPECT_EQ(ErrorReason(unrefunded.status()), "AWARD_DISBURSED") << unrefunded.status();
  auto clawed = ClawBack("CJ-2024-B1", /*refund_received=*/true);
  ASSERT_TRUE(clawed.ok()) << clawed.status();
  EXPECT_EQ(clawed->award().state(), v1::AWARD_STATE_CLAWED_BACK);
  EXPECT_EQ(clawed->award().tranches(0).state(), v1::TRANCHE_STATE_CLAWED_BACK);
  EXPECT_EQ(clawed->award().tranches(1).state(), v1::TRANCHE_STATE_FORFEITED);
  EXPECT_EQ(clawed->award().tranches(2).state(), v1::TRANCHE_STATE_CLAWED_BACK);
  EXPECT_EQ(Posted(kFund), kFundFen);
  EXPECT_EQ(Posted(kPayable), 0);
  EXPECT_EQ(Used("changji.13.base", ChinaYearNow(), nullptr, &once), 0);
  EXPECT_EQ(once, "");
  // Year 1 of a new base approved in 2025: 50万.
  auto anew = bureau_->ComputeAward("changji", second);
  ASSERT_TRUE(anew.ok()) << anew.status();
  EXPECT_EQ(anew->amount_fen(), 50 * W);
}

TEST_F(SdkGrantsE2eTest, TheCommandLineComputesApprovesAndShowsAnAward) {
  int code = -1;
  // 3% of 1,000万 = 30万, under both caps.
  const std::string application =
      "--policy=changji.4 --entity=91652301MA78XXXX12 --item=HT-CLI "
      "--fact=transaction_amount_fen=1000000000 --date=2025-06-01";
  std::string out = Cli(kBureau, "award compute --city=changji " + application, &code);
  EXPECT_EQ(code, 0) << out;
  EXPECT_NE(out.find("amount_fen: 30000000\n"), std::string::npos) << out;
  out = Cli(kBureau, "award approve --city=changji --award=CJ-CLI-1 " + application, &code);
  EXPECT_EQ(code, 0) << out;
  EXPECT_NE(out.find("amount_fen: 30000000\n"), std::string::npos) << out;
  EXPECT_EQ(Posted(kPayable), 30 * W);
  out = Cli(kBureau, "award show CJ-CLI-1 --city=changji", &code);
  EXPECT_EQ(code, 0) << out;
  EXPECT_NE(out.find("state: AWARD_STATE_APPROVED"), std::string::npos) << out;
  EXPECT_NE(out.find("item: \"HT-CLI\""), std::string::npos) << out;

  // The node's refusal: exit 1 with its code and reason.
  out = Cli(kBureau, "disburse --city=changji --order=PO-CLI --fund=fund:grants --awards=CJ-CLI-1",
            &code);
  EXPECT_EQ(code, 1) << out;
  EXPECT_NE(out.find("PERMISSION_DENIED ROLE_NOT_PERMITTED"), std::string::npos) << out;
  // Facts are whole numbers, and a forgotten assessment result forfeits nothing: usage
  // errors (exit 2) before anything is sent.
  out = Cli(kBureau, "award compute --city=changji --policy=changji.4 --entity=x --fact=a=1.5",
            &code);
  EXPECT_EQ(code, 2) << out;
  EXPECT_NE(out.find("--fact takes NAME=whole number, not 'a=1.5'"), std::string::npos) << out;
  out = Cli(kBureau, "award assess --city=changji --award=CJ-CLI-1 --year=2025", &code);
  EXPECT_EQ(code, 2) << out;
  EXPECT_NE(out.find("missing --result"), std::string::npos) << out;

  // An admin reloads the node's catalogues; the answer lists what is now loaded.
  out = Cli("admin:changji:ops", "catalogue reload", &code);
  EXPECT_EQ(code, 0) << out;
  EXPECT_NE(out.find("\"changji.4@2020-v1\""), std::string::npos) << out;
}

}  // namespace
}  // namespace innoledger
