#include "services/vouchers/evidence.h"

#include "common/status_macros.h"
#include "services/vouchers/errors.h"
#include "services/vouchers/keys.h"
#include "storage/encoding.h"
#include "storage/sha256.h"

namespace innoledger::vouchers {
namespace {

using registry::ContextView;

absl::StatusOr<std::optional<v1::EvidenceClaim>> LoadClaim(const registry::PartitionView& view,
                                                           const std::string& piece) {
  return registry::ReadRecord<v1::EvidenceClaim>(view, EvidenceKey(piece));
}

bool HeldByOther(const v1::EvidenceClaim& claim, const Claimant& me) {
  return !claim.released() &&
         (claim.reservation() != me.reservation || claim.request() != me.request);
}

void Encode(storage::Encoder& e, const char* tag, const std::vector<std::string>& evidence,
            const Claimant& me) {
  e.String(tag);
  e.String(me.reservation);
  e.String(me.request);
  e.U32(evidence.size());
  for (const std::string& piece : evidence) e.String(piece);
}

// One journal entry naming the claimant and every piece of evidence.
absl::Status Journal(storage::ApplyContext& context, const char* kind,
                     const std::vector<std::string>& evidence, const Claimant& me) {
  storage::TransactionRequest request;
  request.kind = kind;
  request.references = {{"reservation", me.reservation}, {"request", me.request}};
  for (const std::string& piece : evidence) request.references.push_back({"evidence", piece});
  return context.Transact(request).status();
}

class ClaimCommand final : public storage::Command {
 public:
  ClaimCommand(std::vector<std::string> evidence, Claimant me, Reservations stale)
      : evidence_(std::move(evidence)), me_(std::move(me)), stale_(std::move(stale)) {}
  std::string Fingerprint() const override {
    storage::Encoder e;
    Encode(e, "voucher.evidence.claim", evidence_, me_);
    return e.Take();
  }
  absl::StatusOr<std::string> Apply(storage::ApplyContext& context) override {
    RETURN_IF_ERROR(TakeEvidence(context, evidence_, me_, stale_));
    RETURN_IF_ERROR(Journal(context, "voucher.evidence.claim", evidence_, me_));
    return std::string();
  }

 private:
  std::vector<std::string> evidence_;
  Claimant me_;
  Reservations stale_;
};

class ReleaseCommand final : public storage::Command {
 public:
  ReleaseCommand(std::vector<std::string> evidence, Claimant me)
      : evidence_(std::move(evidence)), me_(std::move(me)) {}
  std::string Fingerprint() const override {
    storage::Encoder e;
    Encode(e, "voucher.evidence.release", evidence_, me_);
    return e.Take();
  }
  absl::StatusOr<std::string> Apply(storage::ApplyContext& context) override {
    ContextView view(context);
    for (const std::string& piece : evidence_) {
      ASSIGN_OR_RETURN(auto claim, LoadClaim(view, piece));
      if (!claim || claim->released() || HeldByOther(*claim, me_)) continue;
      claim->set_released(true);
      registry::WriteRecord(context, EvidenceKey(piece), *claim);
    }
    RETURN_IF_ERROR(Journal(context, "voucher.evidence.release", evidence_, me_));
    return std::string();
  }

 private:
  std::vector<std::string> evidence_;
  Claimant me_;
};

}  // namespace

std::string RequestDigest(absl::string_view principal, absl::string_view request_id) {
  // 128 bits: collisions between two requests of one reservation are out of reach.
  return storage::DigestToHex(storage::Sha256({principal, absl::string_view("\0", 1), request_id}))
      .substr(0, 32);
}

std::vector<std::string> EvidenceOf(const v1::Evidence& evidence) {
  return {InvoiceEvidence(evidence.invoice_number()),
          ContractEvidence(evidence.contract_sha256())};
}

absl::StatusOr<Reservations> ClaimantsOf(const registry::PartitionView& view,
                                         const std::string& piece, const Claimant& me) {
  Reservations others;
  ASSIGN_OR_RETURN(auto claim, LoadClaim(view, piece));
  if (claim && HeldByOther(*claim, me)) others.insert(claim->reservation());
  return others;
}

absl::Status CheckEvidenceFree(const registry::PartitionView& view,
                               const std::vector<std::string>& evidence, const Claimant& me,
                               const Reservations& stale) {
  for (const std::string& piece : evidence) {
    ASSIGN_OR_RETURN(Reservations others, ClaimantsOf(view, piece, me));
    for (const std::string& other : others) {
      if (!stale.contains(other)) return errors::EvidenceAlreadyUsed(piece, other);
    }
  }
  return absl::OkStatus();
}

absl::Status TakeEvidence(storage::ApplyContext& context, const std::vector<std::string>& evidence,
                          const Claimant& me, const Reservations& stale) {
  RETURN_IF_ERROR(CheckEvidenceFree(ContextView(context), evidence, me, stale));
  for (const std::string& piece : evidence) {
    v1::EvidenceClaim claim;
    claim.set_key(piece);
    claim.set_reservation(me.reservation);
    claim.set_request(me.request);
    claim.set_claimed_at_us(absl::ToUnixMicros(context.now()));
    registry::WriteRecord(context, EvidenceKey(piece), claim);
  }
  return absl::OkStatus();
}

std::unique_ptr<storage::Command> MakeClaimEvidenceCommand(std::vector<std::string> evidence,
                                                           Claimant me, Reservations stale) {
  return std::make_unique<ClaimCommand>(std::move(evidence), std::move(me), std::move(stale));
}

std::unique_ptr<storage::Command> MakeReleaseEvidenceCommand(std::vector<std::string> evidence,
                                                             Claimant me) {
  return std::make_unique<ReleaseCommand>(std::move(evidence), std::move(me));
}

}  // namespace innoledger::vouchers
