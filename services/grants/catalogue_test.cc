// Catalogues: Changji's loads whole; each broken one is refused with its file, the line
// of the mistake and the reason.
#include "services/grants/catalogue.h"

#include "common/errors.h"
#include "gtest/gtest.h"
#include "services/grants/testing/grants_fixture.h"

namespace innoledger::grants {
namespace {

using testing::LoadOrDie;
using testing::SourcePath;

TEST(CatalogueTest, ChangjiCarriesEveryMoneyRuleOfAttachmentTwo) {
  const v1::Catalogue catalogue = LoadOrDie("deploy/policies/changji-2020.textproto");
  std::set<std::string> numbers;
  for (const v1::Policy& policy : catalogue.policies()) {
    numbers.insert(policy.id().substr(0, policy.id().find('.', 8)));
    EXPECT_EQ(policy.effective_from(), "2020-06-16") << policy.id();
    EXPECT_EQ(policy.effective_to(), "2025-12-31") << policy.id();
    // The zone-wide conditions (registered, no bad record) come first in every policy.
    ASSERT_GE(policy.eligibility_size(), 2) << policy.id();
    EXPECT_EQ(policy.eligibility(0).compare().fact(), "registered_in_zone");
    EXPECT_EQ(policy.eligibility(1).compare().fact(), "bad_record");
  }
  std::set<std::string> expected;
  for (int n = 3; n <= 13; ++n) expected.insert(absl::StrCat("changji.", n));
  EXPECT_EQ(numbers, expected);
  EXPECT_EQ(catalogue.policies_size(), 21);  // 3, 4, 5, 6×3, 7, 8×4, 9×5, 10, 11, 12, 13×2
}

struct Broken {
  const char* file;  // under services/grants/testdata/broken/
  int line;
  const char* reason;  // what the message says after "FILE:LINE: "
};

TEST(CatalogueTest, BrokenFilesAreRefusedWithFileLineAndReason) {
  const Broken cases[] = {
      {"rate-over-100.textproto", 7,
       "policy 'x.percent' v1: rate_bp 10001 is not a percentage within (0, 100%]"},
      {"cap-below-floor.textproto", 9,
       "policy 'x.floor' v1: cap 500000 fen is below the floor of 1000000 fen"},
      {"unknown-rule-kind.textproto", 6,
       "Message type \"innoledger.v1.Policy\" has no field named \"lottery\""},
      {"overlapping-versions.textproto", 7,
       "policy 'x.fixed' version 2024-v2 overlaps version 2024-v1 (2024-01-01..2024-12-31)"},
      {"unknown-fact.textproto", 8,
       "policy 'x.platform' v1: unknown fact 'investmnet_fen': declare it in facts"},
      {"no-after-expiry.textproto", 5,
       "policy 'x.stepped' v1: must say AFTER_EXPIRY_HONOUR or AFTER_EXPIRY_STOP"},
  };
  for (const Broken& broken : cases) {
    SCOPED_TRACE(broken.file);
    const std::string path =
        SourcePath(absl::StrCat("services/grants/testdata/broken/", broken.file));
    auto catalogue = LoadCatalogue(path);
    ASSERT_FALSE(catalogue.ok());
    EXPECT_EQ(catalogue.status().code(), absl::StatusCode::kInvalidArgument);
    EXPECT_EQ(ErrorReason(catalogue.status()), "CATALOGUE_INVALID");
    EXPECT_EQ(ErrorMetadata(catalogue.status())["file"], path);
    const std::string expected = absl::StrCat(path, ":", broken.line, ": ", broken.reason);
    EXPECT_EQ(std::string(catalogue.status().message()).rfind(expected, 0), 0u)
        << catalogue.status().message();
  }
  EXPECT_EQ(ErrorReason(LoadCatalogue(SourcePath("no/such.textproto")).status()),
            "CATALOGUE_NOT_FOUND");
}

constexpr char kHeader[] =
    "jurisdiction: \"t\" cities: \"changji\"\n"
    "facts { name: \"amount_fen\" source: FACT_SOURCE_APPLICATION }\n";

// One policy whose rule and caps are `body`, on line 4 of the file.
std::string OnePolicy(const std::string& body) {
  return absl::StrCat(kHeader, "policies {\n", body,
                      "\n  id: \"p\" version: \"v1\" effective_from: \"2024-01-01\" "
                      "effective_to: \"2024-12-31\" after_expiry: AFTER_EXPIRY_STOP "
                      "fund_account: \"fund:x\"\n}\n");
}

TEST(CatalogueTest, EveryMistakeOfAPolicyIsNamed) {
  const struct {
    std::string text;
    const char* expected;
  } cases[] = {
      {OnePolicy(""), "t.textproto:5: policy 'p' v1: no rule"},
      {OnePolicy("  fixed { amount_fen: 0 }"),
       "t.textproto:4: policy 'p' v1: amount_fen must be positive"},
      {OnePolicy("  fixed { amount_fen: 1 } caps { per_item_fen: 5 }"),
       "t.textproto:4: policy 'p' v1: per_item_fen needs item_kind"},
      {OnePolicy("  stepped { tranche_fen: 3 tranche_fen: 2 } caps { per_entity_year_fen: 5 }"),
       "t.textproto:4: policy 'p' v1: stepped tranches are fixed amounts"},
      {OnePolicy("  assessed { max_fen: 5 grade_fact: \"grade\" passing_grades: 4 }"),
       "t.textproto:4: policy 'p' v1: unknown fact 'grade'"},
      {OnePolicy("  fixed { amount_fen: 1 } eligibility { any_of { } }"),
       "t.textproto:4: policy 'p' v1: any_of is empty"},
      {absl::StrCat(kHeader, "facts { name: \"amount_fen\" source: FACT_SOURCE_REGISTRY }\n"),
       "t.textproto:3: fact 'amount_fen' is declared twice"},
      {"jurisdiction: \"t\"\n", "t.textproto:1: name the cities whose bureaus award under it"},
  };
  for (const auto& broken : cases) {
    auto catalogue = ParseCatalogue(broken.text, "t.textproto");
    ASSERT_FALSE(catalogue.ok()) << broken.expected;
    EXPECT_EQ(std::string(catalogue.status().message()).rfind(broken.expected, 0), 0u)
        << catalogue.status().message();
  }
}

TEST(CatalogueTest, ConsecutiveVersionsAreFine) {
  auto catalogue = ParseCatalogue(
      absl::StrCat(
          kHeader,
          "policies { id: \"p\" version: \"v1\" effective_from: \"2024-01-01\" effective_to: "
          "\"2024-12-31\"\n"
          "  after_expiry: AFTER_EXPIRY_STOP fund_account: \"f\" fixed { amount_fen: 1 } }\n"
          "policies { id: \"p\" version: \"v2\" effective_from: \"2025-01-01\" effective_to: "
          "\"2025-12-31\"\n"
          "  after_expiry: AFTER_EXPIRY_STOP fund_account: \"f\" fixed { amount_fen: 2 } }\n"),
      "ok.textproto");
  ASSERT_TRUE(catalogue.ok()) << catalogue.status();
  EXPECT_EQ((*PolicyInForce(*catalogue, "p", absl::CivilDay(2025, 6, 1)))->version(), "v2");
  EXPECT_EQ((*PolicyInForce(*catalogue, "p", absl::CivilDay(2024, 12, 31)))->version(), "v1");
  EXPECT_EQ(ErrorReason(PolicyInForce(*catalogue, "p", absl::CivilDay(2026, 1, 1)).status()),
            "POLICY_NOT_IN_FORCE");
}

}  // namespace
}  // namespace innoledger::grants
