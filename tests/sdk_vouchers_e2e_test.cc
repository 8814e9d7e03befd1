// The SDK and the innoledger CLI against a real innoledgerd (--insecure_dev): a voucher's
// whole life in each city, a provider of one city paid from another city's voucher, the
// command line, the redeem_voucher example, and redemptions retried across a SIGKILL
// paying exactly once.
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <future>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/time/civil_time.h"
#include "common/errors.h"
#include "gtest/gtest.h"
#include "innoledger/client.h"
#include "innoledger/v1/registry.pb.h"
#include "innoledger/v1/vouchers.pb.h"
#include "services/registry/testing/registry_fixture.h"
#include "tests/support/daemon.h"
#include "tests/support/registrations.h"

namespace innoledger {
namespace {

using registry::testing::TestUscc;

constexpr int64_t kWan = 1'000'000;     // fen per 万元
constexpr int64_t kFundFen = 100 * kWan;  // appropriated to each city's voucher fund
constexpr char kFund[] = "fund/vouchers";
const std::vector<std::string> kCities = {"urumqi", "changji", "shihezi"};

absl::CivilDay ChinaToday() {
  return absl::ToCivilDay(absl::Now(), absl::FixedTimeZone(8 * 3600));
}

// Distinct, well-formed evidence for redemption n.
v1::Evidence MakeEvidence(int n, int64_t invoice_fen) {
  v1::Evidence evidence;
  evidence.set_invoice_number(absl::StrCat("FP", 4400 + n));
  evidence.set_invoice_amount_fen(invoice_fen);
  evidence.set_contract_sha256(absl::StrFormat("%064x", 0xc0000 + n));
  evidence.set_acceptance_sha256(absl::StrFormat("%064x", 0xa0000 + n));
  return evidence;
}

class SdkVouchersE2eTest : public ::testing::Test {
 protected:
  void SetUp() override { StartDaemon({}); }
  void TearDown() override { std::filesystem::remove_all(settings_dir_); }

  void StartDaemon(std::vector<std::string> extra_flags) {
    settings_dir_ = testing::MakeTempDir();
    const std::string programmes = settings_dir_ + "/vouchers.textproto";
    std::ofstream(programmes) << testing::ThisYearsVoucherProgrammes(kCities);
    testing::DaemonOptions options;
    options.voucher_programmes = false;  // ours instead
    options.extra_flags = std::move(extra_flags);
    options.extra_flags.push_back("--vouchers=" + programmes);
    auto daemon = testing::Daemon::Start(options);
    ASSERT_TRUE(daemon.ok()) << daemon.status();
    daemon_ = std::move(*daemon);
    // Each city's voucher fund (opened by the daemon for its programme) gets its money the
    // only way money arrives: appropriated.
    for (const std::string& city : kCities) {
      absl::Status funded = testing::Appropriate(daemon_->channel(), city, kFund, kFundFen);
      ASSERT_TRUE(funded.ok()) << funded;
    }
  }

  // An SDK client acting as `principal` ("role:city:entity").
  std::unique_ptr<Client> As(const std::string& principal, int max_attempts = 4) {
    ClientOptions options;
    options.target = daemon_->address();
    options.insecure_dev_principal = principal;
    options.max_attempts = max_attempts;
    auto client = Client::Connect(options);
    EXPECT_TRUE(client.ok()) << client.status();
    return client.ok() ? std::move(*client) : nullptr;
  }
  static std::string Bureau(const std::string& city) { return "bureau:" + city + ":science"; }
  static std::string ProviderOf(const std::string& city, const std::string& uscc) {
    return "provider:" + city + ":" + uscc;
  }

  // A 科技型中小企业 of `city`, registered by its bureau.
  std::string Enterprise(const std::string& city, int n) {
    return Register(city, n, v1::ENTITY_KIND_ENTERPRISE);
  }
  // A provider of `city`, admitted by its bureau for testing services this month.
  std::string Provider(const std::string& city, int n) {
    const std::string uscc = Register(city, n, v1::ENTITY_KIND_PROVIDER);
    v1::RegisterProviderRequest admission;
    v1::ProviderRegistration& registration = *admission.mutable_registration();
    registration.set_provider(uscc);
    registration.set_category(v1::SERVICE_CATEGORY_TESTING);
    registration.set_city(city);
    registration.set_valid_from(absl::FormatCivilTime(ChinaToday() - 30));
    registration.set_valid_to(absl::FormatCivilTime(ChinaToday() + 30));
    auto admitted = As(Bureau(city))->RegisterProvider(admission);
    EXPECT_TRUE(admitted.ok()) << admitted.status();
    if (admitted.ok()) {
      EXPECT_EQ(admitted->entity().registrations_size(), 1);
    }
    return uscc;
  }
  std::string Register(const std::string& city, int n, v1::EntityKind kind) {
    v1::RegisterEntityRequest request = testing::TestEntityRegistration(city, n, kind);
    auto registered = As(Bureau(city))->RegisterEntity(request);
    EXPECT_TRUE(registered.ok()) << registered.status();
    return request.entity().uscc();
  }

  v1::Voucher Issue(const std::string& city, const std::string& holder, int64_t face_fen) {
    v1::IssueVoucherRequest request;
    request.set_city(city);
    request.set_fiscal_year(static_cast<int32_t>(ChinaToday().year()));
    request.set_holder(holder);
    request.set_face_value_fen(face_fen);
    auto issued = As(Bureau(city))->IssueVoucher(request);
    EXPECT_TRUE(issued.ok()) << issued.status();
    return issued.ok() ? issued->voucher() : v1::Voucher();
  }

  v1::ReserveVoucherRequest Reservation(const v1::Voucher& voucher, const std::string& provider,
                                        int64_t amount_fen, int64_t contract_fen) {
    v1::ReserveVoucherRequest request;
    request.set_voucher_id(voucher.id());
    request.set_provider(provider);
    request.set_contract_id(absl::StrCat("HT-", voucher.id(), "-", ++contracts_));
    request.set_contract_amount_fen(contract_fen);
    request.set_category(v1::SERVICE_CATEGORY_TESTING);
    request.set_amount_fen(amount_fen);
    return request;
  }

  v1::GetVoucherResponse Show(const std::string& voucher_id) {
    v1::GetVoucherRequest request;
    request.set_voucher_id(voucher_id);
    auto voucher = As("auditor:zone:audit")->GetVoucher(request);
    EXPECT_TRUE(voucher.ok()) << voucher.status();
    return voucher.ok() ? *voucher : v1::GetVoucherResponse();
  }

  // The posted balance of `account` in `city`, read from the ledger itself.
  int64_t Balance(const std::string& city, const std::string& account) {
    v1::GetAccountRequest request;
    request.set_city(city);
    request.set_account(account);
    v1::GetAccountResponse response;
    grpc::Status status = daemon_->NewStub()->GetAccount(
        testing::NewContext(absl::StrCat("admin:", city, ":ops")).get(), request, &response);
    EXPECT_TRUE(status.ok()) << city << " " << account << ": " << status.error_message();
    return response.account().posted_fen();
  }

  // Runs the innoledger CLI as `principal` against the daemon; stdout and stderr.
  std::string Cli(const std::string& principal, const std::string& arguments, int* exit_code) {
    return Run(absl::StrCat("innoledger --target=", daemon_->address(), " --principal=",
                            principal, " ", arguments),
               exit_code);
  }
  // Runs `command`, a program next to innoledgerd with its arguments; stdout and stderr.
  std::string Run(const std::string& command, int* exit_code) {
    const std::string daemon = std::getenv("INNOLEDGERD");
    FILE* pipe = popen(
        absl::StrCat(daemon.substr(0, daemon.rfind('/')), "/", command, " 2>&1").c_str(), "r");
    std::string output;
    char buffer[512];
    while (fgets(buffer, sizeof buffer, pipe) != nullptr) output += buffer;
    *exit_code = WEXITSTATUS(pclose(pipe));
    return output;
  }

  std::string settings_dir_;
  std::unique_ptr<testing::Daemon> daemon_;
  int contracts_ = 0;
};

// The quoted value of the first `field: "..."` in protobuf text.
std::string Field(const std::string& text, const std::string& field) {
  const std::string key = field + ": \"";
  const size_t start = text.find(key);
  if (start == std::string::npos) return "";
  const size_t end = text.find('"', start + key.size());
  return text.substr(start + key.size(), end - start - key.size());
}

TEST_F(SdkVouchersE2eTest, AVoucherLivesItsWholeLifeInEachCity) {
  int n = 0;
  for (const std::string& city : kCities) {
    SCOPED_TRACE(city);
    const std::string enterprise = Enterprise(city, ++n);
    const std::string provider = Provider(city, ++n);
    const v1::Voucher voucher = Issue(city, enterprise, 2 * kWan);  // ¥20k
    EXPECT_EQ(voucher.city(), city);
    EXPECT_EQ(voucher.state(), v1::VOUCHER_STATE_ACTIVE);
    EXPECT_EQ(Balance(city, kFund), kFundFen - voucher.face_value_fen());
    EXPECT_EQ(Balance(city, voucher.account()), voucher.face_value_fen());

    // The dry run: ¥15k of a ¥40k contract fits every limit, and nothing is written.
    auto client = As(ProviderOf(city, provider));
    v1::ReserveVoucherRequest reserve = Reservation(voucher, provider, 1'500'000, 4'000'000);
    v1::CheckReservationRequest check;
    check.set_voucher_id(reserve.voucher_id());
    check.set_provider(provider);
    check.set_contract_id(reserve.contract_id());
    check.set_contract_amount_fen(reserve.contract_amount_fen());
    check.set_category(reserve.category());
    check.set_amount_fen(reserve.amount_fen());
    auto checked = client->CheckReservation(check);
    ASSERT_TRUE(checked.ok()) << checked.status();
    EXPECT_TRUE(checked->check().allowed());
    EXPECT_EQ(checked->check().binding_limit(), v1::VOUCHER_LIMIT_REQUESTED);
    EXPECT_EQ(checked->check().voucher_remaining_fen(), voucher.face_value_fen());
    // More than the voucher holds is refused, and the answer says how much would do.
    check.set_amount_fen(voucher.face_value_fen() + 1);
    auto too_much = client->CheckReservation(check);
    ASSERT_TRUE(too_much.ok()) << too_much.status();
    EXPECT_FALSE(too_much->check().allowed());
    EXPECT_EQ(too_much->check().max_allowed_fen(), voucher.face_value_fen());
    EXPECT_EQ(Show(voucher.id()).reserved_fen(), 0);

    // The hold, then the payment.
    auto reserved = client->ReserveVoucher(reserve);
    ASSERT_TRUE(reserved.ok()) << reserved.status();
    const v1::Reservation& reservation = reserved->reservation();
    EXPECT_EQ(reservation.state(), v1::RESERVATION_STATE_PENDING);
    EXPECT_EQ(reservation.amount_fen(), reserve.amount_fen());
    v1::GetVoucherResponse held = Show(voucher.id());
    EXPECT_EQ(held.reserved_fen(), reserve.amount_fen());
    EXPECT_EQ(held.remaining_fen(), voucher.face_value_fen() - reserve.amount_fen());

    v1::RedeemReservationRequest redeem;
    redeem.set_reservation_id(reservation.id());
    redeem.set_provider(provider);
    *redeem.mutable_evidence() = MakeEvidence(n, reserve.contract_amount_fen());
    auto redeemed = client->RedeemReservation(redeem);
    ASSERT_TRUE(redeemed.ok()) << redeemed.status();
    EXPECT_EQ(redeemed->reservation().state(), v1::RESERVATION_STATE_REDEEMED);
    const std::string payee = redeemed->reservation().payee_account();
    EXPECT_EQ(payee, "payable/provider/" + provider);

    // The money: fund → voucher → provider, nothing created or lost.
    v1::GetVoucherResponse after = Show(voucher.id());
    EXPECT_EQ(after.reserved_fen(), 0);
    EXPECT_EQ(after.remaining_fen(), voucher.face_value_fen() - reserve.amount_fen());
    EXPECT_EQ(Balance(city, payee), reserve.amount_fen());
    EXPECT_EQ(Balance(city, voucher.account()), after.remaining_fen());
    EXPECT_EQ(Balance(city, kFund) + Balance(city, voucher.account()) + Balance(city, payee),
              kFundFen);

    // History: the issue, the hold, and the hold posted.
    v1::ListVoucherHistoryRequest history_request;
    history_request.set_voucher_id(voucher.id());
    auto history = As(Bureau(city))->ListVoucherHistory(history_request);
    ASSERT_TRUE(history.ok()) << history.status();
    ASSERT_EQ(history->entries_size(), 3);
    EXPECT_EQ(history->entries(0).kind(), "voucher.issue");
    EXPECT_EQ(history->entries(1).type(), v1::ENTRY_TYPE_PENDING);
    EXPECT_EQ(history->entries(1).sequence(), reservation.hold_sequence());
    EXPECT_EQ(history->entries(2).type(), v1::ENTRY_TYPE_POST_PENDING);
    EXPECT_EQ(history->entries(2).target_sequence(), reservation.hold_sequence());

    // Each side sees its own: the holder its voucher, the provider its redemption.
    v1::ListVouchersByHolderRequest mine;
    mine.set_holder(enterprise);
    auto held_by = As("enterprise:" + city + ":" + enterprise)->ListVouchersByHolder(mine);
    ASSERT_TRUE(held_by.ok()) << held_by.status();
    ASSERT_EQ(held_by->vouchers_size(), 1);
    EXPECT_EQ(held_by->vouchers(0).id(), voucher.id());
    v1::ListRedemptionsByProviderRequest paid;
    paid.set_provider(provider);
    auto redemptions = client->ListRedemptionsByProvider(paid);
    ASSERT_TRUE(redemptions.ok()) << redemptions.status();
    ASSERT_EQ(redemptions->redemptions_size(), 1);
    EXPECT_EQ(redemptions->redemptions(0).id(), reservation.id());
    EXPECT_EQ(redemptions->redemptions(0).state(), v1::RESERVATION_STATE_REDEEMED);
  }
}

TEST_F(SdkVouchersE2eTest, AChangjiProviderIsPaidFromAnUrumqiVoucher) {
  const std::string enterprise = Enterprise("urumqi", 1);
  const std::string provider = Provider("changji", 2);
  const v1::Voucher voucher = Issue("urumqi", enterprise, kWan);  // ¥10k
  auto client = As(ProviderOf("changji", provider));
  auto reserved = client->ReserveVoucher(Reservation(voucher, provider, 600'000, 2'000'000));
  ASSERT_TRUE(reserved.ok()) << reserved.status();
  v1::RedeemReservationRequest redeem;
  redeem.set_reservation_id(reserved->reservation().id());
  redeem.set_provider(provider);
  *redeem.mutable_evidence() = MakeEvidence(1, 2'000'000);
  auto redeemed = client->RedeemReservation(redeem);
  ASSERT_TRUE(redeemed.ok()) << redeemed.status();
  EXPECT_EQ(redeemed->reservation().state(), v1::RESERVATION_STATE_REDEEMED);
  EXPECT_EQ(redeemed->reservation().provider_city(), "changji");
  // Urumqi owes Changji, which pays its provider: the payable is Urumqi's, to Changji.
  EXPECT_EQ(redeemed->reservation().payee_account(), "intercity/payable/changji");
  EXPECT_EQ(Balance("urumqi", "intercity/payable/changji"), 600'000);
  EXPECT_EQ(Show(voucher.id()).remaining_fen(), voucher.face_value_fen() - 600'000);
  EXPECT_EQ(Balance("urumqi", kFund) + Balance("urumqi", voucher.account()) +
                Balance("urumqi", "intercity/payable/changji"),
            kFundFen);
  // Changji's own vouchers fund saw none of it.
  EXPECT_EQ(Balance("changji", kFund), kFundFen);
  v1::ListRedemptionsByProviderRequest paid;
  paid.set_provider(provider);
  auto redemptions = client->ListRedemptionsByProvider(paid);
  ASSERT_TRUE(redemptions.ok()) << redemptions.status();
  ASSERT_EQ(redemptions->redemptions_size(), 1);
  EXPECT_EQ(redemptions->redemptions(0).voucher_id(), voucher.id());
}

// 64 clients at once, through the SDK, each reserving and redeeming ¥2k of one ¥10k voucher
// under its own contract: at most five can be paid, never more than the voucher holds, and
// once they are done fund + voucher + payables is still the fund's appropriation.
TEST_F(SdkVouchersE2eTest, SixtyFourClientsRedeemingOneVoucherNeverTakeMoreThanItHolds) {
  const std::string enterprise = Enterprise("changji", 1);
  std::vector<std::string> providers;
  for (int i = 0; i < 8; ++i) providers.push_back(Provider("changji", 10 + i));
  const v1::Voucher voucher = Issue("changji", enterprise, kWan);  // ¥10k
  constexpr int kClients = 64;
  std::vector<v1::ReserveVoucherRequest> reservations;
  std::vector<std::unique_ptr<Client>> clients;
  for (int i = 0; i < kClients; ++i) {
    const std::string& provider = providers[i % providers.size()];
    reservations.push_back(Reservation(voucher, provider, 200'000, 400'000));  // ¥2k of ¥4k
    clients.push_back(As(ProviderOf("changji", provider)));
  }
  std::atomic<int> redeemed{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < kClients; ++i) {
    threads.emplace_back([&, i] {
      auto reserved = clients[i]->ReserveVoucher(reservations[i]);
      if (!reserved.ok()) return;  // over the remaining value, or too many open holds
      v1::RedeemReservationRequest redeem;
      redeem.set_reservation_id(reserved->reservation().id());
      redeem.set_provider(reservations[i].provider());
      *redeem.mutable_evidence() = MakeEvidence(1000 + i, 400'000);
      if (clients[i]->RedeemReservation(redeem).ok()) ++redeemed;
    });
  }
  for (std::thread& thread : threads) thread.join();
  // A provider never paid has no payable account yet.
  int64_t paid = 0;
  for (const std::string& provider : providers) {
    v1::GetAccountRequest request;
    request.set_city("changji");
    request.set_account("payable/provider/" + provider);
    v1::GetAccountResponse response;
    grpc::Status status = daemon_->NewStub()->GetAccount(
        testing::NewContext("admin:changji:ops").get(), request, &response);
    if (status.error_code() == grpc::NOT_FOUND) continue;
    ASSERT_TRUE(status.ok()) << status.error_message();
    paid += response.account().posted_fen();
  }
  EXPECT_EQ(paid, int64_t{200'000} * redeemed.load());
  EXPECT_LE(paid, voucher.face_value_fen());
  EXPECT_GE(redeemed.load(), 1);
  EXPECT_EQ(Balance("changji", voucher.account()), voucher.face_value_fen() - paid);
  EXPECT_EQ(Balance("changji", kFund) + Balance("changji", voucher.account()) + paid, kFundFen);
}

TEST_F(SdkVouchersE2eTest, TheCommandLineRunsAVoucherFromRegistrationToRedemption) {
  const std::string city = "shihezi";
  const std::string enterprise = TestUscc(city, 7);
  const std::string provider = TestUscc(city, 8);
  int code = -1;
  std::string out = Cli(Bureau(city),
                        absl::StrCat("entity register --uscc=", enterprise,
                                     " --kind=enterprise --city=", city, " --name=石河子测试 --sme"),
                        &code);
  ASSERT_EQ(code, 0) << out;
  EXPECT_NE(out.find("kind: ENTITY_KIND_ENTERPRISE"), std::string::npos) << out;
  out = Cli(Bureau(city),
            absl::StrCat("entity register --uscc=", provider, " --kind=provider --city=", city,
                         " --name=检测中心"),
            &code);
  ASSERT_EQ(code, 0) << out;
  out = Cli(Bureau(city),
            absl::StrCat("provider register --uscc=", provider, " --category=testing --city=", city,
                         " --from=", absl::FormatCivilTime(ChinaToday() - 1),
                         " --to=", absl::FormatCivilTime(ChinaToday() + 1)),
            &code);
  ASSERT_EQ(code, 0) << out;
  out = Cli(Bureau(city),
            absl::StrCat("voucher issue --city=", city, " --year=", ChinaToday().year(),
                         " --holder=", enterprise, " --face_value_fen=500000"),
            &code);
  ASSERT_EQ(code, 0) << out;
  const std::string voucher = Field(out, "id");
  ASSERT_FALSE(voucher.empty()) << out;

  const std::string as_provider = ProviderOf(city, provider);
  const std::string reservation_flags =
      absl::StrCat("--voucher=", voucher, " --provider=", provider,
                   " --contract=HT-CLI --contract_amount_fen=800000 --category=testing "
                   "--amount_fen=400000");
  out = Cli(as_provider, "voucher check " + reservation_flags, &code);
  ASSERT_EQ(code, 0) << out;
  EXPECT_NE(out.find("allowed: true"), std::string::npos) << out;
  out = Cli(as_provider, "voucher reserve " + reservation_flags, &code);
  ASSERT_EQ(code, 0) << out;
  const std::string reservation = Field(out, "id");
  ASSERT_FALSE(reservation.empty()) << out;
  const v1::Evidence evidence = MakeEvidence(9, 800'000);
  const std::string redeem =
      absl::StrCat("voucher redeem --reservation=", reservation, " --provider=", provider,
                   " --invoice=", evidence.invoice_number(), " --invoice_amount_fen=800000",
                   " --contract_sha256=", evidence.contract_sha256(),
                   " --acceptance_sha256=", evidence.acceptance_sha256());
  out = Cli(as_provider, redeem + " --request_id=cli-redeem-1", &code);
  ASSERT_EQ(code, 0) << out;
  EXPECT_NE(out.find("state: RESERVATION_STATE_REDEEMED"), std::string::npos) << out;
  // The same request id again is the same answer, not a second payment.
  out = Cli(as_provider, redeem + " --request_id=cli-redeem-1", &code);
  EXPECT_EQ(code, 0) << out;
  // A new request for the same reservation is refused, with the server's reason: exit 1.
  out = Cli(as_provider, redeem, &code);
  EXPECT_EQ(code, 1) << out;
  EXPECT_NE(out.find("ALREADY_REDEEMED"), std::string::npos) << out;
  EXPECT_EQ(Balance(city, "payable/provider/" + provider), 400'000);

  out = Cli("auditor:zone:audit", "voucher show " + voucher, &code);
  ASSERT_EQ(code, 0) << out;
  EXPECT_NE(out.find("remaining_fen: 100000"), std::string::npos) << out;
  out = Cli(as_provider, "redemptions " + provider, &code);
  ASSERT_EQ(code, 0) << out;
  EXPECT_EQ(Field(out, "id"), reservation) << out;
  // A bad command line never reaches the node: exit 2.
  out = Cli(as_provider, "voucher reserve --voucher=" + voucher + " --amount_fen=12.5", &code);
  EXPECT_EQ(code, 2) << out;
}

TEST_F(SdkVouchersE2eTest, TheExampleReservesAndRedeems) {
  const std::string enterprise = Enterprise("changji", 1);
  const std::string provider = Provider("changji", 2);
  const v1::Voucher voucher = Issue("changji", enterprise, kWan);  // ¥10k
  const v1::Evidence evidence = MakeEvidence(1, 2'000'000);
  // ¥6k of a ¥20k contract.
  const std::string example = absl::StrCat(
      "innoledger_example_redeem_voucher ", daemon_->address(), " ",
      ProviderOf("changji", provider), " ", provider, " ", voucher.id(),
      " HT-EXAMPLE 2000000 600000 ", evidence.invoice_number(), " ", evidence.contract_sha256(),
      " ", evidence.acceptance_sha256());
  int code = -1;
  const std::string out = Run(example, &code);
  ASSERT_EQ(code, 0) << out;
  EXPECT_NE(out.find("(RESERVATION_STATE_REDEEMED)"), std::string::npos) << out;
  EXPECT_NE(out.find(absl::StrCat("400000 of ", kWan, " fen left")), std::string::npos) << out;
  EXPECT_EQ(Balance("changji", "payable/provider/" + provider), 600'000);
  // Run again, its reservation would take more than the contract's share: refused, exit 1.
  const std::string again = Run(example, &code);
  EXPECT_EQ(code, 1) << again;
  EXPECT_NE(again.find("reserve refused"), std::string::npos) << again;
  EXPECT_EQ(Balance("changji", "payable/provider/" + provider), 600'000);
}

class SdkRetryE2eTest : public SdkVouchersE2eTest {
 protected:
  // On a fixed port, so that a restarted daemon is where the client's retries look.
  void SetUp() override {
    port_ = testing::FreeLoopbackPort();
    StartDaemon({absl::StrCat("--listen=127.0.0.1:", port_)});
  }
  int port_ = 0;
};

TEST_F(SdkRetryE2eTest, ARedemptionRetriedAcrossASigkillPaysOnce) {
  const std::string enterprise = Enterprise("changji", 1);
  const std::string provider = Provider("changji", 2);
  const v1::Voucher voucher = Issue("changji", enterprise, 5 * kWan);  // ¥50k
  const std::string principal = ProviderOf("changji", provider);
  const std::string payee = "payable/provider/" + provider;
  std::vector<v1::Reservation> reservations;
  for (int i = 0; i < 2; ++i) {
    auto reserved = As(principal)->ReserveVoucher(Reservation(voucher, provider, 700'000, 2'000'000));
    ASSERT_TRUE(reserved.ok()) << reserved.status();
    reservations.push_back(reserved->reservation());
  }
  auto redeem = [&](int i, const std::string& request_id) {
    v1::RedeemReservationRequest request;
    request.set_request_id(request_id);
    request.set_reservation_id(reservations[i].id());
    request.set_provider(provider);
    *request.mutable_evidence() = MakeEvidence(i, 2'000'000);
    return request;
  };

  // 1. SIGKILL while a redemption is on its way: whether it became durable is unknown.
  //    Restarted, the client resubmits with the same request id and the reservation is paid
  //    exactly once, whichever side of the kill the write fell on.
  auto once = As(principal, /*max_attempts=*/1);
  auto in_flight = std::async(std::launch::async, [&] { return once->RedeemReservation(redeem(0, "redeem-0")); });
  absl::SleepFor(absl::Milliseconds(5));
  daemon_->Kill();
  (void)in_flight.get();
  ASSERT_TRUE(daemon_->Restart().ok());
  ASSERT_EQ(daemon_->port(), port_);
  auto resubmitted = As(principal)->RedeemReservation(redeem(0, "redeem-0"));
  ASSERT_TRUE(resubmitted.ok()) << resubmitted.status();
  EXPECT_EQ(resubmitted->reservation().state(), v1::RESERVATION_STATE_REDEEMED);
  EXPECT_EQ(Balance("changji", payee), 700'000);

  // 2. The node is down when the call starts; the SDK keeps retrying with the same request
  //    id while it comes back on the same port, and the call succeeds once, on its own.
  daemon_->Kill();
  auto patient = As(principal, /*max_attempts=*/40);
  auto retried = std::async(std::launch::async, [&] { return patient->RedeemReservation(redeem(1, "redeem-1")); });
  absl::SleepFor(absl::Seconds(1));
  ASSERT_TRUE(daemon_->Restart().ok());
  auto answer = retried.get();
  ASSERT_TRUE(answer.ok()) << answer.status();
  EXPECT_EQ(answer->reservation().state(), v1::RESERVATION_STATE_REDEEMED);
  // Sent again by hand with the same id: the first answer, no second payment.
  auto again = As(principal)->RedeemReservation(redeem(1, "redeem-1"));
  ASSERT_TRUE(again.ok()) << again.status();
  EXPECT_EQ(again->reservation().resolved_sequence(), answer->reservation().resolved_sequence());
  // A new request id for a paid reservation is refused.
  auto twice = As(principal)->RedeemReservation(redeem(1, "redeem-1-again"));
  EXPECT_EQ(ErrorReason(twice.status()), "ALREADY_REDEEMED") << twice.status();

  EXPECT_EQ(Balance("changji", payee), 2 * 700'000);
  v1::GetVoucherResponse after = Show(voucher.id());
  EXPECT_EQ(after.remaining_fen(), voucher.face_value_fen() - 2 * 700'000);
  EXPECT_EQ(after.reserved_fen(), 0);
  EXPECT_EQ(Balance("changji", kFund) + Balance("changji", voucher.account()) +
                Balance("changji", payee),
            kFundFen);
}

}  // namespace
}  // namespace innoledger
