#ifndef INNOLEDGER_STORAGE_STAGING_H_
#define INNOLEDGER_STORAGE_STAGING_H_

#include <map>
#include <optional>
#include <string>
#include <utility>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "rocksdb/write_batch.h"
#include "storage/db.h"

namespace innoledger::storage {

// Writes not yet in RocksDB, layered: a primitive stages into a child of its command's
// staging, a command into a child of its batch's. Reads look through the layers down to
// the database, so every step sees what earlier steps of the batch did; a failed step's
// layer is simply dropped, which is how a rejection leaves no trace. Nothing is ever
// deleted, so there are no tombstones.
class Staging {
 public:
  Staging(const Db* db, const Staging* parent) : db_(db), parent_(parent) {}

  absl::StatusOr<std::optional<std::string>> Get(int cf, absl::string_view key) const;
  void Put(int cf, std::string key, std::string value);
  // Moves this layer's writes into its parent (which must be `parent`).
  void MergeInto(Staging& parent);
  // Appends every write to `batch`, in key order.
  void AppendTo(rocksdb::WriteBatch& batch, const Db& db) const;
  bool empty() const { return puts_.empty(); }
  // Once the parent's writes are in RocksDB the layer reads the database directly.
  void DetachFromParent() { parent_ = nullptr; }

 private:
  const Db* db_;
  const Staging* parent_;
  std::map<std::pair<int, std::string>, std::string, std::less<>> puts_;
};

}  // namespace innoledger::storage

#endif  // INNOLEDGER_STORAGE_STAGING_H_
