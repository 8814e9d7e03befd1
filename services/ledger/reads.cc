#include "services/ledger/reads.h"

#include <algorithm>
#include <string>
#include <utility>

#include "common/status_macros.h"
#include "services/common/errors.h"
#include "services/ledger/convert.h"
#include "services/ledger/page_token.h"
#include "storage/errors.h"
#include "storage/limits.h"

namespace innoledger::ledger_service {
namespace {

// One page of entries: asks storage for the page after the token's position and issues
// the token for the next one.
template <typename Response, typename List>
absl::StatusOr<Response> ListEntries(const PageFilter& filter, int32_t page_size,
                                     absl::string_view page_token, List list) {
  ASSIGN_OR_RETURN(int limit, EffectivePageSize(page_size));
  ASSIGN_OR_RETURN(std::string position, DecodePageToken(page_token, filter));
  ASSIGN_OR_RETURN(uint64_t after_sequence, ParseSequencePosition(position));
  ASSIGN_OR_RETURN(storage::EntryPage page, list(after_sequence, limit));
  Response response;
  for (const storage::JournalEntry& entry : page.entries) {
    *response.add_entries() = ToProto(entry);
  }
  if (page.next_after_sequence != 0) {
    response.set_next_page_token(
        EncodePageToken(filter, SequencePosition(page.next_after_sequence)));
  }
  return response;
}

}  // namespace

absl::StatusOr<int> EffectivePageSize(int32_t page_size) {
  if (page_size < 0) return services::errors::InvalidField("page_size", "must not be negative");
  if (page_size == 0) return kDefaultPageSize;
  return std::min<int>(page_size, storage::kMaxPageSize);
}

absl::StatusOr<v1::GetHeadResponse> GetHead(const storage::Ledger& ledger,
                                            const v1::GetHeadRequest& request) {
  ASSIGN_OR_RETURN(storage::Head head, ledger.GetHead(request.city()));
  v1::GetHeadResponse response;
  *response.mutable_head() = ToProto(request.city(), head);
  return response;
}

absl::StatusOr<v1::GetEntryResponse> GetEntry(const storage::Ledger& ledger,
                                              const v1::GetEntryRequest& request) {
  ASSIGN_OR_RETURN(auto entry, ledger.GetEntry(request.city(), request.sequence()));
  if (!entry) return storage::errors::EntryNotFound(request.sequence());
  ASSIGN_OR_RETURN(auto state, ledger.GetEntryState(request.city(), request.sequence()));
  v1::GetEntryResponse response;
  *response.mutable_entry() = ToProto(*entry);
  *response.mutable_state() = ToProto(state.value_or(storage::EntryState{}));
  return response;
}

absl::StatusOr<v1::GetAccountResponse> GetAccount(const storage::Ledger& ledger,
                                                  const v1::GetAccountRequest& request) {
  ASSIGN_OR_RETURN(auto account, ledger.GetAccount(request.city(), request.account()));
  if (!account) return storage::errors::AccountNotFound(request.account());
  v1::GetAccountResponse response;
  *response.mutable_account() = ToProto(*account);
  return response;
}

// Pages by account id; one extra account tells whether another page follows.
absl::StatusOr<v1::ListAccountsResponse> ListAccounts(const storage::Ledger& ledger,
                                                      const v1::ListAccountsRequest& request) {
  const PageFilter filter{"accounts", {request.city()}};
  ASSIGN_OR_RETURN(int limit, EffectivePageSize(request.page_size()));
  ASSIGN_OR_RETURN(std::string after_id, DecodePageToken(request.page_token(), filter));
  const int fetch = std::min(limit + 1, storage::kMaxPageSize);
  ASSIGN_OR_RETURN(std::vector<storage::AccountState> accounts,
                   ledger.ListAccounts(request.city(), after_id, fetch));
  v1::ListAccountsResponse response;
  for (size_t i = 0; i < accounts.size() && response.accounts_size() < limit; ++i) {
    *response.add_accounts() = ToProto(accounts[i]);
  }
  // At the largest page size there is no room to peek: a full page may be followed by an
  // empty last one.
  const bool full = accounts.size() == static_cast<size_t>(fetch);
  if (accounts.size() > static_cast<size_t>(limit) || (fetch == limit && full)) {
    response.set_next_page_token(EncodePageToken(filter, response.accounts().rbegin()->id()));
  }
  return response;
}

absl::StatusOr<v1::ListEntriesByAccountResponse> ListEntriesByAccount(
    const storage::Ledger& ledger, const v1::ListEntriesByAccountRequest& request) {
  return ListEntries<v1::ListEntriesByAccountResponse>(
      {"entries_by_account", {request.city(), request.account()}}, request.page_size(),
      request.page_token(), [&](uint64_t after, int limit) {
        return ledger.ListByAccount(request.city(), request.account(), after, limit);
      });
}

absl::StatusOr<v1::ListEntriesByReferenceResponse> ListEntriesByReference(
    const storage::Ledger& ledger, const v1::ListEntriesByReferenceRequest& request) {
  return ListEntries<v1::ListEntriesByReferenceResponse>(
      {"entries_by_reference", {request.city(), request.key(), request.value()}},
      request.page_size(), request.page_token(), [&](uint64_t after, int limit) {
        return ledger.ListByReference(request.city(), request.key(), request.value(), after,
                                      limit);
      });
}

absl::StatusOr<v1::VerifyRangeResponse> VerifyRange(const storage::Ledger& ledger,
                                                    const v1::VerifyRangeRequest& request) {
  ASSIGN_OR_RETURN(storage::Head head, ledger.GetHead(request.city()));
  const uint64_t from = std::max<uint64_t>(request.from_sequence(), 1);
  uint64_t to = request.to_sequence() == 0 ? head.sequence : request.to_sequence();
  const bool cut = to >= from && to - from >= kMaxVerifyEntriesPerCall;
  if (cut) to = from + kMaxVerifyEntriesPerCall - 1;
  // An empty journal has nothing to verify: storage reports it as an empty range.
  if (head.sequence == 0) to = 0;
  ASSIGN_OR_RETURN(storage::VerifyReport report, ledger.Verify(request.city(), from, to));
  v1::VerifyRangeResponse response;
  response.set_from_sequence(report.from_sequence);
  response.set_to_sequence(report.to_sequence);
  response.set_entries_checked(report.entries_checked);
  response.set_last_hash(DigestBytes(report.last_hash));
  response.set_complete(!cut);
  return response;
}

}  // namespace innoledger::ledger_service
