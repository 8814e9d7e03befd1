#ifndef INNOLEDGER_SERVICES_GRANTS_TRANCHES_H_
#define INNOLEDGER_SERVICES_GRANTS_TRANCHES_H_

#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "absl/time/civil_time.h"
#include "innoledger/v1/catalogue.pb.h"
#include "services/grants/facts.h"
#include "storage/command.h"

// The life of an approved award's later tranches. Each command changes the award's record
// and journals what it did; refusals change nothing. Outcome body: the v1::AwardRecord.
// `policy` is the version the award was decided under; `entity_facts` (may be null) must
// outlive the command.
namespace innoledger::grants {

// The assessment of `fiscal_year` for a stepped award. Passed: the tranche becomes payable
// (fund → the beneficiary's payable, on the budget cap of the batch's year) — unless the
// entity no longer meets the policy's conditions (a bad record: NOT_ELIGIBLE, the tranche
// waits). Failed: the tranche is forfeited, or suspended (assessable again), per the rule.
// NOT_FOUND: AWARD_NOT_FOUND, TRANCHE_NOT_FOUND. FAILED_PRECONDITION: AWARD_NOT_APPROVED,
// TRANCHE_NOT_DUE (paid, forfeited, stopped after the window, held for a bad record, or
// its year has not begun in China time).
std::unique_ptr<storage::Command> MakeAssessCommand(const v1::Policy& policy, std::string award_id,
                                                    int32_t fiscal_year, bool passed,
                                                    const EntityFacts* entity_facts = nullptr);

// An investment of a mixed award (policy 3's years 2–3): `amount_fen` from the policy's
// innovation fund into the entity's investment account — equity, not a grant, under no
// grant cap. The day's fiscal year (absent: the batch's) must be one of the award's
// investment years, still scheduled; the award's allowance bounds the total
// (INVESTMENT_OVER_ALLOWANCE).
std::unique_ptr<storage::Command> MakeInvestCommand(const v1::Policy& policy, std::string award_id,
                                                    int64_t amount_fen,
                                                    std::optional<absl::CivilDay> day,
                                                    const EntityFacts* entity_facts = nullptr);

}  // namespace innoledger::grants

#endif  // INNOLEDGER_SERVICES_GRANTS_TRANCHES_H_
