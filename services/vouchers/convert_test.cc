#include "services/vouchers/convert.h"

#include "common/errors.h"
#include "gtest/gtest.h"

namespace innoledger::vouchers {
namespace {

TEST(ConvertTest, CursorsRoundTripAndStayWithTheirFilter) {
  const Cursor cursor{"shihezi", "voucher/by-holder/91652301MA78K3L4MR/shihezi-2026-000003"};
  const std::string token = CursorToken("vouchers_by_holder", "91652301MA78K3L4MR", cursor);
  ASSERT_FALSE(token.empty());
  auto back = CursorFromToken("vouchers_by_holder", "91652301MA78K3L4MR", token);
  ASSERT_TRUE(back.ok()) << back.status();
  ASSERT_TRUE(back->has_value());
  EXPECT_EQ((*back)->city, cursor.city);
  EXPECT_EQ((*back)->after_key, cursor.after_key);
  // Another holder, another list, garbage: refused, never silently followed.
  for (auto [list, filter, bad] :
       {std::tuple<std::string, std::string, std::string>{"vouchers_by_holder",
                                                          "91650100MA77A1B2CG", token},
        {"redemptions_by_provider", "91652301MA78K3L4MR", token},
        {"vouchers_by_holder", "91652301MA78K3L4MR", "not a token"}}) {
    auto refused = CursorFromToken(list, filter, bad);
    EXPECT_EQ(ErrorReason(refused.status()), "INVALID_PAGE_TOKEN") << list << " " << filter;
  }
  EXPECT_EQ(CursorToken("vouchers_by_holder", "x", std::nullopt), "");
  auto first = CursorFromToken("vouchers_by_holder", "x", "");
  ASSERT_TRUE(first.ok());
  EXPECT_FALSE(first->has_value());
}

TEST(ConvertTest, HistoryTokensCarryTheSequence) {
  const std::string token = HistoryToken("changji-2026-000001", 42);
  EXPECT_EQ(*HistoryFromToken("changji-2026-000001", token), 42u);
  EXPECT_EQ(*HistoryFromToken("changji-2026-000001", ""), 0u);
  EXPECT_EQ(HistoryToken("changji-2026-000001", 0), "");
  EXPECT_EQ(ErrorReason(HistoryFromToken("changji-2026-000002", token).status()),
            "INVALID_PAGE_TOKEN");
}

TEST(ConvertTest, RequestsNameTheirIssuingCity) {
  EXPECT_EQ(CityOfVoucher("urumqi-2026-000009"), "urumqi");
  EXPECT_EQ(CityOfReservation("urumqi-2026-000009/17"), "urumqi");
  EXPECT_EQ(CityOfVoucher("nonsense"), "");
  EXPECT_EQ(PageSize(0), 100);
  EXPECT_EQ(PageSize(5000), 1000);
  EXPECT_EQ(PageSize(7), 7);
  v1::ReserveVoucherRequest reserve;
  reserve.set_hold_timeout_seconds(-3);
  EXPECT_LT(ToDomain(reserve).hold_timeout, absl::ZeroDuration());
  reserve.set_hold_timeout_seconds(600);
  EXPECT_EQ(ToDomain(reserve).hold_timeout, absl::Minutes(10));
}

}  // namespace
}  // namespace innoledger::vouchers
