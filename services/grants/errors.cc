#include "services/grants/errors.h"

#include <string>

#include "absl/strings/str_cat.h"
#include "common/errors.h"

namespace innoledger::grants::errors {
namespace {

using Code = absl::StatusCode;
using Metadata = std::map<std::string, std::string>;

absl::Status Failed(absl::string_view reason, absl::string_view message, Metadata metadata) {
  return Error(Code::kFailedPrecondition, reason, message, metadata);
}

std::string S(absl::string_view text) { return std::string(text); }

}  // namespace

absl::Status InvalidField(absl::string_view field, absl::string_view why) {
  return Error(Code::kInvalidArgument, "INVALID_REQUEST", absl::StrCat(field, ": ", why),
               {{"field", S(field)}});
}

absl::Status FactMissing(absl::string_view policy, absl::string_view fact) {
  return Error(Code::kInvalidArgument, "FACT_MISSING",
               absl::StrCat("policy '", policy, "' needs the fact '", fact,
                            "': the application (or the registry) must state it"),
               {{"policy", S(policy)}, {"fact", S(fact)}});
}

absl::Status InvalidAmount(absl::string_view what, int64_t amount_fen) {
  return Error(Code::kInvalidArgument, "INVALID_AMOUNT",
               absl::StrCat(what, " must be positive and within int64 fen; got ", amount_fen),
               {{"field", S(what)}});
}

absl::Status CatalogueInvalid(absl::string_view file, absl::string_view lines) {
  return Error(Code::kInvalidArgument, "CATALOGUE_INVALID", lines, {{"file", S(file)}});
}

absl::Status CatalogueNotFound(absl::string_view file) {
  return Error(Code::kNotFound, "CATALOGUE_NOT_FOUND", absl::StrCat("cannot read catalogue ", file),
               {{"file", S(file)}});
}

absl::Status PolicyNotInForce(absl::string_view policy, absl::string_view city,
                              absl::string_view day) {
  return Error(Code::kNotFound, "POLICY_NOT_IN_FORCE",
               absl::StrCat("no version of policy '", policy, "' is in force",
                            city.empty() ? "" : absl::StrCat(" for ", city), " on ", day),
               {{"policy", S(policy)}, {"city", S(city)}, {"day", S(day)}});
}

absl::Status AwardNotFound(absl::string_view award_id) {
  return Error(Code::kNotFound, "AWARD_NOT_FOUND", absl::StrCat("no award '", award_id, "'"),
               {{"award", S(award_id)}});
}

absl::Status TrancheNotFound(absl::string_view award_id, int32_t fiscal_year) {
  return Error(Code::kNotFound, "TRANCHE_NOT_FOUND",
               absl::StrCat("award '", award_id, "' has no tranche in ", fiscal_year),
               {{"award", S(award_id)}, {"fiscal_year", absl::StrCat(fiscal_year)}});
}

absl::Status AwardExists(absl::string_view award_id, absl::string_view state) {
  return Error(Code::kAlreadyExists, "AWARD_EXISTS",
               absl::StrCat("award '", award_id, "' exists already (", state, ")"),
               {{"award", S(award_id)}, {"state", S(state)}});
}

absl::Status OrderExists(absl::string_view order_id) {
  return Error(Code::kAlreadyExists, "ORDER_EXISTS",
               absl::StrCat("payment order '", order_id, "' was executed already"),
               {{"order", S(order_id)}});
}

absl::Status NotEligible(absl::string_view policy, int condition, absl::string_view what) {
  return Failed("NOT_ELIGIBLE",
                absl::StrCat("policy '", policy, "': eligibility condition ", condition,
                             " does not hold: ", what),
                {{"policy", S(policy)}, {"condition", absl::StrCat(condition)}});
}

absl::Status GradeDoesNotPay(absl::string_view policy, int64_t grade) {
  return Failed("NOT_ELIGIBLE", absl::StrCat("grade ", grade, " does not pay under '", policy, "'"),
                {{"policy", S(policy)}, {"condition", "grade"}});
}

absl::Status AlreadyAwarded(absl::string_view policy, absl::string_view award_id) {
  return Failed("ALREADY_AWARDED",
                absl::StrCat("'", policy,
                             "' is awarded once per entity; this one has it "
                             "already (award '",
                             award_id, "')"),
                {{"policy", S(policy)}, {"award", S(award_id)}});
}

absl::Status CapReached(absl::string_view policy, absl::string_view cap) {
  return Failed(
      "CAP_REACHED",
      absl::StrCat("'", policy, "': the ", cap, " cap is used up; nothing is left to pay"),
      {{"policy", S(policy)}, {"cap", S(cap)}});
}

absl::Status ApplicationMismatch(absl::string_view award_id, absl::string_view field) {
  return Failed("APPLICATION_MISMATCH",
                absl::StrCat("the approval of '", award_id, "' differs from its filing in ", field),
                {{"award", S(award_id)}, {"field", S(field)}});
}

absl::Status AwardNotApproved(absl::string_view award_id, absl::string_view state) {
  return Failed("AWARD_NOT_APPROVED",
                absl::StrCat("award '", award_id, "' is ", state, ", not approved"),
                {{"award", S(award_id)}, {"state", S(state)}});
}

absl::Status TrancheNotDue(absl::string_view award_id, int32_t fiscal_year,
                           absl::string_view state) {
  return Failed(
      "TRANCHE_NOT_DUE",
      absl::StrCat("the ", fiscal_year, " tranche of '", award_id, "' is ", state),
      {{"award", S(award_id)}, {"fiscal_year", absl::StrCat(fiscal_year)}, {"state", S(state)}});
}

absl::Status InvestmentOverAllowance(absl::string_view award_id, int64_t allowance_fen,
                                     int64_t wanted_fen) {
  return Failed("INVESTMENT_OVER_ALLOWANCE",
                absl::StrCat("award '", award_id, "' may still invest ", allowance_fen, " fen; ",
                             wanted_fen, " asked"),
                {{"award", S(award_id)},
                 {"allowance_fen", absl::StrCat(allowance_fen)},
                 {"wanted_fen", absl::StrCat(wanted_fen)}});
}

absl::Status WrongFund(absl::string_view award_id, absl::string_view fund,
                       absl::string_view order_fund) {
  return Failed("WRONG_FUND",
                absl::StrCat("award '", award_id, "' is paid by ", fund, ", not by ", order_fund),
                {{"award", S(award_id)}, {"fund", S(fund)}});
}

absl::Status NothingPayable(absl::string_view award_id) {
  return Failed("NOTHING_PAYABLE", absl::StrCat("award '", award_id, "' has nothing payable"),
                {{"award", S(award_id)}});
}

absl::Status AwardDisbursed(absl::string_view award_id, int64_t disbursed_fen) {
  return Failed("AWARD_DISBURSED",
                absl::StrCat("award '", award_id, "' has paid out ", disbursed_fen,
                             " fen: claw back with the refund received"),
                {{"award", S(award_id)}, {"disbursed_fen", absl::StrCat(disbursed_fen)}});
}

absl::Status BadRecordNotCleared(absl::string_view entity) {
  return Failed("BAD_RECORD", absl::StrCat(entity, " still has a bad record"),
                {{"uscc", S(entity)}});
}

absl::Status TooManyOpenAwards(absl::string_view entity, int limit) {
  return Failed("TOO_MANY_OPEN_AWARDS",
                absl::StrCat(entity, " has ", limit, " multi-year awards running; the limit"),
                {{"entity", S(entity)}, {"limit", absl::StrCat(limit)}});
}

}  // namespace innoledger::grants::errors
