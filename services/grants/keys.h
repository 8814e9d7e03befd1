#ifndef INNOLEDGER_SERVICES_GRANTS_KEYS_H_
#define INNOLEDGER_SERVICES_GRANTS_KEYS_H_

#include <cstdint>
#include <string>

#include "absl/strings/string_view.h"
#include "innoledger/v1/catalogue.pb.h"

// Names the grants domain gives things in a city's partition (docs/grants.md lists them):
// record keys, index keys, accounts and cap scopes. One place, so the commands, the dry
// run and the queries can never disagree.
namespace innoledger::grants {

// ---- Records.
std::string AwardKey(absl::string_view award_id);                            // v1::AwardRecord
std::string OnceKey(absl::string_view policy_id, absl::string_view entity);  // → award id
std::string OpenAwardsKey(absl::string_view entity);                         // v1::OpenAwards
std::string OrderKey(absl::string_view order_id);                            // v1::PaymentOrder

// ---- Indexes: empty values under keys that sort by what a query filters on.
std::string EntityIndexPrefix(absl::string_view entity);
std::string EntityIndexKey(absl::string_view entity, absl::string_view award_id);
std::string PolicyIndexPrefix(absl::string_view policy_id, int32_t fiscal_year);  // year 0: all
std::string PolicyIndexKey(absl::string_view policy_id, int32_t fiscal_year,
                           absl::string_view award_id);
std::string YearIndexPrefix(int32_t fiscal_year);
std::string YearIndexKey(int32_t fiscal_year, absl::string_view award_id);
// The award id at the end of any index key.
std::string AwardIdOfIndexKey(absl::string_view key);

// ---- Accounts.
std::string PayableAccount(absl::string_view entity);     // beneficiary payable
std::string InvestmentAccount(absl::string_view entity);  // the innovation fund's stake
std::string ClearingAccount(absl::string_view fund);      // where a fund's payments leave

// ---- Cap scopes (the ledger keys them by fiscal year; items are lifetime).
std::string ItemScope(const v1::Policy& policy, absl::string_view item);
std::string EntityYearScope(absl::string_view policy_id, absl::string_view entity);
std::string BudgetScope(absl::string_view policy_id);

}  // namespace innoledger::grants

#endif  // INNOLEDGER_SERVICES_GRANTS_KEYS_H_
