#ifndef INNOLEDGER_SERVICES_VOUCHERS_RESERVE_H_
#define INNOLEDGER_SERVICES_VOUCHERS_RESERVE_H_

#include <memory>

#include "innoledger/v1/registry.pb.h"
#include "innoledger/v1/vouchers.pb.h"
#include "services/vouchers/requests.h"
#include "storage/command.h"

namespace innoledger::vouchers {

// Reserves part of a voucher for a provider's contract, in the issuing city: every rule of
// checks.h, then a hold from the voucher's account to the payee (the provider's payable,
// or the payable to the provider's city) that consumes the contract's share and the
// holder's yearly use, and lives the programme's hold timeout. `provider` is the provider
// as read from its home city (re-read here when that is this city). Outcome body: the
// v1::Reservation.
std::unique_ptr<storage::Command> MakeReserveCommand(const v1::VoucherProgramme& programme,
                                                     ReserveRequest request,
                                                     v1::Entity provider);

}  // namespace innoledger::vouchers

#endif  // INNOLEDGER_SERVICES_VOUCHERS_RESERVE_H_
