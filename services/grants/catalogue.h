#ifndef INNOLEDGER_SERVICES_GRANTS_CATALOGUE_H_
#define INNOLEDGER_SERVICES_GRANTS_CATALOGUE_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "innoledger/v1/catalogue.pb.h"

namespace innoledger::grants {

// Loads a text-format innoledger.v1.Catalogue and checks it. Every mistake is reported as
// "FILE:LINE: reason" (all of them, one per line) in an INVALID_ARGUMENT with reason
// CATALOGUE_INVALID: syntax, unknown fields or rule kinds, missing choices, rates over
// 100%, caps below their floor, bad dates, overlapping versions of one policy.
absl::StatusOr<v1::Catalogue> LoadCatalogue(const std::string& path);

// The same, for text already in memory (`name` stands for the file in messages).
absl::StatusOr<v1::Catalogue> ParseCatalogue(const std::string& text, const std::string& name);

// "YYYY-MM-DD" → day; false when malformed or not a real date.
bool ParseDay(const std::string& text, absl::CivilDay* day);

// The version of policy `id` in force on `day`; NOT_FOUND (POLICY_NOT_IN_FORCE) if none.
absl::StatusOr<const v1::Policy*> PolicyInForce(const v1::Catalogue& catalogue,
                                                const std::string& id, absl::CivilDay day);

}  // namespace innoledger::grants

#endif  // INNOLEDGER_SERVICES_GRANTS_CATALOGUE_H_
