#ifndef INNOLEDGER_SERVICES_VOUCHERS_PEER_CITIES_H_
#define INNOLEDGER_SERVICES_VOUCHERS_PEER_CITIES_H_

#include "services/common/peers.h"
#include "services/vouchers/vouchers.h"

namespace innoledger::vouchers {

// PeerCities over gRPC (per-city set-up): the issuing city's part of a redemption is its
// node's RedeemReservation on the provider's behalf; a provider of another city is that
// node's GetEntity, asked of each peer in turn.
class GrpcPeerCities final : public PeerCities {
 public:
  explicit GrpcPeerCities(const services::PeerNodes* peers) : peers_(peers) {}

  bool Serves(const std::string& city) const override { return peers_->Serves(city); }
  void Redeem(const Caller& caller, const RedeemRequest& request,
              Done<v1::Reservation> done) const override;
  absl::StatusOr<v1::Entity> FindEntity(const std::string& uscc) const override;

 private:
  const services::PeerNodes* const peers_;
};

}  // namespace innoledger::vouchers

#endif  // INNOLEDGER_SERVICES_VOUCHERS_PEER_CITIES_H_
