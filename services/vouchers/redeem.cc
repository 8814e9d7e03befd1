#include "services/vouchers/redeem.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "common/money.h"
#include "common/status_macros.h"
#include "services/vouchers/checks.h"
#include "services/vouchers/errors.h"
#include "services/vouchers/keys.h"
#include "storage/encoding.h"

namespace innoledger::vouchers {
namespace {

absl::Status CheckVoucherOpen(const v1::Voucher& voucher) {
  // A hold made while the voucher was valid may be redeemed until the voucher is closed:
  // the service was bought in time. Expiry and revocation release every hold.
  if (voucher.state() == v1::VOUCHER_STATE_REVOKED) {
    return errors::VoucherRevoked(voucher.id(), voucher.close_reason());
  }
  if (voucher.state() != v1::VOUCHER_STATE_ACTIVE) {
    return errors::VoucherExpired(voucher.id(), voucher.valid_until());
  }
  return absl::OkStatus();
}

absl::Status CheckInvoice(const v1::VoucherProgramme& programme, const v1::Evidence& evidence,
                          int64_t amount_fen) {
  const int64_t share_fen =
      PercentOfFen(evidence.invoice_amount_fen(), programme.max_contract_share_bp());
  if (amount_fen > share_fen) {
    return errors::InvoiceTooSmall(evidence.invoice_number(), evidence.invoice_amount_fen(),
                                   programme.max_contract_share_bp(), amount_fen);
  }
  return absl::OkStatus();
}

std::string Memo(const v1::Evidence& evidence) {
  return absl::StrCat("invoice ", evidence.invoice_number(), " amount_fen ",
                      evidence.invoice_amount_fen(), " contract_sha256 ",
                      evidence.contract_sha256(), " acceptance_sha256 ",
                      evidence.acceptance_sha256());
}

class RedeemCommand final : public storage::Command {
 public:
  RedeemCommand(const v1::VoucherProgramme& programme, RedeemRequest request,
                v1::Entity provider, Claimant me, Reservations stale)
      : programme_(programme),
        request_(std::move(request)),
        provider_(std::move(provider)),
        me_(std::move(me)),
        stale_(std::move(stale)) {}

  std::string Fingerprint() const override {
    storage::Encoder e;
    e.String("voucher.redeem");
    e.String(request_.reservation_id);
    e.String(request_.provider);
    e.String(Memo(request_.evidence));
    return e.Take();
  }

  absl::StatusOr<std::string> Apply(storage::ApplyContext& context) override {
    registry::ContextView view(context);
    // 1. Every rule, then the evidence is ours in this city.
    ASSIGN_OR_RETURN(RedemptionFacts facts,
                     CheckRedemption(view, programme_, request_, provider_, me_, stale_));
    v1::Reservation& reservation = facts.reservation;
    RETURN_IF_ERROR(TakeEvidence(context, EvidenceOf(request_.evidence), me_, stale_));
    // 2. The hold becomes a payable.
    ASSIGN_OR_RETURN(storage::JournalEntry posted,
                     context.PostPending(reservation.hold_sequence(), Memo(request_.evidence)));
    // 3. Records: the reservation, the voucher's open holds, the provider's index.
    reservation.set_state(v1::RESERVATION_STATE_REDEEMED);
    *reservation.mutable_evidence() = request_.evidence;
    reservation.set_resolved_sequence(posted.sequence);
    reservation.set_resolved_at_us(posted.committed_at_us);
    registry::WriteRecord(context, ReservationKey(reservation.voucher_id(),
                                                  reservation.hold_sequence()),
                          reservation);
    ForgetHold(facts.voucher, reservation.hold_sequence());
    registry::WriteRecord(context, VoucherKey(facts.voucher.id()), facts.voucher);
    context.PutRecord(ProviderIndexKey(reservation.provider(), reservation.voucher_id(),
                                       reservation.hold_sequence()),
                      reservation.id());
    return registry::DeterministicBytes(reservation);
  }

 private:
  static void ForgetHold(v1::Voucher& voucher, uint64_t hold) {
    auto* holds = voucher.mutable_open_holds();
    holds->erase(std::remove(holds->begin(), holds->end(), hold), holds->end());
  }

  v1::VoucherProgramme programme_;
  RedeemRequest request_;
  v1::Entity provider_;
  Claimant me_;
  Reservations stale_;
};

}  // namespace

absl::StatusOr<RedemptionFacts> CheckRedemption(const registry::PartitionView& view,
                                                const v1::VoucherProgramme& programme,
                                                const RedeemRequest& request,
                                                const v1::Entity& provider_snapshot,
                                                const Claimant& me, const Reservations& stale) {
  RedemptionFacts facts;
  // 1. The provider's own reservation, not redeemed yet, of a voucher still open, pending.
  // (Redeemed is told first: a retry of a redemption must hear so whatever came after.)
  ASSIGN_OR_RETURN(facts.reservation, LoadReservation(view, request.reservation_id));
  if (facts.reservation.provider() != request.provider) {
    return errors::NotReservationProvider(request.reservation_id, request.provider);
  }
  ASSIGN_OR_RETURN(v1::ReservationState state, StateOf(view, facts.reservation));
  if (state == v1::RESERVATION_STATE_REDEEMED) return errors::AlreadyRedeemed(me.reservation);
  ASSIGN_OR_RETURN(facts.voucher, LoadVoucher(view, facts.reservation.voucher_id()));
  RETURN_IF_ERROR(CheckVoucherOpen(facts.voucher));
  RETURN_IF_ERROR(CheckPending(view, facts.reservation));
  // 2. The parties may still deal with each other (the registry may have changed).
  ASSIGN_OR_RETURN(v1::Entity holder, LoadHolder(view, facts.voucher.holder()));
  ASSIGN_OR_RETURN(v1::Entity provider, ResolveProvider(view, provider_snapshot));
  RETURN_IF_ERROR(CheckDealing(holder, provider));
  // 3. The evidence supports the amount and nobody else used it here.
  RETURN_IF_ERROR(CheckInvoice(programme, request.evidence, facts.reservation.amount_fen()));
  RETURN_IF_ERROR(CheckEvidenceFree(view, EvidenceOf(request.evidence), me, stale));
  return facts;
}

std::unique_ptr<storage::Command> MakeRedeemCommand(const v1::VoucherProgramme& programme,
                                                    RedeemRequest request, v1::Entity provider,
                                                    Claimant me, Reservations stale) {
  return std::make_unique<RedeemCommand>(programme, std::move(request), std::move(provider),
                                         std::move(me), std::move(stale));
}

}  // namespace innoledger::vouchers
