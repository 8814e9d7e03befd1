#ifndef INNOLEDGER_STORAGE_ERRORS_H_
#define INNOLEDGER_STORAGE_ERRORS_H_

#include <cstdint>
#include <string>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"

// One factory per storage error, each with a deliberately chosen code and a stable reason
// (docs/errors.md lists them).
namespace innoledger::storage::errors {

absl::Status InvalidRequest(absl::string_view what);           // INVALID_ARGUMENT
absl::Status Unbalanced(int64_t sum_fen);                       // INVALID_ARGUMENT
absl::Status AmountOverflow(absl::string_view where);           // INVALID_ARGUMENT
absl::Status UnknownCity(absl::string_view city);               // NOT_FOUND
absl::Status AccountNotFound(absl::string_view account);        // NOT_FOUND
absl::Status AccountExists(absl::string_view account);          // ALREADY_EXISTS
absl::Status EntryNotFound(uint64_t sequence);                  // NOT_FOUND
absl::Status HoldNotFound(uint64_t sequence);                   // NOT_FOUND
absl::Status InsufficientFunds(absl::string_view account, int64_t available_fen,
                               int64_t wanted_fen);             // FAILED_PRECONDITION
absl::Status CapExceeded(absl::string_view scope, int32_t fiscal_year, int64_t used_fen,
                         int64_t limit_fen, int64_t wanted_fen);  // FAILED_PRECONDITION
absl::Status HoldNotPending(uint64_t sequence, absl::string_view state);  // FAILED_PRECONDITION
absl::Status HoldExpired(uint64_t sequence);                    // FAILED_PRECONDITION
absl::Status NotReversible(uint64_t sequence, absl::string_view why);  // FAILED_PRECONDITION
absl::Status AlreadyReversed(uint64_t sequence, uint64_t by);   // FAILED_PRECONDITION
absl::Status RequestIdReused(absl::string_view request_id);     // ALREADY_EXISTS
absl::Status QueueFull(absl::string_view city);                 // RESOURCE_EXHAUSTED
absl::Status ShuttingDown();                                    // UNAVAILABLE
absl::Status StorageFailed(absl::string_view what);             // UNAVAILABLE: a write
absl::Status StorageUnavailable(absl::string_view what);        // UNAVAILABLE: a read, an open
absl::Status Corrupt(absl::string_view what);                   // DATA_LOSS
absl::Status OtherFormat(absl::string_view found, absl::string_view reads);  // FAILED_PRECONDITION
absl::Status ChainBroken(uint64_t sequence, absl::string_view what);  // DATA_LOSS

}  // namespace innoledger::storage::errors

#endif  // INNOLEDGER_STORAGE_ERRORS_H_
