#ifndef INNOLEDGER_STORAGE_LIMITS_H_
#define INNOLEDGER_STORAGE_LIMITS_H_

#include <cstddef>

#include "absl/time/time.h"

namespace innoledger::storage {

// Everything has a limit (TIGER_STYLE). Each is checked before a write and again when an
// entry is decoded.
inline constexpr size_t kMaxIdLength = 128;          // account ids, request ids, principals
inline constexpr size_t kMaxCityLength = 32;
inline constexpr size_t kMaxKindLength = 64;
inline constexpr size_t kMaxReferenceLength = 128;   // a reference key or value
inline constexpr size_t kMaxMemoLength = 1024;
inline constexpr size_t kMaxPostings = 64;
inline constexpr size_t kMaxReferences = 16;
inline constexpr size_t kMaxCaps = 16;
inline constexpr size_t kMaxOpenAccounts = 16;
inline constexpr size_t kMaxRecordValueBytes = 64 * 1024;
inline constexpr size_t kMaxOutcomeBodyBytes = 64 * 1024;
inline constexpr int kMaxPageSize = 1000;
inline constexpr int kMaxYear = 2200;
inline constexpr int kMinYear = 1990;
// A hold lives at least this long: the sequencer's expiry sweep relies on it.
inline constexpr absl::Duration kMinHoldTimeout = absl::Seconds(1);

}  // namespace innoledger::storage

#endif  // INNOLEDGER_STORAGE_LIMITS_H_
