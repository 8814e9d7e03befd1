#ifndef INNOLEDGER_SERVICES_REGISTRY_COMMANDS_H_
#define INNOLEDGER_SERVICES_REGISTRY_COMMANDS_H_

#include <memory>
#include <string>

#include "innoledger/v1/registry.pb.h"
#include "storage/command.h"

// Registry writes, each a command on the entity's home-city partition: it rewrites the
// entity's record and appends a zero-posting journal entry ("registry.*", references the
// entity and the record's SHA-256) so every change is on the hash chain. The outcome body
// is the entity as stored (v1::Entity bytes). Shapes are checked by the caller
// (Registry) before a command is built; commands check state.
namespace innoledger::registry {

// A new entity: ENTITY_EXISTS when the partition has it.
std::unique_ptr<storage::Command> MakeRegisterEntityCommand(v1::Entity entity);
// Replaces the descriptive fields (name, representative, flags, holdings) of a registered
// entity; its kind and home city never change.
std::unique_ptr<storage::Command> MakeUpdateEntityCommand(v1::Entity entity);
// Sets / clears the bad record, dated by the ledger's day, with a reason.
std::unique_ptr<storage::Command> MakeSetBadRecordCommand(std::string uscc, std::string reason);
std::unique_ptr<storage::Command> MakeClearBadRecordCommand(std::string uscc,
                                                            std::string reason);
// Admits a provider for a category on a city's list (replacing that city's earlier window).
std::unique_ptr<storage::Command> MakeRegisterProviderCommand(
    v1::ProviderRegistration registration);

}  // namespace innoledger::registry

#endif  // INNOLEDGER_SERVICES_REGISTRY_COMMANDS_H_
