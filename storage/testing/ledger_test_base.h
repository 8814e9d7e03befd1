#ifndef INNOLEDGER_STORAGE_TESTING_LEDGER_TEST_BASE_H_
#define INNOLEDGER_STORAGE_TESTING_LEDGER_TEST_BASE_H_

#include <atomic>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "common/errors.h"
#include "gtest/gtest.h"
#include "storage/commands.h"
#include "storage/ledger.h"
#include "storage/testing/ledger_fixture.h"

namespace innoledger::storage::testing {

// A domain command that writes records: how vouchers and awards keep their state.
class PutRecordsCommand final : public Command {
 public:
  explicit PutRecordsCommand(std::vector<std::pair<std::string, std::string>> records)
      : records_(std::move(records)) {}
  std::string Fingerprint() const override {
    std::string out = "test.put";
    for (const auto& [key, value] : records_) out += key + "=" + value + ";";
    return out;
  }
  absl::StatusOr<std::string> Apply(ApplyContext& context) override {
    for (const auto& [key, value] : records_) context.PutRecord(key, value);
    return std::string("stored");
  }

 private:
  std::vector<std::pair<std::string, std::string>> records_;
};

// A ledger of the three cities in a temp dir, a fake clock, and helpers that submit to
// "changji" and check rejections leave the database byte-for-byte unchanged.
class LedgerTestBase : public ::testing::Test {
 protected:
  static constexpr char kCity[] = "changji";

  void SetUp() override {
    options_ = TestOptions(dir_.path());
    options_.clock = clock_.AsFunction();
    Open();
  }
  void Open() {
    auto ledger = Ledger::Open(options_);
    ASSERT_TRUE(ledger.ok()) << ledger.status();
    ledger_ = std::move(*ledger);
  }
  void Close() { ledger_.reset(); }

  std::string NextRequestId() { return absl::StrCat("req-", ++request_counter_); }

  absl::StatusOr<Outcome> Submit(std::unique_ptr<Command> command, std::string request_id = "") {
    if (request_id.empty()) request_id = NextRequestId();
    return ledger_->SubmitAndWait(MakeWrite(kCity, request_id, std::move(command)));
  }
  absl::StatusOr<Outcome> Transact(TransactionRequest request, std::string request_id = "") {
    return Submit(MakeTransactCommand(std::move(request)), std::move(request_id));
  }
  // Opens the usual chart: an appropriation (the outside), a voucher fund, a liability and
  // a provider payable; and appropriates `fund_fen` into the fund.
  void OpenChart(int64_t fund_fen) {
    TransactionRequest open;
    open.kind = "test.open";
    open.open_accounts = {{"appropriation", AccountType::kAppropriation},
                          {"fund", AccountType::kFund},
                          {"liability", AccountType::kVoucherLiability},
                          {"payable", AccountType::kProviderPayable}};
    ASSERT_TRUE(Transact(open).ok());
    if (fund_fen > 0) {
      ASSERT_TRUE(Transact(Transfer("appropriation", "fund", fund_fen)).ok());
    }
  }
  AccountState Account(const std::string& id) {
    auto account = ledger_->GetAccount(kCity, id);
    EXPECT_TRUE(account.ok() && account->has_value()) << id;
    return account.ok() && account->has_value() ? **account : AccountState{};
  }
  int64_t Posted(const std::string& id) { return Account(id).posted_fen; }

  // The sequences of an account's or a reference's entries, read in pages of `page_size`.
  std::vector<uint64_t> ListedByAccount(const std::string& account, int page_size) {
    return ListAll(page_size, [&](uint64_t after, int limit) {
      return ledger_->ListByAccount(kCity, account, after, limit);
    });
  }
  std::vector<uint64_t> ListedByReference(const std::string& key, const std::string& value,
                                          int page_size) {
    return ListAll(page_size, [&](uint64_t after, int limit) {
      return ledger_->ListByReference(kCity, key, value, after, limit);
    });
  }
  template <typename List>
  static std::vector<uint64_t> ListAll(int page_size, List list) {
    std::vector<uint64_t> sequences;
    uint64_t after = 0;
    for (int pages = 0; pages < 10'000; ++pages) {  // a listing that never ends fails
      absl::StatusOr<EntryPage> page = list(after, page_size);
      EXPECT_TRUE(page.ok()) << page.status();
      if (!page.ok()) break;
      for (const JournalEntry& entry : page->entries) sequences.push_back(entry.sequence);
      after = page->next_after_sequence;
      if (after == 0) break;
    }
    return sequences;
  }

  // Submits `command`, expects `code` and `reason`, and that nothing at all changed.
  void ExpectRejected(std::unique_ptr<Command> command, absl::StatusCode code,
                      const std::string& reason, std::string request_id = "") {
    RawDump before = DumpDatabase(dir_.path());
    Head head_before = *ledger_->GetHead(kCity);
    absl::StatusOr<Outcome> outcome = Submit(std::move(command), std::move(request_id));
    ASSERT_FALSE(outcome.ok()) << "expected " << reason;
    EXPECT_EQ(outcome.status().code(), code) << outcome.status();
    EXPECT_EQ(ErrorReason(outcome.status()), reason) << outcome.status();
    EXPECT_FALSE(outcome.status().message().empty());
    EXPECT_EQ(ledger_->GetHead(kCity)->sequence, head_before.sequence);
    EXPECT_TRUE(DumpDatabase(dir_.path()) == before) << "a rejection changed the database";
  }

  TempDir dir_;
  FakeClock clock_;
  LedgerOptions options_;
  std::unique_ptr<Ledger> ledger_;
  std::atomic<int> request_counter_{0};
};

}  // namespace innoledger::storage::testing

#endif  // INNOLEDGER_STORAGE_TESTING_LEDGER_TEST_BASE_H_
