#ifndef INNOLEDGER_SERVICES_VOUCHERS_ISSUE_H_
#define INNOLEDGER_SERVICES_VOUCHERS_ISSUE_H_

#include <memory>

#include "innoledger/v1/vouchers.pb.h"
#include "services/vouchers/requests.h"
#include "storage/command.h"

namespace innoledger::vouchers {

// Opens the programme's fund account in its city (the money arrives by appropriation, a
// plain ledger transaction). ACCOUNT_EXISTS when it is open already.
std::unique_ptr<storage::Command> MakeOpenProgrammeCommand(const v1::VoucherProgramme& programme);

// Issues a voucher in the programme's city: the holder is an enterprise of that city (an
// SME when the programme asks), without a bad record, with yearly quota left; the fund
// pays the face value into the voucher's own liability account at once (专款专用), in one
// entry that consumes the holder's yearly quota. Outcome body: the v1::Voucher.
std::unique_ptr<storage::Command> MakeIssueCommand(const v1::VoucherProgramme& programme,
                                                   IssueRequest request);

}  // namespace innoledger::vouchers

#endif  // INNOLEDGER_SERVICES_VOUCHERS_ISSUE_H_
