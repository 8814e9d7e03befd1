#include "storage/ledger.h"

#include <filesystem>
#include <future>
#include <map>
#include <set>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "common/check.h"
#include "common/status_macros.h"
#include "storage/chain.h"
#include "storage/db.h"
#include "storage/errors.h"
#include "storage/format.h"
#include "storage/limits.h"
#include "storage/sequencer.h"
#include "storage/validate.h"

namespace innoledger::storage {

using format::Cf;

absl::StatusOr<Outcome> Ledger::SubmitAndWait(Write write) {
  std::promise<absl::StatusOr<Outcome>> promise;
  auto future = promise.get_future();
  Submit(std::move(write),
         [&promise](absl::StatusOr<Outcome> outcome) { promise.set_value(std::move(outcome)); });
  return future.get();
}

namespace {

absl::Status CheckPageSize(int limit) {
  if (limit < 1 || limit > kMaxPageSize) {
    return errors::InvalidRequest(absl::StrCat("page size must be 1..", kMaxPageSize));
  }
  return absl::OkStatus();
}

// Positions `it` at the first key of `prefix` (no position yet) or just past `after`.
void SeekAfter(rocksdb::Iterator& it, const std::string& prefix, const std::string& after,
               bool has_after) {
  if (!has_after) return it.Seek(prefix);
  it.Seek(after);
  if (it.Valid() && View(it.key()) == after) it.Next();
}

// The entries one key of an account's history or of the reference index lists.
absl::StatusOr<std::vector<uint64_t>> ListedIn(int cf, absl::string_view prefix,
                                               absl::string_view key, absl::string_view value) {
  if (cf != Cf::kAccounts) return format::DecodeIndexSequences(key, value);
  // The account's id, for the error message: between the city's separator and the last.
  absl::string_view id = prefix.substr(0, prefix.size() - 1);
  id = id.substr(id.find('\0') + 1);
  ASSIGN_OR_RETURN(format::AccountHistory history, format::DecodeAccountHistory(id, key, value));
  return std::move(history.listed);
}

class LedgerImpl final : public Ledger {
 public:
  LedgerImpl(LedgerOptions options, std::unique_ptr<Db> db)
      : options_(std::move(options)), db_(std::move(db)) {}
  ~LedgerImpl() override { Shutdown(); }

  absl::Status Start();

  void Submit(Write write, Done done) override {
    auto it = sequencers_.find(write.city);
    if (it == sequencers_.end()) return std::move(done)(errors::UnknownCity(write.city));
    it->second->Submit(std::move(write), std::move(done));
  }

  void Shutdown() override {
    for (auto& [city, sequencer] : sequencers_) sequencer->Stop();
  }

  std::vector<std::string> cities() const override { return options_.cities; }

  absl::StatusOr<Head> GetHead(absl::string_view city) const override {
    ASSIGN_OR_RETURN(const Sequencer* sequencer, Find(city));
    return sequencer->head();
  }

  absl::StatusOr<std::optional<JournalEntry>> GetEntry(absl::string_view city,
                                                       uint64_t sequence) const override {
    RETURN_IF_ERROR(Find(city).status());
    ASSIGN_OR_RETURN(auto value, db_->Get(Cf::kJournal, format::JournalKey(city, sequence), DurableView(city).get()));
    if (!value) return std::nullopt;
    ASSIGN_OR_RETURN(JournalEntry entry, format::DecodeJournalValue(*value));
    return entry;
  }

  absl::StatusOr<std::optional<EntryState>> GetEntryState(absl::string_view city,
                                                          uint64_t sequence) const override {
    RETURN_IF_ERROR(Find(city).status());
    ASSIGN_OR_RETURN(auto value, db_->Get(Cf::kStatus, format::StatusKey(city, sequence), DurableView(city).get()));
    if (!value) return std::nullopt;
    ASSIGN_OR_RETURN(EntryState state, format::DecodeEntryState(*value));
    return state;
  }

  absl::StatusOr<std::optional<AccountState>> GetAccount(
      absl::string_view city, absl::string_view account) const override {
    RETURN_IF_ERROR(Find(city).status());
    ASSIGN_OR_RETURN(auto last, db_->GetLast(Cf::kAccounts, format::AccountHistoryPrefix(city, account),
                                             DurableView(city).get()));
    if (!last) return std::nullopt;
    ASSIGN_OR_RETURN(format::AccountHistory history,
                     format::DecodeAccountHistory(account, last->key, last->value));
    return std::move(history.state);
  }

  absl::StatusOr<std::vector<AccountState>> ListAccounts(absl::string_view city,
                                                         absl::string_view after_id,
                                                         int limit) const override;

  absl::StatusOr<int64_t> GetCapUsed(absl::string_view city, absl::string_view scope,
                                     int32_t fiscal_year) const override {
    RETURN_IF_ERROR(Find(city).status());
    ASSIGN_OR_RETURN(auto value, db_->Get(Cf::kCaps, format::CapKey(city, scope, fiscal_year), DurableView(city).get()));
    if (!value) return 0;
    return format::DecodeI64(*value);
  }

  absl::StatusOr<std::optional<std::string>> GetRecord(absl::string_view city,
                                                       absl::string_view key) const override {
    RETURN_IF_ERROR(Find(city).status());
    return db_->Get(Cf::kRecords, format::RecordKey(city, key), DurableView(city).get());
  }

  absl::StatusOr<std::vector<std::pair<std::string, std::string>>> ListRecords(
      absl::string_view city, absl::string_view prefix, absl::string_view after_key,
      int limit) const override;

  absl::StatusOr<EntryPage> ListByAccount(absl::string_view city, absl::string_view account,
                                          uint64_t after_sequence, int limit) const override {
    RETURN_IF_ERROR(ValidateId("account", account, kMaxIdLength));
    return ListByIndex(city, Cf::kAccounts, format::AccountHistoryPrefix(city, account),
                       after_sequence, limit);
  }

  absl::StatusOr<EntryPage> ListByReference(absl::string_view city, absl::string_view key,
                                            absl::string_view value, uint64_t after_sequence,
                                            int limit) const override {
    RETURN_IF_ERROR(ValidateId("reference key", key, kMaxReferenceLength));
    RETURN_IF_ERROR(ValidateId("reference value", value, kMaxReferenceLength));
    return ListByIndex(city, Cf::kIndex, format::ReferenceIndexPrefix(city, key, value),
                       after_sequence, limit);
  }

  absl::StatusOr<VerifyReport> Verify(absl::string_view city, uint64_t from_sequence,
                                      uint64_t to_sequence) const override {
    ASSIGN_OR_RETURN(const Sequencer* sequencer, Find(city));
    // The head and the snapshot together: a durable state whose head the chain must reach.
    auto view = sequencer->durable_snapshot();
    return VerifyChain(*db_, city, from_sequence, to_sequence, sequencer->head(), view.get());
  }

 private:
  // What readers of `city` see: its last durable state.
  std::shared_ptr<const rocksdb::Snapshot> DurableView(absl::string_view city) const {
    auto it = sequencers_.find(city);
    return it == sequencers_.end() ? nullptr : it->second->durable_snapshot();
  }
  absl::StatusOr<const Sequencer*> Find(absl::string_view city) const {
    auto it = sequencers_.find(city);
    if (it == sequencers_.end()) return errors::UnknownCity(city);
    return it->second.get();
  }
  // Entries named by the keys of `prefix` in `cf`: an account's history or a reference's
  // index keys.
  absl::StatusOr<EntryPage> ListByIndex(absl::string_view city, int cf, const std::string& prefix,
                                        uint64_t after_sequence, int limit) const;

  LedgerOptions options_;
  std::unique_ptr<Db> db_;
  std::map<std::string, std::unique_ptr<Sequencer>, std::less<>> sequencers_;
};

absl::StatusOr<std::vector<AccountState>> LedgerImpl::ListAccounts(absl::string_view city,
                                                                   absl::string_view after_id,
                                                                   int limit) const {
  RETURN_IF_ERROR(Find(city).status());
  RETURN_IF_ERROR(CheckPageSize(limit));
  const std::string prefix = format::PartitionPrefix(city);
  std::vector<AccountState> accounts;
  auto view = DurableView(city);
  auto it = db_->NewIterator(Cf::kAccounts, view.get());
  // Each account has a key per batch that changed it: take the last of each, and go on
  // past the account (`id ␁` sorts after every `id ␀ seq` and before any longer id).
  std::string next = after_id.empty() ? prefix : absl::StrCat(prefix, after_id, "\x01");
  while (accounts.size() < static_cast<size_t>(limit)) {
    it->Seek(next);
    if (!it->Valid() || !absl::StartsWith(View(it->key()), prefix)) break;
    const absl::string_view key = View(it->key());
    const size_t separator = key.find('\0', prefix.size());
    if (separator == absl::string_view::npos) {
      return errors::Corrupt("an account history key has no sequence");
    }
    const std::string id(key.substr(prefix.size(), separator - prefix.size()));
    // The account's last key, with the same iterator (a new one per account costs more
    // than the seek).
    const std::string history_prefix = format::AccountHistoryPrefix(city, id);
    it->SeekForPrev(absl::StrCat(history_prefix, std::string(8, '\xff')));
    if (!it->Valid() || !absl::StartsWith(View(it->key()), history_prefix)) {
      RETURN_IF_ERROR(FromRocks(it->status(), "listing accounts"));
      return errors::Corrupt(absl::StrCat("account '", id, "' lost its history"));
    }
    ASSIGN_OR_RETURN(format::AccountHistory history,
                     format::DecodeAccountHistory(id, View(it->key()), View(it->value())));
    accounts.push_back(std::move(history.state));
    next = absl::StrCat(prefix, id, "\x01");
  }
  RETURN_IF_ERROR(FromRocks(it->status(), "listing accounts"));
  return accounts;
}

absl::StatusOr<std::vector<std::pair<std::string, std::string>>> LedgerImpl::ListRecords(
    absl::string_view city, absl::string_view prefix, absl::string_view after_key,
    int limit) const {
  RETURN_IF_ERROR(Find(city).status());
  RETURN_IF_ERROR(CheckPageSize(limit));
  const std::string city_prefix = format::RecordKey(city, "");
  const std::string full_prefix = format::RecordKey(city, prefix);
  std::vector<std::pair<std::string, std::string>> records;
  auto view = DurableView(city);
  auto it = db_->NewIterator(Cf::kRecords, view.get());
  SeekAfter(*it, full_prefix, format::RecordKey(city, after_key), !after_key.empty());
  for (; it->Valid() && absl::StartsWith(View(it->key()), full_prefix) &&
         records.size() < static_cast<size_t>(limit);
       it->Next()) {
    records.emplace_back(std::string(View(it->key()).substr(city_prefix.size())),
                         std::string(View(it->value())));
  }
  RETURN_IF_ERROR(FromRocks(it->status(), "listing records"));
  return records;
}

absl::StatusOr<EntryPage> LedgerImpl::ListByIndex(absl::string_view city, int cf,
                                                  const std::string& prefix,
                                                  uint64_t after_sequence, int limit) const {
  RETURN_IF_ERROR(Find(city).status());
  RETURN_IF_ERROR(CheckPageSize(limit));
  EntryPage page;
  auto view = DurableView(city);  // the index and the entries it names, as of one durable state
  auto it = db_->NewIterator(cf, view.get());
  // A key is named by the first of a batch's entries (for an account's history: the first
  // that changed it) and lists entries from there on, so the page starts at the last key at
  // or before `after_sequence`, if it is the prefix's.
  it->SeekForPrev(format::AppendSequence(prefix, after_sequence));
  if (!it->Valid() || !absl::StartsWith(View(it->key()), prefix)) {
    it->Seek(format::AppendSequence(prefix, after_sequence + 1));
  }
  for (; it->Valid() && absl::StartsWith(View(it->key()), prefix); it->Next()) {
    absl::string_view key = View(it->key());
    if (key.size() != prefix.size() + 8) continue;  // a longer id that shares this prefix
    ASSIGN_OR_RETURN(std::vector<uint64_t> sequences, ListedIn(cf, prefix, key, View(it->value())));
    for (uint64_t sequence : sequences) {
      if (sequence <= after_sequence) continue;
      if (page.entries.size() == static_cast<size_t>(limit)) {
        page.next_after_sequence = page.entries.back().sequence;
        return page;
      }
      ASSIGN_OR_RETURN(auto value,
                       db_->Get(Cf::kJournal, format::JournalKey(city, sequence), view.get()));
      if (!value) return errors::Corrupt(absl::StrCat("index names missing entry ", sequence));
      ASSIGN_OR_RETURN(JournalEntry entry, format::DecodeJournalValue(*value));
      page.entries.push_back(std::move(entry));
    }
  }
  RETURN_IF_ERROR(FromRocks(it->status(), "listing entries"));
  return page;
}

absl::Status LedgerImpl::Start() {
  for (const std::string& city : options_.cities) {
    ASSIGN_OR_RETURN(Head head, RecoverHead(*db_, city, options_.verify_tail_entries_on_open));
    ASSIGN_OR_RETURN(auto cursor_value, db_->Get(Cf::kMeta, format::ExpiryCursorKey(city)));
    int64_t cursor_us = 0;
    if (cursor_value) {
      ASSIGN_OR_RETURN(cursor_us, format::DecodeI64(*cursor_value));
    }
    sequencers_.emplace(city, std::make_unique<Sequencer>(city, db_.get(), head, cursor_us,
                                                          options_));
  }
  return absl::OkStatus();
}

absl::Status ValidateOptions(const LedgerOptions& options) {
  if (options.data_dir.empty()) return errors::InvalidRequest("data_dir is required");
  if (options.cities.empty()) return errors::InvalidRequest("at least one city is required");
  std::set<std::string> seen;
  for (const std::string& city : options.cities) {
    RETURN_IF_ERROR(ValidateCity(city));
    if (!seen.insert(city).second) {
      return errors::InvalidRequest(absl::StrCat("city '", city, "' is configured twice"));
    }
  }
  if (options.max_batch_commands < 1 || options.max_queued_commands < 1) {
    return errors::InvalidRequest("batch and queue limits must be at least 1");
  }
  return absl::OkStatus();
}

// The database says which format it holds, so a future format change is caught at open.
absl::Status CheckFormat(Db& db) {
  ASSIGN_OR_RETURN(auto marker, db.Get(Cf::kDefault, format::kFormatKey));
  if (!marker) {
    rocksdb::WriteBatch batch;
    LEDGER_CHECK(batch.Put(db.handle(Cf::kDefault), format::kFormatKey, format::kDatabaseFormat).ok());
    return db.WriteSynced(&batch);
  }
  if (*marker != format::kDatabaseFormat) {
    return errors::OtherFormat(*marker, format::kDatabaseFormat);
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<std::unique_ptr<Ledger>> Ledger::Open(LedgerOptions options) {
  RETURN_IF_ERROR(ValidateOptions(options));
  std::error_code error;
  std::filesystem::create_directories(options.data_dir, error);
  if (error) {
    return errors::StorageUnavailable(
        absl::StrCat("cannot create data dir ", options.data_dir, ": ", error.message()));
  }
  ASSIGN_OR_RETURN(std::unique_ptr<Db> db,
                   Db::Open({options.data_dir, options.file_system, options.max_wal_bytes,
                             options.wal_spare_bytes, options.on_wal_log}));
  RETURN_IF_ERROR(CheckFormat(*db));
  auto ledger = std::make_unique<LedgerImpl>(std::move(options), std::move(db));
  RETURN_IF_ERROR(ledger->Start());
  return ledger;
}

}  // namespace innoledger::storage
