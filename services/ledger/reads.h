#ifndef INNOLEDGER_SERVICES_LEDGER_READS_H_
#define INNOLEDGER_SERVICES_LEDGER_READS_H_

#include "absl/status/statusor.h"
#include "innoledger/v1/ledger.pb.h"
#include "storage/ledger.h"

// The ledger's read RPCs as plain functions over storage::Ledger: no gRPC types, so they
// are tested without a server. Each returns the response or the error to send.
namespace innoledger::ledger_service {

// Page sizes: 0 asks for the default; larger than the maximum is lowered to it (AIP-158).
inline constexpr int kDefaultPageSize = 100;
// One VerifyRange call re-hashes at most this many entries, so an auditor's call holds a
// server thread for a bounded time; longer ranges are walked in several calls.
inline constexpr uint64_t kMaxVerifyEntriesPerCall = 100000;

absl::StatusOr<v1::GetHeadResponse> GetHead(const storage::Ledger& ledger,
                                            const v1::GetHeadRequest& request);
absl::StatusOr<v1::GetEntryResponse> GetEntry(const storage::Ledger& ledger,
                                              const v1::GetEntryRequest& request);
absl::StatusOr<v1::GetAccountResponse> GetAccount(const storage::Ledger& ledger,
                                                  const v1::GetAccountRequest& request);
absl::StatusOr<v1::ListAccountsResponse> ListAccounts(const storage::Ledger& ledger,
                                                      const v1::ListAccountsRequest& request);
absl::StatusOr<v1::ListEntriesByAccountResponse> ListEntriesByAccount(
    const storage::Ledger& ledger, const v1::ListEntriesByAccountRequest& request);
absl::StatusOr<v1::ListEntriesByReferenceResponse> ListEntriesByReference(
    const storage::Ledger& ledger, const v1::ListEntriesByReferenceRequest& request);
absl::StatusOr<v1::VerifyRangeResponse> VerifyRange(const storage::Ledger& ledger,
                                                    const v1::VerifyRangeRequest& request);

// The page size to ask storage for, from a request's page_size.
absl::StatusOr<int> EffectivePageSize(int32_t page_size);

}  // namespace innoledger::ledger_service

#endif  // INNOLEDGER_SERVICES_LEDGER_READS_H_
