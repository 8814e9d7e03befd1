#include "storage/staging.h"

#include "absl/strings/match.h"
#include "common/check.h"
#include "common/status_macros.h"

namespace innoledger::storage {

absl::StatusOr<std::optional<std::string>> Staging::Get(int cf, absl::string_view key) const {
  LEDGER_CHECK(!RecordCache::HistoryRecordBytes(cf).has_value());  // those: GetLatest
  auto it = puts_.find(std::make_pair(cf, key));
  if (it != puts_.end()) return it->second;
  return ReadBelow(cf, key);
}

// Below the batch: the writer's cache, else the database (remembered for next time: the
// batches before this one are in RocksDB, so what RocksDB has is the latest).
absl::StatusOr<std::optional<std::string>> Staging::ReadBelow(int cf,
                                                              absl::string_view key) const {
  const bool cached = cache_ != nullptr && RecordCache::Keeps(cf);
  if (cached) {
    if (auto value = cache_->Find(cf, key)) return value;
  }
  auto value = db_->Get(cf, key);
  if (cached && value.ok() && value->has_value()) cache_->Remember(cf, key, **value);
  return value;
}

void Staging::Put(int cf, std::string key, std::string value) {
  if (open_scopes_ == 0) {
    puts_.insert_or_assign(std::make_pair(cf, std::move(key)), std::move(value));
    return;
  }
  // try_emplace leaves `value` alone when the key is there already.
  auto [put, added] = puts_.try_emplace(std::make_pair(cf, std::move(key)), std::move(value));
  if (added) {
    undo_.push_back({put, Undo::Kind::kErase, {}, 0});
  } else {
    undo_.push_back({put, Undo::Kind::kRestore, std::exchange(put->second, std::move(value)), 0});
  }
}

void Staging::AppendToPut(const Found& found, absl::string_view bytes) {
  auto put = Mutable(found);
  if (open_scopes_ > 0) undo_.push_back({put, Undo::Kind::kCut, {}, put->second.size()});
  put->second.append(bytes.data(), bytes.size());
}

void Staging::OverwriteHeadOfPut(const Found& found, absl::string_view bytes) {
  auto put = Mutable(found);
  LEDGER_CHECK(put->second.size() >= bytes.size());
  if (open_scopes_ > 0) {
    undo_.push_back({put, Undo::Kind::kRestoreHead, put->second.substr(0, bytes.size()), 0});
  }
  put->second.replace(0, bytes.size(), bytes.data(), bytes.size());
}

absl::StatusOr<std::optional<std::string>> Staging::GetLatest(int cf,
                                                              absl::string_view prefix) const {
  const std::optional<size_t> record_bytes = RecordCache::HistoryRecordBytes(cf);
  LEDGER_CHECK(record_bytes.has_value());
  if (auto staged = FindPut(cf, prefix, 8)) {
    return std::string(staged->value().substr(0, *record_bytes));
  }
  if (cache_ != nullptr) {
    if (auto record = cache_->Find(cf, prefix)) return record;
  }
  ASSIGN_OR_RETURN(std::optional<Db::Record> last, db_->GetLast(cf, prefix));
  if (!last) return std::nullopt;
  if (last->value.size() < *record_bytes) {
    return std::string(last->value);  // too short: the caller's decoder says it is corrupt
  }
  last->value.resize(*record_bytes);
  if (cache_ != nullptr) cache_->Remember(cf, prefix, last->value);
  return std::move(last->value);
}

std::optional<Staging::Found> Staging::FindPut(int cf, absl::string_view prefix,
                                               size_t suffix_size) const {
  for (auto it = puts_.lower_bound(std::make_pair(cf, prefix));
       it != puts_.end() && it->first.first == cf && absl::StartsWith(it->first.second, prefix);
       ++it) {
    if (it->first.second.size() == prefix.size() + suffix_size) return Found(it);
  }
  return std::nullopt;
}

// Newest first, so a key put twice gets its first value back before it is erased.
void Staging::UndoTo(size_t mark) {
  LEDGER_CHECK(mark <= undo_.size());
  while (undo_.size() > mark) {
    Undo& undo = undo_.back();
    switch (undo.kind) {
      case Undo::Kind::kErase:
        puts_.erase(undo.put);
        break;
      case Undo::Kind::kRestore:
        undo.put->second = std::move(undo.previous);
        break;
      case Undo::Kind::kCut:
        undo.put->second.resize(undo.length);
        break;
      case Undo::Kind::kRestoreHead:
        undo.put->second.replace(0, undo.previous.size(), undo.previous);
        break;
    }
    undo_.pop_back();
  }
}

void Staging::AppendTo(rocksdb::WriteBatch& batch, const Db& db) const {
  for (const auto& [key, value] : puts_) {
    LEDGER_CHECK(batch.Put(db.handle(key.first), key.second, value).ok());
  }
}

void Staging::RememberIn(RecordCache& cache) const {
  for (const auto& [key, value] : puts_) {
    if (auto record_bytes = RecordCache::HistoryRecordBytes(key.first)) {
      // Kept by prefix: the latest record, whatever batch's key it came from.
      const absl::string_view prefix = absl::string_view(key.second).substr(0, key.second.size() - 8);
      cache.Remember(key.first, prefix, absl::string_view(value).substr(0, *record_bytes));
    } else if (RecordCache::Keeps(key.first)) {
      cache.Remember(key.first, key.second, value);
    }
  }
}

}  // namespace innoledger::storage
