// Many providers on one voucher at once: the issuing city's sequencer serialises them, so
// the voucher never pays more than its value, and the ring-fenced money of every city is
// the same before and after.
#include <atomic>
#include <thread>
#include <vector>

#include "common/errors.h"
#include "gtest/gtest.h"
#include "services/vouchers/keys.h"
#include "services/vouchers/testing/voucher_fixture.h"

namespace innoledger::vouchers {
namespace {

using testing::kWan;

class ConcurrencyTest : public testing::VoucherTestBase {};

TEST_F(ConcurrencyTest, SixtyFourProvidersNeverTakeMoreThanTheVoucherHolds) {
  constexpr int kThreads = 64;
  constexpr int64_t kEachFen = 3 * kWan / 10;  // ¥3k; 64 × ¥3k = ¥192k against a ¥50k voucher
  const std::string holder = Enterprise("changji", 1);
  // Providers from all three cities: local and cross-city redemptions race together.
  std::vector<std::string> providers;
  for (int i = 0; i < 8; ++i) {
    providers.push_back(Provider(i % 3 == 0 ? "changji" : i % 3 == 1 ? "urumqi" : "shihezi",
                                 10 + i));
  }
  const v1::Voucher voucher = Issue("changji", holder, 5 * kWan);
  int64_t before[3];
  const std::string kCities[3] = {"urumqi", "changji", "shihezi"};
  for (int c = 0; c < 3; ++c) before[c] = Ringfenced(kCities[c]);

  std::atomic<int64_t> paid_fen{0};
  std::atomic<int> unexpected{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      const std::string& provider = providers[t % providers.size()];
      ReserveRequest request = Reservation(voucher.id(), provider, kEachFen, 2 * kWan);
      auto held = vouchers_->Reserve(AsProvider(provider), request);
      if (!held.ok()) {
        if (ErrorReason(held.status()) != "OVER_REMAINING_VALUE") ++unexpected;
        return;
      }
      auto redeemed = vouchers_->Redeem(AsProvider(provider),
                                        {held->id(), provider, MakeEvidence(1000 + t, 2 * kWan)});
      if (redeemed.ok()) {
        paid_fen += redeemed->amount_fen();
      } else {
        ++unexpected;
      }
    });
  }
  for (std::thread& thread : threads) thread.join();

  EXPECT_EQ(unexpected.load(), 0);
  // ¥50k / ¥3k: 16 redemptions of ¥3k fit, ¥2k is left that no ¥3k reservation can take.
  EXPECT_EQ(paid_fen.load(), 16 * kEachFen);
  auto details = reader_->Get(voucher.id());
  ASSERT_TRUE(details.ok());
  EXPECT_EQ(details->remaining_fen, 5 * kWan - 16 * kEachFen);
  EXPECT_EQ(details->reserved_fen, 0);
  EXPECT_EQ(Balance("changji", voucher.account()), 5 * kWan - 16 * kEachFen);
  int64_t payables = 0;
  for (const std::string& account : {ProviderPayable(providers[0]), ProviderPayable(providers[3]),
                                     ProviderPayable(providers[6]), IntercityPayable("urumqi"),
                                     IntercityPayable("shihezi")}) {
    auto state = ledger_->GetAccount("changji", account);
    if (state.ok() && state->has_value()) payables += (*state)->posted_fen;
  }
  EXPECT_EQ(payables, paid_fen.load());
  for (int c = 0; c < 3; ++c) EXPECT_EQ(Ringfenced(kCities[c]), before[c]) << kCities[c];
}

TEST_F(ConcurrencyTest, RacingRedemptionsOfOneReservationPayOnce) {
  const std::string holder = Enterprise("urumqi", 1);
  const std::string provider = Provider("shihezi", 2);
  const v1::Voucher voucher = Issue("urumqi", holder, 2 * kWan);
  const v1::Reservation held = Reserve(Reservation(voucher.id(), provider, kWan, 4 * kWan));
  std::atomic<int> paid{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 16; ++t) {
    // Half with the same evidence, half with evidence of their own; each its own request.
    threads.emplace_back([&, t] {
      auto redeemed = vouchers_->Redeem(
          AsProvider(provider), {held.id(), provider, MakeEvidence(t % 2 == 0 ? 1 : 100 + t, 4 * kWan)});
      if (redeemed.ok()) ++paid;
    });
  }
  for (std::thread& thread : threads) thread.join();
  EXPECT_EQ(paid.load(), 1);
  EXPECT_EQ(Balance("urumqi", IntercityPayable("shihezi")), kWan);
  EXPECT_EQ(Balance("urumqi", voucher.account()), kWan);
}

}  // namespace
}  // namespace innoledger::vouchers
