#include "tests/support/daemon.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>

#include "absl/strings/match.h"
#include "absl/time/clock.h"
#include "common/china_time.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/strip.h"
#include "absl/time/clock.h"
#include "grpc/health/v1/health.grpc.pb.h"

extern char** environ;

namespace innoledger::testing {
namespace {

constexpr absl::Duration kPollInterval = absl::Milliseconds(20);

std::string DaemonPath() {
  const char* path = std::getenv("INNOLEDGERD");
  return path != nullptr ? path : "innoledgerd";
}

std::string ReadFile(const std::string& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// posix_spawn, not fork: the test process runs gRPC threads, and only exec-right-away is
// safe in a forked copy of a threaded process.
absl::StatusOr<pid_t> Spawn(const std::vector<std::string>& args, const std::string& log_path) {
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, log_path.c_str(),
                                   O_WRONLY | O_CREAT | O_APPEND, 0644);
  posix_spawn_file_actions_adddup2(&actions, STDOUT_FILENO, STDERR_FILENO);
  std::vector<char*> argv;
  for (const std::string& arg : args) argv.push_back(const_cast<char*>(arg.c_str()));
  argv.push_back(nullptr);
  pid_t pid = -1;
  const int error = posix_spawn(&pid, argv[0], &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  if (error != 0) {
    return absl::InternalError(absl::StrCat("cannot start ", args[0], ": ", std::strerror(error)));
  }
  return pid;
}

// The exit code, 128 + signal for a signal, or nullopt while still running.
std::optional<int> Reap(pid_t pid, bool block) {
  int status = 0;
  const pid_t done = waitpid(pid, &status, block ? 0 : WNOHANG);
  if (done == 0) return std::nullopt;
  if (done < 0) return -1;
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

absl::StatusOr<int> WaitForExit(pid_t pid, absl::Duration timeout) {
  const absl::Time deadline = absl::Now() + timeout;
  while (absl::Now() < deadline) {
    if (std::optional<int> code = Reap(pid, false)) return *code;
    absl::SleepFor(kPollInterval);
  }
  kill(pid, SIGKILL);
  Reap(pid, true);
  return absl::DeadlineExceededError(absl::StrCat("innoledgerd did not exit within ", absl::FormatDuration(timeout)));
}

std::optional<int> ReadPort(const std::string& path) {
  int port = 0;
  if (!std::filesystem::exists(path)) return std::nullopt;
  if (!absl::SimpleAtoi(absl::StripAsciiWhitespace(ReadFile(path)), &port)) return std::nullopt;
  return port;
}

}  // namespace

std::string MakeTempDir() {
  std::string pattern = (std::filesystem::temp_directory_path() / "innoledger-test-XXXXXX").string();
  if (mkdtemp(pattern.data()) == nullptr) std::abort();  // the test cannot run at all
  return pattern;
}

Daemon::Daemon(DaemonOptions options, std::string root)
    : options_(std::move(options)), root_(std::move(root)), data_dir_(root_ + "/data") {}

Daemon::~Daemon() {
  Kill();
  std::error_code ignored;
  std::filesystem::remove_all(root_, ignored);
}

absl::StatusOr<std::unique_ptr<Daemon>> Daemon::Start(DaemonOptions options) {
  std::unique_ptr<Daemon> daemon(new Daemon(std::move(options), MakeTempDir()));
  if (absl::Status launched = daemon->Launch(); !launched.ok()) return launched;
  return daemon;
}

std::vector<std::string> Daemon::Arguments() const {
  std::vector<std::string> args = {DaemonPath(),
                                   "--listen=127.0.0.1:0",
                                   "--data_dir=" + data_dir_,
                                   "--cities=" + absl::StrJoin(options_.cities, ","),
                                   "--port_file=" + root_ + "/port"};
  if (options_.tls_dir.empty()) {
    args.push_back("--insecure_dev");
  } else {
    const std::string node = options_.tls_dir + "/" + options_.cities.front() + "-node";
    args.push_back("--tls_cert=" + node + ".crt");
    args.push_back("--tls_key=" + node + ".key");
    args.push_back("--tls_client_ca=" + options_.tls_dir + "/ca.crt");
  }
  if (options_.metrics) {
    args.push_back("--metrics_listen=127.0.0.1:0");
    args.push_back("--metrics_port_file=" + root_ + "/metrics_port");
  }
  const char* source = std::getenv("INNOLEDGER_SOURCE_DIR");
  if (options_.voucher_programmes && source != nullptr) {
    std::vector<std::string> files;
    for (const char* city : {"urumqi", "changji", "shihezi"}) {
      files.push_back(absl::StrCat(source, "/deploy/vouchers/", city, ".textproto"));
    }
    args.push_back("--vouchers=" + absl::StrJoin(files, ","));
  }
  if (options_.changji_catalogue && source != nullptr) {
    args.push_back(absl::StrCat("--policies=", source, "/deploy/policies/changji-2020.textproto"));
  }
  args.insert(args.end(), options_.extra_flags.begin(), options_.extra_flags.end());
  return args;
}

absl::Status Daemon::Launch() {
  std::filesystem::remove(root_ + "/port");
  std::filesystem::remove(root_ + "/metrics_port");
  absl::StatusOr<pid_t> pid = Spawn(Arguments(), root_ + "/daemon.log");
  if (!pid.ok()) return pid.status();
  pid_ = *pid;
  // The port file appears once the server is bound and serving.
  const absl::Time deadline = absl::Now() + options_.start_timeout;
  std::optional<int> port;
  while (!(port = ReadPort(root_ + "/port"))) {
    if (std::optional<int> code = Reap(pid_, false)) {
      pid_ = -1;
      return absl::FailedPreconditionError(
          absl::StrCat("innoledgerd exited with ", *code, " while starting:\n", Log()));
    }
    if (absl::Now() > deadline) return absl::DeadlineExceededError("innoledgerd did not start:\n" + Log());
    absl::SleepFor(kPollInterval);
  }
  port_ = *port;
  metrics_port_ = options_.metrics ? ReadPort(root_ + "/metrics_port").value_or(0) : 0;
  channel_ = options_.tls_dir.empty()
                 ? grpc::CreateChannel(address(), grpc::InsecureChannelCredentials())
                 : ChannelAs("zone-auditor");
  return WaitUntilServing();
}

absl::Status Daemon::WaitUntilServing() {
  auto health = grpc::health::v1::Health::NewStub(channel_);
  const absl::Time deadline = absl::Now() + options_.start_timeout;
  while (absl::Now() < deadline) {
    grpc::ClientContext context;
    context.set_deadline(absl::ToChronoTime(absl::Now() + absl::Seconds(2)));
    grpc::health::v1::HealthCheckRequest request;
    grpc::health::v1::HealthCheckResponse response;
    if (health->Check(&context, request, &response).ok() &&
        response.status() == grpc::health::v1::HealthCheckResponse::SERVING) {
      return absl::OkStatus();
    }
    absl::SleepFor(kPollInterval);
  }
  return absl::DeadlineExceededError("innoledgerd never reported SERVING:\n" + Log());
}

absl::StatusOr<int> Daemon::Terminate(absl::Duration timeout) {
  if (pid_ <= 0) return absl::FailedPreconditionError("innoledgerd is not running");
  kill(pid_, SIGTERM);
  absl::StatusOr<int> code = WaitForExit(pid_, timeout);
  pid_ = -1;
  return code;
}

void Daemon::Kill() {
  if (pid_ <= 0) return;
  kill(pid_, SIGKILL);
  Reap(pid_, true);
  pid_ = -1;
}

absl::Status Daemon::Restart() {
  if (pid_ > 0) return absl::FailedPreconditionError("innoledgerd is still running");
  return Launch();
}

std::string Daemon::address() const { return absl::StrCat("127.0.0.1:", port_); }

std::shared_ptr<grpc::Channel> Daemon::ChannelAs(const std::string& name) const {
  return TlsChannel(address(), options_.tls_dir, name);
}

absl::Status MakeTestCertificates(const std::string& dir) {
  const char* source = std::getenv("INNOLEDGER_SOURCE_DIR");
  if (source == nullptr) return absl::FailedPreconditionError("run through ctest");
  const std::string command = absl::StrCat("bash ", source, "/deploy/certs/make-test-certs.sh ",
                                           dir, " >/dev/null");
  if (std::system(command.c_str()) != 0) {
    return absl::InternalError(absl::StrCat("failed: ", command));
  }
  return absl::OkStatus();
}

absl::StatusOr<std::unique_ptr<Daemon>> StartWithMtls(const std::string& certs_dir) {
  if (absl::Status made = MakeTestCertificates(certs_dir); !made.ok()) return made;
  DaemonOptions options;
  options.tls_dir = certs_dir;
  return Daemon::Start(options);
}

std::shared_ptr<grpc::Channel> TlsChannel(const std::string& address, const std::string& dir,
                                          const std::string& name) {
  grpc::SslCredentialsOptions ssl;
  ssl.pem_root_certs = ReadFile(dir + "/ca.crt");
  if (!name.empty()) {
    ssl.pem_cert_chain = ReadFile(dir + "/" + name + ".crt");
    ssl.pem_private_key = ReadFile(dir + "/" + name + ".key");
  }
  grpc::ChannelArguments args;
  args.SetInt("grpc.use_local_subchannel_pool", 1);  // one handshake per identity
  return grpc::CreateCustomChannel(address, grpc::SslCredentials(ssl), args);
}

std::unique_ptr<v1::LedgerService::Stub> Daemon::NewStub() const {
  return v1::LedgerService::NewStub(channel_);
}

std::string Daemon::Log() const { return ReadFile(root_ + "/daemon.log"); }

absl::StatusOr<ExitResult> RunDaemonToExit(const std::vector<std::string>& args,
                                           absl::Duration timeout) {
  const std::string root = MakeTempDir();
  std::vector<std::string> argv = {DaemonPath()};
  argv.insert(argv.end(), args.begin(), args.end());
  absl::StatusOr<pid_t> pid = Spawn(argv, root + "/output");
  absl::StatusOr<int> code = pid.ok() ? WaitForExit(*pid, timeout) : pid.status();
  ExitResult result{code.value_or(-1), ReadFile(root + "/output")};
  std::filesystem::remove_all(root);
  if (!code.ok()) {
    return absl::Status(code.status().code(),
                        absl::StrCat(code.status().message(), "\n", result.output));
  }
  return result;
}

std::unique_ptr<grpc::ClientContext> NewContext(absl::string_view principal,
                                                absl::Duration timeout) {
  auto context = std::make_unique<grpc::ClientContext>();
  if (!principal.empty()) context->AddMetadata("x-innoledger-principal", std::string(principal));
  if (timeout > absl::ZeroDuration()) context->set_deadline(absl::ToChronoTime(absl::Now() + timeout));
  return context;
}

absl::Status Appropriate(const std::shared_ptr<grpc::Channel>& channel, const std::string& city,
                         const std::string& fund_account, int64_t amount_fen, bool open_fund) {
  v1::SubmitTransactionRequest request;
  request.set_city(city);
  request.set_request_id(absl::StrCat("appropriate/", fund_account, "/", amount_fen));
  request.set_kind("fund.appropriate");
  const std::string appropriation = "appropriation/" + fund_account;
  auto* source = request.add_open_accounts();
  source->set_id(appropriation);
  source->set_type(v1::ACCOUNT_TYPE_APPROPRIATION);
  if (open_fund) {
    auto* fund = request.add_open_accounts();
    fund->set_id(fund_account);
    fund->set_type(v1::ACCOUNT_TYPE_FUND);
  }
  auto* out = request.add_postings();
  out->set_account(appropriation);
  out->set_amount_fen(-amount_fen);
  auto* in = request.add_postings();
  in->set_account(fund_account);
  in->set_amount_fen(amount_fen);
  v1::SubmitTransactionResponse response;
  grpc::Status status = v1::LedgerService::NewStub(channel)->SubmitTransaction(
      NewContext(absl::StrCat("finance:", city, ":treasury")).get(), request, &response);
  if (status.ok()) return absl::OkStatus();
  return absl::Status(static_cast<absl::StatusCode>(status.error_code()),
                      absl::StrCat("appropriation to ", city, "/", fund_account, ": ",
                                   status.error_message()));
}

int FreeLoopbackPort() {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t length = sizeof address;
  bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address);
  getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length);
  close(fd);
  return ntohs(address.sin_port);
}

std::string ThisYearsVoucherProgrammes(const std::vector<std::string>& cities) {
  std::string text;
  for (const std::string& city : cities) {
    absl::StrAppend(&text, "programme {\n  city: \"", city, "\"\n  fiscal_year: ",
                    FiscalYearOf(absl::Now()), "\n  fund_account: \"fund/vouchers\"\n",
                    "  face_values_fen: [500000, 1000000, 2000000, 5000000]\n"
                    "  yearly_quota_fen: 10000000\n  max_per_claim_fen: 2000000\n"
                    "  max_contract_share_bp: 5000\n"
                    "  categories: [SERVICE_CATEGORY_RESEARCH_DEVELOPMENT, "
                    "SERVICE_CATEGORY_CONSULTING, SERVICE_CATEGORY_TESTING]\n"
                    "  unspent_returns_to_fund: true\n  hold_timeout_seconds: 3600\n"
                    "  require_sme: true\n}\n");
  }
  return text;
}

absl::StatusOr<std::string> HttpGet(int port, absl::string_view path) {
  const int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return absl::InternalError("socket() failed");
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(static_cast<uint16_t>(port));
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  std::string answer;
  if (connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof(address)) == 0) {
    // HTTP/1.0: the server closes the connection after the answer, so read to EOF.
    const std::string request = absl::StrCat("GET ", path, " HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n");
    if (write(fd, request.data(), request.size()) == static_cast<ssize_t>(request.size())) {
      char buffer[4096];
      for (ssize_t n; (n = read(fd, buffer, sizeof(buffer))) > 0;) answer.append(buffer, n);
    }
  }
  close(fd);
  if (!absl::StartsWith(answer, "HTTP/1.1 200") && !absl::StartsWith(answer, "HTTP/1.0 200")) {
    return absl::UnavailableError(absl::StrCat("GET ", path, " on port ", port, ": ", answer.substr(0, 200)));
  }
  const size_t body = answer.find("\r\n\r\n");
  return body == std::string::npos ? std::string() : answer.substr(body + 4);
}

}  // namespace innoledger::testing
