#include "services/registry/registry.h"

#include <algorithm>

#include "common/status_macros.h"
#include "services/registry/commands.h"
#include "services/registry/entity.h"
#include "services/registry/errors.h"
#include "common/uscc.h"
#include "storage/errors.h"

namespace innoledger::registry {

absl::StatusOr<v1::Entity> Registry::Register(const Caller& caller, const v1::Entity& entity) {
  RETURN_IF_ERROR(ValidateEntity(entity));
  // Another city having it is refused here; the home city's own copy by the command, so
  // that a retry of this very request replays its first answer.
  auto existing = Find(entity.uscc());
  if (existing.ok() && existing->home_city() != entity.home_city()) {
    return errors::EntityExists(entity.uscc(), existing->home_city());
  }
  if (!existing.ok() && existing.status().code() != absl::StatusCode::kNotFound) {
    return existing.status();
  }
  return Submit(entity.home_city(), caller, MakeRegisterEntityCommand(entity));
}

absl::StatusOr<v1::Entity> Registry::Update(const Caller& caller, const v1::Entity& entity) {
  RETURN_IF_ERROR(ValidateEntity(entity));
  ASSIGN_OR_RETURN(v1::Entity current, Find(entity.uscc()));
  if (current.home_city() != entity.home_city()) {
    return errors::HomeCityFixed(entity.uscc(), current.home_city());
  }
  return Submit(current.home_city(), caller, MakeUpdateEntityCommand(entity));
}

absl::StatusOr<v1::Entity> Registry::SetBadRecord(const Caller& caller, absl::string_view uscc,
                                                  absl::string_view reason) {
  return ChangeBadRecord(true, caller, uscc, reason);
}

absl::StatusOr<v1::Entity> Registry::ClearBadRecord(const Caller& caller,
                                                    absl::string_view uscc,
                                                    absl::string_view reason) {
  return ChangeBadRecord(false, caller, uscc, reason);
}

absl::StatusOr<v1::Entity> Registry::ChangeBadRecord(bool set, const Caller& caller,
                                                     absl::string_view uscc,
                                                     absl::string_view reason) {
  if (reason.empty() || reason.size() > kMaxReasonBytes) {
    return errors::InvalidField("reason", "a bad record is set or cleared with a reason "
                                          "(1 to 512 bytes)");
  }
  ASSIGN_OR_RETURN(v1::Entity current, Find(uscc));
  auto command = set ? MakeSetBadRecordCommand(std::string(uscc), std::string(reason))
                     : MakeClearBadRecordCommand(std::string(uscc), std::string(reason));
  return Submit(current.home_city(), caller, std::move(command));
}

absl::StatusOr<v1::Entity> Registry::RegisterProvider(
    const Caller& caller, const v1::ProviderRegistration& registration) {
  RETURN_IF_ERROR(ValidateRegistration(registration));
  std::vector<std::string> cities = ledger_.cities();
  if (std::find(cities.begin(), cities.end(), registration.city()) == cities.end()) {
    return storage::errors::UnknownCity(registration.city());
  }
  ASSIGN_OR_RETURN(v1::Entity provider, Find(registration.provider()));
  return Submit(provider.home_city(), caller, MakeRegisterProviderCommand(registration));
}

absl::StatusOr<v1::Entity> Registry::Find(absl::string_view uscc) const {
  RETURN_IF_ERROR(ValidateUscc(uscc));
  for (const std::string& city : ledger_.cities()) {
    LedgerView view(ledger_, city, absl::Now());
    ASSIGN_OR_RETURN(std::optional<v1::Entity> entity,
                     ReadRecord<v1::Entity>(view, EntityKey(uscc)));
    if (entity) return *std::move(entity);
  }
  return errors::EntityNotFound(uscc);
}

absl::StatusOr<v1::Entity> Registry::Submit(const std::string& city, const Caller& caller,
                                            std::unique_ptr<storage::Command> command) {
  ASSIGN_OR_RETURN(storage::Outcome outcome,
                   ledger_.SubmitAndWait({city, caller.principal, caller.request_id,
                                          std::move(command)}));
  v1::Entity entity;
  if (!entity.ParseFromString(outcome.body)) {
    return storage::errors::Corrupt("a registry outcome does not parse");
  }
  return entity;
}

}  // namespace innoledger::registry
