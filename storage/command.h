#ifndef INNOLEDGER_STORAGE_COMMAND_H_
#define INNOLEDGER_STORAGE_COMMAND_H_

#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "storage/types.h"

namespace innoledger::storage {

// The sequencer's view of a partition while it applies one command. Reads see the
// committed state plus every earlier command of the same batch; writes are staged and
// reach RocksDB only if the command succeeds and the batch commits. A command that
// returns an error leaves no trace: its staged writes are dropped.
class ApplyContext {
 public:
  virtual ~ApplyContext() = default;

  virtual absl::string_view city() const = 0;
  // The batch's time: monotonic, recorded in every entry. Never read a clock in a command.
  virtual absl::Time now() const = 0;
  virtual absl::string_view principal() const = 0;
  virtual absl::string_view request_id() const = 0;

  // Appends one journal entry for `request` after every check (balance, accounts exist,
  // funds never negative, caps), updating balances, caps and indexes. Returns the entry.
  virtual absl::StatusOr<JournalEntry> Transact(const TransactionRequest& request) = 0;
  // Completes a hold: its postings become posted.
  virtual absl::StatusOr<JournalEntry> PostPending(uint64_t hold_sequence,
                                                   absl::string_view memo) = 0;
  // Releases a hold and restores its caps.
  virtual absl::StatusOr<JournalEntry> VoidPending(uint64_t hold_sequence,
                                                   absl::string_view memo) = 0;
  // Appends a reversal of a posted entry (negated postings, restored caps).
  virtual absl::StatusOr<JournalEntry> Reverse(uint64_t sequence, absl::string_view memo) = 0;

  virtual absl::StatusOr<std::optional<AccountState>> GetAccount(absl::string_view id) = 0;
  virtual absl::StatusOr<int64_t> CapUsed(absl::string_view scope, int32_t fiscal_year) = 0;
  virtual absl::StatusOr<std::optional<EntryState>> GetEntryState(uint64_t sequence) = 0;
  virtual absl::StatusOr<std::optional<JournalEntry>> GetEntry(uint64_t sequence) = 0;

  // Domain records (vouchers, awards, registry ...) in the partition's `records` column
  // family, under a key the domain chooses. Overwritable state, not journal: every change
  // of money is also a journal entry.
  virtual absl::StatusOr<std::optional<std::string>> GetRecord(absl::string_view key) = 0;
  virtual void PutRecord(absl::string_view key, absl::string_view value) = 0;
};

// A write to one partition. Commands run one at a time on the partition's sequencer, so
// they need no locks and see a serial history.
class Command {
 public:
  virtual ~Command() = default;

  // Bytes that identify the request's payload: a retry with the same (principal, request
  // id) and the same fingerprint gets the first outcome; a different one ALREADY_EXISTS.
  virtual std::string Fingerprint() const = 0;

  // Checks the request against state and appends its entries. Return the body of the
  // outcome (command-specific bytes, may be empty), or an error that changes nothing.
  virtual absl::StatusOr<std::string> Apply(ApplyContext& context) = 0;
};

}  // namespace innoledger::storage

#endif  // INNOLEDGER_STORAGE_COMMAND_H_
