#ifndef INNOLEDGER_SERVICES_REGISTRY_USCC_H_
#define INNOLEDGER_SERVICES_REGISTRY_USCC_H_

#include <optional>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"

// The unified social credit code (统一社会信用代码) of GB 32100-2015: 18 characters of the
// alphabet 0-9 A-H J-N P Q R T U W X Y (no I, O, Z, S, V, which read like digits), the
// last one a check character over the first 17.
namespace innoledger::registry {

inline constexpr size_t kUsccLength = 18;

// The check character for the first 17 characters, or nullopt when `first17` is not 17
// characters of the alphabet. check = 31 - (Σ value(c_i) × w_i mod 31), and 31 becomes 0.
std::optional<char> UsccCheckCharacter(absl::string_view first17);

// OK for a well-formed code; INVALID_ARGUMENT / USCC_INVALID naming what is wrong
// (length, a character outside the alphabet and where, or the check character).
// Codes are upper case: lower case is refused, not folded, so one entity has one key.
absl::Status ValidateUscc(absl::string_view code);

}  // namespace innoledger::registry

#endif  // INNOLEDGER_SERVICES_REGISTRY_USCC_H_
