#include "services/server/server.h"

#include <arpa/inet.h>

#include <algorithm>
#include <exception>
#include <fstream>
#include <sstream>
#include <utility>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "common/status_macros.h"
#include "grpcpp/ext/proto_server_reflection_plugin.h"
#include "grpcpp/grpcpp.h"
#include "grpcpp/security/server_credentials.h"
#include "innoledger/v1/audit.pb.h"
#include "innoledger/v1/grants.pb.h"
#include "innoledger/v1/registry.pb.h"
#include "innoledger/v1/vouchers.pb.h"
#include "grpcpp/health_check_service_interface.h"
#include "prometheus/exposer.h"
#include "services/auth/identity.h"
#include "services/audit/audit_log.h"
#include "services/audit/service.h"
#include "services/common/call.h"
#include "services/common/peers.h"
#include "services/common/served_services.h"
#include "services/grants/catalogue_store.h"
#include "services/grants/hold.h"
#include "services/grants/registry_facts.h"
#include "services/grants/service.h"
#include "services/registry/registry.h"
#include "services/registry/service.h"
#include "services/vouchers/peer_cities.h"
#include "services/vouchers/programme.h"
#include "services/vouchers/queries.h"
#include "services/vouchers/service.h"
#include "services/vouchers/vouchers.h"
#include "services/ledger/service.h"
#include "services/server/memtable_metrics.h"
#include "services/server/metrics.h"
#include "spdlog/spdlog.h"

namespace innoledger::services {
namespace {

std::vector<std::string> MethodNames() {
  std::vector<std::string> names;
  for (const auto* method : ServedMethods()) names.push_back(method->name());
  return names;
}

absl::StatusOr<std::string> ReadPem(const std::string& path, absl::string_view what) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  if (!in || text.str().empty()) {
    return absl::FailedPreconditionError(absl::StrCat("cannot read ", what, " '", path, "'"));
  }
  return text.str();
}

// mTLS: the client must present a certificate from our CA, verified in the handshake.
absl::StatusOr<std::shared_ptr<grpc::ServerCredentials>> Credentials(const ServerOptions& options) {
  if (options.insecure_dev) return grpc::InsecureServerCredentials();
  grpc::SslServerCredentialsOptions ssl(GRPC_SSL_REQUEST_AND_REQUIRE_CLIENT_CERTIFICATE_AND_VERIFY);
  ASSIGN_OR_RETURN(ssl.pem_root_certs, ReadPem(options.tls.client_ca_file, "--tls_client_ca"));
  grpc::SslServerCredentialsOptions::PemKeyCertPair pair;
  ASSIGN_OR_RETURN(pair.cert_chain, ReadPem(options.tls.cert_file, "--tls_cert"));
  ASSIGN_OR_RETURN(pair.private_key, ReadPem(options.tls.key_file, "--tls_key"));
  ssl.pem_key_cert_pairs.push_back(std::move(pair));
  return grpc::SslServerCredentials(ssl);
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

// mTLS unless --insecure_dev; that mode trusts a header anyone can set, so it serves only
// where nobody else can connect.
absl::Status CheckSecurity(const ServerOptions& options) {
  const bool has_tls = !options.tls.cert_file.empty() && !options.tls.key_file.empty() &&
                       !options.tls.client_ca_file.empty();
  if (!options.insecure_dev && !has_tls) {
    return absl::FailedPreconditionError(
        "innoledgerd authenticates callers with mTLS: give --tls_cert, --tls_key and "
        "--tls_client_ca (deploy/certs/make-test-certs.sh makes test ones), or for "
        "development only --insecure_dev on a loopback address");
  }
  if (options.insecure_dev && !IsLoopbackAddress(options.listen_address)) {
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
  options_.ledger.on_wal_log = [metrics = metrics_.get()](bool from_spare) {
    metrics->OnWalLog(from_spare);
  };
  catalogues_ = std::make_unique<grants::CatalogueStore>(options_.policy_catalogues);
  RETURN_IF_ERROR(catalogues_->Load());
  for (size_t i = 0; i < options_.policy_catalogues.size(); ++i) {
    const v1::Catalogue& catalogue = (*catalogues_->Current())[i];
    spdlog::info("policy catalogue {}: {} with {} policies", options_.policy_catalogues[i],
                 catalogue.jurisdiction(), catalogue.policies_size());
  }
  ASSIGN_OR_RETURN(ledger_, storage::Ledger::Open(options_.ledger));
  ASSIGN_OR_RETURN(audit_, audit::AuditLog::Open(options_.data_dir + "/audit"));
  RETURN_IF_ERROR(StartVouchers());
  identity_ = std::make_unique<auth::IdentityReader>(
      auth::IdentityOptions{.insecure_dev = options_.insecure_dev});
  limiter_ = std::make_unique<auth::Limiter>(options_.limits);
  const Gate gate{identity_.get(), limiter_.get(), audit_.get(), metrics_.get()};
  services_.push_back(std::make_unique<ledger_service::LedgerService>(ledger_.get(), gate));
  services_.push_back(std::make_unique<audit::AuditService>(audit_.get(), gate));
  // A bad record holds the entity's unpaid grant tranches in its home city at once.
  registry_ = std::make_unique<registry::Registry>(
      *ledger_, [](const std::string& uscc, const std::string& reason) {
        return grants::MakeHoldForBadRecordCommand(uscc, reason);
      });
  registry_facts_ = std::make_unique<grants::RegistryFacts>();
  services_.push_back(std::make_unique<grants::GrantsService>(ledger_.get(), catalogues_.get(), gate,
                                                              registry_facts_.get()));
  services_.push_back(std::make_unique<registry::RegistryService>(registry_.get(), gate));
  services_.push_back(
      std::make_unique<vouchers::VouchersService>(vouchers_.get(), voucher_reader_.get(), gate,
                                                  peers_.get()));
  RETURN_IF_ERROR(StartGrpc());
  RETURN_IF_ERROR(StartMetrics());
  if (options_.insecure_dev) {
    spdlog::warn("INSECURE DEV MODE: callers are NOT authenticated; anyone who can reach {} "
                 "may claim any identity with the {} header. Never use this with real money.",
                 options_.listen_address, std::string(auth::kPrincipalHeader));
  }
  return absl::OkStatus();
}

absl::Status Server::StartVouchers() {
  ASSIGN_OR_RETURN(vouchers::Programmes programmes,
                   vouchers::Programmes::Load(options_.voucher_programmes));
  programmes_ = std::make_unique<vouchers::Programmes>(std::move(programmes));
  vouchers::VouchersOptions voucher_options;
  if (!options_.peers.empty()) {
    // Per-city set-up: this node calls the others as itself, a node of its first city.
    services::PeerOptions peers;
    peers.addresses = options_.peers;
    if (options_.insecure_dev) {
      peers.dev_principal = absl::StrCat("node:", options_.ledger.cities.front(), ":innoledgerd");
    } else {
      peers.cert_file = options_.tls.cert_file;
      peers.key_file = options_.tls.key_file;
      peers.ca_file = options_.tls.client_ca_file;
    }
    ASSIGN_OR_RETURN(peers_, services::PeerNodes::Create(peers));
    peer_cities_ = std::make_unique<vouchers::GrpcPeerCities>(peers_.get());
    voucher_options.peers = peer_cities_.get();
  }
  vouchers_ = std::make_unique<vouchers::Vouchers>(*ledger_, *programmes_, voucher_options);
  voucher_reader_ = std::make_unique<vouchers::VoucherReader>(*ledger_);
  const std::vector<std::string>& hosted = ledger_->cities();
  for (const v1::VoucherProgramme* programme : programmes_->All()) {
    if (std::find(hosted.begin(), hosted.end(), programme->city()) == hosted.end()) continue;
    // Programmes of several years may share one fund; it is opened once.
    ASSIGN_OR_RETURN(auto fund, ledger_->GetAccount(programme->city(), programme->fund_account()));
    if (fund.has_value()) continue;
    // ACCOUNT_EXISTS: another node of the city opened it meanwhile; that is fine too.
    const registry::Caller caller{
        "innoledgerd", absl::StrCat("open-programme/", programme->city(), "/",
                                    programme->fiscal_year())};
    absl::Status opened =
        vouchers_->OpenProgramme(caller, programme->city(), programme->fiscal_year());
    if (!opened.ok() && !absl::IsAlreadyExists(opened)) return opened;
    spdlog::info("voucher programme {}-{}: opened fund {}", programme->city(),
                 programme->fiscal_year(), programme->fund_account());
  }
  return absl::OkStatus();
}

absl::Status Server::StartGrpc() {
  grpc::EnableDefaultHealthCheckService(true);
  grpc::reflection::InitProtoReflectionServerBuilderPlugin();
  grpc::ServerBuilder builder;
  ASSIGN_OR_RETURN(std::shared_ptr<grpc::ServerCredentials> credentials, Credentials(options_));
  builder.AddListeningPort(options_.listen_address, credentials, &port_);
  for (const auto& service : services_) builder.RegisterService(service.get());
  builder.SetMaxReceiveMessageSize(options_.max_message_bytes);
  builder.SetMaxSendMessageSize(options_.max_message_bytes);
  grpc_server_ = builder.BuildAndStart();
  if (grpc_server_ == nullptr || port_ == 0) {
    grpc_server_.reset();
    return absl::UnavailableError(
        absl::StrCat("cannot listen on '", options_.listen_address, "' (in use or invalid?)"));
  }
  for (const auto* service : ServedServices()) {
    grpc_server_->GetHealthCheckService()->SetServingStatus(service->full_name(), true);
  }
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
  memtable_metrics_ = std::make_shared<MemtableMetrics>();
  exposer_->RegisterCollectable(memtable_metrics_);
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
