// Uses the installed SDK the way a provider's program would, against a port where nothing
// listens: the options are accepted, and the call fails cleanly with UNAVAILABLE after its
// retries instead of hanging or crashing.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdio>
#include <string>

#include "common/errors.h"
#include "innoledger/client.h"
#include "innoledger/v1/vouchers.pb.h"

namespace {

int Check(bool ok, const char* what) {
  std::printf("%s: %s\n", ok ? "ok" : "FAILED", what);
  return ok ? 0 : 1;
}

}  // namespace

int main() {
  // A socket bound but never listening keeps its port closed and ours: connections to it
  // are refused, and no other process can take the port meanwhile.
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t length = sizeof address;
  if (fd < 0 || bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0 ||
      getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) != 0) {
    std::perror("bind");
    return 1;
  }

  int failures = 0;
  innoledger::ClientOptions options;
  failures += Check(!innoledger::Client::Connect(options).ok(),
                    "options without certificates or a dev principal are refused");

  options.target = "127.0.0.1:" + std::to_string(ntohs(address.sin_port));
  options.insecure_dev_principal = "provider:changji:91652301MA78XXXX1X";
  options.max_attempts = 2;
  options.deadline = absl::Seconds(5);
  auto client = innoledger::Client::Connect(options);
  failures += Check(client.ok(), "Connect is lazy");
  if (!client.ok()) return 1;
  innoledger::v1::GetVoucherRequest request;
  request.set_voucher_id("changji-2026-000001");
  auto answer = (*client)->GetVoucher(request);
  failures += Check(answer.status().code() == absl::StatusCode::kUnavailable,
                    "a closed port answers UNAVAILABLE");
  failures += Check(innoledger::ErrorReason(answer.status()).empty(),
                    "a transport error carries no server reason");
  failures += Check(innoledger::Client::NewRequestId().size() == 32, "request ids are 128 bits");
  close(fd);
  return failures == 0 ? 0 : 1;
}
