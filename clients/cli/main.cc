// innoledger: the command line on the C++ SDK.
//
//   innoledger [--target=HOST:PORT] --ca=CA --cert=CERT --key=KEY COMMAND ...
//   innoledger [--target=HOST:PORT] --principal=role:city:entity COMMAND ...   (dev nodes)
//
// Commands (flags --name=value; amounts whole fen; answers printed as protobuf text):
//   head CITY            the city's chain head: sequence and hash
//   verify CITY          re-hashes the city's chain on the node (100,000 entries a call)
//   entity register|show|bad-record|clear-bad-record, provider register   (the registry)
//   voucher issue|reserve|check|redeem|release|expire|revoke|show|history|list-by-holder,
//   redemptions PROVIDER                                                  (vouchers)
//   award compute|file|approve|assess|invest|clawback|show|list|history,
//   tranches hold|release ENTITY, disburse, caps ENTITY, catalogue reload  (grants)
// `innoledger` alone prints every command with its flags. Writes take --request_id=ID;
// without one a fresh id is used and printed on failure, so the write can be retried
// without taking effect twice.
//
// Exit codes: 0 done, 1 the node refused (its code, reason and message are printed),
// 2 a bad command line.
#include <algorithm>
#include <cstdio>
#include <map>
#include <string>
#include <vector>

#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/str_split.h"
#include "clients/cli/args.h"
#include "innoledger/v1/ledger.pb.h"

namespace innoledger::cli {
namespace {

int Head(Client& client, Args& args) {
  const std::string city = args.Word(0, "CITY");
  if (!args.Complete()) return kExitUsage;
  auto head = client.GetHead(city);
  if (!head.ok()) return Fail(head.status());
  std::printf("%s sequence %llu hash %s\n", city.c_str(),
              static_cast<unsigned long long>(head->sequence()),
              absl::BytesToHexString(head->hash()).c_str());
  return 0;
}

int Verify(Client& client, Args& args) {
  const std::string city = args.Word(0, "CITY");
  if (!args.Complete()) return kExitUsage;
  auto verified = client.VerifyRange(city);
  if (!verified.ok()) return Fail(verified.status());
  std::printf("%s chain verified: %llu entries re-hashed%s, last hash %s\n", city.c_str(),
              static_cast<unsigned long long>(verified->entries_checked()),
              verified->complete() ? "" : " (cut short: run again from the next entry)",
              absl::BytesToHexString(verified->last_hash()).c_str());
  return 0;
}

std::vector<Command> AllCommands() {
  std::vector<Command> commands = {
      {"head", "CITY", Head},
      {"verify", "CITY", Verify},
  };
  for (auto more : {RegistryCommands(), VoucherCommands(), GrantCommands()}) {
    commands.insert(commands.end(), more.begin(), more.end());
  }
  return commands;
}

int Usage(const std::vector<Command>& commands) {
  std::fprintf(stderr,
               "usage: innoledger [--target=HOST:PORT] (--ca=F --cert=F --key=F | "
               "--principal=role:city:entity) COMMAND ...\ncommands:\n");
  for (const Command& command : commands) {
    std::fprintf(stderr, "  %s %s\n", command.words, command.synopsis);
  }
  std::fprintf(stderr,
               "writes also take --request_id=ID (the same id never takes effect twice)\n");
  return kExitUsage;
}

// The command whose words begin `words`, and how many words it took.
const Command* Find(const std::vector<Command>& commands, const std::vector<std::string>& words,
                    size_t* taken) {
  for (const Command& command : commands) {
    std::vector<std::string> own = absl::StrSplit(command.words, ' ');
    if (own.size() <= words.size() && std::equal(own.begin(), own.end(), words.begin())) {
      *taken = own.size();
      return &command;
    }
  }
  return nullptr;
}

int Main(int argc, char** argv) {
  const std::vector<Command> commands = AllCommands();
  ClientOptions options;
  const std::map<std::string, std::string*> connection = {
      {"target", &options.target},   {"ca", &options.ca_file},
      {"cert", &options.cert_file},  {"key", &options.key_file},
      {"principal", &options.insecure_dev_principal}};
  std::vector<std::string> words;
  std::multimap<std::string, std::string> flags;  // the command's; Args refuses repeats
  for (int i = 1; i < argc; ++i) {
    absl::string_view arg = argv[i];
    if (!absl::ConsumePrefix(&arg, "--")) {
      words.emplace_back(arg);
      continue;
    }
    // --name=value, or --name alone for a yes/no flag.
    std::pair<std::string, std::string> flag = absl::StrSplit(arg, absl::MaxSplits('=', 1));
    if (!absl::StrContains(arg, '=')) flag.second = "true";
    if (auto it = connection.find(flag.first); it != connection.end()) {
      *it->second = flag.second;
    } else {
      flags.insert(std::move(flag));
    }
  }
  size_t taken = 0;
  const Command* command = Find(commands, words, &taken);
  if (command == nullptr) return Usage(commands);
  auto client = Client::Connect(options);
  if (!client.ok()) return Fail(client.status());
  Args args(std::vector<std::string>(words.begin() + taken, words.end()), std::move(flags));
  const int code = command->run(**client, args);
  if (code == kExitUsage) {
    std::fprintf(stderr, "usage: innoledger ... %s %s\n", command->words, command->synopsis);
  }
  return code;
}

}  // namespace
}  // namespace innoledger::cli

int main(int argc, char** argv) { return innoledger::cli::Main(argc, argv); }
