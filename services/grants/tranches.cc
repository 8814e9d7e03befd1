#include "services/grants/tranches.h"

#include "absl/strings/str_cat.h"
#include "common/china_time.h"
#include "common/money.h"
#include "common/status_macros.h"
#include "services/grants/award_store.h"
#include "services/grants/eligibility.h"
#include "services/grants/errors.h"
#include "services/grants/keys.h"
#include "storage/encoding.h"

namespace innoledger::grants {
namespace {

// The policy's conditions still hold with the registry's facts as they are now (a bad
// record since the approval blocks the next tranche).
absl::Status StillEligible(const v1::Policy& policy, const EntityFacts* entity_facts,
                           const PartitionReader& partition, const v1::AwardRecord& award) {
  const Facts stated(award.facts().begin(), award.facts().end());
  ASSIGN_OR_RETURN(Facts facts, DecisionFacts(entity_facts, partition, award.entity(), stated));
  return CheckEligible(policy, facts);
}

absl::Status Due(const v1::AwardRecord& award, const v1::TrancheRecord& tranche,
                 std::initializer_list<v1::TrancheState> states) {
  for (v1::TrancheState state : states) {
    if (tranche.state() == state) return absl::OkStatus();
  }
  return errors::TrancheNotDue(award.award_id(), tranche.fiscal_year(),
                               v1::TrancheState_Name(tranche.state()));
}

absl::Status SamePolicy(const v1::Policy& policy, const v1::AwardRecord& award) {
  if (policy.id() == award.policy_id()) return absl::OkStatus();
  return errors::ApplicationMismatch(award.award_id(), "policy");
}

class AssessCommand final : public storage::Command {
 public:
  AssessCommand(v1::Policy policy, std::string award_id, int32_t fiscal_year, bool passed,
                const EntityFacts* entity_facts)
      : policy_(std::move(policy)),
        award_id_(std::move(award_id)),
        fiscal_year_(fiscal_year),
        passed_(passed),
        entity_facts_(entity_facts) {}

  std::string Fingerprint() const override {
    storage::Encoder encoder;
    encoder.String("grants.assess");
    encoder.String(award_id_);
    encoder.I32(fiscal_year_);
    encoder.U8(passed_ ? 1 : 0);
    return encoder.Take();
  }

  absl::StatusOr<std::string> Apply(storage::ApplyContext& context) override {
    const ContextReader partition(context);
    // 1. The award and the year's tranche, waiting for its assessment.
    ASSIGN_OR_RETURN(v1::AwardRecord award, LoadApproved(partition, award_id_));
    RETURN_IF_ERROR(SamePolicy(policy_, award));
    ASSIGN_OR_RETURN(v1::TrancheRecord * tranche,
                     FindTranche(award, v1::TRANCHE_KIND_GRANT, fiscal_year_));
    RETURN_IF_ERROR(
        Due(award, *tranche, {v1::TRANCHE_STATE_SCHEDULED, v1::TRANCHE_STATE_SUSPENDED}));
    if (fiscal_year_ > ChinaDay(context.now()).year()) {
      return errors::TrancheNotDue(award_id_, fiscal_year_, "not due before its year");
    }
    // 2. Passed: payable, if the entity still qualifies. Failed: per the rule.
    if (passed_) {
      RETURN_IF_ERROR(StillEligible(policy_, entity_facts_, partition, award));
      RETURN_IF_ERROR(Pay(context, award, *tranche));
    } else {
      tranche->set_state(award.forfeit_on_failed_assessment() ? v1::TRANCHE_STATE_FORFEITED
                                                              : v1::TRANCHE_STATE_SUSPENDED);
      RETURN_IF_ERROR(JournalAward(
          context, "grant.assessment_failed", award,
          absl::StrCat("tranche ", fiscal_year_, ": ", v1::TrancheState_Name(tranche->state()))));
    }
    // 3. Keep it.
    StoreAward(context, award);
    RETURN_IF_ERROR(TrackOpen(context, award));
    return Bytes(award);
  }

 private:
  // Tranches are counted in the entity's and the budget's year of the payment.
  absl::Status Pay(storage::ApplyContext& context, const v1::AwardRecord& award,
                   v1::TrancheRecord& tranche) const {
    const Movement movement{
        .kind = "grant.tranche",
        .from = award.fund_account(),
        .to = PayableAccount(award.entity()),
        .amount_fen = tranche.amount_fen(),
        .caps = GrantCaps(policy_, award, tranche.amount_fen()),
        .memo = absl::StrCat("tranche ", tranche.fiscal_year(), " assessed as passed")};
    ASSIGN_OR_RETURN(storage::JournalEntry entry, MoveMoney(context, award, movement));
    tranche.set_state(v1::TRANCHE_STATE_PAYABLE);
    tranche.set_paid_by_sequence(entry.sequence);
    return absl::OkStatus();
  }

  v1::Policy policy_;
  std::string award_id_;
  int32_t fiscal_year_;
  bool passed_;
  const EntityFacts* entity_facts_;
};

class InvestCommand final : public storage::Command {
 public:
  InvestCommand(v1::Policy policy, std::string award_id, int64_t amount_fen,
                std::optional<absl::CivilDay> day, const EntityFacts* entity_facts)
      : policy_(std::move(policy)),
        award_id_(std::move(award_id)),
        amount_fen_(amount_fen),
        day_(day),
        entity_facts_(entity_facts) {}

  std::string Fingerprint() const override {
    storage::Encoder encoder;
    encoder.String("grants.invest");
    encoder.String(award_id_);
    encoder.I64(amount_fen_);
    encoder.String(day_ ? absl::FormatCivilTime(*day_) : "");
    return encoder.Take();
  }

  absl::StatusOr<std::string> Apply(storage::ApplyContext& context) override {
    const ContextReader partition(context);
    // 1. The award's investment year, within what may still be invested.
    const absl::CivilDay day = day_.value_or(ChinaDay(context.now()));
    ASSIGN_OR_RETURN(v1::AwardRecord award, LoadApproved(partition, award_id_));
    RETURN_IF_ERROR(SamePolicy(policy_, award));
    ASSIGN_OR_RETURN(v1::TrancheRecord * tranche, FindTranche(award, v1::TRANCHE_KIND_INVESTMENT,
                                                              static_cast<int32_t>(day.year())));
    RETURN_IF_ERROR(Due(award, *tranche, {v1::TRANCHE_STATE_SCHEDULED}));
    if (amount_fen_ > award.investment_allowance_fen()) {
      return errors::InvestmentOverAllowance(award_id_, award.investment_allowance_fen(),
                                             amount_fen_);
    }
    RETURN_IF_ERROR(StillEligible(policy_, entity_facts_, partition, award));
    // 2. Fund → the entity's investment account: equity, no grant cap.
    const Movement movement{.kind = "grant.investment",
                            .from = award.investment_fund_account(),
                            .to = InvestmentAccount(award.entity()),
                            .to_type = storage::AccountType::kInvestment,
                            .amount_fen = amount_fen_,
                            .value_date = day};
    ASSIGN_OR_RETURN(storage::JournalEntry entry, MoveMoney(context, award, movement));
    tranche->set_state(v1::TRANCHE_STATE_INVESTED);
    tranche->set_amount_fen(amount_fen_);
    tranche->set_paid_by_sequence(entry.sequence);
    award.set_investment_allowance_fen(award.investment_allowance_fen() - amount_fen_);
    // 3. Keep it.
    StoreAward(context, award);
    RETURN_IF_ERROR(TrackOpen(context, award));
    return Bytes(award);
  }

 private:
  v1::Policy policy_;
  std::string award_id_;
  int64_t amount_fen_;
  std::optional<absl::CivilDay> day_;
  const EntityFacts* entity_facts_;
};

}  // namespace

std::unique_ptr<storage::Command> MakeAssessCommand(const v1::Policy& policy, std::string award_id,
                                                    int32_t fiscal_year, bool passed,
                                                    const EntityFacts* entity_facts) {
  return std::make_unique<AssessCommand>(policy, std::move(award_id), fiscal_year, passed,
                                         entity_facts);
}

std::unique_ptr<storage::Command> MakeInvestCommand(const v1::Policy& policy, std::string award_id,
                                                    int64_t amount_fen,
                                                    std::optional<absl::CivilDay> day,
                                                    const EntityFacts* entity_facts) {
  return std::make_unique<InvestCommand>(policy, std::move(award_id), amount_fen, day,
                                         entity_facts);
}

}  // namespace innoledger::grants
