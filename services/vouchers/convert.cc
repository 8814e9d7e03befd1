#include "services/vouchers/convert.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "services/common/errors.h"
#include "services/ledger/page_token.h"
#include "services/vouchers/keys.h"
#include "storage/limits.h"

namespace innoledger::vouchers {
namespace {

using ledger_service::PageFilter;

ReserveRequest Reserve(const std::string& voucher_id, const std::string& provider,
                       const std::string& contract_id, int64_t contract_amount_fen,
                       v1::ServiceCategory category, int64_t amount_fen) {
  return {voucher_id, provider, contract_id, contract_amount_fen, category, amount_fen};
}

}  // namespace

ReserveRequest ToDomain(const v1::ReserveVoucherRequest& r) {
  ReserveRequest request = Reserve(r.voucher_id(), r.provider(), r.contract_id(),
                                   r.contract_amount_fen(), r.category(), r.amount_fen());
  // Out-of-range seconds become a negative duration, which the domain refuses.
  request.hold_timeout = r.hold_timeout_seconds() >= 0 &&
                                 r.hold_timeout_seconds() <= 366LL * 24 * 3600
                             ? absl::Seconds(r.hold_timeout_seconds())
                             : absl::Seconds(-1);
  return request;
}

ReserveRequest ToDomain(const v1::CheckReservationRequest& r) {
  return Reserve(r.voucher_id(), r.provider(), r.contract_id(), r.contract_amount_fen(),
                 r.category(), r.amount_fen());
}

IssueRequest ToDomain(const v1::IssueVoucherRequest& r) {
  return {r.city(), r.fiscal_year(), r.holder(), r.face_value_fen()};
}

RedeemRequest ToDomain(const v1::RedeemReservationRequest& r) {
  return {r.reservation_id(), r.provider(), r.evidence()};
}

ReleaseRequest ToDomain(const v1::ReleaseReservationRequest& r) {
  return {r.reservation_id(), r.provider(), r.reason()};
}

std::string CityOfVoucher(const std::string& voucher_id) {
  auto id = ParseVoucherId(voucher_id);
  return id ? id->city : "";
}

std::string CityOfReservation(const std::string& reservation_id) {
  auto id = ParseReservationId(reservation_id);
  return id ? id->voucher.city : "";
}

int PageSize(int32_t requested) {
  if (requested <= 0) return 100;
  return std::min<int32_t>(requested, storage::kMaxPageSize);
}

// A cursor's position: the city, a NUL, the last key read there (keys have no NUL).
std::string CursorToken(const std::string& list, const std::string& filter,
                        const std::optional<Cursor>& cursor) {
  if (!cursor) return "";
  return ledger_service::EncodePageToken(PageFilter{list, {filter}},
                                         absl::StrCat(cursor->city, std::string(1, '\0'),
                                                      cursor->after_key));
}

absl::StatusOr<std::optional<Cursor>> CursorFromToken(const std::string& list,
                                                      const std::string& filter,
                                                      const std::string& token) {
  auto position = ledger_service::DecodePageToken(token, PageFilter{list, {filter}});
  if (!position.ok()) return position.status();
  if (position->empty()) return std::nullopt;
  const size_t nul = position->find('\0');
  if (nul == std::string::npos) return services::errors::InvalidPageToken("no city in it");
  return Cursor{position->substr(0, nul), position->substr(nul + 1)};
}

std::string HistoryToken(const std::string& voucher_id, uint64_t next_after_sequence) {
  if (next_after_sequence == 0) return "";
  return ledger_service::EncodePageToken(PageFilter{"voucher_history", {voucher_id}},
                                         ledger_service::SequencePosition(next_after_sequence));
}

absl::StatusOr<uint64_t> HistoryFromToken(const std::string& voucher_id,
                                          const std::string& token) {
  auto position =
      ledger_service::DecodePageToken(token, PageFilter{"voucher_history", {voucher_id}});
  if (!position.ok()) return position.status();
  return ledger_service::ParseSequencePosition(*position);
}

}  // namespace innoledger::vouchers
