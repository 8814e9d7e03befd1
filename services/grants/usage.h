#ifndef INNOLEDGER_SERVICES_GRANTS_USAGE_H_
#define INNOLEDGER_SERVICES_GRANTS_USAGE_H_

#include <cstdint>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "innoledger/v1/catalogue.pb.h"
#include "services/grants/calculator.h"
#include "services/grants/facts.h"

namespace innoledger::grants {

// What is used of each cap of `policy` for this entity, item and fiscal year, and who had
// a once-per-entity award: inside a command through ContextReader (atomic with the
// approval), for a dry run or a query through LedgerReader.
absl::StatusOr<CapUsage> ReadUsage(const PartitionReader& partition, const v1::Policy& policy,
                                   absl::string_view entity, absl::string_view item,
                                   int32_t fiscal_year);

}  // namespace innoledger::grants

#endif  // INNOLEDGER_SERVICES_GRANTS_USAGE_H_
