#include "services/server/server.h"

#include <arpa/inet.h>

#include <exception>
#include <utility>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "common/status_macros.h"
#include "grpcpp/ext/proto_server_reflection_plugin.h"
#include "grpcpp/grpcpp.h"
#include "grpcpp/health_check_service_interface.h"
#include "prometheus/exposer.h"
#include "services/auth/identity.h"
#include "services/ledger/service.h"
#include "services/server/metrics.h"
#include "spdlog/spdlog.h"

namespace innoledger::services {
namespace {

const google::protobuf::ServiceDescriptor& LedgerServiceDescriptor() {
  const auto* service =
      v1::GetHeadRequest::descriptor()->file()->FindServiceByName("LedgerService");
  return *service;
}

std::vector<std::string> MethodNames() {
  const auto& service = LedgerServiceDescriptor();
  std::vector<std::string> names;
  for (int i = 0; i < service.method_count(); ++i) names.push_back(service.method(i)->name());
  return names;
}

// The host of "host:port" / "[v6]:port"; "" when there is no port separator.
absl::string_view HostOf(absl::string_view address) {
  if (absl::StartsWith(address, "[")) {
    const size_t close = address.find(']');
    return close == absl::string_view::npos ? "" : address.substr(1, close - 1);
  }
  const size_t colon = address.rfind(':');
  return colon == absl::string_view::npos ? "" : address.substr(0, colon);
}

// Until mTLS lands (next issue) the only way to learn who calls is a header anyone can
// set, so we serve only where nobody else can connect.
absl::Status CheckSecurity(const ServerOptions& options) {
  if (!options.insecure_dev) {
    return absl::FailedPreconditionError(
        "mTLS is not implemented yet, so innoledgerd cannot authenticate callers; for "
        "development run it with --insecure_dev on a loopback address");
  }
  if (!IsLoopbackAddress(options.listen_address)) {
    return absl::FailedPreconditionError(absl::StrCat(
        "--insecure_dev trusts any caller's claimed identity, so it serves only on loopback; "
        "listen address '", options.listen_address, "' is not (use 127.0.0.1:PORT)"));
  }
  if (!options.metrics_listen_address.empty() &&
      !IsLoopbackAddress(options.metrics_listen_address)) {
    return absl::FailedPreconditionError(
        absl::StrCat("metrics listen address '", options.metrics_listen_address,
                     "' is not loopback; /metrics is plain HTTP without authentication"));
  }
  return absl::OkStatus();
}

}  // namespace

bool IsLoopbackAddress(absl::string_view address) {
  if (absl::StartsWith(address, "unix:")) return true;
  const std::string host(HostOf(address));
  if (host == "localhost") return true;
  in_addr v4;
  if (inet_pton(AF_INET, host.c_str(), &v4) == 1) return (ntohl(v4.s_addr) >> 24) == 127;
  in6_addr v6;
  if (inet_pton(AF_INET6, host.c_str(), &v6) == 1) return IN6_IS_ADDR_LOOPBACK(&v6);
  return false;
}

Server::Server(ServerOptions options) : options_(std::move(options)) {}

Server::~Server() { Shutdown(); }

absl::StatusOr<std::unique_ptr<Server>> Server::Create(ServerOptions options) {
  RETURN_IF_ERROR(CheckSecurity(options));
  std::unique_ptr<Server> server(new Server(std::move(options)));
  RETURN_IF_ERROR(server->Start());
  return server;
}

absl::Status Server::Start() {
  metrics_ = std::make_unique<Metrics>(options_.ledger.cities, MethodNames());
  options_.ledger.on_batch = [metrics = metrics_.get()](const storage::BatchStats& stats) {
    metrics->OnBatch(stats);
  };
  ASSIGN_OR_RETURN(ledger_, storage::Ledger::Open(options_.ledger));
  service_ = std::make_unique<ledger_service::LedgerService>(
      ledger_.get(), auth::IdentityReader({.insecure_dev = options_.insecure_dev}),
      metrics_.get());
  RETURN_IF_ERROR(StartGrpc());
  RETURN_IF_ERROR(StartMetrics());
  if (options_.insecure_dev) {
    spdlog::warn("INSECURE DEV MODE: callers are NOT authenticated; anyone who can reach {} "
                 "may claim any identity with the {} header. Never use this with real money.",
                 options_.listen_address, std::string(auth::kPrincipalHeader));
  }
  return absl::OkStatus();
}

absl::Status Server::StartGrpc() {
  grpc::EnableDefaultHealthCheckService(true);
  grpc::reflection::InitProtoReflectionServerBuilderPlugin();
  grpc::ServerBuilder builder;
  builder.AddListeningPort(options_.listen_address, grpc::InsecureServerCredentials(), &port_);
  builder.RegisterService(service_.get());
  builder.SetMaxReceiveMessageSize(options_.max_message_bytes);
  builder.SetMaxSendMessageSize(options_.max_message_bytes);
  grpc_server_ = builder.BuildAndStart();
  if (grpc_server_ == nullptr || port_ == 0) {
    grpc_server_.reset();
    return absl::UnavailableError(
        absl::StrCat("cannot listen on '", options_.listen_address, "' (in use or invalid?)"));
  }
  grpc_server_->GetHealthCheckService()->SetServingStatus(
      LedgerServiceDescriptor().full_name(), true);
  return absl::OkStatus();
}

absl::Status Server::StartMetrics() {
  if (options_.metrics_listen_address.empty()) return absl::OkStatus();
  try {
    exposer_ = std::make_unique<prometheus::Exposer>(options_.metrics_listen_address, 1);
  } catch (const std::exception& e) {
    return absl::UnavailableError(absl::StrCat(
        "cannot serve metrics on '", options_.metrics_listen_address, "': ", e.what()));
  }
  exposer_->RegisterCollectable(metrics_->registry());
  const std::vector<int> ports = exposer_->GetListeningPorts();
  metrics_port_ = ports.empty() ? 0 : ports.front();
  return absl::OkStatus();
}

void Server::Shutdown() {
  absl::MutexLock lock(&shutdown_mu_);
  if (shut_down_) return;
  shut_down_ = true;
  if (grpc_server_ != nullptr) {
    // Load balancers and probes see NOT_SERVING first, then the listener closes.
    grpc_server_->GetHealthCheckService()->SetServingStatus(false);
    grpc_server_->Shutdown(absl::ToChronoTime(absl::Now() + options_.shutdown_grace));
  }
  // Every call has been answered by now; the ledger commits whatever is still queued.
  if (ledger_ != nullptr) ledger_->Shutdown();
  if (grpc_server_ != nullptr) grpc_server_->Wait();
  exposer_.reset();
}

}  // namespace innoledger::services
