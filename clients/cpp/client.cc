#include "innoledger/client.h"

#include <fstream>
#include <sstream>
#include <thread>

#include "absl/strings/str_cat.h"
#include "grpcpp/grpcpp.h"
#include "innoledger/v1/grants.grpc.pb.h"
#include "innoledger/v1/ledger.grpc.pb.h"
#include "services/common/grpc_status.h"

namespace innoledger {
namespace {

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

  // Runs `call` with a fresh context per attempt; retries what a retry can fix. Writes are
  // safe to retry because their request id is the same on every attempt.
  template <typename Call>
  absl::Status Run(Call call) {
    grpc::Status status;
    for (int attempt = 0; attempt < options.max_attempts; ++attempt) {
      grpc::ClientContext context;
      context.set_deadline(absl::ToChronoTime(absl::Now() + options.deadline));
      if (!options.insecure_dev_principal.empty()) {
        context.AddMetadata("x-innoledger-principal", options.insecure_dev_principal);
      }
      status = call(&context);
      const bool retry = status.error_code() == grpc::UNAVAILABLE ||
                         status.error_code() == grpc::DEADLINE_EXCEEDED;
      if (!retry) break;
      std::this_thread::sleep_for(std::chrono::milliseconds(50 << attempt));
    }
    return services::FromGrpcStatus(status);
  }
};

Client::Client(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Client::~Client() = default;

absl::StatusOr<std::unique_ptr<Client>> Client::Connect(const ClientOptions& options) {
  auto credentials = Credentials(options);
  if (!credentials.ok()) return credentials.status();
  auto channel = grpc::CreateChannel(options.target, *credentials);
  auto impl = std::make_unique<Impl>();
  impl->options = options;
  impl->ledger = v1::LedgerService::NewStub(channel);
  impl->grants = v1::GrantsService::NewStub(channel);
  return std::unique_ptr<Client>(new Client(std::move(impl)));
}

absl::StatusOr<v1::Head> Client::GetHead(const std::string& city) {
  v1::GetHeadRequest request;
  request.set_city(city);
  v1::GetHeadResponse response;
  absl::Status status = impl_->Run(
      [&](grpc::ClientContext* context) { return impl_->ledger->GetHead(context, request, &response); });
  if (!status.ok()) return status;
  return response.head();
}

absl::StatusOr<v1::VerifyRangeResponse> Client::VerifyRange(const std::string& city,
                                                            uint64_t from_sequence,
                                                            uint64_t to_sequence) {
  v1::VerifyRangeRequest request;
  request.set_city(city);
  request.set_from_sequence(from_sequence);
  request.set_to_sequence(to_sequence);
  v1::VerifyRangeResponse response;
  absl::Status status = impl_->Run([&](grpc::ClientContext* context) {
    return impl_->ledger->VerifyRange(context, request, &response);
  });
  if (!status.ok()) return status;
  return response;
}

absl::StatusOr<v1::AwardComputation> Client::ComputeAward(const std::string& city,
                                                          const v1::AwardApplication& application) {
  v1::ComputeAwardRequest request;
  request.set_city(city);
  *request.mutable_application() = application;
  v1::ComputeAwardResponse response;
  absl::Status status = impl_->Run([&](grpc::ClientContext* context) {
    return impl_->grants->ComputeAward(context, request, &response);
  });
  if (!status.ok()) return status;
  return response.computation();
}

absl::StatusOr<v1::ApproveAwardResponse> Client::ApproveAward(
    const std::string& city, const std::string& request_id, const std::string& award_id,
    const v1::AwardApplication& application) {
  v1::ApproveAwardRequest request;
  request.set_city(city);
  request.set_request_id(request_id);
  request.set_award_id(award_id);
  *request.mutable_application() = application;
  v1::ApproveAwardResponse response;
  absl::Status status = impl_->Run([&](grpc::ClientContext* context) {
    return impl_->grants->ApproveAward(context, request, &response);
  });
  if (!status.ok()) return status;
  return response;
}

}  // namespace innoledger
