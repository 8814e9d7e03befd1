#ifndef INNOLEDGER_SERVICES_SERVER_CONFIG_H_
#define INNOLEDGER_SERVICES_SERVER_CONFIG_H_

#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "innoledger/v1/config.pb.h"
#include "services/server/server.h"

// innoledgerd's command line and config file: the only place flags exist. Libraries take
// ServerOptions. Precedence: flag > config file > built-in default.
namespace innoledger::services {

struct Flags {
  std::optional<std::string> config;          // --config FILE (text-format DaemonConfig)
  std::optional<std::string> listen;          // --listen host:port
  std::optional<std::string> metrics_listen;  // --metrics_listen host:port ("" disables)
  std::optional<std::string> data_dir;        // --data_dir DIR
  std::optional<std::string> cities;          // --cities a,b,c
  std::optional<bool> insecure_dev;           // --insecure_dev[=true|false]
  std::optional<std::string> log_level;       // --log_level info
  std::optional<std::string> port_file;       // --port_file FILE: the bound gRPC port
  std::optional<std::string> metrics_port_file;  // --metrics_port_file FILE
  std::optional<std::string> tls_cert;        // --tls_cert FILE (PEM)
  std::optional<std::string> tls_key;         // --tls_key FILE (PEM)
  std::optional<std::string> tls_client_ca;   // --tls_client_ca FILE (PEM)
  std::optional<std::string> policies;        // --policies a.textproto,b.textproto
  std::optional<std::string> vouchers;        // --vouchers a.textproto,b.textproto
  std::optional<std::string> peers;           // --peers urumqi=127.0.0.1:7401,...
  bool help = false;                          // --help
};

// Parses arguments (without argv[0]): --name=value or --name value; a bool flag alone
// means true. Dashes and underscores in names are the same (--insecure-dev works too).
// INVALID_ARGUMENT naming the offending argument.
absl::StatusOr<Flags> ParseFlags(const std::vector<std::string>& args);

std::string Usage();

// Reads a text-format DaemonConfig; errors read "FILE:LINE:COLUMN: message".
absl::StatusOr<v1::DaemonConfig> LoadConfigFile(const std::string& path);

// The config file named by --config (if any) with every given flag applied over it.
absl::StatusOr<v1::DaemonConfig> BuildConfig(const Flags& flags);

// Checks a config and fills defaults. INVALID_ARGUMENT naming the field.
absl::StatusOr<ServerOptions> ToServerOptions(const v1::DaemonConfig& config);

}  // namespace innoledger::services

#endif  // INNOLEDGER_SERVICES_SERVER_CONFIG_H_
