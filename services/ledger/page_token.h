#ifndef INNOLEDGER_SERVICES_LEDGER_PAGE_TOKEN_H_
#define INNOLEDGER_SERVICES_LEDGER_PAGE_TOKEN_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

// Opaque page tokens. A token carries the list it belongs to, the filter it was issued for
// and the position after which the next page starts (the last sequence or id seen), so a
// walk never skips or repeats, and a token reused with another filter is refused instead
// of silently paging through something else.
//
// Bytes, before web-safe base64: version (1 byte) then length-prefixed strings (4-byte
// big-endian length): list name, each filter part, position. Tokens are not secret and
// not signed: a forged one can only move the position within the caller's own filter.
namespace innoledger::ledger_service {

struct PageFilter {
  std::string list;                // e.g. "entries_by_account"
  std::vector<std::string> parts;  // e.g. {city, account}
};

std::string EncodePageToken(const PageFilter& filter, absl::string_view position);

// The position in `token`; "" for an empty token (the first page). INVALID_ARGUMENT /
// INVALID_PAGE_TOKEN when it is malformed or was issued for another filter.
absl::StatusOr<std::string> DecodePageToken(absl::string_view token, const PageFilter& filter);

// Positions that are sequences, as 8 big-endian bytes ("" ↔ 0: from the start).
std::string SequencePosition(uint64_t sequence);
absl::StatusOr<uint64_t> ParseSequencePosition(absl::string_view position);

}  // namespace innoledger::ledger_service

#endif  // INNOLEDGER_SERVICES_LEDGER_PAGE_TOKEN_H_
