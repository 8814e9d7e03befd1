// A catalogue with a mistake is refused with the file, the line and the reason.
#include "services/grants/catalogue.h"

#include "common/errors.h"
#include "gtest/gtest.h"

namespace innoledger::grants {
namespace {

constexpr char kHeader[] = "jurisdiction: \"test\" cities: \"changji\"\n";

// One policy; `body` is inserted at line 3 of the file.
std::string OnePolicy(const std::string& body, const std::string& window =
                          "effective_from: \"2024-01-01\" effective_to: \"2024-12-31\"") {
  return std::string(kHeader) + "policies {\n" + body + "\n  id: \"p\" version: \"v1\" " +
         window + " after_expiry: AFTER_EXPIRY_STOP fund_account: \"fund:x\"\n}\n";
}

struct Broken {
  const char* name;
  std::string text;
  const char* expected;  // the start of the message, "file:line: ..."
};

TEST(CatalogueTest, RefusesMistakesWithFileLineAndReason) {
  const Broken cases[] = {
      {"percentage over 100%", OnePolicy("  percent { base_fact: \"x\" rate_bp: 10001 }"),
       "broken.textproto:3: policy 'p' v1: rate_bp 10001 is not a percentage"},
      {"cap below its floor",
       OnePolicy("  percent { base_fact: \"x\" rate_bp: 500 floor_fen: 100 }\n"
                 "  caps { per_item_fen: 50 item_fact: \"c\" }"),
       "broken.textproto:4: policy 'p' v1: cap 50 fen is below the floor of 100 fen"},
      {"unknown rule kind", OnePolicy("  lottery { odds: 3 }"),
       "broken.textproto:3: Message type \"innoledger.v1.Policy\" has no field named \"lottery\""},
      {"no rule", OnePolicy(""), "broken.textproto:4: policy 'p' v1: no rule"},
      {"bad date", OnePolicy("  fixed { amount_fen: 1 }", "effective_from: \"2024-02-30\" effective_to: \"2024-12-31\""),
       "broken.textproto:4: policy 'p' v1: not a date"},
      {"overlapping versions",
       std::string(kHeader) +
           "policies { id: \"p\" version: \"v1\" effective_from: \"2024-01-01\" effective_to: \"2024-12-31\"\n"
           "  after_expiry: AFTER_EXPIRY_STOP fund_account: \"f\" fixed { amount_fen: 1 } }\n"
           "policies { id: \"p\" version: \"v2\" effective_from: \"2024-07-01\" effective_to: \"2025-12-31\"\n"
           "  after_expiry: AFTER_EXPIRY_STOP fund_account: \"f\" fixed { amount_fen: 2 } }\n",
       "broken.textproto:4: policy 'p' version v2 overlaps version v1"},
  };
  for (const Broken& broken : cases) {
    SCOPED_TRACE(broken.name);
    auto catalogue = ParseCatalogue(broken.text, "broken.textproto");
    ASSERT_FALSE(catalogue.ok());
    EXPECT_EQ(catalogue.status().code(), absl::StatusCode::kInvalidArgument);
    EXPECT_EQ(ErrorReason(catalogue.status()), "CATALOGUE_INVALID");
    EXPECT_EQ(std::string(catalogue.status().message()).rfind(broken.expected, 0), 0u)
        << catalogue.status().message();
  }
}

TEST(CatalogueTest, ConsecutiveVersionsAreFine) {
  auto catalogue = ParseCatalogue(
      std::string(kHeader) +
          "policies { id: \"p\" version: \"v1\" effective_from: \"2024-01-01\" effective_to: \"2024-12-31\"\n"
          "  after_expiry: AFTER_EXPIRY_STOP fund_account: \"f\" fixed { amount_fen: 1 } }\n"
          "policies { id: \"p\" version: \"v2\" effective_from: \"2025-01-01\" effective_to: \"2025-12-31\"\n"
          "  after_expiry: AFTER_EXPIRY_STOP fund_account: \"f\" fixed { amount_fen: 2 } }\n",
      "ok.textproto");
  ASSERT_TRUE(catalogue.ok()) << catalogue.status();
  auto in_2025 = PolicyInForce(*catalogue, "p", absl::CivilDay(2025, 6, 1));
  ASSERT_TRUE(in_2025.ok());
  EXPECT_EQ((*in_2025)->version(), "v2");
}

}  // namespace
}  // namespace innoledger::grants
