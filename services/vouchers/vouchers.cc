#include "services/vouchers/vouchers.h"

#include <algorithm>

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

struct Vouchers::RedemptionPlan {
  std::string issuing_city;
  std::string home_city;  // the provider's
  const v1::VoucherProgramme* programme = nullptr;
  v1::Entity provider;
  Claimant me;
  std::vector<std::string> evidence;
  Reservations stale;
  bool claim = false;  // cross-city, rules pass: claim in the provider's home city first
};

// ---- Writes: plan from the durable state, then command(s) in the issuing city.

void Vouchers::OpenProgramme(const Caller& caller, const std::string& city, int32_t fiscal_year,
                             Done<storage::Outcome> done) {
  absl::Status valid = ValidateCaller(caller);
  absl::StatusOr<const v1::VoucherProgramme*> programme =
      valid.ok() ? programmes_.Find(city, fiscal_year)
                 : absl::StatusOr<const v1::VoucherProgramme*>(valid);
  if (!programme.ok()) return std::move(done)(programme.status());
  Submit(city, caller, "", MakeOpenProgrammeCommand(**programme), std::move(done));
}

void Vouchers::Issue(const Caller& caller, const IssueRequest& request, Done<v1::Voucher> done) {
  absl::StatusOr<std::string> city = PlanIssue(caller, request);
  auto programme = programmes_.Find(request.city, request.fiscal_year);
  if (!city.ok() || !programme.ok()) {
    return std::move(done)(city.ok() ? programme.status() : city.status());
  }
  SubmitFor(city, caller, MakeIssueCommand(**programme, request), std::move(done));
}

void Vouchers::Reserve(const Caller& caller, const ReserveRequest& request,
                       Done<v1::Reservation> done) {
  absl::Status valid = ValidateCaller(caller);
  if (valid.ok()) valid = ValidateReserve(request);
  if (!valid.ok()) return std::move(done)(valid);
  absl::StatusOr<const v1::VoucherProgramme*> programme = ProgrammeOf(request.voucher_id);
  absl::StatusOr<v1::Entity> provider =
      programme.ok() ? FindProvider(request.provider) : programme.status();
  if (!provider.ok()) return std::move(done)(provider.status());
  SubmitFor((*programme)->city(), caller, MakeReserveCommand(**programme, request, *provider),
            std::move(done));
}

void Vouchers::Redeem(const Caller& caller, const RedeemRequest& request,
                      Done<v1::Reservation> done) {
  const std::optional<ParsedReservationId> id = ParseReservationId(request.reservation_id);
  if (id && !Hosts(id->voucher.city) && options_.peers != nullptr &&
      options_.peers->Serves(id->voucher.city)) {
    return RedeemThroughPeer(caller, request, std::move(done));
  }
  absl::StatusOr<RedemptionPlan> plan = PlanRedemption(caller, request);
  if (!plan.ok()) return std::move(done)(plan.status());
  if (!plan->claim) return RedeemInIssuingCity(caller, request, *std::move(plan), std::move(done));
  // Cross-city: the provider's home city claims the evidence before any money moves.
  const std::string home_city = plan->home_city;
  auto claim = MakeClaimEvidenceCommand(plan->evidence, plan->me, plan->stale);
  Submit(home_city, caller, "/claim", std::move(claim),
         [this, caller, request, plan = *std::move(plan), done = std::move(done)](
             absl::StatusOr<storage::Outcome> claimed) mutable {
           if (!claimed.ok()) return std::move(done)(claimed.status());
           RedeemInIssuingCity(caller, request, std::move(plan), std::move(done));
         });
}

// The issuing city redeems; a refusal gives this request's claim back before it is told.
void Vouchers::RedeemInIssuingCity(const Caller& caller, const RedeemRequest& request,
                                   RedemptionPlan plan, Done<v1::Reservation> done) const {
  auto command = MakeRedeemCommand(*plan.programme, request, plan.provider, plan.me, plan.stale);
  const std::string city = plan.issuing_city;
  Submit(city, caller, "", std::move(command),
         [this, caller, plan = std::move(plan), done = std::move(done)](
             absl::StatusOr<storage::Outcome> redeemed) mutable {
           if (redeemed.ok() || !plan.claim || !Definitive(redeemed.status())) {
             return std::move(done)(registry::ParseBody<v1::Reservation>(std::move(redeemed)));
           }
           Submit(plan.home_city, caller, "/release",
                  MakeReleaseEvidenceCommand(plan.evidence, plan.me),
                  [refusal = redeemed.status(), id = plan.me.reservation, done = std::move(done)](
                      absl::StatusOr<storage::Outcome> released) mutable {
                    // Kept, the claim blocks only until its hold is voided or expires.
                    if (!released.ok()) {
                      spdlog::warn("evidence claim of {} not released: {}", id,
                                   released.status().ToString());
                    }
                    std::move(done)(refusal);
                  });
         });
}

void Vouchers::Release(const Caller& caller, const ReleaseRequest& request,
                       Done<v1::Reservation> done) {
  absl::Status valid = ValidateCaller(caller);
  if (valid.ok()) valid = ValidateRelease(request);
  if (!valid.ok()) return std::move(done)(valid);
  SubmitFor(ParseReservationId(request.reservation_id)->voucher.city, caller,
            MakeReleaseCommand(request), std::move(done));
}

void Vouchers::Expire(const Caller& caller, const std::string& voucher_id,
                      Done<v1::Voucher> done) {
  absl::Status valid = ValidateCaller(caller);
  auto programme = valid.ok() ? ProgrammeOf(voucher_id)
                              : absl::StatusOr<const v1::VoucherProgramme*>(valid);
  if (!programme.ok()) return std::move(done)(programme.status());
  SubmitFor((*programme)->city(), caller, MakeExpireCommand(**programme, voucher_id),
            std::move(done));
}

void Vouchers::Revoke(const Caller& caller, const std::string& voucher_id,
                      const std::string& reason, Done<v1::Voucher> done) {
  absl::Status valid = ValidateCaller(caller);
  if (valid.ok()) valid = ValidateReason(reason);
  auto programme = valid.ok() ? ProgrammeOf(voucher_id)
                              : absl::StatusOr<const v1::VoucherProgramme*>(valid);
  if (!programme.ok()) return std::move(done)(programme.status());
  SubmitFor((*programme)->city(), caller, MakeRevokeCommand(**programme, voucher_id, reason),
            std::move(done));
}

// ---- The same, waiting.

absl::Status Vouchers::OpenProgramme(const Caller& caller, const std::string& city,
                                     int32_t fiscal_year) {
  return registry::Wait<storage::Outcome>([&](Done<storage::Outcome> done) {
           OpenProgramme(caller, city, fiscal_year, std::move(done));
         })
      .status();
}
absl::StatusOr<v1::Voucher> Vouchers::Issue(const Caller& caller, const IssueRequest& request) {
  return registry::Wait<v1::Voucher>(
      [&](Done<v1::Voucher> done) { Issue(caller, request, std::move(done)); });
}
absl::StatusOr<v1::Reservation> Vouchers::Reserve(const Caller& caller,
                                                  const ReserveRequest& request) {
  return registry::Wait<v1::Reservation>(
      [&](Done<v1::Reservation> done) { Reserve(caller, request, std::move(done)); });
}
absl::StatusOr<v1::Reservation> Vouchers::Redeem(const Caller& caller,
                                                 const RedeemRequest& request) {
  return registry::Wait<v1::Reservation>(
      [&](Done<v1::Reservation> done) { Redeem(caller, request, std::move(done)); });
}
absl::StatusOr<v1::Reservation> Vouchers::Release(const Caller& caller,
                                                  const ReleaseRequest& request) {
  return registry::Wait<v1::Reservation>(
      [&](Done<v1::Reservation> done) { Release(caller, request, std::move(done)); });
}
absl::StatusOr<v1::Voucher> Vouchers::Expire(const Caller& caller,
                                             const std::string& voucher_id) {
  return registry::Wait<v1::Voucher>(
      [&](Done<v1::Voucher> done) { Expire(caller, voucher_id, std::move(done)); });
}
absl::StatusOr<v1::Voucher> Vouchers::Revoke(const Caller& caller, const std::string& voucher_id,
                                             const std::string& reason) {
  return registry::Wait<v1::Voucher>(
      [&](Done<v1::Voucher> done) { Revoke(caller, voucher_id, reason, std::move(done)); });
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

void Vouchers::Submit(const std::string& city, const Caller& caller, absl::string_view step,
                      std::unique_ptr<storage::Command> command,
                      Done<storage::Outcome> done) const {
  ledger_.Submit({city, caller.principal, absl::StrCat(caller.request_id, step), std::move(command)},
                 std::move(done));
}

template <typename Message>
void Vouchers::SubmitFor(absl::StatusOr<std::string> city, const Caller& caller,
                         std::unique_ptr<storage::Command> command, Done<Message> done) const {
  if (!city.ok()) return std::move(done)(city.status());
  Submit(*city, caller, "", std::move(command),
         [done = std::move(done)](absl::StatusOr<storage::Outcome> outcome) mutable {
           std::move(done)(registry::ParseBody<Message>(std::move(outcome)));
         });
}

absl::StatusOr<std::string> Vouchers::PlanIssue(const Caller& caller,
                                                const IssueRequest& request) const {
  RETURN_IF_ERROR(ValidateCaller(caller));
  RETURN_IF_ERROR(ValidateIssue(request));
  RETURN_IF_ERROR(programmes_.Find(request.city, request.fiscal_year).status());
  // A city's vouchers go to its own enterprises (the command, in that city, sees only its
  // own registry; this says why another city's enterprise is refused).
  ASSIGN_OR_RETURN(v1::Entity holder, registry_.Find(request.holder));
  if (holder.home_city() != request.city) {
    return errors::HolderNotEligible(
        request.holder, absl::StrCat("it is an entity of ", holder.home_city(), ", not of ",
                                     request.city));
  }
  return request.city;
}

void Vouchers::RedeemThroughPeer(const Caller& caller, const RedeemRequest& request,
                                 Done<v1::Reservation> done) const {
  absl::Status valid = ValidateCaller(caller);
  if (valid.ok()) valid = ValidateRedeem(request);
  if (!valid.ok()) return std::move(done)(valid);
  absl::StatusOr<v1::Entity> provider = FindProvider(request.provider);
  if (!provider.ok()) return std::move(done)(provider.status());
  // The evidence is claimed in the provider's home partition, which must be here.
  const std::string home_city = provider->home_city();
  if (!Hosts(home_city)) {
    return std::move(done)(errors::NotHomeNode(request.provider, home_city));
  }
  const Claimant me{request.reservation_id, RequestDigest(caller.principal, caller.request_id)};
  std::vector<std::string> evidence = EvidenceOf(request.evidence);
  absl::StatusOr<Reservations> stale = StaleClaimants(evidence, me, {home_city});
  if (!stale.ok()) return std::move(done)(stale.status());
  auto claim = MakeClaimEvidenceCommand(evidence, me, *stale);
  Submit(home_city, caller, "/claim", std::move(claim),
         [this, caller, request, home_city, evidence, me, done = std::move(done)](
             absl::StatusOr<storage::Outcome> claimed) mutable {
           if (!claimed.ok()) return std::move(done)(claimed.status());
           options_.peers->Redeem(
               caller, request,
               [this, caller, home_city, evidence, me, done = std::move(done)](
                   absl::StatusOr<v1::Reservation> redeemed) mutable {
                 if (redeemed.ok() || !Definitive(redeemed.status())) {
                   return std::move(done)(std::move(redeemed));
                 }
                 Submit(home_city, caller, "/release", MakeReleaseEvidenceCommand(evidence, me),
                        [refusal = redeemed.status(), done = std::move(done)](
                            absl::StatusOr<storage::Outcome>) mutable {
                          std::move(done)(refusal);
                        });
               });
         });
}

bool Vouchers::Hosts(const std::string& city) const {
  const std::vector<std::string> cities = ledger_.cities();
  return std::find(cities.begin(), cities.end(), city) != cities.end();
}

absl::StatusOr<Vouchers::RedemptionPlan> Vouchers::PlanRedemption(
    const Caller& caller, const RedeemRequest& request) const {
  RETURN_IF_ERROR(ValidateCaller(caller));
  RETURN_IF_ERROR(ValidateRedeem(request));
  const ParsedReservationId id = *ParseReservationId(request.reservation_id);
  RedemptionPlan plan;
  plan.issuing_city = id.voucher.city;
  ASSIGN_OR_RETURN(plan.programme, ProgrammeOf(id.voucher_id));
  ASSIGN_OR_RETURN(plan.provider, FindProvider(request.provider));
  plan.home_city = plan.provider.home_city();
  plan.me = {request.reservation_id, RequestDigest(caller.principal, caller.request_id)};
  plan.evidence = EvidenceOf(request.evidence);
  // Claims of reservations that can never redeem do not block this one.
  ASSIGN_OR_RETURN(plan.stale,
                   StaleClaimants(plan.evidence, plan.me, {plan.issuing_city, plan.home_city}));
  // The rules over the durable state first, so most refusals write nothing anywhere. A
  // reservation already redeemed may be this very request retried: the issuing city
  // answers that (a replay, or ALREADY_REDEEMED to another request) without a claim.
  registry::LedgerView issuing(ledger_, plan.issuing_city, options_.clock());
  absl::Status rules =
      CheckRedemption(issuing, *plan.programme, request, plan.provider, plan.me, plan.stale)
          .status();
  if (!rules.ok() && ErrorReason(rules) != "ALREADY_REDEEMED") return rules;
  // Forwarded by the provider's home node, which has claimed the evidence there already.
  plan.claim = rules.ok() && plan.home_city != plan.issuing_city && caller.via_city != plan.home_city;
  if (plan.claim && !Hosts(plan.home_city)) return errors::NotHomeNode(request.provider, plan.home_city);
  return plan;
}

absl::StatusOr<const v1::VoucherProgramme*> Vouchers::ProgrammeOf(
    const std::string& voucher_id) const {
  auto id = ParseVoucherId(voucher_id);
  if (!id) return errors::InvalidField("voucher_id", "is not <city>-<fiscal year>-<number>");
  return programmes_.Find(id->city, id->fiscal_year);
}

absl::StatusOr<v1::Entity> Vouchers::FindProvider(const std::string& uscc) const {
  absl::StatusOr<v1::Entity> provider = registry_.Find(uscc);
  // A provider of a city another node hosts (per-city set-up) is registered there.
  if (provider.status().code() == absl::StatusCode::kNotFound && options_.peers != nullptr) {
    provider = options_.peers->FindEntity(uscc);
  }
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
    if (!Hosts(city)) continue;  // the other node judges its own claims
    registry::LedgerView view(ledger_, city, options_.clock());
    for (const std::string& piece : evidence) {
      ASSIGN_OR_RETURN(Reservations claimants, ClaimantsOf(view, piece, me));
      for (const std::string& claimant : claimants) {
        auto id = ParseReservationId(claimant);
        if (!id) return storage::errors::Corrupt("an evidence claim names no reservation");
        // A hold in a city another node hosts: not known to be void, so the claim stands
        // (it may block a legitimate reuse; it never lets evidence pay twice).
        if (!Hosts(id->voucher.city)) continue;
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
