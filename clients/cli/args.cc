#include "clients/cli/args.h"

#include <algorithm>
#include <cstdio>
#include <iterator>

#include "absl/strings/numbers.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "common/errors.h"
#include "google/protobuf/text_format.h"

namespace innoledger::cli {

std::string Args::Word(size_t i, absl::string_view what) {
  words_read_ = std::max(words_read_, i + 1);
  if (i < words_.size()) return words_[i];
  Problem(absl::StrCat("missing ", what));
  return "";
}

std::string Args::OptionalText(const std::string& name) {
  auto [first, last] = flags_.equal_range(name);
  if (first == last) return "";
  // Which of two values was meant is a guess the CLI does not make.
  if (std::next(first) != last) Problem(absl::StrCat("--", name, " given twice"));
  std::string value = std::move(first->second);
  flags_.erase(first, last);  // read: not left over
  return value;
}

std::string Args::Text(const std::string& name) {
  const bool given = flags_.count(name) > 0;
  std::string value = OptionalText(name);
  if (value.empty()) Problem(absl::StrCat(given ? "empty --" : "missing --", name));
  return value;
}

int64_t Args::OptionalInt(const std::string& name, int64_t fallback) {
  if (flags_.count(name) == 0) return fallback;
  const std::string text = OptionalText(name);
  int64_t value = 0;
  // Whole numbers only: amounts are fen, and "12.5" is a mistake, not 12.
  if (!absl::SimpleAtoi(text, &value)) {
    Problem(absl::StrCat("--", name, " takes a whole number, not '", text, "'"));
  }
  return value;
}

int64_t Args::Int(const std::string& name) {
  if (flags_.count(name) == 0) Problem(absl::StrCat("missing --", name));
  return OptionalInt(name, 0);
}

bool Args::Flag(const std::string& name) {
  if (flags_.count(name) == 0) return false;
  const std::string text = OptionalText(name);
  if (text == "true" || text == "1") return true;
  if (text != "false" && text != "0") Problem(absl::StrCat("--", name, " takes true or false"));
  return false;
}

std::string Args::OneOf(const std::string& name, const std::vector<std::string>& choices) {
  const std::string value = Text(name);
  if (!value.empty() && std::find(choices.begin(), choices.end(), value) == choices.end()) {
    Problem(absl::StrCat("--", name, " takes ", absl::StrJoin(choices, " or "), ", not '", value,
                         "'"));
  }
  return value;
}

std::vector<std::string> Args::List(const std::string& name) {
  return absl::StrSplit(OptionalText(name), ',', absl::SkipEmpty());
}

std::map<std::string, int64_t> Args::IntMap(const std::string& name) {
  std::map<std::string, int64_t> values;
  auto [first, last] = flags_.equal_range(name);
  for (auto it = first; it != last; ++it) {
    std::pair<std::string, std::string> pair = absl::StrSplit(it->second, absl::MaxSplits('=', 1));
    int64_t value = 0;
    if (pair.first.empty() || !absl::SimpleAtoi(pair.second, &value)) {
      Problem(absl::StrCat("--", name, " takes NAME=whole number, not '", it->second, "'"));
    } else if (!values.emplace(pair.first, value).second) {
      Problem(absl::StrCat("--", name, "=", pair.first, " given twice"));
    }
  }
  flags_.erase(first, last);
  return values;
}

std::string Args::RequestId() {
  request_id_ = OptionalText("request_id");
  if (request_id_.empty()) request_id_ = Client::NewRequestId();
  return request_id_;
}

bool Args::Complete() {
  for (const auto& [name, value] : flags_) Problem(absl::StrCat("unknown flag --", name));
  for (size_t i = words_read_; i < words_.size(); ++i) {
    Problem(absl::StrCat("unexpected '", words_[i], "'"));
  }
  for (const std::string& problem : problems_) std::fprintf(stderr, "innoledger: %s\n", problem.c_str());
  return problems_.empty();
}

int Fail(const absl::Status& status, const std::string& request_id) {
  const std::string reason = ErrorReason(status);  // none for transport errors
  std::fprintf(stderr, "error: %s%s%s: %s\n", absl::StatusCodeToString(status.code()).c_str(),
               reason.empty() ? "" : " ", reason.c_str(), std::string(status.message()).c_str());
  // After UNAVAILABLE or DEADLINE_EXCEEDED nobody knows whether the write happened; the
  // same request id makes trying again safe.
  if (!request_id.empty()) {
    std::fprintf(stderr, "request id %s (retry with --request_id=%s)\n", request_id.c_str(),
                 request_id.c_str());
  }
  return kExitRefused;
}

void PrintText(const google::protobuf::Message& message) {
  std::string text;
  google::protobuf::TextFormat::Printer printer;
  printer.SetUseUtf8StringEscaping(true);  // legal names stay readable Chinese
  printer.PrintToString(message, &text);
  std::fputs(text.c_str(), stdout);
}

}  // namespace innoledger::cli
