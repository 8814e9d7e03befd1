// innoledger: the command line on the C++ SDK.
//
//   innoledger [--target=HOST:PORT] --ca=CA --cert=CERT --key=KEY COMMAND ...
//   innoledger [--target=HOST:PORT] --principal=role:city:entity COMMAND ...   (dev nodes)
//
// Commands:
//   head CITY            the city's chain head: sequence and hash
//   verify CITY          re-hashes the city's chain on the node (100,000 entries a call)
//
// Exit codes: 0 done, 1 the node refused (its code, reason and message are printed),
// 2 a bad command line.
#include <cstdio>
#include <string>
#include <vector>

#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "common/errors.h"
#include "innoledger/client.h"
#include "innoledger/v1/ledger.pb.h"

namespace {

int Usage() {
  std::fprintf(stderr,
               "usage: innoledger [--target=HOST:PORT] (--ca=F --cert=F --key=F | "
               "--principal=role:city:entity) (head|verify) CITY\n");
  return 2;
}

int Fail(const absl::Status& status) {
  std::fprintf(stderr, "error: %s %s: %s\n", absl::StatusCodeToString(status.code()).c_str(),
               innoledger::ErrorReason(status).c_str(), std::string(status.message()).c_str());
  return 1;
}

}  // namespace

int main(int argc, char** argv) {
  innoledger::ClientOptions options;
  std::vector<std::string> words;
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    auto value = [&](const char* flag) { return arg.substr(std::string(flag).size()); };
    if (absl::StartsWith(arg, "--target=")) options.target = value("--target=");
    else if (absl::StartsWith(arg, "--ca=")) options.ca_file = value("--ca=");
    else if (absl::StartsWith(arg, "--cert=")) options.cert_file = value("--cert=");
    else if (absl::StartsWith(arg, "--key=")) options.key_file = value("--key=");
    else if (absl::StartsWith(arg, "--principal=")) options.insecure_dev_principal = value("--principal=");
    else if (absl::StartsWith(arg, "--")) return Usage();
    else words.push_back(arg);
  }
  if (words.size() != 2 || (words[0] != "head" && words[0] != "verify")) return Usage();
  auto client = innoledger::Client::Connect(options);
  if (!client.ok()) return Fail(client.status());
  if (words[0] == "head") {
    auto head = (*client)->GetHead(words[1]);
    if (!head.ok()) return Fail(head.status());
    std::printf("%s sequence %llu hash %s\n", words[1].c_str(),
                static_cast<unsigned long long>(head->sequence()),
                absl::BytesToHexString(head->hash()).c_str());
    return 0;
  }
  auto verified = (*client)->VerifyRange(words[1]);
  if (!verified.ok()) return Fail(verified.status());
  std::printf("%s chain verified: %llu entries re-hashed%s, last hash %s\n", words[1].c_str(),
              static_cast<unsigned long long>(verified->entries_checked()),
              verified->complete() ? "" : " (cut short: run again from the next entry)",
              absl::BytesToHexString(verified->last_hash()).c_str());
  return 0;
}
