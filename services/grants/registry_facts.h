#ifndef INNOLEDGER_SERVICES_GRANTS_REGISTRY_FACTS_H_
#define INNOLEDGER_SERVICES_GRANTS_REGISTRY_FACTS_H_

#include "services/grants/facts.h"

namespace innoledger::grants {

// The registry's facts about an entity, read from the awarding city's partition: an entity
// is "registered in the zone" for a city's awards when that city's registry holds it (its
// home city), and "bad_record" is 1 while the registry has a bad record set. Inside a
// command the read sees the earlier commands of the batch, so a bad record set just before
// blocks the award after it.
class RegistryFacts final : public EntityFacts {
 public:
  absl::StatusOr<Facts> Lookup(const PartitionReader& partition,
                               absl::string_view entity) const override;
};

}  // namespace innoledger::grants

#endif  // INNOLEDGER_SERVICES_GRANTS_REGISTRY_FACTS_H_
