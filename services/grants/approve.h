#ifndef INNOLEDGER_SERVICES_GRANTS_APPROVE_H_
#define INNOLEDGER_SERVICES_GRANTS_APPROVE_H_

#include <memory>

#include "innoledger/v1/catalogue.pb.h"
#include "services/grants/application.h"
#include "services/grants/facts.h"
#include "storage/command.h"

namespace innoledger::grants {

// Approves an award inside the city's sequencer, so concurrent approvals see a serial
// history and can never pass a cap together:
//   1. the policy must be in force on the decision day (its fiscal year is the award's);
//   2. an application filed under the award id is the one approved (same policy, entity,
//      item and facts); any other record under the id refuses (AWARD_EXISTS);
//   3. the facts are the application's with the registry's (`entity_facts`, may be null)
//      laid over them; the caps' usage is read here, in the batch's view;
//   4. the amount and its explanation (calculator.h);
//   5. one-off, percent and assessed awards, and the grant part of a mixed one, are paid
//      from the policy's fund into the beneficiary's payable in one entry that consumes
//      the caps; stepped awards schedule their tranches by fiscal year (payable after each
//      year's assessment, after-window years per after_expiry) and a mixed award schedules
//      its investment years: neither moves money now;
//   6. the award's record, its indexes (entity, policy and year), the once-per-entity mark
//      and the entity's open awards are written.
// Refusals change nothing. Outcome body: the v1::AwardRecord as approved.
// `entity_facts` must outlive the command.
std::unique_ptr<storage::Command> MakeApproveCommand(const v1::Policy& policy,
                                                     Application application,
                                                     const EntityFacts* entity_facts = nullptr);

}  // namespace innoledger::grants

#endif  // INNOLEDGER_SERVICES_GRANTS_APPROVE_H_
