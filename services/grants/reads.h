#ifndef INNOLEDGER_SERVICES_GRANTS_READS_H_
#define INNOLEDGER_SERVICES_GRANTS_READS_H_

#include "absl/status/statusor.h"
#include "innoledger/v1/grants.pb.h"
#include "services/auth/identity.h"
#include "services/grants/writes.h"

// GrantsService reads (no gRPC types) over the city's last durable state. Providers never
// reach them (the permission table); an enterprise sees only its own awards and usage
// (PERMISSION_DENIED / ENTITY_NOT_PERMITTED otherwise). Page tokens are opaque and bound
// to the list and its filter (services/ledger/page_token.h).
namespace innoledger::grants {

absl::StatusOr<v1::GetAwardResponse> GetAward(const GrantsEnv& env, const auth::Principal& caller,
                                              const v1::GetAwardRequest& request);
absl::StatusOr<v1::ListAwardsResponse> ListAwards(const GrantsEnv& env,
                                                  const auth::Principal& caller,
                                                  const v1::ListAwardsRequest& request);
absl::StatusOr<v1::GetAwardHistoryResponse> GetAwardHistory(
    const GrantsEnv& env, const auth::Principal& caller, const v1::GetAwardHistoryRequest& request);
absl::StatusOr<v1::GetCapUsageResponse> GetCapUsage(const GrantsEnv& env,
                                                    const auth::Principal& caller,
                                                    const v1::GetCapUsageRequest& request);

}  // namespace innoledger::grants

#endif  // INNOLEDGER_SERVICES_GRANTS_READS_H_
