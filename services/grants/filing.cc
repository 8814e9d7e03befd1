#include "services/grants/filing.h"

#include "common/china_time.h"
#include "common/status_macros.h"
#include "services/grants/award_store.h"
#include "services/grants/catalogue.h"
#include "services/grants/errors.h"
#include "services/grants/keys.h"

namespace innoledger::grants {
namespace {

class FileCommand final : public storage::Command {
 public:
  FileCommand(v1::Policy policy, Application application)
      : policy_(std::move(policy)), application_(std::move(application)) {}

  std::string Fingerprint() const override {
    storage::Encoder encoder;
    encoder.String("grants.file");
    EncodeApplication(policy_, application_, encoder);
    return encoder.Take();
  }

  absl::StatusOr<std::string> Apply(storage::ApplyContext& context) override {
    // 1. A new award id.
    ASSIGN_OR_RETURN(auto existing, FindAward(ContextReader(context), application_.award_id));
    if (existing.has_value()) {
      return errors::AwardExists(application_.award_id, v1::AwardState_Name(existing->state()));
    }
    // 2. The record, on the chain, findable by entity.
    v1::AwardRecord award = DescribeAward(policy_, application_);
    award.set_state(v1::AWARD_STATE_FILED);
    award.set_filed_date(FormatDay(application_.decision_day.value_or(ChinaDay(context.now()))));
    RETURN_IF_ERROR(JournalAward(context, "grant.file", award));
    StoreAward(context, award);
    context.PutRecord(EntityIndexKey(award.entity(), award.award_id()), "");
    return Bytes(award);
  }

 private:
  v1::Policy policy_;
  Application application_;
};

}  // namespace

std::unique_ptr<storage::Command> MakeFileCommand(const v1::Policy& policy,
                                                  Application application) {
  return std::make_unique<FileCommand>(policy, std::move(application));
}

}  // namespace innoledger::grants
