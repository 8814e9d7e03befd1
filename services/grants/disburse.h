#ifndef INNOLEDGER_SERVICES_GRANTS_DISBURSE_H_
#define INNOLEDGER_SERVICES_GRANTS_DISBURSE_H_

#include <memory>
#include <string>
#include <vector>

#include "storage/command.h"

namespace innoledger::grants {

// A payment order of a finance bureau: pays every payable grant tranche of the listed
// awards (1..kMaxAwardsPerOrder, each once) out of the beneficiaries' payables through
// `fund_account`'s clearing account, in one journal entry. Every award must be paid by
// that fund (WRONG_FUND) and have something payable (NOTHING_PAYABLE); an order id is
// executed once (ORDER_EXISTS). The money reached the payables from the fund at approval or
// assessment, which the ledger refused if the fund did not hold it: a fund never pays
// more than it holds. Outcome body: the v1::PaymentOrder.
std::unique_ptr<storage::Command> MakeDisburseCommand(std::string order_id,
                                                      std::string fund_account,
                                                      std::vector<std::string> award_ids);

}  // namespace innoledger::grants

#endif  // INNOLEDGER_SERVICES_GRANTS_DISBURSE_H_
