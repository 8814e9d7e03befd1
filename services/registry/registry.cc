#include "services/registry/registry.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "common/status_macros.h"
#include "common/uscc.h"
#include "services/registry/commands.h"
#include "services/registry/entity.h"
#include "services/registry/errors.h"
#include "spdlog/spdlog.h"
#include "storage/errors.h"

namespace innoledger::registry {

// Each write: plan it from the durable state (which city, and the refusals that need other
// cities), then one command in the entity's home city.

void Registry::Register(const Caller& caller, const v1::Entity& entity, Done<v1::Entity> done) {
  Submit(PlanRegister(entity), caller, MakeRegisterEntityCommand(entity), std::move(done));
}

void Registry::Update(const Caller& caller, const v1::Entity& entity, Done<v1::Entity> done) {
  Submit(PlanUpdate(entity), caller, MakeUpdateEntityCommand(entity), std::move(done));
}

void Registry::SetBadRecord(const Caller& caller, const BadRecordRequest& request,
                            Done<v1::Entity> done) {
  if (!after_bad_record_) {
    return Submit(PlanBadRecord(request), caller,
                  MakeSetBadRecordCommand(request.uscc, request.reason), std::move(done));
  }
  // The record first, then what it sets off, under a request id of its own (a retry
  // replays both); the caller hears once both are durable. A follow-up that fails is
  // logged, not the caller's refusal: the record stands, and grants re-check it anyway
  // before any tranche becomes payable.
  absl::StatusOr<std::string> city = PlanBadRecord(request);
  const std::string home_city = city.ok() ? *city : "";
  Submit(std::move(city), caller, MakeSetBadRecordCommand(request.uscc, request.reason),
         [this, caller, request, home_city, done = std::move(done)](
             absl::StatusOr<v1::Entity> entity) mutable {
           if (!entity.ok()) return std::move(done)(std::move(entity));
           ledger_.Submit({home_city, caller.principal,
                           absl::StrCat(caller.request_id, "/after-bad-record"),
                           after_bad_record_(request.uscc, request.reason)},
                          [uscc = request.uscc, entity = *std::move(entity),
                           done = std::move(done)](absl::StatusOr<storage::Outcome> outcome) mutable {
                            if (!outcome.ok()) {
                              spdlog::warn("what the bad record of {} sets off failed: {}", uscc,
                                           outcome.status().ToString());
                            }
                            std::move(done)(std::move(entity));
                          });
         });
}

void Registry::ClearBadRecord(const Caller& caller, const BadRecordRequest& request,
                              Done<v1::Entity> done) {
  Submit(PlanBadRecord(request), caller, MakeClearBadRecordCommand(request.uscc, request.reason),
         std::move(done));
}

void Registry::RegisterProvider(const Caller& caller,
                                const v1::ProviderRegistration& registration,
                                Done<v1::Entity> done) {
  Submit(PlanProvider(registration), caller, MakeRegisterProviderCommand(registration),
         std::move(done));
}

absl::StatusOr<v1::Entity> Registry::Register(const Caller& caller, const v1::Entity& entity) {
  return Wait<v1::Entity>([&](Done<v1::Entity> done) { Register(caller, entity, std::move(done)); });
}
absl::StatusOr<v1::Entity> Registry::Update(const Caller& caller, const v1::Entity& entity) {
  return Wait<v1::Entity>([&](Done<v1::Entity> done) { Update(caller, entity, std::move(done)); });
}
absl::StatusOr<v1::Entity> Registry::SetBadRecord(const Caller& caller, absl::string_view uscc,
                                                  absl::string_view reason) {
  return Wait<v1::Entity>([&](Done<v1::Entity> done) {
    SetBadRecord(caller, {std::string(uscc), std::string(reason), ""}, std::move(done));
  });
}
absl::StatusOr<v1::Entity> Registry::ClearBadRecord(const Caller& caller,
                                                    absl::string_view uscc,
                                                    absl::string_view reason) {
  return Wait<v1::Entity>([&](Done<v1::Entity> done) {
    ClearBadRecord(caller, {std::string(uscc), std::string(reason), ""}, std::move(done));
  });
}
absl::StatusOr<v1::Entity> Registry::RegisterProvider(
    const Caller& caller, const v1::ProviderRegistration& registration) {
  return Wait<v1::Entity>(
      [&](Done<v1::Entity> done) { RegisterProvider(caller, registration, std::move(done)); });
}

absl::StatusOr<std::string> Registry::PlanRegister(const v1::Entity& entity) const {
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
  return entity.home_city();
}

absl::StatusOr<std::string> Registry::PlanUpdate(const v1::Entity& entity) const {
  RETURN_IF_ERROR(ValidateEntity(entity));
  ASSIGN_OR_RETURN(v1::Entity current, Find(entity.uscc()));
  if (current.home_city() != entity.home_city()) {
    return errors::HomeCityFixed(entity.uscc(), current.home_city());
  }
  return current.home_city();
}

absl::StatusOr<std::string> Registry::PlanBadRecord(const BadRecordRequest& request) const {
  if (request.reason.empty() || request.reason.size() > kMaxReasonBytes) {
    return errors::InvalidField("reason", "a bad record is set or cleared with a reason "
                                          "(1 to 512 bytes)");
  }
  ASSIGN_OR_RETURN(v1::Entity current, Find(request.uscc));
  if (!request.city.empty() && current.home_city() != request.city) {
    return errors::EntityNotFound(request.uscc);
  }
  return current.home_city();
}

absl::StatusOr<std::string> Registry::PlanProvider(
    const v1::ProviderRegistration& registration) const {
  RETURN_IF_ERROR(ValidateRegistration(registration));
  std::vector<std::string> cities = ledger_.cities();
  if (std::find(cities.begin(), cities.end(), registration.city()) == cities.end()) {
    return storage::errors::UnknownCity(registration.city());
  }
  ASSIGN_OR_RETURN(v1::Entity provider, Find(registration.provider()));
  return provider.home_city();
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

void Registry::Submit(absl::StatusOr<std::string> city, const Caller& caller,
                      std::unique_ptr<storage::Command> command, Done<v1::Entity> done) {
  if (!city.ok()) return std::move(done)(city.status());
  ledger_.Submit({*city, caller.principal, caller.request_id, std::move(command)},
                 [done = std::move(done)](absl::StatusOr<storage::Outcome> outcome) mutable {
                   std::move(done)(ParseBody<v1::Entity>(std::move(outcome)));
                 });
}

}  // namespace innoledger::registry
