#include "storage/staging.h"

#include "common/check.h"

namespace innoledger::storage {

absl::StatusOr<std::optional<std::string>> Staging::Get(int cf, absl::string_view key) const {
  const Staging* layer = this;
  while (true) {
    auto it = layer->puts_.find(std::make_pair(cf, key));
    if (it != layer->puts_.end()) return it->second;
    if (layer->parent_ == nullptr) return layer->ReadBelow(cf, key);
    layer = layer->parent_;
  }
}

// Below the bottom layer: the writer's cache, else the database (remembered for next time:
// nothing staged above it has reached RocksDB, so what RocksDB has is the latest).
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
  puts_.insert_or_assign(std::make_pair(cf, std::move(key)), std::move(value));
}

void Staging::MergeInto(Staging& parent) {
  LEDGER_CHECK(&parent == parent_);
  // Moves the nodes whose keys the parent lacks; what is left overwrites the parent's.
  parent.puts_.merge(puts_);
  for (auto& [key, value] : puts_) parent.puts_.find(key)->second = std::move(value);
  puts_.clear();
}

void Staging::AppendTo(rocksdb::WriteBatch& batch, const Db& db) const {
  for (const auto& [key, value] : puts_) {
    LEDGER_CHECK(batch.Put(db.handle(key.first), key.second, value).ok());
  }
}

void Staging::RememberIn(RecordCache& cache) const {
  for (const auto& [key, value] : puts_) {
    if (RecordCache::Keeps(key.first)) cache.Remember(key.first, key.second, value);
  }
}

}  // namespace innoledger::storage
