# innoledger_add_test(NAME SOURCES... LIBS ...): one GoogleTest binary registered with
# ctest. Tests run from a scratch directory so stray data dirs never land in the tree.
find_package(GTest REQUIRED)
include(GoogleTest)

function(innoledger_add_test name)
  cmake_parse_arguments(ARG "" "TIMEOUT" "SOURCES;LIBS;LABELS" ${ARGN})
  add_executable(${name} ${ARG_SOURCES})
  target_link_libraries(${name} PRIVATE ${ARG_LIBS} GTest::gtest GTest::gmock GTest::gtest_main)
  if(NOT ARG_TIMEOUT)
    set(ARG_TIMEOUT 300)
  endif()
  add_test(NAME ${name} COMMAND ${name})
  set_tests_properties(${name} PROPERTIES TIMEOUT ${ARG_TIMEOUT}
    ENVIRONMENT "INNOLEDGERD=${CMAKE_BINARY_DIR}/bin/innoledgerd;INNOLEDGER_SOURCE_DIR=${PROJECT_SOURCE_DIR}")
  if(ARG_LABELS)
    set_tests_properties(${name} PROPERTIES LABELS "${ARG_LABELS}")
  endif()
endfunction()
