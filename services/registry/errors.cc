#include "services/registry/errors.h"

#include <string>

#include "absl/strings/str_cat.h"
#include "common/errors.h"

namespace innoledger::registry::errors {

using absl::StatusCode;

absl::Status InvalidField(absl::string_view field, absl::string_view why) {
  return Error(StatusCode::kInvalidArgument, "INVALID_REQUEST", absl::StrCat(field, ": ", why),
               {{"field", std::string(field)}});
}

absl::Status EntityNotFound(absl::string_view uscc) {
  return Error(StatusCode::kNotFound, "ENTITY_NOT_FOUND",
               absl::StrCat("no entity ", uscc, " in the registry of any city"),
               {{"uscc", std::string(uscc)}});
}

absl::Status EntityExists(absl::string_view uscc, absl::string_view city) {
  return Error(StatusCode::kAlreadyExists, "ENTITY_EXISTS",
               absl::StrCat("entity ", uscc, " is registered already, in ", city),
               {{"uscc", std::string(uscc)}, {"city", std::string(city)}});
}

absl::Status WrongKind(absl::string_view uscc, absl::string_view wanted, absl::string_view is) {
  return Error(StatusCode::kFailedPrecondition, "ENTITY_KIND_MISMATCH",
               absl::StrCat("entity ", uscc, " is ", is, ", not ", wanted),
               {{"uscc", std::string(uscc)}, {"wanted", std::string(wanted)},
                {"kind", std::string(is)}});
}

absl::Status HomeCityFixed(absl::string_view uscc, absl::string_view home) {
  return Error(StatusCode::kFailedPrecondition, "HOME_CITY_FIXED",
               absl::StrCat("entity ", uscc, " lives in ", home,
                            "; its home city is its partition and cannot change"),
               {{"uscc", std::string(uscc)}, {"city", std::string(home)}});
}

absl::Status NotOwnEntity(absl::string_view principal, absl::string_view entity) {
  return Error(StatusCode::kPermissionDenied, "ENTITY_NOT_PERMITTED",
               absl::StrCat(principal, " may act only for itself, not for '", entity, "'"),
               {{"principal", std::string(principal)}, {"entity", std::string(entity)}});
}

}  // namespace innoledger::registry::errors
