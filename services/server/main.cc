// innoledgerd: one ledger node. See docs/operations.md.
#include <csignal>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/str_join.h"
#include "services/server/config.h"
#include "services/server/server.h"
#include "spdlog/spdlog.h"

namespace innoledger::services {
namespace {

// Exit codes: 0 after a graceful stop, 1 when the server could not start, 2 for a bad
// command line or config.
constexpr int kExitStartFailed = 1;
constexpr int kExitUsage = 2;

// Written to a temporary name and renamed, so a reader never sees a half-written port.
absl::Status WritePortFile(const std::string& path, int port) {
  const std::string temporary = path + ".tmp";
  {
    std::ofstream out(temporary, std::ios::trunc);
    out << port << "\n";
    if (!out.flush()) return absl::UnavailableError("cannot write " + temporary);
  }
  std::error_code error;
  std::filesystem::rename(temporary, path, error);
  if (error) return absl::UnavailableError("cannot rename to " + path + ": " + error.message());
  return absl::OkStatus();
}

// Termination signals are blocked in every thread (set before any thread starts, so all
// inherit the mask) and taken synchronously by main with sigwait: no async handler.
sigset_t TerminationSignals() {
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGTERM);
  sigaddset(&signals, SIGINT);
  return signals;
}

absl::StatusOr<ServerOptions> OptionsFromCommandLine(int argc, char** argv, Flags& flags) {
  absl::StatusOr<Flags> parsed = ParseFlags(std::vector<std::string>(argv + 1, argv + argc));
  if (!parsed.ok()) return parsed.status();
  flags = *parsed;
  if (flags.help) return ServerOptions{};
  absl::StatusOr<v1::DaemonConfig> config = BuildConfig(flags);
  if (!config.ok()) return config.status();
  const std::string level = config->log_level().empty() ? "info" : config->log_level();
  if (spdlog::level::from_str(level) == spdlog::level::off && level != "off") {
    return absl::InvalidArgumentError("unknown log_level '" + level + "'");
  }
  spdlog::set_level(spdlog::level::from_str(level));
  return ToServerOptions(*config);
}

absl::Status WritePortFiles(const Flags& flags, const Server& server) {
  if (flags.port_file) {
    if (auto status = WritePortFile(*flags.port_file, server.port()); !status.ok()) return status;
  }
  if (flags.metrics_port_file) {
    return WritePortFile(*flags.metrics_port_file, server.metrics_port());
  }
  return absl::OkStatus();
}

int Run(int argc, char** argv) {
  Flags flags;
  absl::StatusOr<ServerOptions> options = OptionsFromCommandLine(argc, argv, flags);
  if (!options.ok() || flags.help) {
    if (!options.ok()) std::fprintf(stderr, "innoledgerd: %s\n\n", options.status().ToString().c_str());
    std::fputs(Usage().c_str(), options.ok() ? stdout : stderr);
    return options.ok() ? 0 : kExitUsage;
  }
  const sigset_t signals = TerminationSignals();
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
  const std::string cities = absl::StrJoin(options->ledger.cities, ",");
  const std::string data_dir = options->ledger.data_dir;
  absl::StatusOr<std::unique_ptr<Server>> server = Server::Create(*std::move(options));
  if (!server.ok()) {
    spdlog::critical("innoledgerd cannot start: {}", server.status().ToString());
    return kExitStartFailed;
  }
  spdlog::info("innoledgerd serving cities [{}] from data dir {} on port {} (metrics port {})",
               cities, data_dir, (*server)->port(), (*server)->metrics_port());
  if (absl::Status written = WritePortFiles(flags, **server); !written.ok()) {
    spdlog::critical("{}", written.ToString());
    return kExitStartFailed;
  }
  int signal_number = 0;
  sigwait(&signals, &signal_number);
  spdlog::info("signal {}: stopping (in-flight calls finish, queued writes commit)",
               signal_number);
  (*server)->Shutdown();
  spdlog::info("innoledgerd stopped cleanly");
  return 0;
}

}  // namespace
}  // namespace innoledger::services

int main(int argc, char** argv) { return innoledger::services::Run(argc, argv); }
