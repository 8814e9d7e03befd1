#include "services/grants/application.h"

#include "services/grants/catalogue.h"

namespace innoledger::grants {

void EncodeApplication(const v1::Policy& policy, const Application& application,
                       storage::Encoder& encoder) {
  encoder.String(PolicyVersion(policy));
  encoder.String(application.award_id);
  encoder.String(application.entity);
  encoder.String(application.item);
  encoder.U32(static_cast<uint32_t>(application.facts.size()));
  for (const auto& [name, value] : application.facts) {
    encoder.String(name);
    encoder.I64(value);
  }
  encoder.String(application.decision_day ? FormatDay(*application.decision_day) : "");
}

v1::AwardRecord DescribeAward(const v1::Policy& policy, const Application& application) {
  v1::AwardRecord award;
  award.set_award_id(application.award_id);
  award.set_policy_id(policy.id());
  award.set_policy_version(PolicyVersion(policy));
  award.set_entity(application.entity);
  award.set_item(application.item);
  award.set_fund_account(policy.fund_account());
  award.mutable_facts()->insert(application.facts.begin(), application.facts.end());
  return award;
}

}  // namespace innoledger::grants
