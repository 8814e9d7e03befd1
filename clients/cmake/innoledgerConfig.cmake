# find_package(innoledger CONFIG): the innoledger C++ SDK. Link innoledger::client; include
# "innoledger/client.h", "innoledger/v1/<file>.pb.h" for the messages and "common/errors.h"
# for ErrorReason. The SDK is built on the packages below, found here the same way the
# innoledger build finds them.
include(CMakeFindDependencyMacro)
find_dependency(Threads)
find_dependency(Protobuf)
find_dependency(gRPC CONFIG)
find_dependency(absl CONFIG)
include(${CMAKE_CURRENT_LIST_DIR}/innoledgerTargets.cmake)
