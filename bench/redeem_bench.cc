// redeem_bench: vouchers redeemed end to end through gRPC against a real innoledgerd.
//
// Starts innoledgerd (insecure dev, loopback, a fresh temporary data dir, the shipped
// voucher programmes), funds each city's voucher fund, then for each client count runs
// closed-loop clients for --seconds: each client is a provider with its own enterprise and
// vouchers, and one redemption is ReserveVoucher + RedeemReservation (two durable writes,
// new contract, invoice and hashes each time). Prints redemptions/s and p50/p99/p99.9 of
// the pair's latency. Setup (registration, issue) is not timed.
//
//   bench/run.sh redeem [--clients=1,16,128] [--seconds=5] [--cross_city]
//
// --cross_city: each provider lives in the next city, so every redemption also claims its
// evidence in the provider's city (通用通兑, two partitions).
#include <algorithm>
#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_split.h"
#include "absl/synchronization/barrier.h"
#include "absl/time/clock.h"
#include "common/china_time.h"
#include "common/uscc.h"
#include "grpcpp/grpcpp.h"
#include "innoledger/v1/ledger.grpc.pb.h"
#include "innoledger/v1/registry.grpc.pb.h"
#include "innoledger/v1/vouchers.grpc.pb.h"
#include "tests/support/daemon.h"

namespace innoledger::bench {
namespace {

const char* const kCities[] = {"urumqi", "changji", "shihezi"};
constexpr int64_t kFaceFen = 5'000'000;     // ¥50k, the largest face value shipped
constexpr int64_t kAmountFen = 1'000;       // ¥10 a redemption: 5,000 per voucher
constexpr int64_t kContractFen = 2'000;     // the voucher pays 50% of it (60% in Shihezi)
constexpr int kVouchersPerClient = 2;       // ¥100k: the shipped yearly quota

struct Flags {
  std::vector<int> clients = {1, 16, 128};
  int seconds = 5;
  bool cross_city = false;
};

bool ParseFlags(int argc, char** argv, Flags* flags) {
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (absl::StartsWith(arg, "--clients=")) {
      flags->clients.clear();
      for (absl::string_view n : absl::StrSplit(arg.substr(10), ',')) {
        int value = 0;
        if (!absl::SimpleAtoi(n, &value) || value < 1 || value > 1024) return false;
        flags->clients.push_back(value);
      }
    } else if (absl::StartsWith(arg, "--seconds=")) {
      if (!absl::SimpleAtoi(arg.substr(10), &flags->seconds) || flags->seconds < 1) return false;
    } else if (arg == "--cross_city") {
      flags->cross_city = true;
    } else {
      return false;
    }
  }
  return true;
}

// A valid unified social credit code, numbered: "91650100MA" + 7 digits + check character.
std::string Uscc(int n) {
  const std::string first17 = absl::StrFormat("91650100MA%07d", n);
  for (char check : std::string("0123456789ABCDEFGHJKLMNPQRTUWXY")) {
    if (ValidateUscc(first17 + check).ok()) return first17 + check;
  }
  return first17;
}

std::unique_ptr<grpc::ClientContext> As(const std::string& principal) {
  auto context = std::make_unique<grpc::ClientContext>();
  context->AddMetadata("x-innoledger-principal", principal);
  context->set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(60));
  return context;
}

void Check(const grpc::Status& status, absl::string_view what) {
  if (status.ok()) return;
  std::fprintf(stderr, "redeem_bench: %s failed: %d %s\n", std::string(what).c_str(),
               status.error_code(), status.error_message().c_str());
  std::exit(1);
}

std::atomic<int> next_request{0};
std::string RequestId() { return absl::StrCat("bench-", next_request.fetch_add(1)); }

// One provider redeeming its enterprise's vouchers, in a closed loop.
class Client {
 public:
  Client(std::shared_ptr<grpc::Channel> channel, int id, int32_t year, bool cross_city)
      : vouchers_(v1::VouchersService::NewStub(channel)),
        registry_(v1::RegistryService::NewStub(channel)),
        id_(id),
        year_(year),
        city_(kCities[id % 3]),
        provider_city_(kCities[(id + (cross_city ? 1 : 0)) % 3]),
        enterprise_(Uscc(2 * id)),
        provider_(Uscc(2 * id + 1)) {}

  // Registers the enterprise and the provider and issues the vouchers.
  void SetUp() {
    const std::string bureau = absl::StrCat("bureau:", city_, ":bench");
    Register(enterprise_, v1::ENTITY_KIND_ENTERPRISE, city_);
    Register(provider_, v1::ENTITY_KIND_PROVIDER, provider_city_);
    v1::RegisterProviderRequest admit;
    admit.set_request_id(RequestId());
    v1::ProviderRegistration* registration = admit.mutable_registration();
    registration->set_provider(provider_);
    registration->set_category(v1::SERVICE_CATEGORY_TESTING);
    registration->set_city(provider_city_);
    registration->set_valid_from(absl::StrCat(year_, "-01-01"));
    registration->set_valid_to(absl::StrCat(year_, "-12-31"));
    v1::RegisterProviderResponse admitted;
    Check(registry_->RegisterProvider(As(absl::StrCat("bureau:", provider_city_, ":bench")).get(),
                                      admit, &admitted),
          "RegisterProvider");
    for (int i = 0; i < kVouchersPerClient; ++i) {
      v1::IssueVoucherRequest issue;
      issue.set_request_id(RequestId());
      issue.set_city(city_);
      issue.set_fiscal_year(year_);
      issue.set_holder(enterprise_);
      issue.set_face_value_fen(kFaceFen);
      v1::IssueVoucherResponse issued;
      Check(vouchers_->IssueVoucher(As(bureau).get(), issue, &issued), "IssueVoucher");
      voucher_ids_.push_back(issued.voucher().id());
    }
  }

  // Redeems until `stop`; records each reserve + redeem pair's latency in µs.
  void Run(const std::atomic<bool>& stop) {
    const std::string principal = absl::StrCat("provider:", provider_city_, ":", provider_);
    size_t voucher = 0;
    int used_on_voucher = 0;
    while (!stop.load(std::memory_order_relaxed) && voucher < voucher_ids_.size()) {
      const std::string n = absl::StrCat(id_, "-", ++count_);
      const absl::Time start = absl::Now();
      v1::ReserveVoucherRequest reserve;
      reserve.set_request_id(RequestId());
      reserve.set_voucher_id(voucher_ids_[voucher]);
      reserve.set_provider(provider_);
      reserve.set_contract_id("HT-" + n);
      reserve.set_contract_amount_fen(kContractFen);
      reserve.set_category(v1::SERVICE_CATEGORY_TESTING);
      reserve.set_amount_fen(kAmountFen);
      v1::ReserveVoucherResponse reserved;
      grpc::Status status = vouchers_->ReserveVoucher(As(principal).get(), reserve, &reserved);
      if (status.error_code() == grpc::FAILED_PRECONDITION && used_on_voucher > 0) {
        ++voucher;  // this voucher is spent: the next
        used_on_voucher = 0;
        continue;
      }
      Check(status, "ReserveVoucher");
      v1::RedeemReservationRequest redeem;
      redeem.set_request_id(RequestId());
      redeem.set_reservation_id(reserved.reservation().id());
      redeem.set_provider(provider_);
      v1::Evidence* evidence = redeem.mutable_evidence();
      evidence->set_invoice_number(absl::StrFormat("FP%08d%06d", id_, count_));
      evidence->set_invoice_amount_fen(kContractFen);
      const uint64_t unique = (uint64_t{static_cast<uint32_t>(id_)} << 32) | count_;
      evidence->set_contract_sha256(absl::StrFormat("%064x", 2 * unique));
      evidence->set_acceptance_sha256(absl::StrFormat("%064x", 2 * unique + 1));
      v1::RedeemReservationResponse redeemed;
      Check(vouchers_->RedeemReservation(As(principal).get(), redeem, &redeemed),
            "RedeemReservation");
      latencies_us_.push_back(absl::ToInt64Microseconds(absl::Now() - start));
      ++used_on_voucher;
    }
  }

  const std::vector<int64_t>& latencies_us() const { return latencies_us_; }

 private:
  void Register(const std::string& uscc, v1::EntityKind kind, const std::string& city) {
    v1::RegisterEntityRequest request;
    request.set_request_id(RequestId());
    v1::Entity* entity = request.mutable_entity();
    entity->set_uscc(uscc);
    entity->set_kind(kind);
    entity->set_home_city(city);
    entity->set_legal_name("bench " + uscc);
    entity->set_legal_representative("rep " + uscc);
    entity->set_sme(true);
    v1::RegisterEntityResponse response;
    Check(registry_->RegisterEntity(As(absl::StrCat("bureau:", city, ":bench")).get(), request,
                                    &response),
          "RegisterEntity");
  }

  std::unique_ptr<v1::VouchersService::Stub> vouchers_;
  std::unique_ptr<v1::RegistryService::Stub> registry_;
  const int id_;
  const int32_t year_;
  const std::string city_;
  const std::string provider_city_;
  const std::string enterprise_;
  const std::string provider_;
  std::vector<std::string> voucher_ids_;
  int count_ = 0;
  std::vector<int64_t> latencies_us_;
};

int64_t Percentile(const std::vector<int64_t>& sorted, double p) {
  if (sorted.empty()) return 0;
  const size_t index = static_cast<size_t>(p * static_cast<double>(sorted.size() - 1));
  return sorted[index];
}

int Main(int argc, char** argv) {
  Flags flags;
  if (!ParseFlags(argc, argv, &flags)) {
    std::fprintf(stderr, "usage: redeem_bench [--clients=1,16,128] [--seconds=5] [--cross_city]\n"
                         "  $INNOLEDGERD: the innoledgerd binary; $INNOLEDGER_SOURCE_DIR: the "
                         "repository (for deploy/vouchers)\n");
    return 2;
  }
  testing::DaemonOptions options;
  options.metrics = false;
  options.voucher_programmes = true;  // the shipped ones: this year's must be there
  options.extra_flags = {"--log_level=warn"};
  auto daemon = testing::Daemon::Start(options);
  if (!daemon.ok()) {
    std::fprintf(stderr, "redeem_bench: cannot start innoledgerd: %s\n",
                 daemon.status().ToString().c_str());
    return 1;
  }
  const int32_t year = FiscalYearOf(absl::Now());
  std::vector<std::shared_ptr<grpc::Channel>> channels;
  for (int i = 0; i < 4; ++i) {
    grpc::ChannelArguments arguments;
    arguments.SetInt("innoledger.bench.channel", i);  // distinct connections
    channels.push_back(grpc::CreateCustomChannel((*daemon)->address(),
                                                 grpc::InsecureChannelCredentials(), arguments));
  }
  for (const char* city : kCities) {  // ¥10bn into each city's voucher fund
    absl::Status funded = testing::Appropriate(channels[0], city, "fund/vouchers", 1'000'000'000'000);
    if (!funded.ok()) {
      std::fprintf(stderr, "redeem_bench: %s\n", funded.ToString().c_str());
      return 1;
    }
  }
  std::printf("redemptions through gRPC (reserve + redeem, each durable), %d s per row, %s\n",
              flags.seconds, flags.cross_city ? "provider in another city" : "same city");
  std::printf("%8s %14s %10s %10s %10s\n", "clients", "redemptions/s", "p50 µs", "p99 µs",
              "p99.9 µs");
  int next_client = 0;
  for (int count : flags.clients) {
    std::vector<std::unique_ptr<Client>> clients;
    for (int i = 0; i < count; ++i) {
      clients.push_back(std::make_unique<Client>(channels[i % channels.size()], next_client++,
                                                 year, flags.cross_city));
    }
    std::atomic<bool> stop{false};
    absl::Barrier* ready = new absl::Barrier(count + 1);  // deletes itself
    std::vector<std::thread> threads;
    for (auto& client : clients) {
      threads.emplace_back([&, c = client.get()] {
        c->SetUp();
        if (ready->Block()) delete ready;
        c->Run(stop);
      });
    }
    if (ready->Block()) delete ready;
    const absl::Time start = absl::Now();
    absl::SleepFor(absl::Seconds(flags.seconds));
    stop = true;
    for (auto& thread : threads) thread.join();
    const double elapsed = absl::ToDoubleSeconds(absl::Now() - start);
    std::vector<int64_t> all;
    for (const auto& client : clients) {
      all.insert(all.end(), client->latencies_us().begin(), client->latencies_us().end());
    }
    std::sort(all.begin(), all.end());
    std::printf("%8d %14.0f %10lld %10lld %10lld\n", count, static_cast<double>(all.size()) / elapsed,
                static_cast<long long>(Percentile(all, 0.50)),
                static_cast<long long>(Percentile(all, 0.99)),
                static_cast<long long>(Percentile(all, 0.999)));
    std::fflush(stdout);
  }
  return 0;
}

}  // namespace
}  // namespace innoledger::bench

int main(int argc, char** argv) { return innoledger::bench::Main(argc, argv); }
