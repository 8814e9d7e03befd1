#include "services/vouchers/close.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "common/china_time.h"
#include "common/status_macros.h"
#include "services/registry/partition_view.h"
#include "services/vouchers/checks.h"
#include "services/vouchers/errors.h"
#include "services/vouchers/keys.h"
#include "services/vouchers/programme.h"
#include "storage/encoding.h"
#include "storage/errors.h"

namespace innoledger::vouchers {
namespace {

using registry::ContextView;

// Voids the reservation's hold and records why.
absl::StatusOr<v1::Reservation> VoidReservation(storage::ApplyContext& context,
                                                v1::Reservation reservation,
                                                const std::string& reason) {
  ASSIGN_OR_RETURN(storage::JournalEntry voided,
                   context.VoidPending(reservation.hold_sequence(), reason));
  reservation.set_state(v1::RESERVATION_STATE_RELEASED);
  reservation.set_release_reason(reason);
  reservation.set_resolved_sequence(voided.sequence);
  reservation.set_resolved_at_us(voided.committed_at_us);
  registry::WriteRecord(
      context, ReservationKey(reservation.voucher_id(), reservation.hold_sequence()), reservation);
  return reservation;
}

class ReleaseCommand final : public storage::Command {
 public:
  explicit ReleaseCommand(ReleaseRequest request) : request_(std::move(request)) {}

  std::string Fingerprint() const override {
    storage::Encoder e;
    e.String("voucher.release");
    for (const std::string* s : {&request_.reservation_id, &request_.provider, &request_.reason}) {
      e.String(*s);
    }
    return e.Take();
  }

  absl::StatusOr<std::string> Apply(storage::ApplyContext& context) override {
    ContextView view(context);
    ASSIGN_OR_RETURN(v1::Reservation reservation, LoadReservation(view, request_.reservation_id));
    if (!request_.provider.empty() && reservation.provider() != request_.provider) {
      return errors::NotReservationProvider(request_.reservation_id, request_.provider);
    }
    RETURN_IF_ERROR(CheckPending(view, reservation));
    ASSIGN_OR_RETURN(reservation, VoidReservation(context, std::move(reservation), request_.reason));
    ASSIGN_OR_RETURN(v1::Voucher voucher, LoadVoucher(view, reservation.voucher_id()));
    auto* holds = voucher.mutable_open_holds();
    holds->erase(std::remove(holds->begin(), holds->end(), reservation.hold_sequence()),
                 holds->end());
    registry::WriteRecord(context, VoucherKey(voucher.id()), voucher);
    return registry::DeterministicBytes(reservation);
  }

 private:
  ReleaseRequest request_;
};

// Expiry and revocation: release every pending hold, return what remains, close the record.
class CloseCommand final : public storage::Command {
 public:
  CloseCommand(const v1::VoucherProgramme& programme, std::string voucher_id, bool revoke,
               std::string reason)
      : programme_(programme),
        voucher_id_(std::move(voucher_id)),
        revoke_(revoke),
        reason_(std::move(reason)) {}

  std::string Fingerprint() const override {
    storage::Encoder e;
    e.String(Kind());
    e.String(voucher_id_);
    e.String(reason_);
    return e.Take();
  }

  absl::StatusOr<std::string> Apply(storage::ApplyContext& context) override {
    ContextView view(context);
    // 1. It may close now.
    ASSIGN_OR_RETURN(v1::Voucher voucher, LoadVoucher(view, voucher_id_));
    RETURN_IF_ERROR(CheckClosable(voucher, ChinaDay(context.now())));
    // 2. Its holds are released, then what remains goes back.
    ASSIGN_OR_RETURN(std::vector<uint64_t> pending, PendingHolds(view, voucher));
    for (uint64_t hold : pending) {
      ASSIGN_OR_RETURN(v1::Reservation reservation,
                       LoadReservation(view, ReservationId(voucher.id(), hold)));
      RETURN_IF_ERROR(VoidReservation(context, std::move(reservation), Memo()).status());
    }
    ASSIGN_OR_RETURN(auto account, view.GetAccount(voucher.account()));
    if (!account) return storage::errors::Corrupt("a voucher's account is not open");
    ASSIGN_OR_RETURN(storage::JournalEntry entry,
                     context.Transact(Entry(voucher, account->posted_fen)));
    // 3. The record says how it ended.
    voucher.set_state(revoke_ ? v1::VOUCHER_STATE_REVOKED : v1::VOUCHER_STATE_EXPIRED);
    voucher.set_close_reason(reason_);
    voucher.set_closed_at_us(entry.committed_at_us);
    voucher.set_close_sequence(entry.sequence);
    voucher.set_returned_fen(account->posted_fen);
    voucher.clear_open_holds();
    registry::WriteRecord(context, VoucherKey(voucher.id()), voucher);
    return registry::DeterministicBytes(voucher);
  }

 private:
  const char* Kind() const { return revoke_ ? "voucher.revoke" : "voucher.expire"; }
  std::string Memo() const {
    return revoke_ ? absl::StrCat("voucher revoked: ", reason_) : "voucher expired";
  }

  absl::Status CheckClosable(const v1::Voucher& voucher, absl::CivilDay today) const {
    if (voucher.state() == v1::VOUCHER_STATE_REVOKED) {
      return errors::VoucherRevoked(voucher.id(), voucher.close_reason());
    }
    if (voucher.state() != v1::VOUCHER_STATE_ACTIVE) {
      return errors::VoucherExpired(voucher.id(), voucher.valid_until());
    }
    absl::CivilDay until;
    if (!revoke_ && registry::ParseDay(voucher.valid_until(), &until) && today <= until) {
      return errors::VoucherStillValid(voucher.id(), voucher.valid_until());
    }
    return absl::OkStatus();
  }

  // What remains moves out; with nothing left the entry has no postings but still puts the
  // closing on the hash chain.
  storage::TransactionRequest Entry(const v1::Voucher& voucher, int64_t remaining_fen) const {
    storage::TransactionRequest request;
    request.kind = Kind();
    request.policy_version = ProgrammeId(programme_);
    request.memo = Memo();
    request.references = {{"voucher", voucher.id()}, {"holder", voucher.holder()}};
    const std::string& destination = revoke_ || programme_.unspent_returns_to_fund()
                                         ? programme_.fund_account()
                                         : programme_.lapse_account();
    if (remaining_fen > 0) {
      request.postings = {{voucher.account(), -remaining_fen}, {destination, remaining_fen}};
    }
    return request;
  }

  v1::VoucherProgramme programme_;
  std::string voucher_id_;
  bool revoke_;
  std::string reason_;
};

}  // namespace

std::unique_ptr<storage::Command> MakeReleaseCommand(ReleaseRequest request) {
  return std::make_unique<ReleaseCommand>(std::move(request));
}

std::unique_ptr<storage::Command> MakeExpireCommand(const v1::VoucherProgramme& programme,
                                                    std::string voucher_id) {
  return std::make_unique<CloseCommand>(programme, std::move(voucher_id), false, "");
}

std::unique_ptr<storage::Command> MakeRevokeCommand(const v1::VoucherProgramme& programme,
                                                    std::string voucher_id, std::string reason) {
  return std::make_unique<CloseCommand>(programme, std::move(voucher_id), true,
                                        std::move(reason));
}

}  // namespace innoledger::vouchers
