#include "services/ledger/convert.h"

#include "common/china_time.h"
#include "common/errors.h"
#include "gtest/gtest.h"
#include "storage/limits.h"

namespace innoledger::ledger_service {
namespace {

// The proto enums mirror storage's numbering, so conversion is a cast.
static_assert(static_cast<int>(v1::ACCOUNT_TYPE_FUND) ==
              static_cast<int>(storage::AccountType::kFund));
static_assert(static_cast<int>(v1::ACCOUNT_TYPE_APPROPRIATION) ==
              static_cast<int>(storage::AccountType::kAppropriation));
static_assert(v1::AccountType_MAX == storage::kMaxAccountType);
static_assert(static_cast<int>(v1::ENTRY_TYPE_REVERSAL) ==
              static_cast<int>(storage::EntryType::kReversal));
static_assert(v1::EntryType_MAX == storage::kMaxEntryType);
static_assert(static_cast<int>(v1::ENTRY_STATUS_REVERSED) ==
              static_cast<int>(storage::EntryStatus::kReversed) + 1);

TEST(ConvertTest, EveryAccountTypeRoundTrips) {
  for (int type = 1; type <= storage::kMaxAccountType; ++type) {
    auto converted = ToAccountType(static_cast<v1::AccountType>(type));
    ASSERT_TRUE(converted.ok());
    EXPECT_EQ(static_cast<int>(ToProto(*converted)), type);
  }
  EXPECT_EQ(ErrorReason(ToAccountType(v1::ACCOUNT_TYPE_UNSPECIFIED).status()), "INVALID_REQUEST");
  EXPECT_FALSE(ToAccountType(static_cast<v1::AccountType>(42)).ok());
}

TEST(ConvertTest, ValueDateIsAStrictCalendarDay) {
  auto day = ParseValueDate("2026-03-05");
  ASSERT_TRUE(day.ok());
  EXPECT_EQ(*day, absl::CivilDay(2026, 3, 5));
  for (const char* bad : {"2026-02-30", "2026-3-5", "20260305", "2026-03-05T00:00", "",
                          "+2026-03-05", "2026/03/05"}) {
    EXPECT_EQ(ErrorReason(ParseValueDate(bad).status()), "INVALID_REQUEST") << bad;
  }
}

TEST(ConvertTest, TransactionRequestCarriesEveryField) {
  v1::SubmitTransactionRequest request;
  request.set_kind("voucher.redeem");
  auto* open = request.add_open_accounts();
  open->set_id("payable");
  open->set_type(v1::ACCOUNT_TYPE_PROVIDER_PAYABLE);
  auto* out = request.add_postings();
  out->set_account("fund");
  out->set_amount_fen(-100);
  auto* in = request.add_postings();
  in->set_account("payable");
  in->set_amount_fen(100);
  auto* reference = request.add_references();
  reference->set_key("voucher");
  reference->set_value("changji-2026-000017");
  auto* cap = request.add_caps();
  cap->set_scope("policy4/entity/x");
  cap->set_amount_fen(100);
  cap->set_limit_fen(1000);
  cap->set_lifetime(true);
  request.set_value_date("2026-12-31");
  request.set_policy_version("p4-v2");
  request.set_memo("备注");
  request.set_pending(true);
  request.set_hold_timeout_seconds(3600);

  auto converted = ToTransactionRequest(request);
  ASSERT_TRUE(converted.ok()) << converted.status();
  EXPECT_EQ(converted->kind, "voucher.redeem");
  EXPECT_EQ(converted->open_accounts,
            (std::vector<storage::NewAccount>{{"payable", storage::AccountType::kProviderPayable}}));
  EXPECT_EQ(converted->postings, (std::vector<storage::Posting>{{"fund", -100}, {"payable", 100}}));
  EXPECT_EQ(converted->references,
            (std::vector<storage::Reference>{{"voucher", "changji-2026-000017"}}));
  EXPECT_EQ(converted->caps, (std::vector<storage::CapUse>{{"policy4/entity/x", 100, 1000, true}}));
  EXPECT_EQ(converted->value_date, absl::CivilDay(2026, 12, 31));
  EXPECT_EQ(converted->policy_version, "p4-v2");
  EXPECT_EQ(converted->memo, "备注");
  EXPECT_TRUE(converted->pending);
  EXPECT_EQ(converted->hold_timeout, absl::Hours(1));
}

TEST(ConvertTest, NoValueDateLeavesItToTheLedger) {
  auto converted = ToTransactionRequest(v1::SubmitTransactionRequest());
  ASSERT_TRUE(converted.ok());
  EXPECT_FALSE(converted->value_date.has_value());
}

TEST(ConvertTest, RefusesNegativeHoldTimeoutAndTooManyPostings) {
  v1::SubmitTransactionRequest request;
  request.set_hold_timeout_seconds(-1);
  EXPECT_EQ(ErrorReason(ToTransactionRequest(request).status()), "INVALID_REQUEST");
  request.set_hold_timeout_seconds(0);
  for (size_t i = 0; i <= storage::kMaxPostings; ++i) request.add_postings();
  EXPECT_EQ(ErrorReason(ToTransactionRequest(request).status()), "INVALID_REQUEST");
}

TEST(ConvertTest, JournalEntryToProto) {
  storage::JournalEntry entry;
  entry.sequence = 7;
  entry.committed_at_us = 1'772'359'200'000'000;
  entry.value_date_days = DaysSinceEpoch(absl::CivilDay(2026, 3, 1));
  entry.type = storage::EntryType::kPending;
  entry.postings = {{"fund", -5}, {"payable", 5}};
  entry.caps = {{"scope", 2026, 5, 10}};
  entry.target_sequence = 3;
  entry.hash[0] = 0xab;
  const v1::JournalEntry proto = ToProto(entry);
  EXPECT_EQ(proto.sequence(), 7u);
  EXPECT_EQ(proto.value_date(), "2026-03-01");
  EXPECT_EQ(proto.type(), v1::ENTRY_TYPE_PENDING);
  EXPECT_EQ(proto.postings(1).amount_fen(), 5);
  EXPECT_EQ(proto.caps(0).fiscal_year(), 2026);
  EXPECT_EQ(proto.target_sequence(), 3u);
  ASSERT_EQ(proto.hash().size(), 32u);
  EXPECT_EQ(static_cast<uint8_t>(proto.hash()[0]), 0xab);
}

TEST(ConvertTest, AccountStateShowsAvailable) {
  storage::AccountState account{"fund", storage::AccountType::kFund, 1000, 0, 300, 1};
  EXPECT_EQ(ToProto(account).available_fen(), 700);
}

}  // namespace
}  // namespace innoledger::ledger_service
