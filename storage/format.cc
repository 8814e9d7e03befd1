#include "storage/format.h"

#include "absl/strings/str_cat.h"
#include "common/money.h"
#include "common/status_macros.h"
#include "storage/encoding.h"
#include "storage/errors.h"
#include "storage/limits.h"
#include "storage/sha256.h"
#include "storage/validate.h"

namespace innoledger::storage::format {

static_assert(sizeof(Digest) == 32, "the chain is SHA-256");

const char* CfName(int cf) {
  static const char* const kNames[kCfCount] = {
      "default", "journal", "accounts", "caps", "idempotency",
      "status",  "index",   "records",  "meta"};
  return kNames[cf];
}

namespace {
constexpr absl::string_view kSep("\0", 1);
}  // namespace

std::string PartitionPrefix(absl::string_view city) { return absl::StrCat(city, kSep); }

namespace {
constexpr char kNul = '\0';
std::string Join(std::initializer_list<absl::string_view> parts) {
  std::string out;
  size_t size = parts.size();  // the separators, and one to spare
  for (absl::string_view part : parts) size += part.size();
  out.reserve(size);
  bool first = true;
  for (absl::string_view part : parts) {
    if (!first) out.push_back(kNul);
    out.append(part.data(), part.size());
    first = false;
  }
  return out;
}
}  // namespace

std::string AppendSequence(std::string prefix, uint64_t sequence) {
  Encoder e;
  e.U64(sequence);
  prefix.append(e.out());
  return prefix;
}

std::optional<uint64_t> TrailingSequence(absl::string_view key) {
  if (key.size() < 8) return std::nullopt;
  Decoder d(key.substr(key.size() - 8));
  uint64_t sequence = 0;
  if (!d.U64(&sequence)) return std::nullopt;
  return sequence;
}

void AppendIndexSequence(std::string& value, uint64_t sequence) {
  Encoder e;
  e.U64(sequence);
  value.append(e.out());
}

absl::StatusOr<std::vector<uint64_t>> DecodeIndexSequences(absl::string_view key,
                                                           absl::string_view value) {
  std::optional<uint64_t> first = TrailingSequence(key);
  if (!first || *first == 0 || value.size() % 8 != 0) {
    return errors::Corrupt("index record does not decode");
  }
  std::vector<uint64_t> sequences = {*first};
  sequences.reserve(1 + value.size() / 8);
  Decoder d(value);
  for (uint64_t next = 0; !d.Done();) {
    if (!d.U64(&next) || next <= sequences.back()) {
      return errors::Corrupt(absl::StrCat("index record of entry ", *first,
                                          " lists sequences out of order"));
    }
    sequences.push_back(next);
  }
  return sequences;
}

std::string JournalKey(absl::string_view city, uint64_t sequence) {
  return AppendSequence(PartitionPrefix(city), sequence);
}
std::string AccountHistoryPrefix(absl::string_view city, absl::string_view account) {
  return absl::StrCat(city, kSep, account, kSep);  // one allocation: built for every posting
}
std::string CapKey(absl::string_view city, absl::string_view scope, int32_t fiscal_year) {
  Encoder e;
  e.I32(fiscal_year);
  return absl::StrCat(Join({city, scope}), kSep, e.out());
}
std::string IdempotencyKey(absl::string_view city, absl::string_view principal,
                           absl::string_view request_id) {
  return Join({city, principal, request_id});
}
std::string StatusKey(absl::string_view city, uint64_t sequence) {
  return JournalKey(city, sequence);
}
std::string ReferenceIndexPrefix(absl::string_view city, absl::string_view key,
                                 absl::string_view value) {
  return absl::StrCat(PartitionPrefix(city), "r", key, kSep, value, kSep);
}
std::string ExpiryIndexPrefix(absl::string_view city) {
  return absl::StrCat(PartitionPrefix(city), "x");
}
std::string ExpiryIndexKey(absl::string_view city, int64_t expires_at_us, uint64_t sequence) {
  Encoder e;
  e.I64(expires_at_us);  // expiry times are positive, so big-endian bytes sort by time
  e.U64(sequence);
  return absl::StrCat(ExpiryIndexPrefix(city), e.out());
}
bool DecodeExpiryIndexKey(absl::string_view key, absl::string_view prefix, int64_t* expires_at_us,
                          uint64_t* sequence) {
  if (key.size() != prefix.size() + 16 || key.substr(0, prefix.size()) != prefix) return false;
  Decoder d(key.substr(prefix.size()));
  return d.I64(expires_at_us) && d.U64(sequence) && d.Done();
}
std::string RecordKey(absl::string_view city, absl::string_view key) { return Join({city, key}); }
std::string HeadKey(absl::string_view city) { return Join({city, "head"}); }
std::string ExpiryCursorKey(absl::string_view city) { return Join({city, "expiry_cursor"}); }

std::string CanonicalEntryBytes(const JournalEntry& entry) {
  Encoder e(kTypicalEntryBytes);
  e.U8(kEntryFormatVersion);
  e.U64(entry.sequence);
  e.I64(entry.committed_at_us);
  e.I32(entry.value_date_days);
  e.U8(static_cast<uint8_t>(entry.type));
  for (const std::string* s : {&entry.kind, &entry.principal, &entry.request_id,
                               &entry.policy_version, &entry.memo}) {
    e.String(*s);
  }
  e.U32(entry.references.size());
  for (const Reference& r : entry.references) {
    e.String(r.key);
    e.String(r.value);
  }
  e.U32(entry.opened.size());
  for (const NewAccount& a : entry.opened) {
    e.String(a.id);
    e.U8(static_cast<uint8_t>(a.type));
  }
  e.U32(entry.postings.size());
  for (const Posting& p : entry.postings) {
    e.String(p.account);
    e.I64(p.amount_fen);
  }
  e.U32(entry.caps.size());
  for (const CapDelta& c : entry.caps) {
    e.String(c.scope);
    e.I32(c.fiscal_year);
    e.I64(c.amount_fen);
    e.I64(c.limit_fen);
  }
  e.U64(entry.target_sequence);
  e.I64(entry.hold_expires_at_us);
  return e.Take();
}

Digest ChainHash(const Digest& previous, absl::string_view canonical_bytes) {
  return Sha256({DigestBytes(previous), canonical_bytes});
}

std::string EncodeJournalValue(const JournalEntry& entry) {
  std::string value = CanonicalEntryBytes(entry);
  absl::string_view hash = DigestBytes(entry.hash);
  value.append(hash.data(), hash.size());
  return value;
}

namespace {

// Reads a u32 count and checks it against its limit.
bool Count(Decoder& d, uint32_t* n, size_t max) { return d.U32(n) && *n <= max; }

bool DecodeLists(Decoder& d, JournalEntry& entry) {
  uint32_t n = 0;
  if (!Count(d, &n, kMaxReferences)) return false;
  entry.references.resize(n);
  for (Reference& r : entry.references) {
    if (!d.String(&r.key, kMaxReferenceLength) || !d.String(&r.value, kMaxReferenceLength)) {
      return false;
    }
  }
  if (!Count(d, &n, kMaxOpenAccounts)) return false;
  entry.opened.resize(n);
  for (NewAccount& a : entry.opened) {
    uint8_t type = 0;
    if (!d.String(&a.id, kMaxIdLength) || !d.U8(&type) || type == 0 || type > kMaxAccountType) {
      return false;
    }
    a.type = static_cast<AccountType>(type);
  }
  if (!Count(d, &n, kMaxPostings)) return false;
  entry.postings.resize(n);
  for (Posting& p : entry.postings) {
    if (!d.String(&p.account, kMaxIdLength) || !d.I64(&p.amount_fen)) return false;
  }
  // Restoring caps (void, expiry, reversal) may name the caps of several entries.
  if (!Count(d, &n, kMaxCaps)) return false;
  entry.caps.resize(n);
  for (CapDelta& c : entry.caps) {
    if (!d.String(&c.scope, kMaxIdLength) || !d.I32(&c.fiscal_year) || !d.I64(&c.amount_fen) ||
        !d.I64(&c.limit_fen)) {
      return false;
    }
  }
  return true;
}

}  // namespace

absl::StatusOr<JournalEntry> DecodeJournalValue(absl::string_view value) {
  Decoder d(value);
  JournalEntry entry;
  uint8_t version = 0, type = 0;
  bool ok = d.U8(&version) && version == kEntryFormatVersion && d.U64(&entry.sequence) &&
            d.I64(&entry.committed_at_us) && d.I32(&entry.value_date_days) && d.U8(&type) &&
            type >= 1 && type <= kMaxEntryType && d.String(&entry.kind, kMaxKindLength) &&
            d.String(&entry.principal, kMaxIdLength) &&
            d.String(&entry.request_id, kMaxIdLength) &&
            d.String(&entry.policy_version, kMaxIdLength) && d.String(&entry.memo, kMaxMemoLength) &&
            DecodeLists(d, entry) && d.U64(&entry.target_sequence) &&
            d.I64(&entry.hold_expires_at_us) && d.Bytes(&entry.hash) && d.Done();
  if (!ok) return errors::Corrupt("journal entry does not decode");
  entry.type = static_cast<EntryType>(type);
  if (entry.sequence == 0) return errors::Corrupt("journal entry with sequence 0");
  if (!ValidatePostings(entry.postings).ok()) {
    return errors::Corrupt(absl::StrCat("entry ", entry.sequence, " has unbalanced postings"));
  }
  return entry;
}

std::string EncodeAccount(const AccountState& account) {
  Encoder e(kAccountRecordBytes);  // the whole record: past the short-string buffer, so reserved
  e.U8(kRecordFormatVersion);
  e.U8(static_cast<uint8_t>(account.type));
  e.I64(account.posted_fen);
  e.I64(account.pending_in_fen);
  e.I64(account.pending_out_fen);
  e.U64(account.opened_sequence);
  static_assert(kAccountRecordBytes == 2 + 4 * 8);  // history values overwrite it in place
  return e.Take();
}

absl::StatusOr<AccountState> DecodeAccount(absl::string_view id, absl::string_view value) {
  Decoder d(value);
  AccountState account;
  account.id = std::string(id);
  uint8_t version = 0, type = 0;
  bool ok = d.U8(&version) && version == kRecordFormatVersion && d.U8(&type) && type >= 1 &&
            type <= kMaxAccountType && d.I64(&account.posted_fen) &&
            d.I64(&account.pending_in_fen) && d.I64(&account.pending_out_fen) &&
            d.U64(&account.opened_sequence) && d.Done();
  if (!ok) return errors::Corrupt(absl::StrCat("account '", id, "' does not decode"));
  account.type = static_cast<AccountType>(type);
  bool sane = account.pending_in_fen >= 0 && account.pending_out_fen >= 0 &&
              (AccountMayGoNegative(account.type) || account.available_fen() >= 0);
  if (!sane) return errors::Corrupt(absl::StrCat("account '", id, "' has impossible balances"));
  return account;
}

absl::StatusOr<AccountHistory> DecodeAccountHistory(absl::string_view id, absl::string_view key,
                                                    absl::string_view value) {
  std::optional<uint64_t> first = TrailingSequence(key);
  if (!first || *first == 0 || value.size() < kAccountRecordBytes ||
      (value.size() - kAccountRecordBytes) % 8 != 0) {
    return errors::Corrupt(absl::StrCat("a history record of account '", id, "' does not decode"));
  }
  AccountHistory history;
  ASSIGN_OR_RETURN(history.state, DecodeAccount(id, value.substr(0, kAccountRecordBytes)));
  Decoder d(value.substr(kAccountRecordBytes));
  history.listed.reserve((value.size() - kAccountRecordBytes) / 8);
  for (uint64_t next = 0; !d.Done();) {
    const uint64_t floor = history.listed.empty() ? *first : history.listed.back() + 1;
    if (!d.U64(&next) || next < floor) {
      return errors::Corrupt(absl::StrCat("the history record of account '", id, "' at entry ",
                                          *first, " lists entries out of order"));
    }
    history.listed.push_back(next);
  }
  return history;
}

std::string EncodeEntryState(const EntryState& state) {
  Encoder e;
  e.U8(kRecordFormatVersion);
  e.U8(static_cast<uint8_t>(state.status));
  e.U64(state.resolved_by);
  e.I64(state.hold_expires_at_us);
  return e.Take();
}

absl::StatusOr<EntryState> DecodeEntryState(absl::string_view value) {
  Decoder d(value);
  EntryState state;
  uint8_t version = 0, status = 0;
  bool ok = d.U8(&version) && version == kRecordFormatVersion && d.U8(&status) &&
            status <= static_cast<uint8_t>(EntryStatus::kReversed) && d.U64(&state.resolved_by) &&
            d.I64(&state.hold_expires_at_us) && d.Done();
  if (!ok) return errors::Corrupt("entry state does not decode");
  state.status = static_cast<EntryStatus>(status);
  return state;
}

std::string EncodeHead(const Head& head) {
  Encoder e;
  e.U8(kRecordFormatVersion);
  e.U64(head.sequence);
  e.Bytes(head.hash);
  e.I64(head.committed_at_us);
  return e.Take();
}

absl::StatusOr<Head> DecodeHead(absl::string_view value) {
  Decoder d(value);
  Head head;
  uint8_t version = 0;
  if (!(d.U8(&version) && version == kRecordFormatVersion && d.U64(&head.sequence) &&
        d.Bytes(&head.hash) && d.I64(&head.committed_at_us) && d.Done())) {
    return errors::Corrupt("head does not decode");
  }
  return head;
}

std::string EncodeI64(int64_t v) {
  Encoder e;
  e.I64(v);
  return e.Take();
}

absl::StatusOr<int64_t> DecodeI64(absl::string_view value) {
  Decoder d(value);
  int64_t v = 0;
  if (!(d.I64(&v) && d.Done())) return errors::Corrupt("counter does not decode");
  return v;
}

std::string EncodeIdempotency(const Digest& fingerprint, const Outcome& outcome) {
  Encoder e(1 + fingerprint.size() + 8 + 8 + outcome.hash.size() + 4 + outcome.body.size());
  e.U8(kRecordFormatVersion);
  e.Bytes(fingerprint);
  e.U64(outcome.sequence);
  e.I64(outcome.committed_at_us);
  e.Bytes(outcome.hash);
  e.String(outcome.body);
  return e.Take();
}

absl::StatusOr<Outcome> DecodeIdempotency(absl::string_view value, Digest* fingerprint) {
  Decoder d(value);
  Outcome outcome;
  uint8_t version = 0;
  if (!(d.U8(&version) && version == kRecordFormatVersion && d.Bytes(fingerprint) &&
        d.U64(&outcome.sequence) && d.I64(&outcome.committed_at_us) && d.Bytes(&outcome.hash) &&
        d.String(&outcome.body, kMaxOutcomeBodyBytes) && d.Done())) {
    return errors::Corrupt("idempotency record does not decode");
  }
  return outcome;
}

}  // namespace innoledger::storage::format
