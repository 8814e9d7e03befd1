#ifndef INNOLEDGER_SERVICES_GRANTS_LIMITS_H_
#define INNOLEDGER_SERVICES_GRANTS_LIMITS_H_

#include <cstddef>

// Everything has a limit (TIGER_STYLE); each says why it is the size it is.
namespace innoledger::grants {

// An application states a handful of facts; 32 is several times the most any rule needs.
inline constexpr int kMaxFacts = 32;
inline constexpr size_t kMaxFactNameLength = 64;
// Award ids, items and order ids become parts of record keys and cap scopes, which the
// ledger limits to 128 bytes with the policy id and the entity around them.
inline constexpr size_t kMaxAwardIdLength = 48;
inline constexpr size_t kMaxItemLength = 48;
// Tranches of one award (a stepped schedule, or the investment years of a mixed rule):
// policies speak of three years; ten leaves room without unbounded records.
inline constexpr int kMaxTranches = 10;
// Multi-year awards one entity may have running: a bad record holds them all in one
// command, whose journal entries must stay bounded.
inline constexpr int kMaxOpenAwardsPerEntity = 64;
// Awards in one payment order: the order's entry names each one, and an entry carries at
// most 16 references (the order and the fund take two).
inline constexpr int kMaxAwardsPerOrder = 14;
// How deeply any_of may nest: enough for "A and (B or C)", short enough to read.
inline constexpr int kMaxConditionDepth = 4;
// Policies in one catalogue file.
inline constexpr int kMaxPolicies = 1000;

}  // namespace innoledger::grants

#endif  // INNOLEDGER_SERVICES_GRANTS_LIMITS_H_
