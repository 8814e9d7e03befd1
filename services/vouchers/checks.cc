#include "services/vouchers/checks.h"

#include <algorithm>

#include "absl/strings/numbers.h"
#include "common/china_time.h"
#include "common/money.h"
#include "common/status_macros.h"
#include "services/registry/entity.h"
#include "services/registry/errors.h"
#include "services/vouchers/errors.h"
#include "services/vouchers/keys.h"
#include "services/vouchers/limits.h"
#include "services/vouchers/programme.h"
#include "storage/errors.h"

namespace innoledger::vouchers {
namespace {

// The contract's share already reserved or paid; a contract keeps the amount it was first
// reserved against, so a second reservation cannot grow the share by restating it.
absl::StatusOr<int64_t> ContractUsed(const PartitionView& view, const ReserveRequest& request) {
  ASSIGN_OR_RETURN(auto recorded,
                   view.GetRecord(ContractKey(request.provider, request.contract_id)));
  int64_t recorded_fen = 0;
  if (recorded && (!absl::SimpleAtoi(*recorded, &recorded_fen) || recorded_fen <= 0)) {
    return storage::errors::Corrupt("a contract record does not parse");
  }
  if (recorded && recorded_fen != request.contract_amount_fen) {
    return errors::ContractAmountMismatch(request.contract_id, recorded_fen,
                                          request.contract_amount_fen);
  }
  return view.CapUsed(ContractScope(request.provider, request.contract_id), 0);
}

absl::Status FillLimits(const PartitionView& view, const v1::VoucherProgramme& programme,
                        const ReserveRequest& request, ReservationFacts& facts) {
  ASSIGN_OR_RETURN(auto account, view.GetAccount(facts.voucher.account()));
  if (!account) return storage::errors::Corrupt("a voucher's account is not open");
  ASSIGN_OR_RETURN(int64_t contract_used_fen, ContractUsed(view, request));
  ASSIGN_OR_RETURN(int64_t quota_used_fen,
                   view.CapUsed(UsedScope(facts.holder.uscc()), FiscalYearOf(view.now())));
  facts.contract_share_fen =
      PercentOfFen(request.contract_amount_fen, programme.max_contract_share_bp());
  facts.limits.voucher_remaining_fen = std::max<int64_t>(0, account->available_fen());
  facts.limits.contract_share_remaining_fen =
      std::max<int64_t>(0, facts.contract_share_fen - contract_used_fen);
  facts.limits.claim_maximum_fen = programme.max_per_claim_fen();
  facts.limits.yearly_quota_remaining_fen =
      std::max<int64_t>(0, programme.yearly_quota_fen() - quota_used_fen);
  return absl::OkStatus();
}

}  // namespace

Binding Bind(const ReservationLimits& limits, int64_t requested_fen) {
  const std::pair<int64_t, v1::VoucherLimit> kLimits[] = {
      {limits.voucher_remaining_fen, v1::VOUCHER_LIMIT_VOUCHER_VALUE},
      {limits.contract_share_remaining_fen, v1::VOUCHER_LIMIT_CONTRACT_SHARE},
      {limits.claim_maximum_fen, v1::VOUCHER_LIMIT_CLAIM_MAXIMUM},
      {limits.yearly_quota_remaining_fen, v1::VOUCHER_LIMIT_YEARLY_QUOTA},
  };
  Binding smallest{kLimits[0].first, kLimits[0].second};
  for (const auto& [fen, limit] : kLimits) {
    if (fen < smallest.max_allowed_fen) smallest = {fen, limit};
  }
  if (requested_fen <= smallest.max_allowed_fen) {
    return {requested_fen, v1::VOUCHER_LIMIT_REQUESTED};
  }
  return smallest;
}

absl::StatusOr<v1::Voucher> LoadVoucher(const PartitionView& view, const std::string& id) {
  ASSIGN_OR_RETURN(auto voucher, registry::ReadRecord<v1::Voucher>(view, VoucherKey(id)));
  if (!voucher) return errors::VoucherNotFound(id);
  return *std::move(voucher);
}

absl::Status CheckUsable(const v1::Voucher& voucher, absl::CivilDay today) {
  if (voucher.state() == v1::VOUCHER_STATE_REVOKED) {
    return errors::VoucherRevoked(voucher.id(), voucher.close_reason());
  }
  absl::CivilDay until;
  if (voucher.state() != v1::VOUCHER_STATE_ACTIVE ||
      !registry::ParseDay(voucher.valid_until(), &until) || today > until) {
    return errors::VoucherExpired(voucher.id(), voucher.valid_until());
  }
  return absl::OkStatus();
}

absl::StatusOr<v1::Entity> ResolveProvider(const PartitionView& view,
                                           const v1::Entity& snapshot) {
  if (snapshot.home_city() != view.city()) return snapshot;
  ASSIGN_OR_RETURN(auto provider, registry::ReadRecord<v1::Entity>(
                                      view, registry::EntityKey(snapshot.uscc())));
  if (!provider) {
    return errors::ProviderNotRegistered(snapshot.uscc(), "any category", "not in the registry");
  }
  return *std::move(provider);
}

absl::StatusOr<v1::Entity> LoadHolder(const PartitionView& view, const std::string& holder) {
  ASSIGN_OR_RETURN(auto entity,
                   registry::ReadRecord<v1::Entity>(view, registry::EntityKey(holder)));
  // Vouchers are issued only to entities of the issuing city, whose home never changes.
  if (!entity) return storage::errors::Corrupt("a voucher's holder is not in its city");
  return *std::move(entity);
}

absl::Status CheckAdmission(const v1::Entity& provider, v1::ServiceCategory category,
                            absl::CivilDay today) {
  const absl::string_view category_name = registry::CategoryName(category);
  if (provider.kind() != v1::ENTITY_KIND_PROVIDER) {
    return errors::ProviderNotRegistered(
        provider.uscc(), category_name,
        absl::StrCat("it is registered as ", registry::KindName(provider.kind())));
  }
  if (registry::AdmissionOn(provider, category, today) == nullptr) {
    return errors::ProviderNotRegistered(provider.uscc(), category_name,
                                         "no city admits it for that category today");
  }
  return absl::OkStatus();
}

absl::Status CheckDealing(const v1::Entity& holder, const v1::Entity& provider) {
  for (const v1::Entity* party : {&provider, &holder}) {
    if (party->has_bad_record()) {
      return errors::BadRecord(party->uscc(), party->bad_record().set_on(),
                               party->bad_record().reason());
    }
  }
  if (auto why = registry::RelatedBecause(holder, provider)) {
    return errors::RelatedParties(holder.uscc(), provider.uscc(), *why);
  }
  return absl::OkStatus();
}

absl::StatusOr<v1::Reservation> LoadReservation(const PartitionView& view, const std::string& id) {
  auto parsed = ParseReservationId(id);
  if (!parsed) return errors::ReservationNotFound(id);
  ASSIGN_OR_RETURN(auto reservation,
                   registry::ReadRecord<v1::Reservation>(
                       view, ReservationKey(parsed->voucher_id, parsed->hold_sequence)));
  if (!reservation) return errors::ReservationNotFound(id);
  return *std::move(reservation);
}

absl::StatusOr<std::vector<uint64_t>> PendingHolds(const PartitionView& view,
                                                   const v1::Voucher& voucher) {
  std::vector<uint64_t> pending;
  for (uint64_t hold : voucher.open_holds()) {
    ASSIGN_OR_RETURN(auto state, view.GetEntryState(hold));
    if (state && state->status == storage::EntryStatus::kHoldPending) pending.push_back(hold);
  }
  return pending;
}

absl::StatusOr<v1::ReservationState> StateOf(const PartitionView& view,
                                             const v1::Reservation& reservation) {
  if (reservation.state() != v1::RESERVATION_STATE_PENDING) return reservation.state();
  ASSIGN_OR_RETURN(auto hold, view.GetEntryState(reservation.hold_sequence()));
  if (!hold) return storage::errors::Corrupt("a reservation's hold is not in the journal");
  switch (hold->status) {
    case storage::EntryStatus::kHoldPending:
      return v1::RESERVATION_STATE_PENDING;
    case storage::EntryStatus::kHoldPosted:
      return v1::RESERVATION_STATE_REDEEMED;
    case storage::EntryStatus::kHoldVoided:
      return v1::RESERVATION_STATE_RELEASED;
    default:
      return v1::RESERVATION_STATE_EXPIRED;
  }
}

absl::Status CheckPending(const PartitionView& view, const v1::Reservation& reservation) {
  ASSIGN_OR_RETURN(v1::ReservationState state, StateOf(view, reservation));
  const int64_t now_us = absl::ToUnixMicros(view.now());
  switch (state) {
    case v1::RESERVATION_STATE_REDEEMED:
      return errors::AlreadyRedeemed(reservation.id());
    case v1::RESERVATION_STATE_RELEASED:
      return errors::ReservationReleased(reservation.id());
    case v1::RESERVATION_STATE_PENDING:
      if (reservation.expires_at_us() == 0 || now_us < reservation.expires_at_us()) {
        return absl::OkStatus();
      }
      [[fallthrough]];
    default:
      return errors::ReservationExpired(reservation.id());
  }
}

absl::StatusOr<ReservationFacts> CheckReservation(const PartitionView& view,
                                                  const v1::VoucherProgramme& programme,
                                                  const ReserveRequest& request,
                                                  const v1::Entity& provider_snapshot) {
  ReservationFacts facts;
  const absl::CivilDay today = ChinaDay(view.now());
  // 1. The voucher pays today, for this category.
  ASSIGN_OR_RETURN(facts.voucher, LoadVoucher(view, request.voucher_id));
  RETURN_IF_ERROR(CheckUsable(facts.voucher, today));
  if (!Covers(programme, request.category)) {
    return errors::CategoryNotCovered(ProgrammeId(programme),
                                      registry::CategoryName(request.category));
  }
  // 2. The parties may deal with each other.
  ASSIGN_OR_RETURN(facts.holder, LoadHolder(view, facts.voucher.holder()));
  ASSIGN_OR_RETURN(facts.provider, ResolveProvider(view, provider_snapshot));
  RETURN_IF_ERROR(CheckAdmission(facts.provider, request.category, today));
  RETURN_IF_ERROR(CheckDealing(facts.holder, facts.provider));
  // 3. Room for one more hold, and the amounts it must fit under.
  ASSIGN_OR_RETURN(std::vector<uint64_t> open, PendingHolds(view, facts.voucher));
  if (static_cast<int>(open.size()) >= kMaxOpenReservations) {
    return errors::TooManyOpenReservations(facts.voucher.id());
  }
  RETURN_IF_ERROR(FillLimits(view, programme, request, facts));
  // 4. Who is paid: the provider here, or the provider's city for a cross-city redemption.
  facts.payee_account = facts.provider.home_city() == view.city()
                            ? ProviderPayable(facts.provider.uscc())
                            : IntercityPayable(facts.provider.home_city());
  ASSIGN_OR_RETURN(auto payee, view.GetAccount(facts.payee_account));
  facts.payee_open = payee.has_value();
  return facts;
}

absl::Status CheckAmount(const ReservationFacts& facts, const v1::VoucherProgramme& programme,
                         const ReserveRequest& request) {
  const Binding binding = Bind(facts.limits, request.amount_fen);
  switch (binding.limit) {
    case v1::VOUCHER_LIMIT_VOUCHER_VALUE:
      return errors::OverRemainingValue(facts.voucher.id(), binding.max_allowed_fen,
                                        request.amount_fen);
    case v1::VOUCHER_LIMIT_CONTRACT_SHARE:
      return errors::OverContractShare(request.contract_id, programme.max_contract_share_bp(),
                                       binding.max_allowed_fen, request.amount_fen);
    case v1::VOUCHER_LIMIT_CLAIM_MAXIMUM:
      return errors::OverClaimMaximum(binding.max_allowed_fen, request.amount_fen);
    case v1::VOUCHER_LIMIT_YEARLY_QUOTA:
      return errors::YearlyQuotaExceeded(
          facts.holder.uscc(), facts.voucher.fiscal_year(),
          programme.yearly_quota_fen() - binding.max_allowed_fen, programme.yearly_quota_fen(),
          request.amount_fen);
    default:
      return absl::OkStatus();
  }
}

}  // namespace innoledger::vouchers
