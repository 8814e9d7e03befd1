#include "services/server/memtable_metrics.h"

#include <string>

#include "prometheus/client_metric.h"
#include "storage/memtable_arena.h"

namespace innoledger::services {

std::vector<prometheus::MetricFamily> MemtableMetrics::Collect() const {
  const storage::MemtableChunkCounts counts = storage::GetMemtableChunkCounts();
  auto counter = [](const std::string& by, int64_t value) {
    prometheus::ClientMetric metric;
    metric.label.push_back({"by", by});
    metric.counter.value = static_cast<double>(value);
    return metric;
  };
  prometheus::MetricFamily mapped{
      "innoledger_memtable_chunks_mapped_total",
      "1 MiB chunks of memtable memory mapped, by the pool's thread (filler) or by a "
      "memtable's writer because the pool was empty (writer)",
      prometheus::MetricType::Counter,
      {counter("filler", counts.mapped - counts.mapped_inline),
       counter("writer", counts.mapped_inline)}};
  prometheus::ClientMetric free;
  free.gauge.value = static_cast<double>(counts.free);
  prometheus::MetricFamily waiting{"innoledger_memtable_chunks_free",
                                   "Chunks of memtable memory mapped and waiting in the pool",
                                   prometheus::MetricType::Gauge, {free}};
  return {mapped, waiting};
}

}  // namespace innoledger::services
