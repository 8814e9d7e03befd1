#include "services/common/served_services.h"

#include "innoledger/v1/audit.pb.h"
#include "innoledger/v1/grants.pb.h"
#include "innoledger/v1/ledger.pb.h"
#include "innoledger/v1/registry.pb.h"
#include "innoledger/v1/vouchers.pb.h"

namespace innoledger::services {

const std::vector<const google::protobuf::ServiceDescriptor*>& ServedServices() {
  static const auto* services = new std::vector<const google::protobuf::ServiceDescriptor*>{
      v1::GetHeadRequest::descriptor()->file()->FindServiceByName("LedgerService"),
      v1::GetEntityRequest::descriptor()->file()->FindServiceByName("RegistryService"),
      v1::GetVoucherRequest::descriptor()->file()->FindServiceByName("VouchersService"),
      v1::ApproveAwardRequest::descriptor()->file()->FindServiceByName("GrantsService"),
      v1::ListAuditRecordsRequest::descriptor()->file()->FindServiceByName("AuditService")};
  return *services;
}

std::vector<const google::protobuf::MethodDescriptor*> ServedMethods() {
  std::vector<const google::protobuf::MethodDescriptor*> methods;
  for (const auto* service : ServedServices()) {
    for (int m = 0; m < service->method_count(); ++m) methods.push_back(service->method(m));
  }
  return methods;
}

}  // namespace innoledger::services
