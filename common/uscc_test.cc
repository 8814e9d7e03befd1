#include "common/uscc.h"

#include "common/errors.h"
#include "gtest/gtest.h"

namespace innoledger {
namespace {

// Check characters computed by hand: Σ value(c_i) × weight_i, then 31 − Σ mod 31.
TEST(UsccTest, AcceptsCodesWithTheRightCheckCharacter) {
  // 9×1 + 1×3 + 3×9 + 5×27 + 0 + 1×26 + 0 + 0 + M(21)×20 + 0 + 0 + 0 + 1×8 + 0 + 0
  //   + Y(30)×30 + 4×28 = 1640; 1640 mod 31 = 28; 31 − 28 = 3.
  EXPECT_TRUE(ValidateUscc("91350100M000100Y43").ok());
  // Σ = 3439; 3439 mod 31 = 29; 31 − 29 = 2.
  EXPECT_TRUE(ValidateUscc("91652301MA78XXXX12").ok());
  // Σ = 757; 757 mod 31 = 13; 31 − 13 = 18 → 'J'.
  EXPECT_TRUE(ValidateUscc("91652300228601110J").ok());
}

TEST(UsccTest, RefusesWithTheReason) {
  struct Case {
    const char* code;
    const char* says;
  } cases[] = {
      {"91350100M000100Y44", "the check character should be '3', not '4'"},
      {"91350100M000100Y4", "it has 17 characters, not 18"},
      {"91350100M000100I43", "character 16 ('I') is not allowed"},
      {"91350100m000100Y43", "character 9 ('m') is not allowed"},
      {"", "it has 0 characters"},
  };
  for (const Case& c : cases) {
    absl::Status status = ValidateUscc(c.code);
    EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument) << c.code;
    EXPECT_EQ(ErrorReason(status), "INVALID_USCC") << c.code;
    EXPECT_NE(std::string(status.message()).find(c.says), std::string::npos) << status.message();
  }
}

}  // namespace
}  // namespace innoledger
