#ifndef INNOLEDGER_SERVICES_SERVER_SERVER_H_
#define INNOLEDGER_SERVICES_SERVER_SERVER_H_

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "services/auth/identity.h"
#include "services/auth/limiter.h"
#include "storage/ledger.h"

namespace grpc {
class Server;
class Service;
}
namespace prometheus {
class Exposer;
}
namespace innoledger::audit {
class AuditLog;
}
namespace innoledger::registry {
class Registry;
}
namespace innoledger::vouchers {
class GrpcPeerCities;
class Programmes;
class Vouchers;
class VoucherReader;
}
namespace innoledger::grants {
class CatalogueStore;
class RegistryFacts;
}

namespace innoledger::services {

class MemtableMetrics;
class Metrics;
class PeerNodes;

struct ServerOptions {
  // "host:port"; port 0 picks a free one (read it back with port()).
  std::string listen_address;
  // Prometheus /metrics, "host:port" on loopback; empty: no metrics endpoint.
  std::string metrics_listen_address;
  // The node's data: the ledger in <data_dir>/ledger, the audit trail in <data_dir>/audit.
  std::string data_dir;
  // Cities and limits; ledger.data_dir is <data_dir>/ledger. The server sets on_batch
  // itself (for metrics).
  storage::LedgerOptions ledger;
  // mTLS files (PEM paths); all three are required unless insecure_dev.
  struct Tls {
    std::string cert_file;
    std::string key_file;
    std::string client_ca_file;
  } tls;
  // No TLS; identities from x-innoledger-principal metadata (services/auth/identity.h).
  // Only loopback listen addresses are accepted with it.
  bool insecure_dev = false;
  // Per-principal concurrency and rate limits.
  auth::LimiterOptions limits;
  // Policy catalogues to load and check at start.
  std::vector<std::string> policy_catalogues;
  // Voucher programme files to load and check at start; each programme's fund is opened.
  std::vector<std::string> voucher_programmes;
  // Per-city set-up: the node of each city not hosted here, city → "host:port".
  std::map<std::string, std::string> peers;
  // Largest gRPC message received or sent.
  int max_message_bytes = 4 * 1024 * 1024;
  // Shutdown(): how long in-flight calls may take before they are cancelled.
  absl::Duration shutdown_grace = absl::Seconds(10);
};

// One innoledgerd node: the ledger of its cities behind a gRPC server (LedgerService,
// RegistryService, VouchersService, GrantsService, AuditService, standard health checking,
// server reflection) and a Prometheus endpoint.
class Server {
 public:
  // Opens the ledger and starts serving. FAILED_PRECONDITION for an unsafe set-up (no
  // --insecure_dev, or a non-loopback address with it), the ledger's errors when it does
  // not open, UNAVAILABLE when an address cannot be bound.
  static absl::StatusOr<std::unique_ptr<Server>> Create(ServerOptions options);

  ~Server();  // Shutdown()s

  int port() const { return port_; }
  int metrics_port() const { return metrics_port_; }  // 0: no metrics endpoint

  // Graceful stop: health turns NOT_SERVING, no new calls are accepted, calls in flight
  // get until the grace deadline (queued writes still commit: the ledger keeps running
  // meanwhile), then the ledger finishes its queue and closes. Idempotent; blocks.
  void Shutdown();

 private:
  explicit Server(ServerOptions options);
  absl::Status Start();
  absl::Status StartGrpc();
  absl::Status StartMetrics();
  // Loads the voucher programmes and opens each one's fund in its city (idempotent).
  absl::Status StartVouchers();

  ServerOptions options_;
  int port_ = 0;
  int metrics_port_ = 0;
  // Declared in construction order; destroyed in reverse (the ledger's batches report to
  // metrics, the service calls the ledger, the gRPC server runs the service).
  std::unique_ptr<Metrics> metrics_;
  std::unique_ptr<storage::Ledger> ledger_;
  std::unique_ptr<audit::AuditLog> audit_;
  std::unique_ptr<grants::CatalogueStore> catalogues_;
  std::unique_ptr<vouchers::Programmes> programmes_;
  std::unique_ptr<registry::Registry> registry_;
  std::unique_ptr<grants::RegistryFacts> registry_facts_;
  std::unique_ptr<services::PeerNodes> peers_;
  std::unique_ptr<vouchers::GrpcPeerCities> peer_cities_;
  std::unique_ptr<vouchers::Vouchers> vouchers_;
  std::unique_ptr<vouchers::VoucherReader> voucher_reader_;
  std::unique_ptr<auth::IdentityReader> identity_;
  std::unique_ptr<auth::Limiter> limiter_;
  std::vector<std::unique_ptr<grpc::Service>> services_;
  std::unique_ptr<grpc::Server> grpc_server_;
  std::unique_ptr<prometheus::Exposer> exposer_;
  std::shared_ptr<MemtableMetrics> memtable_metrics_;  // the exposer holds it weakly
  absl::Mutex shutdown_mu_;
  bool shut_down_ ABSL_GUARDED_BY(shutdown_mu_) = false;
};

// True for "host:port" whose host is loopback (127.0.0.0/8, ::1, localhost) and for
// unix-domain sockets ("unix:..."): addresses no other machine can reach.
bool IsLoopbackAddress(absl::string_view address);

}  // namespace innoledger::services

#endif  // INNOLEDGER_SERVICES_SERVER_SERVER_H_
