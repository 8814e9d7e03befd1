#include "storage/request_id_watermarks.h"

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"

namespace innoledger::storage {

absl::StatusOr<bool> RequestIdWatermarks::IsAboveAll(absl::string_view principal,
                                                     absl::string_view request_id) {
  auto it = marks_.find(principal);
  if (it == marks_.end()) {
    absl::StatusOr<std::string> highest = HighestStored(principal);
    if (!highest.ok()) return highest.status();
    it = marks_.emplace(std::string(principal), *std::move(highest)).first;
  }
  // An empty mark (nothing stored yet) is below every id: ids are never empty.
  if (absl::string_view(it->second) >= request_id) return false;
  it->second.assign(request_id.data(), request_id.size());
  return true;
}

void RequestIdWatermarks::TrimBetweenBatches() {
  if (marks_.size() > max_principals_) marks_.clear();
}

// The last idempotency key of the principal: keys are `city ␀ principal ␀ id`, and ids
// hold no control characters, so every one of them sorts below `city ␀ principal ␁`.
absl::StatusOr<std::string> RequestIdWatermarks::HighestStored(
    absl::string_view principal) const {
  const std::string prefix = format::IdempotencyKey(city_, principal, "");
  std::string beyond = prefix;
  beyond.back() = '\x01';
  auto it = db_->NewIterator(format::kIdempotency);
  it->SeekForPrev(rocksdb::Slice(beyond));
  if (!it->status().ok()) {
    return FromRocks(it->status(), absl::StrCat("reading the request ids of ", principal));
  }
  if (!it->Valid() || !absl::StartsWith(View(it->key()), prefix)) return std::string();
  return std::string(View(it->key()).substr(prefix.size()));
}

}  // namespace innoledger::storage
