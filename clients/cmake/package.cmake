# The SDK as a CMake package. `cmake --install <build dir> --component innoledger_sdk
# --prefix P` installs the static libraries the SDK needs, its headers (under
# include/innoledger-sdk, so that "common/" and "google/rpc/" never collide with other
# packages' headers) and lib/cmake/innoledger; then, in another project,
# find_package(innoledger CONFIG REQUIRED) and target_link_libraries(... innoledger::client).
include(CMakePackageConfigHelpers)
include(GNUInstallDirs)

set(INNOLEDGER_SDK_INCLUDE_DIR ${CMAKE_INSTALL_INCLUDEDIR}/innoledger-sdk)
set(INNOLEDGER_SDK_CMAKE_DIR ${CMAKE_INSTALL_LIBDIR}/cmake/innoledger)

# What innoledger::client links, defined by proto/, services/ and common/: the generated
# messages and stubs, the gRPC status conversion (services/common/grpc_status.cc) and the
# error reasons (common/errors.h). Their include directories point into the source and
# build trees, which mean nothing once installed and which install(EXPORT) refuses; they
# are marked build-tree only here (the build itself sees no change), and the installed
# targets use the installed headers instead.
set(INNOLEDGER_SDK_DEPENDENCIES innoledger_proto innoledger_service_common innoledger_common)
set(INNOLEDGER_SDK_GENERATED_DIRS)
foreach(target ${INNOLEDGER_SDK_DEPENDENCIES})
  get_target_property(dirs ${target} INTERFACE_INCLUDE_DIRECTORIES)
  if(NOT dirs)
    continue()
  endif()
  if(target STREQUAL innoledger_proto)
    set(INNOLEDGER_SDK_GENERATED_DIRS ${dirs})
  endif()
  list(TRANSFORM dirs REPLACE "^([^$].*)$" "$<BUILD_INTERFACE:\\1>")
  set_property(TARGET ${target} PROPERTY INTERFACE_INCLUDE_DIRECTORIES "${dirs}")
endforeach()
set_target_properties(innoledger_client PROPERTIES EXPORT_NAME client)
set_target_properties(innoledger_proto PROPERTIES EXPORT_NAME proto)
set_target_properties(innoledger_service_common PROPERTIES EXPORT_NAME service_common)
set_target_properties(innoledger_common PROPERTIES EXPORT_NAME common)

# A sanitizer build's archives call into the sanitizer runtimes: whoever links them must
# link those too.
if(INNOLEDGER_SANITIZE)
  target_link_options(innoledger_client INTERFACE
    $<INSTALL_INTERFACE:-fsanitize=address,undefined>)
endif()

install(TARGETS innoledger_client ${INNOLEDGER_SDK_DEPENDENCIES}
  EXPORT innoledgerTargets
  ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR} COMPONENT innoledger_sdk
  INCLUDES DESTINATION ${INNOLEDGER_SDK_INCLUDE_DIR})
install(FILES ${CMAKE_CURRENT_SOURCE_DIR}/cpp/innoledger/client.h
  DESTINATION ${INNOLEDGER_SDK_INCLUDE_DIR}/innoledger COMPONENT innoledger_sdk)
install(FILES ${PROJECT_SOURCE_DIR}/common/errors.h
  DESTINATION ${INNOLEDGER_SDK_INCLUDE_DIR}/common COMPONENT innoledger_sdk)
foreach(dir ${INNOLEDGER_SDK_GENERATED_DIRS})
  install(DIRECTORY ${dir}/ DESTINATION ${INNOLEDGER_SDK_INCLUDE_DIR}
    COMPONENT innoledger_sdk FILES_MATCHING PATTERN "*.pb.h")
endforeach()
install(EXPORT innoledgerTargets NAMESPACE innoledger::
  DESTINATION ${INNOLEDGER_SDK_CMAKE_DIR} COMPONENT innoledger_sdk)
write_basic_package_version_file(${CMAKE_CURRENT_BINARY_DIR}/innoledgerConfigVersion.cmake
  VERSION ${PROJECT_VERSION} COMPATIBILITY SameMinorVersion)
install(FILES ${CMAKE_CURRENT_SOURCE_DIR}/cmake/innoledgerConfig.cmake
  ${CMAKE_CURRENT_BINARY_DIR}/innoledgerConfigVersion.cmake
  DESTINATION ${INNOLEDGER_SDK_CMAKE_DIR} COMPONENT innoledger_sdk)

# Installs into a temporary prefix, builds clients/cpp/package_test against it with
# find_package and runs it.
add_test(NAME sdk_package_test
  COMMAND ${CMAKE_CURRENT_SOURCE_DIR}/cpp/package_test/run.sh ${CMAKE_BINARY_DIR}
          ${CMAKE_CXX_COMPILER})
set_tests_properties(sdk_package_test PROPERTIES LABELS sdk TIMEOUT 300)
