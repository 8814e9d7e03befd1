#ifndef INNOLEDGER_COMMON_CHECK_H_
#define INNOLEDGER_COMMON_CHECK_H_

#include <cstdio>
#include <cstdlib>

// LEDGER_CHECK asserts a programmer invariant in every build type: a broken invariant in a
// ledger must stop the process, never write on. Bad client input is a Status, not a check.
// (abseil 20220623 has no ABSL_CHECK.)
#define LEDGER_CHECK(cond)                                                         \
  do {                                                                             \
    if (!(cond)) {                                                                 \
      std::fprintf(stderr, "%s:%d: LEDGER_CHECK failed: %s\n", __FILE__, __LINE__, \
                   #cond);                                                         \
      std::abort();                                                                \
    }                                                                              \
  } while (0)

#endif  // INNOLEDGER_COMMON_CHECK_H_
