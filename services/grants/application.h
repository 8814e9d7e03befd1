#ifndef INNOLEDGER_SERVICES_GRANTS_APPLICATION_H_
#define INNOLEDGER_SERVICES_GRANTS_APPLICATION_H_

#include <optional>
#include <string>

#include "absl/time/civil_time.h"
#include "innoledger/v1/awards.pb.h"
#include "innoledger/v1/catalogue.pb.h"
#include "services/grants/facts.h"
#include "storage/encoding.h"

namespace innoledger::grants {

// An application for an award: who, for what item, with what facts, decided on which
// China-time day. Shapes are checked by the caller (requests.h) before a command is built.
struct Application {
  std::string award_id;  // unique per city, e.g. "CJ-2025-0042"
  std::string entity;    // the beneficiary's USCC
  std::string item;      // the contract / platform / standard of a per-item cap
  Facts facts;           // as the application states them
  // Decides the policy version and the fiscal year; absent: the day of the sequencer's
  // batch, so an approval at 2025-12-31 23:30 China time counts in 2025.
  std::optional<absl::CivilDay> decision_day;
};

// The award as the application describes it, before any decision: ids, policy version,
// entity, item, the stated facts and the fund that pays.
v1::AwardRecord DescribeAward(const v1::Policy& policy, const Application& application);

// Appends what identifies `application` under `policy` to a command's fingerprint.
void EncodeApplication(const v1::Policy& policy, const Application& application,
                       storage::Encoder& encoder);

}  // namespace innoledger::grants

#endif  // INNOLEDGER_SERVICES_GRANTS_APPLICATION_H_
