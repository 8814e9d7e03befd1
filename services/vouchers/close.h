#ifndef INNOLEDGER_SERVICES_VOUCHERS_CLOSE_H_
#define INNOLEDGER_SERVICES_VOUCHERS_CLOSE_H_

#include <memory>
#include <string>

#include "innoledger/v1/vouchers.pb.h"
#include "services/vouchers/requests.h"
#include "storage/command.h"

// Ending things in the issuing city: a reservation released, a voucher expired or revoked.
namespace innoledger::vouchers {

// Voids a pending reservation's hold (its value, contract share and yearly use come back).
// The provider may release its own; the bureau (empty provider) any. Outcome body: the
// v1::Reservation.
std::unique_ptr<storage::Command> MakeReleaseCommand(ReleaseRequest request);

// After its last valid day: releases the voucher's pending holds and moves what remains to
// the fund (or the programme's lapse account). VOUCHER_STILL_VALID before. Outcome body:
// the v1::Voucher.
std::unique_ptr<storage::Command> MakeExpireCommand(const v1::VoucherProgramme& programme,
                                                    std::string voucher_id);

// By the bureau, any time, with a reason (fraud, a bad record): like expiry, and what
// remains always returns to the fund. Redemptions already made stand.
std::unique_ptr<storage::Command> MakeRevokeCommand(const v1::VoucherProgramme& programme,
                                                    std::string voucher_id, std::string reason);

}  // namespace innoledger::vouchers

#endif  // INNOLEDGER_SERVICES_VOUCHERS_CLOSE_H_
