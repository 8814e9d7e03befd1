// The whole voucher lifecycle in each of the three cities, on a real ledger: issue, dry
// run, reserve, redeem locally and across cities, release, a hold that times out, the
// queries, expiry — with the ring-fenced money constant throughout.
#include <string>

#include "common/errors.h"
#include "gtest/gtest.h"
#include "services/vouchers/evidence.h"
#include "services/vouchers/keys.h"
#include "services/vouchers/testing/voucher_fixture.h"

namespace innoledger::vouchers {
namespace {

using testing::kWan;

class LifecycleTest : public testing::VoucherTestBase,
                      public ::testing::WithParamInterface<std::string> {
 protected:
  // The city after `city` in the zone, for a provider from elsewhere.
  static std::string Other(const std::string& city) {
    return city == "urumqi" ? "changji" : city == "changji" ? "shihezi" : "urumqi";
  }
  std::vector<storage::EntryType> HistoryTypes(const std::string& voucher_id) {
    auto history = reader_->History(voucher_id, 0, 100);
    EXPECT_TRUE(history.ok()) << history.status();
    std::vector<storage::EntryType> types;
    for (const auto& entry : history->entries) types.push_back(entry.type);
    return types;
  }
};

TEST_P(LifecycleTest, IssueReserveRedeemReleaseTimeOutAndExpire) {
  const std::string city = GetParam();
  const std::string holder = Enterprise(city, 1);
  const std::string local = Provider(city, 2);
  const std::string remote = Provider(Other(city), 3);
  const int64_t ringfenced = Ringfenced(city);

  // Issue: the fund pays ¥50k into the voucher's own liability account.
  v1::Voucher voucher = Issue(city, holder, 5 * kWan);
  EXPECT_EQ(voucher.id(), city + "-2026-000001");
  EXPECT_EQ(voucher.valid_until(), "2026-12-31");
  EXPECT_EQ(Balance(city, "fund/vouchers"), testing::kFundFen - 5 * kWan);
  EXPECT_EQ(Balance(city, VoucherAccount(voucher.id())), 5 * kWan);
  EXPECT_EQ(Issue(city, holder, kWan).id(), city + "-2026-000002");

  // Dry run: which limit binds, and nothing written.
  const storage::Head head = *ledger_->GetHead(city);
  ReserveRequest ask = Reservation(voucher.id(), local, 3 * kWan / 2, 4 * kWan);
  auto check = vouchers_->DryRun(ask);
  ASSERT_TRUE(check.ok()) << check.status();
  EXPECT_TRUE(check->allowed());
  EXPECT_EQ(check->binding_limit(), v1::VOUCHER_LIMIT_REQUESTED);
  EXPECT_EQ(check->max_allowed_fen(), 2 * kWan);  // the claim maximum; the share is also 2万
  ask.amount_fen = 3 * kWan;
  check = vouchers_->DryRun(ask);
  EXPECT_FALSE(check->allowed());
  EXPECT_EQ(check->binding_limit(), v1::VOUCHER_LIMIT_CONTRACT_SHARE);  // tie: share first
  ask.contract_amount_fen = 10 * kWan;
  check = vouchers_->DryRun(ask);
  EXPECT_EQ(check->binding_limit(), v1::VOUCHER_LIMIT_CLAIM_MAXIMUM);
  EXPECT_EQ(check->max_allowed_fen(), 2 * kWan);
  EXPECT_EQ(check->voucher_remaining_fen(), 5 * kWan);
  EXPECT_EQ(check->yearly_quota_remaining_fen(), 10 * kWan);
  EXPECT_EQ(ledger_->GetHead(city)->sequence, head.sequence);

  // Reserve ¥15k against a ¥40k contract with the local provider, and redeem it.
  v1::Reservation first = Reserve(Reservation(voucher.id(), local, 3 * kWan / 2, 4 * kWan));
  EXPECT_EQ(first.state(), v1::RESERVATION_STATE_PENDING);
  EXPECT_EQ(first.payee_account(), ProviderPayable(local));
  EXPECT_EQ(reader_->Get(voucher.id())->remaining_fen, 5 * kWan - 3 * kWan / 2);
  v1::Reservation redeemed = Redeem(first, MakeEvidence(1, 4 * kWan));
  EXPECT_EQ(redeemed.state(), v1::RESERVATION_STATE_REDEEMED);
  EXPECT_EQ(Balance(city, ProviderPayable(local)), 3 * kWan / 2);

  // A provider of another city: the issuing city owes the provider's city.
  v1::Reservation cross = Reserve(Reservation(voucher.id(), remote, kWan, 2 * kWan));
  EXPECT_EQ(cross.payee_account(), IntercityPayable(Other(city)));
  EXPECT_EQ(cross.provider_city(), Other(city));
  Redeem(cross, MakeEvidence(2, 2 * kWan));
  EXPECT_EQ(Balance(city, IntercityPayable(Other(city))), kWan);
  // The evidence is claimed in the provider's home city too.
  EXPECT_TRUE(ledger_->GetRecord(Other(city), EvidenceKey(InvoiceEvidence(
                                                  MakeEvidence(2).invoice_number())))->has_value());

  // Release one; let another time out.
  v1::Reservation released = Reserve(Reservation(voucher.id(), local, kWan / 2));
  auto release = vouchers_->Release(AsProvider(local), {released.id(), local, "contract cancelled"});
  ASSERT_TRUE(release.ok()) << release.status();
  EXPECT_EQ(release->state(), v1::RESERVATION_STATE_RELEASED);
  v1::Reservation lapsing = Reserve(Reservation(voucher.id(), local, kWan / 2));
  clock_.Advance(absl::Seconds(testing::kHoldSeconds + 1));
  AwaitExpired(city, lapsing.hold_sequence());

  // The voucher and its history.
  auto details = reader_->Get(voucher.id());
  ASSERT_TRUE(details.ok()) << details.status();
  EXPECT_EQ(details->remaining_fen, 5 * kWan - 3 * kWan / 2 - kWan);
  EXPECT_EQ(details->reserved_fen, 0);
  ASSERT_EQ(details->reservations.size(), 4u);
  EXPECT_EQ(details->reservations[0].state(), v1::RESERVATION_STATE_REDEEMED);
  EXPECT_EQ(details->reservations[1].state(), v1::RESERVATION_STATE_REDEEMED);
  EXPECT_EQ(details->reservations[2].state(), v1::RESERVATION_STATE_RELEASED);
  EXPECT_EQ(details->reservations[3].state(), v1::RESERVATION_STATE_EXPIRED);
  using T = storage::EntryType;
  EXPECT_EQ(HistoryTypes(voucher.id()),
            (std::vector<T>{T::kPosted, T::kPending, T::kPostPending, T::kPending,
                            T::kPostPending, T::kPending, T::kVoidPending, T::kPending,
                            T::kExpirePending}));

  // Lists: the holder's vouchers, each provider's redemptions (the remote one's too).
  auto by_holder = reader_->ByHolder(holder, std::nullopt, 1);
  ASSERT_TRUE(by_holder.ok()) << by_holder.status();
  ASSERT_EQ(by_holder->items.size(), 1u);
  EXPECT_EQ(by_holder->items[0].id(), voucher.id());
  by_holder = reader_->ByHolder(holder, by_holder->next, 10);
  ASSERT_EQ(by_holder->items.size(), 1u);
  EXPECT_EQ(by_holder->items[0].id(), city + "-2026-000002");
  auto by_provider = reader_->RedemptionsByProvider(remote, std::nullopt, 10);
  ASSERT_TRUE(by_provider.ok());
  ASSERT_EQ(by_provider->items.size(), 1u);
  EXPECT_EQ(by_provider->items[0].evidence().invoice_number(), MakeEvidence(2).invoice_number());

  // Expiry after the fiscal year: what remains goes back to the fund.
  AdvanceTo(absl::CivilDay(2027, 1, 1));
  auto expired = vouchers_->Expire(Bureau(city), voucher.id());
  ASSERT_TRUE(expired.ok()) << expired.status();
  EXPECT_EQ(expired->state(), v1::VOUCHER_STATE_EXPIRED);
  EXPECT_EQ(expired->returned_fen(), 5 * kWan - 3 * kWan / 2 - kWan);
  EXPECT_EQ(Balance(city, VoucherAccount(voucher.id())), 0);
  auto swept = vouchers_->ExpireDue("bureau:" + city + ":ops", city, 2026);
  ASSERT_TRUE(swept.ok()) << swept.status();
  EXPECT_EQ(*swept, 1);  // the second voucher
  EXPECT_EQ(*vouchers_->ExpireDue("bureau:" + city + ":ops", city, 2026), 0);

  EXPECT_EQ(Ringfenced(city), ringfenced);
  EXPECT_EQ(Balance(city, "fund/vouchers"), testing::kFundFen - 3 * kWan / 2 - kWan);
  auto verified = ledger_->Verify(city, 0, 0);
  EXPECT_TRUE(verified.ok()) << verified.status();
}

INSTANTIATE_TEST_SUITE_P(EachCity, LifecycleTest,
                         ::testing::Values("urumqi", "changji", "shihezi"),
                         [](const auto& info) { return info.param; });

class VoucherTest : public testing::VoucherTestBase {};

TEST_F(VoucherTest, ARevokedVoucherReleasesItsHoldsAndReturnsItsValue) {
  const std::string holder = Enterprise("changji", 1);
  const std::string provider = Provider("urumqi", 2);
  v1::Voucher voucher = Issue("changji", holder, 2 * kWan);
  v1::Reservation held = Reserve(Reservation(voucher.id(), provider, kWan));
  auto revoked = vouchers_->Revoke(Bureau("changji"), voucher.id(), "虚假合同 (false contract)");
  ASSERT_TRUE(revoked.ok()) << revoked.status();
  EXPECT_EQ(revoked->state(), v1::VOUCHER_STATE_REVOKED);
  EXPECT_EQ(revoked->returned_fen(), 2 * kWan);
  EXPECT_EQ(Balance("changji", "fund/vouchers"), testing::kFundFen);
  EXPECT_EQ(reader_->Get(voucher.id())->reservations[0].state(), v1::RESERVATION_STATE_RELEASED);
  auto redeem = vouchers_->Redeem(AsProvider(provider), {held.id(), provider, MakeEvidence(1)});
  EXPECT_EQ(ErrorReason(redeem.status()), "VOUCHER_REVOKED");
}

TEST_F(VoucherTest, ARetriedRedemptionPaysOnce) {
  const std::string holder = Enterprise("shihezi", 1);
  const std::string provider = Provider("urumqi", 2);
  v1::Voucher voucher = Issue("shihezi", holder, 2 * kWan);
  v1::Reservation held = Reserve(Reservation(voucher.id(), provider, kWan));
  Caller caller = AsProvider(provider);
  RedeemRequest request{held.id(), provider, MakeEvidence(1)};
  auto first = vouchers_->Redeem(caller, request);
  ASSERT_TRUE(first.ok()) << first.status();
  auto retry = vouchers_->Redeem(caller, request);
  ASSERT_TRUE(retry.ok()) << retry.status();
  EXPECT_EQ(retry->resolved_sequence(), first->resolved_sequence());
  EXPECT_EQ(Balance("shihezi", IntercityPayable("urumqi")), kWan);
}

TEST_F(VoucherTest, AClaimLeftByAReservationThatCanNeverRedeemIsTakenOver) {
  // A provider of Urumqi reserves on a Changji voucher and claims the evidence at home, but
  // the redemption never reaches Changji (say the node died); the hold then times out.
  const std::string holder = Enterprise("changji", 1);
  const std::string provider = Provider("urumqi", 2);
  v1::Voucher voucher = Issue("changji", holder, 2 * kWan);
  v1::Reservation abandoned = Reserve(Reservation(voucher.id(), provider, kWan));
  v1::Evidence evidence = MakeEvidence(7);
  Claimant lost{abandoned.id(), RequestDigest("provider:zone:x", "lost")};
  ASSERT_TRUE(ledger_->SubmitAndWait({"urumqi", "provider:zone:x", "lost/claim",
                                      MakeClaimEvidenceCommand(EvidenceOf(evidence), lost, {})})
                  .ok());
  v1::Reservation next = Reserve(Reservation(voucher.id(), provider, kWan / 2));
  auto refused = vouchers_->Redeem(AsProvider(provider), {next.id(), provider, evidence});
  EXPECT_EQ(ErrorReason(refused.status()), "EVIDENCE_ALREADY_USED");
  ASSERT_TRUE(vouchers_->Release(Bureau("changji"), {abandoned.id(), "", "never redeemed"}).ok());
  auto redeemed = vouchers_->Redeem(AsProvider(provider), {next.id(), provider, evidence});
  ASSERT_TRUE(redeemed.ok()) << redeemed.status();
}

}  // namespace
}  // namespace innoledger::vouchers
