#ifndef INNOLEDGER_SERVICES_GRANTS_CATALOGUE_CHECK_H_
#define INNOLEDGER_SERVICES_GRANTS_CATALOGUE_CHECK_H_

#include <string>
#include <vector>

#include "google/protobuf/text_format.h"
#include "innoledger/v1/catalogue.pb.h"

namespace innoledger::grants {

// Every mistake in a parsed catalogue, each "FILE:LINE: reason" with the line of the field
// at fault (from `tree`, the parser's locations): missing or malformed fields, rule kinds
// without their numbers, rates over 100%, caps below the floor or that a rule kind cannot
// have, facts the catalogue does not declare, bad dates and overlapping versions of one
// policy. Empty when the catalogue is sound.
std::vector<std::string> CheckCatalogue(const v1::Catalogue& catalogue,
                                        const google::protobuf::TextFormat::ParseInfoTree& tree,
                                        const std::string& file);

}  // namespace innoledger::grants

#endif  // INNOLEDGER_SERVICES_GRANTS_CATALOGUE_CHECK_H_
