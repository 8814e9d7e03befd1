#include "services/grants/approve.h"

#include "common/china_time.h"
#include "common/status_macros.h"
#include "services/grants/award_store.h"
#include "services/grants/calculator.h"
#include "services/grants/catalogue.h"
#include "services/grants/errors.h"
#include "services/grants/keys.h"
#include "services/grants/usage.h"

namespace innoledger::grants {
namespace {

// Where an approval differs from the filing it approves ("" when it does not).
std::string Mismatch(const v1::AwardRecord& filed, const v1::AwardRecord& approved) {
  if (filed.policy_id() != approved.policy_id()) return "policy";
  if (filed.entity() != approved.entity()) return "entity";
  if (filed.item() != approved.item()) return "item";
  const Facts filed_facts(filed.facts().begin(), filed.facts().end());
  const Facts approved_facts(approved.facts().begin(), approved.facts().end());
  return filed_facts == approved_facts ? "" : "facts";
}

class ApproveCommand final : public storage::Command {
 public:
  ApproveCommand(v1::Policy policy, Application application, const EntityFacts* entity_facts)
      : policy_(std::move(policy)),
        application_(std::move(application)),
        entity_facts_(entity_facts) {}

  std::string Fingerprint() const override {
    storage::Encoder encoder;
    encoder.String("grants.approve");
    EncodeApplication(policy_, application_, encoder);
    return encoder.Take();
  }

  absl::StatusOr<std::string> Apply(storage::ApplyContext& context) override {
    const ContextReader partition(context);
    // 1. The decision day: the policy in force on it, the fiscal year of the award.
    const absl::CivilDay day = application_.decision_day.value_or(ChinaDay(context.now()));
    if (!InForce(policy_, day)) {
      return errors::PolicyNotInForce(policy_.id(), context.city(), FormatDay(day));
    }
    const int32_t year = static_cast<int32_t>(day.year());
    // 2. The filed application under this id, if any.
    ASSIGN_OR_RETURN(v1::AwardRecord award, Start(partition, day));
    // 3. Facts and cap usage as they are now, in this batch.
    ASSIGN_OR_RETURN(Facts facts, DecisionFacts(entity_facts_, partition, application_.entity,
                                                application_.facts));
    ASSIGN_OR_RETURN(CapUsage usage,
                     ReadUsage(partition, policy_, application_.entity, application_.item, year));
    // 4. The amount and why.
    ASSIGN_OR_RETURN(*award.mutable_computation(), Compute(policy_, facts, usage));
    // 5. Tranches; what is due now is paid now, consuming the caps.
    Schedule(award, year);
    RETURN_IF_ERROR(PayNow(context, award, day));
    // 6. The record and what finds it.
    RETURN_IF_ERROR(Keep(context, award, year));
    return Bytes(award);
  }

 private:
  absl::StatusOr<v1::AwardRecord> Start(const PartitionReader& partition,
                                        absl::CivilDay day) const {
    v1::AwardRecord award = DescribeAward(policy_, application_);
    award.set_filed_date(FormatDay(day));
    ASSIGN_OR_RETURN(auto filed, FindAward(partition, application_.award_id));
    if (filed.has_value()) {
      if (filed->state() != v1::AWARD_STATE_FILED) {
        return errors::AwardExists(award.award_id(), v1::AwardState_Name(filed->state()));
      }
      const std::string differs = Mismatch(*filed, award);
      if (!differs.empty()) return errors::ApplicationMismatch(award.award_id(), differs);
      award.set_filed_date(filed->filed_date());
    }
    award.set_state(v1::AWARD_STATE_APPROVED);
    award.set_decision_date(FormatDay(day));
    award.set_fiscal_year(static_cast<int32_t>(day.year()));
    return award;
  }

  // One tranche for what is paid at once; a stepped schedule; a mixed rule's grant part and
  // its investment years.
  void Schedule(v1::AwardRecord& award, int32_t year) const {
    if (policy_.has_stepped()) {
      const auto& amounts = policy_.stepped().tranche_fen();
      const auto years = TrancheYears(policy_, year, amounts.size());
      for (int i = 0; i < amounts.size(); ++i)
        AddTranche(award, v1::TRANCHE_KIND_GRANT, years[i], amounts[i]);
      award.set_forfeit_on_failed_assessment(policy_.stepped().forfeit_on_failed_assessment());
      return;
    }
    AddTranche(award, v1::TRANCHE_KIND_GRANT, {year, false, false},
               award.computation().amount_fen());
    if (!policy_.has_mixed()) return;
    for (const TrancheYear& later :
         TrancheYears(policy_, year + 1, policy_.mixed().investment_years())) {
      AddTranche(award, v1::TRANCHE_KIND_INVESTMENT, later, 0);
    }
    award.set_investment_allowance_fen(policy_.mixed().investment_max_fen());
    award.set_investment_fund_account(policy_.mixed().investment_fund_account());
  }

  static void AddTranche(v1::AwardRecord& award, v1::TrancheKind kind, const TrancheYear& year,
                         int64_t amount_fen) {
    v1::TrancheRecord& tranche = *award.add_tranches();
    tranche.set_kind(kind);
    tranche.set_fiscal_year(year.fiscal_year);
    tranche.set_amount_fen(amount_fen);
    tranche.set_after_window(year.after_window);
    tranche.set_state(year.stopped ? v1::TRANCHE_STATE_STOPPED : v1::TRANCHE_STATE_SCHEDULED);
  }

  absl::Status PayNow(storage::ApplyContext& context, v1::AwardRecord& award,
                      absl::CivilDay day) const {
    if (policy_.has_stepped()) return JournalAward(context, "grant.approve", award);
    v1::TrancheRecord& tranche = *award.mutable_tranches(0);
    const Movement movement{.kind = "grant.award",
                            .from = policy_.fund_account(),
                            .to = PayableAccount(award.entity()),
                            .amount_fen = tranche.amount_fen(),
                            .caps = GrantCaps(policy_, award, tranche.amount_fen()),
                            .value_date = day};
    ASSIGN_OR_RETURN(storage::JournalEntry entry, MoveMoney(context, award, movement));
    tranche.set_state(v1::TRANCHE_STATE_PAYABLE);
    tranche.set_paid_by_sequence(entry.sequence);
    return absl::OkStatus();
  }

  absl::Status Keep(storage::ApplyContext& context, const v1::AwardRecord& award,
                    int32_t year) const {
    StoreAward(context, award);
    context.PutRecord(EntityIndexKey(award.entity(), award.award_id()), "");
    context.PutRecord(PolicyIndexKey(award.policy_id(), year, award.award_id()), "");
    context.PutRecord(YearIndexKey(year, award.award_id()), "");
    if (policy_.caps().once_per_entity()) {
      context.PutRecord(OnceKey(policy_.id(), award.entity()), award.award_id());
    }
    return TrackOpen(context, award);
  }

  v1::Policy policy_;
  Application application_;
  const EntityFacts* entity_facts_;
};

}  // namespace

std::unique_ptr<storage::Command> MakeApproveCommand(const v1::Policy& policy,
                                                     Application application,
                                                     const EntityFacts* entity_facts) {
  return std::make_unique<ApproveCommand>(policy, std::move(application), entity_facts);
}

}  // namespace innoledger::grants
