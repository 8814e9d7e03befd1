#ifndef INNOLEDGER_STORAGE_TYPES_H_
#define INNOLEDGER_STORAGE_TYPES_H_

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/time/civil_time.h"
#include "absl/time/time.h"

namespace innoledger::storage {

using Digest = std::array<uint8_t, 32>;  // SHA-256

// Account types. A balance is the value an account holds; a posting's amount is signed:
// positive moves value into the account, negative takes it out. Accounts that stand for
// money we hold (funds, voucher liabilities, payables, investments) can never go below
// zero (专款专用); accounts that stand for the outside world (bank clearing, the budget
// appropriation) and net inter-city positions can.
enum class AccountType : uint8_t {
  kFund = 1,
  kVoucherLiability = 2,
  kProviderPayable = 3,
  kBeneficiaryPayable = 4,
  kInvestment = 5,
  kIntercityReceivable = 6,
  kIntercityPayable = 7,
  kBankClearing = 8,
  kAppropriation = 9,
};
inline constexpr uint8_t kMaxAccountType = 9;

bool AccountMayGoNegative(AccountType type);
const char* AccountTypeName(AccountType type);

struct Posting {
  std::string account;
  int64_t amount_fen = 0;  // > 0 into the account, < 0 out of it; never 0
  bool operator==(const Posting&) const = default;
};

// A business reference such as {"voucher", "changji-2026-000017"} or {"contract", "HT-1"}:
// indexed, so entries can be listed by reference.
struct Reference {
  std::string key;
  std::string value;
  bool operator==(const Reference&) const = default;
};

// Consumption of a cap counter `(scope, fiscal year)`: checked (used + amount <= limit)
// and consumed in the same batch as the postings. A lifetime cap uses fiscal year 0.
struct CapUse {
  std::string scope;  // e.g. "policy4/entity/91650100..." — chosen by the domain
  int64_t amount_fen = 0;
  int64_t limit_fen = 0;
  bool lifetime = false;
  bool operator==(const CapUse&) const = default;
};

struct NewAccount {
  std::string id;
  AccountType type = AccountType::kFund;
  bool operator==(const NewAccount&) const = default;
};

// What a caller asks the ledger to record.
struct TransactionRequest {
  std::string kind;  // business kind, e.g. "fund.appropriate", "voucher.issue"
  std::vector<NewAccount> open_accounts;
  std::vector<Posting> postings;  // sum to zero
  std::vector<Reference> references;
  std::vector<CapUse> caps;
  std::optional<absl::CivilDay> value_date;  // default: the batch's China-time day
  std::string policy_version;
  std::string memo;
  // Two-phase: a pending transaction only reserves; PostPending/VoidPending resolve it.
  bool pending = false;
  absl::Duration hold_timeout = absl::ZeroDuration();  // 0: the hold never expires
};

// What the journal records (see docs/storage-format.md for the bytes).
enum class EntryType : uint8_t {
  kPosted = 1,       // postings applied at once
  kPending = 2,      // postings reserved (a hold)
  kPostPending = 3,  // a hold completed: its postings applied
  kVoidPending = 4,  // a hold released by a caller
  kExpirePending = 5,  // a hold released by the sequencer at its expiry
  kReversal = 6,     // negates a posted entry; names it in target_sequence
};
inline constexpr uint8_t kMaxEntryType = 6;
const char* EntryTypeName(EntryType type);

// A cap movement recorded in an entry: + consumes, - restores (void, expiry, reversal).
struct CapDelta {
  std::string scope;
  int32_t fiscal_year = 0;  // 0 = lifetime
  int64_t amount_fen = 0;
  int64_t limit_fen = 0;
  bool operator==(const CapDelta&) const = default;
};

struct JournalEntry {
  uint64_t sequence = 0;
  int64_t committed_at_us = 0;  // the batch time assigned by the sequencer
  int32_t value_date_days = 0;  // days since 1970-01-01, China-time calendar
  EntryType type = EntryType::kPosted;
  std::string kind;
  std::string principal;
  std::string request_id;
  std::string policy_version;
  std::string memo;
  std::vector<Reference> references;
  std::vector<NewAccount> opened;
  std::vector<Posting> postings;
  std::vector<CapDelta> caps;
  uint64_t target_sequence = 0;      // the hold or entry this one resolves/reverses
  int64_t hold_expires_at_us = 0;    // kPending only; 0 = never
  Digest hash{};                     // SHA-256(prev hash ‖ canonical bytes)
  bool operator==(const JournalEntry&) const = default;
};

struct AccountState {
  std::string id;
  AccountType type = AccountType::kFund;
  int64_t posted_fen = 0;       // sum of posted postings
  int64_t pending_in_fen = 0;   // held to arrive (>= 0)
  int64_t pending_out_fen = 0;  // held to leave (>= 0)
  uint64_t opened_sequence = 0;
  // What can still leave: posted minus what holds already promised away.
  int64_t available_fen() const { return posted_fen - pending_out_fen; }
  bool operator==(const AccountState&) const = default;
};

// The state of a journal entry that later entries may change: a hold is pending until
// posted, voided or expired; a posted entry may be reversed once.
enum class EntryStatus : uint8_t {
  kFinal = 0,  // nothing has happened to it (or it cannot change)
  kHoldPending = 1,
  kHoldPosted = 2,
  kHoldVoided = 3,
  kHoldExpired = 4,
  kReversed = 5,
};
struct EntryState {
  EntryStatus status = EntryStatus::kFinal;
  uint64_t resolved_by = 0;  // the entry that posted / voided / expired / reversed it
  int64_t hold_expires_at_us = 0;
};

struct Head {
  uint64_t sequence = 0;  // 0: empty journal
  Digest hash{};          // all zeros for the empty journal
  int64_t committed_at_us = 0;
};

// What a write returns; stored under its idempotency key and returned byte for byte on
// a replay of the same request.
struct Outcome {
  uint64_t sequence = 0;  // the (last) entry this command appended
  int64_t committed_at_us = 0;
  Digest hash{};
  std::string body;  // command-specific result bytes (domain commands put a proto here)
  bool replayed = false;  // not stored: true when answered from the idempotency record
};

}  // namespace innoledger::storage

#endif  // INNOLEDGER_STORAGE_TYPES_H_
