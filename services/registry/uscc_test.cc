// The registry's codes, checked by common/uscc.h (one check for every service). The
// examples below are computed by hand so the test does not trust the code it tests.
#include "common/uscc.h"

#include <string>

#include "common/errors.h"
#include "gtest/gtest.h"

namespace innoledger {
namespace {

// Values: 0-9 are 0-9, then A10 B11 C12 D13 E14 F15 G16 H17 J18 K19 L20 M21 N22 P23 Q24
// R25 T26 U27 W28 X29 Y30. Weights: 1 3 9 27 19 26 16 17 20 29 25 13 8 24 10 30 28.
// check = 31 - (sum mod 31), 31 → 0. Each valid example, by hand:
//
// 91350100M000100Y43 (the example usually quoted with the standard):
//   9·1 + 1·3 + 3·9 + 5·27 + 0·19 + 1·26 + 0·16 + 0·17 + M21·20 + 0·29 + 0·25 + 0·13
//   + 1·8 + 0·24 + 0·10 + Y30·30 + 4·28 = 9+3+27+135+26+420+8+900+112 = 1640;
//   1640 = 52·31 + 28; 31 - 28 = 3 → '3'.
// 91650100MA77A1B2CG (Urumqi, 650100):
//   9 + 3 + 54 + 135 + 0 + 26 + 0 + 0 + 420 + A10·29=290 + 7·25=175 + 7·13=91 + A10·8=80
//   + 1·24=24 + B11·10=110 + 2·30=60 + C12·28=336 = 1813; 1813 = 58·31 + 15; 31-15 = 16 → 'G'.
// 91652301MA78K3L4MR (Changji, 652301):
//   9 + 3 + 54 + 135 + 2·19=38 + 3·26=78 + 0 + 1·17=17 + 420 + 290 + 175 + 8·13=104
//   + K19·8=152 + 3·24=72 + L20·10=200 + 4·30=120 + M21·28=588 = 2455;
//   2455 = 79·31 + 6; 31-6 = 25 → 'R'.
// 91659001MA79P5Q6R6 (Shihezi, 659001):
//   9 + 3 + 54 + 135 + 9·19=171 + 0 + 0 + 17 + 420 + 290 + 175 + 9·13=117 + P23·8=184
//   + 5·24=120 + Q24·10=240 + 6·30=180 + R25·28=700 = 2815; 2815 = 90·31 + 25; 31-25 = 6 → '6'.
// 12650100MB1234567P (a public institution, 事业单位):
//   1 + 2·3=6 + 54 + 135 + 0 + 26 + 0 + 0 + 420 + B11·29=319 + 1·25=25 + 2·13=26 + 3·8=24
//   + 4·24=96 + 5·10=50 + 6·30=180 + 7·28=196 = 1558; 1558 = 50·31 + 8; 31-8 = 23 → 'P'.
// 91652301MA7AAAAAA7:
//   9 + 3 + 54 + 135 + 38 + 78 + 0 + 17 + 420 + 290 + 175 + A10·(13+8+24+10+30+28)=1130
//   = 2349; 2349 = 75·31 + 24; 31-24 = 7 → '7'.
// 91650100MAB8XXXXX0, the case 31 → 0: 91650100MA78XXXXX sums to 4116 ≡ 24 (mod 31);
//   raising character 11 (weight 25) from 7 to B11 adds 4·25 = 100: 4216 = 136·31 + 0,
//   31 - 0 = 31 → '0'.
TEST(UsccTest, AcceptsCodesWithTheRightCheckCharacter) {
  for (const char* code : {"91350100M000100Y43", "91650100MA77A1B2CG", "91652301MA78K3L4MR",
                           "91659001MA79P5Q6R6", "12650100MB1234567P", "91652301MA7AAAAAA7",
                           "91650100MAB8XXXXX0"}) {
    EXPECT_TRUE(ValidateUscc(code).ok()) << code << ": " << ValidateUscc(code);
  }
}

TEST(UsccTest, EachExampleHasExactlyOneCheckCharacter) {
  const std::string kAlphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY";
  for (const std::string code : {"91350100M000100Y43", "91650100MA77A1B2CG", "91650100MAB8XXXXX0"}) {
    for (char check : kAlphabet) {
      const std::string candidate = code.substr(0, 17) + check;
      EXPECT_EQ(ValidateUscc(candidate).ok(), check == code[17]) << candidate;
    }
  }
}

struct BadCode {
  std::string code;
  std::string why;  // a piece of the reason the message must contain
};

TEST(UsccTest, RefusesMalformedCodesSayingWhy) {
  const BadCode kCases[] = {
      {"", "0 characters"},
      {"91350100M000100Y4", "17 characters"},
      {"91350100M000100Y433", "19 characters"},
      {"91350100M000100Y44", "the check character should be '3', not '4'"},
      {"91650100MA77A1B2CH", "should be 'G'"},
      {"91650100MA77A1B2C0", "should be 'G'"},
      {"91350100M000100I43", "character 16"},  // I
      {"91350100M0O0100Y43", "character 11"},  // O
      {"91350100M000100Z43", "character 16"},  // Z
      {"91350100M000100S43", "character 16"},  // S
      {"91350100M000100V43", "character 16"},  // V
      {"91350100m000100y43", "character 9"},   // lower case is not folded
      {"91350100M000100Y4 ", "should be '3', not ' '"},
      {"９1350100M000100Y43", "20 characters"},  // a full-width digit is 3 bytes
  };
  for (const BadCode& bad : kCases) {
    absl::Status status = ValidateUscc(bad.code);
    EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument) << bad.code;
    EXPECT_EQ(ErrorReason(status), "INVALID_USCC") << bad.code;
    EXPECT_NE(status.message().find(bad.why), std::string::npos)
        << bad.code << ": " << status.message();
  }
}

}  // namespace
}  // namespace innoledger
