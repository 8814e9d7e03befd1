#ifndef INNOLEDGER_SERVICES_GRANTS_QUERIES_H_
#define INNOLEDGER_SERVICES_GRANTS_QUERIES_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "innoledger/v1/awards.pb.h"
#include "innoledger/v1/catalogue.pb.h"
#include "innoledger/v1/grants.pb.h"
#include "storage/ledger.h"

// Reads of the grants domain over a city's last durable state. Each is a point read or an
// index walk (O(log n + page)); none scans the journal.
namespace innoledger::grants {

// Which awards to list: by entity; or by policy (in one fiscal year, or every year when
// fiscal_year is 0); or by fiscal year alone. Exactly one of entity / policy_id / year-only.
struct AwardFilter {
  std::string entity = {};
  std::string policy_id = {};
  int32_t fiscal_year = 0;
};

struct AwardPage {
  std::vector<v1::AwardRecord> awards;
  std::string next_after_key;  // "": no more; else pass as after_key for the next page
};

class GrantsReader {
 public:
  explicit GrantsReader(const storage::Ledger& ledger) : ledger_(ledger) {}

  // NOT_FOUND (AWARD_NOT_FOUND).
  absl::StatusOr<v1::AwardRecord> Get(const std::string& city, const std::string& award_id) const;
  // Awards matching `filter`, in key order after `after_key`, at most `limit`
  // (1..kMaxPageSize). INVALID_ARGUMENT (INVALID_REQUEST) for a filter that is not one.
  absl::StatusOr<AwardPage> List(const std::string& city, const AwardFilter& filter,
                                 const std::string& after_key, int limit) const;
  // Every journal entry of the award, in order: filing, approval, tranches, assessments,
  // holds, investments, the payment order, clawback and its reversals.
  absl::StatusOr<storage::EntryPage> History(const std::string& city, const std::string& award_id,
                                             uint64_t after_sequence, int limit) const;
  // The entity's usage of every policy of `catalogue` in force during `fiscal_year`: what
  // it received under each against the yearly cap, and its once-per-entity award if made.
  absl::StatusOr<std::vector<v1::CapUsage>> CapUsage(const std::string& city,
                                                     const v1::Catalogue& catalogue,
                                                     const std::string& entity,
                                                     int32_t fiscal_year) const;

 private:
  const storage::Ledger& ledger_;
};

}  // namespace innoledger::grants

#endif  // INNOLEDGER_SERVICES_GRANTS_QUERIES_H_
