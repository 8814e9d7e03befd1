#ifndef INNOLEDGER_SERVICES_AUDIT_AUDIT_LOG_H_
#define INNOLEDGER_SERVICES_AUDIT_AUDIT_LOG_H_

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "storage/types.h"

namespace rocksdb {
class DB;
}

namespace innoledger::audit {

struct AuditRecord {
  uint64_t sequence = 0;
  int64_t recorded_at_us = 0;
  std::string principal;
  std::string method;
  std::string city;
  std::string code;
  std::string reason;
  std::string request_id;
  std::string message;
  storage::Digest hash{};
};

// An append-only, hash-chained log of refused calls and admin writes, in its own RocksDB
// under <data_dir>/audit: apart from the ledger, so recording a refusal changes nothing in
// the ledger. Key: sequence (u64 big-endian); value: the record's fields in the encoding of
// docs/storage-format.md, then the hash. Each Append is synced before it returns.
class AuditLog {
 public:
  static absl::StatusOr<std::unique_ptr<AuditLog>> Open(const std::string& path);
  ~AuditLog();

  // Numbers, stamps, chains and stores `record`.
  absl::Status Append(AuditRecord record);
  // Records after `after_sequence`, at most `limit`.
  absl::StatusOr<std::vector<AuditRecord>> List(uint64_t after_sequence, int limit) const;

 private:
  AuditLog() = default;
  std::unique_ptr<rocksdb::DB> db_;
  absl::Mutex mu_;
  uint64_t last_sequence_ ABSL_GUARDED_BY(mu_) = 0;
  storage::Digest last_hash_ ABSL_GUARDED_BY(mu_){};
};

}  // namespace innoledger::audit

#endif  // INNOLEDGER_SERVICES_AUDIT_AUDIT_LOG_H_
