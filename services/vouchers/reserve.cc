#include "services/vouchers/reserve.h"

#include "absl/strings/str_cat.h"
#include "common/china_time.h"
#include "common/status_macros.h"
#include "services/registry/partition_view.h"
#include "services/vouchers/checks.h"
#include "services/vouchers/keys.h"
#include "services/vouchers/programme.h"
#include "storage/encoding.h"

namespace innoledger::vouchers {
namespace {

class ReserveCommand final : public storage::Command {
 public:
  ReserveCommand(const v1::VoucherProgramme& programme, ReserveRequest request,
                 v1::Entity provider)
      : programme_(programme), request_(std::move(request)), provider_(std::move(provider)) {}

  // The provider's snapshot is not part of the request: a retry finds the same request.
  std::string Fingerprint() const override {
    storage::Encoder e;
    e.String("voucher.reserve");
    for (const std::string* s : {&request_.voucher_id, &request_.provider, &request_.contract_id}) {
      e.String(*s);
    }
    e.I64(request_.contract_amount_fen);
    e.I32(request_.category);
    e.I64(request_.amount_fen);
    e.I64(absl::ToInt64Seconds(request_.hold_timeout));
    return e.Take();
  }

  absl::StatusOr<std::string> Apply(storage::ApplyContext& context) override {
    registry::ContextView view(context);
    // 1. Every rule, and the amount fits every limit.
    ASSIGN_OR_RETURN(ReservationFacts facts,
                     CheckReservation(view, programme_, request_, provider_));
    RETURN_IF_ERROR(CheckAmount(facts, programme_, request_));
    // 2. The hold.
    ASSIGN_OR_RETURN(storage::JournalEntry hold, context.Transact(Hold(facts)));
    // 3. The reservation's record; the contract's amount; the voucher's open holds.
    v1::Reservation reservation = NewReservation(facts, hold);
    registry::WriteRecord(context, ReservationKey(request_.voucher_id, hold.sequence),
                          reservation);
    context.PutRecord(ContractKey(request_.provider, request_.contract_id),
                      absl::StrCat(request_.contract_amount_fen));
    RETURN_IF_ERROR(TrackHold(view, context, facts.voucher, hold.sequence));
    return registry::DeterministicBytes(reservation);
  }

 private:
  absl::Duration HoldTimeout() const {
    const absl::Duration programme = absl::Seconds(programme_.hold_timeout_seconds());
    if (request_.hold_timeout == absl::ZeroDuration()) return programme;
    if (programme == absl::ZeroDuration()) return request_.hold_timeout;
    return std::min(request_.hold_timeout, programme);
  }

  storage::TransactionRequest Hold(const ReservationFacts& facts) const {
    storage::TransactionRequest hold;
    hold.kind = "voucher.reserve";
    hold.policy_version = ProgrammeId(programme_);
    hold.pending = true;
    hold.hold_timeout = HoldTimeout();
    if (!facts.payee_open) {
      const auto type = facts.payee_account == ProviderPayable(request_.provider)
                            ? storage::AccountType::kProviderPayable
                            : storage::AccountType::kIntercityPayable;
      hold.open_accounts = {{facts.payee_account, type}};
    }
    hold.postings = {{facts.voucher.account(), -request_.amount_fen},
                     {facts.payee_account, request_.amount_fen}};
    hold.references = {{"voucher", request_.voucher_id},
                       {"provider", request_.provider},
                       {"contract", request_.contract_id}};
    hold.caps = {{ContractScope(request_.provider, request_.contract_id), request_.amount_fen,
                  facts.contract_share_fen, true},
                 {UsedScope(facts.holder.uscc()), request_.amount_fen,
                  programme_.yearly_quota_fen(), false}};
    return hold;
  }

  v1::Reservation NewReservation(const ReservationFacts& facts,
                                 const storage::JournalEntry& hold) const {
    v1::Reservation reservation;
    reservation.set_id(ReservationId(request_.voucher_id, hold.sequence));
    reservation.set_voucher_id(request_.voucher_id);
    reservation.set_hold_sequence(hold.sequence);
    reservation.set_provider(request_.provider);
    reservation.set_provider_city(facts.provider.home_city());
    reservation.set_contract_id(request_.contract_id);
    reservation.set_contract_amount_fen(request_.contract_amount_fen);
    reservation.set_category(request_.category);
    reservation.set_amount_fen(request_.amount_fen);
    reservation.set_payee_account(facts.payee_account);
    reservation.set_state(v1::RESERVATION_STATE_PENDING);
    reservation.set_reserved_at_us(hold.committed_at_us);
    reservation.set_expires_at_us(hold.hold_expires_at_us);
    return reservation;
  }

  // Keeps only the holds still pending, plus the new one.
  absl::Status TrackHold(const registry::ContextView& view, storage::ApplyContext& context,
                         v1::Voucher voucher, uint64_t hold_sequence) const {
    ASSIGN_OR_RETURN(std::vector<uint64_t> open, PendingHolds(view, voucher));
    open.push_back(hold_sequence);
    voucher.mutable_open_holds()->Assign(open.begin(), open.end());
    registry::WriteRecord(context, VoucherKey(voucher.id()), voucher);
    return absl::OkStatus();
  }

  v1::VoucherProgramme programme_;
  ReserveRequest request_;
  v1::Entity provider_;
};

}  // namespace

std::unique_ptr<storage::Command> MakeReserveCommand(const v1::VoucherProgramme& programme,
                                                     ReserveRequest request,
                                                     v1::Entity provider) {
  return std::make_unique<ReserveCommand>(programme, std::move(request), std::move(provider));
}

}  // namespace innoledger::vouchers
