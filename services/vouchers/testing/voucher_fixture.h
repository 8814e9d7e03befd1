#ifndef INNOLEDGER_SERVICES_VOUCHERS_TESTING_VOUCHER_FIXTURE_H_
#define INNOLEDGER_SERVICES_VOUCHERS_TESTING_VOUCHER_FIXTURE_H_

#include <cstdint>
#include <memory>
#include <string>

#include "services/registry/testing/registry_fixture.h"
#include "services/vouchers/queries.h"
#include "services/vouchers/vouchers.h"

namespace innoledger::vouchers::testing {

inline constexpr int64_t kWan = 1'000'000;           // 1万元 in fen
inline constexpr int64_t kFundFen = 100 * kWan;      // ¥1,000,000 in each city's fund
inline constexpr int kHoldSeconds = 3600;

// Programmes of the tests, the same shape as deploy/vouchers but fixed here so that a
// change of settings does not change what the tests mean. Shihezi's does not pay for
// consulting.
std::string TestProgrammes();

// Three cities with funded voucher programmes, a registry, the voucher domain and its
// reader, on the fake clock (2026-03-01 18:00 China time).
class VoucherTestBase : public registry::testing::RegistryTestBase {
 protected:
  void SetUp() override;

  Caller Bureau(const std::string& city) { return {"bureau:" + city + ":ops", NextRequestId()}; }
  Caller AsProvider(const std::string& uscc) { return {"provider:zone:" + uscc, NextRequestId()}; }

  // An S&T SME of `city` / a provider of `city` admitted by its city for every category.
  std::string Enterprise(const std::string& city, int n);
  std::string Provider(const std::string& city, int n);

  v1::Voucher Issue(const std::string& city, const std::string& holder, int64_t face_fen);
  ReserveRequest Reservation(const std::string& voucher_id, const std::string& provider,
                             int64_t amount_fen, int64_t contract_fen = 10 * kWan);
  v1::Reservation Reserve(const ReserveRequest& request);
  // Distinct evidence for each n; the invoice is for `invoice_fen`.
  static v1::Evidence MakeEvidence(int n, int64_t invoice_fen = 10 * kWan);
  v1::Reservation Redeem(const v1::Reservation& reservation, const v1::Evidence& evidence);

  // Fund, voucher liabilities, provider payables and payables to other cities of `city`:
  // voucher operations move value among them and never in or out.
  int64_t Ringfenced(const std::string& city);
  int64_t Balance(const std::string& city, const std::string& account);
  // Moves the fake clock to `day` 00:00:01 China time (forward only).
  void AdvanceTo(absl::CivilDay day);
  // Waits until the sequencer's sweep has expired the hold.
  void AwaitExpired(const std::string& city, uint64_t hold_sequence);

  Programmes programmes_;
  std::unique_ptr<Vouchers> vouchers_;
  std::unique_ptr<VoucherReader> reader_;
};

}  // namespace innoledger::vouchers::testing

#endif  // INNOLEDGER_SERVICES_VOUCHERS_TESTING_VOUCHER_FIXTURE_H_
