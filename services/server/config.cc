#include "services/server/config.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <functional>
#include <map>
#include <utility>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "common/status_macros.h"
#include "google/protobuf/io/tokenizer.h"
#include "google/protobuf/io/zero_copy_stream_impl.h"
#include "google/protobuf/text_format.h"

namespace innoledger::services {
namespace {

using StringFlag = std::optional<std::string> Flags::*;

const std::map<std::string, StringFlag>& StringFlags() {
  static const auto* flags = new std::map<std::string, StringFlag>{
      {"config", &Flags::config},         {"listen", &Flags::listen},
      {"metrics_listen", &Flags::metrics_listen}, {"data_dir", &Flags::data_dir},
      {"cities", &Flags::cities},         {"log_level", &Flags::log_level},
      {"port_file", &Flags::port_file},   {"metrics_port_file", &Flags::metrics_port_file},
      {"tls_cert", &Flags::tls_cert},     {"tls_key", &Flags::tls_key},
      {"tls_client_ca", &Flags::tls_client_ca}, {"policies", &Flags::policies},
      {"vouchers", &Flags::vouchers}, {"peers", &Flags::peers}};
  return *flags;
}

absl::StatusOr<bool> ParseBool(const std::string& name, const std::optional<std::string>& value) {
  if (!value || *value == "true" || *value == "1") return true;
  if (*value == "false" || *value == "0") return false;
  return absl::InvalidArgumentError(absl::StrCat("--", name, " takes true or false, not '",
                                                 *value, "'"));
}

// Applies one "--name[=value]" (value possibly taken from the next argument).
absl::Status ApplyFlag(Flags& flags, const std::vector<std::string>& args, size_t& i) {
  absl::string_view arg = args[i];
  if (!absl::ConsumePrefix(&arg, "--") && !absl::ConsumePrefix(&arg, "-")) {
    return absl::InvalidArgumentError(absl::StrCat("unexpected argument '", args[i], "'"));
  }
  std::pair<std::string, std::optional<std::string>> parsed;
  const size_t equals = arg.find('=');
  parsed.first = std::string(arg.substr(0, equals));
  if (equals != absl::string_view::npos) parsed.second = std::string(arg.substr(equals + 1));
  auto& [name, value] = parsed;
  std::replace(name.begin(), name.end(), '-', '_');
  if (name == "help") return (flags.help = true, absl::OkStatus());
  if (name == "insecure_dev") {
    ASSIGN_OR_RETURN(flags.insecure_dev, ParseBool(name, value));
    return absl::OkStatus();
  }
  auto it = StringFlags().find(name);
  if (it == StringFlags().end()) {
    return absl::InvalidArgumentError(absl::StrCat("unknown flag '", args[i], "' (see --help)"));
  }
  if (!value) {
    if (i + 1 >= args.size()) return absl::InvalidArgumentError(absl::StrCat("--", name, " needs a value"));
    value = args[++i];
  }
  flags.*(it->second) = std::move(value);
  return absl::OkStatus();
}

// Collects protobuf's text-format errors as "FILE:LINE:COLUMN: message".
class ErrorCollector final : public google::protobuf::io::ErrorCollector {
 public:
  explicit ErrorCollector(std::string path) : path_(std::move(path)) {}
  void AddError(int line, google::protobuf::io::ColumnNumber column,
                const std::string& message) override {
    errors_.push_back(absl::StrCat(path_, ":", line + 1, ":", column + 1, ": ", message));
  }
  std::string errors() const { return absl::StrJoin(errors_, "\n"); }

 private:
  std::string path_;
  std::vector<std::string> errors_;
};

absl::Status CheckNonNegative(absl::string_view field, int64_t value) {
  if (value < 0) return absl::InvalidArgumentError(absl::StrCat(field, " must not be negative"));
  return absl::OkStatus();
}

absl::Status CheckLimits(const v1::DaemonConfig& config) {
  RETURN_IF_ERROR(CheckNonNegative("max_batch_commands", config.max_batch_commands()));
  RETURN_IF_ERROR(CheckNonNegative("max_queued_commands", config.max_queued_commands()));
  RETURN_IF_ERROR(CheckNonNegative("max_message_bytes", config.max_message_bytes()));
  RETURN_IF_ERROR(CheckNonNegative("shutdown_grace_seconds", config.shutdown_grace_seconds()));
  RETURN_IF_ERROR(CheckNonNegative("expiry_sweep_interval_ms", config.expiry_sweep_interval_ms()));
  RETURN_IF_ERROR(
      CheckNonNegative("verify_tail_entries_on_open", config.verify_tail_entries_on_open()));
  RETURN_IF_ERROR(CheckNonNegative("cached_records", config.cached_records()));
  RETURN_IF_ERROR(CheckNonNegative("max_wal_mib", config.max_wal_mib()));
  RETURN_IF_ERROR(CheckNonNegative("wal_spare_mib", config.wal_spare_mib()));
  for (auto [field, value] : {std::pair{"max_in_flight_per_principal",
                                        config.max_in_flight_per_principal()},
                              std::pair{"rate_per_principal_per_second",
                                        config.rate_per_principal_per_second()},
                              std::pair{"rate_burst_per_principal",
                                        config.rate_burst_per_principal()}}) {
    if (value < -1) {
      return absl::InvalidArgumentError(absl::StrCat(field, " must be -1 (none), 0 or more"));
    }
  }
  return absl::OkStatus();
}

absl::Status CheckRequired(const v1::DaemonConfig& config) {
  if (config.listen_address().empty()) {
    return absl::InvalidArgumentError("listen_address is required (config or --listen)");
  }
  if (config.data_dir().empty()) {
    return absl::InvalidArgumentError("data_dir is required (config or --data_dir)");
  }
  if (config.cities().empty()) {
    return absl::InvalidArgumentError("at least one city is required (config or --cities)");
  }
  return absl::OkStatus();
}

// 0 in the config means "the built-in default".
template <typename T>
T OrDefault(T value, T fallback) {
  return value == 0 ? fallback : value;
}

// For limits, -1 also means "none" (0 inside LimiterOptions).
int LimitOrDefault(int value, int fallback) { return value < 0 ? 0 : OrDefault(value, fallback); }

}  // namespace

absl::StatusOr<Flags> ParseFlags(const std::vector<std::string>& args) {
  Flags flags;
  for (size_t i = 0; i < args.size(); ++i) RETURN_IF_ERROR(ApplyFlag(flags, args, i));
  return flags;
}

std::string Usage() {
  return "usage: innoledgerd --config FILE [flags]\n"
         "  --config FILE            text-format innoledger.v1.DaemonConfig\n"
         "  --listen HOST:PORT       gRPC address (port 0: any free port)\n"
         "  --metrics_listen HOST:PORT  Prometheus /metrics on loopback (\"\": off)\n"
         "  --data_dir DIR           RocksDB directory\n"
         "  --cities a,b,c           partitions to host\n"
         "  --tls_cert FILE          this node's certificate (PEM); with --tls_key\n"
         "  --tls_key FILE           its private key (PEM)\n"
         "  --tls_client_ca FILE     CA that signs client certificates (mTLS, required)\n"
         "  --policies a,b           policy catalogues to load (replaces the file's list)\n"
         "  --vouchers a,b           voucher programme files to load (replaces the file's list)\n"
         "  --peers c=H:P,...        other cities' nodes, per-city set-up (replaces the file's)\n"
         "  --insecure_dev[=BOOL]    no TLS; identities from x-innoledger-principal; loopback only\n"
         "  --log_level LEVEL        trace, debug, info, warn, error\n"
         "  --port_file FILE         write the bound gRPC port once serving\n"
         "  --metrics_port_file FILE write the bound metrics port once serving\n"
         "Flags override the config file. SIGTERM or SIGINT stops gracefully (exit 0).\n";
}

absl::StatusOr<v1::DaemonConfig> LoadConfigFile(const std::string& path) {
  const int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return absl::NotFoundError(absl::StrCat("cannot open config file ", path));
  google::protobuf::io::FileInputStream input(fd);
  input.SetCloseOnDelete(true);
  ErrorCollector errors(path);
  google::protobuf::TextFormat::Parser parser;
  parser.RecordErrorsTo(&errors);
  v1::DaemonConfig config;
  if (!parser.Parse(&input, &config)) {
    return absl::InvalidArgumentError(absl::StrCat("bad config file:\n", errors.errors()));
  }
  return config;
}

// A comma-separated flag replaces the config file's list.
static void SetList(absl::string_view flag, google::protobuf::RepeatedPtrField<std::string>* list) {
  list->Clear();
  for (absl::string_view item : absl::StrSplit(flag, ',', absl::SkipEmpty())) {
    *list->Add() = std::string(absl::StripAsciiWhitespace(item));
  }
}

absl::StatusOr<v1::DaemonConfig> BuildConfig(const Flags& flags) {
  v1::DaemonConfig config;
  if (flags.config) {
    ASSIGN_OR_RETURN(config, LoadConfigFile(*flags.config));
  }
  if (flags.listen) config.set_listen_address(*flags.listen);
  if (flags.metrics_listen) config.set_metrics_listen_address(*flags.metrics_listen);
  if (flags.data_dir) config.set_data_dir(*flags.data_dir);
  if (flags.cities) SetList(*flags.cities, config.mutable_cities());
  if (flags.insecure_dev) config.set_insecure_dev(*flags.insecure_dev);
  if (flags.log_level) config.set_log_level(*flags.log_level);
  if (flags.tls_cert) config.set_tls_cert_file(*flags.tls_cert);
  if (flags.tls_key) config.set_tls_key_file(*flags.tls_key);
  if (flags.tls_client_ca) config.set_tls_client_ca_file(*flags.tls_client_ca);
  if (flags.policies) SetList(*flags.policies, config.mutable_policy_catalogues());
  if (flags.vouchers) SetList(*flags.vouchers, config.mutable_voucher_programmes());
  if (flags.peers) {
    config.clear_peers();
    for (absl::string_view item : absl::StrSplit(*flags.peers, ',', absl::SkipEmpty())) {
      std::pair<std::string, std::string> peer = absl::StrSplit(item, absl::MaxSplits('=', 1));
      if (peer.first.empty() || peer.second.empty()) {
        return absl::InvalidArgumentError(
            absl::StrCat("--peers takes city=host:port,...; '", item, "' is not"));
      }
      v1::Peer* added = config.add_peers();
      added->set_city(std::string(absl::StripAsciiWhitespace(peer.first)));
      added->set_address(std::string(absl::StripAsciiWhitespace(peer.second)));
    }
  }
  return config;
}

absl::StatusOr<ServerOptions> ToServerOptions(const v1::DaemonConfig& config) {
  RETURN_IF_ERROR(CheckRequired(config));
  RETURN_IF_ERROR(CheckLimits(config));
  ServerOptions options;
  options.listen_address = config.listen_address();
  options.metrics_listen_address = config.metrics_listen_address();
  options.insecure_dev = config.insecure_dev();
  options.max_message_bytes = OrDefault(config.max_message_bytes(), options.max_message_bytes);
  options.shutdown_grace = absl::Seconds(OrDefault(config.shutdown_grace_seconds(), 10));
  options.tls = {config.tls_cert_file(), config.tls_key_file(), config.tls_client_ca_file()};
  auth::LimiterOptions& limits = options.limits;
  limits.max_in_flight_per_principal =
      LimitOrDefault(config.max_in_flight_per_principal(), limits.max_in_flight_per_principal);
  limits.rate_per_second =
      LimitOrDefault(config.rate_per_principal_per_second(), limits.rate_per_second);
  limits.burst = LimitOrDefault(config.rate_burst_per_principal(), limits.burst);
  options.data_dir = config.data_dir();
  options.policy_catalogues.assign(config.policy_catalogues().begin(),
                                   config.policy_catalogues().end());
  options.voucher_programmes.assign(config.voucher_programmes().begin(),
                                    config.voucher_programmes().end());
  for (const v1::Peer& peer : config.peers()) {
    const bool hosted = std::find(config.cities().begin(), config.cities().end(), peer.city()) !=
                        config.cities().end();
    if (hosted || peer.address().empty() || !options.peers.emplace(peer.city(), peer.address()).second) {
      return absl::InvalidArgumentError(absl::StrCat(
          "peer '", peer.city(), "': each peer is a city this node does not host, once, with an "
          "address"));
    }
  }
  storage::LedgerOptions& ledger = options.ledger;
  // The ledger and the audit trail are separate databases under the data dir.
  ledger.data_dir = config.data_dir() + "/ledger";
  ledger.cities.assign(config.cities().begin(), config.cities().end());
  ledger.max_batch_commands = OrDefault(config.max_batch_commands(), ledger.max_batch_commands);
  ledger.max_queued_commands = OrDefault(config.max_queued_commands(), ledger.max_queued_commands);
  ledger.expiry_sweep_interval = absl::Milliseconds(OrDefault(config.expiry_sweep_interval_ms(), 200));
  ledger.verify_tail_entries_on_open =
      OrDefault(config.verify_tail_entries_on_open(), ledger.verify_tail_entries_on_open);
  ledger.cached_records =
      OrDefault(static_cast<size_t>(config.cached_records()), ledger.cached_records);
  ledger.max_wal_bytes = OrDefault(int64_t{config.max_wal_mib()} << 20, ledger.max_wal_bytes);
  ledger.wal_spare_bytes =
      OrDefault(int64_t{config.wal_spare_mib()} << 20, ledger.wal_spare_bytes);
  return options;
}

}  // namespace innoledger::services
