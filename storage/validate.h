#ifndef INNOLEDGER_STORAGE_VALIDATE_H_
#define INNOLEDGER_STORAGE_VALIDATE_H_

#include <vector>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "storage/types.h"

// Shape checks shared by the write path (before anything is staged) and by the decoders
// (after anything is read): the same rules on both sides of the disk.
namespace innoledger::storage {

// A city name: [a-z][a-z0-9_]{0,31}.
absl::Status ValidateCity(absl::string_view city);
// An identifier used inside keys: 1..max_length bytes, no control characters (so the ␀
// separators of docs/storage-format.md stay unambiguous). UTF-8 text is fine.
absl::Status ValidateId(absl::string_view what, absl::string_view id, size_t max_length);
// Free text: at most max_length bytes, no ␀ (may be empty).
absl::Status ValidateText(absl::string_view what, absl::string_view text, size_t max_length);
// Non-zero amounts that sum to zero without overflow, at most kMaxPostings, each account
// named once.
absl::Status ValidatePostings(const std::vector<Posting>& postings);
// Everything about a request that needs no state.
absl::Status ValidateRequest(const TransactionRequest& request);

}  // namespace innoledger::storage

#endif  // INNOLEDGER_STORAGE_VALIDATE_H_
