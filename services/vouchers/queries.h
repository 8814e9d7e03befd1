#ifndef INNOLEDGER_SERVICES_VOUCHERS_QUERIES_H_
#define INNOLEDGER_SERVICES_VOUCHERS_QUERIES_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "innoledger/v1/vouchers.pb.h"
#include "storage/ledger.h"

// Reads of the voucher domain, over the last durable state. Each is a point read or an
// index walk (O(log n + page)); lists that span cities walk them in configured order.
namespace innoledger::vouchers {

struct VoucherDetails {
  v1::Voucher voucher;
  int64_t remaining_fen = 0;  // neither paid nor promised to a pending reservation
  int64_t reserved_fen = 0;   // promised to pending reservations
  // Its reservations in the order they were made, states as they are now (a hold may
  // have timed out), at most storage::kMaxPageSize of them.
  std::vector<v1::Reservation> reservations;
};

// Where a list walk stopped: the city and the last key read there. The gRPC edge wraps it
// in an opaque page token bound to the filter.
struct Cursor {
  std::string city;
  std::string after_key;
};

template <typename Item>
struct Page {
  std::vector<Item> items;
  std::optional<Cursor> next;  // nullopt: no more
};

class VoucherReader {
 public:
  explicit VoucherReader(const storage::Ledger& ledger,
                         std::function<absl::Time()> clock = [] { return absl::Now(); })
      : ledger_(ledger), clock_(std::move(clock)) {}

  // VOUCHER_NOT_FOUND, or INVALID_REQUEST for an id that is not one.
  absl::StatusOr<VoucherDetails> Get(const std::string& voucher_id) const;
  // Every journal entry about the voucher, in order: issue, holds, redemptions, releases,
  // hold expiries, expiry or revocation. `limit` within 1..kMaxPageSize.
  absl::StatusOr<storage::EntryPage> History(const std::string& voucher_id,
                                             uint64_t after_sequence, int limit) const;
  // The holder's vouchers, city by city, in id order.
  absl::StatusOr<Page<v1::Voucher>> ByHolder(const std::string& holder,
                                             const std::optional<Cursor>& cursor,
                                             int limit) const;
  // The provider's redemptions in every issuing city, city by city.
  absl::StatusOr<Page<v1::Reservation>> RedemptionsByProvider(
      const std::string& provider, const std::optional<Cursor>& cursor, int limit) const;

 private:
  // Walks index `prefix` across cities from `cursor`, reading each entry's record with
  // `load` (index value → record bytes key).
  absl::StatusOr<Page<std::string>> Walk(const std::string& prefix,
                                         const std::optional<Cursor>& cursor, int limit,
                                         const std::function<std::string(const std::string&)>&
                                             record_key) const;

  const storage::Ledger& ledger_;
  std::function<absl::Time()> clock_;
};

}  // namespace innoledger::vouchers

#endif  // INNOLEDGER_SERVICES_VOUCHERS_QUERIES_H_
