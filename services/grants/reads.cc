#include "services/grants/reads.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "common/status_macros.h"
#include "common/uscc.h"
#include "services/grants/catalogue.h"
#include "services/grants/errors.h"
#include "services/grants/queries.h"
#include "services/grants/requests.h"
#include "services/ledger/convert.h"
#include "services/ledger/page_token.h"
#include "services/ledger/reads.h"
#include "services/registry/acts_for.h"
#include "storage/limits.h"

namespace innoledger::grants {
namespace {

using ledger_service::DecodePageToken;
using ledger_service::EncodePageToken;
using ledger_service::PageFilter;

absl::Status ValidateFiscalYear(int32_t year) {
  if (year >= storage::kMinYear && year <= storage::kMaxYear) return absl::OkStatus();
  return errors::InvalidField("fiscal_year",
                              absl::StrCat(storage::kMinYear, "..", storage::kMaxYear));
}

// An award the caller may see.
absl::StatusOr<v1::AwardRecord> Visible(const GrantsEnv& env, const auth::Principal& caller,
                                        const std::string& city, const std::string& award_id) {
  RETURN_IF_ERROR(ValidateAwardId("award_id", award_id));
  ASSIGN_OR_RETURN(v1::AwardRecord award, GrantsReader(*env.ledger).Get(city, award_id));
  RETURN_IF_ERROR(registry::ActsFor(caller, award.entity()));
  return award;
}

}  // namespace

absl::StatusOr<v1::GetAwardResponse> GetAward(const GrantsEnv& env, const auth::Principal& caller,
                                              const v1::GetAwardRequest& request) {
  v1::GetAwardResponse response;
  ASSIGN_OR_RETURN(*response.mutable_award(),
                   Visible(env, caller, request.city(), request.award_id()));
  return response;
}

absl::StatusOr<v1::ListAwardsResponse> ListAwards(const GrantsEnv& env,
                                                  const auth::Principal& caller,
                                                  const v1::ListAwardsRequest& request) {
  // An enterprise lists by its own entity only.
  RETURN_IF_ERROR(registry::ActsFor(caller, request.entity()));
  if (request.fiscal_year() != 0) RETURN_IF_ERROR(ValidateFiscalYear(request.fiscal_year()));
  ASSIGN_OR_RETURN(int limit, ledger_service::EffectivePageSize(request.page_size()));
  const PageFilter filter{
      "grants_awards",
      {request.city(), request.entity(), request.policy_id(), absl::StrCat(request.fiscal_year())}};
  ASSIGN_OR_RETURN(std::string after_key, DecodePageToken(request.page_token(), filter));
  const AwardFilter by{request.entity(), request.policy_id(), request.fiscal_year()};
  ASSIGN_OR_RETURN(AwardPage page,
                   GrantsReader(*env.ledger).List(request.city(), by, after_key, limit));
  v1::ListAwardsResponse response;
  for (v1::AwardRecord& award : page.awards) *response.add_awards() = std::move(award);
  if (!page.next_after_key.empty()) {
    response.set_next_page_token(EncodePageToken(filter, page.next_after_key));
  }
  return response;
}

absl::StatusOr<v1::GetAwardHistoryResponse> GetAwardHistory(
    const GrantsEnv& env, const auth::Principal& caller,
    const v1::GetAwardHistoryRequest& request) {
  RETURN_IF_ERROR(Visible(env, caller, request.city(), request.award_id()).status());
  ASSIGN_OR_RETURN(int limit, ledger_service::EffectivePageSize(request.page_size()));
  const PageFilter filter{"grants_award_history", {request.city(), request.award_id()}};
  ASSIGN_OR_RETURN(std::string position, DecodePageToken(request.page_token(), filter));
  ASSIGN_OR_RETURN(uint64_t after, ledger_service::ParseSequencePosition(position));
  ASSIGN_OR_RETURN(
      storage::EntryPage page,
      GrantsReader(*env.ledger).History(request.city(), request.award_id(), after, limit));
  v1::GetAwardHistoryResponse response;
  for (const storage::JournalEntry& entry : page.entries) {
    *response.add_entries() = ledger_service::ToProto(entry);
  }
  if (page.next_after_sequence != 0) {
    response.set_next_page_token(
        EncodePageToken(filter, ledger_service::SequencePosition(page.next_after_sequence)));
  }
  return response;
}

absl::StatusOr<v1::GetCapUsageResponse> GetCapUsage(const GrantsEnv& env,
                                                    const auth::Principal& caller,
                                                    const v1::GetCapUsageRequest& request) {
  RETURN_IF_ERROR(ValidateUscc(request.entity()));
  RETURN_IF_ERROR(ValidateFiscalYear(request.fiscal_year()));
  RETURN_IF_ERROR(registry::ActsFor(caller, request.entity()));
  v1::GetCapUsageResponse response;
  for (const v1::Catalogue& catalogue : *env.catalogues) {
    if (!Serves(catalogue, request.city())) continue;
    ASSIGN_OR_RETURN(
        std::vector<v1::CapUsage> rows,
        GrantsReader(*env.ledger)
            .CapUsage(request.city(), catalogue, request.entity(), request.fiscal_year()));
    for (v1::CapUsage& row : rows) *response.add_usage() = std::move(row);
  }
  return response;
}

}  // namespace innoledger::grants
