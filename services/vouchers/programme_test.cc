// Voucher programmes as data: the shipped settings load, and every mistake names its
// file and line.
#include "services/vouchers/programme.h"

#include <cstdlib>

#include "common/errors.h"
#include "gtest/gtest.h"
#include "services/vouchers/testing/voucher_fixture.h"

namespace innoledger::vouchers {
namespace {

std::string SourceDir() {
  const char* dir = std::getenv("INNOLEDGER_SOURCE_DIR");
  return dir ? dir : ".";
}

TEST(ProgrammeTest, TheShippedSettingsOfEveryCityLoad) {
  std::vector<std::string> paths;
  for (const char* city : {"urumqi", "changji", "shihezi"}) {
    paths.push_back(SourceDir() + "/deploy/vouchers/" + city + ".textproto");
  }
  auto programmes = Programmes::Load(paths);
  ASSERT_TRUE(programmes.ok()) << programmes.status();
  for (const char* city : {"urumqi", "changji", "shihezi"}) {
    auto programme = programmes->Find(city, 2026);
    ASSERT_TRUE(programme.ok()) << programme.status();
    EXPECT_EQ((*programme)->city(), city);
    EXPECT_EQ(ValidUntil(**programme), absl::CivilDay(2026, 12, 31));
    EXPECT_TRUE(Offers(**programme, 2'000'000));
    EXPECT_TRUE(Covers(**programme, v1::SERVICE_CATEGORY_TESTING));
  }
  EXPECT_EQ(ErrorReason(programmes->Find("changji", 2025).status()), "PROGRAMME_NOT_FOUND");
  EXPECT_EQ(ErrorReason(programmes->Find("lanzhou", 2026).status()), "PROGRAMME_NOT_FOUND");
}

TEST(ProgrammeTest, TheTestSettingsLoad) {
  auto programmes = Programmes::Parse(testing::TestProgrammes(), "test");
  ASSERT_TRUE(programmes.ok()) << programmes.status();
  EXPECT_EQ(programmes->All().size(), 3u);
}

// A good programme whose line `line` (1-based) is replaced by `replacement`.
std::string Spoil(int line, const std::string& replacement) {
  std::vector<std::string> lines = {
      "programme {",                                             // 1
      "  city: \"changji\"",                                     // 2
      "  fiscal_year: 2026",                                     // 3
      "  fund_account: \"fund/vouchers\"",                       // 4
      "  face_values_fen: [500000, 1000000]",                    // 5
      "  yearly_quota_fen: 10000000",                            // 6
      "  max_per_claim_fen: 2000000",                            // 7
      "  max_contract_share_bp: 5000",                           // 8
      "  categories: [SERVICE_CATEGORY_TESTING]",                // 9
      "  valid_until: \"2026-12-31\"",                           // 10
      "  unspent_returns_to_fund: true",                         // 11
      "  hold_timeout_seconds: 3600",                            // 12
      "}",                                                       // 13
  };
  lines[line - 1] = replacement;
  std::string text;
  for (const std::string& l : lines) text += l + "\n";
  return text;
}

TEST(ProgrammeTest, EveryMistakeNamesItsFileAndLine) {
  ASSERT_TRUE(Programmes::Parse(Spoil(1, "programme {"), "p.textproto").ok());
  const std::pair<std::pair<int, std::string>, std::string> kCases[] = {
      {{2, "  city: \"Changji\""}, "p.textproto:2: programme Changji 2026: city"},
      {{3, "  fiscal_year: 1900"}, "p.textproto:3:"},
      {{4, "  fund_account: \"\""}, "p.textproto:4:"},
      {{5, "  face_values_fen: [1000000, 500000]"}, "p.textproto:5: programme changji 2026: "
                                                    "face_values_fen: must be positive and ascending"},
      {{5, "  face_values_fen: [20000000]"}, "above the yearly quota"},
      {{6, "  yearly_quota_fen: -1"}, "p.textproto:6:"},
      {{7, "  max_per_claim_fen: 0"}, "p.textproto:7:"},
      {{8, "  max_contract_share_bp: 10001"}, "p.textproto:8:"},
      {{9, "  categories: [SERVICE_CATEGORY_TESTING, SERVICE_CATEGORY_TESTING]"},
       "p.textproto:9:"},
      {{9, "  categories: [SERVICE_CATEGORY_PAINTING]"}, "p.textproto:9:"},
      {{10, "  valid_until: \"2027-01-31\""}, "p.textproto:10:"},
      {{10, "  valid_until: \"2026-02-30\""}, "p.textproto:10:"},
      {{11, "  unspent_returns_to_fund: false"}, "p.textproto:11: programme changji 2026: "
                                                 "unspent_returns_to_fund: false needs lapse"},
      {{12, "  hold_timeout_seconds: -5"}, "p.textproto:12:"},
      {{12, "  hold_timeout: 5"}, "p.textproto:12:"},  // unknown field
  };
  for (const auto& [spoil, expected] : kCases) {
    auto programmes = Programmes::Parse(Spoil(spoil.first, spoil.second), "p.textproto");
    ASSERT_FALSE(programmes.ok()) << spoil.second;
    EXPECT_EQ(programmes.status().code(), absl::StatusCode::kInvalidArgument);
    EXPECT_EQ(ErrorReason(programmes.status()), "PROGRAMME_INVALID");
    EXPECT_NE(programmes.status().message().find(expected), std::string::npos)
        << spoil.second << " gave: " << programmes.status().message();
  }
}

TEST(ProgrammeTest, OneProgrammePerCityAndYearAcrossFiles) {
  const std::string one = Spoil(1, "programme {");
  auto twice = Programmes::Parse(one + one, "twice.textproto");
  EXPECT_EQ(ErrorReason(twice.status()), "PROGRAMME_INVALID");
  EXPECT_NE(twice.status().message().find("twice.textproto:14: a second programme for changji "
                                          "2026; the first is at twice.textproto:1"),
            std::string::npos)
      << twice.status().message();
  auto missing = Programmes::Load({"/nonexistent/changji.textproto"});
  EXPECT_EQ(ErrorReason(missing.status()), "PROGRAMME_FILE_NOT_FOUND");
}

}  // namespace
}  // namespace innoledger::vouchers
