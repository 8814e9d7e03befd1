#ifndef INNOLEDGER_SERVICES_REGISTRY_SERVICE_H_
#define INNOLEDGER_SERVICES_REGISTRY_SERVICE_H_

#include "innoledger/v1/registry.grpc.pb.h"
#include "services/common/call.h"
#include "services/registry/registry.h"

namespace innoledger::registry {

// innoledger.v1.RegistryService on the gRPC callback API; the domain is registry.h. Each
// write is admitted for the city it changes: the entity's home city, or for an admission
// the admitting city. A write never holds a thread; GetEntity reads inline.
class RegistryService final : public v1::RegistryService::CallbackService {
 public:
  // `registry` and the gate's parts must outlive the service.
  RegistryService(Registry* registry, const services::Gate& gate)
      : registry_(registry), gate_(gate) {}

  grpc::ServerUnaryReactor* RegisterEntity(grpc::CallbackServerContext* context,
                                           const v1::RegisterEntityRequest* request,
                                           v1::RegisterEntityResponse* response) override;
  grpc::ServerUnaryReactor* UpdateEntity(grpc::CallbackServerContext* context,
                                         const v1::UpdateEntityRequest* request,
                                         v1::UpdateEntityResponse* response) override;
  grpc::ServerUnaryReactor* SetBadRecord(grpc::CallbackServerContext* context,
                                         const v1::SetBadRecordRequest* request,
                                         v1::SetBadRecordResponse* response) override;
  grpc::ServerUnaryReactor* ClearBadRecord(grpc::CallbackServerContext* context,
                                           const v1::ClearBadRecordRequest* request,
                                           v1::ClearBadRecordResponse* response) override;
  grpc::ServerUnaryReactor* RegisterProvider(grpc::CallbackServerContext* context,
                                             const v1::RegisterProviderRequest* request,
                                             v1::RegisterProviderResponse* response) override;
  grpc::ServerUnaryReactor* GetEntity(grpc::CallbackServerContext* context,
                                      const v1::GetEntityRequest* request,
                                      v1::GetEntityResponse* response) override;

 private:
  // Admits a write for `city`, runs `start(caller, done)`; the entity it answers goes into
  // `*entity` and finishes the call.
  template <typename Start>
  grpc::ServerUnaryReactor* Write(const char* method, grpc::CallbackServerContext* context,
                                  const std::string& city, const std::string& request_id,
                                  v1::Entity* entity, Start start);

  Registry* const registry_;
  const services::Gate gate_;
};

}  // namespace innoledger::registry

#endif  // INNOLEDGER_SERVICES_REGISTRY_SERVICE_H_
