#include "storage/errors.h"

#include "absl/strings/str_cat.h"
#include "common/errors.h"
#include "common/money.h"

namespace innoledger::storage::errors {
namespace {
using absl::StatusCode;
std::string N(int64_t v) { return absl::StrCat(v); }
}  // namespace

absl::Status InvalidRequest(absl::string_view what) {
  return Error(StatusCode::kInvalidArgument, "INVALID_REQUEST", what);
}

absl::Status Unbalanced(int64_t sum_fen) {
  return Error(StatusCode::kInvalidArgument, "UNBALANCED",
               absl::StrCat("postings must sum to zero; they sum to ", N(sum_fen),
                            " fen (", FormatFen(sum_fen), " yuan)"),
               {{"sum_fen", N(sum_fen)}});
}

absl::Status AmountOverflow(absl::string_view where) {
  return Error(StatusCode::kInvalidArgument, "AMOUNT_OVERFLOW",
               absl::StrCat("amount overflows 64-bit fen in ", where), {{"where", std::string(where)}});
}

absl::Status UnknownCity(absl::string_view city) {
  return Error(StatusCode::kNotFound, "UNKNOWN_CITY",
               absl::StrCat("no partition for city '", city, "' on this node"),
               {{"city", std::string(city)}});
}

absl::Status AccountNotFound(absl::string_view account) {
  return Error(StatusCode::kNotFound, "ACCOUNT_NOT_FOUND",
               absl::StrCat("account '", account, "' does not exist; open it first"),
               {{"account", std::string(account)}});
}

absl::Status AccountExists(absl::string_view account) {
  return Error(StatusCode::kAlreadyExists, "ACCOUNT_EXISTS",
               absl::StrCat("account '", account, "' is already open"),
               {{"account", std::string(account)}});
}

absl::Status EntryNotFound(uint64_t sequence) {
  return Error(StatusCode::kNotFound, "ENTRY_NOT_FOUND",
               absl::StrCat("no journal entry with sequence ", sequence),
               {{"sequence", absl::StrCat(sequence)}});
}

absl::Status HoldNotFound(uint64_t sequence) {
  return Error(StatusCode::kNotFound, "HOLD_NOT_FOUND",
               absl::StrCat("entry ", sequence, " is not a hold"),
               {{"sequence", absl::StrCat(sequence)}});
}

absl::Status InsufficientFunds(absl::string_view account, int64_t available_fen,
                               int64_t wanted_fen) {
  return Error(StatusCode::kFailedPrecondition, "INSUFFICIENT_FUNDS",
               absl::StrCat("account '", account, "' has ", FormatFen(available_fen),
                            " yuan available; ", FormatFen(wanted_fen), " yuan would leave it"),
               {{"account", std::string(account)},
                {"available_fen", N(available_fen)},
                {"wanted_fen", N(wanted_fen)}});
}

absl::Status CapExceeded(absl::string_view scope, int32_t fiscal_year, int64_t used_fen,
                         int64_t limit_fen, int64_t wanted_fen) {
  return Error(StatusCode::kFailedPrecondition, "CAP_EXCEEDED",
               absl::StrCat("cap '", scope, "' for ", fiscal_year == 0 ? "all years" : N(fiscal_year),
                            " has ", FormatFen(limit_fen - used_fen), " yuan left of ",
                            FormatFen(limit_fen), "; ", FormatFen(wanted_fen), " yuan asked"),
               {{"scope", std::string(scope)},
                {"fiscal_year", N(fiscal_year)},
                {"used_fen", N(used_fen)},
                {"limit_fen", N(limit_fen)},
                {"remaining_fen", N(limit_fen - used_fen)},
                {"wanted_fen", N(wanted_fen)}});
}

absl::Status HoldNotPending(uint64_t sequence, absl::string_view state) {
  return Error(StatusCode::kFailedPrecondition, "HOLD_NOT_PENDING",
               absl::StrCat("hold ", sequence, " is already ", state),
               {{"sequence", absl::StrCat(sequence)}, {"state", std::string(state)}});
}

absl::Status HoldExpired(uint64_t sequence) {
  return Error(StatusCode::kFailedPrecondition, "HOLD_EXPIRED",
               absl::StrCat("hold ", sequence, " has expired; reserve again"),
               {{"sequence", absl::StrCat(sequence)}});
}

absl::Status NotReversible(uint64_t sequence, absl::string_view why) {
  return Error(StatusCode::kFailedPrecondition, "NOT_REVERSIBLE",
               absl::StrCat("entry ", sequence, " cannot be reversed: ", why),
               {{"sequence", absl::StrCat(sequence)}});
}

absl::Status AlreadyReversed(uint64_t sequence, uint64_t by) {
  return Error(StatusCode::kFailedPrecondition, "ALREADY_REVERSED",
               absl::StrCat("entry ", sequence, " was already reversed by entry ", by),
               {{"sequence", absl::StrCat(sequence)}, {"reversed_by", absl::StrCat(by)}});
}

absl::Status RequestIdReused(absl::string_view request_id) {
  return Error(StatusCode::kAlreadyExists, "REQUEST_ID_REUSED",
               absl::StrCat("request id '", request_id,
                            "' was already used for a different request; use a new id"),
               {{"request_id", std::string(request_id)}});
}

absl::Status QueueFull(absl::string_view city) {
  return Error(StatusCode::kResourceExhausted, "QUEUE_FULL",
               absl::StrCat("the write queue of '", city, "' is full; retry with backoff"),
               {{"city", std::string(city)}});
}

absl::Status ShuttingDown() {
  return Error(StatusCode::kUnavailable, "SHUTTING_DOWN",
               "the ledger is shutting down; retry on another node or later");
}

absl::Status StorageFailed(absl::string_view what) {
  return Error(StatusCode::kUnavailable, "STORAGE_FAILED",
               absl::StrCat("storage write failed, partition stopped: ", what));
}

// A read failed, or the database could not be opened: nothing was written and a running
// partition goes on, so this must not say it stopped.
absl::Status StorageUnavailable(absl::string_view what) {
  return Error(StatusCode::kUnavailable, "STORAGE_UNAVAILABLE",
               absl::StrCat("storage unavailable: ", what));
}

absl::Status Corrupt(absl::string_view what) {
  return Error(StatusCode::kDataLoss, "CORRUPT_RECORD", absl::StrCat("corrupt record: ", what));
}

absl::Status OtherFormat(absl::string_view found, absl::string_view reads) {
  return Error(StatusCode::kFailedPrecondition, "OTHER_DATABASE_FORMAT",
               absl::StrCat("the data directory holds format '", found, "' and this build reads '",
                            reads, "'; there is no migration between them: start from an empty "
                            "data directory, or run the build that wrote it"),
               {{"found", std::string(found)}, {"reads", std::string(reads)}});
}

absl::Status ChainBroken(uint64_t sequence, absl::string_view what) {
  return Error(StatusCode::kDataLoss, "CHAIN_BROKEN",
               absl::StrCat("hash chain broken at entry ", sequence, ": ", what),
               {{"sequence", absl::StrCat(sequence)}});
}

}  // namespace innoledger::storage::errors
