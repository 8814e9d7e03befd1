#ifndef INNOLEDGER_SERVICES_COMMON_SERVED_SERVICES_H_
#define INNOLEDGER_SERVICES_COMMON_SERVED_SERVICES_H_

#include <vector>

namespace google::protobuf {
class MethodDescriptor;
class ServiceDescriptor;
}  // namespace google::protobuf

namespace innoledger::services {

// Every gRPC service innoledgerd serves, in one list: the server registers health and
// metrics for these, and the permission tests check that each of their methods has a row.
const std::vector<const google::protobuf::ServiceDescriptor*>& ServedServices();
// Their methods, in order.
std::vector<const google::protobuf::MethodDescriptor*> ServedMethods();

}  // namespace innoledger::services

#endif  // INNOLEDGER_SERVICES_COMMON_SERVED_SERVICES_H_
