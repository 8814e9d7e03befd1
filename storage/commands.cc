#include "storage/commands.h"

#include "storage/encoding.h"

namespace innoledger::storage {
namespace {

// Fingerprints start with a tag naming the command, so two commands with the same fields
// but different meaning never share one.
void EncodeRequest(Encoder& e, const TransactionRequest& r) {
  e.String(r.kind);
  e.U32(r.open_accounts.size());
  for (const auto& a : r.open_accounts) {
    e.String(a.id);
    e.U8(static_cast<uint8_t>(a.type));
  }
  e.U32(r.postings.size());
  for (const auto& p : r.postings) {
    e.String(p.account);
    e.I64(p.amount_fen);
  }
  e.U32(r.references.size());
  for (const auto& ref : r.references) {
    e.String(ref.key);
    e.String(ref.value);
  }
  e.U32(r.caps.size());
  for (const auto& c : r.caps) {
    e.String(c.scope);
    e.I64(c.amount_fen);
    e.I64(c.limit_fen);
    e.U8(c.lifetime);
  }
  e.U8(r.value_date.has_value());
  if (r.value_date) {
    e.I64(r.value_date->year());
    e.U8(r.value_date->month());
    e.U8(r.value_date->day());
  }
  e.String(r.policy_version);
  e.String(r.memo);
  e.U8(r.pending);
  e.I64(absl::ToInt64Microseconds(r.hold_timeout));
}

class TransactCommand final : public Command {
 public:
  explicit TransactCommand(TransactionRequest request) : request_(std::move(request)) {}
  std::string Fingerprint() const override {
    Encoder e(kTypicalEntryBytes);
    e.String("ledger.transact");
    EncodeRequest(e, request_);
    return e.Take();
  }
  absl::StatusOr<std::string> Apply(ApplyContext& context) override {
    auto entry = context.Transact(request_);
    if (!entry.ok()) return entry.status();
    return std::string();
  }

 private:
  TransactionRequest request_;
};

// PostPending, VoidPending and Reverse: one target entry and a memo.
class TargetCommand final : public Command {
 public:
  enum class Action { kPost, kVoid, kReverse };
  TargetCommand(Action action, uint64_t sequence, std::string memo)
      : action_(action), sequence_(sequence), memo_(std::move(memo)) {}
  std::string Fingerprint() const override {
    static const char* const kTags[] = {"ledger.post_pending", "ledger.void_pending",
                                        "ledger.reverse"};
    Encoder e;
    e.String(kTags[static_cast<int>(action_)]);
    e.U64(sequence_);
    e.String(memo_);
    return e.Take();
  }
  absl::StatusOr<std::string> Apply(ApplyContext& context) override {
    absl::StatusOr<JournalEntry> entry =
        action_ == Action::kPost   ? context.PostPending(sequence_, memo_)
        : action_ == Action::kVoid ? context.VoidPending(sequence_, memo_)
                                   : context.Reverse(sequence_, memo_);
    if (!entry.ok()) return entry.status();
    return std::string();
  }

 private:
  Action action_;
  uint64_t sequence_;
  std::string memo_;
};

}  // namespace

std::unique_ptr<Command> MakeTransactCommand(TransactionRequest request) {
  return std::make_unique<TransactCommand>(std::move(request));
}
std::unique_ptr<Command> MakePostPendingCommand(uint64_t hold_sequence, std::string memo) {
  return std::make_unique<TargetCommand>(TargetCommand::Action::kPost, hold_sequence,
                                         std::move(memo));
}
std::unique_ptr<Command> MakeVoidPendingCommand(uint64_t hold_sequence, std::string memo) {
  return std::make_unique<TargetCommand>(TargetCommand::Action::kVoid, hold_sequence,
                                         std::move(memo));
}
std::unique_ptr<Command> MakeReverseCommand(uint64_t sequence, std::string memo) {
  return std::make_unique<TargetCommand>(TargetCommand::Action::kReverse, sequence,
                                         std::move(memo));
}

}  // namespace innoledger::storage
