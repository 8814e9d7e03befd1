// The on-disk format: what is written decodes to the same thing, and the decoders refuse
// what the writers would never write.
#include "storage/format.h"

#include "common/errors.h"
#include "gtest/gtest.h"
#include "storage/sha256.h"

namespace innoledger::storage::format {
namespace {

JournalEntry SampleEntry() {
  JournalEntry entry;
  entry.sequence = 42;
  entry.committed_at_us = 1'767'225'600'000'000;
  entry.value_date_days = 20'454;
  entry.type = EntryType::kPending;
  entry.kind = "voucher.reserve";
  entry.principal = "provider:changji:91652301MA77XXXX0X";
  entry.request_id = "r-1";
  entry.policy_version = "changji-2020-v1";
  entry.memo = "检验检测 contract";
  entry.references = {{"voucher", "changji-2026-000017"}, {"contract", "HT-9"}};
  entry.opened = {{"payable:p1", AccountType::kProviderPayable}};
  entry.postings = {{"liability:v17", -5000}, {"payable:p1", 5000}};
  entry.caps = {{"quota/e1", 2026, 5000, 10'000'000}};
  entry.target_sequence = 0;
  entry.hold_expires_at_us = 1'767'229'200'000'000;
  entry.hash = ChainHash(Digest{}, CanonicalEntryBytes(entry));
  return entry;
}

TEST(JournalFormat, RoundTrips) {
  JournalEntry entry = SampleEntry();
  auto decoded = DecodeJournalValue(EncodeJournalValue(entry));
  ASSERT_TRUE(decoded.ok()) << decoded.status();
  EXPECT_EQ(*decoded, entry);
}

TEST(JournalFormat, CanonicalBytesAreTheDocumentedLayout) {
  JournalEntry entry;
  entry.sequence = 1;
  entry.committed_at_us = 2;
  entry.value_date_days = 3;
  entry.type = EntryType::kPosted;
  entry.kind = "k";
  entry.postings = {{"a", -7}, {"b", 7}};
  // docs/storage-format.md, field by field.
  std::string expected;
  auto bytes = [&](std::initializer_list<int> list) {
    for (int b : list) expected.push_back(static_cast<char>(b));
  };
  bytes({1});                                   // format version
  bytes({0, 0, 0, 0, 0, 0, 0, 1});              // sequence
  bytes({0, 0, 0, 0, 0, 0, 0, 2});              // committed_at_us
  bytes({0, 0, 0, 3});                          // value_date_days
  bytes({1});                                   // type: posted
  bytes({0, 0, 0, 1, 'k'});                     // kind
  for (int i = 0; i < 4; ++i) bytes({0, 0, 0, 0});  // principal, request id, policy, memo
  bytes({0, 0, 0, 0});                          // no references
  bytes({0, 0, 0, 0});                          // no opened accounts
  bytes({0, 0, 0, 2});                          // two postings
  bytes({0, 0, 0, 1, 'a', 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xf9});
  bytes({0, 0, 0, 1, 'b', 0, 0, 0, 0, 0, 0, 0, 7});
  bytes({0, 0, 0, 0});                          // no caps
  bytes({0, 0, 0, 0, 0, 0, 0, 0});              // target sequence
  bytes({0, 0, 0, 0, 0, 0, 0, 0});              // hold expiry
  EXPECT_EQ(CanonicalEntryBytes(entry), expected);
  // hash = SHA-256(32 zero bytes ‖ canonical bytes) for the first entry.
  std::string zeros(32, '\0');
  EXPECT_EQ(ChainHash(Digest{}, expected), Sha256({zeros, expected}));
}

TEST(JournalFormat, RefusesWhatWasNeverWritten) {
  std::string good = EncodeJournalValue(SampleEntry());
  EXPECT_EQ(DecodeJournalValue(good.substr(0, good.size() - 1)).status().code(),
            absl::StatusCode::kDataLoss);
  EXPECT_EQ(ErrorReason(DecodeJournalValue(good + "x").status()), "CORRUPT_RECORD");
  std::string bad_version = good;
  bad_version[0] = 2;
  EXPECT_FALSE(DecodeJournalValue(bad_version).ok());
  JournalEntry unbalanced = SampleEntry();
  unbalanced.postings[1].amount_fen = 4999;
  EXPECT_FALSE(DecodeJournalValue(EncodeJournalValue(unbalanced)).ok());
  JournalEntry bad_type = SampleEntry();
  bad_type.type = static_cast<EntryType>(9);
  EXPECT_FALSE(DecodeJournalValue(EncodeJournalValue(bad_type)).ok());
  EXPECT_FALSE(DecodeJournalValue("").ok());
}

TEST(RecordFormat, AccountsRoundTripAndRefuseImpossibleBalances) {
  AccountState account{"fund", AccountType::kFund, 100, 5, 40, 3};
  auto decoded = DecodeAccount("fund", EncodeAccount(account));
  ASSERT_TRUE(decoded.ok());
  EXPECT_EQ(*decoded, account);
  AccountState overdrawn{"fund", AccountType::kFund, 10, 0, 11, 3};
  EXPECT_EQ(DecodeAccount("fund", EncodeAccount(overdrawn)).status().code(),
            absl::StatusCode::kDataLoss);
  AccountState clearing{"bank", AccountType::kBankClearing, -10, 0, 0, 3};
  EXPECT_TRUE(DecodeAccount("bank", EncodeAccount(clearing)).ok());
}

TEST(RecordFormat, HeadsStatesAndIdempotencyRoundTrip) {
  Head head{7, SampleEntry().hash, 99};
  auto decoded_head = DecodeHead(EncodeHead(head));
  ASSERT_TRUE(decoded_head.ok());
  EXPECT_EQ(decoded_head->hash, head.hash);
  EXPECT_FALSE(DecodeHead(EncodeHead(head).substr(1)).ok());

  EntryState state{EntryStatus::kHoldPosted, 9, 1234};
  auto decoded_state = DecodeEntryState(EncodeEntryState(state));
  ASSERT_TRUE(decoded_state.ok());
  EXPECT_EQ(decoded_state->status, EntryStatus::kHoldPosted);
  EXPECT_EQ(decoded_state->resolved_by, 9u);

  Outcome outcome{5, 6, SampleEntry().hash, "body", false};
  Digest fingerprint = Sha256({"payload"});
  Digest read_fingerprint;
  auto decoded = DecodeIdempotency(EncodeIdempotency(fingerprint, outcome), &read_fingerprint);
  ASSERT_TRUE(decoded.ok());
  EXPECT_EQ(read_fingerprint, fingerprint);
  EXPECT_EQ(decoded->body, "body");
  EXPECT_EQ(decoded->sequence, 5u);
}

TEST(Keys, SequencesSortNumerically) {
  EXPECT_LT(JournalKey("changji", 255), JournalKey("changji", 256));
  EXPECT_LT(JournalKey("changji", 1), JournalKey("changji", 1ull << 40));
  // A city is a whole prefix: "chang" never sees "changji"'s keys.
  EXPECT_NE(JournalKey("changji", 1).rfind(PartitionPrefix("chang"), 0), 0u);
  EXPECT_EQ(TrailingSequence(JournalKey("x", 77)), 77u);
}

TEST(IndexFormat, AKeyListsTheLaterEntriesOfItsBatch) {
  const std::string key = AppendSequence(ReferenceIndexPrefix("changji", "contract", "HT-1"), 7);
  std::string value;
  auto alone = DecodeIndexSequences(key, value);
  ASSERT_TRUE(alone.ok()) << alone.status();
  EXPECT_EQ(*alone, (std::vector<uint64_t>{7}));
  AppendIndexSequence(value, 9);
  AppendIndexSequence(value, 300);
  auto three = DecodeIndexSequences(key, value);
  ASSERT_TRUE(three.ok()) << three.status();
  EXPECT_EQ(*three, (std::vector<uint64_t>{7, 9, 300}));
}

TEST(IndexFormat, RefusesWhatTheWriterNeverWrites) {
  const std::string key = AppendSequence(ReferenceIndexPrefix("changji", "contract", "HT-1"), 7);
  auto list = [](std::vector<uint64_t> sequences) {
    std::string value;
    for (uint64_t sequence : sequences) AppendIndexSequence(value, sequence);
    return value;
  };
  const std::vector<std::pair<std::string, std::string>> cases = {
      {key, list({9}).substr(0, 7)},                  // a torn sequence
      {key, list({7})},                               // the key's own again
      {key, list({6})},                               // before the key's
      {key, list({9, 8})},                            // out of order
      {key, list({9, 9})},                            // twice
      {AppendSequence(ReferenceIndexPrefix("changji", "contract", "HT-1"), 0), ""},  // entry 0
      {"short", ""},                                  // no sequence at all
  };
  for (const auto& [bad_key, value] : cases) {
    auto decoded = DecodeIndexSequences(bad_key, value);
    EXPECT_EQ(decoded.status().code(), absl::StatusCode::kDataLoss) << value.size();
  }
}

// An account's history key: its record after the batch, then the batch's entries that
// post to it — none (opened, hold voided), the key's own, or later ones only.
TEST(AccountHistoryFormat, AKeyHoldsTheRecordAndTheEntriesThatPostedToIt) {
  const AccountState fund{"fund", AccountType::kFund, 500, 20, 30, 3};
  const std::string key = AppendSequence(AccountHistoryPrefix("changji", "fund"), 7);
  struct Case {
    std::vector<uint64_t> listed;
  };
  for (const Case& c : {Case{{}}, Case{{7}}, Case{{8, 300}}, Case{{7, 9, 10}}}) {
    std::string value = EncodeAccount(fund);
    ASSERT_EQ(value.size(), kAccountRecordBytes);
    for (uint64_t sequence : c.listed) AppendIndexSequence(value, sequence);
    auto history = DecodeAccountHistory("fund", key, value);
    ASSERT_TRUE(history.ok()) << history.status();
    EXPECT_EQ(history->listed, c.listed);
    EXPECT_EQ(history->state.posted_fen, 500);
    EXPECT_EQ(history->state.pending_in_fen, 20);
    EXPECT_EQ(history->state.pending_out_fen, 30);
    EXPECT_EQ(history->state.opened_sequence, 3u);
    EXPECT_EQ(history->state.id, "fund");
  }
  // The prefix ends in a separator: "fund" never reads "fund2"'s keys.
  EXPECT_NE(AppendSequence(AccountHistoryPrefix("changji", "fund2"), 1)
                .rfind(AccountHistoryPrefix("changji", "fund"), 0),
            0u);
}

TEST(AccountHistoryFormat, RefusesWhatTheWriterNeverWrites) {
  const std::string record = EncodeAccount({"fund", AccountType::kFund, 500, 0, 0, 3});
  const std::string key = AppendSequence(AccountHistoryPrefix("changji", "fund"), 7);
  auto list = [&record](std::vector<uint64_t> sequences) {
    std::string value = record;
    for (uint64_t sequence : sequences) AppendIndexSequence(value, sequence);
    return value;
  };
  std::string bad_version = record;
  bad_version[0] = 9;
  const std::vector<std::pair<std::string, std::string>> cases = {
      {key, list({9}).substr(0, kAccountRecordBytes + 7)},  // a torn sequence
      {key, list({6})},                                     // before the key's
      {key, list({9, 8})},                                  // out of order
      {key, list({9, 9})},                                  // twice
      {key, record.substr(0, kAccountRecordBytes - 1)},     // a torn record
      {key, bad_version},                                   // another record format
      {AppendSequence(AccountHistoryPrefix("changji", "fund"), 0), record},  // entry 0
      {"short", record},                                    // no sequence at all
  };
  for (const auto& [bad_key, value] : cases) {
    auto decoded = DecodeAccountHistory("fund", bad_key, value);
    EXPECT_EQ(decoded.status().code(), absl::StatusCode::kDataLoss) << value.size();
  }
}

}  // namespace
}  // namespace innoledger::storage::format
