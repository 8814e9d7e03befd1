#include "services/audit/audit_log.h"

#include <filesystem>

#include "absl/strings/str_cat.h"
#include "common/errors.h"
#include "common/status_macros.h"
#include "rocksdb/db.h"
#include "storage/encoding.h"
#include "storage/sha256.h"

namespace innoledger::audit {
namespace {

constexpr size_t kMaxField = 4096;

std::string Key(uint64_t sequence) {
  storage::Encoder e;
  e.U64(sequence);
  return e.Take();
}

std::string Fields(const AuditRecord& r) {
  storage::Encoder e;
  e.U8(1);  // format version
  e.U64(r.sequence);
  e.I64(r.recorded_at_us);
  for (const std::string* s : {&r.principal, &r.method, &r.city, &r.code, &r.reason,
                               &r.request_id, &r.message}) {
    e.String(s->substr(0, kMaxField));
  }
  return e.Take();
}

absl::StatusOr<AuditRecord> Decode(absl::string_view value) {
  storage::Decoder d(value);
  AuditRecord r;
  uint8_t version = 0;
  bool ok = d.U8(&version) && version == 1 && d.U64(&r.sequence) && d.I64(&r.recorded_at_us);
  for (std::string* s : {&r.principal, &r.method, &r.city, &r.code, &r.reason, &r.request_id,
                         &r.message}) {
    ok = ok && d.String(s, kMaxField);
  }
  ok = ok && d.Bytes(&r.hash) && d.Done();
  if (!ok) return Error(absl::StatusCode::kDataLoss, "CORRUPT_RECORD", "audit record does not decode");
  return r;
}

// The reasons of docs/errors.md, as the ledger's storage gives them: a write that failed
// is STORAGE_FAILED, a read or an open STORAGE_UNAVAILABLE (nothing changed; retry), and
// what RocksDB finds corrupt CORRUPT_RECORD.
absl::Status FromRocks(const rocksdb::Status& status, absl::string_view what, bool write) {
  if (status.ok()) return absl::OkStatus();
  const std::string message = absl::StrCat("audit log: ", what, ": ", status.ToString());
  if (status.IsCorruption()) return Error(absl::StatusCode::kDataLoss, "CORRUPT_RECORD", message);
  return Error(absl::StatusCode::kUnavailable, write ? "STORAGE_FAILED" : "STORAGE_UNAVAILABLE",
               message);
}

}  // namespace

absl::StatusOr<std::unique_ptr<AuditLog>> AuditLog::Open(const std::string& path) {
  std::error_code error;
  std::filesystem::create_directories(path, error);
  rocksdb::Options options;
  options.create_if_missing = true;
  rocksdb::DB* raw = nullptr;
  RETURN_IF_ERROR(
      FromRocks(rocksdb::DB::Open(options, path, &raw), "opening " + path, /*write=*/false));
  std::unique_ptr<AuditLog> log(new AuditLog());
  log->db_.reset(raw);
  std::unique_ptr<rocksdb::Iterator> it(log->db_->NewIterator(rocksdb::ReadOptions()));
  it->SeekToLast();
  if (it->Valid()) {
    ASSIGN_OR_RETURN(AuditRecord last, Decode(absl::string_view(it->value().data(), it->value().size())));
    absl::MutexLock lock(&log->mu_);
    log->last_sequence_ = last.sequence;
    log->last_hash_ = last.hash;
  }
  return log;
}

AuditLog::~AuditLog() {
  if (db_) db_->Close().PermitUncheckedError();
}

absl::Status AuditLog::Append(AuditRecord record) {
  absl::MutexLock lock(&mu_);
  record.sequence = last_sequence_ + 1;
  record.recorded_at_us = absl::ToUnixMicros(absl::Now());
  std::string value = Fields(record);
  record.hash = storage::Sha256({storage::DigestBytes(last_hash_), value});
  absl::string_view hash = storage::DigestBytes(record.hash);
  value.append(hash.data(), hash.size());
  rocksdb::WriteOptions sync;
  sync.sync = true;
  RETURN_IF_ERROR(
      FromRocks(db_->Put(sync, Key(record.sequence), value), "appending", /*write=*/true));
  last_sequence_ = record.sequence;
  last_hash_ = record.hash;
  return absl::OkStatus();
}

absl::StatusOr<std::vector<AuditRecord>> AuditLog::List(uint64_t after_sequence, int limit) const {
  std::vector<AuditRecord> records;
  std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator(rocksdb::ReadOptions()));
  for (it->Seek(Key(after_sequence + 1)); it->Valid() && records.size() < static_cast<size_t>(limit);
       it->Next()) {
    ASSIGN_OR_RETURN(AuditRecord record,
                     Decode(absl::string_view(it->value().data(), it->value().size())));
    records.push_back(std::move(record));
  }
  RETURN_IF_ERROR(FromRocks(it->status(), "listing", /*write=*/false));
  return records;
}

}  // namespace innoledger::audit
