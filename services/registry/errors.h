#ifndef INNOLEDGER_SERVICES_REGISTRY_ERRORS_H_
#define INNOLEDGER_SERVICES_REGISTRY_ERRORS_H_

#include "absl/status/status.h"
#include "absl/strings/string_view.h"

// One factory per registry error, each with its code and stable reason (docs/errors.md). A
// malformed code is common/uscc.h's INVALID_USCC, the same for every service.
namespace innoledger::registry::errors {

// INVALID_ARGUMENT / INVALID_REQUEST: a field of an entity or registration is malformed.
absl::Status InvalidField(absl::string_view field, absl::string_view why);
// NOT_FOUND / ENTITY_NOT_FOUND: no city's registry knows the code.
absl::Status EntityNotFound(absl::string_view uscc);
// ALREADY_EXISTS / ENTITY_EXISTS: the code is registered already (in `city`).
absl::Status EntityExists(absl::string_view uscc, absl::string_view city);
// FAILED_PRECONDITION / ENTITY_KIND_MISMATCH: e.g. registering an enterprise as a provider.
absl::Status WrongKind(absl::string_view uscc, absl::string_view wanted, absl::string_view is);
// FAILED_PRECONDITION / HOME_CITY_FIXED: an entity's home city (its partition) never changes.
absl::Status HomeCityFixed(absl::string_view uscc, absl::string_view home);

// PERMISSION_DENIED / ENTITY_NOT_PERMITTED: a provider or an enterprise acting for another
// entity than the one its certificate names (the permission table knows roles and cities,
// not entities).
absl::Status NotOwnEntity(absl::string_view principal, absl::string_view entity);

}  // namespace innoledger::registry::errors

#endif  // INNOLEDGER_SERVICES_REGISTRY_ERRORS_H_
