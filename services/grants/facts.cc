#include "services/grants/facts.h"

#include "common/status_macros.h"

namespace innoledger::grants {

absl::StatusOr<Facts> DecisionFacts(const EntityFacts* entity_facts,
                                    const PartitionReader& partition, absl::string_view entity,
                                    const Facts& stated) {
  Facts facts = stated;
  if (entity_facts == nullptr) return facts;
  ASSIGN_OR_RETURN(Facts known, entity_facts->Lookup(partition, entity));
  for (const auto& [name, value] : known) facts[name] = value;
  return facts;
}

}  // namespace innoledger::grants
