#ifndef INNOLEDGER_SERVICES_GRANTS_TRANCHES_H_
#define INNOLEDGER_SERVICES_GRANTS_TRANCHES_H_

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "innoledger/v1/catalogue.pb.h"
#include "innoledger/v1/grants.pb.h"
#include "services/grants/approve.h"
#include "storage/command.h"

namespace innoledger::grants {

// Stepped awards (e.g. 50/30/20万 for a national 双创 base): approval records the tranches
// by fiscal year and pays nothing; each year's assessment then pays that year's tranche
// (passed) or forfeits / suspends it (failed), per the rule. The record lives in the city's
// records under AwardKey(award_id); every change is a journal entry.
std::string AwardKey(const std::string& award_id);

// Approval of a stepped award: checks eligibility and once-only, schedules the tranches
// (Schedule() in calculator.h, after_expiry applied). The outcome body is "0" and a line per
// tranche, like an approval's. ALREADY_EXISTS (AWARD_EXISTS) for a reused award id.
std::unique_ptr<storage::Command> MakeScheduleCommand(const v1::Policy& policy,
                                                      Application application);

// The assessment of `fiscal_year` for an award: passed pays the tranche from the policy's
// fund into the beneficiary's payable; failed forfeits or suspends it. NOT_FOUND
// (AWARD_NOT_FOUND / TRANCHE_NOT_FOUND), FAILED_PRECONDITION (TRANCHE_NOT_SCHEDULED).
std::unique_ptr<storage::Command> MakeAssessCommand(const v1::Policy& policy,
                                                    std::string award_id, int32_t fiscal_year,
                                                    bool passed);

}  // namespace innoledger::grants

#endif  // INNOLEDGER_SERVICES_GRANTS_TRANCHES_H_
