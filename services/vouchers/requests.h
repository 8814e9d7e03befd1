#ifndef INNOLEDGER_SERVICES_VOUCHERS_REQUESTS_H_
#define INNOLEDGER_SERVICES_VOUCHERS_REQUESTS_H_

#include <cstdint>
#include <string>

#include "absl/status/status.h"
#include "absl/time/time.h"
#include "innoledger/v1/vouchers.pb.h"

// What callers ask of the voucher domain, and the checks of their shape that need no
// state (INVALID_ARGUMENT): run before anything is read or written.
namespace innoledger::vouchers {

struct IssueRequest {
  std::string city;
  int32_t fiscal_year = 0;
  std::string holder;  // USCC of an enterprise registered in `city`
  int64_t face_value_fen = 0;
};

struct ReserveRequest {
  std::string voucher_id;
  std::string provider;  // USCC
  std::string contract_id;
  int64_t contract_amount_fen = 0;
  v1::ServiceCategory category = v1::SERVICE_CATEGORY_UNSPECIFIED;
  int64_t amount_fen = 0;
  // How long the hold lives; zero: the programme's setting. At most the programme's.
  absl::Duration hold_timeout = absl::ZeroDuration();
};

struct RedeemRequest {
  std::string reservation_id;
  std::string provider;  // who redeems: must be the reservation's provider
  v1::Evidence evidence;
};

struct ReleaseRequest {
  std::string reservation_id;
  std::string provider;  // empty when the bureau releases it
  std::string reason;
};

absl::Status ValidateIssue(const IssueRequest& request);
absl::Status ValidateReserve(const ReserveRequest& request);
absl::Status ValidateRedeem(const RedeemRequest& request);
absl::Status ValidateRelease(const ReleaseRequest& request);
absl::Status ValidateReason(const std::string& reason);
// A positive amount no larger than kMaxAmountFen (INVALID_AMOUNT / AMOUNT_TOO_LARGE).
absl::Status ValidateAmount(const char* field, int64_t amount_fen);

}  // namespace innoledger::vouchers

#endif  // INNOLEDGER_SERVICES_VOUCHERS_REQUESTS_H_
