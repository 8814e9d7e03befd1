#ifndef INNOLEDGER_SERVICES_SERVER_METRICS_H_
#define INNOLEDGER_SERVICES_SERVER_METRICS_H_

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "prometheus/counter.h"
#include "prometheus/family.h"
#include "prometheus/gauge.h"
#include "prometheus/histogram.h"
#include "prometheus/registry.h"
#include "services/common/rpc_observer.h"
#include "storage/ledger.h"

namespace innoledger::services {

// The daemon's Prometheus metrics (docs/operations.md lists them). Every series whose
// labels are known up front (cities, methods) is created here, so the hot paths only
// touch atomics; the requests counter is keyed by (method, code) on first use.
class Metrics final : public RpcObserver {
 public:
  Metrics(const std::vector<std::string>& cities, const std::vector<std::string>& methods);

  std::shared_ptr<prometheus::Registry> registry() const { return registry_; }

  void OnRpcDone(absl::string_view method, absl::StatusCode code,
                 absl::Duration latency) override;
  void OnWriteQueued() override;
  void OnWriteAnswered() override;
  // LedgerOptions::on_batch: runs on a sequencer thread after every batch.
  void OnBatch(const storage::BatchStats& stats);
  // LedgerOptions::on_wal_log: RocksDB started a write-ahead log.
  void OnWalLog(bool from_spare);

 private:
  struct CityMetrics {
    prometheus::Counter* batches;
    prometheus::Counter* fsyncs;
    prometheus::Counter* applied;
    prometheus::Counter* rejected;
    prometheus::Counter* replayed;
    prometheus::Counter* write_bytes;
    prometheus::Histogram* batch_commands;
    prometheus::Histogram* fsync_seconds;
    prometheus::Histogram* apply_seconds;
  };
  CityMetrics MakeCityMetrics(const std::string& city);

  std::shared_ptr<prometheus::Registry> registry_;
  prometheus::Family<prometheus::Counter>* requests_;
  prometheus::Family<prometheus::Counter>* batches_;
  prometheus::Family<prometheus::Counter>* fsyncs_;
  prometheus::Family<prometheus::Counter>* commands_;
  prometheus::Family<prometheus::Counter>* write_bytes_;
  prometheus::Family<prometheus::Histogram>* batch_commands_;
  prometheus::Family<prometheus::Histogram>* fsync_seconds_;
  prometheus::Family<prometheus::Histogram>* apply_seconds_;
  prometheus::Gauge* writes_in_flight_;
  prometheus::Counter* wal_logs_from_spares_;
  prometheus::Counter* wal_logs_new_;
  // Fixed after construction: read without locks.
  std::map<std::string, prometheus::Histogram*, std::less<>> latency_by_method_;
  std::map<std::string, CityMetrics, std::less<>> by_city_;
};

}  // namespace innoledger::services

#endif  // INNOLEDGER_SERVICES_SERVER_METRICS_H_
