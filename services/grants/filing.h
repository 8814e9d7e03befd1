#ifndef INNOLEDGER_SERVICES_GRANTS_FILING_H_
#define INNOLEDGER_SERVICES_GRANTS_FILING_H_

#include <memory>

#include "innoledger/v1/catalogue.pb.h"
#include "services/grants/application.h"
#include "storage/command.h"

namespace innoledger::grants {

// Files an application (事先备案): the award's record in state FILED, its facts as stated,
// and a journal entry; no money moves and no cap is touched. ALREADY_EXISTS (AWARD_EXISTS)
// for an award id in use. Outcome body: the v1::AwardRecord.
std::unique_ptr<storage::Command> MakeFileCommand(const v1::Policy& policy,
                                                  Application application);

}  // namespace innoledger::grants

#endif  // INNOLEDGER_SERVICES_GRANTS_FILING_H_
