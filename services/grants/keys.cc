#include "services/grants/keys.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"

namespace innoledger::grants {

std::string AwardKey(absl::string_view award_id) { return absl::StrCat("grants/award/", award_id); }
std::string OnceKey(absl::string_view policy_id, absl::string_view entity) {
  return absl::StrCat("grants/once/", policy_id, "/", entity);
}
std::string OpenAwardsKey(absl::string_view entity) { return absl::StrCat("grants/open/", entity); }
std::string OrderKey(absl::string_view order_id) { return absl::StrCat("grants/order/", order_id); }

std::string EntityIndexPrefix(absl::string_view entity) {
  return absl::StrCat("grants/by_entity/", entity, "/");
}
std::string EntityIndexKey(absl::string_view entity, absl::string_view award_id) {
  return absl::StrCat(EntityIndexPrefix(entity), award_id);
}
// Years are four digits, so keys sort by year.
std::string PolicyIndexPrefix(absl::string_view policy_id, int32_t fiscal_year) {
  std::string prefix = absl::StrCat("grants/by_policy/", policy_id, "/");
  if (fiscal_year != 0) absl::StrAppend(&prefix, absl::StrFormat("%04d/", fiscal_year));
  return prefix;
}
std::string PolicyIndexKey(absl::string_view policy_id, int32_t fiscal_year,
                           absl::string_view award_id) {
  return absl::StrCat(PolicyIndexPrefix(policy_id, fiscal_year), award_id);
}
std::string YearIndexPrefix(int32_t fiscal_year) {
  return absl::StrFormat("grants/by_year/%04d/", fiscal_year);
}
std::string YearIndexKey(int32_t fiscal_year, absl::string_view award_id) {
  return absl::StrCat(YearIndexPrefix(fiscal_year), award_id);
}
// Award ids never contain '/' (requests.cc refuses them).
std::string AwardIdOfIndexKey(absl::string_view key) {
  return std::string(key.substr(key.rfind('/') + 1));
}

std::string PayableAccount(absl::string_view entity) { return absl::StrCat("payable:", entity); }
std::string InvestmentAccount(absl::string_view entity) {
  return absl::StrCat("investment:", entity);
}
std::string ClearingAccount(absl::string_view fund) { return absl::StrCat("clearing:", fund); }

std::string ItemScope(const v1::Policy& policy, absl::string_view item) {
  return absl::StrCat(policy.id(), "/item/", item);
}
std::string EntityYearScope(absl::string_view policy_id, absl::string_view entity) {
  return absl::StrCat(policy_id, "/entity/", entity);
}
std::string BudgetScope(absl::string_view policy_id) { return absl::StrCat(policy_id, "/budget"); }

}  // namespace innoledger::grants
