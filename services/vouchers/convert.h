#ifndef INNOLEDGER_SERVICES_VOUCHERS_CONVERT_H_
#define INNOLEDGER_SERVICES_VOUCHERS_CONVERT_H_

#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "innoledger/v1/vouchers.pb.h"
#include "services/vouchers/queries.h"
#include "services/vouchers/requests.h"

// proto ↔ domain for the vouchers' RPCs, and nothing else: no gRPC types, no I/O.
namespace innoledger::vouchers {

ReserveRequest ToDomain(const v1::ReserveVoucherRequest& request);
ReserveRequest ToDomain(const v1::CheckReservationRequest& request);
IssueRequest ToDomain(const v1::IssueVoucherRequest& request);
RedeemRequest ToDomain(const v1::RedeemReservationRequest& request);
ReleaseRequest ToDomain(const v1::ReleaseReservationRequest& request);

// The issuing city a voucher or reservation id names; "" when it names none (the domain
// then refuses the id).
std::string CityOfVoucher(const std::string& voucher_id);
std::string CityOfReservation(const std::string& reservation_id);

// 0 → 100; above 1000 → 1000 (as the ledger's lists).
int PageSize(int32_t requested);

// Opaque page tokens bound to their list and filter (services/ledger/page_token.h).
// Cross-city lists carry a Cursor; the history carries a sequence.
std::string CursorToken(const std::string& list, const std::string& filter,
                        const std::optional<Cursor>& cursor);
absl::StatusOr<std::optional<Cursor>> CursorFromToken(const std::string& list,
                                                      const std::string& filter,
                                                      const std::string& token);
std::string HistoryToken(const std::string& voucher_id, uint64_t next_after_sequence);
absl::StatusOr<uint64_t> HistoryFromToken(const std::string& voucher_id,
                                          const std::string& token);

}  // namespace innoledger::vouchers

#endif  // INNOLEDGER_SERVICES_VOUCHERS_CONVERT_H_
