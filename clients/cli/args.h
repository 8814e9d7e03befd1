#ifndef INNOLEDGER_CLIENTS_CLI_ARGS_H_
#define INNOLEDGER_CLIENTS_CLI_ARGS_H_

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "google/protobuf/message.h"
#include "innoledger/client.h"

// The command line of one innoledger command: its positional words and --name=value flags.
// A command reads what it needs; whatever is missing, malformed or left unread is a usage
// error (exit 2) found before anything is sent, so a typo never reaches the node as a
// half-filled request.
namespace innoledger::cli {

inline constexpr int kExitRefused = 1;
inline constexpr int kExitUsage = 2;

class Args {
 public:
  // `flags` may hold a name more than once: only IntMap reads such a flag; any other
  // flag given twice is a usage error.
  Args(std::vector<std::string> words, std::multimap<std::string, std::string> flags)
      : words_(std::move(words)), flags_(std::move(flags)) {}

  // The i-th positional word after the command's own words.
  std::string Word(size_t i, absl::string_view what);
  // A flag that must be there, non-empty.
  std::string Text(const std::string& name);
  // A flag that may be left out ("" then).
  std::string OptionalText(const std::string& name);
  // An integer flag (fen, years, seconds): required unless a fallback is given.
  int64_t Int(const std::string& name);
  int64_t OptionalInt(const std::string& name, int64_t fallback);
  // --name or --name=true/false; false when absent.
  bool Flag(const std::string& name);
  // A flag that must be there and be one of `choices`.
  std::string OneOf(const std::string& name, const std::vector<std::string>& choices);
  // A comma-separated list; empty when absent.
  std::vector<std::string> List(const std::string& name);
  // A repeatable --name=key=value with whole-number values (--fact=employees=12), each key
  // at most once; empty when absent.
  std::map<std::string, int64_t> IntMap(const std::string& name);
  // An enum value, given as its short lowercase name ("testing") or its full proto name
  // ("SERVICE_CATEGORY_TESTING"); `parse` is the generated <Enum>_Parse.
  template <typename Enum>
  Enum EnumFlag(const std::string& name, absl::string_view prefix,
                bool (*parse)(const std::string&, Enum*));
  // The write's idempotency key: --request_id, or a fresh one, printed if the call fails
  // so that it can be retried without paying twice.
  std::string RequestId();

  // The request is complete and nothing on the command line was left unread; otherwise
  // the problems are printed and it returns false.
  bool Complete();
  // Runs `call` once the request is complete and prints its answer as protobuf text.
  // 0 done, 1 the node refused, 2 a bad command line.
  template <typename Call>
  int Answer(Call call);

 private:
  void Problem(std::string problem) { problems_.push_back(std::move(problem)); }

  std::vector<std::string> words_;
  std::multimap<std::string, std::string> flags_;
  size_t words_read_ = 0;
  std::vector<std::string> problems_;
  std::string request_id_;
};

// Prints "error: CODE REASON: message" (and the request id to retry with) to stderr; 1.
int Fail(const absl::Status& status, const std::string& request_id = "");
void PrintText(const google::protobuf::Message& message);

template <typename Enum>
Enum Args::EnumFlag(const std::string& name, absl::string_view prefix,
                    bool (*parse)(const std::string&, Enum*)) {
  Enum value{};
  const std::string given = Text(name);
  if (given.empty()) return value;
  const std::string upper = absl::AsciiStrToUpper(given);
  if (!parse(upper, &value) && !parse(absl::StrCat(prefix, upper), &value)) {
    Problem(absl::StrCat("--", name, ": unknown value '", given, "'"));
  }
  return value;
}

template <typename Call>
int Args::Answer(Call call) {
  if (!Complete()) return kExitUsage;
  auto answer = call();
  if (!answer.ok()) return Fail(answer.status(), request_id_);
  PrintText(*answer);
  return 0;
}

// A list's --page_size and --page_token.
template <typename Request>
void ReadPage(Args& args, Request& request) {
  request.set_page_size(static_cast<int32_t>(args.OptionalInt("page_size", 0)));
  request.set_page_token(args.OptionalText("page_token"));
}

// One command: its words ("voucher reserve"), its flags for the usage text, and what it does.
struct Command {
  const char* words;
  const char* synopsis;
  int (*run)(Client& client, Args& args);
};

std::vector<Command> RegistryCommands();
std::vector<Command> VoucherCommands();
std::vector<Command> GrantCommands();

}  // namespace innoledger::cli

#endif  // INNOLEDGER_CLIENTS_CLI_ARGS_H_
