#include "services/grants/tranches.h"

#include "absl/strings/str_cat.h"
#include "common/errors.h"
#include "common/money.h"
#include "common/status_macros.h"
#include "storage/encoding.h"

namespace innoledger::grants {

std::string AwardKey(const std::string& award_id) { return absl::StrCat("grants/award/", award_id); }

namespace {

std::string OnceKey(const v1::Policy& policy, const std::string& entity) {
  return absl::StrCat("grants/once/", policy.id(), "/", entity);
}

// A journal entry with no postings: the change of an award's record is on the chain too.
absl::Status Journal(storage::ApplyContext& context, const std::string& kind,
                     const v1::AwardRecord& award) {
  storage::TransactionRequest request;
  request.kind = kind;
  request.policy_version = award.policy_version();
  request.references = {{"award", award.award_id()}, {"entity", award.entity()}};
  return context.Transact(request).status();
}

class ScheduleCommand final : public storage::Command {
 public:
  ScheduleCommand(v1::Policy policy, Application application)
      : policy_(std::move(policy)), application_(std::move(application)) {}

  std::string Fingerprint() const override {
    storage::Encoder e;
    e.String("grants.schedule");
    e.String(policy_.id());
    e.String(application_.award_id);
    e.String(application_.entity);
    for (const auto& [name, value] : application_.facts) {
      e.String(name);
      e.I64(value);
    }
    e.String(absl::FormatCivilTime(application_.decision_day));
    return e.Take();
  }

  absl::StatusOr<std::string> Apply(storage::ApplyContext& context) override {
    // 1. Eligible, once only, a new award id.
    ASSIGN_OR_RETURN(auto once, context.GetRecord(OnceKey(policy_, application_.entity)));
    CapUsage usage;
    usage.entity_ever = once.has_value() ? 1 : 0;
    RETURN_IF_ERROR(Compute(policy_, application_.facts, usage).status());
    ASSIGN_OR_RETURN(auto existing, context.GetRecord(AwardKey(application_.award_id)));
    if (existing) {
      return Error(absl::StatusCode::kAlreadyExists, "AWARD_EXISTS",
                   absl::StrCat("award '", application_.award_id, "' already exists"));
    }
    // 2. The tranches by fiscal year from the approval year.
    v1::AwardRecord award;
    award.set_award_id(application_.award_id);
    award.set_policy_id(policy_.id());
    award.set_policy_version(absl::StrCat(policy_.id(), "@", policy_.version()));
    award.set_entity(application_.entity);
    award.set_fund_account(policy_.fund_account());
    for (const Tranche& tranche :
         Schedule(policy_, static_cast<int32_t>(application_.decision_day.year()))) {
      v1::TrancheRecord& record = *award.add_tranches();
      record.set_fiscal_year(tranche.fiscal_year);
      record.set_amount_fen(tranche.amount_fen);
      record.set_after_window(tranche.after_window);
      record.set_state(v1::TRANCHE_STATE_SCHEDULED);
    }
    // 3. Journal and keep it.
    RETURN_IF_ERROR(Journal(context, "grant.schedule", award));
    context.PutRecord(AwardKey(application_.award_id), award.SerializeAsString());
    context.PutRecord(OnceKey(policy_, application_.entity), application_.award_id);
    // The same outcome shape as an approval: nothing paid now, and the schedule in words.
    std::string body = "0";
    for (const v1::TrancheRecord& tranche : award.tranches()) {
      absl::StrAppend(&body, "\ntranche ", tranche.fiscal_year(), ": ",
                      FormatFen(tranche.amount_fen()), " after that year's assessment",
                      tranche.after_window() ? " (after the policy's window: honoured)" : "");
    }
    return body;
  }

 private:
  v1::Policy policy_;
  Application application_;
};

class AssessCommand final : public storage::Command {
 public:
  AssessCommand(v1::Policy policy, std::string award_id, int32_t fiscal_year, bool passed)
      : policy_(std::move(policy)), award_id_(std::move(award_id)), fiscal_year_(fiscal_year),
        passed_(passed) {}

  std::string Fingerprint() const override {
    storage::Encoder e;
    e.String("grants.assess");
    e.String(award_id_);
    e.I32(fiscal_year_);
    e.U8(passed_);
    return e.Take();
  }

  absl::StatusOr<std::string> Apply(storage::ApplyContext& context) override {
    // 1. The award and the year's tranche, still waiting.
    ASSIGN_OR_RETURN(auto bytes, context.GetRecord(AwardKey(award_id_)));
    v1::AwardRecord award;
    if (!bytes || !award.ParseFromString(*bytes)) {
      return Error(absl::StatusCode::kNotFound, "AWARD_NOT_FOUND",
                   absl::StrCat("no award '", award_id_, "'"));
    }
    ASSIGN_OR_RETURN(v1::TrancheRecord * tranche, Find(award));
    // 2. Passed: pay it; failed: forfeit or suspend, per the rule.
    if (passed_) {
      storage::TransactionRequest request;
      request.kind = "grant.tranche";
      request.policy_version = award.policy_version();
      const std::string payable = PayableAccount(award.entity());
      ASSIGN_OR_RETURN(auto account, context.GetAccount(payable));
      if (!account) request.open_accounts = {{payable, storage::AccountType::kBeneficiaryPayable}};
      request.postings = {{award.fund_account(), -tranche->amount_fen()},
                          {payable, tranche->amount_fen()}};
      request.references = {{"award", award_id_}, {"entity", award.entity()}};
      ASSIGN_OR_RETURN(storage::JournalEntry entry, context.Transact(request));
      tranche->set_state(v1::TRANCHE_STATE_PAID);
      tranche->set_paid_by_sequence(entry.sequence);
    } else {
      tranche->set_state(policy_.stepped().forfeit_on_failed_assessment()
                             ? v1::TRANCHE_STATE_FORFEITED
                             : v1::TRANCHE_STATE_SUSPENDED);
      RETURN_IF_ERROR(Journal(context, "grant.assessment_failed", award));
    }
    context.PutRecord(AwardKey(award_id_), award.SerializeAsString());
    return award.SerializeAsString();
  }

 private:
  absl::StatusOr<v1::TrancheRecord*> Find(v1::AwardRecord& award) const {
    for (v1::TrancheRecord& tranche : *award.mutable_tranches()) {
      if (tranche.fiscal_year() != fiscal_year_) continue;
      if (tranche.state() != v1::TRANCHE_STATE_SCHEDULED) {
        return Error(absl::StatusCode::kFailedPrecondition, "TRANCHE_NOT_SCHEDULED",
                     absl::StrCat("the ", fiscal_year_, " tranche of '", award_id_,
                                  "' was already assessed"));
      }
      return &tranche;
    }
    return Error(absl::StatusCode::kNotFound, "TRANCHE_NOT_FOUND",
                 absl::StrCat("award '", award_id_, "' has no tranche in ", fiscal_year_));
  }

  v1::Policy policy_;
  std::string award_id_;
  int32_t fiscal_year_;
  bool passed_;
};

}  // namespace

std::unique_ptr<storage::Command> MakeScheduleCommand(const v1::Policy& policy,
                                                      Application application) {
  return std::make_unique<ScheduleCommand>(policy, std::move(application));
}

std::unique_ptr<storage::Command> MakeAssessCommand(const v1::Policy& policy,
                                                    std::string award_id, int32_t fiscal_year,
                                                    bool passed) {
  return std::make_unique<AssessCommand>(policy, std::move(award_id), fiscal_year, passed);
}

}  // namespace innoledger::grants
