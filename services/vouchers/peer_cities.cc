#include "services/vouchers/peer_cities.h"

#include <memory>

#include "innoledger/v1/registry.pb.h"
#include "innoledger/v1/vouchers.pb.h"
#include "services/registry/errors.h"
#include "services/vouchers/convert.h"

namespace innoledger::vouchers {
namespace {

// A redemption waits for two durable writes at the issuing node; lookups are point reads.
constexpr absl::Duration kRedeemDeadline = absl::Seconds(30);
constexpr absl::Duration kLookupDeadline = absl::Seconds(5);

}  // namespace

void GrpcPeerCities::Redeem(const Caller& caller, const RedeemRequest& request,
                            Done<v1::Reservation> done) const {
  v1::RedeemReservationRequest forwarded;
  forwarded.set_request_id(caller.request_id);
  forwarded.set_reservation_id(request.reservation_id);
  forwarded.set_provider(request.provider);
  *forwarded.mutable_evidence() = request.evidence;
  auto response = std::make_shared<v1::RedeemReservationResponse>();
  peers_->Call(CityOfReservation(request.reservation_id),
               "/innoledger.v1.VouchersService/RedeemReservation", caller.principal, forwarded,
               response.get(), absl::Now() + kRedeemDeadline,
               [response, done = std::move(done)](absl::Status status) mutable {
                 if (!status.ok()) return std::move(done)(status);
                 std::move(done)(std::move(*response->mutable_reservation()));
               });
}

absl::StatusOr<v1::Entity> GrpcPeerCities::FindEntity(const std::string& uscc) const {
  v1::GetEntityRequest request;
  request.set_uscc(uscc);
  for (const auto& [city, channel] : peers_->channels()) {
    v1::GetEntityResponse response;
    absl::Status status =
        peers_->CallAndWait(city, "/innoledger.v1.RegistryService/GetEntity", "", request,
                            &response, absl::Now() + kLookupDeadline);
    if (status.ok()) return std::move(*response.mutable_entity());
    if (status.code() != absl::StatusCode::kNotFound) return status;
  }
  return registry::errors::EntityNotFound(uscc);
}

}  // namespace innoledger::vouchers
