#include "common/uscc.h"

#include <array>

#include "absl/strings/str_cat.h"
#include "common/errors.h"

namespace innoledger {
namespace {

constexpr absl::string_view kCharset = "0123456789ABCDEFGHJKLMNPQRTUWXY";  // 31 characters
constexpr std::array<int, 17> kWeights = {1,  3,  9,  27, 19, 26, 16, 17, 20,
                                          29, 25, 13, 8,  24, 10, 30, 28};

absl::Status Invalid(absl::string_view code, absl::string_view why) {
  return Error(absl::StatusCode::kInvalidArgument, "INVALID_USCC",
               absl::StrCat("'", code, "' is not a unified social credit code: ", why),
               {{"uscc", std::string(code.substr(0, 32))}});
}

}  // namespace

absl::Status ValidateUscc(absl::string_view code) {
  if (code.size() != 18) {
    return Invalid(code, absl::StrCat("it has ", code.size(), " characters, not 18"));
  }
  int sum = 0;
  for (size_t i = 0; i < 17; ++i) {
    const size_t value = kCharset.find(code[i]);
    if (value == absl::string_view::npos) {
      return Invalid(code, absl::StrCat("character ", i + 1, " ('", code.substr(i, 1),
                                        "') is not allowed (0-9, A-Y without I O S V Z)"));
    }
    sum += static_cast<int>(value) * kWeights[i];
  }
  const int check = (31 - sum % 31) % 31;
  if (code[17] != kCharset[check]) {
    return Invalid(code, absl::StrCat("the check character should be '", kCharset.substr(check, 1),
                                      "', not '", code.substr(17, 1), "'"));
  }
  return absl::OkStatus();
}

}  // namespace innoledger
