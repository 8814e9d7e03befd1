#ifndef INNOLEDGER_SERVICES_VOUCHERS_VOUCHERS_H_
#define INNOLEDGER_SERVICES_VOUCHERS_VOUCHERS_H_

#include <functional>
#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "innoledger/v1/vouchers.pb.h"
#include "services/registry/async.h"
#include "services/registry/registry.h"
#include "services/vouchers/evidence.h"
#include "services/vouchers/programme.h"
#include "services/vouchers/requests.h"
#include "storage/ledger.h"

namespace innoledger::vouchers {

using registry::Caller;
using registry::Done;

// Per-city set-up (one node per city): what this node asks of the nodes of the cities it
// does not host. Implemented over gRPC by the service layer; blocking calls are allowed
// in `FindEntity` only.
class PeerCities {
 public:
  virtual ~PeerCities() = default;
  // Whether some peer node hosts `city`.
  virtual bool Serves(const std::string& city) const = 0;
  // The issuing city's part of a redemption, asked of its node on `caller`'s behalf.
  virtual void Redeem(const Caller& caller, const RedeemRequest& request,
                      Done<v1::Reservation> done) const = 0;
  // An entity registered at another node (a provider of another city); NOT_FOUND when no
  // peer has it.
  virtual absl::StatusOr<v1::Entity> FindEntity(const std::string& uscc) const = 0;
};

struct VouchersOptions {
  // The instant a dry run or an expiry sweep judges by. Commands never read it: they use
  // their batch's time, assigned by the sequencer.
  std::function<absl::Time()> clock = [] { return absl::Now(); };
  // The other cities' nodes (per-city set-up); null in the embedded set-up.
  const PeerCities* peers = nullptr;
};

// The voucher lifecycle over the ledger. Every step is a command in the issuing city's
// partition (the city in the voucher id), so the city's sequencer serialises everything
// that touches one voucher: 64 providers redeeming at once can never take more than it
// holds. A retry with the same caller (principal, request id) returns the first answer.
//
// A cross-city redemption takes two partitions; see Redeem.
class Vouchers {
 public:
  Vouchers(storage::Ledger& ledger, const Programmes& programmes, VouchersOptions options = {});

  // Writes, asynchronously (registry/async.h): `done` runs once the answer is durable.

  // Opens the fund account of a city's programme (ACCOUNT_EXISTS when open).
  void OpenProgramme(const Caller& caller, const std::string& city, int32_t fiscal_year,
                     Done<storage::Outcome> done);
  void Issue(const Caller& caller, const IssueRequest& request, Done<v1::Voucher> done);
  void Reserve(const Caller& caller, const ReserveRequest& request, Done<v1::Reservation> done);
  // Redeems a reservation with its evidence. When the provider's home city is not the
  // issuing city, the evidence is first claimed in the provider's home partition (request
  // id "<id>/claim"), then the issuing city redeems (and claims it there too); if the
  // issuing city refuses, the claim is released ("<id>/release"). Every step is idempotent,
  // so a retry with the same request id after a crash resumes where it stopped; a claim
  // left by a reservation that can never redeem (its hold voided or expired) is taken over
  // by the next.
  void Redeem(const Caller& caller, const RedeemRequest& request, Done<v1::Reservation> done);
  void Release(const Caller& caller, const ReleaseRequest& request, Done<v1::Reservation> done);
  void Expire(const Caller& caller, const std::string& voucher_id, Done<v1::Voucher> done);
  void Revoke(const Caller& caller, const std::string& voucher_id, const std::string& reason,
              Done<v1::Voucher> done);

  // The same, waiting for the answer.
  absl::Status OpenProgramme(const Caller& caller, const std::string& city, int32_t fiscal_year);
  absl::StatusOr<v1::Voucher> Issue(const Caller& caller, const IssueRequest& request);
  absl::StatusOr<v1::Reservation> Reserve(const Caller& caller, const ReserveRequest& request);
  absl::StatusOr<v1::Reservation> Redeem(const Caller& caller, const RedeemRequest& request);
  absl::StatusOr<v1::Reservation> Release(const Caller& caller, const ReleaseRequest& request);
  absl::StatusOr<v1::Voucher> Expire(const Caller& caller, const std::string& voucher_id);
  absl::StatusOr<v1::Voucher> Revoke(const Caller& caller, const std::string& voucher_id,
                                     const std::string& reason);

  // What a reservation would be allowed, and which limit binds, without writing. Rule
  // refusals (expired, category, registration, bad record, related parties ...) come back
  // as allowed = false with their reason; malformed requests and unknown vouchers as errors.
  absl::StatusOr<v1::ReservationCheck> DryRun(const ReserveRequest& request) const;
  // Expires up to kMaxExpiriesPerSweep vouchers of the city's `fiscal_year` whose validity
  // has passed, one after another (an operator's job; it waits); returns how many. Each
  // expiry's request id is "expire/<voucher id>", so sweeps repeated or run by two
  // operators expire a voucher once.
  absl::StatusOr<int> ExpireDue(const std::string& principal, const std::string& city,
                                int32_t fiscal_year);

 private:
  struct RedemptionPlan;
  // One command in `city`; `done` gets its outcome.
  void Submit(const std::string& city, const Caller& caller, absl::string_view step,
              std::unique_ptr<storage::Command> command, Done<storage::Outcome> done) const;
  template <typename Message>
  void SubmitFor(absl::StatusOr<std::string> city, const Caller& caller,
                 std::unique_ptr<storage::Command> command, Done<Message> done) const;
  absl::StatusOr<std::string> PlanIssue(const Caller& caller, const IssueRequest& request) const;
  absl::StatusOr<RedemptionPlan> PlanRedemption(const Caller& caller,
                                                const RedeemRequest& request) const;
  void RedeemInIssuingCity(const Caller& caller, const RedeemRequest& request,
                           RedemptionPlan plan, Done<v1::Reservation> done) const;
  // Per-city set-up, at the provider's home node: claims the evidence here, then asks the
  // issuing city's node to redeem; a definitive refusal there gives the claim back.
  void RedeemThroughPeer(const Caller& caller, const RedeemRequest& request,
                         Done<v1::Reservation> done) const;
  bool Hosts(const std::string& city) const;
  absl::StatusOr<const v1::VoucherProgramme*> ProgrammeOf(const std::string& voucher_id) const;
  absl::StatusOr<v1::Entity> FindProvider(const std::string& uscc) const;
  // Reservations holding claims on `evidence` in `cities` whose holds were voided or
  // expired.
  absl::StatusOr<Reservations> StaleClaimants(const std::vector<std::string>& evidence,
                                              const Claimant& me,
                                              const std::vector<std::string>& cities) const;

  storage::Ledger& ledger_;
  const Programmes& programmes_;
  VouchersOptions options_;
  registry::Registry registry_;
};

}  // namespace innoledger::vouchers

#endif  // INNOLEDGER_SERVICES_VOUCHERS_VOUCHERS_H_
