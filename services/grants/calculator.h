#ifndef INNOLEDGER_SERVICES_GRANTS_CALCULATOR_H_
#define INNOLEDGER_SERVICES_GRANTS_CALCULATOR_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "innoledger/v1/awards.pb.h"
#include "innoledger/v1/catalogue.pb.h"
#include "services/grants/facts.h"

namespace innoledger::grants {

// What is already used of each cap the rule has, read atomically by the caller (inside the
// sequencer for an approval, from the durable state for a dry run).
struct CapUsage {
  int64_t item_fen = 0;         // this item (contract, platform …), all years
  int64_t entity_year_fen = 0;  // this entity, this fiscal year
  int64_t budget_year_fen = 0;  // the programme, this fiscal year
  std::string once_award_id;    // the award that used a once-per-entity policy ("": none)
};

// Checks eligibility and computes the award, with every step in words: the base and the
// rate (or the fixed amount, the grade, the tranche), then each cap — its limit, what was
// used, the headroom and what it cut; a cap reached part-way pays the headroom and says so.
// Stepped rules report year 1's tranche and are not cut (their tranches are fixed; only a
// budget applies, when each is paid). Mixed rules count only the grant part.
// FAILED_PRECONDITION: NOT_ELIGIBLE (which condition), ALREADY_AWARDED (once per entity),
// CAP_REACHED (nothing left); INVALID_ARGUMENT: FACT_MISSING, INVALID_AMOUNT.
absl::StatusOr<v1::AwardComputation> Compute(const v1::Policy& policy, const Facts& facts,
                                             const CapUsage& usage);

// The fiscal years of a multi-year award's tranches: `count` consecutive years from
// `first_year`, each marked when it falls after the policy's window and whether that
// stops it (after_expiry STOP) or not (HONOUR).
struct TrancheYear {
  int32_t fiscal_year = 0;
  bool after_window = false;
  bool stopped = false;
};
std::vector<TrancheYear> TrancheYears(const v1::Policy& policy, int32_t first_year, int count);

}  // namespace innoledger::grants

#endif  // INNOLEDGER_SERVICES_GRANTS_CALCULATOR_H_
