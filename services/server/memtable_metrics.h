#ifndef INNOLEDGER_SERVICES_SERVER_MEMTABLE_METRICS_H_
#define INNOLEDGER_SERVICES_SERVER_MEMTABLE_METRICS_H_

#include <vector>

#include "prometheus/collectable.h"
#include "prometheus/metric_family.h"

namespace innoledger::services {

// The process-wide pool of memtable memory (storage/memtable_arena.h), read at each
// scrape: chunks mapped by its background thread or, when the pool was empty, by a
// memtable's writer (a sequencer then waited ~0.2 ms: if that counter keeps rising,
// memtables fill faster than the pool keeps up), and chunks waiting in the pool.
class MemtableMetrics final : public prometheus::Collectable {
 public:
  std::vector<prometheus::MetricFamily> Collect() const override;
};

}  // namespace innoledger::services

#endif  // INNOLEDGER_SERVICES_SERVER_MEMTABLE_METRICS_H_
