#ifndef INNOLEDGER_SERVICES_VOUCHERS_CHECKS_H_
#define INNOLEDGER_SERVICES_VOUCHERS_CHECKS_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "innoledger/v1/registry.pb.h"
#include "innoledger/v1/vouchers.pb.h"
#include "services/registry/partition_view.h"
#include "services/vouchers/requests.h"

// The rules of a reservation, written once over a PartitionView: the reserve command runs
// them inside the issuing city's sequencer (atomic with its hold) and the dry run runs the
// same code over the last durable state, so the two can never disagree.
namespace innoledger::vouchers {

using registry::PartitionView;

// The four amounts a reservation must fit under.
struct ReservationLimits {
  int64_t voucher_remaining_fen = 0;         // what the voucher has not paid or promised
  int64_t contract_share_remaining_fen = 0;  // share of the contract not yet reserved
  int64_t claim_maximum_fen = 0;             // the programme's most per claim
  int64_t yearly_quota_remaining_fen = 0;    // what the holder may still use this year
};

// The smallest limit and which one it is (ties go to the first listed above), or
// REQUESTED with the requested amount when that fits under all of them.
struct Binding {
  int64_t max_allowed_fen = 0;
  v1::VoucherLimit limit = v1::VOUCHER_LIMIT_UNSPECIFIED;
};
Binding Bind(const ReservationLimits& limits, int64_t requested_fen);

// Everything a reservation needs to know, read and checked.
struct ReservationFacts {
  v1::Voucher voucher;
  v1::Entity holder;
  v1::Entity provider;
  std::string payee_account;  // provider payable, or the payable to the provider's city
  bool payee_open = false;
  int64_t contract_share_fen = 0;  // the whole share vouchers may pay of the contract
  ReservationLimits limits;
};

// The voucher's record; NOT_FOUND / VOUCHER_NOT_FOUND.
absl::StatusOr<v1::Voucher> LoadVoucher(const PartitionView& view, const std::string& id);
// The voucher may pay on `today`: not revoked, not expired, within its validity.
absl::Status CheckUsable(const v1::Voucher& voucher, absl::CivilDay today);
// The provider as the rules see it: read from `view` when it lives in that city (so the
// command sees the registry atomically), else the snapshot the caller read from its home
// city. PROVIDER_NOT_REGISTERED when it is not in the registry.
absl::StatusOr<v1::Entity> ResolveProvider(const PartitionView& view,
                                           const v1::Entity& snapshot);
// The holder of a voucher, from the issuing city's registry.
absl::StatusOr<v1::Entity> LoadHolder(const PartitionView& view, const std::string& holder);
// The provider is admitted for the category today (by any city's list).
absl::Status CheckAdmission(const v1::Entity& provider, v1::ServiceCategory category,
                            absl::CivilDay today);
// Neither party has a bad record, and they are not related parties.
absl::Status CheckDealing(const v1::Entity& holder, const v1::Entity& provider);

// The reservation's record; NOT_FOUND / RESERVATION_NOT_FOUND.
absl::StatusOr<v1::Reservation> LoadReservation(const PartitionView& view, const std::string& id);
// The voucher's holds still pending (its record lists some that expired or resolved since).
absl::StatusOr<std::vector<uint64_t>> PendingHolds(const PartitionView& view,
                                                   const v1::Voucher& voucher);
// What a reservation is now: a pending hold may have expired in the journal before its
// record was touched, so the hold's state decides.
absl::StatusOr<v1::ReservationState> StateOf(const PartitionView& view,
                                             const v1::Reservation& reservation);
// OK while the reservation is pending and its hold's time is not up; else ALREADY_REDEEMED,
// RESERVATION_RELEASED or RESERVATION_EXPIRED.
absl::Status CheckPending(const PartitionView& view, const v1::Reservation& reservation);

// Every rule of a reservation except that its amount fits; the limits it must fit under.
absl::StatusOr<ReservationFacts> CheckReservation(const PartitionView& view,
                                                  const v1::VoucherProgramme& programme,
                                                  const ReserveRequest& request,
                                                  const v1::Entity& provider_snapshot);
// OK when request.amount_fen fits every limit; else the error of the binding one.
absl::Status CheckAmount(const ReservationFacts& facts, const v1::VoucherProgramme& programme,
                         const ReserveRequest& request);

}  // namespace innoledger::vouchers

#endif  // INNOLEDGER_SERVICES_VOUCHERS_CHECKS_H_
