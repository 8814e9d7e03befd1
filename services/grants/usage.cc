#include "services/grants/usage.h"

#include "common/status_macros.h"
#include "services/grants/keys.h"

namespace innoledger::grants {

absl::StatusOr<CapUsage> ReadUsage(const PartitionReader& partition, const v1::Policy& policy,
                                   absl::string_view entity, absl::string_view item,
                                   int32_t fiscal_year) {
  CapUsage usage;
  const v1::Caps& caps = policy.caps();
  if (caps.per_item_fen() > 0) {
    ASSIGN_OR_RETURN(usage.item_fen, partition.CapUsed(ItemScope(policy, item), 0));
  }
  ASSIGN_OR_RETURN(usage.entity_year_fen,
                   partition.CapUsed(EntityYearScope(policy.id(), entity), fiscal_year));
  if (caps.budget_per_year_fen() > 0) {
    ASSIGN_OR_RETURN(usage.budget_year_fen,
                     partition.CapUsed(BudgetScope(policy.id()), fiscal_year));
  }
  // A clawback clears the mark to "": the entity may be awarded again.
  ASSIGN_OR_RETURN(auto once, partition.GetRecord(OnceKey(policy.id(), entity)));
  if (once.has_value()) usage.once_award_id = *once;
  return usage;
}

}  // namespace innoledger::grants
