#ifndef INNOLEDGER_SERVICES_COMMON_CALL_H_
#define INNOLEDGER_SERVICES_COMMON_CALL_H_

#include <memory>
#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "grpcpp/grpcpp.h"
#include "services/auth/identity.h"
#include "services/auth/limiter.h"
#include "services/common/rpc_observer.h"

namespace innoledger::audit {
class AuditLog;
}

namespace innoledger::services {

// What every service's handlers share: the identity reader, the per-principal limiter, the
// audit log and the metrics observer. All must outlive the gRPC server.
struct Gate {
  const auth::IdentityReader* identity = nullptr;
  auth::Limiter* limiter = nullptr;    // null: no limits
  audit::AuditLog* audit = nullptr;    // null: no audit trail
  RpcObserver* observer = nullptr;
};

// One unary call from its first line to its answer, the same steps for every RPC:
//   1. Admit(): who is calling (auth/identity.h), within its limits (auth/limiter.h),
//      allowed this method for this city (auth/policy.h); writes also need a request id
//      and a deadline.
//   2. the handler's own work;
//   3. Finish(): metrics, the audit trail (refusals and admin writes), the limiter's slot
//      back, the answer.
// Copyable (shared state), so a write's sequencer callback can carry it.
class Call {
 public:
  // `method` is the full name, "innoledger.v1.LedgerService/SubmitTransaction".
  Call(const Gate& gate, absl::string_view method, grpc::CallbackServerContext* context);

  absl::StatusOr<auth::Principal> Admit(absl::string_view city);
  absl::StatusOr<auth::Principal> AdmitWrite(absl::string_view city,
                                             absl::string_view request_id);
  grpc::ServerUnaryReactor* Finish(const absl::Status& status) const;
  grpc::ServerUnaryReactor* reactor() const;

 private:
  struct State;
  std::shared_ptr<State> state_;
};

}  // namespace innoledger::services

#endif  // INNOLEDGER_SERVICES_COMMON_CALL_H_
