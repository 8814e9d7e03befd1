#ifndef INNOLEDGER_SERVICES_GRANTS_CATALOGUE_H_
#define INNOLEDGER_SERVICES_GRANTS_CATALOGUE_H_

#include <string>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "innoledger/v1/catalogue.pb.h"

namespace innoledger::grants {

// Loads a text-format innoledger.v1.Catalogue and checks it (catalogue_check.h). Every
// mistake is reported as "FILE:LINE: reason", all of them, one per line, in an
// INVALID_ARGUMENT with reason CATALOGUE_INVALID; an unreadable file is NOT_FOUND
// (CATALOGUE_NOT_FOUND). The catalogue's own eligibility conditions are copied to the front
// of every policy's, so a policy carries all it needs into a command.
absl::StatusOr<v1::Catalogue> LoadCatalogue(const std::string& path);

// The same, for text already in memory (`file` stands for the file in messages).
absl::StatusOr<v1::Catalogue> ParseCatalogue(const std::string& text, const std::string& file);

// "YYYY-MM-DD" → day; false when malformed or not a real date. And back.
bool ParseDay(const std::string& text, absl::CivilDay* day);
std::string FormatDay(absl::CivilDay day);

// Whether the catalogue's bureaus include `city`'s.
bool Serves(const v1::Catalogue& catalogue, absl::string_view city);

// Whether `day` lies within the policy's effective window.
bool InForce(const v1::Policy& policy, absl::CivilDay day);

// The version of policy `id` in force on `day`; NOT_FOUND (POLICY_NOT_IN_FORCE) if none.
absl::StatusOr<const v1::Policy*> PolicyInForce(const v1::Catalogue& catalogue,
                                                const std::string& id, absl::CivilDay day);

// "changji.4@2020-v1": how entries and records name the version an award was decided on.
std::string PolicyVersion(const v1::Policy& policy);

}  // namespace innoledger::grants

#endif  // INNOLEDGER_SERVICES_GRANTS_CATALOGUE_H_
