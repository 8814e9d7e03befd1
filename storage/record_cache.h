#ifndef INNOLEDGER_STORAGE_RECORD_CACHE_H_
#define INNOLEDGER_STORAGE_RECORD_CACHE_H_

#include <cstddef>
#include <optional>
#include <string>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/string_view.h"
#include "storage/format.h"

namespace innoledger::storage {

// The latest values of the records a partition changes again and again (account states,
// cap counters), as its single writer last wrote or read them. Only that writer changes
// these records, so its own copy is exact, and a hot account (a fund paying every
// redemption) is not read back from RocksDB for every command. Not thread-safe: it belongs
// to one sequencer. Bounded: when full it starts again empty, which costs a few reads.
class RecordCache {
 public:
  explicit RecordCache(size_t max_records) : max_records_(max_records) {}

  // Whether records of column family `cf` are kept here. (Inline, as the next: asked for
  // every write of a batch.)
  static bool Keeps(int cf) { return cf == format::kAccounts || cf == format::kCaps; }
  // For a family of histories (account states: one key a batch, each named by a sequence):
  // how many bytes at the head of a value are the record. Such records are kept under
  // their key's prefix, so the cache holds the latest one. Null for other families.
  static std::optional<size_t> HistoryRecordBytes(int cf) {
    if (cf == format::kAccounts) return format::kAccountRecordBytes;
    return std::nullopt;
  }
  std::optional<std::string> Find(int cf, absl::string_view key) const;
  void Remember(int cf, absl::string_view key, absl::string_view value);
  void Clear();

 private:
  using Records = absl::flat_hash_map<std::string, std::string>;  // looked up by string_view
  Records* RecordsOf(int cf);
  const Records* RecordsOf(int cf) const;

  const size_t max_records_;
  Records accounts_;
  Records caps_;
};

}  // namespace innoledger::storage

#endif  // INNOLEDGER_STORAGE_RECORD_CACHE_H_
