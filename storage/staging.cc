#include "storage/staging.h"

#include "common/check.h"

namespace innoledger::storage {

absl::StatusOr<std::optional<std::string>> Staging::Get(int cf, absl::string_view key) const {
  for (const Staging* layer = this; layer != nullptr; layer = layer->parent_) {
    auto it = layer->puts_.find(std::make_pair(cf, std::string(key)));
    if (it != layer->puts_.end()) return it->second;
  }
  return db_->Get(cf, key);
}

void Staging::Put(int cf, std::string key, std::string value) {
  puts_[std::make_pair(cf, std::move(key))] = std::move(value);
}

void Staging::MergeInto(Staging& parent) {
  LEDGER_CHECK(&parent == parent_);
  for (auto& [key, value] : puts_) parent.puts_[key] = std::move(value);
  puts_.clear();
}

void Staging::AppendTo(rocksdb::WriteBatch& batch, const Db& db) const {
  for (const auto& [key, value] : puts_) {
    LEDGER_CHECK(batch.Put(db.handle(key.first), key.second, value).ok());
  }
}

}  // namespace innoledger::storage
