#ifndef INNOLEDGER_STORAGE_TESTING_LEDGER_FIXTURE_H_
#define INNOLEDGER_STORAGE_TESTING_LEDGER_FIXTURE_H_

#include <atomic>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "storage/ledger.h"

namespace innoledger::storage::testing {

// A fresh directory under $TMPDIR, removed with the object.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

// Every key and value of every column family: the whole database, to compare before and
// after an operation that must change nothing. Opens the directory read-only beside a
// running ledger (RocksDB allows that; it replays the synced WAL).
using RawDump = std::map<std::pair<std::string, std::string>, std::string>;  // (cf, key) → value
RawDump DumpDatabase(const std::string& data_dir);
RawDump OnlyColumnFamily(const RawDump& dump, const std::string& cf);
// The keys of `cf` that start with `prefix`, in order (an account's history).
std::vector<std::string> KeysUnder(const std::string& data_dir, const std::string& cf,
                                   const std::string& prefix);

// Overwrites one byte of one value in a closed database, as a disk or an attacker would.
void FlipByteInValue(const std::string& data_dir, const std::string& cf, const std::string& key,
                     size_t offset, uint8_t mask = 0x01);

// A settable clock for hold expiry, shared with the sequencer thread.
class FakeClock {
 public:
  absl::Time Now() const { return absl::FromUnixMicros(now_us_.load()); }
  void Advance(absl::Duration by) { now_us_ += absl::ToInt64Microseconds(by); }
  std::function<absl::Time()> AsFunction() {
    return [this] { return Now(); };
  }

 private:
  // 2026-03-01 10:00 UTC.
  std::atomic<int64_t> now_us_{1772359200LL * 1000 * 1000};
};

LedgerOptions TestOptions(const std::string& data_dir);

// Shorthands for writes in tests.
Write MakeWrite(std::string city, std::string request_id, std::unique_ptr<Command> command,
                std::string principal = "admin:changji:test");
TransactionRequest Transfer(const std::string& from, const std::string& to, int64_t amount_fen,
                            std::string kind = "test.transfer");

}  // namespace innoledger::storage::testing

#endif  // INNOLEDGER_STORAGE_TESTING_LEDGER_FIXTURE_H_
