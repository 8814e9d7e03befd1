#ifndef INNOLEDGER_STORAGE_PARTITION_WRITER_H_
#define INNOLEDGER_STORAGE_PARTITION_WRITER_H_

#include <map>
#include <string>
#include <vector>

#include "storage/command.h"
#include "storage/db.h"
#include "storage/staging.h"

namespace innoledger::storage {

// The ledger's rules, applied by the sequencer for one command. Each primitive checks
// everything first and stages into a layer of its own, merged only on success: a
// primitive that fails leaves nothing behind, even inside a command that goes on.
class PartitionWriter final : public ApplyContext {
 public:
  struct Params {
    const Db* db = nullptr;
    absl::string_view city;
    absl::Time now;
    absl::CivilDay today;  // China time, of `now`: the sequencer works it out once a batch
    absl::string_view principal;
    absl::string_view request_id;
  };
  // `staging` holds the batch so far (each step opens its own Staging::Scope), `head` is
  // the batch's working head; both outlive this.
  PartitionWriter(const Params& params, Staging* staging, Head* head)
      : params_(params), staging_(staging), head_(head) {}

  absl::string_view city() const override { return params_.city; }
  absl::Time now() const override { return params_.now; }
  absl::string_view principal() const override { return params_.principal; }
  absl::string_view request_id() const override { return params_.request_id; }

  absl::StatusOr<JournalEntry> Transact(const TransactionRequest& request) override;
  absl::StatusOr<JournalEntry> PostPending(uint64_t hold_sequence,
                                           absl::string_view memo) override;
  absl::StatusOr<JournalEntry> VoidPending(uint64_t hold_sequence,
                                           absl::string_view memo) override;
  absl::StatusOr<JournalEntry> Reverse(uint64_t sequence, absl::string_view memo) override;
  // The sequencer's own release of a hold whose time is up.
  absl::StatusOr<JournalEntry> ExpirePending(uint64_t hold_sequence);

  absl::StatusOr<std::optional<AccountState>> GetAccount(absl::string_view id) override;
  absl::StatusOr<int64_t> CapUsed(absl::string_view scope, int32_t fiscal_year) override;
  absl::StatusOr<std::optional<EntryState>> GetEntryState(uint64_t sequence) override;
  absl::StatusOr<std::optional<JournalEntry>> GetEntry(uint64_t sequence) override;
  absl::StatusOr<std::optional<std::string>> GetRecord(absl::string_view key) override;
  void PutRecord(absl::string_view key, absl::string_view value) override;

 private:
  using Accounts = std::map<std::string, AccountState, std::less<>>;
  enum class PostingMode { kPost, kReserve, kPostHold, kReleaseHold };

  absl::StatusOr<Accounts> LoadAccounts(const Staging& staging,
                                        const std::vector<Posting>& postings) const;
  absl::Status ApplyPostings(PostingMode mode, const std::vector<Posting>& postings,
                             Accounts& accounts) const;
  absl::StatusOr<std::vector<CapDelta>> ConsumeCaps(Staging& staging,
                                                    const std::vector<CapUse>& caps,
                                                    int32_t fiscal_year) const;
  absl::StatusOr<std::vector<CapDelta>> RestoreCaps(Staging& staging,
                                                    const std::vector<CapDelta>& consumed) const;
  absl::StatusOr<EntryState> LoadHoldState(const Staging& staging, uint64_t hold_sequence) const;
  absl::StatusOr<JournalEntry> LoadEntry(const Staging& staging, uint64_t sequence) const;
  absl::StatusOr<JournalEntry> ReleaseHold(uint64_t hold_sequence, EntryType type,
                                           absl::string_view memo);
  // Numbers, stamps and hashes `entry`, stages it with its index keys, advances `head`.
  JournalEntry Append(Staging& staging, Head& head, JournalEntry entry) const;
  // The accounts `entry` changed, after it; those it posts to list it.
  void StageAccounts(Staging& staging, const Accounts& accounts, const JournalEntry& entry) const;
  void StageAccount(Staging& staging, const AccountState& account, uint64_t sequence,
                    bool listed) const;
  absl::StatusOr<std::optional<AccountState>> LatestAccount(const Staging& staging,
                                                            absl::string_view id) const;
  void Index(Staging& staging, std::string prefix, uint64_t sequence) const;
  void StageEntryState(Staging& staging, uint64_t sequence, const EntryState& state) const;
  int32_t Today() const;

  Params params_;
  Staging* staging_;
  Head* head_;
};

}  // namespace innoledger::storage

#endif  // INNOLEDGER_STORAGE_PARTITION_WRITER_H_
