#ifndef INNOLEDGER_CLIENTS_CPP_INNOLEDGER_CLIENT_H_
#define INNOLEDGER_CLIENTS_CPP_INNOLEDGER_CLIENT_H_

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"

namespace grpc {
class Channel;
}
namespace innoledger::v1 {
class Head;
class VerifyRangeResponse;
class AwardApplication;
class AwardComputation;
class ApproveAwardResponse;
}  // namespace innoledger::v1

namespace innoledger {

struct ClientOptions {
  std::string target = "127.0.0.1:7400";
  // mTLS (the default): the CA that signed the node's certificate, and this client's
  // certificate and key (PEM files). The certificate's URI SAN is who you are.
  std::string ca_file;
  std::string cert_file;
  std::string key_file;
  // Development only (a node started with --insecure_dev): no TLS, and this principal
  // "role:city:entity" sent in the x-innoledger-principal header.
  std::string insecure_dev_principal;
  absl::Duration deadline = absl::Seconds(10);  // per call
  int max_attempts = 4;  // UNAVAILABLE / DEADLINE_EXCEEDED are retried (same request id)
};

// A connection to innoledgerd. Errors are absl::Status with the server's code, message,
// and reason/metadata (innoledger::ErrorReason / ErrorMetadata). Writes carry a request id
// and are retried with the same one, so a retry can never pay twice. Thread-safe.
class Client {
 public:
  // INVALID_ARGUMENT when the options are incomplete or a file cannot be read.
  static absl::StatusOr<std::unique_ptr<Client>> Connect(const ClientOptions& options);
  ~Client();

  absl::StatusOr<v1::Head> GetHead(const std::string& city);
  absl::StatusOr<v1::VerifyRangeResponse> VerifyRange(const std::string& city,
                                                      uint64_t from_sequence = 0,
                                                      uint64_t to_sequence = 0);
  absl::StatusOr<v1::AwardComputation> ComputeAward(const std::string& city,
                                                    const v1::AwardApplication& application);
  absl::StatusOr<v1::ApproveAwardResponse> ApproveAward(const std::string& city,
                                                        const std::string& request_id,
                                                        const std::string& award_id,
                                                        const v1::AwardApplication& application);

 private:
  struct Impl;
  explicit Client(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace innoledger

#endif  // INNOLEDGER_CLIENTS_CPP_INNOLEDGER_CLIENT_H_
