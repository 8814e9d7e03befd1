#include "storage/chain.h"

#include <algorithm>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "common/status_macros.h"
#include "storage/errors.h"
#include "storage/format.h"
#include "storage/sha256.h"

namespace innoledger::storage {

using format::Cf;

namespace {

absl::StatusOr<Digest> HashBefore(const Db& db, absl::string_view city, uint64_t sequence,
                                  const rocksdb::Snapshot* snapshot) {
  if (sequence == 1) return Digest{};  // the chain starts from 32 zero bytes
  ASSIGN_OR_RETURN(auto value,
                   db.Get(Cf::kJournal, format::JournalKey(city, sequence - 1), snapshot));
  if (!value) return errors::ChainBroken(sequence - 1, "entry is missing");
  auto entry = format::DecodeJournalValue(*value);
  if (!entry.ok()) return errors::ChainBroken(sequence - 1, entry.status().message());
  return entry->hash;
}

}  // namespace

absl::StatusOr<VerifyReport> VerifyChain(const Db& db, absl::string_view city,
                                         uint64_t from_sequence, uint64_t to_sequence,
                                         const Head& head, const rocksdb::Snapshot* snapshot) {
  if (from_sequence == 0) from_sequence = 1;
  if (to_sequence == 0) to_sequence = head.sequence;
  VerifyReport report{from_sequence, to_sequence, 0, head.hash};
  if (head.sequence == 0) return report;
  if (from_sequence > to_sequence || to_sequence > head.sequence) {
    return errors::InvalidRequest(absl::StrCat("verify range ", from_sequence, "..", to_sequence,
                                               " is outside 1..", head.sequence));
  }
  ASSIGN_OR_RETURN(Digest previous, HashBefore(db, city, from_sequence, snapshot));
  auto it = db.NewIterator(Cf::kJournal, snapshot);
  uint64_t expected = from_sequence;
  for (it->Seek(format::JournalKey(city, from_sequence)); expected <= to_sequence; it->Next()) {
    std::string key = format::JournalKey(city, expected);
    if (!it->Valid() || View(it->key()) != key) {
      return errors::ChainBroken(expected, "entry is missing");
    }
    auto entry = format::DecodeJournalValue(View(it->value()));
    if (!entry.ok()) return errors::ChainBroken(expected, entry.status().message());
    if (entry->sequence != expected) {
      return errors::ChainBroken(expected, absl::StrCat("entry says it is ", entry->sequence));
    }
    if (format::ChainHash(previous, format::CanonicalEntryBytes(*entry)) != entry->hash) {
      return errors::ChainBroken(expected, "hash does not match its bytes");
    }
    previous = entry->hash;
    ++report.entries_checked;
    ++expected;
  }
  if (!it->status().ok()) return FromRocks(it->status(), "scanning the journal");
  if (to_sequence == head.sequence && previous != head.hash) {
    return errors::ChainBroken(to_sequence, "last hash differs from the recorded head");
  }
  report.last_hash = previous;
  return report;
}

absl::StatusOr<Head> RecoverHead(const Db& db, absl::string_view city, int tail_entries) {
  ASSIGN_OR_RETURN(auto value, db.Get(Cf::kMeta, format::HeadKey(city)));
  Head head;
  if (value) {
      ASSIGN_OR_RETURN(head, format::DecodeHead(*value));
    }
  // The head and its entries are written in one batch: anything beyond it is foreign.
  auto it = db.NewIterator(Cf::kJournal);
  it->Seek(format::JournalKey(city, head.sequence + 1));
  if (it->Valid() && absl::StartsWith(View(it->key()), format::PartitionPrefix(city))) {
    return errors::ChainBroken(head.sequence + 1, "entry beyond the recorded head");
  }
  if (head.sequence == 0) return head;
  tail_entries = std::max(tail_entries, 1);
  uint64_t from = head.sequence > static_cast<uint64_t>(tail_entries)
                      ? head.sequence - tail_entries + 1
                      : 1;
  RETURN_IF_ERROR(VerifyChain(db, city, from, head.sequence, head).status());
  return head;
}

}  // namespace innoledger::storage
