#ifndef INNOLEDGER_CLIENTS_CPP_INNOLEDGER_CLIENT_H_
#define INNOLEDGER_CLIENTS_CPP_INNOLEDGER_CLIENT_H_

#include <cstdint>
#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"

// The message types are only declared here: callers that build or read them include
// "innoledger/v1/<file>.pb.h" themselves, so including this header never pulls in the
// generated code or gRPC.
namespace innoledger::v1 {
class Head;
class VerifyRangeResponse;
// grants.proto
class AwardApplication;
class AwardComputation;
class ComputeAwardRequest;
class ComputeAwardResponse;
class ApproveAwardRequest;
class ApproveAwardResponse;
class FileApplicationRequest;
class AwardResponse;
class AssessTrancheRequest;
class RecordInvestmentRequest;
class HoldTranchesRequest;
class HoldTranchesResponse;
class ClawBackAwardRequest;
class DisburseAwardsRequest;
class DisburseAwardsResponse;
class GetAwardRequest;
class GetAwardResponse;
class ListAwardsRequest;
class ListAwardsResponse;
class GetAwardHistoryRequest;
class GetAwardHistoryResponse;
class GetCapUsageRequest;
class GetCapUsageResponse;
class ReloadCataloguesRequest;
class ReloadCataloguesResponse;
// registry.proto
class RegisterEntityRequest;
class RegisterEntityResponse;
class UpdateEntityRequest;
class UpdateEntityResponse;
class SetBadRecordRequest;
class SetBadRecordResponse;
class ClearBadRecordRequest;
class ClearBadRecordResponse;
class RegisterProviderRequest;
class RegisterProviderResponse;
class GetEntityRequest;
class GetEntityResponse;
// vouchers.proto
class IssueVoucherRequest;
class IssueVoucherResponse;
class ReserveVoucherRequest;
class ReserveVoucherResponse;
class CheckReservationRequest;
class CheckReservationResponse;
class RedeemReservationRequest;
class RedeemReservationResponse;
class ReleaseReservationRequest;
class ReleaseReservationResponse;
class ExpireVoucherRequest;
class ExpireVoucherResponse;
class RevokeVoucherRequest;
class RevokeVoucherResponse;
class GetVoucherRequest;
class GetVoucherResponse;
class ListVoucherHistoryRequest;
class ListVoucherHistoryResponse;
class ListVouchersByHolderRequest;
class ListVouchersByHolderResponse;
class ListRedemptionsByProviderRequest;
class ListRedemptionsByProviderResponse;
}  // namespace innoledger::v1

namespace innoledger {

struct ClientOptions {
  std::string target = "127.0.0.1:7400";
  // mTLS (the default): the CA that signed the node's certificate, and this client's
  // certificate and key (PEM files). The certificate's URI SAN is who you are.
  std::string ca_file;
  std::string cert_file;
  std::string key_file;
  // Development only (a node started with --insecure_dev): no TLS, and this principal
  // "role:city:entity" sent in the x-innoledger-principal header.
  std::string insecure_dev_principal;
  absl::Duration deadline = absl::Seconds(10);  // per attempt
  // Attempts per call: UNAVAILABLE and DEADLINE_EXCEEDED are retried (a write with the same
  // request id), with a growing pause between attempts.
  int max_attempts = 4;
};

// A connection to innoledgerd. Errors are absl::Status with the server's code, message,
// and reason/metadata (innoledger::ErrorReason / ErrorMetadata in "common/errors.h").
// Thread-safe.
//
// Writes are idempotent per (principal, request id): every attempt of one call sends the
// same id, so a retry can never pay twice. A write whose request_id is empty gets a fresh
// random one for that call; to retry a call later yourself (after this client gave up, or
// from another process), set request_id (e.g. from NewRequestId()) and keep it.
class Client {
 public:
  // INVALID_ARGUMENT when the options are incomplete or a file cannot be read. Connecting
  // is lazy: an unreachable node shows up as UNAVAILABLE on the first call.
  static absl::StatusOr<std::unique_ptr<Client>> Connect(const ClientOptions& options);
  ~Client();

  // 32 lowercase hex digits: the time in milliseconds (48 bits), then 80 random bits. Ids
  // sort by the time they were made, which keeps the ledger's idempotency index cheap.
  static std::string NewRequestId();

  // ---- LedgerService: typed parameters.
  absl::StatusOr<v1::Head> GetHead(const std::string& city);
  absl::StatusOr<v1::VerifyRangeResponse> VerifyRange(const std::string& city,
                                                      uint64_t from_sequence = 0,
                                                      uint64_t to_sequence = 0);

  // ---- GrantsService (grants.proto, docs/grants.md): awards under the policy catalogues,
  // amounts in fen.
  // The dry run: what the application would get and which cap bound it; writes nothing.
  absl::StatusOr<v1::ComputeAwardResponse> ComputeAward(const v1::ComputeAwardRequest& request);
  // A new application, or (no application in the request) the one filed under award_id,
  // on the request's decision_date.
  absl::StatusOr<v1::ApproveAwardResponse> ApproveAward(const v1::ApproveAwardRequest& request);
  // The older typed forms of the two above (an empty request_id gets a fresh one).
  absl::StatusOr<v1::AwardComputation> ComputeAward(const std::string& city,
                                                    const v1::AwardApplication& application);
  absl::StatusOr<v1::ApproveAwardResponse> ApproveAward(const std::string& city,
                                                        const std::string& request_id,
                                                        const std::string& award_id,
                                                        const v1::AwardApplication& application);
  absl::StatusOr<v1::AwardResponse> FileApplication(const v1::FileApplicationRequest& request);
  absl::StatusOr<v1::AwardResponse> AssessTranche(const v1::AssessTrancheRequest& request);
  absl::StatusOr<v1::AwardResponse> RecordInvestment(const v1::RecordInvestmentRequest& request);
  absl::StatusOr<v1::HoldTranchesResponse> HoldTranches(const v1::HoldTranchesRequest& request);
  absl::StatusOr<v1::HoldTranchesResponse> ReleaseTranches(const v1::HoldTranchesRequest& request);
  absl::StatusOr<v1::AwardResponse> ClawBackAward(const v1::ClawBackAwardRequest& request);
  // A payment order (the finance bureau's): the payable tranches of 1..14 awards.
  absl::StatusOr<v1::DisburseAwardsResponse> DisburseAwards(
      const v1::DisburseAwardsRequest& request);
  absl::StatusOr<v1::GetAwardResponse> GetAward(const v1::GetAwardRequest& request);
  // Pages like the voucher lists; ListAwards takes exactly one filter.
  absl::StatusOr<v1::ListAwardsResponse> ListAwards(const v1::ListAwardsRequest& request);
  absl::StatusOr<v1::GetAwardHistoryResponse> GetAwardHistory(
      const v1::GetAwardHistoryRequest& request);
  absl::StatusOr<v1::GetCapUsageResponse> GetCapUsage(const v1::GetCapUsageRequest& request);
  // An admin's: the node re-reads its catalogue files, all or nothing.
  absl::StatusOr<v1::ReloadCataloguesResponse> ReloadCatalogues(
      const v1::ReloadCataloguesRequest& request);

  // ---- RegistryService (registry.proto): enterprises, providers and their admissions.
  absl::StatusOr<v1::RegisterEntityResponse> RegisterEntity(const v1::RegisterEntityRequest& request);
  absl::StatusOr<v1::UpdateEntityResponse> UpdateEntity(const v1::UpdateEntityRequest& request);
  absl::StatusOr<v1::SetBadRecordResponse> SetBadRecord(const v1::SetBadRecordRequest& request);
  absl::StatusOr<v1::ClearBadRecordResponse> ClearBadRecord(const v1::ClearBadRecordRequest& request);
  absl::StatusOr<v1::RegisterProviderResponse> RegisterProvider(
      const v1::RegisterProviderRequest& request);
  absl::StatusOr<v1::GetEntityResponse> GetEntity(const v1::GetEntityRequest& request);

  // ---- VouchersService (vouchers.proto): a voucher's life, amounts in fen.
  absl::StatusOr<v1::IssueVoucherResponse> IssueVoucher(const v1::IssueVoucherRequest& request);
  absl::StatusOr<v1::ReserveVoucherResponse> ReserveVoucher(const v1::ReserveVoucherRequest& request);
  // The dry run of ReserveVoucher: what it would allow and which limit binds; writes nothing.
  absl::StatusOr<v1::CheckReservationResponse> CheckReservation(
      const v1::CheckReservationRequest& request);
  absl::StatusOr<v1::RedeemReservationResponse> RedeemReservation(
      const v1::RedeemReservationRequest& request);
  absl::StatusOr<v1::ReleaseReservationResponse> ReleaseReservation(
      const v1::ReleaseReservationRequest& request);
  absl::StatusOr<v1::ExpireVoucherResponse> ExpireVoucher(const v1::ExpireVoucherRequest& request);
  absl::StatusOr<v1::RevokeVoucherResponse> RevokeVoucher(const v1::RevokeVoucherRequest& request);
  absl::StatusOr<v1::GetVoucherResponse> GetVoucher(const v1::GetVoucherRequest& request);
  // Pages: pass the answer's next_page_token back in; empty means the last page.
  absl::StatusOr<v1::ListVoucherHistoryResponse> ListVoucherHistory(
      const v1::ListVoucherHistoryRequest& request);
  absl::StatusOr<v1::ListVouchersByHolderResponse> ListVouchersByHolder(
      const v1::ListVouchersByHolderRequest& request);
  absl::StatusOr<v1::ListRedemptionsByProviderResponse> ListRedemptionsByProvider(
      const v1::ListRedemptionsByProviderRequest& request);

 private:
  struct Impl;
  explicit Client(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace innoledger

#endif  // INNOLEDGER_CLIENTS_CPP_INNOLEDGER_CLIENT_H_
