#include "services/grants/award_store.h"

#include <algorithm>
#include <limits>

#include "absl/strings/str_cat.h"
#include "common/status_macros.h"
#include "google/protobuf/io/coded_stream.h"
#include "google/protobuf/io/zero_copy_stream_impl_lite.h"
#include "services/grants/errors.h"
#include "services/grants/keys.h"
#include "services/grants/limits.h"
#include "storage/errors.h"

namespace innoledger::grants {
namespace {

constexpr int64_t kUnlimited = std::numeric_limits<int64_t>::max();

std::vector<storage::Reference> AwardReferences(const v1::AwardRecord& award) {
  return {{"award", award.award_id()}, {"entity", award.entity()}, {"policy", award.policy_id()}};
}

bool Open(const v1::AwardRecord& award) {
  if (award.state() != v1::AWARD_STATE_APPROVED) return false;
  for (const v1::TrancheRecord& tranche : award.tranches()) {
    const bool waiting = tranche.state() == v1::TRANCHE_STATE_SCHEDULED ||
                         tranche.state() == v1::TRANCHE_STATE_SUSPENDED ||
                         tranche.state() == v1::TRANCHE_STATE_HELD;
    // An investment tranche is still to come only while something may be invested.
    const bool investable =
        tranche.kind() != v1::TRANCHE_KIND_INVESTMENT || award.investment_allowance_fen() > 0;
    if (waiting && investable) return true;
  }
  return false;
}

}  // namespace

absl::StatusOr<std::optional<v1::AwardRecord>> FindAward(const PartitionReader& partition,
                                                         absl::string_view award_id) {
  ASSIGN_OR_RETURN(auto bytes, partition.GetRecord(AwardKey(award_id)));
  if (!bytes.has_value()) return std::nullopt;
  v1::AwardRecord award;
  if (!award.ParseFromString(*bytes)) {
    return storage::errors::Corrupt(absl::StrCat("award record ", award_id, " does not parse"));
  }
  return award;
}

absl::StatusOr<v1::AwardRecord> LoadAward(const PartitionReader& partition,
                                          absl::string_view award_id) {
  ASSIGN_OR_RETURN(auto award, FindAward(partition, award_id));
  if (!award.has_value()) return errors::AwardNotFound(award_id);
  return *std::move(award);
}

absl::StatusOr<v1::AwardRecord> LoadApproved(const PartitionReader& partition,
                                             absl::string_view award_id) {
  ASSIGN_OR_RETURN(v1::AwardRecord award, LoadAward(partition, award_id));
  if (award.state() != v1::AWARD_STATE_APPROVED) {
    return errors::AwardNotApproved(award_id, v1::AwardState_Name(award.state()));
  }
  return award;
}

std::string Bytes(const google::protobuf::MessageLite& message) {
  std::string bytes;
  google::protobuf::io::StringOutputStream stream(&bytes);
  google::protobuf::io::CodedOutputStream coded(&stream);
  coded.SetSerializationDeterministic(true);
  message.SerializeToCodedStream(&coded);
  coded.Trim();
  return bytes;
}

void StoreAward(storage::ApplyContext& context, const v1::AwardRecord& award) {
  context.PutRecord(AwardKey(award.award_id()), Bytes(award));
}

absl::Status JournalAward(storage::ApplyContext& context, absl::string_view kind,
                          const v1::AwardRecord& award, absl::string_view memo) {
  storage::TransactionRequest request;
  request.kind = std::string(kind);
  request.policy_version = award.policy_version();
  request.references = AwardReferences(award);
  request.memo = std::string(memo);
  return context.Transact(request).status();
}

absl::StatusOr<storage::JournalEntry> MoveMoney(storage::ApplyContext& context,
                                                const v1::AwardRecord& award,
                                                const Movement& movement) {
  storage::TransactionRequest request;
  request.kind = movement.kind;
  request.policy_version = award.policy_version();
  request.value_date = movement.value_date;
  request.memo = movement.memo;
  ASSIGN_OR_RETURN(auto existing, context.GetAccount(movement.to));
  if (!existing.has_value()) request.open_accounts = {{movement.to, movement.to_type}};
  request.postings = {{movement.from, -movement.amount_fen}, {movement.to, movement.amount_fen}};
  request.references = AwardReferences(award);
  request.caps = movement.caps;
  return context.Transact(request);
}

std::vector<storage::CapUse> GrantCaps(const v1::Policy& policy, const v1::AwardRecord& award,
                                       int64_t amount_fen) {
  const v1::Caps& caps = policy.caps();
  std::vector<storage::CapUse> uses;
  if (caps.per_item_fen() > 0) {
    uses.push_back({ItemScope(policy, award.item()), amount_fen, caps.per_item_fen(), true});
  }
  const int64_t entity_year =
      caps.per_entity_year_fen() > 0 ? caps.per_entity_year_fen() : kUnlimited;
  uses.push_back({EntityYearScope(policy.id(), award.entity()), amount_fen, entity_year, false});
  if (caps.budget_per_year_fen() > 0) {
    uses.push_back({BudgetScope(policy.id()), amount_fen, caps.budget_per_year_fen(), false});
  }
  return uses;
}

int64_t SumTranches(const v1::AwardRecord& award, v1::TrancheState state) {
  int64_t total = 0;
  for (const v1::TrancheRecord& tranche : award.tranches()) {
    if (tranche.state() == state) total += tranche.amount_fen();
  }
  return total;
}

absl::StatusOr<v1::TrancheRecord*> FindTranche(v1::AwardRecord& award, v1::TrancheKind kind,
                                               int32_t fiscal_year) {
  for (v1::TrancheRecord& tranche : *award.mutable_tranches()) {
    if (tranche.kind() == kind && tranche.fiscal_year() == fiscal_year) return &tranche;
  }
  return errors::TrancheNotFound(award.award_id(), fiscal_year);
}

absl::StatusOr<v1::OpenAwards> LoadOpenAwards(const PartitionReader& partition,
                                              absl::string_view entity) {
  ASSIGN_OR_RETURN(auto bytes, partition.GetRecord(OpenAwardsKey(entity)));
  v1::OpenAwards open;
  if (bytes.has_value() && !open.ParseFromString(*bytes)) {
    return storage::errors::Corrupt(absl::StrCat("open awards of ", entity, " do not parse"));
  }
  return open;
}

absl::Status TrackOpen(storage::ApplyContext& context, const v1::AwardRecord& award) {
  ASSIGN_OR_RETURN(v1::OpenAwards open, LoadOpenAwards(ContextReader(context), award.entity()));
  auto& ids = *open.mutable_award_ids();
  auto it = std::find(ids.begin(), ids.end(), award.award_id());
  const bool listed = it != ids.end();
  if (listed == Open(award)) return absl::OkStatus();
  if (listed) {
    ids.erase(it);
  } else {
    if (ids.size() >= kMaxOpenAwardsPerEntity) {
      return errors::TooManyOpenAwards(award.entity(), kMaxOpenAwardsPerEntity);
    }
    *open.add_award_ids() = award.award_id();
  }
  context.PutRecord(OpenAwardsKey(award.entity()), Bytes(open));
  return absl::OkStatus();
}

}  // namespace innoledger::grants
