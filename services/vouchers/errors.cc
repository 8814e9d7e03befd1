#include "services/vouchers/errors.h"

#include <string>

#include "absl/strings/str_cat.h"
#include "common/errors.h"
#include "common/money.h"

namespace innoledger::vouchers::errors {
namespace {

using absl::StatusCode;
std::string S(absl::string_view s) { return std::string(s); }
std::string N(int64_t v) { return absl::StrCat(v); }
// "12345 fen (123.45 yuan)": people read yuan, programs read the metadata.
std::string Fen(int64_t v) { return absl::StrCat(v, " fen (", FormatFen(v), " yuan)"); }

absl::Status Failed(absl::string_view reason, absl::string_view message,
                    const std::map<std::string, std::string>& metadata) {
  return Error(StatusCode::kFailedPrecondition, reason, message, metadata);
}

}  // namespace

absl::Status InvalidField(absl::string_view field, absl::string_view why) {
  return Error(StatusCode::kInvalidArgument, "INVALID_REQUEST", absl::StrCat(field, ": ", why),
               {{"field", S(field)}});
}

absl::Status InvalidAmount(absl::string_view field, int64_t amount_fen) {
  return Error(StatusCode::kInvalidArgument, "INVALID_AMOUNT",
               absl::StrCat(field, " must be a positive amount of fen; it is ", amount_fen),
               {{"field", S(field)}, {"amount_fen", N(amount_fen)}});
}

absl::Status AmountTooLarge(absl::string_view field, int64_t amount_fen) {
  return Error(StatusCode::kInvalidArgument, "AMOUNT_TOO_LARGE",
               absl::StrCat(field, " of ", amount_fen, " fen is beyond any voucher or contract"),
               {{"field", S(field)}, {"amount_fen", N(amount_fen)}});
}

absl::Status FaceValueNotOffered(absl::string_view programme, int64_t face_value_fen) {
  return Error(StatusCode::kInvalidArgument, "FACE_VALUE_NOT_OFFERED",
               absl::StrCat("programme ", programme, " offers no voucher of ",
                            Fen(face_value_fen)),
               {{"programme", S(programme)}, {"face_value_fen", N(face_value_fen)}});
}

absl::Status ProgrammeInvalid(absl::string_view file, absl::string_view lines) {
  return Error(StatusCode::kInvalidArgument, "PROGRAMME_INVALID", lines, {{"file", S(file)}});
}

absl::Status ProgrammeNotFound(absl::string_view city, int32_t fiscal_year) {
  return Error(StatusCode::kNotFound, "PROGRAMME_NOT_FOUND",
               absl::StrCat(city, " has no voucher programme for fiscal year ", fiscal_year),
               {{"city", S(city)}, {"fiscal_year", N(fiscal_year)}});
}

absl::Status ProgrammeFileNotFound(absl::string_view file) {
  return Error(StatusCode::kNotFound, "PROGRAMME_FILE_NOT_FOUND",
               absl::StrCat("cannot read voucher programmes ", file), {{"file", S(file)}});
}

absl::Status VoucherNotFound(absl::string_view voucher_id) {
  return Error(StatusCode::kNotFound, "VOUCHER_NOT_FOUND",
               absl::StrCat("no voucher ", voucher_id), {{"voucher", S(voucher_id)}});
}

absl::Status ReservationNotFound(absl::string_view reservation_id) {
  return Error(StatusCode::kNotFound, "RESERVATION_NOT_FOUND",
               absl::StrCat("no reservation ", reservation_id),
               {{"reservation", S(reservation_id)}});
}

absl::Status NotReservationProvider(absl::string_view reservation_id,
                                    absl::string_view provider) {
  return Error(StatusCode::kPermissionDenied, "NOT_RESERVATION_PROVIDER",
               absl::StrCat("reservation ", reservation_id, " belongs to another provider than ",
                            provider),
               {{"reservation", S(reservation_id)}, {"provider", S(provider)}});
}

absl::Status ProgrammeNotOpen(absl::string_view programme, int32_t fiscal_year_now) {
  return Failed("PROGRAMME_NOT_OPEN",
                absl::StrCat("programme ", programme, " is not open: the fiscal year is now ",
                             fiscal_year_now),
                {{"programme", S(programme)}, {"fiscal_year", N(fiscal_year_now)}});
}

absl::Status HolderNotEligible(absl::string_view holder, absl::string_view why) {
  return Failed("HOLDER_NOT_ELIGIBLE",
                absl::StrCat(holder, " may not hold vouchers of this programme: ", why),
                {{"holder", S(holder)}});
}

absl::Status BadRecord(absl::string_view uscc, absl::string_view set_on, absl::string_view why) {
  return Failed("BAD_RECORD",
                absl::StrCat(uscc, " has a bad record since ", set_on, ": ", why),
                {{"uscc", S(uscc)}, {"set_on", S(set_on)}});
}

absl::Status YearlyQuotaExceeded(absl::string_view holder, int32_t fiscal_year, int64_t used_fen,
                                 int64_t quota_fen, int64_t wanted_fen) {
  return Failed("YEARLY_QUOTA_EXCEEDED",
                absl::StrCat(holder, " has used ", Fen(used_fen), " of its ", Fen(quota_fen),
                             " quota for ", fiscal_year, "; ", Fen(wanted_fen), " more is over"),
                {{"holder", S(holder)},
                 {"fiscal_year", N(fiscal_year)},
                 {"used_fen", N(used_fen)},
                 {"limit_fen", N(quota_fen)},
                 {"remaining_fen", N(quota_fen - used_fen)},
                 {"wanted_fen", N(wanted_fen)}});
}

absl::Status FundInsufficient(absl::string_view account, int64_t available_fen,
                              int64_t wanted_fen) {
  return Failed("FUND_INSUFFICIENT",
                absl::StrCat("voucher fund ", account, " holds ", Fen(available_fen), "; ",
                             Fen(wanted_fen), " is wanted"),
                {{"account", S(account)},
                 {"available_fen", N(available_fen)},
                 {"wanted_fen", N(wanted_fen)}});
}

absl::Status VoucherExpired(absl::string_view voucher_id, absl::string_view valid_until) {
  return Failed("VOUCHER_EXPIRED",
                absl::StrCat("voucher ", voucher_id, " was valid until ", valid_until),
                {{"voucher", S(voucher_id)}, {"valid_until", S(valid_until)}});
}

absl::Status VoucherRevoked(absl::string_view voucher_id, absl::string_view reason) {
  return Failed("VOUCHER_REVOKED",
                absl::StrCat("voucher ", voucher_id, " was revoked: ", reason),
                {{"voucher", S(voucher_id)}});
}

absl::Status VoucherStillValid(absl::string_view voucher_id, absl::string_view valid_until) {
  return Failed("VOUCHER_STILL_VALID",
                absl::StrCat("voucher ", voucher_id, " is valid until ", valid_until),
                {{"voucher", S(voucher_id)}, {"valid_until", S(valid_until)}});
}

absl::Status CategoryNotCovered(absl::string_view programme, absl::string_view category) {
  return Failed("CATEGORY_NOT_COVERED",
                absl::StrCat("programme ", programme, " does not pay for ", category),
                {{"programme", S(programme)}, {"category", S(category)}});
}

absl::Status ProviderNotRegistered(absl::string_view provider, absl::string_view category,
                                   absl::string_view why) {
  return Failed("PROVIDER_NOT_REGISTERED",
                absl::StrCat(provider, " is not a registered provider of ", category, ": ", why),
                {{"provider", S(provider)}, {"category", S(category)}});
}

absl::Status NotHomeNode(absl::string_view provider, absl::string_view home_city) {
  return Failed("NOT_HOME_NODE",
                absl::StrCat(provider, " redeems another city's voucher through the node of its "
                             "home city ", home_city, ", where its evidence is claimed"),
                {{"provider", S(provider)}, {"home_city", S(home_city)}});
}

absl::Status RelatedParties(absl::string_view holder, absl::string_view provider,
                            absl::string_view why) {
  return Failed("RELATED_PARTIES",
                absl::StrCat("holder ", holder, " and provider ", provider,
                             " are related parties (", why, ")"),
                {{"holder", S(holder)}, {"provider", S(provider)}});
}

absl::Status ContractAmountMismatch(absl::string_view contract_id, int64_t recorded_fen,
                                    int64_t given_fen) {
  return Failed("CONTRACT_AMOUNT_MISMATCH",
                absl::StrCat("contract ", contract_id, " was reserved against as ",
                             Fen(recorded_fen), ", not ", Fen(given_fen)),
                {{"contract", S(contract_id)},
                 {"recorded_fen", N(recorded_fen)},
                 {"given_fen", N(given_fen)}});
}

absl::Status TooManyOpenReservations(absl::string_view voucher_id) {
  return Failed("TOO_MANY_OPEN_RESERVATIONS",
                absl::StrCat("voucher ", voucher_id, " has the most open reservations; redeem or "
                             "release one first"),
                {{"voucher", S(voucher_id)}});
}

absl::Status OverRemainingValue(absl::string_view voucher_id, int64_t remaining_fen,
                                int64_t wanted_fen) {
  return Failed("OVER_REMAINING_VALUE",
                absl::StrCat("voucher ", voucher_id, " has ", Fen(remaining_fen), " left; ",
                             Fen(wanted_fen), " is wanted"),
                {{"voucher", S(voucher_id)},
                 {"remaining_fen", N(remaining_fen)},
                 {"wanted_fen", N(wanted_fen)}});
}

absl::Status OverContractShare(absl::string_view contract_id, int32_t share_bp,
                               int64_t remaining_fen, int64_t wanted_fen) {
  return Failed("OVER_CONTRACT_SHARE",
                absl::StrCat("vouchers pay at most ", share_bp, " bp of contract ", contract_id,
                             "; ", Fen(remaining_fen), " of that share is left, ",
                             Fen(wanted_fen), " is wanted"),
                {{"contract", S(contract_id)},
                 {"share_bp", N(share_bp)},
                 {"remaining_fen", N(remaining_fen)},
                 {"wanted_fen", N(wanted_fen)}});
}

absl::Status OverClaimMaximum(int64_t maximum_fen, int64_t wanted_fen) {
  return Failed("OVER_CLAIM_MAXIMUM",
                absl::StrCat("one claim takes at most ", Fen(maximum_fen), "; ",
                             Fen(wanted_fen), " is wanted"),
                {{"limit_fen", N(maximum_fen)}, {"wanted_fen", N(wanted_fen)}});
}

absl::Status InvoiceTooSmall(absl::string_view invoice, int64_t invoice_fen, int32_t share_bp,
                             int64_t wanted_fen) {
  return Failed("INVOICE_TOO_SMALL",
                absl::StrCat("invoice ", invoice, " is for ", Fen(invoice_fen), "; ", share_bp,
                             " bp of it does not cover the ", Fen(wanted_fen), " reserved"),
                {{"invoice", S(invoice)},
                 {"invoice_fen", N(invoice_fen)},
                 {"wanted_fen", N(wanted_fen)}});
}

absl::Status AlreadyRedeemed(absl::string_view reservation_id) {
  return Failed("ALREADY_REDEEMED",
                absl::StrCat("reservation ", reservation_id, " was redeemed already"),
                {{"reservation", S(reservation_id)}});
}

absl::Status ReservationReleased(absl::string_view reservation_id) {
  return Failed("RESERVATION_RELEASED",
                absl::StrCat("reservation ", reservation_id, " was released"),
                {{"reservation", S(reservation_id)}});
}

absl::Status ReservationExpired(absl::string_view reservation_id) {
  return Failed("RESERVATION_EXPIRED",
                absl::StrCat("reservation ", reservation_id,
                             " timed out; reserve again to redeem"),
                {{"reservation", S(reservation_id)}});
}

absl::Status EvidenceAlreadyUsed(absl::string_view evidence_key, absl::string_view by) {
  return Failed("EVIDENCE_ALREADY_USED",
                absl::StrCat(evidence_key, " was used already, by reservation ", by),
                {{"evidence", S(evidence_key)}, {"reservation", S(by)}});
}

}  // namespace innoledger::vouchers::errors
