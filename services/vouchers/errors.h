#ifndef INNOLEDGER_SERVICES_VOUCHERS_ERRORS_H_
#define INNOLEDGER_SERVICES_VOUCHERS_ERRORS_H_

#include <cstdint>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"

// One factory per voucher error, each with its code and stable reason (docs/errors.md,
// "Vouchers"). FAILED_PRECONDITION means the state must change before a retry can succeed.
namespace innoledger::vouchers::errors {

// INVALID_ARGUMENT
absl::Status InvalidField(absl::string_view field, absl::string_view why);  // INVALID_REQUEST
absl::Status InvalidAmount(absl::string_view field, int64_t amount_fen);    // INVALID_AMOUNT
absl::Status AmountTooLarge(absl::string_view field, int64_t amount_fen);   // AMOUNT_TOO_LARGE
absl::Status FaceValueNotOffered(absl::string_view programme, int64_t face_value_fen);
absl::Status ProgrammeInvalid(absl::string_view file, absl::string_view lines);

// NOT_FOUND
absl::Status ProgrammeNotFound(absl::string_view city, int32_t fiscal_year);
absl::Status ProgrammeFileNotFound(absl::string_view file);
absl::Status VoucherNotFound(absl::string_view voucher_id);
absl::Status ReservationNotFound(absl::string_view reservation_id);

// PERMISSION_DENIED: a provider acting on another provider's reservation.
absl::Status NotReservationProvider(absl::string_view reservation_id, absl::string_view provider);

// FAILED_PRECONDITION
absl::Status ProgrammeNotOpen(absl::string_view programme, int32_t fiscal_year_now);
absl::Status HolderNotEligible(absl::string_view holder, absl::string_view why);
absl::Status BadRecord(absl::string_view uscc, absl::string_view set_on, absl::string_view why);
absl::Status YearlyQuotaExceeded(absl::string_view holder, int32_t fiscal_year, int64_t used_fen,
                                 int64_t quota_fen, int64_t wanted_fen);
absl::Status FundInsufficient(absl::string_view account, int64_t available_fen,
                              int64_t wanted_fen);
absl::Status VoucherExpired(absl::string_view voucher_id, absl::string_view valid_until);
absl::Status VoucherRevoked(absl::string_view voucher_id, absl::string_view reason);
absl::Status VoucherStillValid(absl::string_view voucher_id, absl::string_view valid_until);
absl::Status CategoryNotCovered(absl::string_view programme, absl::string_view category);
absl::Status ProviderNotRegistered(absl::string_view provider, absl::string_view category,
                                   absl::string_view why);
absl::Status RelatedParties(absl::string_view holder, absl::string_view provider,
                            absl::string_view why);
// Per-city set-up: a cross-city redemption goes through the provider's home city's node.
absl::Status NotHomeNode(absl::string_view provider, absl::string_view home_city);
absl::Status ContractAmountMismatch(absl::string_view contract_id, int64_t recorded_fen,
                                    int64_t given_fen);
absl::Status TooManyOpenReservations(absl::string_view voucher_id);
absl::Status OverRemainingValue(absl::string_view voucher_id, int64_t remaining_fen,
                                int64_t wanted_fen);
absl::Status OverContractShare(absl::string_view contract_id, int32_t share_bp,
                               int64_t remaining_fen, int64_t wanted_fen);
absl::Status OverClaimMaximum(int64_t maximum_fen, int64_t wanted_fen);
absl::Status InvoiceTooSmall(absl::string_view invoice, int64_t invoice_fen, int32_t share_bp,
                             int64_t wanted_fen);
absl::Status AlreadyRedeemed(absl::string_view reservation_id);
absl::Status ReservationReleased(absl::string_view reservation_id);
absl::Status ReservationExpired(absl::string_view reservation_id);
absl::Status EvidenceAlreadyUsed(absl::string_view evidence_key, absl::string_view by);

}  // namespace innoledger::vouchers::errors

#endif  // INNOLEDGER_SERVICES_VOUCHERS_ERRORS_H_
