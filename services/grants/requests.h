#ifndef INNOLEDGER_SERVICES_GRANTS_REQUESTS_H_
#define INNOLEDGER_SERVICES_GRANTS_REQUESTS_H_

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

// The version of `policy_id` in force on `day` in a catalogue that applies to `city`.
absl::StatusOr<const v1::Policy*> FindPolicy(const std::vector<v1::Catalogue>& catalogues,
                                             absl::string_view city, const std::string& policy_id,
                                             absl::CivilDay day);

// An award id (also an order id): 1..kMaxAwardIdLength of [A-Za-z0-9._-], because it
// becomes part of record keys. INVALID_ARGUMENT (INVALID_REQUEST) naming `field`.
absl::Status ValidateAwardId(absl::string_view field, absl::string_view id);

// Checks the application's shape: INVALID_ARGUMENT naming the field (INVALID_REQUEST,
// INVALID_USCC). An empty decision_date leaves the day to the sequencer's batch.
absl::StatusOr<Application> ToApplication(const v1::AwardApplication& proto,
                                          const std::string& award_id);

// The day a request is decided on for choosing the policy version: its own, or today's in
// China time.
absl::CivilDay DecisionDay(const Application& application);

// The dry run: the caps' durable usage, then Compute(). Writes nothing.
absl::StatusOr<v1::ComputeAwardResponse> ComputeAward(const storage::Ledger& ledger,
                                                      const std::vector<v1::Catalogue>& catalogues,
                                                      const EntityFacts* entity_facts,
                                                      const v1::ComputeAwardRequest& request);

// What an approval paid into the payable at once (0 for stepped awards).
int64_t PaidAtApproval(const v1::AwardRecord& award);

}  // namespace innoledger::grants

#endif  // INNOLEDGER_SERVICES_GRANTS_REQUESTS_H_
