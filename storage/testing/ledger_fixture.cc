#include "storage/testing/ledger_fixture.h"

#include <stdlib.h>

#include <filesystem>

#include "absl/strings/match.h"
#include "common/check.h"
#include "rocksdb/db.h"
#include "storage/format.h"

namespace innoledger::storage::testing {

TempDir::TempDir() {
  const char* base = getenv("TMPDIR");
  std::string pattern = std::string(base ? base : "/tmp") + "/innoledger-test-XXXXXX";
  LEDGER_CHECK(mkdtemp(pattern.data()) != nullptr);
  path_ = pattern;
}

TempDir::~TempDir() {
  std::error_code ignored;
  std::filesystem::remove_all(path_, ignored);
}

namespace {

std::vector<rocksdb::ColumnFamilyDescriptor> Descriptors() {
  std::vector<rocksdb::ColumnFamilyDescriptor> descriptors;
  for (int cf = 0; cf < format::kCfCount; ++cf) {
    descriptors.emplace_back(format::CfName(cf), rocksdb::ColumnFamilyOptions());
  }
  return descriptors;
}

}  // namespace

RawDump DumpDatabase(const std::string& data_dir) {
  std::vector<rocksdb::ColumnFamilyHandle*> handles;
  rocksdb::DB* db = nullptr;
  LEDGER_CHECK(
      rocksdb::DB::OpenForReadOnly(rocksdb::DBOptions(), data_dir, Descriptors(), &handles, &db)
          .ok());
  RawDump dump;
  for (int cf = 0; cf < format::kCfCount; ++cf) {
    std::unique_ptr<rocksdb::Iterator> it(db->NewIterator(rocksdb::ReadOptions(), handles[cf]));
    for (it->SeekToFirst(); it->Valid(); it->Next()) {
      dump[{format::CfName(cf), it->key().ToString()}] = it->value().ToString();
    }
  }
  for (auto* handle : handles) db->DestroyColumnFamilyHandle(handle);
  delete db;
  return dump;
}

RawDump OnlyColumnFamily(const RawDump& dump, const std::string& cf) {
  RawDump out;
  for (const auto& [key, value] : dump) {
    if (key.first == cf) out[key] = value;
  }
  return out;
}

std::vector<std::string> KeysUnder(const std::string& data_dir, const std::string& cf,
                                   const std::string& prefix) {
  std::vector<std::string> keys;
  for (const auto& [key, value] : OnlyColumnFamily(DumpDatabase(data_dir), cf)) {
    if (absl::StartsWith(key.second, prefix)) keys.push_back(key.second);
  }
  return keys;
}

void FlipByteInValue(const std::string& data_dir, const std::string& cf, const std::string& key,
                     size_t offset, uint8_t mask) {
  std::vector<rocksdb::ColumnFamilyHandle*> handles;
  rocksdb::DB* db = nullptr;
  LEDGER_CHECK(rocksdb::DB::Open(rocksdb::DBOptions(), data_dir, Descriptors(), &handles, &db).ok());
  int index = -1;
  for (int i = 0; i < format::kCfCount; ++i) {
    if (cf == format::CfName(i)) index = i;
  }
  LEDGER_CHECK(index >= 0);
  std::string value;
  LEDGER_CHECK(db->Get(rocksdb::ReadOptions(), handles[index], key, &value).ok());
  LEDGER_CHECK(offset < value.size());
  value[offset] = static_cast<char>(value[offset] ^ mask);
  rocksdb::WriteOptions sync;
  sync.sync = true;
  LEDGER_CHECK(db->Put(sync, handles[index], key, value).ok());
  for (auto* handle : handles) db->DestroyColumnFamilyHandle(handle);
  LEDGER_CHECK(db->Close().ok());
  delete db;
}

LedgerOptions TestOptions(const std::string& data_dir) {
  LedgerOptions options;
  options.data_dir = data_dir;
  options.cities = {"urumqi", "changji", "shihezi"};
  options.expiry_sweep_interval = absl::Milliseconds(5);
  // Tests open hundreds of ledgers: small spares keep that quick and still put every
  // test's write-ahead logs into pre-written files, as in production.
  options.wal_spare_bytes = int64_t{1} << 20;
  return options;
}

Write MakeWrite(std::string city, std::string request_id, std::unique_ptr<Command> command,
                std::string principal) {
  return Write{std::move(city), std::move(principal), std::move(request_id), std::move(command)};
}

TransactionRequest Transfer(const std::string& from, const std::string& to, int64_t amount_fen,
                            std::string kind) {
  TransactionRequest request;
  request.kind = std::move(kind);
  request.postings = {{from, -amount_fen}, {to, amount_fen}};
  return request;
}

}  // namespace innoledger::storage::testing
