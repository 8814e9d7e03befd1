#ifndef INNOLEDGER_SERVICES_GRANTS_ERRORS_H_
#define INNOLEDGER_SERVICES_GRANTS_ERRORS_H_

#include <cstdint>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"

// One factory per grants error, each with its code and stable reason (docs/errors.md,
// "Grants"). FAILED_PRECONDITION means the state must change before a retry can succeed.
namespace innoledger::grants::errors {

// INVALID_ARGUMENT
absl::Status InvalidField(absl::string_view field, absl::string_view why);   // INVALID_REQUEST
absl::Status FactMissing(absl::string_view policy, absl::string_view fact);  // FACT_MISSING
absl::Status InvalidAmount(absl::string_view what, int64_t amount_fen);      // INVALID_AMOUNT
absl::Status CatalogueInvalid(absl::string_view file, absl::string_view lines);

// NOT_FOUND
absl::Status CatalogueNotFound(absl::string_view file);
absl::Status PolicyNotInForce(absl::string_view policy, absl::string_view city,
                              absl::string_view day);
absl::Status AwardNotFound(absl::string_view award_id);
absl::Status TrancheNotFound(absl::string_view award_id, int32_t fiscal_year);

// ALREADY_EXISTS
absl::Status AwardExists(absl::string_view award_id, absl::string_view state);
absl::Status OrderExists(absl::string_view order_id);

// FAILED_PRECONDITION
absl::Status NotEligible(absl::string_view policy, int condition, absl::string_view what);
absl::Status GradeDoesNotPay(absl::string_view policy, int64_t grade);
absl::Status AlreadyAwarded(absl::string_view policy, absl::string_view award_id);
absl::Status CapReached(absl::string_view policy, absl::string_view cap);
absl::Status ApplicationMismatch(absl::string_view award_id, absl::string_view field);
absl::Status AwardNotApproved(absl::string_view award_id, absl::string_view state);
absl::Status TrancheNotDue(absl::string_view award_id, int32_t fiscal_year,
                           absl::string_view state);
absl::Status InvestmentOverAllowance(absl::string_view award_id, int64_t allowance_fen,
                                     int64_t wanted_fen);
absl::Status WrongFund(absl::string_view award_id, absl::string_view fund,
                       absl::string_view order_fund);
absl::Status NothingPayable(absl::string_view award_id);
absl::Status AwardDisbursed(absl::string_view award_id, int64_t disbursed_fen);
absl::Status BadRecordNotCleared(absl::string_view entity);
absl::Status TooManyOpenAwards(absl::string_view entity, int limit);

}  // namespace innoledger::grants::errors

#endif  // INNOLEDGER_SERVICES_GRANTS_ERRORS_H_
