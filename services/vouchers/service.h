#ifndef INNOLEDGER_SERVICES_VOUCHERS_SERVICE_H_
#define INNOLEDGER_SERVICES_VOUCHERS_SERVICE_H_

#include "innoledger/v1/vouchers.grpc.pb.h"
#include "services/common/call.h"
#include "services/common/peers.h"
#include "services/vouchers/queries.h"
#include "services/vouchers/vouchers.h"

namespace innoledger::vouchers {

// innoledger.v1.VouchersService on the gRPC callback API. Handlers are thin: admit the call
// for the voucher's issuing city (services/common/call.h), check that a provider or an
// enterprise acts only for itself, convert (convert.h), call the domain (vouchers.h,
// queries.h), map the answer. A write never holds a thread: the domain's done callback
// finishes the call once the outcome is durable. Reads run inline.
class VouchersService final : public v1::VouchersService::CallbackService {
 public:
  // `vouchers`, `reader` and the gate's parts must outlive the service.
  // `peers`: the other cities' nodes in the per-city set-up (null when embedded); calls
  // about their vouchers are forwarded there on the caller's behalf.
  VouchersService(Vouchers* vouchers, const VoucherReader* reader, const services::Gate& gate,
                  const services::PeerNodes* peers = nullptr)
      : vouchers_(vouchers), reader_(reader), gate_(gate), peers_(peers) {}

  grpc::ServerUnaryReactor* IssueVoucher(grpc::CallbackServerContext* context,
                                         const v1::IssueVoucherRequest* request,
                                         v1::IssueVoucherResponse* response) override;
  grpc::ServerUnaryReactor* ReserveVoucher(grpc::CallbackServerContext* context,
                                           const v1::ReserveVoucherRequest* request,
                                           v1::ReserveVoucherResponse* response) override;
  grpc::ServerUnaryReactor* CheckReservation(grpc::CallbackServerContext* context,
                                             const v1::CheckReservationRequest* request,
                                             v1::CheckReservationResponse* response) override;
  grpc::ServerUnaryReactor* RedeemReservation(grpc::CallbackServerContext* context,
                                              const v1::RedeemReservationRequest* request,
                                              v1::RedeemReservationResponse* response) override;
  grpc::ServerUnaryReactor* ReleaseReservation(grpc::CallbackServerContext* context,
                                               const v1::ReleaseReservationRequest* request,
                                               v1::ReleaseReservationResponse* response) override;
  grpc::ServerUnaryReactor* ExpireVoucher(grpc::CallbackServerContext* context,
                                          const v1::ExpireVoucherRequest* request,
                                          v1::ExpireVoucherResponse* response) override;
  grpc::ServerUnaryReactor* RevokeVoucher(grpc::CallbackServerContext* context,
                                          const v1::RevokeVoucherRequest* request,
                                          v1::RevokeVoucherResponse* response) override;
  grpc::ServerUnaryReactor* GetVoucher(grpc::CallbackServerContext* context,
                                       const v1::GetVoucherRequest* request,
                                       v1::GetVoucherResponse* response) override;
  grpc::ServerUnaryReactor* ListVoucherHistory(grpc::CallbackServerContext* context,
                                               const v1::ListVoucherHistoryRequest* request,
                                               v1::ListVoucherHistoryResponse* response) override;
  grpc::ServerUnaryReactor* ListVouchersByHolder(
      grpc::CallbackServerContext* context, const v1::ListVouchersByHolderRequest* request,
      v1::ListVouchersByHolderResponse* response) override;
  grpc::ServerUnaryReactor* ListRedemptionsByProvider(
      grpc::CallbackServerContext* context, const v1::ListRedemptionsByProviderRequest* request,
      v1::ListRedemptionsByProviderResponse* response) override;

 private:
  // Admits a write for `city`, runs `start(caller, done)` and finishes the call with
  // `fill(result)` once the domain answers.
  template <typename Result, typename Start, typename Fill>
  grpc::ServerUnaryReactor* Write(const char* method, grpc::CallbackServerContext* context,
                                  const std::string& city, const std::string& request_id,
                                  const std::string& acts_for, Start start, Fill fill);
  // Admits a read for `city` and answers `read(principal)`.
  template <typename Read>
  grpc::ServerUnaryReactor* ReadCall(const char* method, grpc::CallbackServerContext* context,
                                     const std::string& city, Read read);

  // Whether `city`'s vouchers live at a peer node (never one hosted here).
  bool AtPeer(const std::string& city) const { return peers_ != nullptr && peers_->Serves(city); }
  // Admits the call here (a write when `request_id` is set), then asks `city`'s node.
  template <typename Request, typename Response>
  grpc::ServerUnaryReactor* Forward(const char* method, grpc::CallbackServerContext* context,
                                    const std::string& city, const std::string& request_id,
                                    const std::string& acts_for, const Request& request,
                                    Response* response);

  Vouchers* const vouchers_;
  const VoucherReader* const reader_;
  const services::Gate gate_;
  const services::PeerNodes* const peers_;
};

}  // namespace innoledger::vouchers

#endif  // INNOLEDGER_SERVICES_VOUCHERS_SERVICE_H_
