// 通用通兑 in the per-city set-up: three innoledgerd processes on loopback, one city each,
// each knowing the others as peers. A Changji provider, talking only to the Changji node,
// redeems an Urumqi voucher: the Changji node claims the evidence in Changji and forwards
// the redemption on the provider's behalf; the Urumqi node redeems and owes Changji. The
// answers are those of a local voucher, and evidence used once cannot pay again through
// any city.
#include <filesystem>
#include <fstream>
#include <map>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/time/clock.h"
#include "common/china_time.h"
#include "common/errors.h"
#include "gtest/gtest.h"
#include "innoledger/client.h"
#include "innoledger/v1/ledger.pb.h"
#include "innoledger/v1/registry.pb.h"
#include "innoledger/v1/vouchers.pb.h"
#include "services/registry/testing/registry_fixture.h"
#include "tests/support/daemon.h"
#include "tests/support/registrations.h"

namespace innoledger {
namespace {


const std::vector<std::string> kCities = {"urumqi", "changji", "shihezi"};
constexpr int64_t kFundFen = 100'000'000;  // 100万 in each city's voucher fund

class PerCityTest : public ::testing::Test {
 protected:
  // Starts the three nodes; under mTLS each presents its node certificate to its peers.
  void StartNodes(bool mtls) {
    mtls_ = mtls;
    settings_ = testing::MakeTempDir();
    if (mtls_) {
      ASSERT_TRUE(testing::MakeTestCertificates(settings_).ok());
    }
    const std::string programmes = settings_ + "/vouchers.textproto";
    std::ofstream(programmes) << testing::ThisYearsVoucherProgrammes(kCities);
    std::map<std::string, int> ports;
    for (const std::string& city : kCities) ports[city] = testing::FreeLoopbackPort();
    for (const std::string& city : kCities) {
      std::vector<std::string> peers;
      for (const std::string& other : kCities) {
        if (other != city) peers.push_back(absl::StrCat(other, "=127.0.0.1:", ports[other]));
      }
      testing::DaemonOptions options;
      options.cities = {city};
      options.metrics = false;
      if (mtls_) options.tls_dir = settings_;
      options.extra_flags = {absl::StrCat("--listen=127.0.0.1:", ports[city]),
                             "--vouchers=" + programmes, "--peers=" + absl::StrJoin(peers, ",")};
      auto daemon = testing::Daemon::Start(options);
      ASSERT_TRUE(daemon.ok()) << daemon.status();
      absl::Status funded = testing::Appropriate(
          mtls_ ? (*daemon)->ChannelAs(city + "-finance") : (*daemon)->channel(), city,
          "fund/vouchers", kFundFen);
      ASSERT_TRUE(funded.ok()) << funded;
      nodes_[city] = std::move(*daemon);
    }
  }
  void TearDown() override { std::filesystem::remove_all(settings_); }

  // An SDK client of `node`'s city acting as `principal` ("role:city:entity"): under mTLS
  // with a certificate naming it (made on first use).
  std::unique_ptr<Client> At(const std::string& node, const std::string& principal) {
    ClientOptions options;
    options.target = nodes_.at(node)->address();
    if (mtls_) {
      std::vector<std::string> parts = absl::StrSplit(principal, absl::MaxSplits(':', 2));
      const std::string name = absl::StrCat(parts[0], "-", parts[1], "-", parts[2]);
      if (!std::filesystem::exists(settings_ + "/" + name + ".crt")) {
        const std::string command = absl::StrCat(
            "bash ", std::getenv("INNOLEDGER_SOURCE_DIR"), "/deploy/certs/make-test-certs.sh ",
            settings_, " --one ", name, " innoledger://", parts[1], "/", parts[0], "/", parts[2],
            " >/dev/null");
        EXPECT_EQ(std::system(command.c_str()), 0) << command;
      }
      options.ca_file = settings_ + "/ca.crt";
      options.cert_file = settings_ + "/" + name + ".crt";
      options.key_file = settings_ + "/" + name + ".key";
    } else {
      options.insecure_dev_principal = principal;
    }
    auto client = Client::Connect(options);
    EXPECT_TRUE(client.ok()) << client.status();
    return client.ok() ? std::move(*client) : nullptr;
  }
  static std::string Bureau(const std::string& city) { return "bureau:" + city + ":science"; }

  // Registered by the city's bureau at the city's own node; a provider is admitted there
  // for testing services.
  std::string Register(const std::string& city, int n, v1::EntityKind kind) {
    v1::RegisterEntityRequest request = testing::TestEntityRegistration(city, n, kind);
    const v1::Entity& entity = request.entity();
    auto registered = At(city, Bureau(city))->RegisterEntity(request);
    EXPECT_TRUE(registered.ok()) << registered.status();
    if (kind == v1::ENTITY_KIND_PROVIDER) {
      v1::RegisterProviderRequest admission;
      v1::ProviderRegistration& registration = *admission.mutable_registration();
      registration.set_provider(entity.uscc());
      registration.set_category(v1::SERVICE_CATEGORY_TESTING);
      registration.set_city(city);
      const absl::CivilDay today = ChinaDay(absl::Now());
      registration.set_valid_from(absl::FormatCivilTime(today - 30));
      registration.set_valid_to(absl::FormatCivilTime(today + 30));
      auto admitted = At(city, Bureau(city))->RegisterProvider(admission);
      EXPECT_TRUE(admitted.ok()) << admitted.status();
    }
    return entity.uscc();
  }

  v1::Voucher Issue(const std::string& city, const std::string& holder) {
    v1::IssueVoucherRequest request;
    request.set_city(city);
    request.set_fiscal_year(FiscalYearOf(absl::Now()));
    request.set_holder(holder);
    request.set_face_value_fen(1'000'000);  // ¥10k
    auto issued = At(city, Bureau(city))->IssueVoucher(request);
    EXPECT_TRUE(issued.ok()) << issued.status();
    return issued.ok() ? issued->voucher() : v1::Voucher();
  }

  // The posted balance of `account` at `city`'s own node.
  int64_t Balance(const std::string& city, const std::string& account) {
    v1::GetAccountRequest request;
    request.set_city(city);
    request.set_account(account);
    v1::GetAccountResponse response;
    grpc::Status status = nodes_.at(city)->NewStub()->GetAccount(
        testing::NewContext(absl::StrCat("admin:", city, ":ops")).get(), request, &response);
    EXPECT_TRUE(status.ok()) << city << " " << account << ": " << status.error_message();
    return response.account().posted_fen();
  }

  bool mtls_ = false;
  // A Changji provider redeems an Urumqi voucher through the Changji node, and more.
  void RedeemAcrossNodes();

  std::string settings_;
  std::map<std::string, std::unique_ptr<testing::Daemon>> nodes_;
};

v1::RedeemReservationRequest Redemption(const std::string& reservation_id,
                                        const std::string& provider, int n) {
  v1::RedeemReservationRequest request;
  request.set_reservation_id(reservation_id);
  request.set_provider(provider);
  v1::Evidence* evidence = request.mutable_evidence();
  evidence->set_invoice_number(absl::StrCat("FP", 7700 + n));
  evidence->set_invoice_amount_fen(800'000);
  evidence->set_contract_sha256(absl::StrFormat("%064x", 0xc700 + n));
  evidence->set_acceptance_sha256(absl::StrFormat("%064x", 0xa700 + n));
  return request;
}

v1::ReserveVoucherRequest Reservation(const v1::Voucher& voucher, const std::string& provider,
                                      const std::string& contract) {
  v1::ReserveVoucherRequest request;
  request.set_voucher_id(voucher.id());
  request.set_provider(provider);
  request.set_contract_id(contract);
  request.set_contract_amount_fen(800'000);  // ¥8k: a voucher pays at most half, ¥4k
  request.set_category(v1::SERVICE_CATEGORY_TESTING);
  request.set_amount_fen(300'000);           // ¥3k
  return request;
}

TEST_F(PerCityTest, AChangjiProviderRedeemsAnUrumqiVoucherThroughItsOwnNode) {
  StartNodes(/*mtls=*/false);
  RedeemAcrossNodes();
}

// The same under mTLS: the nodes authenticate each other with their node certificates.
TEST_F(PerCityTest, AndUnderMtls) {
  StartNodes(/*mtls=*/true);
  RedeemAcrossNodes();
}

void PerCityTest::RedeemAcrossNodes() {
  const std::string holder = Register("urumqi", 1, v1::ENTITY_KIND_ENTERPRISE);
  const std::string shihezi_holder = Register("shihezi", 1, v1::ENTITY_KIND_ENTERPRISE);
  const std::string provider = Register("changji", 2, v1::ENTITY_KIND_PROVIDER);
  const v1::Voucher voucher = Issue("urumqi", holder);
  ASSERT_FALSE(voucher.id().empty());
  auto changji = At("changji", "provider:changji:" + provider);

  // The dry run and the reservation are the Urumqi node's answers, asked through Changji.
  v1::CheckReservationRequest check;
  check.set_voucher_id(voucher.id());
  check.set_provider(provider);
  check.set_contract_id("HT-1");
  check.set_contract_amount_fen(800'000);
  check.set_category(v1::SERVICE_CATEGORY_TESTING);
  check.set_amount_fen(600'000);
  auto checked = changji->CheckReservation(check);
  ASSERT_TRUE(checked.ok()) << checked.status();
  EXPECT_EQ(checked->check().max_allowed_fen(), 400'000);  // half of ¥8k
  EXPECT_EQ(checked->check().binding_limit(), v1::VOUCHER_LIMIT_CONTRACT_SHARE);
  auto reserved = changji->ReserveVoucher(Reservation(voucher, provider, "HT-1"));
  ASSERT_TRUE(reserved.ok()) << reserved.status();
  EXPECT_EQ(reserved->reservation().provider_city(), "changji");

  // Redeemed through Changji: Urumqi pays its voucher into what it owes Changji.
  v1::RedeemReservationRequest redeem = Redemption(reserved->reservation().id(), provider, 1);
  redeem.set_request_id("redeem-1");
  auto redeemed = changji->RedeemReservation(redeem);
  ASSERT_TRUE(redeemed.ok()) << redeemed.status();
  EXPECT_EQ(redeemed->reservation().state(), v1::RESERVATION_STATE_REDEEMED);
  EXPECT_EQ(Balance("urumqi", "intercity/payable/changji"), 300'000);
  EXPECT_EQ(Balance("urumqi", voucher.account()), 700'000);
  // A retry through Changji is the same answer, not a second payment.
  auto again = changji->RedeemReservation(redeem);
  ASSERT_TRUE(again.ok()) << again.status();
  EXPECT_EQ(again->reservation().resolved_sequence(), redeemed->reservation().resolved_sequence());
  EXPECT_EQ(Balance("urumqi", "intercity/payable/changji"), 300'000);

  // The same invoice and contract cannot pay again, through any city: Changji holds the
  // claim, so a Shihezi voucher is refused before Shihezi is asked.
  const v1::Voucher other = Issue("shihezi", shihezi_holder);
  auto second = changji->ReserveVoucher(Reservation(other, provider, "HT-2"));
  ASSERT_TRUE(second.ok()) << second.status();
  v1::RedeemReservationRequest reuse = Redemption(second->reservation().id(), provider, 1);
  reuse.set_request_id("redeem-2");
  auto refused = changji->RedeemReservation(reuse);
  EXPECT_FALSE(refused.ok());
  EXPECT_EQ(ErrorReason(refused.status()), "EVIDENCE_ALREADY_USED") << refused.status();
  EXPECT_EQ(Balance("shihezi", "intercity/payable/changji"), 0);

  // Asked of the Urumqi node directly, a cross-city redemption is refused: the evidence is
  // claimed at the provider's home node.
  auto urumqi = At("urumqi", "provider:changji:" + provider);
  auto third = changji->ReserveVoucher(Reservation(voucher, provider, "HT-3"));
  ASSERT_TRUE(third.ok()) << third.status();
  v1::RedeemReservationRequest direct = Redemption(third->reservation().id(), provider, 3);
  direct.set_request_id("redeem-3");
  auto wrong_node = urumqi->RedeemReservation(direct);
  EXPECT_EQ(ErrorReason(wrong_node.status()), "NOT_HOME_NODE") << wrong_node.status();
  EXPECT_EQ(Balance("urumqi", "intercity/payable/changji"), 300'000);
}

TEST_F(PerCityTest, ANodeForwardsOnlyItsOwnCitysCallers) {
  StartNodes(/*mtls=*/false);
  const std::string holder = Register("urumqi", 1, v1::ENTITY_KIND_ENTERPRISE);
  const std::string provider = Register("shihezi", 2, v1::ENTITY_KIND_PROVIDER);
  const v1::Voucher voucher = Issue("urumqi", holder);
  // A Shihezi provider's call that reaches the Changji node: Changji may not speak for it.
  auto misrouted = At("changji", "provider:shihezi:" + provider);
  v1::ReserveVoucherRequest request = Reservation(voucher, provider, "HT-9");
  request.set_request_id("misrouted");
  auto refused = misrouted->ReserveVoucher(request);
  EXPECT_EQ(refused.status().code(), absl::StatusCode::kPermissionDenied) << refused.status();
  EXPECT_EQ(ErrorReason(refused.status()), "ON_BEHALF_REFUSED");
  EXPECT_EQ(Balance("urumqi", voucher.account()), 1'000'000);
}

}  // namespace
}  // namespace innoledger
