#include "storage/partition_writer.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "common/check.h"
#include "common/china_time.h"
#include "common/money.h"
#include "common/status_macros.h"
#include "storage/errors.h"
#include "storage/format.h"
#include "storage/limits.h"
#include "storage/validate.h"

namespace innoledger::storage {

using format::Cf;

int32_t PartitionWriter::Today() const { return DaysSinceEpoch(params_.today); }

absl::StatusOr<JournalEntry> PartitionWriter::Transact(const TransactionRequest& request) {
  RETURN_IF_ERROR(ValidateRequest(request));
  Staging::Scope scope(*staging_);
  Staging& staging = *staging_;
  Head head = *head_;
  for (const NewAccount& account : request.open_accounts) {
    ASSIGN_OR_RETURN(auto existing, LatestAccount(staging, account.id));
    if (existing) return errors::AccountExists(account.id);
    // Opening lists no entry: the entry that opens it shows up in its history only if it
    // also posts to it.
    StageAccount(staging, {account.id, account.type, 0, 0, 0, head.sequence + 1},
                 head.sequence + 1, /*listed=*/false);
  }
  ASSIGN_OR_RETURN(Accounts accounts, LoadAccounts(staging, request.postings));
  RETURN_IF_ERROR(ApplyPostings(request.pending ? PostingMode::kReserve : PostingMode::kPost,
                                request.postings, accounts));
  const absl::CivilDay value_date =
      request.value_date ? *request.value_date : params_.today;
  const int32_t value_date_days = DaysSinceEpoch(value_date);
  const int32_t fiscal_year = static_cast<int32_t>(value_date.year());
  ASSIGN_OR_RETURN(std::vector<CapDelta> caps, ConsumeCaps(staging, request.caps, fiscal_year));

  JournalEntry entry;
  entry.type = request.pending ? EntryType::kPending : EntryType::kPosted;
  entry.value_date_days = value_date_days;
  entry.kind = request.kind;
  entry.policy_version = request.policy_version;
  entry.memo = request.memo;
  entry.references = request.references;
  entry.opened = request.open_accounts;
  entry.postings = request.postings;
  entry.caps = std::move(caps);
  if (request.hold_timeout > absl::ZeroDuration()) {
    entry.hold_expires_at_us = absl::ToUnixMicros(params_.now + request.hold_timeout);
  }
  entry = Append(staging, head, std::move(entry));
  StageAccounts(staging, accounts, entry);
  if (request.pending) {
    StageEntryState(staging, entry.sequence,
                    {EntryStatus::kHoldPending, 0, entry.hold_expires_at_us});
    if (entry.hold_expires_at_us != 0) {
      staging.Put(Cf::kIndex,
                  format::ExpiryIndexKey(params_.city, entry.hold_expires_at_us, entry.sequence),
                  "");
    }
  }
  scope.Keep();
  *head_ = head;
  return entry;
}

absl::StatusOr<JournalEntry> PartitionWriter::PostPending(uint64_t hold_sequence,
                                                          absl::string_view memo) {
  RETURN_IF_ERROR(ValidateText("memo", memo, kMaxMemoLength));
  Staging::Scope scope(*staging_);
  Staging& staging = *staging_;
  Head head = *head_;
  ASSIGN_OR_RETURN(EntryState state, LoadHoldState(staging, hold_sequence));
  if (state.hold_expires_at_us != 0 &&
      absl::ToUnixMicros(params_.now) >= state.hold_expires_at_us) {
    return errors::HoldExpired(hold_sequence);
  }
  ASSIGN_OR_RETURN(JournalEntry hold, LoadEntry(staging, hold_sequence));
  ASSIGN_OR_RETURN(Accounts accounts, LoadAccounts(staging, hold.postings));
  RETURN_IF_ERROR(ApplyPostings(PostingMode::kPostHold, hold.postings, accounts));

  JournalEntry entry;
  entry.type = EntryType::kPostPending;
  entry.value_date_days = Today();
  entry.kind = hold.kind;
  entry.policy_version = hold.policy_version;
  entry.memo = std::string(memo);
  entry.references = hold.references;
  entry.postings = hold.postings;
  entry.target_sequence = hold_sequence;
  entry = Append(staging, head, std::move(entry));
  StageAccounts(staging, accounts, entry);
  StageEntryState(staging, hold_sequence,
                  {EntryStatus::kHoldPosted, entry.sequence, state.hold_expires_at_us});
  scope.Keep();
  *head_ = head;
  return entry;
}

absl::StatusOr<JournalEntry> PartitionWriter::VoidPending(uint64_t hold_sequence,
                                                          absl::string_view memo) {
  RETURN_IF_ERROR(ValidateText("memo", memo, kMaxMemoLength));
  return ReleaseHold(hold_sequence, EntryType::kVoidPending, memo);
}

absl::StatusOr<JournalEntry> PartitionWriter::ExpirePending(uint64_t hold_sequence) {
  return ReleaseHold(hold_sequence, EntryType::kExpirePending, "hold expired");
}

absl::StatusOr<JournalEntry> PartitionWriter::ReleaseHold(uint64_t hold_sequence,
                                                          EntryType type,
                                                          absl::string_view memo) {
  Staging::Scope scope(*staging_);
  Staging& staging = *staging_;
  Head head = *head_;
  ASSIGN_OR_RETURN(EntryState state, LoadHoldState(staging, hold_sequence));
  ASSIGN_OR_RETURN(JournalEntry hold, LoadEntry(staging, hold_sequence));
  ASSIGN_OR_RETURN(Accounts accounts, LoadAccounts(staging, hold.postings));
  RETURN_IF_ERROR(ApplyPostings(PostingMode::kReleaseHold, hold.postings, accounts));
  ASSIGN_OR_RETURN(std::vector<CapDelta> caps, RestoreCaps(staging, hold.caps));

  JournalEntry entry;
  entry.type = type;
  entry.value_date_days = Today();
  entry.kind = hold.kind;
  entry.policy_version = hold.policy_version;
  entry.memo = std::string(memo);
  entry.references = hold.references;
  entry.caps = std::move(caps);
  entry.target_sequence = hold_sequence;
  entry = Append(staging, head, std::move(entry));
  StageAccounts(staging, accounts, entry);
  EntryStatus status =
      type == EntryType::kVoidPending ? EntryStatus::kHoldVoided : EntryStatus::kHoldExpired;
  StageEntryState(staging, hold_sequence, {status, entry.sequence, state.hold_expires_at_us});
  scope.Keep();
  *head_ = head;
  return entry;
}

absl::StatusOr<JournalEntry> PartitionWriter::Reverse(uint64_t sequence,
                                                      absl::string_view memo) {
  RETURN_IF_ERROR(ValidateText("memo", memo, kMaxMemoLength));
  Staging::Scope scope(*staging_);
  Staging& staging = *staging_;
  Head head = *head_;
  ASSIGN_OR_RETURN(JournalEntry original, LoadEntry(staging, sequence));
  if (original.type != EntryType::kPosted && original.type != EntryType::kPostPending) {
    return errors::NotReversible(sequence, absl::StrCat("it is a ", EntryTypeName(original.type),
                                                        " entry; only posted entries reverse"));
  }
  if (original.postings.empty()) return errors::NotReversible(sequence, "it moves no money");
  ASSIGN_OR_RETURN(auto state, GetEntryState(sequence));
  if (state && state->status == EntryStatus::kReversed) {
    return errors::AlreadyReversed(sequence, state->resolved_by);
  }
  std::vector<Posting> negated = original.postings;
  for (Posting& posting : negated) posting.amount_fen = -posting.amount_fen;
  ASSIGN_OR_RETURN(Accounts accounts, LoadAccounts(staging, negated));
  RETURN_IF_ERROR(ApplyPostings(PostingMode::kPost, negated, accounts));
  // The caps a posted hold consumed were recorded on the hold itself.
  std::vector<CapDelta> consumed = original.caps;
  if (original.type == EntryType::kPostPending) {
    ASSIGN_OR_RETURN(JournalEntry hold, LoadEntry(staging, original.target_sequence));
    consumed = hold.caps;
  }
  ASSIGN_OR_RETURN(std::vector<CapDelta> caps, RestoreCaps(staging, consumed));

  JournalEntry entry;
  entry.type = EntryType::kReversal;
  entry.value_date_days = Today();
  entry.kind = original.kind;
  entry.policy_version = original.policy_version;
  entry.memo = std::string(memo);
  entry.references = original.references;
  entry.postings = std::move(negated);
  entry.caps = std::move(caps);
  entry.target_sequence = sequence;
  entry = Append(staging, head, std::move(entry));
  StageAccounts(staging, accounts, entry);
  StageEntryState(staging, sequence, {EntryStatus::kReversed, entry.sequence, 0});
  scope.Keep();
  *head_ = head;
  return entry;
}

absl::StatusOr<PartitionWriter::Accounts> PartitionWriter::LoadAccounts(
    const Staging& staging, const std::vector<Posting>& postings) const {
  Accounts accounts;
  for (const Posting& posting : postings) {
    ASSIGN_OR_RETURN(std::optional<AccountState> state, LatestAccount(staging, posting.account));
    if (!state) return errors::AccountNotFound(posting.account);
    accounts.emplace(posting.account, *std::move(state));
  }
  return accounts;
}

namespace {
absl::Status Add(int64_t& total, int64_t delta, absl::string_view account) {
  auto sum = CheckedAddFen(total, delta);
  if (!sum) return errors::AmountOverflow(absl::StrCat("the balance of '", account, "'"));
  total = *sum;
  return absl::OkStatus();
}
}  // namespace

// kPost and kReserve are where money is promised, so they check funds; posting or
// releasing a hold only moves what the hold already reserved.
absl::Status PartitionWriter::ApplyPostings(PostingMode mode, const std::vector<Posting>& postings,
                                            Accounts& accounts) const {
  for (const Posting& posting : postings) {
    AccountState& account = accounts.at(posting.account);
    const int64_t amount = posting.amount_fen;
    const int64_t outflow = amount < 0 ? -amount : 0;
    const int64_t inflow = amount > 0 ? amount : 0;
    const bool checks_funds = mode == PostingMode::kPost || mode == PostingMode::kReserve;
    if (checks_funds && outflow > 0 && !AccountMayGoNegative(account.type) &&
        account.available_fen() < outflow) {
      return errors::InsufficientFunds(posting.account, account.available_fen(), outflow);
    }
    switch (mode) {
      case PostingMode::kPost:
        RETURN_IF_ERROR(Add(account.posted_fen, amount, posting.account));
        break;
      case PostingMode::kReserve:
        RETURN_IF_ERROR(Add(account.pending_out_fen, outflow, posting.account));
        RETURN_IF_ERROR(Add(account.pending_in_fen, inflow, posting.account));
        break;
      case PostingMode::kPostHold:
        RETURN_IF_ERROR(Add(account.posted_fen, amount, posting.account));
        [[fallthrough]];
      case PostingMode::kReleaseHold:
        account.pending_out_fen -= outflow;
        account.pending_in_fen -= inflow;
        LEDGER_CHECK(account.pending_out_fen >= 0 && account.pending_in_fen >= 0);
        break;
    }
    LEDGER_CHECK(AccountMayGoNegative(account.type) || account.available_fen() >= 0);
  }
  return absl::OkStatus();
}

absl::StatusOr<std::vector<CapDelta>> PartitionWriter::ConsumeCaps(
    Staging& staging, const std::vector<CapUse>& caps, int32_t fiscal_year) const {
  std::vector<CapDelta> deltas;
  for (const CapUse& cap : caps) {
    int32_t year = cap.lifetime ? 0 : fiscal_year;
    std::string key = format::CapKey(params_.city, cap.scope, year);
    ASSIGN_OR_RETURN(auto value, staging.Get(Cf::kCaps, key));
    int64_t used_fen = 0;
    if (value) {
      ASSIGN_OR_RETURN(used_fen, format::DecodeI64(*value));
    }
    auto after = CheckedAddFen(used_fen, cap.amount_fen);
    if (!after || *after > cap.limit_fen) {
      return errors::CapExceeded(cap.scope, year, used_fen, cap.limit_fen, cap.amount_fen);
    }
    staging.Put(Cf::kCaps, std::move(key), format::EncodeI64(*after));
    deltas.push_back({cap.scope, year, cap.amount_fen, cap.limit_fen});
  }
  return deltas;
}

absl::StatusOr<std::vector<CapDelta>> PartitionWriter::RestoreCaps(
    Staging& staging, const std::vector<CapDelta>& consumed) const {
  std::vector<CapDelta> deltas;
  for (const CapDelta& cap : consumed) {
    LEDGER_CHECK(cap.amount_fen > 0);
    std::string key = format::CapKey(params_.city, cap.scope, cap.fiscal_year);
    ASSIGN_OR_RETURN(auto value, staging.Get(Cf::kCaps, key));
    LEDGER_CHECK(value.has_value());
    ASSIGN_OR_RETURN(int64_t used_fen, format::DecodeI64(*value));
    LEDGER_CHECK(used_fen >= cap.amount_fen);
    staging.Put(Cf::kCaps, std::move(key), format::EncodeI64(used_fen - cap.amount_fen));
    deltas.push_back({cap.scope, cap.fiscal_year, -cap.amount_fen, cap.limit_fen});
  }
  return deltas;
}

absl::StatusOr<EntryState> PartitionWriter::LoadHoldState(const Staging& staging,
                                                          uint64_t hold_sequence) const {
  ASSIGN_OR_RETURN(auto value,
                   staging.Get(Cf::kStatus, format::StatusKey(params_.city, hold_sequence)));
  if (!value) return errors::HoldNotFound(hold_sequence);
  ASSIGN_OR_RETURN(EntryState state, format::DecodeEntryState(*value));
  switch (state.status) {
    case EntryStatus::kHoldPending: return state;
    case EntryStatus::kHoldPosted: return errors::HoldNotPending(hold_sequence, "posted");
    case EntryStatus::kHoldVoided: return errors::HoldNotPending(hold_sequence, "voided");
    case EntryStatus::kHoldExpired: return errors::HoldExpired(hold_sequence);
    default: return errors::HoldNotFound(hold_sequence);
  }
}

absl::StatusOr<JournalEntry> PartitionWriter::LoadEntry(const Staging& staging,
                                                        uint64_t sequence) const {
  ASSIGN_OR_RETURN(auto value,
                   staging.Get(Cf::kJournal, format::JournalKey(params_.city, sequence)));
  if (!value) return errors::EntryNotFound(sequence);
  return format::DecodeJournalValue(*value);
}

JournalEntry PartitionWriter::Append(Staging& staging, Head& head, JournalEntry entry) const {
  entry.sequence = head.sequence + 1;
  entry.committed_at_us = absl::ToUnixMicros(params_.now);
  entry.principal = std::string(params_.principal);
  entry.request_id = std::string(params_.request_id);
  std::string canonical = format::CanonicalEntryBytes(entry);
  entry.hash = format::ChainHash(head.hash, canonical);
  std::string key = format::JournalKey(params_.city, entry.sequence);
#ifndef NDEBUG
  // Append-only: the next sequence can never exist yet. Start-up checks that nothing lies
  // beyond the head and only this writer appends, so release builds skip the lookup.
  auto existing = staging.Get(Cf::kJournal, key);
  LEDGER_CHECK(existing.ok() && !existing->has_value());
#endif
  canonical.append(reinterpret_cast<const char*>(entry.hash.data()), entry.hash.size());
  staging.Put(Cf::kJournal, std::move(key), std::move(canonical));
  for (const Reference& reference : entry.references) {
    Index(staging, format::ReferenceIndexPrefix(params_.city, reference.key, reference.value),
          entry.sequence);
  }
  head = Head{entry.sequence, entry.hash, entry.committed_at_us};
  return entry;
}

// One index key per reference per batch: the batch's first entry with it names the key,
// later ones add their sequence to its value. (Accounts list their entries in their
// history, StageAccount.)
void PartitionWriter::Index(Staging& staging, std::string prefix, uint64_t sequence) const {
  auto staged = staging.FindPut(Cf::kIndex, prefix, 8);
  if (!staged) {
    staging.Put(Cf::kIndex, format::AppendSequence(std::move(prefix), sequence), "");
    return;
  }
  const absl::string_view value = staged->value();
  const uint64_t last =
      *format::TrailingSequence(value.empty() ? staged->key() : value);  // value: 8 bytes each
  if (last == sequence) return;  // the entry names this reference twice
  std::string more;
  format::AppendIndexSequence(more, sequence);
  staging.AppendToPut(*staged, more);
}

void PartitionWriter::StageAccounts(Staging& staging, const Accounts& accounts,
                                    const JournalEntry& entry) const {
  for (const auto& [id, account] : accounts) {
    const bool listed =
        std::any_of(entry.postings.begin(), entry.postings.end(),
                    [&id = id](const Posting& posting) { return posting.account == id; });
    StageAccount(staging, account, entry.sequence, listed);
  }
}

// An account's history gets one key per batch, named by the first entry of the batch that
// changed the account; later changes in the batch overwrite the record at the head of its
// value in place and append their entry, so a hot account (the fund behind every
// redemption) costs RocksDB one key a batch, for its state and its list of entries both.
void PartitionWriter::StageAccount(Staging& staging, const AccountState& account,
                                   uint64_t sequence, bool listed) const {
  std::string prefix = format::AccountHistoryPrefix(params_.city, account.id);
  std::string record = format::EncodeAccount(account);
  auto staged = staging.FindPut(Cf::kAccounts, prefix, 8);
  if (!staged) {
    if (listed) format::AppendIndexSequence(record, sequence);
    staging.Put(Cf::kAccounts, format::AppendSequence(std::move(prefix), sequence),
                std::move(record));
    return;
  }
  const bool listed_already = staged->value().size() > format::kAccountRecordBytes &&
                              format::TrailingSequence(staged->value()) == sequence;
  staging.OverwriteHeadOfPut(*staged, record);
  if (listed && !listed_already) {
    std::string more;
    format::AppendIndexSequence(more, sequence);
    staging.AppendToPut(*staged, more);
  }
}

absl::StatusOr<std::optional<AccountState>> PartitionWriter::LatestAccount(
    const Staging& staging, absl::string_view id) const {
  ASSIGN_OR_RETURN(auto record,
                   staging.GetLatest(Cf::kAccounts, format::AccountHistoryPrefix(params_.city, id)));
  if (!record) return std::nullopt;
  ASSIGN_OR_RETURN(AccountState state, format::DecodeAccount(id, *record));
  return state;
}

void PartitionWriter::StageEntryState(Staging& staging, uint64_t sequence,
                                      const EntryState& state) const {
  staging.Put(Cf::kStatus, format::StatusKey(params_.city, sequence),
              format::EncodeEntryState(state));
}

absl::StatusOr<std::optional<AccountState>> PartitionWriter::GetAccount(absl::string_view id) {
  return LatestAccount(*staging_, id);
}

absl::StatusOr<int64_t> PartitionWriter::CapUsed(absl::string_view scope, int32_t fiscal_year) {
  ASSIGN_OR_RETURN(auto value,
                   staging_->Get(Cf::kCaps, format::CapKey(params_.city, scope, fiscal_year)));
  if (!value) return 0;
  return format::DecodeI64(*value);
}

absl::StatusOr<std::optional<EntryState>> PartitionWriter::GetEntryState(uint64_t sequence) {
  ASSIGN_OR_RETURN(auto value, staging_->Get(Cf::kStatus, format::StatusKey(params_.city, sequence)));
  if (!value) return std::nullopt;
  ASSIGN_OR_RETURN(EntryState state, format::DecodeEntryState(*value));
  return state;
}

absl::StatusOr<std::optional<JournalEntry>> PartitionWriter::GetEntry(uint64_t sequence) {
  auto entry = LoadEntry(*staging_, sequence);
  if (absl::IsNotFound(entry.status())) return std::nullopt;
  if (!entry.ok()) return entry.status();
  return *std::move(entry);
}

absl::StatusOr<std::optional<std::string>> PartitionWriter::GetRecord(absl::string_view key) {
  return staging_->Get(Cf::kRecords, format::RecordKey(params_.city, key));
}

void PartitionWriter::PutRecord(absl::string_view key, absl::string_view value) {
  LEDGER_CHECK(value.size() <= kMaxRecordValueBytes);
  staging_->Put(Cf::kRecords, format::RecordKey(params_.city, key), std::string(value));
}

}  // namespace innoledger::storage
