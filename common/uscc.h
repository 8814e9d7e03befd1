#ifndef INNOLEDGER_COMMON_USCC_H_
#define INNOLEDGER_COMMON_USCC_H_

#include "absl/status/status.h"
#include "absl/strings/string_view.h"

namespace innoledger {

// Checks a unified social credit code (统一社会信用代码, GB 32100-2015): 18 characters
// from 0-9 and A-Y without I, O, S, V, Z; the last is a check character over the first 17
// (weights 3^i mod 31; check = 31 − sum mod 31, 31 meaning '0'). INVALID_ARGUMENT with
// reason INVALID_USCC and a message saying what is wrong (length, a character, the check).
absl::Status ValidateUscc(absl::string_view code);

}  // namespace innoledger

#endif  // INNOLEDGER_COMMON_USCC_H_
