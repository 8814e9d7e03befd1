#include "services/vouchers/issue.h"

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "common/china_time.h"
#include "common/status_macros.h"
#include "services/registry/entity.h"
#include "services/registry/errors.h"
#include "services/registry/partition_view.h"
#include "services/vouchers/errors.h"
#include "services/vouchers/keys.h"
#include "services/vouchers/programme.h"
#include "storage/encoding.h"
#include "storage/errors.h"

namespace innoledger::vouchers {
namespace {

using registry::ContextView;

class OpenProgrammeCommand final : public storage::Command {
 public:
  explicit OpenProgrammeCommand(const v1::VoucherProgramme& programme)
      : programme_(ProgrammeId(programme)), fund_(programme.fund_account()) {}
  std::string Fingerprint() const override {
    storage::Encoder e;
    e.String("voucher.programme.open");
    e.String(programme_);
    e.String(fund_);
    return e.Take();
  }
  absl::StatusOr<std::string> Apply(storage::ApplyContext& context) override {
    storage::TransactionRequest request;
    request.kind = "voucher.programme.open";
    request.open_accounts = {{fund_, storage::AccountType::kFund}};
    request.references = {{"programme", programme_}};
    RETURN_IF_ERROR(context.Transact(request).status());
    return std::string();
  }

 private:
  std::string programme_;
  std::string fund_;
};

class IssueCommand final : public storage::Command {
 public:
  IssueCommand(const v1::VoucherProgramme& programme, IssueRequest request)
      : programme_(programme), request_(std::move(request)) {}

  std::string Fingerprint() const override {
    storage::Encoder e;
    e.String("voucher.issue");
    e.String(request_.city);
    e.I32(request_.fiscal_year);
    e.String(request_.holder);
    e.I64(request_.face_value_fen);
    return e.Take();
  }

  absl::StatusOr<std::string> Apply(storage::ApplyContext& context) override {
    ContextView view(context);
    // 1. The programme is open today and the holder may have this voucher.
    RETURN_IF_ERROR(CheckProgrammeOpen(view));
    RETURN_IF_ERROR(CheckHolder(view));
    RETURN_IF_ERROR(CheckQuotaAndFund(view));
    // 2. Number it, and move the face value from the fund into its own account.
    ASSIGN_OR_RETURN(int64_t number, NextNumber(context));
    v1::Voucher voucher = NewVoucher(number);
    ASSIGN_OR_RETURN(storage::JournalEntry entry, context.Transact(Entry(voucher)));
    voucher.set_issued_at_us(entry.committed_at_us);
    voucher.set_issue_sequence(entry.sequence);
    // 3. Its record and the holder's index.
    registry::WriteRecord(context, VoucherKey(voucher.id()), voucher);
    context.PutRecord(HolderIndexKey(voucher.holder(), voucher.id()), voucher.id());
    return registry::DeterministicBytes(voucher);
  }

 private:
  absl::Status CheckProgrammeOpen(const ContextView& view) const {
    const int32_t year_now = FiscalYearOf(view.now());
    if (year_now != programme_.fiscal_year() || ChinaDay(view.now()) > ValidUntil(programme_)) {
      return errors::ProgrammeNotOpen(ProgrammeId(programme_), year_now);
    }
    if (!Offers(programme_, request_.face_value_fen)) {
      return errors::FaceValueNotOffered(ProgrammeId(programme_), request_.face_value_fen);
    }
    return absl::OkStatus();
  }

  absl::Status CheckHolder(const ContextView& view) const {
    ASSIGN_OR_RETURN(auto holder, registry::ReadRecord<v1::Entity>(
                                      view, registry::EntityKey(request_.holder)));
    if (!holder) return registry::errors::EntityNotFound(request_.holder);
    if (holder->kind() != v1::ENTITY_KIND_ENTERPRISE) {
      return errors::HolderNotEligible(
          request_.holder, absl::StrCat("it is ", registry::KindName(holder->kind())));
    }
    if (programme_.require_sme() && !holder->sme()) {
      return errors::HolderNotEligible(request_.holder,
                                       "the programme is for 科技型中小企业 (S&T SMEs)");
    }
    if (holder->has_bad_record()) {
      return errors::BadRecord(request_.holder, holder->bad_record().set_on(),
                               holder->bad_record().reason());
    }
    return absl::OkStatus();
  }

  // The ledger enforces both again (cap, fund never negative); checking first gives the
  // caller the voucher domain's reason.
  absl::Status CheckQuotaAndFund(const ContextView& view) const {
    ASSIGN_OR_RETURN(int64_t issued_fen,
                     view.CapUsed(IssuedScope(request_.holder), programme_.fiscal_year()));
    if (issued_fen + request_.face_value_fen > programme_.yearly_quota_fen()) {
      return errors::YearlyQuotaExceeded(request_.holder, programme_.fiscal_year(), issued_fen,
                                         programme_.yearly_quota_fen(), request_.face_value_fen);
    }
    ASSIGN_OR_RETURN(auto fund, view.GetAccount(programme_.fund_account()));
    const int64_t available_fen = fund ? fund->available_fen() : 0;
    if (available_fen < request_.face_value_fen) {
      return errors::FundInsufficient(programme_.fund_account(), available_fen,
                                      request_.face_value_fen);
    }
    return absl::OkStatus();
  }

  absl::StatusOr<int64_t> NextNumber(storage::ApplyContext& context) const {
    const std::string key = CounterKey(programme_.fiscal_year());
    ASSIGN_OR_RETURN(auto last, context.GetRecord(key));
    int64_t number = 0;
    if (last && !absl::SimpleAtoi(*last, &number)) {
      return storage::errors::Corrupt("the voucher counter does not parse");
    }
    context.PutRecord(key, absl::StrCat(number + 1));
    return number + 1;
  }

  v1::Voucher NewVoucher(int64_t number) const {
    v1::Voucher voucher;
    voucher.set_id(VoucherId(programme_.city(), programme_.fiscal_year(), number));
    voucher.set_city(programme_.city());
    voucher.set_fiscal_year(programme_.fiscal_year());
    voucher.set_holder(request_.holder);
    voucher.set_face_value_fen(request_.face_value_fen);
    voucher.set_account(VoucherAccount(voucher.id()));
    voucher.set_valid_until(registry::FormatDay(ValidUntil(programme_)));
    voucher.set_state(v1::VOUCHER_STATE_ACTIVE);
    return voucher;
  }

  storage::TransactionRequest Entry(const v1::Voucher& voucher) const {
    storage::TransactionRequest request;
    request.kind = "voucher.issue";
    request.policy_version = ProgrammeId(programme_);
    request.open_accounts = {{voucher.account(), storage::AccountType::kVoucherLiability}};
    request.postings = {{programme_.fund_account(), -voucher.face_value_fen()},
                        {voucher.account(), voucher.face_value_fen()}};
    request.references = {{"voucher", voucher.id()}, {"holder", voucher.holder()}};
    request.caps = {{IssuedScope(voucher.holder()), voucher.face_value_fen(),
                     programme_.yearly_quota_fen(), false}};
    return request;
  }

  v1::VoucherProgramme programme_;
  IssueRequest request_;
};

}  // namespace

std::unique_ptr<storage::Command> MakeOpenProgrammeCommand(
    const v1::VoucherProgramme& programme) {
  return std::make_unique<OpenProgrammeCommand>(programme);
}

std::unique_ptr<storage::Command> MakeIssueCommand(const v1::VoucherProgramme& programme,
                                                   IssueRequest request) {
  return std::make_unique<IssueCommand>(programme, std::move(request));
}

}  // namespace innoledger::vouchers
