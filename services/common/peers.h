#ifndef INNOLEDGER_SERVICES_COMMON_PEERS_H_
#define INNOLEDGER_SERVICES_COMMON_PEERS_H_

#include <map>
#include <memory>
#include <string>

#include "absl/functional/any_invocable.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"

namespace google::protobuf {
class Message;
}
namespace grpc {
class Channel;
}

namespace innoledger::services {

struct PeerOptions {
  std::map<std::string, std::string> addresses;  // city → "host:port" of its node
  // mTLS: this node's own certificate and key (its URI SAN names it a node of its city)
  // and the CA both sides trust. All empty: insecure dev, naming itself `dev_principal`.
  std::string cert_file;
  std::string key_file;
  std::string ca_file;
  std::string dev_principal;  // "node:<city>:<name>"
};

// The nodes of the cities this one does not host (per-city set-up), and calls to them on
// a caller's behalf (x-innoledger-on-behalf-of, honoured only from nodes: auth/identity.h).
// The peer's answer comes back as an absl::Status with its reason and metadata.
class PeerNodes {
 public:
  // INVALID_ARGUMENT when a TLS file cannot be read.
  static absl::StatusOr<std::unique_ptr<PeerNodes>> Create(const PeerOptions& options);

  bool Serves(const std::string& city) const { return channels_.count(city) > 0; }

  // Calls `method` ("/innoledger.v1.VouchersService/ReserveVoucher") on `city`'s node for
  // `on_behalf` ("role:city:entity"; "" for this node itself) until `deadline`; `done`
  // gets the status once `*response` is filled. `request` is serialised before return;
  // `response` must live until `done`.
  void Call(const std::string& city, const std::string& method, const std::string& on_behalf,
            const google::protobuf::Message& request, google::protobuf::Message* response,
            absl::Time deadline, absl::AnyInvocable<void(absl::Status) &&> done) const;
  // The same, waiting.
  absl::Status CallAndWait(const std::string& city, const std::string& method,
                           const std::string& on_behalf, const google::protobuf::Message& request,
                           google::protobuf::Message* response, absl::Time deadline) const;

  const std::map<std::string, std::shared_ptr<grpc::Channel>>& channels() const {
    return channels_;
  }

 private:
  std::map<std::string, std::shared_ptr<grpc::Channel>> channels_;
  std::string dev_principal_;
};

}  // namespace innoledger::services

#endif  // INNOLEDGER_SERVICES_COMMON_PEERS_H_
