#ifndef INNOLEDGER_SERVICES_GRANTS_SERVICE_H_
#define INNOLEDGER_SERVICES_GRANTS_SERVICE_H_

#include <vector>

#include "innoledger/v1/catalogue.pb.h"
#include "innoledger/v1/grants.grpc.pb.h"
#include "services/common/call.h"
#include "services/grants/facts.h"
#include "storage/ledger.h"

namespace innoledger::grants {

// innoledger.v1.GrantsService on the gRPC callback API; the domain is in calculator.h and
// approve.h. `catalogues`, `ledger` and `entity_facts` outlive the service. Without
// `entity_facts` (the registry's facts) the application's stated facts decide.
class GrantsService final : public v1::GrantsService::CallbackService {
 public:
  GrantsService(storage::Ledger* ledger, const std::vector<v1::Catalogue>* catalogues,
                const services::Gate& gate, const EntityFacts* entity_facts = nullptr)
      : ledger_(ledger), catalogues_(catalogues), gate_(gate), entity_facts_(entity_facts) {}

  grpc::ServerUnaryReactor* ComputeAward(grpc::CallbackServerContext* context,
                                         const v1::ComputeAwardRequest* request,
                                         v1::ComputeAwardResponse* response) override;
  grpc::ServerUnaryReactor* ApproveAward(grpc::CallbackServerContext* context,
                                         const v1::ApproveAwardRequest* request,
                                         v1::ApproveAwardResponse* response) override;

 private:
  storage::Ledger* const ledger_;
  const std::vector<v1::Catalogue>* const catalogues_;
  const services::Gate gate_;
  const EntityFacts* const entity_facts_;
};

}  // namespace innoledger::grants

#endif  // INNOLEDGER_SERVICES_GRANTS_SERVICE_H_
