#include "services/vouchers/testing/voucher_fixture.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "common/china_time.h"
#include "storage/limits.h"
#include "storage/sha256.h"

namespace innoledger::vouchers::testing {

std::string TestProgrammes() {
  std::string text;
  for (const char* city : {"urumqi", "changji", "shihezi"}) {
    const char* categories = std::string(city) == "shihezi"
                                 ? "SERVICE_CATEGORY_RESEARCH_DEVELOPMENT, SERVICE_CATEGORY_TESTING"
                                 : "SERVICE_CATEGORY_RESEARCH_DEVELOPMENT, "
                                   "SERVICE_CATEGORY_CONSULTING, SERVICE_CATEGORY_TESTING";
    absl::StrAppend(&text, "programme {\n", "  city: \"", city, "\"\n", "  fiscal_year: 2026\n",
                    "  fund_account: \"fund/vouchers\"\n",
                    "  face_values_fen: [500000, 1000000, 2000000, 5000000]\n",
                    "  yearly_quota_fen: 10000000\n", "  max_per_claim_fen: 2000000\n",
                    "  max_contract_share_bp: 5000\n", "  categories: [", categories, "]\n",
                    "  unspent_returns_to_fund: true\n", "  hold_timeout_seconds: ",
                    kHoldSeconds, "\n", "  require_sme: true\n", "}\n");
  }
  return text;
}

void VoucherTestBase::SetUp() {
  RegistryTestBase::SetUp();
  auto programmes = Programmes::Parse(TestProgrammes(), "test-programmes");
  ASSERT_TRUE(programmes.ok()) << programmes.status();
  programmes_ = *std::move(programmes);
  vouchers_ = std::make_unique<Vouchers>(*ledger_, programmes_,
                                         VouchersOptions{clock_.AsFunction()});
  reader_ = std::make_unique<VoucherReader>(*ledger_, clock_.AsFunction());
  for (const std::string& city : ledger_->cities()) {
    ASSERT_TRUE(vouchers_->OpenProgramme(Bureau(city), city, 2026).ok());
    storage::TransactionRequest open;
    open.kind = "test.open";
    open.open_accounts = {{"appropriation", storage::AccountType::kAppropriation}};
    ASSERT_TRUE(ledger_->SubmitAndWait(storage::testing::MakeWrite(
                    city, NextRequestId(), storage::MakeTransactCommand(open))).ok());
    ASSERT_TRUE(ledger_->SubmitAndWait(storage::testing::MakeWrite(
                    city, NextRequestId(),
                    storage::MakeTransactCommand(storage::testing::Transfer(
                        "appropriation", "fund/vouchers", kFundFen)))).ok());
  }
}

std::string VoucherTestBase::Enterprise(const std::string& city, int n) {
  return AddEntity(city, n, v1::ENTITY_KIND_ENTERPRISE);
}

std::string VoucherTestBase::Provider(const std::string& city, int n) {
  std::string uscc = AddEntity(city, n, v1::ENTITY_KIND_PROVIDER);
  for (auto category : {v1::SERVICE_CATEGORY_RESEARCH_DEVELOPMENT, v1::SERVICE_CATEGORY_CONSULTING,
                        v1::SERVICE_CATEGORY_TESTING}) {
    Admit(uscc, category, city);
  }
  return uscc;
}

v1::Voucher VoucherTestBase::Issue(const std::string& city, const std::string& holder,
                                   int64_t face_fen) {
  auto voucher = vouchers_->Issue(Bureau(city), {city, 2026, holder, face_fen});
  EXPECT_TRUE(voucher.ok()) << voucher.status();
  return voucher.ok() ? *voucher : v1::Voucher();
}

ReserveRequest VoucherTestBase::Reservation(const std::string& voucher_id,
                                            const std::string& provider, int64_t amount_fen,
                                            int64_t contract_fen) {
  static std::atomic<int> contracts{0};
  return {voucher_id, provider, absl::StrCat("HT-", ++contracts), contract_fen,
          v1::SERVICE_CATEGORY_TESTING, amount_fen};
}

v1::Reservation VoucherTestBase::Reserve(const ReserveRequest& request) {
  auto reservation = vouchers_->Reserve(AsProvider(request.provider), request);
  EXPECT_TRUE(reservation.ok()) << reservation.status();
  return reservation.ok() ? *reservation : v1::Reservation();
}

v1::Evidence VoucherTestBase::MakeEvidence(int n, int64_t invoice_fen) {
  v1::Evidence evidence;
  evidence.set_invoice_number(absl::StrCat("2665000000", 1000000000 + n));
  evidence.set_invoice_amount_fen(invoice_fen);
  evidence.set_contract_sha256(
      storage::DigestToHex(storage::Sha256({"contract ", absl::StrCat(n)})));
  evidence.set_acceptance_sha256(
      storage::DigestToHex(storage::Sha256({"acceptance ", absl::StrCat(n)})));
  return evidence;
}

v1::Reservation VoucherTestBase::Redeem(const v1::Reservation& reservation,
                                        const v1::Evidence& evidence) {
  auto redeemed = vouchers_->Redeem(AsProvider(reservation.provider()),
                                    {reservation.id(), reservation.provider(), evidence});
  EXPECT_TRUE(redeemed.ok()) << redeemed.status();
  return redeemed.ok() ? *redeemed : v1::Reservation();
}

int64_t VoucherTestBase::Ringfenced(const std::string& city) {
  int64_t total = 0;
  std::string after;
  while (true) {
    auto accounts = ledger_->ListAccounts(city, after, storage::kMaxPageSize);
    EXPECT_TRUE(accounts.ok()) << accounts.status();
    if (!accounts.ok() || accounts->empty()) return total;
    for (const storage::AccountState& account : *accounts) {
      switch (account.type) {
        case storage::AccountType::kFund:
        case storage::AccountType::kVoucherLiability:
        case storage::AccountType::kProviderPayable:
        case storage::AccountType::kIntercityPayable:
          total += account.posted_fen;
          break;
        default:
          break;
      }
    }
    after = accounts->back().id;
  }
}

int64_t VoucherTestBase::Balance(const std::string& city, const std::string& account) {
  auto state = ledger_->GetAccount(city, account);
  EXPECT_TRUE(state.ok() && state->has_value()) << city << " " << account;
  return state.ok() && state->has_value() ? (*state)->posted_fen : 0;
}

void VoucherTestBase::AdvanceTo(absl::CivilDay day) {
  absl::Time target = absl::FromCivil(absl::CivilSecond(day.year(), day.month(), day.day(), 0, 0, 1),
                                      ChinaTimeZone());
  ASSERT_GT(target, clock_.Now());
  clock_.Advance(target - clock_.Now());
}

void VoucherTestBase::AwaitExpired(const std::string& city, uint64_t hold_sequence) {
  for (int i = 0; i < 500; ++i) {
    auto state = ledger_->GetEntryState(city, hold_sequence);
    if (state.ok() && state->has_value() &&
        (*state)->status == storage::EntryStatus::kHoldExpired) {
      return;
    }
    absl::SleepFor(absl::Milliseconds(10));
  }
  FAIL() << "hold " << hold_sequence << " in " << city << " did not expire";
}

}  // namespace innoledger::vouchers::testing
