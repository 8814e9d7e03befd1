#ifndef INNOLEDGER_SERVICES_COMMON_GRPC_STATUS_H_
#define INNOLEDGER_SERVICES_COMMON_GRPC_STATUS_H_

#include "absl/status/status.h"
#include "grpcpp/support/status.h"

namespace innoledger::services {

// The one place where an absl::Status becomes a grpc::Status. Codes map one to one (gRPC
// and abseil share the numbering). An error built by innoledger::Error() also carries a
// google.rpc.Status with a google.rpc.ErrorInfo{reason, domain "innoledger", metadata} in
// the grpc-status-details-bin trailer, so clients branch on the reason, not the text.
grpc::Status ToGrpcStatus(const absl::Status& status);

// The reverse, for clients and tests: the code, message and (when the details hold an
// ErrorInfo of our domain) the reason and metadata, as innoledger::Error() builds them.
absl::Status FromGrpcStatus(const grpc::Status& status);

}  // namespace innoledger::services

#endif  // INNOLEDGER_SERVICES_COMMON_GRPC_STATUS_H_
