#include "services/registry/uscc.h"

#include <array>
#include <cstdint>

#include "absl/strings/str_cat.h"
#include "services/registry/errors.h"

namespace innoledger::registry {
namespace {

constexpr absl::string_view kAlphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY";
static_assert(kAlphabet.size() == 31);
// w_i = 3^(i-1) mod 31, as the standard tabulates them.
constexpr std::array<int, 17> kWeights = {1, 3, 9, 27, 19, 26, 16, 17, 20,
                                          29, 25, 13, 8, 24, 10, 30, 28};

int ValueOf(char c) {
  size_t at = kAlphabet.find(c);
  return at == absl::string_view::npos ? -1 : static_cast<int>(at);
}

}  // namespace

std::optional<char> UsccCheckCharacter(absl::string_view first17) {
  if (first17.size() != kWeights.size()) return std::nullopt;
  int sum = 0;
  for (size_t i = 0; i < first17.size(); ++i) {
    int value = ValueOf(first17[i]);
    if (value < 0) return std::nullopt;
    sum += value * kWeights[i];
  }
  return kAlphabet[(31 - sum % 31) % 31];
}

absl::Status ValidateUscc(absl::string_view code) {
  if (code.size() != kUsccLength) {
    return errors::InvalidUscc(code, absl::StrCat("it has ", code.size(), " characters, not 18"));
  }
  for (size_t i = 0; i < code.size(); ++i) {
    if (ValueOf(code[i]) < 0) {
      return errors::InvalidUscc(
          code, absl::StrCat("character ", i + 1,
                             " is not one of 0-9 A-H J-N P Q R T U W X Y (no I, O, Z, S, V; "
                             "upper case)"));
    }
  }
  char expected = *UsccCheckCharacter(code.substr(0, 17));
  if (code[17] != expected) {
    return errors::InvalidUscc(code, absl::StrCat("the check character is '", code.substr(17),
                                                  "'; the first 17 characters give '",
                                                  absl::string_view(&expected, 1), "'"));
  }
  return absl::OkStatus();
}

}  // namespace innoledger::registry
