#ifndef INNOLEDGER_SERVICES_GRANTS_SERVICE_H_
#define INNOLEDGER_SERVICES_GRANTS_SERVICE_H_

#include <vector>

#include "innoledger/v1/catalogue.pb.h"
#include "innoledger/v1/grants.grpc.pb.h"
#include "services/common/call.h"
#include "services/grants/catalogue_store.h"
#include "services/grants/facts.h"
#include "services/grants/writes.h"
#include "storage/ledger.h"

namespace innoledger::grants {

// innoledger.v1.GrantsService on the gRPC callback API. Handlers are thin: admit the call
// (identity, limits, permission: services/common/call.h), build the domain command
// (writes.h) or read (reads.h), map the answer. A write never blocks a thread: the
// sequencer's callback finishes the call once the batch is durable. `ledger`,
// `catalogues` and `entity_facts` outlive the service; without `entity_facts` (the
// registry's facts) the application's stated facts decide.
class GrantsService final : public v1::GrantsService::CallbackService {
 public:
  GrantsService(storage::Ledger* ledger, CatalogueStore* catalogues, const services::Gate& gate,
                const EntityFacts* entity_facts = nullptr)
      : ledger_(ledger), catalogues_(catalogues), entity_facts_(entity_facts), gate_(gate) {}

  grpc::ServerUnaryReactor* ComputeAward(grpc::CallbackServerContext* context,
                                         const v1::ComputeAwardRequest* request,
                                         v1::ComputeAwardResponse* response) override;
  grpc::ServerUnaryReactor* ApproveAward(grpc::CallbackServerContext* context,
                                         const v1::ApproveAwardRequest* request,
                                         v1::ApproveAwardResponse* response) override;
  grpc::ServerUnaryReactor* FileApplication(grpc::CallbackServerContext* context,
                                            const v1::FileApplicationRequest* request,
                                            v1::AwardResponse* response) override;
  grpc::ServerUnaryReactor* AssessTranche(grpc::CallbackServerContext* context,
                                          const v1::AssessTrancheRequest* request,
                                          v1::AwardResponse* response) override;
  grpc::ServerUnaryReactor* RecordInvestment(grpc::CallbackServerContext* context,
                                             const v1::RecordInvestmentRequest* request,
                                             v1::AwardResponse* response) override;
  grpc::ServerUnaryReactor* HoldTranches(grpc::CallbackServerContext* context,
                                         const v1::HoldTranchesRequest* request,
                                         v1::HoldTranchesResponse* response) override;
  grpc::ServerUnaryReactor* ReleaseTranches(grpc::CallbackServerContext* context,
                                            const v1::HoldTranchesRequest* request,
                                            v1::HoldTranchesResponse* response) override;
  grpc::ServerUnaryReactor* ClawBackAward(grpc::CallbackServerContext* context,
                                          const v1::ClawBackAwardRequest* request,
                                          v1::AwardResponse* response) override;
  grpc::ServerUnaryReactor* DisburseAwards(grpc::CallbackServerContext* context,
                                           const v1::DisburseAwardsRequest* request,
                                           v1::DisburseAwardsResponse* response) override;
  grpc::ServerUnaryReactor* GetAward(grpc::CallbackServerContext* context,
                                     const v1::GetAwardRequest* request,
                                     v1::GetAwardResponse* response) override;
  grpc::ServerUnaryReactor* ListAwards(grpc::CallbackServerContext* context,
                                       const v1::ListAwardsRequest* request,
                                       v1::ListAwardsResponse* response) override;
  grpc::ServerUnaryReactor* GetAwardHistory(grpc::CallbackServerContext* context,
                                            const v1::GetAwardHistoryRequest* request,
                                            v1::GetAwardHistoryResponse* response) override;
  grpc::ServerUnaryReactor* GetCapUsage(grpc::CallbackServerContext* context,
                                        const v1::GetCapUsageRequest* request,
                                        v1::GetCapUsageResponse* response) override;
  grpc::ServerUnaryReactor* ReloadCatalogues(grpc::CallbackServerContext* context,
                                             const v1::ReloadCataloguesRequest* request,
                                             v1::ReloadCataloguesResponse* response) override;

 private:
  // Admits a write, builds its command with `build`, queues it; `fill(outcome, response)`
  // answers from the durable outcome.
  template <typename Request, typename Response, typename Build, typename Fill>
  grpc::ServerUnaryReactor* Write(const char* method, grpc::CallbackServerContext* context,
                                  const Request& request, Response* response, Build build,
                                  Fill fill);
  // Admits a read and answers with `read(principal)`.
  // A write whose answer is one award record (AwardResponse).
  template <typename Request, typename Build>
  grpc::ServerUnaryReactor* AwardWrite(const char* method, grpc::CallbackServerContext* context,
                                       const Request& request, v1::AwardResponse* response,
                                       Build build);
  // Hold or release every open award of an entity.
  grpc::ServerUnaryReactor* Hold(const char* method, grpc::CallbackServerContext* context,
                                 const v1::HoldTranchesRequest& request,
                                 v1::HoldTranchesResponse* response, bool hold);
  template <typename Request, typename Response, typename Read>
  grpc::ServerUnaryReactor* ReadCall(const char* method, grpc::CallbackServerContext* context,
                                     const Request& request, Response* response, Read read);

  // The domain's environment over the catalogues current now; the snapshot lives as long
  // as the returned value, which each handler keeps for its synchronous part (commands
  // copy the policy they need).
  struct Env {
    std::shared_ptr<const Catalogues> catalogues;
    GrantsEnv env;
  };
  Env Current() const;

  storage::Ledger* const ledger_;
  CatalogueStore* const catalogues_;
  const EntityFacts* const entity_facts_;
  const services::Gate gate_;
};

}  // namespace innoledger::grants

#endif  // INNOLEDGER_SERVICES_GRANTS_SERVICE_H_
