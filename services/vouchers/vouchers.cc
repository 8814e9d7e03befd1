#include "services/vouchers/vouchers.h"

#include "absl/strings/str_cat.h"
#include "common/china_time.h"
#include "common/errors.h"
#include "common/status_macros.h"
#include "services/vouchers/checks.h"
#include "services/vouchers/close.h"
#include "services/vouchers/errors.h"
#include "services/vouchers/issue.h"
#include "services/vouchers/keys.h"
#include "services/vouchers/limits.h"
#include "services/vouchers/redeem.h"
#include "services/vouchers/reserve.h"
#include "spdlog/spdlog.h"
#include "storage/errors.h"

namespace innoledger::vouchers {
namespace {

template <typename Message>
absl::StatusOr<Message> Body(absl::StatusOr<storage::Outcome> outcome) {
  if (!outcome.ok()) return outcome.status();
  Message message;
  if (!message.ParseFromString(outcome->body)) {
    return storage::errors::Corrupt("a voucher outcome does not parse");
  }
  return message;
}

absl::Status ValidateCaller(const Caller& caller) {
  if (caller.request_id.empty() || caller.request_id.size() > kMaxRequestIdBytes) {
    return errors::InvalidField("request_id",
                                absl::StrCat("1 to ", kMaxRequestIdBytes, " bytes"));
  }
  return absl::OkStatus();
}

// Refusals that the same request will meet again: after one, a claim taken for the
// redemption is given back. Anything else (unavailable, a full queue) may yet succeed on a
// retry, which needs the claim.
bool Definitive(const absl::Status& status) {
  switch (status.code()) {
    case absl::StatusCode::kInvalidArgument:
    case absl::StatusCode::kFailedPrecondition:
    case absl::StatusCode::kNotFound:
    case absl::StatusCode::kPermissionDenied:
      return true;
    default:
      return false;
  }
}

}  // namespace

Vouchers::Vouchers(storage::Ledger& ledger, const Programmes& programmes,
                   VouchersOptions options)
    : ledger_(ledger), programmes_(programmes), options_(std::move(options)), registry_(ledger) {}

absl::Status Vouchers::OpenProgramme(const Caller& caller, const std::string& city,
                                     int32_t fiscal_year) {
  RETURN_IF_ERROR(ValidateCaller(caller));
  ASSIGN_OR_RETURN(const v1::VoucherProgramme* programme, programmes_.Find(city, fiscal_year));
  return Submit(city, caller, "", MakeOpenProgrammeCommand(*programme)).status();
}

absl::StatusOr<v1::Voucher> Vouchers::Issue(const Caller& caller, const IssueRequest& request) {
  RETURN_IF_ERROR(ValidateCaller(caller));
  RETURN_IF_ERROR(ValidateIssue(request));
  ASSIGN_OR_RETURN(const v1::VoucherProgramme* programme,
                   programmes_.Find(request.city, request.fiscal_year));
  // A city's vouchers go to its own enterprises (the command, in that city, sees only its
  // own registry; this says why another city's enterprise is refused).
  ASSIGN_OR_RETURN(v1::Entity holder, registry_.Find(request.holder));
  if (holder.home_city() != request.city) {
    return errors::HolderNotEligible(
        request.holder, absl::StrCat("it is an entity of ", holder.home_city(), ", not of ",
                                     request.city));
  }
  return Body<v1::Voucher>(Submit(request.city, caller, "", MakeIssueCommand(*programme, request)));
}

absl::StatusOr<v1::Reservation> Vouchers::Reserve(const Caller& caller,
                                                  const ReserveRequest& request) {
  RETURN_IF_ERROR(ValidateCaller(caller));
  RETURN_IF_ERROR(ValidateReserve(request));
  ASSIGN_OR_RETURN(const v1::VoucherProgramme* programme, ProgrammeOf(request.voucher_id));
  ASSIGN_OR_RETURN(v1::Entity provider, FindProvider(request.provider));
  return Body<v1::Reservation>(Submit(programme->city(), caller, "",
                                      MakeReserveCommand(*programme, request, provider)));
}

absl::StatusOr<v1::ReservationCheck> Vouchers::DryRun(const ReserveRequest& request) const {
  RETURN_IF_ERROR(ValidateReserve(request));
  ASSIGN_OR_RETURN(const v1::VoucherProgramme* programme, ProgrammeOf(request.voucher_id));
  v1::ReservationCheck check;
  check.set_requested_fen(request.amount_fen);
  absl::StatusOr<v1::Entity> provider = FindProvider(request.provider);
  registry::LedgerView view(ledger_, programme->city(), options_.clock());
  absl::StatusOr<ReservationFacts> facts =
      provider.ok() ? CheckReservation(view, *programme, request, *provider)
                    : absl::StatusOr<ReservationFacts>(provider.status());
  if (!facts.ok()) {
    if (facts.status().code() != absl::StatusCode::kFailedPrecondition) return facts.status();
    check.set_refusal_reason(ErrorReason(facts.status()));
    check.set_refusal_message(std::string(facts.status().message()));
    return check;
  }
  const ReservationLimits& limits = facts->limits;
  const Binding binding = Bind(limits, request.amount_fen);
  check.set_allowed(binding.limit == v1::VOUCHER_LIMIT_REQUESTED);
  check.set_max_allowed_fen(Bind(limits, INT64_MAX).max_allowed_fen);
  check.set_binding_limit(binding.limit);
  check.set_voucher_remaining_fen(limits.voucher_remaining_fen);
  check.set_contract_share_remaining_fen(limits.contract_share_remaining_fen);
  check.set_claim_maximum_fen(limits.claim_maximum_fen);
  check.set_yearly_quota_remaining_fen(limits.yearly_quota_remaining_fen);
  return check;
}

absl::StatusOr<v1::Reservation> Vouchers::Redeem(const Caller& caller,
                                                 const RedeemRequest& request) {
  // 1. Shape, programme, and the provider as its home city knows it.
  RETURN_IF_ERROR(ValidateCaller(caller));
  RETURN_IF_ERROR(ValidateRedeem(request));
  const std::string issuing_city = ParseReservationId(request.reservation_id)->voucher.city;
  ASSIGN_OR_RETURN(const v1::VoucherProgramme* programme,
                   ProgrammeOf(ParseReservationId(request.reservation_id)->voucher_id));
  ASSIGN_OR_RETURN(v1::Entity provider, FindProvider(request.provider));
  const std::string& home_city = provider.home_city();
  const Claimant me{request.reservation_id, RequestDigest(caller.principal, caller.request_id)};
  const std::vector<std::string> evidence = EvidenceOf(request.evidence);
  // 2. Claims of reservations that can never redeem do not block this one.
  ASSIGN_OR_RETURN(Reservations stale, StaleClaimants(evidence, me, {issuing_city, home_city}));
  // 3. The rules over the durable state first, so most refusals write nothing anywhere. A
  // reservation already redeemed may be this very request retried: the issuing city
  // answers that (a replay, or ALREADY_REDEEMED for another request) without a claim.
  registry::LedgerView issuing(ledger_, issuing_city, options_.clock());
  absl::Status rules = CheckRedemption(issuing, *programme, request, provider, me, stale).status();
  if (!rules.ok() && ErrorReason(rules) != "ALREADY_REDEEMED") return rules;
  // 4. Cross-city: the provider's home city claims the evidence before any money moves.
  const bool claim = rules.ok() && home_city != issuing_city;
  if (claim) {
    RETURN_IF_ERROR(
        Submit(home_city, caller, "/claim", MakeClaimEvidenceCommand(evidence, me, stale))
            .status());
  }
  // 5. The issuing city redeems; a refusal gives this request's claim back.
  absl::StatusOr<storage::Outcome> redeemed = Submit(
      issuing_city, caller, "", MakeRedeemCommand(*programme, request, provider, me, stale));
  if (!redeemed.ok() && claim && Definitive(redeemed.status())) {
    absl::Status released =
        Submit(home_city, caller, "/release", MakeReleaseEvidenceCommand(evidence, me)).status();
    if (!released.ok()) {
      // The claim stays until its hold is voided or expires; then it is taken over.
      spdlog::warn("evidence claim of {} not released: {}", request.reservation_id,
                   released.ToString());
    }
  }
  return Body<v1::Reservation>(std::move(redeemed));
}

absl::StatusOr<v1::Reservation> Vouchers::Release(const Caller& caller,
                                                  const ReleaseRequest& request) {
  RETURN_IF_ERROR(ValidateCaller(caller));
  RETURN_IF_ERROR(ValidateRelease(request));
  const ParsedReservationId id = *ParseReservationId(request.reservation_id);
  return Body<v1::Reservation>(Submit(id.voucher.city, caller, "", MakeReleaseCommand(request)));
}

absl::StatusOr<v1::Voucher> Vouchers::Expire(const Caller& caller,
                                             const std::string& voucher_id) {
  RETURN_IF_ERROR(ValidateCaller(caller));
  ASSIGN_OR_RETURN(const v1::VoucherProgramme* programme, ProgrammeOf(voucher_id));
  return Body<v1::Voucher>(
      Submit(programme->city(), caller, "", MakeExpireCommand(*programme, voucher_id)));
}

absl::StatusOr<v1::Voucher> Vouchers::Revoke(const Caller& caller, const std::string& voucher_id,
                                             const std::string& reason) {
  RETURN_IF_ERROR(ValidateCaller(caller));
  RETURN_IF_ERROR(ValidateReason(reason));
  ASSIGN_OR_RETURN(const v1::VoucherProgramme* programme, ProgrammeOf(voucher_id));
  return Body<v1::Voucher>(
      Submit(programme->city(), caller, "", MakeRevokeCommand(*programme, voucher_id, reason)));
}

absl::StatusOr<int> Vouchers::ExpireDue(const std::string& principal, const std::string& city,
                                        int32_t fiscal_year) {
  ASSIGN_OR_RETURN(const v1::VoucherProgramme* programme, programmes_.Find(city, fiscal_year));
  if (ChinaDay(options_.clock()) <= ValidUntil(*programme)) return 0;
  int expired = 0;
  std::string after;
  while (expired < kMaxExpiriesPerSweep) {
    ASSIGN_OR_RETURN(auto page, ledger_.ListRecords(city, VoucherPrefix(city, fiscal_year), after,
                                                    storage::kMaxPageSize));
    if (page.empty()) break;
    after = page.back().first;
    for (const auto& [key, bytes] : page) {
      v1::Voucher voucher;
      if (!voucher.ParseFromString(bytes)) return storage::errors::Corrupt(key);
      if (voucher.state() != v1::VOUCHER_STATE_ACTIVE || expired >= kMaxExpiriesPerSweep) continue;
      RETURN_IF_ERROR(
          Expire({principal, absl::StrCat("expire/", voucher.id())}, voucher.id()).status());
      ++expired;
    }
  }
  return expired;
}

absl::StatusOr<storage::Outcome> Vouchers::Submit(
    const std::string& city, const Caller& caller, absl::string_view step,
    std::unique_ptr<storage::Command> command) const {
  return ledger_.SubmitAndWait(
      {city, caller.principal, absl::StrCat(caller.request_id, step), std::move(command)});
}

absl::StatusOr<const v1::VoucherProgramme*> Vouchers::ProgrammeOf(
    const std::string& voucher_id) const {
  auto id = ParseVoucherId(voucher_id);
  if (!id) return errors::InvalidField("voucher_id", "is not <city>-<fiscal year>-<number>");
  return programmes_.Find(id->city, id->fiscal_year);
}

absl::StatusOr<v1::Entity> Vouchers::FindProvider(const std::string& uscc) const {
  absl::StatusOr<v1::Entity> provider = registry_.Find(uscc);
  if (provider.status().code() == absl::StatusCode::kNotFound) {
    return errors::ProviderNotRegistered(uscc, "any category", "not in any city's registry");
  }
  return provider;
}

absl::StatusOr<Reservations> Vouchers::StaleClaimants(
    const std::vector<std::string>& evidence, const Claimant& me,
    const std::vector<std::string>& cities) const {
  Reservations stale;
  for (const std::string& city : cities) {
    registry::LedgerView view(ledger_, city, options_.clock());
    for (const std::string& piece : evidence) {
      ASSIGN_OR_RETURN(Reservations claimants, ClaimantsOf(view, piece, me));
      for (const std::string& claimant : claimants) {
        auto id = ParseReservationId(claimant);
        if (!id) return storage::errors::Corrupt("an evidence claim names no reservation");
        ASSIGN_OR_RETURN(auto hold, ledger_.GetEntryState(id->voucher.city, id->hold_sequence));
        if (hold && (hold->status == storage::EntryStatus::kHoldVoided ||
                     hold->status == storage::EntryStatus::kHoldExpired)) {
          stale.insert(claimant);
        }
      }
    }
  }
  return stale;
}

}  // namespace innoledger::vouchers
