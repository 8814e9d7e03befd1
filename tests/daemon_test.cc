// End-to-end: the real innoledgerd binary, driven over gRPC like any client would.
#include <algorithm>
#include <atomic>
#include <filesystem>
#include <fstream>
#include <functional>
#include <set>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "common/errors.h"
#include "gmock/gmock.h"
#include "grpc/health/v1/health.grpc.pb.h"
#include "grpc/reflection/v1alpha/reflection.grpc.pb.h"
#include "gtest/gtest.h"
#include "services/common/grpc_status.h"
#include "tests/support/daemon.h"

namespace innoledger {
namespace {

using ::innoledger::testing::Daemon;
using ::innoledger::testing::NewContext;
using ::testing::HasSubstr;

constexpr char kCity[] = "changji";
constexpr char kPrincipal[] = "admin:changji:ops";

// The stable reason a gRPC error carries in its google.rpc.ErrorInfo.
std::string ReasonOf(const grpc::Status& status) {
  return ErrorReason(services::FromGrpcStatus(status));
}

#define EXPECT_REJECTED(status, grpc_code, reason)                              \
  do {                                                                          \
    const grpc::Status& _s = (status);                                          \
    EXPECT_EQ(_s.error_code(), grpc_code) << _s.error_message();                \
    EXPECT_EQ(ReasonOf(_s), reason) << _s.error_message();                      \
  } while (0)

// Ids unique within the suite's daemon: every test works on its own accounts.
std::string Unique(absl::string_view what) {
  static std::atomic<int> counter{0};
  const auto* test = ::testing::UnitTest::GetInstance()->current_test_info();
  return absl::StrCat(test->name(), "/", what, "/", counter++);
}

v1::SubmitTransactionRequest Transaction(absl::string_view kind = "test.transfer") {
  v1::SubmitTransactionRequest request;
  request.set_city(kCity);
  request.set_request_id(Unique("request"));
  request.set_kind(std::string(kind));
  return request;
}

void Open(v1::SubmitTransactionRequest& request, const std::string& id, v1::AccountType type) {
  auto* account = request.add_open_accounts();
  account->set_id(id);
  account->set_type(type);
}

void Post(v1::SubmitTransactionRequest& request, const std::string& account, int64_t amount_fen) {
  auto* posting = request.add_postings();
  posting->set_account(account);
  posting->set_amount_fen(amount_fen);
}

class LedgerClient {
 public:
  explicit LedgerClient(const Daemon& daemon) : stub_(daemon.NewStub()) {}

  grpc::Status Submit(const v1::SubmitTransactionRequest& request,
                      v1::SubmitTransactionResponse* response,
                      absl::string_view principal = kPrincipal,
                      absl::Duration timeout = absl::Seconds(30)) {
    return stub_->SubmitTransaction(NewContext(principal, timeout).get(), request, response);
  }

  v1::SubmitTransactionResponse SubmitOk(const v1::SubmitTransactionRequest& request) {
    v1::SubmitTransactionResponse response;
    const grpc::Status status = Submit(request, &response);
    EXPECT_TRUE(status.ok()) << status.error_message() << " (" << ReasonOf(status) << ")";
    return response;
  }

  v1::Head Head(absl::string_view city = kCity) {
    v1::GetHeadRequest request;
    request.set_city(std::string(city));
    v1::GetHeadResponse response;
    // Heads of every city: a zone-wide auditor may read them all.
    const grpc::Status status =
        stub_->GetHead(NewContext("auditor:zone:audit").get(), request, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return response.head();
  }

  v1::AccountState Account(const std::string& id) {
    v1::GetAccountRequest request;
    request.set_city(kCity);
    request.set_account(id);
    v1::GetAccountResponse response;
    const grpc::Status status = stub_->GetAccount(NewContext().get(), request, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return response.account();
  }

  // Opens a fund holding `fund_fen` (from a fresh appropriation account) and an empty
  // provider payable; returns {fund, payable}.
  std::pair<std::string, std::string> OpenFunded(int64_t fund_fen) {
    const std::string appropriation = Unique("appropriation");
    const std::string fund = Unique("fund");
    const std::string payable = Unique("payable");
    v1::SubmitTransactionRequest request = Transaction("fund.appropriate");
    Open(request, appropriation, v1::ACCOUNT_TYPE_APPROPRIATION);
    Open(request, fund, v1::ACCOUNT_TYPE_FUND);
    Open(request, payable, v1::ACCOUNT_TYPE_PROVIDER_PAYABLE);
    Post(request, appropriation, -fund_fen);
    Post(request, fund, fund_fen);
    SubmitOk(request);
    return {fund, payable};
  }

  v1::LedgerService::Stub& stub() { return *stub_; }

 private:
  std::unique_ptr<v1::LedgerService::Stub> stub_;
};

// One daemon for the suite: starting a sanitizer build costs seconds.
class DaemonTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    auto started = Daemon::Start();
    ASSERT_TRUE(started.ok()) << started.status();
    daemon_ = started->release();
  }
  static void TearDownTestSuite() {
    delete daemon_;
    daemon_ = nullptr;
  }
  void SetUp() override {
    ASSERT_NE(daemon_, nullptr);
    client_ = std::make_unique<LedgerClient>(*daemon_);
  }

  static Daemon* daemon_;
  std::unique_ptr<LedgerClient> client_;
};
Daemon* DaemonTest::daemon_ = nullptr;

TEST_F(DaemonTest, HealthSaysServing) {
  auto health = grpc::health::v1::Health::NewStub(daemon_->channel());
  for (const std::string service : {"", "innoledger.v1.LedgerService"}) {
    grpc::health::v1::HealthCheckRequest request;
    request.set_service(service);
    grpc::health::v1::HealthCheckResponse response;
    ASSERT_TRUE(health->Check(NewContext("").get(), request, &response).ok()) << service;
    EXPECT_EQ(response.status(), grpc::health::v1::HealthCheckResponse::SERVING) << service;
  }
}

TEST_F(DaemonTest, ReflectionListsLedgerService) {
  auto reflection = grpc::reflection::v1alpha::ServerReflection::NewStub(daemon_->channel());
  auto context = NewContext("");
  auto stream = reflection->ServerReflectionInfo(context.get());
  grpc::reflection::v1alpha::ServerReflectionRequest request;
  request.set_list_services("");
  ASSERT_TRUE(stream->Write(request));
  stream->WritesDone();
  grpc::reflection::v1alpha::ServerReflectionResponse response;
  ASSERT_TRUE(stream->Read(&response));
  std::vector<std::string> services;
  for (const auto& service : response.list_services_response().service()) {
    services.push_back(service.name());
  }
  EXPECT_THAT(services, ::testing::Contains("innoledger.v1.LedgerService"));
  EXPECT_THAT(services, ::testing::Contains("grpc.health.v1.Health"));
  EXPECT_TRUE(stream->Finish().ok());
}

TEST_F(DaemonTest, TransactAndReadBack) {
  auto [fund, payable] = client_->OpenFunded(1'000'000);
  v1::SubmitTransactionRequest request = Transaction("voucher.redeem");
  Post(request, fund, -250'000);
  Post(request, payable, 250'000);
  request.set_value_date("2026-03-05");
  request.set_memo("检测服务 第一期");
  auto* reference = request.add_references();
  reference->set_key("contract");
  reference->set_value(Unique("HT"));
  const v1::SubmitTransactionResponse written = client_->SubmitOk(request);
  EXPECT_FALSE(written.replayed());
  EXPECT_EQ(written.hash().size(), 32u);

  EXPECT_EQ(client_->Account(fund).posted_fen(), 750'000);
  EXPECT_EQ(client_->Account(fund).available_fen(), 750'000);
  EXPECT_EQ(client_->Account(payable).posted_fen(), 250'000);

  v1::GetEntryRequest get;
  get.set_city(kCity);
  get.set_sequence(written.sequence());
  v1::GetEntryResponse entry;
  ASSERT_TRUE(client_->stub().GetEntry(NewContext().get(), get, &entry).ok());
  EXPECT_EQ(entry.entry().type(), v1::ENTRY_TYPE_POSTED);
  EXPECT_EQ(entry.entry().principal(), kPrincipal);
  EXPECT_EQ(entry.entry().request_id(), request.request_id());
  EXPECT_EQ(entry.entry().value_date(), "2026-03-05");
  EXPECT_EQ(entry.entry().memo(), "检测服务 第一期");
  EXPECT_EQ(entry.entry().postings_size(), 2);
  EXPECT_EQ(entry.entry().hash(), written.hash());
  EXPECT_EQ(entry.entry().committed_at_us(), written.committed_at_us());
  EXPECT_EQ(entry.state().status(), v1::ENTRY_STATUS_FINAL);

  const v1::Head head = client_->Head();
  EXPECT_GE(head.sequence(), written.sequence());
  EXPECT_EQ(head.city(), kCity);

  v1::VerifyRangeRequest verify;
  verify.set_city(kCity);
  v1::VerifyRangeResponse verified;
  ASSERT_TRUE(client_->stub().VerifyRange(NewContext().get(), verify, &verified).ok());
  EXPECT_TRUE(verified.complete());
  EXPECT_EQ(verified.to_sequence(), verified.entries_checked());
  EXPECT_GE(verified.to_sequence(), written.sequence());
}

// A rejection: how to spoil a good request, and what the client must see.
struct Rejection {
  std::string name;
  std::function<void(v1::SubmitTransactionRequest&)> spoil;
  grpc::StatusCode code;
  std::string reason;
  std::string principal = kPrincipal;
  absl::Duration timeout = absl::Seconds(30);
};

std::vector<Rejection> Rejections(const std::string& fund, const std::string& payable) {
  using R = v1::SubmitTransactionRequest;
  return {
      {"unbalanced", [&](R& r) { r.mutable_postings(1)->set_amount_fen(99); },
       grpc::INVALID_ARGUMENT, "UNBALANCED"},
      {"unknown account", [](R& r) { r.mutable_postings(1)->set_account("nobody"); },
       grpc::NOT_FOUND, "ACCOUNT_NOT_FOUND"},
      {"insufficient funds",
       [](R& r) {
         r.mutable_postings(0)->set_amount_fen(-5000);
         r.mutable_postings(1)->set_amount_fen(5000);
       },
       grpc::FAILED_PRECONDITION, "INSUFFICIENT_FUNDS"},
      {"cap exceeded",
       [&](R& r) {
         auto* cap = r.add_caps();
         cap->set_scope(fund + "/cap");
         cap->set_amount_fen(100);
         cap->set_limit_fen(50);
       },
       grpc::FAILED_PRECONDITION, "CAP_EXCEEDED"},
      {"missing request id", [](R& r) { r.clear_request_id(); }, grpc::INVALID_ARGUMENT,
       "REQUEST_ID_MISSING"},
      {"missing deadline", [](R&) {}, grpc::INVALID_ARGUMENT, "DEADLINE_MISSING", kPrincipal,
       absl::ZeroDuration()},
      // A zone-wide admin may act on any city, so it learns the city is not hosted here;
      // a city's own admin is refused before that (see the next row).
      {"unknown city", [](R& r) { r.set_city("lanzhou"); }, grpc::NOT_FOUND, "UNKNOWN_CITY",
       "admin:zone:ops"},
      {"another city's admin", [](R& r) { r.set_city("urumqi"); }, grpc::PERMISSION_DENIED,
       "CITY_NOT_PERMITTED"},
      {"a provider moving money", [](R&) {}, grpc::PERMISSION_DENIED, "ROLE_NOT_PERMITTED",
       "provider:changji:91652301MA78XXXX1X"},
      {"bad value date", [](R& r) { r.set_value_date("2026-02-30"); }, grpc::INVALID_ARGUMENT,
       "INVALID_REQUEST"},
      {"account without type",
       [&](R& r) { r.add_open_accounts()->set_id(payable + "/typeless"); },
       grpc::INVALID_ARGUMENT, "INVALID_REQUEST"},
      {"no principal", [](R&) {}, grpc::UNAUTHENTICATED, "PRINCIPAL_MISSING", ""},
      {"malformed principal", [](R&) {}, grpc::UNAUTHENTICATED, "PRINCIPAL_MALFORMED",
       "admin-changji"},
  };
}

TEST_F(DaemonTest, EveryRejectionHasItsCodeAndReasonAndWritesNothing) {
  auto [fund, payable] = client_->OpenFunded(1000);
  for (const Rejection& rejection : Rejections(fund, payable)) {
    SCOPED_TRACE(rejection.name);
    v1::SubmitTransactionRequest request = Transaction("voucher.redeem");
    Post(request, fund, -100);
    Post(request, payable, 100);
    rejection.spoil(request);
    std::vector<v1::Head> before;
    for (const char* city : {"urumqi", "changji", "shihezi"}) before.push_back(client_->Head(city));
    v1::SubmitTransactionResponse response;
    EXPECT_REJECTED(client_->Submit(request, &response, rejection.principal, rejection.timeout),
                    rejection.code, rejection.reason);
    int i = 0;
    for (const char* city : {"urumqi", "changji", "shihezi"}) {
      const v1::Head after = client_->Head(city);
      EXPECT_EQ(after.sequence(), before[i].sequence()) << city;
      EXPECT_EQ(after.hash(), before[i++].hash()) << city;
    }
  }
  EXPECT_EQ(client_->Account(fund).posted_fen(), 1000);
  EXPECT_EQ(client_->Account(payable).posted_fen(), 0);
}

TEST_F(DaemonTest, RequestIdReplaysSamePayloadAndRefusesAnother) {
  auto [fund, payable] = client_->OpenFunded(1000);
  v1::SubmitTransactionRequest request = Transaction();
  Post(request, fund, -100);
  Post(request, payable, 100);
  const v1::SubmitTransactionResponse first = client_->SubmitOk(request);
  const v1::Head head = client_->Head();

  const v1::SubmitTransactionResponse again = client_->SubmitOk(request);
  EXPECT_TRUE(again.replayed());
  EXPECT_EQ(again.sequence(), first.sequence());
  EXPECT_EQ(again.hash(), first.hash());
  EXPECT_EQ(again.committed_at_us(), first.committed_at_us());

  v1::SubmitTransactionRequest other = request;
  other.mutable_postings(0)->set_amount_fen(-50);
  other.mutable_postings(1)->set_amount_fen(50);
  v1::SubmitTransactionResponse refused;
  EXPECT_REJECTED(client_->Submit(other, &refused), grpc::ALREADY_EXISTS, "REQUEST_ID_REUSED");

  EXPECT_EQ(client_->Head().sequence(), head.sequence());
  EXPECT_EQ(client_->Head().hash(), head.hash());
  EXPECT_EQ(client_->Account(fund).posted_fen(), 900);
}

TEST_F(DaemonTest, HoldsPostVoidAndReversal) {
  auto [fund, payable] = client_->OpenFunded(1000);
  auto hold = [&](int64_t amount_fen) {
    v1::SubmitTransactionRequest request = Transaction("voucher.reserve");
    Post(request, fund, -amount_fen);
    Post(request, payable, amount_fen);
    request.set_pending(true);
    return client_->SubmitOk(request).sequence();
  };
  const uint64_t posted_hold = hold(300);
  EXPECT_EQ(client_->Account(fund).pending_out_fen(), 300);
  EXPECT_EQ(client_->Account(fund).available_fen(), 700);

  v1::PostPendingRequest post;
  post.set_city(kCity);
  post.set_request_id(Unique("post"));
  post.set_hold_sequence(posted_hold);
  v1::PostPendingResponse posted;
  ASSERT_TRUE(client_->stub().PostPending(NewContext().get(), post, &posted).ok());
  EXPECT_EQ(client_->Account(fund).posted_fen(), 700);
  EXPECT_EQ(client_->Account(payable).posted_fen(), 300);

  const uint64_t voided_hold = hold(200);
  v1::VoidPendingRequest void_request;
  void_request.set_city(kCity);
  void_request.set_request_id(Unique("void"));
  void_request.set_hold_sequence(voided_hold);
  v1::VoidPendingResponse voided;
  ASSERT_TRUE(client_->stub().VoidPending(NewContext().get(), void_request, &voided).ok());
  EXPECT_EQ(client_->Account(fund).available_fen(), 700);

  post.set_request_id(Unique("post"));
  post.set_hold_sequence(voided_hold);
  EXPECT_REJECTED(client_->stub().PostPending(NewContext().get(), post, &posted),
                  grpc::FAILED_PRECONDITION, "HOLD_NOT_PENDING");

  v1::SubmitTransactionRequest transfer = Transaction();
  Post(transfer, fund, -100);
  Post(transfer, payable, 100);
  const uint64_t transferred = client_->SubmitOk(transfer).sequence();
  v1::ReverseTransactionRequest reverse;
  reverse.set_city(kCity);
  reverse.set_request_id(Unique("reverse"));
  reverse.set_sequence(transferred);
  reverse.set_memo("wrong provider");
  v1::ReverseTransactionResponse reversed;
  const grpc::Status status = client_->stub().ReverseTransaction(NewContext().get(), reverse, &reversed);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(client_->Account(fund).posted_fen(), 700);
  reverse.set_request_id(Unique("reverse"));
  EXPECT_REJECTED(client_->stub().ReverseTransaction(NewContext().get(), reverse, &reversed),
                  grpc::FAILED_PRECONDITION, "ALREADY_REVERSED");
}

// Walks every page of a list with a small page size; returns the sequences in order.
template <typename Request, typename Response, typename Call>
std::vector<uint64_t> WalkAll(Request request, Call call) {
  std::vector<uint64_t> sequences;
  request.set_page_size(4);
  for (int pages = 0; pages < 1000; ++pages) {
    Response response;
    const grpc::Status status = call(request, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    if (!status.ok()) break;
    for (const auto& entry : response.entries()) sequences.push_back(entry.sequence());
    if (response.next_page_token().empty()) break;
    request.set_page_token(response.next_page_token());
  }
  return sequences;
}

TEST_F(DaemonTest, PaginationWalksEveryEntryExactlyOnce) {
  auto [fund, payable] = client_->OpenFunded(10'000);
  const std::string batch = Unique("batch");
  std::vector<uint64_t> written;
  for (int i = 0; i < 23; ++i) {
    v1::SubmitTransactionRequest request = Transaction();
    Post(request, fund, -(i + 1));
    Post(request, payable, i + 1);
    auto* reference = request.add_references();
    reference->set_key("batch");
    reference->set_value(batch);
    written.push_back(client_->SubmitOk(request).sequence());
  }
  v1::ListEntriesByReferenceRequest by_reference;
  by_reference.set_city(kCity);
  by_reference.set_key("batch");
  by_reference.set_value(batch);
  auto& stub = client_->stub();
  EXPECT_EQ((WalkAll<v1::ListEntriesByReferenceRequest, v1::ListEntriesByReferenceResponse>(
                by_reference,
                [&](const auto& request, auto* response) {
                  return stub.ListEntriesByReference(NewContext().get(), request, response);
                })),
            written);
  v1::ListEntriesByAccountRequest by_account;
  by_account.set_city(kCity);
  by_account.set_account(payable);
  const std::vector<uint64_t> touching =
      WalkAll<v1::ListEntriesByAccountRequest, v1::ListEntriesByAccountResponse>(
          by_account, [&](const auto& request, auto* response) {
            return stub.ListEntriesByAccount(NewContext().get(), request, response);
          });
  // The payable was opened by the funding entry; every transfer touches it once.
  EXPECT_TRUE(std::is_sorted(touching.begin(), touching.end()));
  EXPECT_EQ(std::set<uint64_t>(touching.begin(), touching.end()).size(), touching.size());
  for (uint64_t sequence : written) EXPECT_THAT(touching, ::testing::Contains(sequence));
}

TEST_F(DaemonTest, ListAccountsPagesByIdExactlyOnce) {
  for (int i = 0; i < 3; ++i) client_->OpenFunded(100);
  v1::ListAccountsRequest request;
  request.set_city(kCity);
  request.set_page_size(2);
  std::vector<std::string> ids;
  for (int pages = 0; pages < 10000; ++pages) {
    v1::ListAccountsResponse response;
    ASSERT_TRUE(client_->stub().ListAccounts(NewContext().get(), request, &response).ok());
    for (const auto& account : response.accounts()) ids.push_back(account.id());
    if (response.next_page_token().empty()) break;
    request.set_page_token(response.next_page_token());
  }
  EXPECT_TRUE(std::is_sorted(ids.begin(), ids.end()));
  EXPECT_EQ(std::set<std::string>(ids.begin(), ids.end()).size(), ids.size());
  EXPECT_GE(ids.size(), 9u);
}

TEST_F(DaemonTest, PageTokenIsBoundToItsFilter) {
  auto [fund, payable] = client_->OpenFunded(1000);
  for (int i = 0; i < 3; ++i) {
    v1::SubmitTransactionRequest request = Transaction();
    Post(request, fund, -1);
    Post(request, payable, 1);
    client_->SubmitOk(request);
  }
  v1::ListEntriesByAccountRequest request;
  request.set_city(kCity);
  request.set_account(payable);
  request.set_page_size(1);
  v1::ListEntriesByAccountResponse response;
  ASSERT_TRUE(client_->stub().ListEntriesByAccount(NewContext().get(), request, &response).ok());
  ASSERT_FALSE(response.next_page_token().empty());
  const v1::Head head = client_->Head();

  v1::ListEntriesByAccountRequest other = request;
  other.set_account(fund);
  other.set_page_token(response.next_page_token());
  EXPECT_REJECTED(client_->stub().ListEntriesByAccount(NewContext().get(), other, &response),
                  grpc::INVALID_ARGUMENT, "INVALID_PAGE_TOKEN");
  other.set_page_token("not-a-token!");
  EXPECT_REJECTED(client_->stub().ListEntriesByAccount(NewContext().get(), other, &response),
                  grpc::INVALID_ARGUMENT, "INVALID_PAGE_TOKEN");
  v1::ListEntriesByReferenceRequest by_reference;
  by_reference.set_city(kCity);
  by_reference.set_key("account");
  by_reference.set_value(payable);
  by_reference.set_page_token(response.next_page_token());
  v1::ListEntriesByReferenceResponse reference_page;
  EXPECT_REJECTED(
      client_->stub().ListEntriesByReference(NewContext().get(), by_reference, &reference_page),
      grpc::INVALID_ARGUMENT, "INVALID_PAGE_TOKEN");
  EXPECT_EQ(client_->Head().hash(), head.hash());
}

TEST_F(DaemonTest, ReadsOfAnUnknownCityOrEntryAreNotFound) {
  v1::GetHeadRequest head;
  head.set_city("lanzhou");
  v1::GetHeadResponse head_response;
  EXPECT_REJECTED(
      client_->stub().GetHead(NewContext("auditor:zone:audit").get(), head, &head_response),
      grpc::NOT_FOUND, "UNKNOWN_CITY");
  v1::GetEntryRequest entry;
  entry.set_city(kCity);
  entry.set_sequence(1'000'000'000);
  v1::GetEntryResponse entry_response;
  EXPECT_REJECTED(client_->stub().GetEntry(NewContext().get(), entry, &entry_response),
                  grpc::NOT_FOUND, "ENTRY_NOT_FOUND");
  v1::GetAccountRequest account;
  account.set_city(kCity);
  account.set_account("nobody");
  v1::GetAccountResponse account_response;
  EXPECT_REJECTED(client_->stub().GetAccount(NewContext().get(), account, &account_response),
                  grpc::NOT_FOUND, "ACCOUNT_NOT_FOUND");
  EXPECT_REJECTED(client_->stub().GetHead(NewContext("").get(), head, &head_response),
                  grpc::UNAUTHENTICATED, "PRINCIPAL_MISSING");
}

// The value of the sample `name{labels}` in Prometheus text, or -1.
double Sample(const std::string& text, absl::string_view series) {
  for (absl::string_view line : absl::StrSplit(text, '\n')) {
    if (!absl::StartsWith(line, series) || line.size() <= series.size() ||
        line[series.size()] != ' ') {
      continue;
    }
    double value = -1;
    if (absl::SimpleAtod(line.substr(series.size() + 1), &value)) return value;
  }
  return -1;
}

TEST_F(DaemonTest, MetricsCountBatchesAndRequests) {
  client_->OpenFunded(100);
  ASSERT_GT(daemon_->metrics_port(), 0);
  absl::StatusOr<std::string> text = testing::HttpGet(daemon_->metrics_port(), "/metrics");
  ASSERT_TRUE(text.ok()) << text.status();
  EXPECT_GT(Sample(*text, R"(innoledger_batches_total{city="changji"})"), 0) << *text;
  EXPECT_GT(Sample(*text, R"(innoledger_batch_fsyncs_total{city="changji"})"), 0);
  EXPECT_GT(Sample(*text, R"(innoledger_batch_commands_count{city="changji"})"), 0);
  EXPECT_GT(Sample(*text,
                   R"(innoledger_rpc_requests_total{code="OK",method="SubmitTransaction"})"),
            0);
  EXPECT_THAT(*text, HasSubstr("innoledger_rpc_duration_seconds_bucket"));
  EXPECT_THAT(*text, HasSubstr("innoledger_writes_in_flight"));
  // The log RocksDB started as the node opened was the spare written at start-up.
  EXPECT_EQ(Sample(*text, R"(innoledger_wal_logs_total{start="spare"})"), 1) << *text;
  EXPECT_EQ(Sample(*text, R"(innoledger_wal_logs_total{start="new"})"), 0);
  // The node's memtables took their memory from the pool, which its thread had mapped.
  EXPECT_GT(Sample(*text, R"(innoledger_memtable_chunks_mapped_total{by="filler"})"), 0);
  // Served (Sample gives -1 for a series that is missing).
  EXPECT_GE(Sample(*text, R"(innoledger_memtable_chunks_mapped_total{by="writer"})"), 0);
  EXPECT_GE(Sample(*text, "innoledger_memtable_chunks_free"), 0);
}

// Writes a few entries through `daemon`; returns the head after them.
v1::Head WriteSome(const Daemon& daemon, LedgerClient& client, int count) {
  auto [fund, payable] = client.OpenFunded(1000);
  for (int i = 0; i < count; ++i) {
    v1::SubmitTransactionRequest request = Transaction();
    Post(request, fund, -1);
    Post(request, payable, 1);
    client.SubmitOk(request);
  }
  (void)daemon;
  return client.Head();
}

void ExpectSameHeadAndChainVerifies(const Daemon& daemon, const v1::Head& before) {
  LedgerClient client(daemon);
  const v1::Head after = client.Head();
  EXPECT_EQ(after.sequence(), before.sequence());
  EXPECT_EQ(after.hash(), before.hash());
  v1::VerifyRangeRequest verify;
  verify.set_city(kCity);
  v1::VerifyRangeResponse verified;
  ASSERT_TRUE(client.stub().VerifyRange(NewContext().get(), verify, &verified).ok());
  EXPECT_EQ(verified.entries_checked(), before.sequence());
  EXPECT_EQ(verified.last_hash(), before.hash());
}

TEST(DaemonLifecycleTest, SigtermExitsZeroAndRestartSeesEverything) {
  auto daemon = Daemon::Start();
  ASSERT_TRUE(daemon.ok()) << daemon.status();
  LedgerClient client(**daemon);
  const v1::Head head = WriteSome(**daemon, client, 5);
  absl::StatusOr<int> code = (*daemon)->Terminate();
  ASSERT_TRUE(code.ok()) << code.status();
  EXPECT_EQ(*code, 0) << (*daemon)->Log();
  EXPECT_THAT((*daemon)->Log(), HasSubstr("stopped cleanly"));
  ASSERT_TRUE((*daemon)->Restart().ok()) << (*daemon)->Log();
  ExpectSameHeadAndChainVerifies(**daemon, head);
  LedgerClient again(**daemon);
  WriteSome(**daemon, again, 1);  // and it still takes writes
}

TEST(DaemonLifecycleTest, KilledDaemonKeepsEveryAcknowledgedWrite) {
  testing::DaemonOptions options;
  options.metrics = false;
  auto daemon = Daemon::Start(options);
  ASSERT_TRUE(daemon.ok()) << daemon.status();
  LedgerClient client(**daemon);
  const v1::Head head = WriteSome(**daemon, client, 5);
  (*daemon)->Kill();
  ASSERT_TRUE((*daemon)->Restart().ok()) << (*daemon)->Log();
  ExpectSameHeadAndChainVerifies(**daemon, head);
}

TEST(DaemonStartTest, InsecureDevRefusesNonLoopbackListen) {
  const std::string dir = testing::MakeTempDir();
  auto result = testing::RunDaemonToExit(
      {"--listen=0.0.0.0:0", "--data_dir=" + dir + "/data", "--cities=changji", "--insecure_dev"});
  std::filesystem::remove_all(dir);
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_EQ(result->exit_code, 1) << result->output;
  EXPECT_THAT(result->output, HasSubstr("loopback"));
}

TEST(DaemonStartTest, RefusesToStartWithoutCertificatesOrInsecureDev) {
  const std::string dir = testing::MakeTempDir();
  auto result = testing::RunDaemonToExit(
      {"--listen=127.0.0.1:0", "--data_dir=" + dir + "/data", "--cities=changji"});
  std::filesystem::remove_all(dir);
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_EQ(result->exit_code, 1) << result->output;
  EXPECT_THAT(result->output, HasSubstr("mTLS"));
}

TEST(DaemonStartTest, BadConfigFileNamesFileAndLine) {
  const std::string dir = testing::MakeTempDir();
  const std::string path = dir + "/bad.textproto";
  std::ofstream(path) << "listen_address: \"127.0.0.1:0\"\nno_such_field: 1\n";
  auto result = testing::RunDaemonToExit({"--config=" + path});
  std::filesystem::remove_all(dir);
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_EQ(result->exit_code, 2) << result->output;
  EXPECT_THAT(result->output, HasSubstr("bad.textproto:2:"));
}

TEST(DaemonStartTest, ABrokenPolicyCatalogueStopsTheNodeWithFileAndLine) {
  const std::string dir = testing::MakeTempDir();
  const std::string path = dir + "/policies.textproto";
  std::ofstream(path) << "jurisdiction: \"x\" cities: \"changji\"\npolicies {\n  id: \"p\"\n  percent { base_fact: \"b\" "
                         "rate_bp: 12000 }\n}\n";
  auto result = testing::RunDaemonToExit({"--listen=127.0.0.1:0", "--data_dir=" + dir + "/data",
                                          "--cities=changji", "--insecure_dev",
                                          "--policies=" + path});
  std::filesystem::remove_all(dir);
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_EQ(result->exit_code, 1) << result->output;
  EXPECT_THAT(result->output, HasSubstr("policies.textproto:4: policy 'p'"));
  EXPECT_THAT(result->output, HasSubstr("rate_bp 12000 is not a percentage"));
}

}  // namespace
}  // namespace innoledger
