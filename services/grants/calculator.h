#ifndef INNOLEDGER_SERVICES_GRANTS_CALCULATOR_H_
#define INNOLEDGER_SERVICES_GRANTS_CALCULATOR_H_

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "innoledger/v1/catalogue.pb.h"

namespace innoledger::grants {

// The facts an application states: amounts in fen, counts, flags as 0/1, ids as numbers
// where a rule needs them (the item a per-item cap is about is named separately).
using Facts = std::map<std::string, int64_t>;

// What is already used of each cap the rule has, read atomically by the caller.
struct CapUsage {
  int64_t item_fen = 0;         // this item (contract, platform …), all years
  int64_t entity_year_fen = 0;  // this entity, this fiscal year
  int64_t entity_ever = 0;      // awards of this policy this entity has had
  int64_t budget_year_fen = 0;  // the programme, this fiscal year
};

// The amount and how it came about, in words a bureau can check by hand.
struct Computation {
  int64_t amount_fen = 0;       // what this award pays now (year 1 for stepped rules)
  int64_t uncapped_fen = 0;     // before caps
  std::string bound_by;         // "" or the cap that cut it: per_item, per_entity_year, budget
  int64_t cut_fen = 0;          // how much the cap took off
  std::vector<std::string> steps;  // "3% of 20000000.00 = 600000.00", "capped at …"
};

// Checks eligibility and computes the award. FAILED_PRECONDITION with reason NOT_ELIGIBLE
// (which condition failed), ALREADY_AWARDED (once per entity), CAP_REACHED (nothing left);
// INVALID_ARGUMENT (FACT_MISSING) when a fact the rule needs is absent.
absl::StatusOr<Computation> Compute(const v1::Policy& policy, const Facts& facts,
                                    const CapUsage& usage);

// A stepped rule's tranches by fiscal year from `approval_year`; tranches in years after
// the policy's window are kept or dropped per after_expiry.
struct Tranche {
  int32_t fiscal_year = 0;
  int64_t amount_fen = 0;
  bool after_window = false;
};
std::vector<Tranche> Schedule(const v1::Policy& policy, int32_t approval_year);

}  // namespace innoledger::grants

#endif  // INNOLEDGER_SERVICES_GRANTS_CALCULATOR_H_
