#ifndef INNOLEDGER_SERVICES_GRANTS_APPROVE_H_
#define INNOLEDGER_SERVICES_GRANTS_APPROVE_H_

#include <memory>
#include <string>

#include "absl/time/civil_time.h"
#include "innoledger/v1/catalogue.pb.h"
#include "services/grants/calculator.h"
#include "storage/command.h"

namespace innoledger::grants {

// An award decision: who, under which rule, with what facts, on which China-time day.
struct Application {
  std::string award_id;         // unique per city, e.g. "A-2025-0001"
  std::string entity;           // the beneficiary's USCC
  std::string item;             // the contract / platform / standard a per-item cap is about
  Facts facts;
  absl::CivilDay decision_day;  // decides the policy version and the fiscal year
};

// Cap counters of a policy, shared by the approval and by anyone reading usage.
std::string ItemScope(const v1::Policy& policy, const std::string& item);
std::string EntityYearScope(const v1::Policy& policy, const std::string& entity);
std::string OnceScope(const v1::Policy& policy, const std::string& entity);
std::string BudgetScope(const v1::Policy& policy);
std::string PayableAccount(const std::string& entity);

// Approves an award inside the city's sequencer: reads the caps' usage, computes the
// amount (calculator.h) and pays it from the policy's fund into the beneficiary's payable
// in one entry that consumes the caps — so concurrent approvals can never pass a cap. The
// outcome body is "<amount_fen>\n<explanation lines>". For stepped rules use
// MakeScheduleCommand (tranches.h): their money follows the yearly assessments. Refusals
// change nothing.
std::unique_ptr<storage::Command> MakeApproveCommand(const v1::Policy& policy,
                                                     Application application);

}  // namespace innoledger::grants

#endif  // INNOLEDGER_SERVICES_GRANTS_APPROVE_H_
