#include "storage/record_cache.h"

#include "storage/format.h"

namespace innoledger::storage {

RecordCache::Records* RecordCache::RecordsOf(int cf) {
  return const_cast<Records*>(static_cast<const RecordCache*>(this)->RecordsOf(cf));
}

const RecordCache::Records* RecordCache::RecordsOf(int cf) const {
  switch (cf) {
    case format::kAccounts:
      return &accounts_;
    case format::kCaps:
      return &caps_;
    default:
      return nullptr;
  }
}

std::optional<std::string> RecordCache::Find(int cf, absl::string_view key) const {
  const Records* records = RecordsOf(cf);
  if (records == nullptr) return std::nullopt;
  auto it = records->find(key);
  if (it == records->end()) return std::nullopt;
  return it->second;
}

void RecordCache::Remember(int cf, absl::string_view key, absl::string_view value) {
  Records* records = RecordsOf(cf);
  if (records == nullptr || max_records_ == 0) return;
  if (records->size() >= max_records_) records->clear();
  (*records)[key] = std::string(value);
}

void RecordCache::Clear() {
  accounts_.clear();
  caps_.clear();
}

}  // namespace innoledger::storage
