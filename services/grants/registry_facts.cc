#include "services/grants/registry_facts.h"

#include "absl/strings/str_cat.h"
#include "innoledger/v1/registry.pb.h"
#include "services/registry/entity.h"
#include "storage/errors.h"

namespace innoledger::grants {

absl::StatusOr<Facts> RegistryFacts::Lookup(const PartitionReader& partition,
                                            absl::string_view entity) const {
  auto bytes = partition.GetRecord(registry::EntityKey(entity));
  if (!bytes.ok()) return bytes.status();
  if (!bytes->has_value()) return Facts{{kRegisteredInZoneFact, 0}, {kBadRecordFact, 0}};
  v1::Entity record;
  if (!record.ParseFromString(**bytes)) {
    return storage::errors::Corrupt(absl::StrCat("registry record of ", entity, " does not parse"));
  }
  return Facts{{kRegisteredInZoneFact, 1}, {kBadRecordFact, record.has_bad_record() ? 1 : 0}};
}

}  // namespace innoledger::grants
