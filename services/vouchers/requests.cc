#include "services/vouchers/requests.h"

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "common/status_macros.h"
#include "common/uscc.h"
#include "services/vouchers/errors.h"
#include "services/vouchers/keys.h"
#include "services/vouchers/limits.h"
#include "storage/limits.h"
#include "storage/validate.h"

namespace innoledger::vouchers {
namespace {

absl::Status ValidateVoucherId(const std::string& id) {
  if (!ParseVoucherId(id)) {
    return errors::InvalidField("voucher_id", "is not <city>-<fiscal year>-<number>");
  }
  return absl::OkStatus();
}

absl::Status ValidateCategory(v1::ServiceCategory category) {
  if (category == v1::SERVICE_CATEGORY_UNSPECIFIED || !v1::ServiceCategory_IsValid(category)) {
    return errors::InvalidField("category", "must be R&D, consulting or testing");
  }
  return absl::OkStatus();
}

absl::Status ValidateSha256(const char* field, const std::string& hex) {
  bool ok = hex.size() == 64;
  for (char c : hex) ok = ok && (absl::ascii_isdigit(c) || (c >= 'a' && c <= 'f'));
  if (!ok) return errors::InvalidField(field, "must be a SHA-256 in 64 lowercase hex digits");
  return absl::OkStatus();
}

absl::Status ValidateInvoiceNumber(const std::string& number) {
  bool ok = !number.empty() && number.size() <= kMaxInvoiceNumberBytes;
  for (char c : number) ok = ok && (absl::ascii_isdigit(c) || absl::ascii_isupper(c));
  if (!ok) {
    return errors::InvalidField("invoice_number",
                                "must be 1 to 40 digits or upper-case letters as printed");
  }
  return absl::OkStatus();
}

}  // namespace

absl::Status ValidateAmount(const char* field, int64_t amount_fen) {
  if (amount_fen <= 0) return errors::InvalidAmount(field, amount_fen);
  if (amount_fen > kMaxAmountFen) return errors::AmountTooLarge(field, amount_fen);
  return absl::OkStatus();
}

absl::Status ValidateReason(const std::string& reason) {
  if (reason.empty() || reason.size() > kMaxReasonBytes ||
      !storage::ValidateText("reason", reason, kMaxReasonBytes).ok()) {
    return errors::InvalidField("reason", "give a reason of 1 to 512 bytes");
  }
  return absl::OkStatus();
}

absl::Status ValidateIssue(const IssueRequest& request) {
  if (!storage::ValidateCity(request.city).ok()) {
    return errors::InvalidField("city", "must match [a-z][a-z0-9_]{0,31}");
  }
  RETURN_IF_ERROR(ValidateUscc(request.holder));
  return ValidateAmount("face_value_fen", request.face_value_fen);
}

absl::Status ValidateReserve(const ReserveRequest& request) {
  RETURN_IF_ERROR(ValidateVoucherId(request.voucher_id));
  RETURN_IF_ERROR(ValidateUscc(request.provider));
  if (!storage::ValidateId("contract_id", request.contract_id, kMaxContractIdBytes).ok()) {
    return errors::InvalidField("contract_id", "is required: 1 to 64 printable bytes");
  }
  RETURN_IF_ERROR(ValidateCategory(request.category));
  RETURN_IF_ERROR(ValidateAmount("contract_amount_fen", request.contract_amount_fen));
  RETURN_IF_ERROR(ValidateAmount("amount_fen", request.amount_fen));
  if (request.hold_timeout < absl::ZeroDuration() ||
      request.hold_timeout > absl::Seconds(kMaxHoldTimeoutSeconds)) {
    return errors::InvalidField("hold_timeout", "must be 0 (the programme's) to 366 days");
  }
  return absl::OkStatus();
}

absl::Status ValidateRedeem(const RedeemRequest& request) {
  if (!ParseReservationId(request.reservation_id)) {
    return errors::InvalidField("reservation_id", "is not <voucher id>/<hold sequence>");
  }
  RETURN_IF_ERROR(ValidateUscc(request.provider));
  const v1::Evidence& evidence = request.evidence;
  RETURN_IF_ERROR(ValidateInvoiceNumber(evidence.invoice_number()));
  RETURN_IF_ERROR(ValidateAmount("invoice_amount_fen", evidence.invoice_amount_fen()));
  RETURN_IF_ERROR(ValidateSha256("contract_sha256", evidence.contract_sha256()));
  return ValidateSha256("acceptance_sha256", evidence.acceptance_sha256());
}

absl::Status ValidateRelease(const ReleaseRequest& request) {
  if (!ParseReservationId(request.reservation_id)) {
    return errors::InvalidField("reservation_id", "is not <voucher id>/<hold sequence>");
  }
  if (!request.provider.empty()) RETURN_IF_ERROR(ValidateUscc(request.provider));
  return ValidateReason(request.reason);
}

}  // namespace innoledger::vouchers
