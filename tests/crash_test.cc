// Crash safety of the real daemon: innoledgerd is SIGKILLed while 16 clients write to it,
// restarted on the same data dir, and then
//   - every acknowledged write is there: its retry is a replay with the same sequence and
//     hash;
//   - every unacknowledged write is all there or not at all: its retry either replays or
//     applies now, and afterwards each request has paid exactly once;
//   - balances equal the sum of the journal's postings, and the whole chain verifies.
// The suite runs 3 kill cycles; INNOLEDGER_CRASH_CYCLES=50 scripts/soak.sh runs more.
#include <signal.h>

#include <atomic>
#include <cstdlib>
#include <map>
#include <mutex>
#include <random>
#include <thread>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "tests/support/daemon.h"

namespace innoledger {
namespace {

constexpr char kCity[] = "changji";
constexpr int kClients = 16;

grpc::ClientContext* Prepare(grpc::ClientContext& context) {
  context.AddMetadata("x-innoledger-principal", "admin:changji:crash-test");
  context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
  return &context;
}

v1::SubmitTransactionRequest Payment(const std::string& request_id) {
  v1::SubmitTransactionRequest request;
  request.set_city(kCity);
  request.set_request_id(request_id);
  request.set_kind("test.payment");
  auto* out = request.add_postings();
  out->set_account("fund");
  out->set_amount_fen(-1);
  auto* in = request.add_postings();
  in->set_account("payable");
  in->set_amount_fen(1);
  return request;
}

struct Acknowledged {
  uint64_t sequence;
  std::string hash;
};

class CrashTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto daemon = testing::Daemon::Start();
    ASSERT_TRUE(daemon.ok()) << daemon.status();
    daemon_ = std::move(*daemon);
    v1::SubmitTransactionRequest open;
    open.set_city(kCity);
    open.set_request_id("open");
    open.set_kind("test.open");
    for (auto [id, type] : {std::pair{"appropriation", v1::ACCOUNT_TYPE_APPROPRIATION},
                            std::pair{"fund", v1::ACCOUNT_TYPE_FUND},
                            std::pair{"payable", v1::ACCOUNT_TYPE_PROVIDER_PAYABLE}}) {
      auto* account = open.add_open_accounts();
      account->set_id(id);
      account->set_type(type);
    }
    auto* from = open.add_postings();
    from->set_account("appropriation");
    from->set_amount_fen(-1'000'000'000);
    auto* to = open.add_postings();
    to->set_account("fund");
    to->set_amount_fen(1'000'000'000);
    ASSERT_TRUE(Submit(open).ok());
  }

  grpc::Status Submit(const v1::SubmitTransactionRequest& request,
                      v1::SubmitTransactionResponse* response = nullptr) {
    v1::SubmitTransactionResponse ignored;
    grpc::ClientContext context;
    return daemon_->NewStub()->SubmitTransaction(Prepare(context), request,
                                                 response ? response : &ignored);
  }

  // Clients write until the daemon dies under them; the test kills it after `load`.
  void WriteUntilKilled(absl::Duration load, int cycle) {
    std::atomic<bool> stop{false};
    std::vector<std::thread> clients;
    for (int c = 0; c < kClients; ++c) {
      clients.emplace_back([this, c, cycle, &stop] {
        auto stub = daemon_->NewStub();
        for (int i = 0; !stop; ++i) {
          std::string id = absl::StrCat("cycle", cycle, "-client", c, "-", i);
          {
            std::lock_guard<std::mutex> lock(mu_);
            attempted_.push_back(id);
          }
          v1::SubmitTransactionResponse response;
          grpc::ClientContext context;
          grpc::Status status = stub->SubmitTransaction(Prepare(context), Payment(id), &response);
          if (!status.ok()) break;  // the daemon is gone
          std::lock_guard<std::mutex> lock(mu_);
          acknowledged_[id] = {response.sequence(), response.hash()};
        }
      });
    }
    absl::SleepFor(load);
    daemon_->Kill();
    stop = true;
    for (auto& client : clients) client.join();
  }

  // After the restart: replays of acknowledged writes match; unacknowledged ones land once.
  void CheckEveryWriteLandedOnce() {
    int replayed_unacknowledged = 0;
    for (const std::string& id : attempted_) {
      v1::SubmitTransactionResponse response;
      grpc::Status status = Submit(Payment(id), &response);
      ASSERT_TRUE(status.ok()) << id << ": " << status.error_message();
      auto it = acknowledged_.find(id);
      if (it != acknowledged_.end()) {
        ASSERT_TRUE(response.replayed()) << id << " was acknowledged but is not in the ledger";
        EXPECT_EQ(response.sequence(), it->second.sequence) << id;
        EXPECT_EQ(response.hash(), it->second.hash) << id;
      } else {
        replayed_unacknowledged += response.replayed();
      }
    }
    std::cout << acknowledged_.size() << " acknowledged, " << replayed_unacknowledged
              << " landed without an answer, " << attempted_.size() << " attempted\n";
    EXPECT_EQ(Balance("payable"), static_cast<int64_t>(attempted_.size()));
    EXPECT_EQ(Balance("fund"), 1'000'000'000 - static_cast<int64_t>(attempted_.size()));
    EXPECT_EQ(JournalSum("payable"), Balance("payable"));
    v1::VerifyRangeRequest verify;
    verify.set_city(kCity);
    v1::VerifyRangeResponse verified;
    grpc::ClientContext context;
    grpc::Status status = daemon_->NewStub()->VerifyRange(Prepare(context), verify, &verified);
    EXPECT_TRUE(status.ok()) << status.error_message();
  }

  int64_t Balance(const std::string& account) {
    v1::GetAccountRequest request;
    request.set_city(kCity);
    request.set_account(account);
    v1::GetAccountResponse response;
    grpc::ClientContext context;
    EXPECT_TRUE(daemon_->NewStub()->GetAccount(Prepare(context), request, &response).ok());
    return response.account().posted_fen();
  }

  // The account's balance recomputed from the journal, page by page.
  int64_t JournalSum(const std::string& account) {
    int64_t sum = 0;
    v1::ListEntriesByAccountRequest request;
    request.set_city(kCity);
    request.set_account(account);
    request.set_page_size(1000);
    do {
      v1::ListEntriesByAccountResponse response;
      grpc::ClientContext context;
      grpc::Status status =
          daemon_->NewStub()->ListEntriesByAccount(Prepare(context), request, &response);
      EXPECT_TRUE(status.ok()) << status.error_message();
      if (!status.ok()) return -1;
      for (const auto& entry : response.entries()) {
        for (const auto& posting : entry.postings()) {
          if (posting.account() == account) sum += posting.amount_fen();
        }
      }
      request.set_page_token(response.next_page_token());
    } while (!request.page_token().empty());
    return sum;
  }

  std::unique_ptr<testing::Daemon> daemon_;
  std::mutex mu_;
  std::vector<std::string> attempted_;
  std::map<std::string, Acknowledged> acknowledged_;
};

TEST_F(CrashTest, SigkillUnderLoadKeepsEveryAcknowledgedWriteAndHalfAppliesNothing) {
  const char* cycles_env = std::getenv("INNOLEDGER_CRASH_CYCLES");
  const int cycles = cycles_env ? std::atoi(cycles_env) : 3;
  std::mt19937 rng(7);
  for (int cycle = 0; cycle < cycles && !HasFatalFailure(); ++cycle) {
    // Kill at a different point of the load each time.
    WriteUntilKilled(absl::Milliseconds(300 + rng() % 700), cycle);
    ASSERT_TRUE(daemon_->Restart().ok());
  }
  EXPECT_GT(acknowledged_.size(), 0u);
  CheckEveryWriteLandedOnce();
}

}  // namespace
}  // namespace innoledger
