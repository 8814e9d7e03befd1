#include "services/grants/approve.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "common/status_macros.h"
#include "storage/encoding.h"

namespace innoledger::grants {

std::string ItemScope(const v1::Policy& policy, const std::string& item) {
  return absl::StrCat(policy.id(), "/item/", item);
}
std::string EntityYearScope(const v1::Policy& policy, const std::string& entity) {
  return absl::StrCat(policy.id(), "/entity/", entity);
}
std::string OnceScope(const v1::Policy& policy, const std::string& entity) {
  return absl::StrCat(policy.id(), "/once/", entity);
}
std::string BudgetScope(const v1::Policy& policy) { return absl::StrCat(policy.id(), "/budget"); }
std::string PayableAccount(const std::string& entity) { return absl::StrCat("payable:", entity); }

namespace {

class ApproveCommand final : public storage::Command {
 public:
  ApproveCommand(v1::Policy policy, Application application)
      : policy_(std::move(policy)), application_(std::move(application)) {}

  std::string Fingerprint() const override {
    storage::Encoder e;
    e.String("grants.approve");
    e.String(policy_.id());
    e.String(policy_.version());
    for (const std::string* s : {&application_.award_id, &application_.entity, &application_.item}) {
      e.String(*s);
    }
    for (const auto& [name, value] : application_.facts) {
      e.String(name);
      e.I64(value);
    }
    e.String(absl::FormatCivilTime(application_.decision_day));
    return e.Take();
  }

  absl::StatusOr<std::string> Apply(storage::ApplyContext& context) override {
    // 1. What is used of each cap, in this batch's view (nobody else writes meanwhile).
    const int32_t year = static_cast<int32_t>(application_.decision_day.year());
    CapUsage usage;
    const v1::Caps& caps = policy_.caps();
    if (caps.per_item_fen() > 0) {
      ASSIGN_OR_RETURN(usage.item_fen, context.CapUsed(ItemScope(policy_, application_.item), 0));
    }
    ASSIGN_OR_RETURN(usage.entity_year_fen,
                     context.CapUsed(EntityYearScope(policy_, application_.entity), year));
    ASSIGN_OR_RETURN(usage.entity_ever, context.CapUsed(OnceScope(policy_, application_.entity), 0));
    ASSIGN_OR_RETURN(usage.budget_year_fen, context.CapUsed(BudgetScope(policy_), year));
    // 2. The amount and why.
    ASSIGN_OR_RETURN(Computation computation, Compute(policy_, application_.facts, usage));
    // 3. One entry: fund → payable, consuming every cap the rule has.
    ASSIGN_OR_RETURN(storage::TransactionRequest request, Entry(context, computation.amount_fen));
    RETURN_IF_ERROR(context.Transact(request).status());
    return absl::StrCat(computation.amount_fen, "\n", absl::StrJoin(computation.steps, "\n"));
  }

 private:
  absl::StatusOr<storage::TransactionRequest> Entry(storage::ApplyContext& context,
                                                    int64_t amount_fen) const {
    storage::TransactionRequest request;
    request.kind = "grant.award";
    request.policy_version = absl::StrCat(policy_.id(), "@", policy_.version());
    request.value_date = application_.decision_day;
    const std::string payable = PayableAccount(application_.entity);
    ASSIGN_OR_RETURN(auto existing, context.GetAccount(payable));
    if (!existing) request.open_accounts = {{payable, storage::AccountType::kBeneficiaryPayable}};
    request.postings = {{policy_.fund_account(), -amount_fen}, {payable, amount_fen}};
    request.references = {{"award", application_.award_id},
                          {"entity", application_.entity},
                          {"policy", policy_.id()}};
    const v1::Caps& caps = policy_.caps();
    if (caps.per_item_fen() > 0) {
      request.caps.push_back({ItemScope(policy_, application_.item), amount_fen, caps.per_item_fen(), true});
    }
    if (caps.per_entity_year_fen() > 0) {
      request.caps.push_back({EntityYearScope(policy_, application_.entity), amount_fen,
                              caps.per_entity_year_fen(), false});
    }
    if (caps.budget_per_year_fen() > 0) {
      request.caps.push_back({BudgetScope(policy_), amount_fen, caps.budget_per_year_fen(), false});
    }
    // Counted for every policy (the once-only check reads it); limited only when once-only.
    request.caps.push_back({OnceScope(policy_, application_.entity), 1,
                            caps.once_per_entity() ? 1 : INT64_MAX, true});
    return request;
  }

  v1::Policy policy_;
  Application application_;
};

}  // namespace

std::unique_ptr<storage::Command> MakeApproveCommand(const v1::Policy& policy,
                                                     Application application) {
  return std::make_unique<ApproveCommand>(policy, std::move(application));
}

}  // namespace innoledger::grants
