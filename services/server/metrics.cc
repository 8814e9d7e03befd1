#include "services/server/metrics.h"

#include <algorithm>
#include <string>

namespace innoledger::services {
namespace {

using prometheus::Histogram;

// Seconds, from 100µs (a cached read) to 5s (a write stuck behind a slow disk).
const Histogram::BucketBoundaries& LatencyBuckets() {
  static const auto* buckets = new Histogram::BucketBoundaries{
      0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5};
  return *buckets;
}

// Commands per group commit: powers of two up to the default batch limit.
const Histogram::BucketBoundaries& BatchBuckets() {
  static const auto* buckets = new Histogram::BucketBoundaries{
      1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024, 2048, 4096};
  return *buckets;
}

double Seconds(absl::Duration duration) { return absl::ToDoubleSeconds(duration); }

}  // namespace

Metrics::Metrics(const std::vector<std::string>& cities, const std::vector<std::string>& methods)
    : registry_(std::make_shared<prometheus::Registry>()),
      requests_(&prometheus::BuildCounter().Name("innoledger_rpc_requests_total")
                     .Help("RPCs finished, by method and status code").Register(*registry_)),
      batches_(&prometheus::BuildCounter().Name("innoledger_batches_total")
                    .Help("Group commits run by a city's sequencer").Register(*registry_)),
      fsyncs_(&prometheus::BuildCounter().Name("innoledger_batch_fsyncs_total")
                   .Help("fsyncs of the write-ahead log (one may cover several group commits)")
                   .Register(*registry_)),
      commands_(&prometheus::BuildCounter().Name("innoledger_commands_total")
                     .Help("Commands in batches, by result: applied, rejected, replayed")
                     .Register(*registry_)),
      write_bytes_(&prometheus::BuildCounter().Name("innoledger_batch_write_bytes_total")
                        .Help("Bytes of RocksDB WriteBatches committed").Register(*registry_)),
      batch_commands_(&prometheus::BuildHistogram().Name("innoledger_batch_commands")
                           .Help("Commands per group commit").Register(*registry_)),
      fsync_seconds_(&prometheus::BuildHistogram().Name("innoledger_batch_fsync_seconds")
                          .Help("Time to write and fsync one batch").Register(*registry_)),
      apply_seconds_(&prometheus::BuildHistogram().Name("innoledger_batch_apply_seconds")
                          .Help("Time to apply one batch's commands").Register(*registry_)),
      writes_in_flight_(&prometheus::BuildGauge().Name("innoledger_writes_in_flight")
                             .Help("Writes queued or being applied, not yet answered")
                             .Register(*registry_).Add({})) {
  auto& latency = prometheus::BuildHistogram().Name("innoledger_rpc_duration_seconds")
                      .Help("RPC latency from handler start to finish, by method")
                      .Register(*registry_);
  for (const std::string& method : methods) {
    latency_by_method_[method] = &latency.Add({{"method", method}}, LatencyBuckets());
  }
  for (const std::string& city : cities) by_city_.emplace(city, MakeCityMetrics(city));
  auto& wal_logs = prometheus::BuildCounter().Name("innoledger_wal_logs_total")
                       .Help("Write-ahead logs RocksDB started: from a pre-written spare, "
                             "or new (no spare was ready; its syncs also write metadata)")
                       .Register(*registry_);
  wal_logs_from_spares_ = &wal_logs.Add({{"start", "spare"}});
  wal_logs_new_ = &wal_logs.Add({{"start", "new"}});
}

void Metrics::OnWalLog(bool from_spare) {
  (from_spare ? wal_logs_from_spares_ : wal_logs_new_)->Increment();
}

Metrics::CityMetrics Metrics::MakeCityMetrics(const std::string& city) {
  const prometheus::Labels labels{{"city", city}};
  auto result = [&](const char* name) {
    return &commands_->Add({{"city", city}, {"result", name}});
  };
  return CityMetrics{&batches_->Add(labels),
                     &fsyncs_->Add(labels),
                     result("applied"),
                     result("rejected"),
                     result("replayed"),
                     &write_bytes_->Add(labels),
                     &batch_commands_->Add(labels, BatchBuckets()),
                     &fsync_seconds_->Add(labels, LatencyBuckets()),
                     &apply_seconds_->Add(labels, LatencyBuckets())};
}

void Metrics::OnRpcDone(absl::string_view method, absl::StatusCode code,
                        absl::Duration latency) {
  requests_->Add({{"method", std::string(method)}, {"code", absl::StatusCodeToString(code)}})
      .Increment();
  auto it = latency_by_method_.find(method);
  if (it != latency_by_method_.end()) it->second->Observe(Seconds(latency));
}

void Metrics::OnWriteQueued() { writes_in_flight_->Increment(); }
void Metrics::OnWriteAnswered() { writes_in_flight_->Decrement(); }

void Metrics::OnBatch(const storage::BatchStats& stats) {
  auto it = by_city_.find(stats.city);
  if (it == by_city_.end()) return;
  const CityMetrics& city = it->second;
  city.batches->Increment();
  if (stats.fsyncs > 0) city.fsyncs->Increment(stats.fsyncs);
  // A replay can also be a rejection (storage counts both); never count below zero.
  city.applied->Increment(std::max(0, stats.commands - stats.rejected - stats.replayed));
  city.rejected->Increment(stats.rejected);
  city.replayed->Increment(stats.replayed);
  city.write_bytes->Increment(static_cast<double>(stats.write_bytes));
  city.batch_commands->Observe(stats.commands);
  if (stats.synced) city.fsync_seconds->Observe(Seconds(stats.write_time));
  city.apply_seconds->Observe(Seconds(stats.apply_time));
}

}  // namespace innoledger::services
