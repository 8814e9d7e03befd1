#ifndef INNOLEDGER_SERVICES_GRANTS_FACTS_H_
#define INNOLEDGER_SERVICES_GRANTS_FACTS_H_

#include <cstdint>
#include <map>
#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "storage/command.h"
#include "storage/ledger.h"

namespace innoledger::grants {

// The facts an award is decided on: integers named by the catalogue (amounts in fen,
// counts, 0/1 flags).
using Facts = std::map<std::string, int64_t>;

// The registry's facts every catalogue may use. A registry that knows an entity answers at
// least these two; one that does not know it answers registered_in_zone = 0.
inline constexpr char kRegisteredInZoneFact[] = "registered_in_zone";
inline constexpr char kBadRecordFact[] = "bad_record";

// A city's domain records and cap counters, read either inside a command (the
// sequencer's view, which sees the earlier commands of its batch) or from the last durable
// state (dry runs, queries): one interface, so both run the same checks.
class PartitionReader {
 public:
  virtual ~PartitionReader() = default;
  virtual absl::StatusOr<std::optional<std::string>> GetRecord(absl::string_view key) const = 0;
  virtual absl::StatusOr<int64_t> CapUsed(absl::string_view scope, int32_t fiscal_year) const = 0;
};

class ContextReader final : public PartitionReader {
 public:
  explicit ContextReader(storage::ApplyContext& context) : context_(context) {}
  absl::StatusOr<std::optional<std::string>> GetRecord(absl::string_view key) const override {
    return context_.GetRecord(key);
  }
  absl::StatusOr<int64_t> CapUsed(absl::string_view scope, int32_t fiscal_year) const override {
    return context_.CapUsed(scope, fiscal_year);
  }

 private:
  storage::ApplyContext& context_;
};

class LedgerReader final : public PartitionReader {
 public:
  LedgerReader(const storage::Ledger& ledger, std::string city)
      : ledger_(ledger), city_(std::move(city)) {}
  absl::StatusOr<std::optional<std::string>> GetRecord(absl::string_view key) const override {
    return ledger_.GetRecord(city_, key);
  }
  absl::StatusOr<int64_t> CapUsed(absl::string_view scope, int32_t fiscal_year) const override {
    return ledger_.GetCapUsed(city_, scope, fiscal_year);
  }

 private:
  const storage::Ledger& ledger_;
  std::string city_;
};

// What the registry knows about an entity, as facts (declared FACT_SOURCE_REGISTRY in the
// catalogue). Implemented by the registry over its records in the awarding city's
// partition; grants reads it inside the sequencer through `partition`, so a bad record set
// by an earlier command blocks every later award. Must not block or write.
class EntityFacts {
 public:
  virtual ~EntityFacts() = default;
  virtual absl::StatusOr<Facts> Lookup(const PartitionReader& partition,
                                       absl::string_view entity) const = 0;
};

// The application's facts with the registry's laid over them: an application cannot
// claim a registry fact. Without a registry (`entity_facts` null) the application's stand.
absl::StatusOr<Facts> DecisionFacts(const EntityFacts* entity_facts,
                                    const PartitionReader& partition, absl::string_view entity,
                                    const Facts& stated);

}  // namespace innoledger::grants

#endif  // INNOLEDGER_SERVICES_GRANTS_FACTS_H_
