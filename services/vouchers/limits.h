#ifndef INNOLEDGER_SERVICES_VOUCHERS_LIMITS_H_
#define INNOLEDGER_SERVICES_VOUCHERS_LIMITS_H_

#include <cstddef>
#include <cstdint>

#include "storage/limits.h"

// Everything about vouchers has a limit (TIGER_STYLE), each with its reason.
namespace innoledger::vouchers {

// No voucher, contract or invoice in a city's programme comes near ¥1 trillion; anything
// larger is a typo or an attack on the arithmetic, refused before any sum is formed.
inline constexpr int64_t kMaxAmountFen = 100'000'000'000'000;  // ¥1,000,000,000,000
// Holds still open on one voucher: the voucher record lists them so that expiry and
// revocation can release them inside one command (commands cannot scan records).
inline constexpr int kMaxOpenReservations = 32;
inline constexpr size_t kMaxContractIdBytes = 64;
// 全电发票 numbers are 20 digits; older invoices carry code + number (12 + 8).
inline constexpr size_t kMaxInvoiceNumberBytes = 40;
inline constexpr size_t kMaxReasonBytes = 512;
inline constexpr int kMaxFaceValues = 16;
// A programme's hold timeout: at most storage's 366 days.
inline constexpr int kMaxHoldTimeoutSeconds = 366 * 24 * 3600;
// One call's request id is extended with "/claim" or "/release" for the steps of a
// cross-city redemption; it must leave room for them in storage's limit.
inline constexpr size_t kMaxRequestIdBytes = storage::kMaxIdLength - 16;
// Vouchers a sweep expires per call.
inline constexpr int kMaxExpiriesPerSweep = 1000;

}  // namespace innoledger::vouchers

#endif  // INNOLEDGER_SERVICES_VOUCHERS_LIMITS_H_
