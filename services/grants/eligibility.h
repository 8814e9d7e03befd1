#ifndef INNOLEDGER_SERVICES_GRANTS_ELIGIBILITY_H_
#define INNOLEDGER_SERVICES_GRANTS_ELIGIBILITY_H_

#include "absl/status/status.h"
#include "innoledger/v1/catalogue.pb.h"
#include "services/grants/facts.h"

namespace innoledger::grants {

// Every eligibility condition of `policy` holds for `facts`: FAILED_PRECONDITION
// (NOT_ELIGIBLE) naming the first that does not, in words with the stated values;
// INVALID_ARGUMENT (FACT_MISSING) when a fact a condition needs is absent. Ratios compare
// without division, in 128 bits: numerator × 10000 OP value_bp × denominator.
absl::Status CheckEligible(const v1::Policy& policy, const Facts& facts);

// A fact the rule needs: FACT_MISSING when absent.
absl::StatusOr<int64_t> RequireFact(const v1::Policy& policy, const Facts& facts,
                                    const std::string& name);

}  // namespace innoledger::grants

#endif  // INNOLEDGER_SERVICES_GRANTS_ELIGIBILITY_H_
