#ifndef INNOLEDGER_SERVICES_GRANTS_REQUESTS_H_
#define INNOLEDGER_SERVICES_GRANTS_REQUESTS_H_

#include <vector>

#include "absl/status/statusor.h"
#include "innoledger/v1/catalogue.pb.h"
#include "innoledger/v1/grants.pb.h"
#include "services/grants/approve.h"
#include "storage/ledger.h"

// GrantsService requests as domain calls (no gRPC types).
namespace innoledger::grants {

// The version of `policy_id` in force on `day` in a catalogue that applies to `city`.
absl::StatusOr<const v1::Policy*> FindPolicy(const std::vector<v1::Catalogue>& catalogues,
                                             absl::string_view city, const std::string& policy_id,
                                             absl::CivilDay day);

// Checks the application's shape: INVALID_ARGUMENT naming the field.
absl::StatusOr<Application> ToApplication(const v1::AwardApplication& proto,
                                          const std::string& award_id);

// The dry run: the caps' durable usage, then Compute().
absl::StatusOr<v1::ComputeAwardResponse> ComputeAward(const storage::Ledger& ledger,
                                                      const std::vector<v1::Catalogue>& catalogues,
                                                      const v1::ComputeAwardRequest& request);

}  // namespace innoledger::grants

#endif  // INNOLEDGER_SERVICES_GRANTS_REQUESTS_H_
