#include "services/grants/hold.h"

#include "common/status_macros.h"
#include "services/grants/award_store.h"
#include "services/grants/errors.h"
#include "storage/encoding.h"

namespace innoledger::grants {
namespace {

// Holds (or releases) the waiting tranches of one award; true when any changed.
bool Change(v1::AwardRecord& award, bool hold) {
  bool changed = false;
  for (v1::TrancheRecord& tranche : *award.mutable_tranches()) {
    if (hold && (tranche.state() == v1::TRANCHE_STATE_SCHEDULED ||
                 tranche.state() == v1::TRANCHE_STATE_SUSPENDED)) {
      tranche.set_state_before_hold(tranche.state());
      tranche.set_state(v1::TRANCHE_STATE_HELD);
      changed = true;
    } else if (!hold && tranche.state() == v1::TRANCHE_STATE_HELD) {
      tranche.set_state(tranche.state_before_hold());
      tranche.clear_state_before_hold();
      changed = true;
    }
  }
  return changed;
}

class HoldCommand final : public storage::Command {
 public:
  HoldCommand(bool hold, std::string entity, std::string reason, const EntityFacts* entity_facts)
      : hold_(hold),
        entity_(std::move(entity)),
        reason_(std::move(reason)),
        entity_facts_(entity_facts) {}

  std::string Fingerprint() const override {
    storage::Encoder encoder;
    encoder.String(hold_ ? "grants.hold" : "grants.release");
    encoder.String(entity_);
    encoder.String(reason_);
    return encoder.Take();
  }

  absl::StatusOr<std::string> Apply(storage::ApplyContext& context) override {
    const ContextReader partition(context);
    // 1. Releasing: only once the registry has cleared the record.
    if (!hold_ && entity_facts_ != nullptr) {
      ASSIGN_OR_RETURN(Facts facts, entity_facts_->Lookup(partition, entity_));
      if (facts[kBadRecordFact] != 0) return errors::BadRecordNotCleared(entity_);
    }
    // 2. Every open award of the entity, each change on the chain.
    ASSIGN_OR_RETURN(v1::OpenAwards open, LoadOpenAwards(partition, entity_));
    v1::OpenAwards touched;
    for (const std::string& award_id : open.award_ids()) {
      ASSIGN_OR_RETURN(v1::AwardRecord award, LoadAward(partition, award_id));
      if (!Change(award, hold_)) continue;
      RETURN_IF_ERROR(
          JournalAward(context, hold_ ? "grant.hold" : "grant.release", award, reason_));
      StoreAward(context, award);
      *touched.add_award_ids() = award_id;
    }
    return Bytes(touched);
  }

 private:
  bool hold_;
  std::string entity_;
  std::string reason_;
  const EntityFacts* entity_facts_;
};

}  // namespace

std::unique_ptr<storage::Command> MakeHoldForBadRecordCommand(std::string entity,
                                                              std::string reason) {
  return std::make_unique<HoldCommand>(true, std::move(entity), std::move(reason), nullptr);
}

std::unique_ptr<storage::Command> MakeReleaseHoldCommand(std::string entity, std::string reason,
                                                         const EntityFacts* entity_facts) {
  return std::make_unique<HoldCommand>(false, std::move(entity), std::move(reason), entity_facts);
}

}  // namespace innoledger::grants
