#include "services/server/config.h"

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/vouchers/programme.h"
#include "storage/testing/ledger_fixture.h"

namespace innoledger::services {
namespace {

using ::testing::HasSubstr;

TEST(ParseFlagsTest, BothFormsAndBothSpellings) {
  auto flags = ParseFlags({"--config=a.textproto", "--listen", "127.0.0.1:0", "--insecure-dev",
                           "--cities=urumqi,changji", "--port_file", "p"});
  ASSERT_TRUE(flags.ok()) << flags.status();
  EXPECT_EQ(flags->config, "a.textproto");
  EXPECT_EQ(flags->listen, "127.0.0.1:0");
  EXPECT_EQ(flags->insecure_dev, true);
  EXPECT_EQ(flags->cities, "urumqi,changji");
  EXPECT_EQ(flags->port_file, "p");
  EXPECT_FALSE(flags->data_dir.has_value());
}

TEST(ParseFlagsTest, BoolFlagTakesExplicitValue) {
  EXPECT_EQ(ParseFlags({"--insecure_dev=false"})->insecure_dev, false);
  EXPECT_FALSE(ParseFlags({"--insecure_dev=maybe"}).ok());
}

TEST(ParseFlagsTest, RefusesUnknownFlagsStrayArgumentsAndMissingValues) {
  EXPECT_THAT(ParseFlags({"--lisen=x"}).status().message(), HasSubstr("unknown flag"));
  EXPECT_FALSE(ParseFlags({"serve"}).ok());
  EXPECT_THAT(ParseFlags({"--data_dir"}).status().message(), HasSubstr("needs a value"));
}

class ConfigFileTest : public ::testing::Test {
 protected:
  std::string Write(const std::string& text) {
    const std::string path = dir_.path() + "/innoledgerd.textproto";
    std::ofstream(path) << text;
    return path;
  }
  storage::testing::TempDir dir_;
};

TEST_F(ConfigFileTest, FlagsOverrideTheFile) {
  Flags flags;
  flags.config = Write(
      "listen_address: \"127.0.0.1:7400\"\n"
      "data_dir: \"/var/lib/innoledger\"\n"
      "cities: \"urumqi\"\ncities: \"changji\"\n"
      "max_batch_commands: 64\n"
      "cached_records: 500\n"
      "max_wal_mib: 32\n"
      "wal_spare_mib: 8\n");
  flags.listen = "127.0.0.1:0";
  flags.cities = "shihezi";
  flags.insecure_dev = true;
  auto config = BuildConfig(flags);
  ASSERT_TRUE(config.ok()) << config.status();
  auto options = ToServerOptions(*config);
  ASSERT_TRUE(options.ok()) << options.status();
  EXPECT_EQ(options->listen_address, "127.0.0.1:0");
  EXPECT_EQ(options->data_dir, "/var/lib/innoledger");
  EXPECT_EQ(options->ledger.data_dir, "/var/lib/innoledger/ledger");
  EXPECT_EQ(options->ledger.cities, std::vector<std::string>{"shihezi"});
  EXPECT_EQ(options->ledger.max_batch_commands, 64);
  EXPECT_EQ(options->ledger.max_queued_commands, storage::LedgerOptions().max_queued_commands);
  EXPECT_EQ(options->ledger.cached_records, 500u);
  EXPECT_EQ(options->ledger.max_wal_bytes, int64_t{32} << 20);
  EXPECT_EQ(options->ledger.wal_spare_bytes, int64_t{8} << 20);
  EXPECT_TRUE(options->insecure_dev);
  EXPECT_EQ(options->shutdown_grace, absl::Seconds(10));
}

TEST_F(ConfigFileTest, ErrorsNameFileLineAndColumn) {
  const std::string path = Write("listen_address: \"127.0.0.1:7400\"\nno_such_field: 3\n");
  auto config = LoadConfigFile(path);
  EXPECT_EQ(config.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(config.status().message(), HasSubstr(path + ":2:"));
  EXPECT_THAT(config.status().message(), HasSubstr("no_such_field"));
  EXPECT_EQ(LoadConfigFile(dir_.path() + "/missing").status().code(),
            absl::StatusCode::kNotFound);
}

TEST_F(ConfigFileTest, RequiredFieldsAndLimits) {
  v1::DaemonConfig config;
  EXPECT_THAT(ToServerOptions(config).status().message(), HasSubstr("listen_address"));
  config.set_listen_address("127.0.0.1:0");
  EXPECT_THAT(ToServerOptions(config).status().message(), HasSubstr("data_dir"));
  config.set_data_dir("d");
  EXPECT_THAT(ToServerOptions(config).status().message(), HasSubstr("city"));
  config.add_cities("changji");
  EXPECT_TRUE(ToServerOptions(config).ok());
  EXPECT_EQ(ToServerOptions(config)->ledger.cached_records,
            storage::LedgerOptions().cached_records);
  config.set_cached_records(-1);
  EXPECT_THAT(ToServerOptions(config).status().message(), HasSubstr("cached_records"));
  config.set_cached_records(0);
  EXPECT_EQ(ToServerOptions(config)->ledger.max_wal_bytes, storage::LedgerOptions().max_wal_bytes);
  config.set_max_wal_mib(-1);
  EXPECT_THAT(ToServerOptions(config).status().message(), HasSubstr("max_wal_mib"));
  config.set_max_wal_mib(0);
  EXPECT_EQ(ToServerOptions(config)->ledger.wal_spare_bytes,
            storage::LedgerOptions().wal_spare_bytes);
  config.set_wal_spare_mib(-1);
  EXPECT_THAT(ToServerOptions(config).status().message(), HasSubstr("wal_spare_mib"));
  config.set_wal_spare_mib(0);
  config.set_max_message_bytes(-1);
  EXPECT_THAT(ToServerOptions(config).status().message(), HasSubstr("max_message_bytes"));
}

// The shipped configs parse and describe a loopback dev node of the three cities.
TEST(DeployConfigTest, ShippedConfigsAreValid) {
  const char* source = std::getenv("INNOLEDGER_SOURCE_DIR");
  ASSERT_NE(source, nullptr) << "run through ctest";
  for (const char* name : {"innoledgerd.dev.textproto", "innoledgerd.example.textproto"}) {
    SCOPED_TRACE(name);
    auto config = LoadConfigFile(std::string(source) + "/deploy/" + name);
    ASSERT_TRUE(config.ok()) << config.status();
    auto options = ToServerOptions(*config);
    ASSERT_TRUE(options.ok()) << options.status();
    EXPECT_THAT(options->ledger.cities, ::testing::ElementsAre("urumqi", "changji", "shihezi"));
    EXPECT_TRUE(options->insecure_dev);
    EXPECT_TRUE(IsLoopbackAddress(options->listen_address));
    EXPECT_TRUE(IsLoopbackAddress(options->metrics_listen_address));
    // The voucher programmes of the three cities load, for this year and the next.
    std::vector<std::string> programmes;
    for (const std::string& path : options->voucher_programmes) {
      programmes.push_back(std::string(source) + "/" + path);
    }
    EXPECT_EQ(programmes.size(), 3u);
    auto loaded = vouchers::Programmes::Load(programmes);
    ASSERT_TRUE(loaded.ok()) << loaded.status();
    for (const char* city : {"urumqi", "changji", "shihezi"}) {
      for (int32_t year : {2026, 2027}) {
        EXPECT_TRUE(loaded->Find(city, year).ok()) << city << " " << year;
      }
    }
  }
}

TEST(BuildConfigTest, PeersAreOtherCitiesNodes) {
  Flags flags;
  flags.cities = "changji";
  flags.listen = "127.0.0.1:7401";
  flags.data_dir = "/tmp/x";
  flags.insecure_dev = true;
  flags.peers = "urumqi=127.0.0.1:7400, shihezi=127.0.0.1:7402";
  auto built = BuildConfig(flags);
  ASSERT_TRUE(built.ok()) << built.status();
  auto options = ToServerOptions(*built);
  ASSERT_TRUE(options.ok()) << options.status();
  EXPECT_EQ(options->peers.at("urumqi"), "127.0.0.1:7400");
  EXPECT_EQ(options->peers.at("shihezi"), "127.0.0.1:7402");
  // A peer for a city this node hosts, or twice, or without an address: refused.
  for (const char* bad : {"changji=127.0.0.1:1", "urumqi=a:1,urumqi=b:2"}) {
    flags.peers = bad;
    auto config = BuildConfig(flags);
    ASSERT_TRUE(config.ok());
    EXPECT_EQ(ToServerOptions(*config).status().code(), absl::StatusCode::kInvalidArgument) << bad;
  }
  flags.peers = "urumqi";
  EXPECT_EQ(BuildConfig(flags).status().code(), absl::StatusCode::kInvalidArgument);
}

TEST(BuildConfigTest, VouchersFlagReplacesTheFilesList) {
  Flags flags;
  flags.vouchers = "a.textproto, b.textproto";
  auto built = BuildConfig(flags);
  ASSERT_TRUE(built.ok()) << built.status();
  EXPECT_THAT(built->voucher_programmes(), ::testing::ElementsAre("a.textproto", "b.textproto"));
}

// The per-city configs: one city each, the other two as peers, on loopback.
TEST(DeployConfigTest, PerCityConfigsNameTheOtherCitiesAsPeers) {
  const char* source = std::getenv("INNOLEDGER_SOURCE_DIR");
  ASSERT_NE(source, nullptr) << "run through ctest";
  for (const char* city : {"urumqi", "changji", "shihezi"}) {
    SCOPED_TRACE(city);
    auto config = LoadConfigFile(absl::StrCat(source, "/deploy/per-city/", city, ".textproto"));
    ASSERT_TRUE(config.ok()) << config.status();
    auto options = ToServerOptions(*config);
    ASSERT_TRUE(options.ok()) << options.status();
    EXPECT_THAT(options->ledger.cities, ::testing::ElementsAre(city));
    EXPECT_EQ(options->peers.size(), 2u);
    EXPECT_EQ(options->peers.count(city), 0u);
    for (const auto& [peer, address] : options->peers) EXPECT_TRUE(IsLoopbackAddress(address));
  }
}

TEST(IsLoopbackAddressTest, OnlyAddressesNoOtherHostReaches) {
  for (const char* yes : {"127.0.0.1:7400", "127.1.2.3:0", "localhost:7400", "[::1]:7400",
                          "unix:/run/innoledger.sock"}) {
    EXPECT_TRUE(IsLoopbackAddress(yes)) << yes;
  }
  for (const char* no : {"0.0.0.0:7400", "[::]:7400", "10.0.0.1:7400", "example.com:7400",
                         ":7400", "7400", "128.0.0.1:1", "localhost.evil.com:1"}) {
    EXPECT_FALSE(IsLoopbackAddress(no)) << no;
  }
}

}  // namespace
}  // namespace innoledger::services
