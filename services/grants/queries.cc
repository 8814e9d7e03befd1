#include "services/grants/queries.h"

#include <set>

#include "absl/strings/str_cat.h"
#include "common/status_macros.h"
#include "services/grants/award_store.h"
#include "services/grants/catalogue.h"
#include "services/grants/errors.h"
#include "services/grants/keys.h"
#include "services/grants/usage.h"

namespace innoledger::grants {
namespace {

absl::StatusOr<std::string> IndexPrefix(const AwardFilter& filter) {
  const int chosen = !filter.entity.empty() + !filter.policy_id.empty();
  if (chosen > 1) return errors::InvalidField("filter", "by entity or by policy, not both");
  if (!filter.entity.empty()) {
    if (filter.fiscal_year != 0)
      return errors::InvalidField("filter", "by entity lists every year");
    return EntityIndexPrefix(filter.entity);
  }
  if (!filter.policy_id.empty()) return PolicyIndexPrefix(filter.policy_id, filter.fiscal_year);
  if (filter.fiscal_year == 0)
    return errors::InvalidField("filter", "name an entity, a policy or a year");
  return YearIndexPrefix(filter.fiscal_year);
}

// Whether the policy's window touches the fiscal year.
bool InForceDuring(const v1::Policy& policy, int32_t fiscal_year) {
  return policy.effective_from() <= absl::StrCat(fiscal_year, "-12-31") &&
         policy.effective_to() >= absl::StrCat(fiscal_year, "-01-01");
}

}  // namespace

absl::StatusOr<v1::AwardRecord> GrantsReader::Get(const std::string& city,
                                                  const std::string& award_id) const {
  return LoadAward(LedgerReader(ledger_, city), award_id);
}

absl::StatusOr<AwardPage> GrantsReader::List(const std::string& city, const AwardFilter& filter,
                                             const std::string& after_key, int limit) const {
  ASSIGN_OR_RETURN(std::string prefix, IndexPrefix(filter));
  ASSIGN_OR_RETURN(auto keys, ledger_.ListRecords(city, prefix, after_key, limit));
  AwardPage page;
  const LedgerReader partition(ledger_, city);
  for (const auto& [key, unused] : keys) {
    ASSIGN_OR_RETURN(v1::AwardRecord award, LoadAward(partition, AwardIdOfIndexKey(key)));
    page.awards.push_back(std::move(award));
  }
  if (static_cast<int>(keys.size()) == limit) page.next_after_key = keys.back().first;
  return page;
}

absl::StatusOr<storage::EntryPage> GrantsReader::History(const std::string& city,
                                                         const std::string& award_id,
                                                         uint64_t after_sequence, int limit) const {
  return ledger_.ListByReference(city, "award", award_id, after_sequence, limit);
}

absl::StatusOr<std::vector<v1::CapUsage>> GrantsReader::CapUsage(const std::string& city,
                                                                 const v1::Catalogue& catalogue,
                                                                 const std::string& entity,
                                                                 int32_t fiscal_year) const {
  const LedgerReader partition(ledger_, city);
  std::vector<v1::CapUsage> rows;
  std::set<std::string> seen;  // one row per policy id, from its first version in force
  // A policy out of force that year still has a row when money was counted under it then:
  // tranches honoured after the window count in the year they become payable.
  for (bool in_force : {true, false}) {
    for (const v1::Policy& policy : catalogue.policies()) {
      if (InForceDuring(policy, fiscal_year) != in_force || seen.count(policy.id())) continue;
      ASSIGN_OR_RETURN(grants::CapUsage usage,
                       ReadUsage(partition, policy, entity, "", fiscal_year));
      if (!in_force && usage.entity_year_fen == 0) continue;
      seen.insert(policy.id());
      v1::CapUsage& row = rows.emplace_back();
      row.set_policy_id(policy.id());
      row.set_fiscal_year(fiscal_year);
      row.set_used_fen(usage.entity_year_fen);
      row.set_limit_fen(policy.caps().per_entity_year_fen());
      row.set_once_award_id(usage.once_award_id);
    }
  }
  return rows;
}

}  // namespace innoledger::grants
