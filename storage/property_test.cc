// Property test: thousands of random command sequences against the real ledger, each
// command's result predicted by a small independent model, and every invariant checked
// after every command:
//   - each account's posted / pending balances equal the model's;
//   - all posted balances sum to zero (double entry), pending in = pending out;
//   - no fund, liability or payable is below zero, counting holds;
//   - every cap counter equals the model's and is within its limit;
//   - the head moved by exactly the entries the model expected; the chain verifies;
//   - a retry returns the first outcome; a reused id with another payload is refused.
// INNOLEDGER_PROPERTY_SEQUENCES and INNOLEDGER_SEED make longer or other runs.
#include <cstdlib>
#include <map>
#include <random>
#include <thread>
#include <set>

#include "storage/testing/ledger_test_base.h"

namespace innoledger::storage {
namespace {

using testing::Transfer;

constexpr int64_t kCapLimitFen = 500;

struct ModelAccount {
  AccountType type;
  int64_t posted_fen = 0, pending_in_fen = 0, pending_out_fen = 0;
  int64_t available() const { return posted_fen - pending_out_fen; }
};
struct ModelEntry {
  EntryType type;
  std::vector<Posting> postings;
  std::vector<std::pair<std::string, int64_t>> caps;  // (cap key, amount) it consumed
  bool resolved = false;  // a hold posted/voided, or an entry reversed
};

// What the ledger should do, written from the rules in docs/, not from the code.
class Model {
 public:
  std::map<std::string, ModelAccount> accounts;
  std::map<std::string, int64_t> caps;  // "scope|year" → used
  std::map<uint64_t, ModelEntry> entries;
  uint64_t head = 0;

  // Returns the expected error reason, or "" after applying the request.
  std::string Transact(const TransactionRequest& r) {
    int64_t sum = 0;
    for (const auto& p : r.postings) sum += p.amount_fen;
    if (sum != 0) return "UNBALANCED";
    for (const auto& a : r.open_accounts) {
      if (accounts.count(a.id)) return "ACCOUNT_EXISTS";
    }
    for (const auto& a : r.open_accounts) accounts[a.id] = ModelAccount{a.type};
    for (const auto& p : r.postings) {
      if (!accounts.count(p.account)) return Undo(r, "ACCOUNT_NOT_FOUND");
    }
    for (const auto& p : r.postings) {
      const ModelAccount& a = accounts[p.account];
      if (p.amount_fen < 0 && !AccountMayGoNegative(a.type) && a.available() < -p.amount_fen) {
        return Undo(r, "INSUFFICIENT_FUNDS");
      }
    }
    int year = r.value_date ? static_cast<int>(r.value_date->year()) : 2026;
    std::vector<std::pair<std::string, int64_t>> consumed;
    for (const auto& c : r.caps) {
      std::string key = c.scope + "|" + std::to_string(c.lifetime ? 0 : year);
      if (caps[key] + c.amount_fen > c.limit_fen) return Undo(r, "CAP_EXCEEDED");
      consumed.emplace_back(key, c.amount_fen);
    }
    for (const auto& [key, amount] : consumed) caps[key] += amount;
    for (const auto& p : r.postings) {
      ModelAccount& a = accounts[p.account];
      if (!r.pending) a.posted_fen += p.amount_fen;
      else if (p.amount_fen < 0) a.pending_out_fen -= p.amount_fen;
      else a.pending_in_fen += p.amount_fen;
    }
    entries[++head] = {r.pending ? EntryType::kPending : EntryType::kPosted, r.postings, consumed};
    return "";
  }

  std::string Resolve(uint64_t hold, bool post) {
    auto it = entries.find(hold);
    if (it == entries.end() || it->second.type != EntryType::kPending) return "HOLD_NOT_FOUND";
    if (it->second.resolved) return "HOLD_NOT_PENDING";
    it->second.resolved = true;
    for (const auto& p : it->second.postings) {
      ModelAccount& a = accounts[p.account];
      if (p.amount_fen < 0) a.pending_out_fen += p.amount_fen;
      else a.pending_in_fen -= p.amount_fen;
      if (post) a.posted_fen += p.amount_fen;
    }
    if (!post) {
      for (const auto& [key, amount] : it->second.caps) caps[key] -= amount;
    }
    ModelEntry entry{post ? EntryType::kPostPending : EntryType::kVoidPending,
                     post ? it->second.postings : std::vector<Posting>{}, {}};
    if (post) entry.caps = it->second.caps;  // a reversal of the post restores the hold's caps
    entries[++head] = entry;
    return "";
  }

  std::string Reverse(uint64_t sequence) {
    auto it = entries.find(sequence);
    if (it == entries.end()) return "ENTRY_NOT_FOUND";
    ModelEntry& original = it->second;
    bool reversible = original.type == EntryType::kPosted ||
                      original.type == EntryType::kPostPending;
    if (!reversible || original.postings.empty()) return "NOT_REVERSIBLE";
    if (original.resolved) return "ALREADY_REVERSED";
    for (const auto& p : original.postings) {
      const ModelAccount& a = accounts[p.account];
      if (p.amount_fen > 0 && !AccountMayGoNegative(a.type) && a.available() < p.amount_fen) {
        return "INSUFFICIENT_FUNDS";
      }
    }
    original.resolved = true;
    for (const auto& p : original.postings) accounts[p.account].posted_fen -= p.amount_fen;
    for (const auto& [key, amount] : original.caps) caps[key] -= amount;
    entries[++head] = {EntryType::kReversal, {}, {}};
    return "";
  }

 private:
  std::string Undo(const TransactionRequest& r, std::string reason) {
    for (const auto& a : r.open_accounts) accounts.erase(a.id);
    return reason;
  }
};

int EnvInt(const char* name, int fallback) {
  const char* value = std::getenv(name);
  return value ? std::atoi(value) : fallback;
}

class PropertyTest : public testing::LedgerTestBase {
 protected:
  struct Sent {
    TransactionRequest request;
    std::string request_id;
    Outcome outcome;
  };

  // One sequence: a fresh namespace of accounts and caps, `length` random commands.
  void RunSequence(int index, int length) {
    prefix_ = absl::StrCat("s", index, "/");
    model_ = Model();
    model_.head = ledger_->GetHead(kCity)->sequence;
    const uint64_t first_sequence = model_.head + 1;
    sent_.clear();
    TransactionRequest open;
    open.kind = "open";
    open.open_accounts = {{A("src"), AccountType::kAppropriation}, {A("f0"), AccountType::kFund},
                          {A("f1"), AccountType::kFund}, {A("l0"), AccountType::kVoucherLiability},
                          {A("p0"), AccountType::kProviderPayable},
                          {A("bank"), AccountType::kBankClearing}};
    Check(open);
    TransactionRequest seed = Transfer(A("src"), A("f0"), Amount(100, 2000));
    Check(seed);
    for (int step = 0; step < length && !HasFatalFailure(); ++step) Step();
    // The chain over this sequence's entries, up to and including the head.
    ASSERT_TRUE(ledger_->Verify(kCity, first_sequence, 0).ok());
  }

  std::string A(const std::string& name) { return prefix_ + name; }
  int64_t Amount(int64_t lo, int64_t hi) {
    return std::uniform_int_distribution<int64_t>(lo, hi)(rng_);
  }
  template <typename T>
  const T& Pick(const std::vector<T>& items) {
    return items[std::uniform_int_distribution<size_t>(0, items.size() - 1)(rng_)];
  }

  TransactionRequest RandomTransfer() {
    std::vector<std::string> names = {"src", "f0", "f1", "l0", "p0", "bank", "ghost"};
    std::string from = Pick(names), to = Pick(names);
    while (to == from) to = Pick(names);
    TransactionRequest request = Transfer(A(from), A(to), Amount(1, 400));
    request.pending = Amount(0, 3) == 0;
    if (Amount(0, 19) == 0) request.postings[1].amount_fen += 1;  // unbalanced
    if (Amount(0, 2) == 0) {
      request.caps = {{A(Amount(0, 1) ? "cap-a" : "cap-b"), request.postings[1].amount_fen,
                       kCapLimitFen, Amount(0, 4) == 0}};
    }
    if (Amount(0, 3) == 0) request.value_date = absl::CivilDay(2025, 12, 31);
    return request;
  }

  uint64_t RandomTarget() {
    if (model_.entries.empty() || Amount(0, 9) == 0) return model_.head + 5;  // no such entry
    auto it = model_.entries.begin();
    std::advance(it, Amount(0, static_cast<int64_t>(model_.entries.size()) - 1));
    return it->first;
  }

  void Step() {
    int64_t dice = Amount(0, 99);
    if (dice < 55) return Check(RandomTransfer());
    if (dice < 70) return CheckResolve(RandomTarget(), /*post=*/true);
    if (dice < 80) return CheckResolve(RandomTarget(), /*post=*/false);
    if (dice < 90) return CheckReverse(RandomTarget());
    if (dice < 95 && !sent_.empty()) return CheckReplay();
    TransactionRequest open;
    open.kind = "open";
    open.open_accounts = {{A(Amount(0, 1) ? "f1" : absl::StrCat("new", dice)), AccountType::kFund}};
    Check(open);
  }

  void Check(const TransactionRequest& request) {
    std::string expected = model_.Transact(request);
    Expect(MakeTransactCommand(request), expected, request);
  }
  void CheckResolve(uint64_t hold, bool post) {
    std::string expected = model_.Resolve(hold, post);
    Expect(post ? MakePostPendingCommand(hold, "") : MakeVoidPendingCommand(hold, ""), expected,
           std::nullopt);
  }
  void CheckReverse(uint64_t sequence) {
    Expect(MakeReverseCommand(sequence, ""), model_.Reverse(sequence), std::nullopt);
  }

  // Re-sends an earlier transaction: same payload → the first outcome; changed → refused.
  void CheckReplay() {
    const Sent& earlier = Pick(sent_);
    TransactionRequest request = earlier.request;
    bool change = Amount(0, 1) == 0;
    if (change) request.memo = "changed";
    auto outcome = Transact(request, earlier.request_id);
    if (change) {
      EXPECT_EQ(ErrorReason(outcome.status()), "REQUEST_ID_REUSED");
      return;
    }
    ASSERT_TRUE(outcome.ok()) << outcome.status();
    EXPECT_TRUE(outcome->replayed);
    EXPECT_EQ(outcome->sequence, earlier.outcome.sequence);
    EXPECT_EQ(outcome->hash, earlier.outcome.hash);
    CheckInvariants();
  }

  void Expect(std::unique_ptr<Command> command, const std::string& expected_reason,
              std::optional<TransactionRequest> request) {
    std::string request_id = NextRequestId();
    auto outcome = Submit(std::move(command), request_id);
    ASSERT_EQ(outcome.ok() ? "" : ErrorReason(outcome.status()), expected_reason)
        << outcome.status() << " seed " << seed_;
    if (outcome.ok() && request) sent_.push_back({*request, request_id, *outcome});
    CheckInvariants();
  }

  // The sequence's own accounts after every command (they only trade among themselves, so
  // they sum to zero on their own); the whole partition now and then (CheckPartition).
  void CheckInvariants() {
    ASSERT_EQ(ledger_->GetHead(kCity)->sequence, model_.head) << "seed " << seed_;
    int64_t posted_sum = 0, pending_in = 0, pending_out = 0;
    for (const auto& [id, expected] : model_.accounts) {
      AccountState account = Account(id);
      posted_sum += account.posted_fen;
      pending_in += account.pending_in_fen;
      pending_out += account.pending_out_fen;
      if (!AccountMayGoNegative(account.type)) {
        ASSERT_GE(account.available_fen(), 0) << id;
      }
      ASSERT_EQ(account.posted_fen, expected.posted_fen) << id << " seed " << seed_;
      ASSERT_EQ(account.pending_in_fen, expected.pending_in_fen) << id;
      ASSERT_EQ(account.pending_out_fen, expected.pending_out_fen) << id;
    }
    ASSERT_EQ(posted_sum, 0);
    ASSERT_EQ(pending_in, pending_out);
    for (const auto& [key, used] : model_.caps) {
      size_t bar = key.find('|');
      auto actual = ledger_->GetCapUsed(kCity, key.substr(0, bar), std::stoi(key.substr(bar + 1)));
      ASSERT_EQ(*actual, used) << key;
      ASSERT_LE(*actual, kCapLimitFen);
    }
  }

  void CheckPartition() {
    int64_t posted_sum = 0, pending_in = 0, pending_out = 0;
    std::string after;
    while (true) {
      auto accounts = ledger_->ListAccounts(kCity, after, 1000);
      ASSERT_TRUE(accounts.ok());
      if (accounts->empty()) break;
      for (const AccountState& account : *accounts) {
        posted_sum += account.posted_fen;
        pending_in += account.pending_in_fen;
        pending_out += account.pending_out_fen;
        if (!AccountMayGoNegative(account.type)) {
          ASSERT_GE(account.available_fen(), 0);
        }
      }
      after = accounts->back().id;
    }
    ASSERT_EQ(posted_sum, 0);
    ASSERT_EQ(pending_in, pending_out);
  }

  std::string prefix_;
  Model model_;
  std::vector<Sent> sent_;
  uint32_t seed_ = static_cast<uint32_t>(EnvInt("INNOLEDGER_SEED", 20260616));
  std::mt19937 rng_{seed_};

  // Runs `sequences` sequences, checking the whole partition now and then, verifying the
  // chain and restarting the ledger in between. The partition and the chain grow with
  // the run, so the checks that read all of them are spaced to keep a long soak linear:
  // the partition every 50 sequences for the first thousand, then ever more seldom; the
  // chain every 250 from the last entry checked (its hash recomputed again, so the link
  // holds), and all of it at the end.
  void RunSequences(int sequences) {
    uint64_t verified_through = 1;
    for (int i = 0; i < sequences && !HasFatalFailure(); ++i) {
      RunSequence(i, 12);
      if ((i + 1) % (50 * (1 + i / 1000)) == 0) CheckPartition();
      if (i % 250 == 249) {
        auto report = ledger_->Verify(kCity, verified_through, 0);
        ASSERT_TRUE(report.ok()) << report.status() << " seed " << seed_;
        verified_through = report->to_sequence;
        // A restart in between must change nothing.
        Close();
        Open();
      }
    }
    if (HasFatalFailure()) return;
    CheckPartition();
    auto report = ledger_->Verify(kCity, 0, 0);
    ASSERT_TRUE(report.ok()) << report.status() << " seed " << seed_;
    ASSERT_EQ(report->to_sequence, ledger_->GetHead(kCity)->sequence);
  }
};

TEST_F(PropertyTest, RandomCommandSequencesKeepEveryInvariant) {
  RunSequences(EnvInt("INNOLEDGER_PROPERTY_SEQUENCES", 1000));
}

// The sequencer keeps hot account states and cap counters in memory. With room for only
// three it starts again empty every few commands, so reads mix its copies and RocksDB's;
// a copy that lagged behind a write would break the model's balances at once.
TEST_F(PropertyTest, ARecordCacheThatKeepsEmptyingChangesNothing) {
  options_.cached_records = 3;
  Close();
  Open();
  RunSequences(EnvInt("INNOLEDGER_PROPERTY_SEQUENCES", 1000) / 4);
}

// Eight submitters at once, so batches hold many commands: transfers (some refused for
// want of funds), holds later posted or voided, reversals, references named once or
// twice. Afterwards every account's and every reference's listing, in pages of any size,
// is exactly the journal's entries that post to it or name it, in order: the one index
// key per account per batch, its rejected commands undone, reads like one per entry.
class ConcurrentIndexTest : public testing::LedgerTestBase {};

TEST_F(ConcurrentIndexTest, ListingsAreTheJournalsEntriesWhateverTheBatches) {
  std::atomic<int> largest_batch{0};
  Close();
  options_.on_batch = [&](const BatchStats& stats) {
    if (stats.commands > largest_batch) largest_batch = stats.commands;
  };
  Open();
  const std::vector<std::string> accounts = {"src", "f0", "f1", "f2", "p0"};
  const std::vector<std::string> contracts = {"HT-1", "HT-2", "HT-3"};
  TransactionRequest open;
  open.kind = "open";
  open.open_accounts = {{"src", AccountType::kAppropriation}, {"f0", AccountType::kFund},
                        {"f1", AccountType::kFund}, {"f2", AccountType::kFund},
                        {"p0", AccountType::kProviderPayable}};
  ASSERT_TRUE(Transact(open).ok());
  for (const char* fund : {"f0", "f1", "f2"}) {
    ASSERT_TRUE(Transact(Transfer("src", fund, 1000)).ok());
  }
  const uint32_t seed = static_cast<uint32_t>(EnvInt("INNOLEDGER_SEED", 20261203));
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&, t] {
      std::mt19937 rng(seed + t);
      auto pick = [&](const std::vector<std::string>& from) {
        return from[std::uniform_int_distribution<size_t>(0, from.size() - 1)(rng)];
      };
      auto dice = [&](int sides) { return std::uniform_int_distribution<int>(0, sides - 1)(rng); };
      std::vector<uint64_t> posted;
      for (int i = 0; i < 40; ++i) {
        std::string from = pick(accounts), to = pick(accounts);
        while (to == from) to = pick(accounts);
        TransactionRequest request = Transfer(from, to, 1 + dice(400));
        for (int r = dice(3); r > 0; --r) request.references.push_back({"contract", pick(contracts)});
        request.pending = dice(4) == 0;
        auto outcome = Transact(request);
        if (!outcome.ok()) continue;  // refused: no funds
        if (!request.pending) {
          posted.push_back(outcome->sequence);
        } else if (dice(2) == 0) {
          (void)Submit(MakePostPendingCommand(outcome->sequence, ""));
        } else {
          (void)Submit(MakeVoidPendingCommand(outcome->sequence, ""));
        }
        if (!posted.empty() && dice(8) == 0) {
          (void)Submit(MakeReverseCommand(posted[dice(static_cast<int>(posted.size()))], ""));
        }
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_GT(largest_batch.load(), 1) << "no batch held more than one command";

  // What the listings must be, from the journal alone.
  std::map<std::string, std::vector<uint64_t>> by_account, by_contract;
  const uint64_t head = ledger_->GetHead(kCity)->sequence;
  for (uint64_t sequence = 1; sequence <= head; ++sequence) {
    auto entry = ledger_->GetEntry(kCity, sequence);
    ASSERT_TRUE(entry.ok() && entry->has_value()) << sequence;
    for (const Posting& posting : (*entry)->postings) {
      by_account[posting.account].push_back(sequence);
    }
    std::set<std::string> named;
    for (const Reference& reference : (*entry)->references) named.insert(reference.value);
    for (const std::string& contract : named) by_contract[contract].push_back(sequence);
  }
  for (int page_size : {1, 3, 7, 1000}) {
    for (const std::string& account : accounts) {
      EXPECT_EQ(ListedByAccount(account, page_size), by_account[account])
          << account << ", pages of " << page_size << ", seed " << seed;
    }
    for (const std::string& contract : contracts) {
      EXPECT_EQ(ListedByReference("contract", contract, page_size), by_contract[contract])
          << contract << ", pages of " << page_size;
    }
  }
  Close();  // before `largest_batch` goes out of scope: the ledger's threads use it
}

}  // namespace
}  // namespace innoledger::storage
