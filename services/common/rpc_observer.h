#ifndef INNOLEDGER_SERVICES_COMMON_RPC_OBSERVER_H_
#define INNOLEDGER_SERVICES_COMMON_RPC_OBSERVER_H_

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"

namespace innoledger::services {

// What a service reports about its calls, for metrics. Kept free of gRPC and Prometheus
// types so services depend on neither; the server implements it (services/server/metrics.h).
// Methods are called from gRPC and sequencer threads at once: implementations are
// thread-safe and cheap.
class RpcObserver {
 public:
  virtual ~RpcObserver() = default;

  // A call finished with `code` after `latency`. `method` is the RPC's short name.
  virtual void OnRpcDone(absl::string_view method, absl::StatusCode code,
                         absl::Duration latency) = 0;
  // A write was queued to / answered by a sequencer: the difference is the queue depth.
  virtual void OnWriteQueued() = 0;
  virtual void OnWriteAnswered() = 0;
};

// Observes nothing, for callers (tests) that want no metrics.
class NullRpcObserver final : public RpcObserver {
 public:
  void OnRpcDone(absl::string_view, absl::StatusCode, absl::Duration) override {}
  void OnWriteQueued() override {}
  void OnWriteAnswered() override {}
};

}  // namespace innoledger::services

#endif  // INNOLEDGER_SERVICES_COMMON_RPC_OBSERVER_H_
