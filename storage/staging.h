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
#include "storage/record_cache.h"

namespace innoledger::storage {

// Writes not yet in RocksDB, layered: a primitive stages into a child of its command's
// staging, a command into a child of its batch's. Reads look through the layers down to
// the database, so every step sees what earlier steps of the batch did; a failed step's
// layer is simply dropped, which is how a rejection leaves no trace. Nothing is ever
// deleted, so there are no tombstones.
class Staging {
 public:
  Staging(const Db* db, const Staging* parent) : db_(db), parent_(parent) {}
  // The bottom layer of a batch: below it are the database and the writer's `cache` of it.
  Staging(const Db* db, RecordCache* cache) : db_(db), cache_(cache) {}

  absl::StatusOr<std::optional<std::string>> Get(int cf, absl::string_view key) const;
  void Put(int cf, std::string key, std::string value);
  // Moves this layer's writes into its parent (which must be `parent`).
  void MergeInto(Staging& parent);
  // Appends every write to `batch`, in key order.
  void AppendTo(rocksdb::WriteBatch& batch, const Db& db) const;
  // Once the writes are in RocksDB: the cached records among them are the latest.
  void RememberIn(RecordCache& cache) const;
  bool empty() const { return puts_.empty(); }

 private:
  // Orders (column family, key) pairs and looks them up by string_view without a copy.
  struct KeyLess {
    using is_transparent = void;
    template <typename A, typename B>
    bool operator()(const A& a, const B& b) const {
      if (a.first != b.first) return a.first < b.first;
      return absl::string_view(a.second) < absl::string_view(b.second);
    }
  };
  absl::StatusOr<std::optional<std::string>> ReadBelow(int cf, absl::string_view key) const;

  const Db* db_;
  const Staging* parent_ = nullptr;
  RecordCache* cache_ = nullptr;  // bottom layer only
  std::map<std::pair<int, std::string>, std::string, KeyLess> puts_;
};

}  // namespace innoledger::storage

#endif  // INNOLEDGER_STORAGE_STAGING_H_
