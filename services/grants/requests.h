#ifndef INNOLEDGER_SERVICES_GRANTS_REQUESTS_H_
#define INNOLEDGER_SERVICES_GRANTS_REQUESTS_H_

#include <functional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "innoledger/v1/awards.pb.h"
#include "innoledger/v1/catalogue.pb.h"
#include "innoledger/v1/grants.pb.h"
#include "services/grants/application.h"
#include "services/grants/facts.h"
#include "storage/ledger.h"

// GrantsService requests as domain calls (no gRPC types).
namespace innoledger::grants {

// What the handlers share; all outlive the service.
struct GrantsEnv {
  const storage::Ledger* ledger = nullptr;
  const std::vector<v1::Catalogue>* catalogues = nullptr;
  const EntityFacts* entity_facts = nullptr;  // null: the application's facts decide
  // Today, for choosing the policy version of an undated request (the command checks the
  // version against its batch's own day).
  std::function<absl::Time()> clock = [] { return absl::Now(); };
};

// The version of `policy_id` in force on `day` in a catalogue that applies to `city`.
absl::StatusOr<const v1::Policy*> FindPolicy(const std::vector<v1::Catalogue>& catalogues,
                                             absl::string_view city, const std::string& policy_id,
                                             absl::CivilDay day);

// The exact version an award was decided under ("changji.4@2020-v1") in a catalogue of
// `city`: later tranches follow the rule they were promised under. NOT_FOUND
// (POLICY_NOT_IN_FORCE) when no loaded catalogue has it any more.
absl::StatusOr<const v1::Policy*> FindPolicyVersion(const std::vector<v1::Catalogue>& catalogues,
                                                    absl::string_view city,
                                                    absl::string_view policy_version);

// An award id (also an order id): 1..kMaxAwardIdLength of [A-Za-z0-9._-], because it
// becomes part of record keys. INVALID_ARGUMENT (INVALID_REQUEST) naming `field`.
absl::Status ValidateAwardId(absl::string_view field, absl::string_view id);

// Checks the application's shape: INVALID_ARGUMENT naming the field (INVALID_REQUEST,
// INVALID_USCC). An empty decision_date leaves the day to the sequencer's batch.
absl::StatusOr<Application> ToApplication(const v1::AwardApplication& proto,
                                          const std::string& award_id);

// The day a request is decided on for choosing the policy version: its own, or the China
// day of `now`.
absl::CivilDay DecisionDay(const Application& application, absl::Time now = absl::Now());

// The dry run: the caps' durable usage, then Compute(). Writes nothing.
absl::StatusOr<v1::ComputeAwardResponse> ComputeAward(const GrantsEnv& env,
                                                      const v1::ComputeAwardRequest& request);

// What an approval paid into the payable at once (0 for stepped awards).
int64_t PaidAtApproval(const v1::AwardRecord& award);

}  // namespace innoledger::grants

#endif  // INNOLEDGER_SERVICES_GRANTS_REQUESTS_H_
