#include "services/ledger/page_token.h"

#include "common/errors.h"
#include "gtest/gtest.h"

namespace innoledger::ledger_service {
namespace {

const PageFilter kFilter{"entries_by_account", {"changji", "fund"}};

TEST(PageTokenTest, EmptyTokenIsTheFirstPage) {
  auto position = DecodePageToken("", kFilter);
  ASSERT_TRUE(position.ok());
  EXPECT_EQ(*position, "");
  EXPECT_EQ(*ParseSequencePosition(*position), 0u);
}

TEST(PageTokenTest, RoundTripsThePosition) {
  const std::string token = EncodePageToken(kFilter, SequencePosition(1234567890123ULL));
  auto position = DecodePageToken(token, kFilter);
  ASSERT_TRUE(position.ok()) << position.status();
  EXPECT_EQ(*ParseSequencePosition(*position), 1234567890123ULL);
}

TEST(PageTokenTest, RefusesAnotherFilterOrList) {
  const std::string token = EncodePageToken(kFilter, SequencePosition(7));
  for (const PageFilter& other : {PageFilter{"entries_by_account", {"changji", "fun"}},
                                  PageFilter{"entries_by_account", {"urumqi", "fund"}},
                                  PageFilter{"entries_by_reference", {"changji", "fund"}},
                                  PageFilter{"entries_by_account", {"changjif", "und"}}}) {
    auto position = DecodePageToken(token, other);
    EXPECT_EQ(position.status().code(), absl::StatusCode::kInvalidArgument);
    EXPECT_EQ(ErrorReason(position.status()), "INVALID_PAGE_TOKEN");
  }
}

TEST(PageTokenTest, RefusesGarbageAndTruncation) {
  const std::string token = EncodePageToken(kFilter, SequencePosition(7));
  for (const std::string& bad : {std::string("!!!"), std::string("AAAA"),
                                 token.substr(0, token.size() - 4), token + "AAAA",
                                 std::string(5000, 'A')}) {
    EXPECT_EQ(ErrorReason(DecodePageToken(bad, kFilter).status()), "INVALID_PAGE_TOKEN") << bad;
  }
}

TEST(PageTokenTest, SequencePositionMustBeEightBytes) {
  EXPECT_FALSE(ParseSequencePosition("abc").ok());
}

}  // namespace
}  // namespace innoledger::ledger_service
