#ifndef INNOLEDGER_SERVICES_AUDIT_SERVICE_H_
#define INNOLEDGER_SERVICES_AUDIT_SERVICE_H_

#include "innoledger/v1/audit.grpc.pb.h"
#include "services/audit/audit_log.h"
#include "services/common/call.h"

namespace innoledger::audit {

// innoledger.v1.AuditService: the auditor's view of the audit trail.
class AuditService final : public v1::AuditService::CallbackService {
 public:
  AuditService(AuditLog* log, const services::Gate& gate) : log_(log), gate_(gate) {}

  grpc::ServerUnaryReactor* ListAuditRecords(grpc::CallbackServerContext* context,
                                             const v1::ListAuditRecordsRequest* request,
                                             v1::ListAuditRecordsResponse* response) override;

 private:
  AuditLog* const log_;
  const services::Gate gate_;
};

// The page token is "audit:<last sequence>"; a different one is INVALID_PAGE_TOKEN.
absl::StatusOr<v1::ListAuditRecordsResponse> ListRecords(const AuditLog& log,
                                                         const v1::ListAuditRecordsRequest& request);

}  // namespace innoledger::audit

#endif  // INNOLEDGER_SERVICES_AUDIT_SERVICE_H_
