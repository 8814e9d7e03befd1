#ifndef INNOLEDGER_STORAGE_CHAIN_H_
#define INNOLEDGER_STORAGE_CHAIN_H_

#include "absl/status/statusor.h"
#include "storage/db.h"
#include "storage/ledger.h"

namespace innoledger::storage {

// Recomputes hash(prev ‖ canonical bytes) over journal entries [from, to] of `city` and
// checks that every sequence in between is present, decodes, and chains. When `to` is the
// head's sequence the last hash must also equal the head's. DATA_LOSS names the first entry
// that fails.
absl::StatusOr<VerifyReport> VerifyChain(const Db& db, absl::string_view city,
                                         uint64_t from_sequence, uint64_t to_sequence,
                                         const Head& head,
                                         const rocksdb::Snapshot* snapshot = nullptr);

// Reads a partition's head at start-up and checks it: nothing journaled beyond it, and the
// last `tail_entries` entries re-hash to it. Cost does not grow with the journal's length.
absl::StatusOr<Head> RecoverHead(const Db& db, absl::string_view city, int tail_entries);

}  // namespace innoledger::storage

#endif  // INNOLEDGER_STORAGE_CHAIN_H_
