#include "innoledger/client.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <random>
#include <sstream>
#include <thread>

#include "absl/strings/str_cat.h"
#include "grpcpp/grpcpp.h"
#include "innoledger/v1/grants.grpc.pb.h"
#include "innoledger/v1/ledger.grpc.pb.h"
#include "innoledger/v1/registry.grpc.pb.h"
#include "innoledger/v1/vouchers.grpc.pb.h"
#include "services/common/grpc_status.h"

namespace innoledger {
namespace {

// A node that restarts should be found again within a couple of seconds, not after gRPC's
// default reconnect backoff (up to two minutes), or every retry of a call fails fast with
// UNAVAILABLE while the channel still waits.
constexpr int kMaxReconnectBackoffMs = 2000;
// The pause before attempt n+1 is 50 ms << n, at most this.
constexpr std::chrono::milliseconds kMaxRetryPause(2000);

// Writes are the requests that carry an idempotency key.
template <typename Request>
concept Write = requires(Request& request) { request.set_request_id(std::string()); };

absl::StatusOr<std::string> ReadFile(const std::string& path, absl::string_view what) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  if (!in || text.str().empty()) {
    return absl::InvalidArgumentError(absl::StrCat("cannot read ", what, " '", path, "'"));
  }
  return text.str();
}

absl::StatusOr<std::shared_ptr<grpc::ChannelCredentials>> Credentials(const ClientOptions& options) {
  if (!options.insecure_dev_principal.empty()) return grpc::InsecureChannelCredentials();
  if (options.ca_file.empty() || options.cert_file.empty() || options.key_file.empty()) {
    return absl::InvalidArgumentError(
        "give the CA, certificate and key files (mTLS), or an insecure-dev principal");
  }
  grpc::SslCredentialsOptions ssl;
  auto ca = ReadFile(options.ca_file, "CA file");
  auto cert = ReadFile(options.cert_file, "certificate");
  auto key = ReadFile(options.key_file, "key");
  for (const auto* read : {&ca, &cert, &key}) {
    if (!read->ok()) return read->status();
  }
  ssl.pem_root_certs = *ca;
  ssl.pem_cert_chain = *cert;
  ssl.pem_private_key = *key;
  return grpc::SslCredentials(ssl);
}

}  // namespace

struct Client::Impl {
  ClientOptions options;
  std::unique_ptr<v1::LedgerService::Stub> ledger;
  std::unique_ptr<v1::GrantsService::Stub> grants;
  std::unique_ptr<v1::RegistryService::Stub> registry;
  std::unique_ptr<v1::VouchersService::Stub> vouchers;

  // Every RPC of the SDK goes through here: one attempt per fresh context and deadline,
  // retrying what a retry can fix. A write without a request id gets one here, before the
  // first attempt, so every attempt carries the same id and the server answers a retry of
  // a write it already did with that write's answer instead of doing it again.
  template <typename Stub, typename Request, typename Response>
  absl::StatusOr<Response> Call(Stub& stub,
                                grpc::Status (Stub::*method)(grpc::ClientContext*,
                                                             const Request&, Response*),
                                const Request& given) {
    const Request* request = &given;
    Request with_id;
    if constexpr (Write<Request>) {
      if (given.request_id().empty()) {
        with_id = given;
        with_id.set_request_id(NewRequestId());
        request = &with_id;
      }
    }
    Response response;
    grpc::Status status;
    for (int attempt = 0; attempt < std::max(1, options.max_attempts); ++attempt) {
      if (attempt > 0) {
        std::this_thread::sleep_for(
            std::min(kMaxRetryPause, std::chrono::milliseconds(50 << std::min(attempt - 1, 10))));
      }
      grpc::ClientContext context;
      context.set_deadline(absl::ToChronoTime(absl::Now() + options.deadline));
      if (!options.insecure_dev_principal.empty()) {
        context.AddMetadata("x-innoledger-principal", options.insecure_dev_principal);
      }
      response.Clear();
      status = (stub.*method)(&context, *request, &response);
      const bool retry = status.error_code() == grpc::UNAVAILABLE ||
                         status.error_code() == grpc::DEADLINE_EXCEEDED;
      if (!retry) break;
    }
    if (!status.ok()) return services::FromGrpcStatus(status);
    return response;
  }
};

Client::Client(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Client::~Client() = default;

absl::StatusOr<std::unique_ptr<Client>> Client::Connect(const ClientOptions& options) {
  auto credentials = Credentials(options);
  if (!credentials.ok()) return credentials.status();
  grpc::ChannelArguments arguments;
  arguments.SetInt(GRPC_ARG_MAX_RECONNECT_BACKOFF_MS, kMaxReconnectBackoffMs);
  auto channel = grpc::CreateCustomChannel(options.target, *credentials, arguments);
  auto impl = std::make_unique<Impl>();
  impl->options = options;
  impl->ledger = v1::LedgerService::NewStub(channel);
  impl->grants = v1::GrantsService::NewStub(channel);
  impl->registry = v1::RegistryService::NewStub(channel);
  impl->vouchers = v1::VouchersService::NewStub(channel);
  return std::unique_ptr<Client>(new Client(std::move(impl)));
}

// Time first, like a UUIDv7: one client's ids sort by time, so the ledger files each
// idempotency record right after that client's previous one instead of searching its whole
// index for the place. The random part keeps two clients, or two calls in one millisecond,
// from picking the same id: std::random_device reads the kernel's generator (getrandom).
std::string Client::NewRequestId() {
  std::random_device random;
  const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                      std::chrono::system_clock::now().time_since_epoch())
                      .count();
  char id[33];
  std::snprintf(id, sizeof id, "%012llx%04x%08x%08x",
                static_cast<unsigned long long>(ms) & 0xffff'ffff'ffffULL,
                static_cast<unsigned>(random()) & 0xffff, static_cast<unsigned>(random()),
                static_cast<unsigned>(random()));
  return id;
}

// ---- LedgerService: typed parameters, answers unwrapped.

absl::StatusOr<v1::Head> Client::GetHead(const std::string& city) {
  v1::GetHeadRequest request;
  request.set_city(city);
  auto response = impl_->Call(*impl_->ledger, &v1::LedgerService::Stub::GetHead, request);
  if (!response.ok()) return response.status();
  return response->head();
}

absl::StatusOr<v1::VerifyRangeResponse> Client::VerifyRange(const std::string& city,
                                                            uint64_t from_sequence,
                                                            uint64_t to_sequence) {
  v1::VerifyRangeRequest request;
  request.set_city(city);
  request.set_from_sequence(from_sequence);
  request.set_to_sequence(to_sequence);
  return impl_->Call(*impl_->ledger, &v1::LedgerService::Stub::VerifyRange, request);
}

// ---- RegistryService.

absl::StatusOr<v1::RegisterEntityResponse> Client::RegisterEntity(
    const v1::RegisterEntityRequest& request) {
  return impl_->Call(*impl_->registry, &v1::RegistryService::Stub::RegisterEntity, request);
}

absl::StatusOr<v1::UpdateEntityResponse> Client::UpdateEntity(
    const v1::UpdateEntityRequest& request) {
  return impl_->Call(*impl_->registry, &v1::RegistryService::Stub::UpdateEntity, request);
}

absl::StatusOr<v1::SetBadRecordResponse> Client::SetBadRecord(
    const v1::SetBadRecordRequest& request) {
  return impl_->Call(*impl_->registry, &v1::RegistryService::Stub::SetBadRecord, request);
}

absl::StatusOr<v1::ClearBadRecordResponse> Client::ClearBadRecord(
    const v1::ClearBadRecordRequest& request) {
  return impl_->Call(*impl_->registry, &v1::RegistryService::Stub::ClearBadRecord, request);
}

absl::StatusOr<v1::RegisterProviderResponse> Client::RegisterProvider(
    const v1::RegisterProviderRequest& request) {
  return impl_->Call(*impl_->registry, &v1::RegistryService::Stub::RegisterProvider, request);
}

absl::StatusOr<v1::GetEntityResponse> Client::GetEntity(const v1::GetEntityRequest& request) {
  return impl_->Call(*impl_->registry, &v1::RegistryService::Stub::GetEntity, request);
}

// ---- VouchersService.

absl::StatusOr<v1::IssueVoucherResponse> Client::IssueVoucher(
    const v1::IssueVoucherRequest& request) {
  return impl_->Call(*impl_->vouchers, &v1::VouchersService::Stub::IssueVoucher, request);
}

absl::StatusOr<v1::ReserveVoucherResponse> Client::ReserveVoucher(
    const v1::ReserveVoucherRequest& request) {
  return impl_->Call(*impl_->vouchers, &v1::VouchersService::Stub::ReserveVoucher, request);
}

absl::StatusOr<v1::CheckReservationResponse> Client::CheckReservation(
    const v1::CheckReservationRequest& request) {
  return impl_->Call(*impl_->vouchers, &v1::VouchersService::Stub::CheckReservation, request);
}

absl::StatusOr<v1::RedeemReservationResponse> Client::RedeemReservation(
    const v1::RedeemReservationRequest& request) {
  return impl_->Call(*impl_->vouchers, &v1::VouchersService::Stub::RedeemReservation, request);
}

absl::StatusOr<v1::ReleaseReservationResponse> Client::ReleaseReservation(
    const v1::ReleaseReservationRequest& request) {
  return impl_->Call(*impl_->vouchers, &v1::VouchersService::Stub::ReleaseReservation, request);
}

absl::StatusOr<v1::ExpireVoucherResponse> Client::ExpireVoucher(
    const v1::ExpireVoucherRequest& request) {
  return impl_->Call(*impl_->vouchers, &v1::VouchersService::Stub::ExpireVoucher, request);
}

absl::StatusOr<v1::RevokeVoucherResponse> Client::RevokeVoucher(
    const v1::RevokeVoucherRequest& request) {
  return impl_->Call(*impl_->vouchers, &v1::VouchersService::Stub::RevokeVoucher, request);
}

absl::StatusOr<v1::GetVoucherResponse> Client::GetVoucher(const v1::GetVoucherRequest& request) {
  return impl_->Call(*impl_->vouchers, &v1::VouchersService::Stub::GetVoucher, request);
}

absl::StatusOr<v1::ListVoucherHistoryResponse> Client::ListVoucherHistory(
    const v1::ListVoucherHistoryRequest& request) {
  return impl_->Call(*impl_->vouchers, &v1::VouchersService::Stub::ListVoucherHistory, request);
}

absl::StatusOr<v1::ListVouchersByHolderResponse> Client::ListVouchersByHolder(
    const v1::ListVouchersByHolderRequest& request) {
  return impl_->Call(*impl_->vouchers, &v1::VouchersService::Stub::ListVouchersByHolder, request);
}

absl::StatusOr<v1::ListRedemptionsByProviderResponse> Client::ListRedemptionsByProvider(
    const v1::ListRedemptionsByProviderRequest& request) {
  return impl_->Call(*impl_->vouchers, &v1::VouchersService::Stub::ListRedemptionsByProvider,
                     request);
}

// ---- GrantsService.

absl::StatusOr<v1::ComputeAwardResponse> Client::ComputeAward(
    const v1::ComputeAwardRequest& request) {
  return impl_->Call(*impl_->grants, &v1::GrantsService::Stub::ComputeAward, request);
}

absl::StatusOr<v1::ApproveAwardResponse> Client::ApproveAward(
    const v1::ApproveAwardRequest& request) {
  return impl_->Call(*impl_->grants, &v1::GrantsService::Stub::ApproveAward, request);
}

absl::StatusOr<v1::AwardComputation> Client::ComputeAward(const std::string& city,
                                                          const v1::AwardApplication& application) {
  v1::ComputeAwardRequest request;
  request.set_city(city);
  *request.mutable_application() = application;
  auto response = ComputeAward(request);
  if (!response.ok()) return response.status();
  return response->computation();
}

absl::StatusOr<v1::ApproveAwardResponse> Client::ApproveAward(
    const std::string& city, const std::string& request_id, const std::string& award_id,
    const v1::AwardApplication& application) {
  v1::ApproveAwardRequest request;
  request.set_city(city);
  request.set_request_id(request_id);
  request.set_award_id(award_id);
  *request.mutable_application() = application;
  return ApproveAward(request);
}

absl::StatusOr<v1::AwardResponse> Client::FileApplication(
    const v1::FileApplicationRequest& request) {
  return impl_->Call(*impl_->grants, &v1::GrantsService::Stub::FileApplication, request);
}

absl::StatusOr<v1::AwardResponse> Client::AssessTranche(const v1::AssessTrancheRequest& request) {
  return impl_->Call(*impl_->grants, &v1::GrantsService::Stub::AssessTranche, request);
}

absl::StatusOr<v1::AwardResponse> Client::RecordInvestment(
    const v1::RecordInvestmentRequest& request) {
  return impl_->Call(*impl_->grants, &v1::GrantsService::Stub::RecordInvestment, request);
}

absl::StatusOr<v1::HoldTranchesResponse> Client::HoldTranches(
    const v1::HoldTranchesRequest& request) {
  return impl_->Call(*impl_->grants, &v1::GrantsService::Stub::HoldTranches, request);
}

absl::StatusOr<v1::HoldTranchesResponse> Client::ReleaseTranches(
    const v1::HoldTranchesRequest& request) {
  return impl_->Call(*impl_->grants, &v1::GrantsService::Stub::ReleaseTranches, request);
}

absl::StatusOr<v1::AwardResponse> Client::ClawBackAward(const v1::ClawBackAwardRequest& request) {
  return impl_->Call(*impl_->grants, &v1::GrantsService::Stub::ClawBackAward, request);
}

absl::StatusOr<v1::DisburseAwardsResponse> Client::DisburseAwards(
    const v1::DisburseAwardsRequest& request) {
  return impl_->Call(*impl_->grants, &v1::GrantsService::Stub::DisburseAwards, request);
}

absl::StatusOr<v1::GetAwardResponse> Client::GetAward(const v1::GetAwardRequest& request) {
  return impl_->Call(*impl_->grants, &v1::GrantsService::Stub::GetAward, request);
}

absl::StatusOr<v1::ListAwardsResponse> Client::ListAwards(const v1::ListAwardsRequest& request) {
  return impl_->Call(*impl_->grants, &v1::GrantsService::Stub::ListAwards, request);
}

absl::StatusOr<v1::GetAwardHistoryResponse> Client::GetAwardHistory(
    const v1::GetAwardHistoryRequest& request) {
  return impl_->Call(*impl_->grants, &v1::GrantsService::Stub::GetAwardHistory, request);
}

absl::StatusOr<v1::GetCapUsageResponse> Client::GetCapUsage(
    const v1::GetCapUsageRequest& request) {
  return impl_->Call(*impl_->grants, &v1::GrantsService::Stub::GetCapUsage, request);
}

absl::StatusOr<v1::ReloadCataloguesResponse> Client::ReloadCatalogues(
    const v1::ReloadCataloguesRequest& request) {
  return impl_->Call(*impl_->grants, &v1::GrantsService::Stub::ReloadCatalogues, request);
}

}  // namespace innoledger
