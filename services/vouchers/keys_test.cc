#include "services/vouchers/keys.h"

#include "gtest/gtest.h"

namespace innoledger::vouchers {
namespace {

TEST(KeysTest, VoucherIdsCarryTheIssuingCityAndYear) {
  EXPECT_EQ(VoucherId("changji", 2026, 17), "changji-2026-000017");
  EXPECT_EQ(VoucherId("lanzhou_baiyin", 2026, 1234567), "lanzhou_baiyin-2026-1234567");
  auto parsed = ParseVoucherId("changji-2026-000017");
  ASSERT_TRUE(parsed.has_value());
  EXPECT_EQ(parsed->city, "changji");
  EXPECT_EQ(parsed->fiscal_year, 2026);
  EXPECT_TRUE(ParseVoucherId("lanzhou_baiyin-2026-1234567").has_value());
  for (const char* bad : {"", "changji", "changji-2026", "changji-26-000017",
                          "changji-2026-17", "changji-2026-000000", "Changji-2026-000017",
                          "changji-2026-0000017", "changji-2026-+00017", "-2026-000017",
                          "changji-2026-000017x"}) {
    EXPECT_FALSE(ParseVoucherId(bad).has_value()) << bad;
  }
}

TEST(KeysTest, AReservationIsItsVoucherAndHold) {
  EXPECT_EQ(ReservationId("urumqi-2026-000001", 42), "urumqi-2026-000001/42");
  auto parsed = ParseReservationId("urumqi-2026-000001/42");
  ASSERT_TRUE(parsed.has_value());
  EXPECT_EQ(parsed->voucher_id, "urumqi-2026-000001");
  EXPECT_EQ(parsed->voucher.city, "urumqi");
  EXPECT_EQ(parsed->hold_sequence, 42u);
  for (const char* bad : {"urumqi-2026-000001", "urumqi-2026-000001/", "urumqi-2026-000001/0",
                          "urumqi-2026-000001/042", "x/42", "urumqi-2026-000001/-1"}) {
    EXPECT_FALSE(ParseReservationId(bad).has_value()) << bad;
  }
}

TEST(KeysTest, ReservationsOfAVoucherListInOrderAndApart) {
  EXPECT_LT(ReservationKey("changji-2026-000001", 9), ReservationKey("changji-2026-000001", 10));
  EXPECT_EQ(ReservationKey("changji-2026-000001", 9).rfind(ReservationPrefix("changji-2026-000001"), 0),
            0u);
  EXPECT_NE(ReservationKey("changji-2026-0000010", 9).rfind(ReservationPrefix("changji-2026-000001"), 0),
            0u);
}

}  // namespace
}  // namespace innoledger::vouchers
