#include "services/common/call.h"

#include "absl/strings/str_cat.h"
#include "common/errors.h"
#include "grpc/grpc_security_constants.h"
#include "grpc/support/time.h"
#include "services/audit/audit_log.h"
#include "services/auth/policy.h"
#include "services/common/grpc_status.h"
#include "spdlog/spdlog.h"

namespace innoledger::services {

struct Call::State {
  Gate gate;
  std::string method;
  absl::string_view short_method;  // after the '/', for metrics labels
  grpc::CallbackServerContext* context;
  grpc::ServerUnaryReactor* reactor;
  absl::Time start;
  std::optional<auth::Principal> principal;
  bool admitted = false;  // holds a limiter slot
  bool write = false;
  std::string city;
  std::string request_id;
};

namespace {

// What the identity component needs from a call, copied out of the gRPC context.
auth::CallInfo CallInfoFrom(const grpc::CallbackServerContext& context) {
  auth::CallInfo info;
  const auto& metadata = context.client_metadata();
  auto it = metadata.find(std::string(auth::kPrincipalHeader));
  if (it != metadata.end()) info.principal_header = std::string(it->second.data(), it->second.size());
  it = metadata.find(std::string(auth::kOnBehalfHeader));
  if (it != metadata.end()) info.on_behalf_header = std::string(it->second.data(), it->second.size());
  if (auto auth_context = context.auth_context(); auth_context != nullptr) {
    for (const grpc::string_ref& uri :
         auth_context->FindPropertyValues(GRPC_PEER_URI_PROPERTY_NAME)) {
      info.peer_uris.emplace_back(uri.data(), uri.size());
    }
  }
  const gpr_timespec deadline = context.raw_deadline();
  info.has_deadline = gpr_time_cmp(deadline, gpr_inf_future(deadline.clock_type)) != 0;
  return info;
}

}  // namespace

Call::Call(const Gate& gate, absl::string_view method, grpc::CallbackServerContext* context)
    : state_(std::make_shared<State>()) {
  state_->gate = gate;
  state_->method = std::string(method);
  const size_t slash = state_->method.find('/');
  state_->short_method = absl::string_view(state_->method).substr(slash + 1);
  state_->context = context;
  state_->reactor = context->DefaultReactor();
  state_->start = absl::Now();
}

absl::StatusOr<auth::Principal> Call::Admit(absl::string_view city) {
  State& s = *state_;
  s.city = std::string(city);
  const auth::CallInfo info = CallInfoFrom(*s.context);
  absl::StatusOr<auth::Principal> principal = s.gate.identity->Read(info);
  if (!principal.ok()) return principal.status();
  s.principal = *principal;
  if (s.gate.limiter != nullptr) {
    absl::Status admitted = s.gate.limiter->Admit(principal->ToString());
    if (!admitted.ok()) return admitted;
    s.admitted = true;
  }
  absl::Status allowed = auth::Authorize(*principal, s.method, city);
  if (!allowed.ok()) return allowed;
  return principal;
}

absl::StatusOr<auth::Principal> Call::AdmitWrite(absl::string_view city,
                                                 absl::string_view request_id) {
  state_->write = true;
  state_->request_id = std::string(request_id);
  absl::StatusOr<auth::Principal> principal = Admit(city);
  if (!principal.ok()) return principal;
  absl::Status shape = auth::CheckWriteCall(CallInfoFrom(*state_->context), request_id);
  if (!shape.ok()) return shape;
  return principal;
}

grpc::ServerUnaryReactor* Call::Finish(const absl::Status& status) const {
  State& s = *state_;
  if (s.gate.observer != nullptr) {
    s.gate.observer->OnRpcDone(s.short_method, status.code(), absl::Now() - s.start);
  }
  const bool refused = status.code() == absl::StatusCode::kPermissionDenied;
  const bool admin_write = s.write && s.principal && s.principal->role == auth::Role::kAdmin;
  if (s.gate.audit != nullptr && (refused || admin_write)) {
    // A failed audit append must not change the caller's answer; it is logged loudly.
    absl::Status appended = s.gate.audit->Append({.principal = s.principal ? s.principal->ToString() : "",
                                .method = s.method,
                                .city = s.city,
                                .code = absl::StatusCodeToString(status.code()),
                                .reason = ErrorReason(status),
                                .request_id = s.request_id,
                                .message = std::string(status.message())});
    if (!appended.ok()) spdlog::error("audit trail append failed: {}", appended.ToString());
  }
  if (s.admitted) s.gate.limiter->Release(s.principal->ToString());
  s.reactor->Finish(ToGrpcStatus(status));
  return s.reactor;
}

grpc::ServerUnaryReactor* Call::reactor() const { return state_->reactor; }

}  // namespace innoledger::services
