#ifndef INNOLEDGER_SERVICES_GRANTS_CLAWBACK_H_
#define INNOLEDGER_SERVICES_GRANTS_CLAWBACK_H_

#include <memory>
#include <string>

#include "storage/command.h"

namespace innoledger::grants {

struct ClawbackOptions {
  std::string reason = {};  // why the award was found improper (the entries' memo)
  // The beneficiary has paid back what was disbursed, through the fund's bank account:
  // each disbursed tranche's refund is booked (clearing → payable) before its reversal.
  // Without it an award with disbursed money is refused (AWARD_DISBURSED).
  bool refund_received = false;
};

// Claws back an improper award: every entry that moved its money (the approval, paid
// tranches, investments) is reversed — the ledger's reversal names the original and
// restores the caps it consumed — tranches still to come are cancelled, and the
// once-per-entity mark is cleared. The award ends CLAWED_BACK. FAILED_PRECONDITION:
// AWARD_NOT_APPROVED, AWARD_DISBURSED. Outcome body: the v1::AwardRecord.
std::unique_ptr<storage::Command> MakeClawbackCommand(std::string award_id,
                                                      ClawbackOptions options);

}  // namespace innoledger::grants

#endif  // INNOLEDGER_SERVICES_GRANTS_CLAWBACK_H_
