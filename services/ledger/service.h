#ifndef INNOLEDGER_SERVICES_LEDGER_SERVICE_H_
#define INNOLEDGER_SERVICES_LEDGER_SERVICE_H_

#include "innoledger/v1/ledger.grpc.pb.h"
#include "services/auth/identity.h"
#include "services/common/call.h"
#include "storage/ledger.h"

namespace innoledger::ledger_service {

// innoledger.v1.LedgerService on the gRPC callback API. Handlers are thin: admit the call
// (identity, limits, permission: services/common/call.h), build the domain request
// (writes.h, reads.h), call the ledger, map the answer. A write never blocks a thread: the sequencer's Done
// callback finishes the call once the batch is durable. Reads run inline (RocksDB point
// reads and bounded scans).
class LedgerService final : public v1::LedgerService::CallbackService {
 public:
  // `ledger` and `observer` must outlive the service (and the gRPC server running it).
  LedgerService(storage::Ledger* ledger, const services::Gate& gate);

  grpc::ServerUnaryReactor* SubmitTransaction(grpc::CallbackServerContext* context,
                                              const v1::SubmitTransactionRequest* request,
                                              v1::SubmitTransactionResponse* response) override;
  grpc::ServerUnaryReactor* PostPending(grpc::CallbackServerContext* context,
                                        const v1::PostPendingRequest* request,
                                        v1::PostPendingResponse* response) override;
  grpc::ServerUnaryReactor* VoidPending(grpc::CallbackServerContext* context,
                                        const v1::VoidPendingRequest* request,
                                        v1::VoidPendingResponse* response) override;
  grpc::ServerUnaryReactor* ReverseTransaction(grpc::CallbackServerContext* context,
                                               const v1::ReverseTransactionRequest* request,
                                               v1::ReverseTransactionResponse* response) override;

  grpc::ServerUnaryReactor* GetHead(grpc::CallbackServerContext* context,
                                    const v1::GetHeadRequest* request,
                                    v1::GetHeadResponse* response) override;
  grpc::ServerUnaryReactor* GetEntry(grpc::CallbackServerContext* context,
                                     const v1::GetEntryRequest* request,
                                     v1::GetEntryResponse* response) override;
  grpc::ServerUnaryReactor* GetAccount(grpc::CallbackServerContext* context,
                                       const v1::GetAccountRequest* request,
                                       v1::GetAccountResponse* response) override;
  grpc::ServerUnaryReactor* ListAccounts(grpc::CallbackServerContext* context,
                                         const v1::ListAccountsRequest* request,
                                         v1::ListAccountsResponse* response) override;
  grpc::ServerUnaryReactor* ListEntriesByAccount(
      grpc::CallbackServerContext* context, const v1::ListEntriesByAccountRequest* request,
      v1::ListEntriesByAccountResponse* response) override;
  grpc::ServerUnaryReactor* ListEntriesByReference(
      grpc::CallbackServerContext* context, const v1::ListEntriesByReferenceRequest* request,
      v1::ListEntriesByReferenceResponse* response) override;
  grpc::ServerUnaryReactor* VerifyRange(grpc::CallbackServerContext* context,
                                        const v1::VerifyRangeRequest* request,
                                        v1::VerifyRangeResponse* response) override;

 private:
  template <typename Request, typename Response>
  grpc::ServerUnaryReactor* Write(const char* method, grpc::CallbackServerContext* context,
                                  const Request& request, Response* response);
  template <typename Request, typename Response, typename Read>
  grpc::ServerUnaryReactor* ReadCall(const char* method, grpc::CallbackServerContext* context,
                                     const Request& request, Response* response, Read read);

  storage::Ledger* const ledger_;
  const services::Gate gate_;
};

}  // namespace innoledger::ledger_service

#endif  // INNOLEDGER_SERVICES_LEDGER_SERVICE_H_
