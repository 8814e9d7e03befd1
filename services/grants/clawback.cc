#include "services/grants/clawback.h"

#include "common/status_macros.h"
#include "services/grants/award_store.h"
#include "services/grants/errors.h"
#include "services/grants/keys.h"
#include "storage/encoding.h"

namespace innoledger::grants {
namespace {

class ClawbackCommand final : public storage::Command {
 public:
  ClawbackCommand(std::string award_id, ClawbackOptions options)
      : award_id_(std::move(award_id)), options_(std::move(options)) {}

  std::string Fingerprint() const override {
    storage::Encoder encoder;
    encoder.String("grants.clawback");
    encoder.String(award_id_);
    encoder.String(options_.reason);
    encoder.U8(options_.refund_received ? 1 : 0);
    return encoder.Take();
  }

  absl::StatusOr<std::string> Apply(storage::ApplyContext& context) override {
    // 1. An approved award; money already paid out needs its refund.
    ASSIGN_OR_RETURN(v1::AwardRecord award, LoadApproved(ContextReader(context), award_id_));
    const int64_t disbursed = SumTranches(award, v1::TRANCHE_STATE_DISBURSED);
    if (disbursed > 0 && !options_.refund_received) {
      return errors::AwardDisbursed(award_id_, disbursed);
    }
    // 2. Each tranche: money reversed (caps restored), what is still to come cancelled.
    for (v1::TrancheRecord& tranche : *award.mutable_tranches()) {
      RETURN_IF_ERROR(Undo(context, award, tranche));
    }
    // 3. The award is over: the entity may be awarded this policy again, properly.
    award.set_state(v1::AWARD_STATE_CLAWED_BACK);
    award.set_clawback_reason(options_.reason);
    RETURN_IF_ERROR(JournalAward(context, "grant.clawback", award, options_.reason));
    StoreAward(context, award);
    ASSIGN_OR_RETURN(auto once, context.GetRecord(OnceKey(award.policy_id(), award.entity())));
    if (once.has_value() && *once == award_id_) {
      context.PutRecord(OnceKey(award.policy_id(), award.entity()), "");
    }
    RETURN_IF_ERROR(TrackOpen(context, award));
    return Bytes(award);
  }

 private:
  absl::Status Undo(storage::ApplyContext& context, const v1::AwardRecord& award,
                    v1::TrancheRecord& tranche) const {
    switch (tranche.state()) {
      case v1::TRANCHE_STATE_DISBURSED: {
        const Movement refund{.kind = "grant.refund",
                              .from = ClearingAccount(award.fund_account()),
                              .to = PayableAccount(award.entity()),
                              .amount_fen = tranche.amount_fen(),
                              .memo = options_.reason};
        RETURN_IF_ERROR(MoveMoney(context, award, refund).status());
        [[fallthrough]];
      }
      case v1::TRANCHE_STATE_PAYABLE:
      case v1::TRANCHE_STATE_INVESTED:
        RETURN_IF_ERROR(context.Reverse(tranche.paid_by_sequence(), options_.reason).status());
        [[fallthrough]];
      case v1::TRANCHE_STATE_SCHEDULED:
      case v1::TRANCHE_STATE_SUSPENDED:
      case v1::TRANCHE_STATE_HELD:
        tranche.set_state(v1::TRANCHE_STATE_CLAWED_BACK);
        return absl::OkStatus();
      default:  // forfeited or stopped: nothing was or will be paid
        return absl::OkStatus();
    }
  }

  std::string award_id_;
  ClawbackOptions options_;
};

}  // namespace

std::unique_ptr<storage::Command> MakeClawbackCommand(std::string award_id,
                                                      ClawbackOptions options) {
  return std::make_unique<ClawbackCommand>(std::move(award_id), std::move(options));
}

}  // namespace innoledger::grants
