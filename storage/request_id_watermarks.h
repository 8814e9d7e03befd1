#ifndef INNOLEDGER_STORAGE_REQUEST_ID_WATERMARKS_H_
#define INNOLEDGER_STORAGE_REQUEST_ID_WATERMARKS_H_

#include <cstddef>
#include <string>

#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "storage/db.h"

namespace innoledger::storage {

// Per principal, a request id at least as high (bytewise) as every id the principal has
// used in one city. A request whose id is above it cannot have an idempotency record, so
// the sequencer skips that lookup. The SDK's ids start with the time, so a client's next
// id nearly always is; one that is not costs the lookup it would have cost anyway.
// Sequencer thread only. Bounded: past `max_principals` it forgets them all between two
// batches and reads each one's highest id back from RocksDB on its next request.
class RequestIdWatermarks {
 public:
  RequestIdWatermarks(const Db* db, std::string city, size_t max_principals)
      : db_(db), city_(std::move(city)), max_principals_(max_principals) {}

  // Whether `request_id` is above every id `principal` used before; it becomes the mark
  // when it is. A principal not seen yet is first read from the idempotency records.
  absl::StatusOr<bool> IsAboveAll(absl::string_view principal, absl::string_view request_id);

  // Only between batches: the ids of a batch being applied are not in RocksDB yet, so a
  // mark forgotten in the middle of one would be read back too low.
  void TrimBetweenBatches();

 private:
  absl::StatusOr<std::string> HighestStored(absl::string_view principal) const;

  const Db* db_;
  const std::string city_;
  const size_t max_principals_;
  absl::flat_hash_map<std::string, std::string> marks_;  // principal → highest id seen
};

}  // namespace innoledger::storage

#endif  // INNOLEDGER_STORAGE_REQUEST_ID_WATERMARKS_H_
