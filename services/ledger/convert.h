#ifndef INNOLEDGER_SERVICES_LEDGER_CONVERT_H_
#define INNOLEDGER_SERVICES_LEDGER_CONVERT_H_

#include <cstdint>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/civil_time.h"
#include "innoledger/v1/ledger.pb.h"
#include "storage/types.h"

// proto ↔ storage, and nothing else: no gRPC types, no I/O. Shape errors are
// INVALID_ARGUMENT / INVALID_REQUEST naming the field; the ledger checks the rest.
namespace innoledger::ledger_service {

// proto → storage.
absl::StatusOr<storage::TransactionRequest> ToTransactionRequest(
    const v1::SubmitTransactionRequest& request);
// "YYYY-MM-DD", a real calendar day.
absl::StatusOr<absl::CivilDay> ParseValueDate(absl::string_view text);
absl::StatusOr<storage::AccountType> ToAccountType(v1::AccountType type);

// storage → proto.
v1::AccountType ToProto(storage::AccountType type);
v1::EntryType ToProto(storage::EntryType type);
v1::EntryStatus ToProto(storage::EntryStatus status);
v1::JournalEntry ToProto(const storage::JournalEntry& entry);
v1::AccountState ToProto(const storage::AccountState& account);
v1::EntryState ToProto(const storage::EntryState& state);
v1::Head ToProto(absl::string_view city, const storage::Head& head);
std::string DigestBytes(const storage::Digest& digest);
// Days since 1970-01-01 → "YYYY-MM-DD".
std::string FormatValueDate(int32_t days);

// Every write response has the same four fields.
template <typename WriteResponse>
WriteResponse ToWriteResponse(const storage::Outcome& outcome) {
  WriteResponse response;
  response.set_sequence(outcome.sequence);
  response.set_committed_at_us(outcome.committed_at_us);
  response.set_hash(DigestBytes(outcome.hash));
  response.set_replayed(outcome.replayed);
  return response;
}

}  // namespace innoledger::ledger_service

#endif  // INNOLEDGER_SERVICES_LEDGER_CONVERT_H_
