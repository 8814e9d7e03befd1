#include "services/common/peers.h"

#include <fstream>
#include <future>
#include <sstream>
#include <vector>

#include "absl/strings/str_cat.h"
#include "google/protobuf/message.h"
#include "grpcpp/generic/generic_stub.h"
#include "grpcpp/grpcpp.h"
#include "services/auth/identity.h"
#include "services/common/grpc_status.h"

namespace innoledger::services {
namespace {

absl::StatusOr<std::string> ReadFile(const std::string& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  if (!in || text.str().empty()) {
    return absl::InvalidArgumentError(absl::StrCat("cannot read '", path, "' for peer calls"));
  }
  return text.str();
}

// One call in flight: the context and buffers live until gRPC answers.
struct Pending {
  std::unique_ptr<grpc::GenericStub> stub;
  grpc::ClientContext context;
  grpc::ByteBuffer request;
  grpc::ByteBuffer response;
};

}  // namespace

absl::StatusOr<std::unique_ptr<PeerNodes>> PeerNodes::Create(const PeerOptions& options) {
  auto peers = std::make_unique<PeerNodes>();
  std::shared_ptr<grpc::ChannelCredentials> credentials = grpc::InsecureChannelCredentials();
  if (!options.cert_file.empty()) {
    grpc::SslCredentialsOptions ssl;
    absl::StatusOr<std::string> ca = ReadFile(options.ca_file);
    absl::StatusOr<std::string> cert = ReadFile(options.cert_file);
    absl::StatusOr<std::string> key = ReadFile(options.key_file);
    for (const auto* file : {&ca, &cert, &key}) {
      if (!file->ok()) return file->status();
    }
    ssl.pem_root_certs = *ca;
    ssl.pem_cert_chain = *cert;
    ssl.pem_private_key = *key;
    credentials = grpc::SslCredentials(ssl);
  } else {
    peers->dev_principal_ = options.dev_principal;
  }
  for (const auto& [city, address] : options.addresses) {
    peers->channels_[city] = grpc::CreateChannel(address, credentials);
  }
  return peers;
}

void PeerNodes::Call(const std::string& city, const std::string& method,
                     const std::string& on_behalf, const google::protobuf::Message& request,
                     google::protobuf::Message* response, absl::Time deadline,
                     absl::AnyInvocable<void(absl::Status) &&> done) const {
  auto channel = channels_.find(city);
  if (channel == channels_.end()) {
    return std::move(done)(absl::NotFoundError(absl::StrCat("no peer node serves ", city)));
  }
  auto pending = std::make_shared<Pending>();
  pending->context.set_deadline(absl::ToChronoTime(deadline));
  if (!dev_principal_.empty()) {
    pending->context.AddMetadata(std::string(auth::kPrincipalHeader), dev_principal_);
  }
  if (!on_behalf.empty()) {
    pending->context.AddMetadata(std::string(auth::kOnBehalfHeader), on_behalf);
  }
  grpc::Slice slice(request.SerializeAsString());
  pending->request = grpc::ByteBuffer(&slice, 1);
  pending->stub = std::make_unique<grpc::GenericStub>(channel->second);
  pending->stub->UnaryCall(&pending->context, method, grpc::StubOptions(), &pending->request,
                 &pending->response,
                 // gRPC wants a copyable callback; `done` runs once.
                 [pending, response,
                  done = std::make_shared<absl::AnyInvocable<void(absl::Status) &&>>(
                      std::move(done))](grpc::Status status) {
                   if (!status.ok()) return std::move(*done)(FromGrpcStatus(status));
                   std::vector<grpc::Slice> slices;
                   std::string bytes;
                   if (pending->response.Dump(&slices).ok()) {
                     for (const grpc::Slice& part : slices) {
                       bytes.append(reinterpret_cast<const char*>(part.begin()), part.size());
                     }
                   }
                   if (!response->ParseFromString(bytes)) {
                     return std::move(*done)(
                         absl::InternalError("a peer node's answer does not parse"));
                   }
                   std::move(*done)(absl::OkStatus());
                 });
}

absl::Status PeerNodes::CallAndWait(const std::string& city, const std::string& method,
                                    const std::string& on_behalf,
                                    const google::protobuf::Message& request,
                                    google::protobuf::Message* response,
                                    absl::Time deadline) const {
  std::promise<absl::Status> answered;
  Call(city, method, on_behalf, request, response, deadline,
       [&answered](absl::Status status) { answered.set_value(std::move(status)); });
  return answered.get_future().get();
}

}  // namespace innoledger::services
