#ifndef INNOLEDGER_STORAGE_FORMAT_H_
#define INNOLEDGER_STORAGE_FORMAT_H_

// The on-disk format: column families, keys and values. docs/storage-format.md is the
// prose spec of the same; change both together. Every decoder checks what it reads, the
// pair of the checks made before writing.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "storage/types.h"

namespace innoledger::storage::format {

inline constexpr uint8_t kEntryFormatVersion = 1;
inline constexpr uint8_t kRecordFormatVersion = 1;
inline constexpr char kDatabaseFormat[] = "innoledger-2";

// Column families, in the order they are opened (index 0 is RocksDB's default, which
// holds only the database format marker).
enum Cf : int {
  kDefault = 0,
  kJournal,      // city ␀ seq(u64)                → canonical entry ‖ hash
  kAccounts,     // city ␀ account id ␀ seq(u64)   → AccountState ‖ seq(u64)… (history)
  kCaps,         // city ␀ scope ␀ year(i32)        → used fen (i64)
  kIdempotency,  // city ␀ principal ␀ request id   → fingerprint digest ‖ Outcome
  kStatus,       // city ␀ seq(u64)                → EntryState (holds, reversed entries)
  kIndex,        // city ␀ 'r' key ␀ value ␀ seq / 'x' expiry(i64) seq → seq(u64)… / ""
  kRecords,      // city ␀ domain key              → domain bytes
  kMeta,         // city ␀ "head" → Head; city ␀ "expiry_cursor" → i64
  kCfCount,
};
const char* CfName(int cf);

inline constexpr char kFormatKey[] = "innoledger.format";

std::string PartitionPrefix(absl::string_view city);
std::string JournalKey(absl::string_view city, uint64_t sequence);
// An account's history: one key per batch that changed the account, named by the first
// entry of that batch that did; the value is the account's record after the batch, then the
// batch's entries with a posting to the account (none for an opening, a voided or expired
// hold). The account's state is its last key's record.
std::string AccountHistoryPrefix(absl::string_view city, absl::string_view account);
inline constexpr size_t kAccountRecordBytes = 34;  // EncodeAccount's fixed size
std::string CapKey(absl::string_view city, absl::string_view scope, int32_t fiscal_year);
std::string IdempotencyKey(absl::string_view city, absl::string_view principal,
                           absl::string_view request_id);
std::string StatusKey(absl::string_view city, uint64_t sequence);
std::string ReferenceIndexPrefix(absl::string_view city, absl::string_view key,
                                 absl::string_view value);
std::string ExpiryIndexPrefix(absl::string_view city);
std::string ExpiryIndexKey(absl::string_view city, int64_t expires_at_us, uint64_t sequence);
std::string RecordKey(absl::string_view city, absl::string_view key);
std::string HeadKey(absl::string_view city);
std::string ExpiryCursorKey(absl::string_view city);
// A big-endian u64 appended to an index prefix, and read back from a key's end.
std::string AppendSequence(std::string prefix, uint64_t sequence);
std::optional<uint64_t> TrailingSequence(absl::string_view key);
// An account or reference index key names the first entry of a batch that has the account
// or reference; its value lists the later ones of the same batch, a big-endian u64 each,
// increasing. DecodeIndexSequences returns them all, the key's own first, and refuses a
// value that is not such a list.
void AppendIndexSequence(std::string& value, uint64_t sequence);
absl::StatusOr<std::vector<uint64_t>> DecodeIndexSequences(absl::string_view key,
                                                           absl::string_view value);
// Reads (expiry, sequence) from an expiry index key.
bool DecodeExpiryIndexKey(absl::string_view key, absl::string_view prefix, int64_t* expires_at_us,
                          uint64_t* sequence);

// The canonical bytes of an entry: the hash input after the previous hash. Independent of
// protobuf, so any language can recompute the chain from docs/storage-format.md.
std::string CanonicalEntryBytes(const JournalEntry& entry);
Digest ChainHash(const Digest& previous, absl::string_view canonical_bytes);
// The journal value: canonical bytes followed by the 32-byte hash.
std::string EncodeJournalValue(const JournalEntry& entry);
// Decodes and checks shape (limits, types, balanced postings, trailing hash). Does not
// check the chain: that needs the previous hash (see Ledger::Verify).
absl::StatusOr<JournalEntry> DecodeJournalValue(absl::string_view value);

std::string EncodeAccount(const AccountState& account);
absl::StatusOr<AccountState> DecodeAccount(absl::string_view id, absl::string_view value);
// One history key and value of account `id`: its record, and the entries listed (increasing,
// none before the key's own sequence). Refuses anything else.
struct AccountHistory {
  AccountState state;
  std::vector<uint64_t> listed;
};
absl::StatusOr<AccountHistory> DecodeAccountHistory(absl::string_view id, absl::string_view key,
                                                    absl::string_view value);
std::string EncodeEntryState(const EntryState& state);
absl::StatusOr<EntryState> DecodeEntryState(absl::string_view value);
std::string EncodeHead(const Head& head);
absl::StatusOr<Head> DecodeHead(absl::string_view value);
std::string EncodeI64(int64_t v);
absl::StatusOr<int64_t> DecodeI64(absl::string_view value);
std::string EncodeIdempotency(const Digest& fingerprint, const Outcome& outcome);
absl::StatusOr<Outcome> DecodeIdempotency(absl::string_view value, Digest* fingerprint);

}  // namespace innoledger::storage::format

#endif  // INNOLEDGER_STORAGE_FORMAT_H_
