#ifndef INNOLEDGER_SERVICES_GRANTS_TESTING_IN_MEMORY_ENTITY_FACTS_H_
#define INNOLEDGER_SERVICES_GRANTS_TESTING_IN_MEMORY_ENTITY_FACTS_H_

#include <string>

#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_map.h"
#include "absl/synchronization/mutex.h"
#include "services/grants/facts.h"

namespace innoledger::grants::testing {

// A registry stand-in for tests: every entity is registered in the zone with no bad
// record unless a test says otherwise. Thread-safe: commands read it on the sequencer.
class InMemoryEntityFacts final : public EntityFacts {
 public:
  absl::StatusOr<Facts> Lookup(const PartitionReader&, absl::string_view entity) const override {
    absl::MutexLock lock(&mutex_);
    auto it = facts_.find(entity);
    if (it != facts_.end()) return it->second;
    return Facts{{kRegisteredInZoneFact, 1}, {kBadRecordFact, 0}};
  }

  void Set(const std::string& entity, Facts facts) {
    absl::MutexLock lock(&mutex_);
    facts_[entity] = std::move(facts);
  }
  void SetBadRecord(const std::string& entity, bool bad) {
    Set(entity, {{kRegisteredInZoneFact, 1}, {kBadRecordFact, bad ? 1 : 0}});
  }

 private:
  mutable absl::Mutex mutex_;
  absl::flat_hash_map<std::string, Facts> facts_ ABSL_GUARDED_BY(mutex_);
};

}  // namespace innoledger::grants::testing

#endif  // INNOLEDGER_SERVICES_GRANTS_TESTING_IN_MEMORY_ENTITY_FACTS_H_
