#include "services/ledger/convert.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "common/china_time.h"
#include "common/status_macros.h"
#include "services/common/errors.h"
#include "storage/limits.h"

namespace innoledger::ledger_service {
namespace {

using services::errors::InvalidField;

absl::StatusOr<std::vector<storage::NewAccount>> ToNewAccounts(
    const google::protobuf::RepeatedPtrField<v1::NewAccount>& accounts) {
  std::vector<storage::NewAccount> result;
  result.reserve(accounts.size());
  for (const v1::NewAccount& account : accounts) {
    ASSIGN_OR_RETURN(storage::AccountType type, ToAccountType(account.type()));
    result.push_back({account.id(), type});
  }
  return result;
}

std::vector<storage::Posting> ToPostings(
    const google::protobuf::RepeatedPtrField<v1::Posting>& postings) {
  std::vector<storage::Posting> result;
  result.reserve(postings.size());
  for (const v1::Posting& posting : postings) result.push_back({posting.account(), posting.amount_fen()});
  return result;
}

std::vector<storage::Reference> ToReferences(
    const google::protobuf::RepeatedPtrField<v1::Reference>& references) {
  std::vector<storage::Reference> result;
  result.reserve(references.size());
  for (const v1::Reference& reference : references) {
    result.push_back({reference.key(), reference.value()});
  }
  return result;
}

std::vector<storage::CapUse> ToCaps(const google::protobuf::RepeatedPtrField<v1::CapUse>& caps) {
  std::vector<storage::CapUse> result;
  result.reserve(caps.size());
  for (const v1::CapUse& cap : caps) {
    result.push_back({cap.scope(), cap.amount_fen(), cap.limit_fen(), cap.lifetime()});
  }
  return result;
}

// Refuse oversized repeated fields before copying them: the ledger would refuse them too,
// but only after we had spent the memory.
absl::Status CheckSizes(const v1::SubmitTransactionRequest& request) {
  if (static_cast<size_t>(request.postings_size()) > storage::kMaxPostings) {
    return InvalidField("postings", absl::StrCat("at most ", storage::kMaxPostings));
  }
  if (static_cast<size_t>(request.references_size()) > storage::kMaxReferences) {
    return InvalidField("references", absl::StrCat("at most ", storage::kMaxReferences));
  }
  if (static_cast<size_t>(request.caps_size()) > storage::kMaxCaps) {
    return InvalidField("caps", absl::StrCat("at most ", storage::kMaxCaps));
  }
  if (static_cast<size_t>(request.open_accounts_size()) > storage::kMaxOpenAccounts) {
    return InvalidField("open_accounts", absl::StrCat("at most ", storage::kMaxOpenAccounts));
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<storage::TransactionRequest> ToTransactionRequest(
    const v1::SubmitTransactionRequest& request) {
  RETURN_IF_ERROR(CheckSizes(request));
  storage::TransactionRequest result;
  result.kind = request.kind();
  ASSIGN_OR_RETURN(result.open_accounts, ToNewAccounts(request.open_accounts()));
  result.postings = ToPostings(request.postings());
  result.references = ToReferences(request.references());
  result.caps = ToCaps(request.caps());
  if (!request.value_date().empty()) {
    ASSIGN_OR_RETURN(result.value_date, ParseValueDate(request.value_date()));
  }
  result.policy_version = request.policy_version();
  result.memo = request.memo();
  result.pending = request.pending();
  if (request.hold_timeout_seconds() < 0) {
    return InvalidField("hold_timeout_seconds", "must be 0 (never) or positive");
  }
  result.hold_timeout = absl::Seconds(request.hold_timeout_seconds());
  return result;
}

absl::StatusOr<absl::CivilDay> ParseValueDate(absl::string_view text) {
  absl::CivilDay day;
  // The round trip rejects what ParseCivilTime would normalise or accept loosely
  // ("2026-02-30", "+2026-1-5").
  if (text.size() != 10 || !absl::ParseCivilTime(text, &day) ||
      absl::FormatCivilTime(day) != text) {
    return InvalidField("value_date", absl::StrCat("'", text, "' is not a YYYY-MM-DD day"));
  }
  return day;
}

absl::StatusOr<storage::AccountType> ToAccountType(v1::AccountType type) {
  const int value = static_cast<int>(type);
  if (value < 1 || value > storage::kMaxAccountType) {
    return InvalidField("type", absl::StrCat("account type ", value, " is not one we know"));
  }
  return static_cast<storage::AccountType>(value);
}

// The proto enums share the storage numbering on purpose (static_asserts in the test).
v1::AccountType ToProto(storage::AccountType type) { return static_cast<v1::AccountType>(type); }
v1::EntryType ToProto(storage::EntryType type) { return static_cast<v1::EntryType>(type); }
// EntryStatus is shifted by one: proto3 needs 0 to mean "unspecified".
v1::EntryStatus ToProto(storage::EntryStatus status) {
  return static_cast<v1::EntryStatus>(static_cast<int>(status) + 1);
}

std::string DigestBytes(const storage::Digest& digest) {
  return std::string(reinterpret_cast<const char*>(digest.data()), digest.size());
}

std::string FormatValueDate(int32_t days) {
  return absl::FormatCivilTime(DayFromEpochDays(days));
}

v1::JournalEntry ToProto(const storage::JournalEntry& entry) {
  v1::JournalEntry out;
  out.set_sequence(entry.sequence);
  out.set_committed_at_us(entry.committed_at_us);
  out.set_value_date(FormatValueDate(entry.value_date_days));
  out.set_type(ToProto(entry.type));
  out.set_kind(entry.kind);
  out.set_principal(entry.principal);
  out.set_request_id(entry.request_id);
  out.set_policy_version(entry.policy_version);
  out.set_memo(entry.memo);
  for (const auto& reference : entry.references) {
    auto* added = out.add_references();
    added->set_key(reference.key);
    added->set_value(reference.value);
  }
  for (const auto& account : entry.opened) {
    auto* added = out.add_opened();
    added->set_id(account.id);
    added->set_type(ToProto(account.type));
  }
  for (const auto& posting : entry.postings) {
    auto* added = out.add_postings();
    added->set_account(posting.account);
    added->set_amount_fen(posting.amount_fen);
  }
  for (const auto& cap : entry.caps) {
    auto* added = out.add_caps();
    added->set_scope(cap.scope);
    added->set_fiscal_year(cap.fiscal_year);
    added->set_amount_fen(cap.amount_fen);
    added->set_limit_fen(cap.limit_fen);
  }
  out.set_target_sequence(entry.target_sequence);
  out.set_hold_expires_at_us(entry.hold_expires_at_us);
  out.set_hash(DigestBytes(entry.hash));
  return out;
}

v1::AccountState ToProto(const storage::AccountState& account) {
  v1::AccountState out;
  out.set_id(account.id);
  out.set_type(ToProto(account.type));
  out.set_posted_fen(account.posted_fen);
  out.set_pending_in_fen(account.pending_in_fen);
  out.set_pending_out_fen(account.pending_out_fen);
  out.set_available_fen(account.available_fen());
  out.set_opened_sequence(account.opened_sequence);
  return out;
}

v1::EntryState ToProto(const storage::EntryState& state) {
  v1::EntryState out;
  out.set_status(ToProto(state.status));
  out.set_resolved_by_sequence(state.resolved_by);
  out.set_hold_expires_at_us(state.hold_expires_at_us);
  return out;
}

v1::Head ToProto(absl::string_view city, const storage::Head& head) {
  v1::Head out;
  out.set_city(std::string(city));
  out.set_sequence(head.sequence);
  out.set_hash(DigestBytes(head.hash));
  out.set_committed_at_us(head.committed_at_us);
  return out;
}

}  // namespace innoledger::ledger_service
