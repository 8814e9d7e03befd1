#ifndef INNOLEDGER_SERVICES_VOUCHERS_EVIDENCE_H_
#define INNOLEDGER_SERVICES_VOUCHERS_EVIDENCE_H_

#include <memory>
#include <set>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "innoledger/v1/vouchers.pb.h"
#include "services/registry/partition_view.h"
#include "storage/command.h"

// Evidence may pay once: an invoice number or a contract (by its SHA-256) used by one
// redemption is refused to every other, in any city. A claim record per piece of evidence
// names the reservation and the request that took it. Claims live in the issuing city's
// partition (written by the redemption itself) and, for a cross-city redemption, also in
// the provider's home partition, claimed first (docs/vouchers.md says why that covers
// every city).
namespace innoledger::vouchers {

// Who takes evidence: one request of one reservation.
struct Claimant {
  std::string reservation;
  std::string request;  // RequestDigest() of the caller
};
// A short, fixed-size name for (principal, request id) that fits a reference value.
std::string RequestDigest(absl::string_view principal, absl::string_view request_id);

// Reservations whose holds were voided or expired: they can never redeem, so their claims
// are void and may be taken over.
using Reservations = std::set<std::string>;

// The pieces of evidence a redemption takes: "invoice/<number>", "contract/<sha256>".
std::vector<std::string> EvidenceOf(const v1::Evidence& evidence);

// Reservations other than `me` holding `piece` (released claims do not count).
absl::StatusOr<Reservations> ClaimantsOf(const registry::PartitionView& view,
                                         const std::string& piece, const Claimant& me);
// EVIDENCE_ALREADY_USED for the first piece another claimant holds, unless its reservation
// is `stale`.
absl::Status CheckEvidenceFree(const registry::PartitionView& view,
                               const std::vector<std::string>& evidence, const Claimant& me,
                               const Reservations& stale);

// Checks, then takes every piece for `me`; writes nothing on refusal.
absl::Status TakeEvidence(storage::ApplyContext& context, const std::vector<std::string>& evidence,
                          const Claimant& me, const Reservations& stale);

// The same as a command of its own, for the provider's home city, journaled as
// "voucher.evidence.claim". Outcome body: empty.
std::unique_ptr<storage::Command> MakeClaimEvidenceCommand(std::vector<std::string> evidence,
                                                           Claimant me, Reservations stale);
// Frees what `me` claimed, after its redemption was refused ("voucher.evidence.release");
// claims of any other request are left alone.
std::unique_ptr<storage::Command> MakeReleaseEvidenceCommand(std::vector<std::string> evidence,
                                                             Claimant me);

}  // namespace innoledger::vouchers

#endif  // INNOLEDGER_SERVICES_VOUCHERS_EVIDENCE_H_
