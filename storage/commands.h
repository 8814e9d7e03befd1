#ifndef INNOLEDGER_STORAGE_COMMANDS_H_
#define INNOLEDGER_STORAGE_COMMANDS_H_

#include <cstdint>
#include <memory>
#include <string>

#include "storage/command.h"
#include "storage/types.h"

namespace innoledger::storage {

// The ledger's own commands: plain transactions and the resolution of holds and
// entries. Domain services (vouchers, grants) write their own Command classes and call
// the same ApplyContext primitives.

// Records `request` as one journal entry (posted, or a hold when request.pending).
// Outcome body: empty.
std::unique_ptr<Command> MakeTransactCommand(TransactionRequest request);

// Completes / releases the hold appended at `hold_sequence`.
std::unique_ptr<Command> MakePostPendingCommand(uint64_t hold_sequence, std::string memo);
std::unique_ptr<Command> MakeVoidPendingCommand(uint64_t hold_sequence, std::string memo);

// Reverses the posted entry at `sequence` (a correction: the original stays).
std::unique_ptr<Command> MakeReverseCommand(uint64_t sequence, std::string memo);

}  // namespace innoledger::storage

#endif  // INNOLEDGER_STORAGE_COMMANDS_H_
