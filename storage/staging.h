#ifndef INNOLEDGER_STORAGE_STAGING_H_
#define INNOLEDGER_STORAGE_STAGING_H_

#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "rocksdb/write_batch.h"
#include "storage/db.h"
#include "storage/record_cache.h"

namespace innoledger::storage {

// A batch's writes not yet in RocksDB. Reads see them first, then the writer's cache, then
// the database, so every step sees what earlier steps of the batch did. A step that may
// fail (a command, a primitive inside it) opens a Scope: whatever it puts is undone when
// the scope closes without Keep(), which is how a rejection leaves no trace. Scopes nest;
// what an inner scope kept is still undone by an outer one that is not kept. Nothing is
// ever deleted, so there are no tombstones.
class Staging {
 public:
  // Below the batch are the database and the writer's `cache` of it (may be null).
  Staging(const Db* db, RecordCache* cache) : db_(db), cache_(cache) {}
  Staging(const Staging&) = delete;
  Staging& operator=(const Staging&) = delete;

  absl::StatusOr<std::optional<std::string>> Get(int cf, absl::string_view key) const;
  void Put(int cf, std::string key, std::string value);

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
  using Puts = std::map<std::pair<int, std::string>, std::string, KeyLess>;

 public:
  // A key this batch put, as FindPut found it: read it, or change its value in place
  // without looking it up again (the hot account of a batch is changed by every command).
  // Valid while the key stays staged (a scope that is not kept may take it back).
  class Found {
   public:
    absl::string_view key() const { return put_->first.second; }
    absl::string_view value() const { return put_->second; }

   private:
    friend class Staging;
    explicit Found(Puts::const_iterator put) : put_(put) {}
    Puts::const_iterator put_;
  };
  // The key this batch put (not what is below it) that is `prefix` and then `suffix_size`
  // bytes; the first in key order if there are several.
  std::optional<Found> FindPut(int cf, absl::string_view prefix, size_t suffix_size) const;
  // Appends `bytes` to the value of `put`. Undone by cutting the value back to its length,
  // so a value grown an entry at a time (an index key of a hot account in a batch of
  // thousands) is never copied whole.
  void AppendToPut(const Found& put, absl::string_view bytes);
  // Replaces the first bytes.size() bytes of the value of `put` (an account history
  // value's record, ahead of its growing list of entries), in place.
  void OverwriteHeadOfPut(const Found& put, absl::string_view bytes);
  // For a family of histories (RecordCache::HistoryRecordBytes): the record at the head of
  // the latest value under `prefix` — this batch's key, else the writer's cache, else the
  // database's last key that is `prefix` and a sequence.
  absl::StatusOr<std::optional<std::string>> GetLatest(int cf, absl::string_view prefix) const;
  // Appends every write to `batch`, in key order.
  void AppendTo(rocksdb::WriteBatch& batch, const Db& db) const;
  // Once the writes are in RocksDB: the cached records among them are the latest.
  void RememberIn(RecordCache& cache) const;
  bool empty() const { return puts_.empty(); }

  class Scope {
   public:
    explicit Scope(Staging& staging) : staging_(staging), mark_(staging.undo_.size()) {
      ++staging_.open_scopes_;
    }
    Scope(const Scope&) = delete;
    Scope& operator=(const Scope&) = delete;
    ~Scope() {
      if (!kept_) staging_.UndoTo(mark_);
      if (--staging_.open_scopes_ == 0) staging_.undo_.clear();
    }
    // What the scope put stays (unless an enclosing scope is undone).
    void Keep() { kept_ = true; }

   private:
    Staging& staging_;
    const size_t mark_;
    bool kept_ = false;
  };

 private:
  // How to take back one write: erase the key it added, give back the value it replaced,
  // cut what it appended, or give back the head it overwrote.
  struct Undo {
    enum class Kind { kErase, kRestore, kCut, kRestoreHead };
    Puts::iterator put;
    Kind kind;
    std::string previous;  // kRestore: the value; kRestoreHead: the head
    size_t length = 0;     // kCut
  };

  absl::StatusOr<std::optional<std::string>> ReadBelow(int cf, absl::string_view key) const;
  // Erasing the empty range [put, put) hands the position back as a mutable iterator.
  Puts::iterator Mutable(const Found& put) { return puts_.erase(put.put_, put.put_); }
  void UndoTo(size_t mark);

  const Db* db_;
  RecordCache* cache_;
  Puts puts_;
  std::vector<Undo> undo_;  // of the Puts made while a scope is open, oldest first
  int open_scopes_ = 0;
};

}  // namespace innoledger::storage

#endif  // INNOLEDGER_STORAGE_STAGING_H_
