#ifndef INNOLEDGER_SERVICES_GRANTS_AWARD_STORE_H_
#define INNOLEDGER_SERVICES_GRANTS_AWARD_STORE_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "google/protobuf/message_lite.h"
#include "innoledger/v1/awards.pb.h"
#include "innoledger/v1/catalogue.pb.h"
#include "services/grants/facts.h"
#include "storage/command.h"

// Award records inside commands: reading, storing, and the journal entries that put every
// change of an award on the hash chain (each names it: references award, entity, policy).
namespace innoledger::grants {

// The award, or nullopt; DATA_LOSS (CORRUPT_RECORD) when the record does not parse.
absl::StatusOr<std::optional<v1::AwardRecord>> FindAward(const PartitionReader& partition,
                                                         absl::string_view award_id);
// The same, NOT_FOUND (AWARD_NOT_FOUND) when absent.
absl::StatusOr<v1::AwardRecord> LoadAward(const PartitionReader& partition,
                                          absl::string_view award_id);
// An approved award; FAILED_PRECONDITION (AWARD_NOT_APPROVED) otherwise.
absl::StatusOr<v1::AwardRecord> LoadApproved(const PartitionReader& partition,
                                             absl::string_view award_id);

// Deterministic bytes, so equal records are equal bytes.
std::string Bytes(const google::protobuf::MessageLite& message);
void StoreAward(storage::ApplyContext& context, const v1::AwardRecord& award);

// A journal entry without postings recording a change of the award.
absl::Status JournalAward(storage::ApplyContext& context, absl::string_view kind,
                          const v1::AwardRecord& award, absl::string_view memo = "");

// Money of an award: `amount_fen` from `from` into `to`, opening `to` as `to_type` the
// first time, consuming `caps` in the same entry. The ledger refuses it when `from` does
// not hold the amount (a fund never pays more than it holds) or a cap would pass.
struct Movement {
  std::string kind = {};
  std::string from = {};
  std::string to = {};
  storage::AccountType to_type = storage::AccountType::kBeneficiaryPayable;
  int64_t amount_fen = 0;
  std::vector<storage::CapUse> caps = {};
  std::optional<absl::CivilDay> value_date = {};  // absent: the batch's day
  std::string memo = {};
};
absl::StatusOr<storage::JournalEntry> MoveMoney(storage::ApplyContext& context,
                                                const v1::AwardRecord& award,
                                                const Movement& movement);

// The caps a grant payment of `amount_fen` consumes: the item's (lifetime) when the rule
// caps items, the entity's year (always counted, so usage can be queried; limited only
// when the rule caps it) and the programme's budget year when it has one.
std::vector<storage::CapUse> GrantCaps(const v1::Policy& policy, const v1::AwardRecord& award,
                                       int64_t amount_fen);

// The sum of the award's tranches in `state` (e.g. what is payable now, or paid out).
int64_t SumTranches(const v1::AwardRecord& award, v1::TrancheState state);

// The grant / investment tranche of `fiscal_year`: NOT_FOUND (TRANCHE_NOT_FOUND) if none.
absl::StatusOr<v1::TrancheRecord*> FindTranche(v1::AwardRecord& award, v1::TrancheKind kind,
                                               int32_t fiscal_year);

// Keeps the entity's list of awards with tranches still to come up to date: a bad record
// holds every one of them. FAILED_PRECONDITION (TOO_MANY_OPEN_AWARDS) past the limit.
absl::Status TrackOpen(storage::ApplyContext& context, const v1::AwardRecord& award);
absl::StatusOr<v1::OpenAwards> LoadOpenAwards(const PartitionReader& partition,
                                              absl::string_view entity);

}  // namespace innoledger::grants

#endif  // INNOLEDGER_SERVICES_GRANTS_AWARD_STORE_H_
