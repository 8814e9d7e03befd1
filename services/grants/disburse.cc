#include "services/grants/disburse.h"

#include <map>
#include <set>

#include "absl/strings/str_cat.h"
#include "common/status_macros.h"
#include "services/grants/award_store.h"
#include "services/grants/errors.h"
#include "services/grants/keys.h"
#include "services/grants/limits.h"
#include "storage/encoding.h"

namespace innoledger::grants {
namespace {

int64_t PayableNow(const v1::AwardRecord& award) {
  return SumTranches(award, v1::TRANCHE_STATE_PAYABLE);
}

class DisburseCommand final : public storage::Command {
 public:
  DisburseCommand(std::string order_id, std::string fund_account,
                  std::vector<std::string> award_ids)
      : order_id_(std::move(order_id)),
        fund_account_(std::move(fund_account)),
        award_ids_(std::move(award_ids)) {}

  std::string Fingerprint() const override {
    storage::Encoder encoder;
    encoder.String("grants.disburse");
    encoder.String(order_id_);
    encoder.String(fund_account_);
    for (const std::string& award_id : award_ids_) encoder.String(award_id);
    return encoder.Take();
  }

  absl::StatusOr<std::string> Apply(storage::ApplyContext& context) override {
    // 1. A new order, of a bounded number of distinct awards.
    RETURN_IF_ERROR(CheckShape());
    ASSIGN_OR_RETURN(auto existing, context.GetRecord(OrderKey(order_id_)));
    if (existing.has_value()) return errors::OrderExists(order_id_);
    // 2. Each award paid by this fund, with something payable.
    ASSIGN_OR_RETURN(std::vector<v1::AwardRecord> awards, LoadAwards(context));
    // 3. One entry: every payable out to the fund's clearing account.
    v1::PaymentOrder order;
    order.set_order_id(order_id_);
    order.set_fund_account(fund_account_);
    for (const v1::AwardRecord& award : awards) {
      v1::PaymentLine& line = *order.add_lines();
      line.set_award_id(award.award_id());
      line.set_entity(award.entity());
      line.set_amount_fen(PayableNow(award));
      order.set_total_fen(order.total_fen() + line.amount_fen());
    }
    ASSIGN_OR_RETURN(storage::JournalEntry entry, Pay(context, order));
    order.set_sequence(entry.sequence);
    // 4. The tranches are disbursed; the order is kept.
    for (v1::AwardRecord& award : awards) {
      for (v1::TrancheRecord& tranche : *award.mutable_tranches()) {
        if (tranche.state() != v1::TRANCHE_STATE_PAYABLE) continue;
        tranche.set_state(v1::TRANCHE_STATE_DISBURSED);
        tranche.set_disbursed_by_sequence(entry.sequence);
      }
      StoreAward(context, award);
    }
    context.PutRecord(OrderKey(order_id_), Bytes(order));
    return Bytes(order);
  }

 private:
  absl::Status CheckShape() const {
    if (award_ids_.empty() || award_ids_.size() > static_cast<size_t>(kMaxAwardsPerOrder)) {
      return errors::InvalidField("award_ids",
                                  absl::StrCat("1 to ", kMaxAwardsPerOrder, " awards"));
    }
    if (std::set<std::string>(award_ids_.begin(), award_ids_.end()).size() != award_ids_.size()) {
      return errors::InvalidField("award_ids", "an award is named twice");
    }
    return absl::OkStatus();
  }

  absl::StatusOr<std::vector<v1::AwardRecord>> LoadAwards(storage::ApplyContext& context) const {
    std::vector<v1::AwardRecord> awards;
    for (const std::string& award_id : award_ids_) {
      ASSIGN_OR_RETURN(v1::AwardRecord award, LoadApproved(ContextReader(context), award_id));
      if (award.fund_account() != fund_account_) {
        return errors::WrongFund(award_id, award.fund_account(), fund_account_);
      }
      if (PayableNow(award) == 0) return errors::NothingPayable(award_id);
      awards.push_back(std::move(award));
    }
    return awards;
  }

  // Payables of one entity are merged: the ledger takes one posting per account.
  absl::StatusOr<storage::JournalEntry> Pay(storage::ApplyContext& context,
                                            const v1::PaymentOrder& order) const {
    std::map<std::string, int64_t> by_payable;
    for (const v1::PaymentLine& line : order.lines()) {
      by_payable[PayableAccount(line.entity())] += line.amount_fen();
    }
    storage::TransactionRequest request;
    request.kind = "grant.disburse";
    const std::string clearing = ClearingAccount(fund_account_);
    ASSIGN_OR_RETURN(auto account, context.GetAccount(clearing));
    if (!account.has_value())
      request.open_accounts = {{clearing, storage::AccountType::kBankClearing}};
    for (const auto& [payable, amount] : by_payable) request.postings.push_back({payable, -amount});
    request.postings.push_back({clearing, order.total_fen()});
    request.references = {{"order", order_id_}, {"fund", fund_account_}};
    for (const std::string& award_id : award_ids_)
      request.references.push_back({"award", award_id});
    return context.Transact(request);
  }

  std::string order_id_;
  std::string fund_account_;
  std::vector<std::string> award_ids_;
};

}  // namespace

std::unique_ptr<storage::Command> MakeDisburseCommand(std::string order_id,
                                                      std::string fund_account,
                                                      std::vector<std::string> award_ids) {
  return std::make_unique<DisburseCommand>(std::move(order_id), std::move(fund_account),
                                           std::move(award_ids));
}

}  // namespace innoledger::grants
