#ifndef INNOLEDGER_SERVICES_REGISTRY_PARTITION_VIEW_H_
#define INNOLEDGER_SERVICES_REGISTRY_PARTITION_VIEW_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "google/protobuf/message_lite.h"
#include "storage/command.h"
#include "storage/errors.h"
#include "storage/ledger.h"

// Domain rules read a city's partition through this one interface, so the same check runs
// inside a command (the sequencer's view, atomic with the command's writes) and outside it
// (the last durable state: dry runs, queries, and the facts a command of another city
// needs). It would sit better in storage/ as a base of ApplyContext; see docs/vouchers.md.
namespace innoledger::registry {

class PartitionView {
 public:
  virtual ~PartitionView() = default;
  virtual absl::string_view city() const = 0;
  virtual absl::Time now() const = 0;
  virtual absl::StatusOr<std::optional<std::string>> GetRecord(absl::string_view key) const = 0;
  virtual absl::StatusOr<std::optional<storage::AccountState>> GetAccount(
      absl::string_view id) const = 0;
  virtual absl::StatusOr<int64_t> CapUsed(absl::string_view scope, int32_t fiscal_year) const = 0;
  virtual absl::StatusOr<std::optional<storage::EntryState>> GetEntryState(
      uint64_t sequence) const = 0;
};

// Inside a command.
class ContextView final : public PartitionView {
 public:
  explicit ContextView(storage::ApplyContext& context) : context_(context) {}
  absl::string_view city() const override { return context_.city(); }
  absl::Time now() const override { return context_.now(); }
  absl::StatusOr<std::optional<std::string>> GetRecord(absl::string_view key) const override {
    return context_.GetRecord(key);
  }
  absl::StatusOr<std::optional<storage::AccountState>> GetAccount(
      absl::string_view id) const override {
    return context_.GetAccount(id);
  }
  absl::StatusOr<int64_t> CapUsed(absl::string_view scope, int32_t fiscal_year) const override {
    return context_.CapUsed(scope, fiscal_year);
  }
  absl::StatusOr<std::optional<storage::EntryState>> GetEntryState(
      uint64_t sequence) const override {
    return context_.GetEntryState(sequence);
  }

 private:
  storage::ApplyContext& context_;
};

// Outside: the committed state of `city`, at the instant `now` the caller chose.
class LedgerView final : public PartitionView {
 public:
  LedgerView(const storage::Ledger& ledger, std::string city, absl::Time now)
      : ledger_(ledger), city_(std::move(city)), now_(now) {}
  absl::string_view city() const override { return city_; }
  absl::Time now() const override { return now_; }
  absl::StatusOr<std::optional<std::string>> GetRecord(absl::string_view key) const override {
    return ledger_.GetRecord(city_, key);
  }
  absl::StatusOr<std::optional<storage::AccountState>> GetAccount(
      absl::string_view id) const override {
    return ledger_.GetAccount(city_, id);
  }
  absl::StatusOr<int64_t> CapUsed(absl::string_view scope, int32_t fiscal_year) const override {
    return ledger_.GetCapUsed(city_, scope, fiscal_year);
  }
  absl::StatusOr<std::optional<storage::EntryState>> GetEntryState(
      uint64_t sequence) const override {
    return ledger_.GetEntryState(city_, sequence);
  }

 private:
  const storage::Ledger& ledger_;
  std::string city_;
  absl::Time now_;
};

// Who writes: the principal and the request id that make a write idempotent.
struct Caller {
  std::string principal;
  std::string request_id;
  // Per-city set-up: the city of the node that forwarded the call ("" when direct).
  std::string via_city = {};
};

// A proto record under `key`, or nullopt; DATA_LOSS / CORRUPT_RECORD when it does not parse.
template <typename Message>
absl::StatusOr<std::optional<Message>> ReadRecord(const PartitionView& view,
                                                  absl::string_view key) {
  auto bytes = view.GetRecord(key);
  if (!bytes.ok()) return bytes.status();
  if (!bytes->has_value()) return std::nullopt;
  Message message;
  if (!message.ParseFromString(**bytes)) {
    return storage::errors::Corrupt(absl::StrCat("record ", key, " does not parse"));
  }
  return message;
}

// Stores `message` under `key` (deterministic bytes, so a record digest is repeatable).
void WriteRecord(storage::ApplyContext& context, absl::string_view key,
                 const google::protobuf::MessageLite& message);
std::string DeterministicBytes(const google::protobuf::MessageLite& message);

// Every change of a record is also a journal entry, so the hash chain covers it: a
// zero-posting transaction of `kind` whose references name what changed and carry the
// SHA-256 of the record as written ("record_sha256"). Returns the entry's sequence.
absl::StatusOr<uint64_t> JournalRecordChange(storage::ApplyContext& context,
                                             absl::string_view kind,
                                             std::vector<storage::Reference> references,
                                             const google::protobuf::MessageLite& record,
                                             absl::string_view memo = "");

// "YYYY-MM-DD" → day, false when malformed or not a real date; and back.
bool ParseDay(absl::string_view text, absl::CivilDay* day);
std::string FormatDay(absl::CivilDay day);

}  // namespace innoledger::registry

#endif  // INNOLEDGER_SERVICES_REGISTRY_PARTITION_VIEW_H_
