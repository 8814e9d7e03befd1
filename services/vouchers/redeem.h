#ifndef INNOLEDGER_SERVICES_VOUCHERS_REDEEM_H_
#define INNOLEDGER_SERVICES_VOUCHERS_REDEEM_H_

#include <memory>

#include "absl/status/statusor.h"
#include "innoledger/v1/registry.pb.h"
#include "innoledger/v1/vouchers.pb.h"
#include "services/registry/partition_view.h"
#include "services/vouchers/evidence.h"
#include "services/vouchers/requests.h"
#include "storage/command.h"

namespace innoledger::vouchers {

struct RedemptionFacts {
  v1::Reservation reservation;
  v1::Voucher voucher;
};

// Every rule of a redemption over a view of the issuing city: the reservation exists and is
// the provider's, still pending; the voucher is neither revoked nor expired; neither party
// has a bad record nor are they related; the invoice's share covers the amount reserved;
// no other claimant holds the evidence here (unless one in `stale`). Run by the
// command and, first, over the last durable state so that most refusals write nothing at
// all (not even a claim in the provider's city).
absl::StatusOr<RedemptionFacts> CheckRedemption(const registry::PartitionView& view,
                                                const v1::VoucherProgramme& programme,
                                                const RedeemRequest& request,
                                                const v1::Entity& provider_snapshot,
                                                const Claimant& me, const Reservations& stale);

// Redeems in the issuing city: the checks above, the evidence taken in this partition, and
// the hold posted — value moves from the voucher into the payee, the evidence goes into the
// posting entry's memo (so it is on the hash chain). Outcome body: the v1::Reservation.
std::unique_ptr<storage::Command> MakeRedeemCommand(const v1::VoucherProgramme& programme,
                                                    RedeemRequest request, v1::Entity provider,
                                                    Claimant me, Reservations stale);

}  // namespace innoledger::vouchers

#endif  // INNOLEDGER_SERVICES_VOUCHERS_REDEEM_H_
