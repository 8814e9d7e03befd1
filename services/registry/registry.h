#ifndef INNOLEDGER_SERVICES_REGISTRY_REGISTRY_H_
#define INNOLEDGER_SERVICES_REGISTRY_REGISTRY_H_

#include <functional>
#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "innoledger/v1/registry.pb.h"
#include "services/registry/async.h"
#include "services/registry/partition_view.h"
#include "storage/ledger.h"

namespace innoledger::registry {

struct BadRecordRequest {
  std::string uscc;
  std::string reason;  // 1..512 bytes
  std::string city;    // when set, the entity must live there (ENTITY_NOT_FOUND otherwise)
};

// The zone's registry over the ledger. An entity lives in its home city's partition, under
// "registry/entity/<USCC>", with its flags and its provider admissions in the same record;
// every change is a command there (commands.h). Finding an entity whose city is not known
// reads each configured city's partition (a point read each: a handful of cities).
//
// Errors: INVALID_ARGUMENT (INVALID_USCC, INVALID_REQUEST) for a malformed request,
// NOT_FOUND (ENTITY_NOT_FOUND, UNKNOWN_CITY), ALREADY_EXISTS (ENTITY_EXISTS),
// FAILED_PRECONDITION (ENTITY_KIND_MISMATCH, HOME_CITY_FIXED), and the ledger's own.
// The command a bad record sets off in the entity's home city once it is durable (the
// grants' hold on the entity's unpaid tranches), made by whoever wires the registry so that
// the registry needs no knowledge of grants.
using BadRecordFollowUp =
    std::function<std::unique_ptr<storage::Command>(const std::string& uscc,
                                                    const std::string& reason)>;

class Registry {
 public:
  explicit Registry(storage::Ledger& ledger, BadRecordFollowUp after_bad_record = nullptr)
      : ledger_(ledger), after_bad_record_(std::move(after_bad_record)) {}

  // Registers a new entity in its home city. Refused when any city has the code already
  // (checked by reads first: two bureaus registering one code at the same instant in two
  // cities is not guarded against; registration is a rare, administered act).
  void Register(const Caller& caller, const v1::Entity& entity, Done<v1::Entity> done);
  void Update(const Caller& caller, const v1::Entity& entity, Done<v1::Entity> done);
  void SetBadRecord(const Caller& caller, const BadRecordRequest& request, Done<v1::Entity> done);
  void ClearBadRecord(const Caller& caller, const BadRecordRequest& request,
                      Done<v1::Entity> done);
  void RegisterProvider(const Caller& caller, const v1::ProviderRegistration& registration,
                        Done<v1::Entity> done);

  // The same, waiting for the answer.
  absl::StatusOr<v1::Entity> Register(const Caller& caller, const v1::Entity& entity);
  absl::StatusOr<v1::Entity> Update(const Caller& caller, const v1::Entity& entity);
  absl::StatusOr<v1::Entity> SetBadRecord(const Caller& caller, absl::string_view uscc,
                                          absl::string_view reason);
  absl::StatusOr<v1::Entity> ClearBadRecord(const Caller& caller, absl::string_view uscc,
                                            absl::string_view reason);
  absl::StatusOr<v1::Entity> RegisterProvider(const Caller& caller,
                                              const v1::ProviderRegistration& registration);

  // The entity, from whichever city holds it (last durable state).
  absl::StatusOr<v1::Entity> Find(absl::string_view uscc) const;

 private:
  // Submits `command` to `city` (the entity's home), or answers `planned`'s error.
  void Submit(absl::StatusOr<std::string> city, const Caller& caller,
              std::unique_ptr<storage::Command> command, Done<v1::Entity> done);
  absl::StatusOr<std::string> PlanRegister(const v1::Entity& entity) const;
  absl::StatusOr<std::string> PlanUpdate(const v1::Entity& entity) const;
  absl::StatusOr<std::string> PlanBadRecord(const BadRecordRequest& request) const;
  absl::StatusOr<std::string> PlanProvider(const v1::ProviderRegistration& registration) const;

  storage::Ledger& ledger_;
  BadRecordFollowUp after_bad_record_;
};

}  // namespace innoledger::registry

#endif  // INNOLEDGER_SERVICES_REGISTRY_REGISTRY_H_
