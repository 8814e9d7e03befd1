#include "services/vouchers/queries.h"

#include <algorithm>

#include "absl/strings/match.h"
#include "common/status_macros.h"
#include "services/registry/partition_view.h"
#include "common/uscc.h"
#include "services/vouchers/checks.h"
#include "services/vouchers/errors.h"
#include "services/vouchers/keys.h"
#include "storage/errors.h"
#include "storage/limits.h"

namespace innoledger::vouchers {
namespace {

template <typename Message>
absl::StatusOr<Page<Message>> Parse(Page<std::string> raw) {
  Page<Message> page;
  page.next = std::move(raw.next);
  for (const std::string& bytes : raw.items) {
    if (!page.items.emplace_back().ParseFromString(bytes)) {
      return storage::errors::Corrupt("a voucher record does not parse");
    }
  }
  return page;
}

absl::Status ValidateLimit(int limit) {
  if (limit < 1 || limit > storage::kMaxPageSize) {
    return errors::InvalidField("limit", "must be within 1..1000");
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<VoucherDetails> VoucherReader::Get(const std::string& voucher_id) const {
  auto id = ParseVoucherId(voucher_id);
  if (!id) return errors::InvalidField("voucher_id", "is not <city>-<fiscal year>-<number>");
  registry::LedgerView view(ledger_, id->city, clock_());
  VoucherDetails details;
  ASSIGN_OR_RETURN(details.voucher, LoadVoucher(view, voucher_id));
  ASSIGN_OR_RETURN(auto account, view.GetAccount(details.voucher.account()));
  if (!account) return storage::errors::Corrupt("a voucher's account is not open");
  details.remaining_fen = account->available_fen();
  details.reserved_fen = account->pending_out_fen;
  ASSIGN_OR_RETURN(auto records, ledger_.ListRecords(id->city, ReservationPrefix(voucher_id), "",
                                                     storage::kMaxPageSize));
  for (const auto& [key, bytes] : records) {
    v1::Reservation& reservation = details.reservations.emplace_back();
    if (!reservation.ParseFromString(bytes)) return storage::errors::Corrupt(key);
    ASSIGN_OR_RETURN(v1::ReservationState state, StateOf(view, reservation));
    reservation.set_state(state);
  }
  return details;
}

absl::StatusOr<storage::EntryPage> VoucherReader::History(const std::string& voucher_id,
                                                          uint64_t after_sequence,
                                                          int limit) const {
  auto id = ParseVoucherId(voucher_id);
  if (!id) return errors::InvalidField("voucher_id", "is not <city>-<fiscal year>-<number>");
  RETURN_IF_ERROR(ValidateLimit(limit));
  // Every entry about a voucher names it: the issue, the holds, and the entries that post,
  // void or expire a hold (they copy the hold's references), and the closing.
  return ledger_.ListByReference(id->city, "voucher", voucher_id, after_sequence, limit);
}

absl::StatusOr<Page<v1::Voucher>> VoucherReader::ByHolder(const std::string& holder,
                                                          const std::optional<Cursor>& cursor,
                                                          int limit) const {
  RETURN_IF_ERROR(ValidateUscc(holder));
  ASSIGN_OR_RETURN(Page<std::string> raw,
                   Walk(HolderIndexPrefix(holder), cursor, limit,
                        [](const std::string& voucher_id) { return VoucherKey(voucher_id); }));
  return Parse<v1::Voucher>(std::move(raw));
}

absl::StatusOr<Page<v1::Reservation>> VoucherReader::RedemptionsByProvider(
    const std::string& provider, const std::optional<Cursor>& cursor, int limit) const {
  RETURN_IF_ERROR(ValidateUscc(provider));
  ASSIGN_OR_RETURN(Page<std::string> raw,
                   Walk(ProviderIndexPrefix(provider), cursor, limit,
                        [](const std::string& reservation_id) {
                          auto id = ParseReservationId(reservation_id);
                          return id ? ReservationKey(id->voucher_id, id->hold_sequence) : "";
                        }));
  return Parse<v1::Reservation>(std::move(raw));
}

absl::StatusOr<Page<std::string>> VoucherReader::Walk(
    const std::string& prefix, const std::optional<Cursor>& cursor, int limit,
    const std::function<std::string(const std::string&)>& record_key) const {
  RETURN_IF_ERROR(ValidateLimit(limit));
  const std::vector<std::string> cities = ledger_.cities();
  auto city = cities.begin();
  std::string after;
  if (cursor) {
    city = std::find(cities.begin(), cities.end(), cursor->city);
    if (city == cities.end() || !absl::StartsWith(cursor->after_key, prefix)) {
      return errors::InvalidField("page", "the cursor belongs to another list");
    }
    after = cursor->after_key;
  }
  Page<std::string> page;
  for (; city != cities.end(); ++city, after.clear()) {
    const int wanted = limit - static_cast<int>(page.items.size());
    ASSIGN_OR_RETURN(auto entries, ledger_.ListRecords(*city, prefix, after, wanted));
    for (const auto& [key, value] : entries) {
      ASSIGN_OR_RETURN(auto record, ledger_.GetRecord(*city, record_key(value)));
      if (!record) return storage::errors::Corrupt("an index names no record");
      page.items.push_back(*std::move(record));
      if (static_cast<int>(page.items.size()) == limit) {
        page.next = Cursor{*city, key};
        return page;
      }
    }
  }
  return page;
}

}  // namespace innoledger::vouchers
