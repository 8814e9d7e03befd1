#include "services/registry/service.h"

#include <string>
#include <utility>

#include "absl/strings/str_cat.h"
#include "services/registry/acts_for.h"

namespace innoledger::registry {
namespace {
constexpr absl::string_view kService = "innoledger.v1.RegistryService/";
}  // namespace

template <typename Start>
grpc::ServerUnaryReactor* RegistryService::Write(const char* method,
                                                 grpc::CallbackServerContext* context,
                                                 const std::string& city,
                                                 const std::string& request_id,
                                                 v1::Entity* entity, Start start) {
  services::Call call(gate_, absl::StrCat(kService, method), context);
  // 1. Who is asking, within its limits and reach, with a request id and a deadline.
  absl::StatusOr<auth::Principal> principal = call.AdmitWrite(city, request_id);
  if (!principal.ok()) return call.Finish(principal.status());
  // 2. The domain call; its answer, once durable, finishes the call.
  gate_.observer->OnWriteQueued();
  start(Caller{principal->ToString(), request_id},
        [call, entity, observer = gate_.observer](absl::StatusOr<v1::Entity> result) {
          observer->OnWriteAnswered();
          if (result.ok()) *entity = *std::move(result);
          call.Finish(result.status());
        });
  return call.reactor();
}

grpc::ServerUnaryReactor* RegistryService::RegisterEntity(
    grpc::CallbackServerContext* context, const v1::RegisterEntityRequest* request,
    v1::RegisterEntityResponse* response) {
  return Write("RegisterEntity", context, request->entity().home_city(), request->request_id(),
               response->mutable_entity(), [this, request](Caller caller, Done<v1::Entity> done) {
                 registry_->Register(caller, request->entity(), std::move(done));
               });
}

grpc::ServerUnaryReactor* RegistryService::UpdateEntity(grpc::CallbackServerContext* context,
                                                        const v1::UpdateEntityRequest* request,
                                                        v1::UpdateEntityResponse* response) {
  return Write("UpdateEntity", context, request->entity().home_city(), request->request_id(),
               response->mutable_entity(), [this, request](Caller caller, Done<v1::Entity> done) {
                 registry_->Update(caller, request->entity(), std::move(done));
               });
}

grpc::ServerUnaryReactor* RegistryService::SetBadRecord(grpc::CallbackServerContext* context,
                                                        const v1::SetBadRecordRequest* request,
                                                        v1::SetBadRecordResponse* response) {
  return Write("SetBadRecord", context, request->city(), request->request_id(),
               response->mutable_entity(), [this, request](Caller caller, Done<v1::Entity> done) {
                 registry_->SetBadRecord(
                     caller, {request->uscc(), request->reason(), request->city()}, std::move(done));
               });
}

grpc::ServerUnaryReactor* RegistryService::ClearBadRecord(
    grpc::CallbackServerContext* context, const v1::ClearBadRecordRequest* request,
    v1::ClearBadRecordResponse* response) {
  return Write("ClearBadRecord", context, request->city(), request->request_id(),
               response->mutable_entity(), [this, request](Caller caller, Done<v1::Entity> done) {
                 registry_->ClearBadRecord(
                     caller, {request->uscc(), request->reason(), request->city()}, std::move(done));
               });
}

grpc::ServerUnaryReactor* RegistryService::RegisterProvider(
    grpc::CallbackServerContext* context, const v1::RegisterProviderRequest* request,
    v1::RegisterProviderResponse* response) {
  return Write("RegisterProvider", context, request->registration().city(),
               request->request_id(), response->mutable_entity(),
               [this, request](Caller caller, Done<v1::Entity> done) {
                 registry_->RegisterProvider(caller, request->registration(), std::move(done));
               });
}

grpc::ServerUnaryReactor* RegistryService::GetEntity(grpc::CallbackServerContext* context,
                                                     const v1::GetEntityRequest* request,
                                                     v1::GetEntityResponse* response) {
  services::Call call(gate_, absl::StrCat(kService, "GetEntity"), context);
  // 1. Who is asking; a provider or an enterprise sees only itself.
  absl::StatusOr<auth::Principal> principal = call.Admit("");
  if (!principal.ok()) return call.Finish(principal.status());
  absl::Status own = ActsFor(*principal, request->uscc());
  if (!own.ok()) return call.Finish(own);
  // 2. Read and answer.
  absl::StatusOr<v1::Entity> entity = registry_->Find(request->uscc());
  if (entity.ok()) *response->mutable_entity() = *std::move(entity);
  return call.Finish(entity.status());
}

}  // namespace innoledger::registry
