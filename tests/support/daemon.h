#ifndef INNOLEDGER_TESTS_SUPPORT_DAEMON_H_
#define INNOLEDGER_TESTS_SUPPORT_DAEMON_H_

#include <sys/types.h>

#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "grpcpp/grpcpp.h"
#include "innoledger/v1/ledger.grpc.pb.h"

// Runs the real innoledgerd binary (path in $INNOLEDGERD, set by innoledger_add_test) for
// end-to-end tests: a fresh temporary data dir, port 0 read back through --port_file,
// insecure dev mode on 127.0.0.1.
namespace innoledger::testing {

struct DaemonOptions {
  std::vector<std::string> cities = {"urumqi", "changji", "shihezi"};
  std::vector<std::string> extra_flags;  // appended to the command line
  bool metrics = true;                   // serve /metrics on 127.0.0.1:0
  // Load the shipped voucher programmes (deploy/vouchers/, via $INNOLEDGER_SOURCE_DIR):
  // each city's voucher fund is opened at start (entry 1 of each chain).
  bool voucher_programmes = false;
  // Load the shipped Changji policy catalogue (deploy/policies/changji-2020.textproto).
  bool changji_catalogue = false;
  // mTLS: a directory made by deploy/certs/make-test-certs.sh (see MakeTestCertificates).
  // The daemon serves with <first city>-node.crt; channel() authenticates as zone-auditor.
  // Empty: --insecure_dev.
  std::string tls_dir;
  // Sanitizer builds start slowly on a busy 2-core box.
  absl::Duration start_timeout = absl::Seconds(60);
};

class Daemon {
 public:
  // Starts innoledgerd and waits until its health check says SERVING.
  static absl::StatusOr<std::unique_ptr<Daemon>> Start(DaemonOptions options = {});

  // Kills the daemon if it still runs and removes the temporary directory.
  ~Daemon();
  Daemon(const Daemon&) = delete;
  Daemon& operator=(const Daemon&) = delete;

  // SIGTERM, then waits for the exit: the exit code, or 128 + signal if a signal ended it.
  // DEADLINE_EXCEEDED (after a SIGKILL) if it did not exit within `timeout`.
  absl::StatusOr<int> Terminate(absl::Duration timeout = absl::Seconds(60));
  // SIGKILL and reap: a crash, as far as the daemon can tell.
  void Kill();
  // Starts the daemon again on the same data dir (after Terminate or Kill).
  absl::Status Restart();

  bool running() const { return pid_ > 0; }
  int port() const { return port_; }
  int metrics_port() const { return metrics_port_; }
  std::string address() const;
  const std::string& data_dir() const { return data_dir_; }
  std::shared_ptr<grpc::Channel> channel() const { return channel_; }
  std::unique_ptr<v1::LedgerService::Stub> NewStub() const;
  // mTLS only: a channel presenting <tls_dir>/<name>.crt (e.g. "changji-provider").
  std::shared_ptr<grpc::Channel> ChannelAs(const std::string& name) const;
  // Everything the daemon has printed, across restarts.
  std::string Log() const;

 private:
  Daemon(DaemonOptions options, std::string root);
  absl::Status Launch();
  absl::Status WaitUntilServing();
  std::vector<std::string> Arguments() const;

  DaemonOptions options_;
  std::string root_;  // temporary directory: data/, daemon.log, port files
  std::string data_dir_;
  pid_t pid_ = -1;
  int port_ = 0;
  int metrics_port_ = 0;
  std::shared_ptr<grpc::Channel> channel_;
};

// Runs deploy/certs/make-test-certs.sh into `dir` (cities urumqi, changji, shihezi).
absl::Status MakeTestCertificates(const std::string& dir);

// Makes test certificates in `certs_dir` and starts innoledgerd with mTLS on them.
absl::StatusOr<std::unique_ptr<Daemon>> StartWithMtls(const std::string& certs_dir);

// A TLS channel to `address` presenting <dir>/<name>.crt and trusting <dir>/ca.crt.
std::shared_ptr<grpc::Channel> TlsChannel(const std::string& address, const std::string& dir,
                                          const std::string& name);

struct ExitResult {
  int exit_code = -1;  // 128 + signal if a signal ended it
  std::string output;  // stdout and stderr
};

// Runs innoledgerd with exactly `args` until it exits, for start-up refusals. Kills it and
// returns DEADLINE_EXCEEDED if it is still running after `timeout`.
absl::StatusOr<ExitResult> RunDaemonToExit(const std::vector<std::string>& args,
                                           absl::Duration timeout = absl::Seconds(60));

// A client context naming `principal` (x-innoledger-principal) with a deadline `timeout`
// away; timeout zero sets no deadline.
std::unique_ptr<grpc::ClientContext> NewContext(absl::string_view principal = "admin:changji:ops",
                                                absl::Duration timeout = absl::Seconds(30));

// The city's finance bureau (an insecure-dev principal) moves `amount_fen` from a new
// appropriation account "appropriation/<fund>" into `fund_account`, opening the fund
// first when `open_fund` (the voucher funds are opened by innoledgerd itself).
absl::Status Appropriate(const std::shared_ptr<grpc::Channel>& channel, const std::string& city,
                         const std::string& fund_account, int64_t amount_fen,
                         bool open_fund = false);

// A loopback port that was free a moment ago, for a daemon that must listen on a port
// known in advance (a restart on the same port, peers of a per-city set-up).
int FreeLoopbackPort();

// Text-format VoucherProgrammes: one programme per city for the fiscal year it now is in
// China, with the shipped amounts (so a test depends neither on deploy/ nor on the date)
// and a one-hour hold timeout.
std::string ThisYearsVoucherProgrammes(const std::vector<std::string>& cities);

// GET http://127.0.0.1:port/path; the body of a 200 answer.
absl::StatusOr<std::string> HttpGet(int port, absl::string_view path);

// A fresh temporary directory (removed by the caller).
std::string MakeTempDir();

}  // namespace innoledger::testing

#endif  // INNOLEDGER_TESTS_SUPPORT_DAEMON_H_
