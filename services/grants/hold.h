#ifndef INNOLEDGER_SERVICES_GRANTS_HOLD_H_
#define INNOLEDGER_SERVICES_GRANTS_HOLD_H_

#include <memory>
#include <string>

#include "services/grants/facts.h"
#include "storage/command.h"

// A bad record (无不良记录 is a condition of every award) stops the money of awards already
// running: every tranche still to come of every award of the entity is held until the
// record is cleared. New awards are refused by the eligibility conditions themselves.
namespace innoledger::grants {

// Holds every scheduled or suspended tranche of the entity's open awards (HELD, keeping
// what it was), one journal entry per award touched. Outcome body: v1::OpenAwards naming
// the awards touched.
std::unique_ptr<storage::Command> MakeHoldForBadRecordCommand(std::string entity,
                                                              std::string reason);

// Returns held tranches to what they were. With a registry (`entity_facts`), refused while
// the bad record stands: FAILED_PRECONDITION (BAD_RECORD).
std::unique_ptr<storage::Command> MakeReleaseHoldCommand(std::string entity, std::string reason,
                                                         const EntityFacts* entity_facts = nullptr);

}  // namespace innoledger::grants

#endif  // INNOLEDGER_SERVICES_GRANTS_HOLD_H_
