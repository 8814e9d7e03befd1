#include "services/ledger/reads.h"

#include <algorithm>
#include <set>

#include "common/errors.h"
#include "gtest/gtest.h"
#include "services/ledger/writes.h"
#include "storage/limits.h"
#include "storage/testing/ledger_fixture.h"

namespace innoledger::ledger_service {
namespace {

using storage::testing::TempDir;

class ReadsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto ledger = storage::Ledger::Open(storage::testing::TestOptions(dir_.path()));
    ASSERT_TRUE(ledger.ok()) << ledger.status();
    ledger_ = std::move(*ledger);
  }

  // Submits through the same path the service uses.
  uint64_t Submit(const v1::SubmitTransactionRequest& request) {
    auto write = BuildWrite(request, principal_);
    EXPECT_TRUE(write.ok()) << write.status();
    auto outcome = ledger_->SubmitAndWait(std::move(*write));
    EXPECT_TRUE(outcome.ok()) << outcome.status();
    return outcome.ok() ? outcome->sequence : 0;
  }

  v1::SubmitTransactionRequest OpenAccounts(int count) {
    v1::SubmitTransactionRequest request;
    request.set_city("changji");
    const int batch = ++batches_;
    request.set_request_id(absl::StrCat("open-", batch));
    request.set_kind("test.open");
    for (int i = 0; i < count; ++i) {
      auto* account = request.add_open_accounts();
      account->set_id(absl::StrCat("account-", batch, "-", i));
      account->set_type(v1::ACCOUNT_TYPE_FUND);
    }
    return request;
  }

  TempDir dir_;
  int batches_ = 0;
  auth::Principal principal_{auth::Role::kAdmin, "changji", "test"};
  std::unique_ptr<storage::Ledger> ledger_;
};

TEST_F(ReadsTest, PageSizeDefaultsAndIsCapped) {
  EXPECT_EQ(*EffectivePageSize(0), kDefaultPageSize);
  EXPECT_EQ(*EffectivePageSize(5), 5);
  EXPECT_EQ(*EffectivePageSize(1'000'000), storage::kMaxPageSize);
  EXPECT_EQ(ErrorReason(EffectivePageSize(-1).status()), "INVALID_REQUEST");
}

TEST_F(ReadsTest, ListAccountsWalksEveryAccountOnce) {
  Submit(OpenAccounts(7));
  v1::ListAccountsRequest request;
  request.set_city("changji");
  request.set_page_size(3);
  std::vector<std::string> ids;
  for (int page = 0; page < 10; ++page) {
    auto response = ListAccounts(*ledger_, request);
    ASSERT_TRUE(response.ok()) << response.status();
    for (const auto& account : response->accounts()) ids.push_back(account.id());
    if (response->next_page_token().empty()) break;
    request.set_page_token(response->next_page_token());
  }
  EXPECT_EQ(ids.size(), 7u);
  EXPECT_EQ(std::set<std::string>(ids.begin(), ids.end()).size(), 7u);
  EXPECT_TRUE(std::is_sorted(ids.begin(), ids.end()));
  request.set_city("urumqi");
  EXPECT_EQ(ErrorReason(ListAccounts(*ledger_, request).status()), "INVALID_PAGE_TOKEN");
}

TEST_F(ReadsTest, GetEntryAndHeadAgree) {
  const uint64_t sequence = Submit(OpenAccounts(1));
  v1::GetEntryRequest get;
  get.set_city("changji");
  get.set_sequence(sequence);
  auto entry = GetEntry(*ledger_, get);
  ASSERT_TRUE(entry.ok()) << entry.status();
  EXPECT_EQ(entry->entry().principal(), "admin:changji:test");
  v1::GetHeadRequest head_request;
  head_request.set_city("changji");
  auto head = GetHead(*ledger_, head_request);
  ASSERT_TRUE(head.ok());
  EXPECT_EQ(head->head().sequence(), sequence);
  EXPECT_EQ(head->head().hash(), entry->entry().hash());
  get.set_sequence(sequence + 1);
  EXPECT_EQ(ErrorReason(GetEntry(*ledger_, get).status()), "ENTRY_NOT_FOUND");
}

TEST_F(ReadsTest, VerifyRangeOfEmptyAndFullJournal) {
  v1::VerifyRangeRequest request;
  request.set_city("shihezi");
  auto empty = VerifyRange(*ledger_, request);
  ASSERT_TRUE(empty.ok()) << empty.status();
  EXPECT_EQ(empty->entries_checked(), 0u);
  EXPECT_TRUE(empty->complete());

  Submit(OpenAccounts(1));
  Submit(OpenAccounts(2));
  request.set_city("changji");
  auto full = VerifyRange(*ledger_, request);
  ASSERT_TRUE(full.ok()) << full.status();
  EXPECT_EQ(full->from_sequence(), 1u);
  EXPECT_EQ(full->to_sequence(), 2u);
  EXPECT_EQ(full->entries_checked(), 2u);
  request.set_from_sequence(2);
  request.set_to_sequence(9);
  EXPECT_EQ(VerifyRange(*ledger_, request).status().code(), absl::StatusCode::kInvalidArgument);
}

TEST_F(ReadsTest, UnknownCityIsNotFound) {
  v1::GetHeadRequest request;
  request.set_city("lanzhou");
  EXPECT_EQ(ErrorReason(GetHead(*ledger_, request).status()), "UNKNOWN_CITY");
}

TEST_F(ReadsTest, WritesRefuseSequenceZero) {
  v1::ReverseTransactionRequest request;
  request.set_city("changji");
  request.set_request_id("r");
  EXPECT_EQ(ErrorReason(BuildWrite(request, principal_).status()), "INVALID_REQUEST");
}

}  // namespace
}  // namespace innoledger::ledger_service
