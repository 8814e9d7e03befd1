#ifndef INNOLEDGER_SERVICES_GRANTS_WRITES_H_
#define INNOLEDGER_SERVICES_GRANTS_WRITES_H_

#include <memory>
#include <vector>

#include "absl/status/statusor.h"
#include "innoledger/v1/catalogue.pb.h"
#include "innoledger/v1/grants.pb.h"
#include "services/grants/requests.h"
#include "storage/command.h"
#include "storage/ledger.h"

// GrantsService writes as domain commands (no gRPC types): each checks the request's
// shape (INVALID_ARGUMENT naming the field), finds the policy version it needs in the
// city's catalogues, and builds the command the city's sequencer applies.
namespace innoledger::grants {

using CommandOrError = absl::StatusOr<std::unique_ptr<storage::Command>>;

CommandOrError BuildFile(const GrantsEnv& env, const v1::FileApplicationRequest& request);
// A new application, or (no application in the request) the one filed under award_id.
CommandOrError BuildApprove(const GrantsEnv& env, const v1::ApproveAwardRequest& request);
CommandOrError BuildAssess(const GrantsEnv& env, const v1::AssessTrancheRequest& request);
CommandOrError BuildInvest(const GrantsEnv& env, const v1::RecordInvestmentRequest& request);
CommandOrError BuildHold(const GrantsEnv& env, const v1::HoldTranchesRequest& request, bool hold);
CommandOrError BuildClawback(const v1::ClawBackAwardRequest& request);
CommandOrError BuildDisburse(const v1::DisburseAwardsRequest& request);

}  // namespace innoledger::grants

#endif  // INNOLEDGER_SERVICES_GRANTS_WRITES_H_
