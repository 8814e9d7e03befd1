#ifndef INNOLEDGER_SERVICES_REGISTRY_ASYNC_H_
#define INNOLEDGER_SERVICES_REGISTRY_ASYNC_H_

#include <optional>
#include <utility>

#include "absl/functional/any_invocable.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/notification.h"
#include "google/protobuf/message_lite.h"
#include "storage/errors.h"
#include "storage/types.h"

// Domain writes are asynchronous first, like Ledger::Submit: the gRPC edge must never hold
// a thread while a batch syncs. `done` runs once the outcome is durable, on a sequencer
// thread (or inline when refused before queueing), and must not block. Tests and tools use
// the waiting forms, built on Wait().
namespace innoledger::registry {

template <typename T>
using Done = absl::AnyInvocable<void(absl::StatusOr<T>) &&>;

// Starts `start(done)` and waits for its answer.
template <typename T, typename Start>
absl::StatusOr<T> Wait(Start&& start) {
  absl::Notification answered;
  std::optional<absl::StatusOr<T>> result;
  start([&](absl::StatusOr<T> answer) {
    result.emplace(std::move(answer));
    answered.Notify();
  });
  answered.WaitForNotification();
  return *std::move(result);
}

// A command's outcome body parsed as `Message`.
template <typename Message>
absl::StatusOr<Message> ParseBody(absl::StatusOr<storage::Outcome> outcome) {
  if (!outcome.ok()) return outcome.status();
  Message message;
  if (!message.ParseFromString(outcome->body)) {
    return storage::errors::Corrupt("a command's outcome does not parse");
  }
  return message;
}

}  // namespace innoledger::registry

#endif  // INNOLEDGER_SERVICES_REGISTRY_ASYNC_H_
