#include "storage/db.h"

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "common/check.h"
#include "common/status_macros.h"
#include "rocksdb/env.h"
#include "rocksdb/filter_policy.h"
#include "rocksdb/slice_transform.h"
#include "rocksdb/file_system.h"
#include "rocksdb/table.h"
#include "storage/errors.h"
#include "storage/skiplist_memtable.h"
#include "storage/wal_spares.h"
#include "storage/wal_progress.h"

namespace innoledger::storage {
namespace {

// Keys that end in a big-endian sequence (journal, entry status, index, account history)
// arrive in increasing order per prefix, so the memtable can insert each one right after
// the last one of its prefix instead of searching the skip list from the top.
class AllButTrailingSequence final : public rocksdb::SliceTransform {
 public:
  const char* Name() const override { return "innoledger.AllButTrailingSequence"; }
  rocksdb::Slice Transform(const rocksdb::Slice& key) const override {
    return rocksdb::Slice(key.data(), key.size() - 8);
  }
  bool InDomain(const rocksdb::Slice& key) const override { return key.size() > 8; }
};

// Idempotency keys are `city ␀ principal ␀ request_id` (ids hold no control characters):
// the prefix is everything up to the request id. A client whose request ids sort by time
// (the SDK's do) then inserts each record right after its previous one; ids in no order
// cost a search from there, about what they cost without a hint (docs/benchmarks.md).
class UpToRequestId final : public rocksdb::SliceTransform {
 public:
  const char* Name() const override { return "innoledger.UpToRequestId"; }
  rocksdb::Slice Transform(const rocksdb::Slice& key) const override {
    return rocksdb::Slice(key.data(), View(key).rfind('\0') + 1);
  }
  bool InDomain(const rocksdb::Slice& key) const override {
    return View(key).find('\0') != absl::string_view::npos;
  }
};

// Per column family: how its keys arrive, for the memtable's insert hints.
std::shared_ptr<const rocksdb::SliceTransform> InsertHint(int cf) {
  switch (cf) {
    case format::kJournal:
    case format::kStatus:
    case format::kIndex:
    case format::kAccounts:  // an account's history, one key a batch
      return std::make_shared<AllButTrailingSequence>();
    case format::kIdempotency:
      return std::make_shared<UpToRequestId>();
    case format::kCaps:
      // The same counter is written again and again.
      return std::shared_ptr<const rocksdb::SliceTransform>(rocksdb::NewNoopTransform());
    default:
      return nullptr;
  }
}

// Whether point reads of this column family often look for a key that is not there (a new
// request id, hold state or evidence record): a memtable bloom filter answers those
// cheaply. The journal, index, account histories and meta are read by keys that exist (or
// iterated), and cap counters mostly come from the sequencer's cache (a read that reaches
// RocksDB finds them), so there a filter would only slow down every insert.
bool MemtableFilterPaysOff(int cf) {
  switch (cf) {
    case format::kIdempotency:
    case format::kStatus:
    case format::kRecords:
      return true;
    default:
      return false;
  }
}

}  // namespace

static absl::Status Convert(const rocksdb::Status& status, absl::string_view what,
                            absl::Status (*not_corrupt)(absl::string_view)) {
  if (status.ok()) return absl::OkStatus();
  std::string message = absl::StrCat(what, ": ", status.ToString());
  if (status.IsCorruption()) return errors::Corrupt(message);
  return not_corrupt(message);
}

absl::Status FromRocks(const rocksdb::Status& status, absl::string_view what) {
  return Convert(status, what, errors::StorageUnavailable);
}

absl::Status FromRocksWrite(const rocksdb::Status& status, absl::string_view what) {
  return Convert(status, what, errors::StorageFailed);
}

absl::StatusOr<std::unique_ptr<Db>> Db::Open(const Options& options) {
  std::unique_ptr<Db> db(new Db());
  rocksdb::DBOptions db_options;
  db_options.create_if_missing = true;
  db_options.create_missing_column_families = true;
  db_options.paranoid_checks = true;
  // One sequencer per city writes; WAL sync per batch is the durability point.
  db_options.max_background_jobs = 2;
  // Each city has one writer, and insert hints (below) need serial memtable inserts.
  db_options.allow_concurrent_memtable_write = false;
  // (Not recycle_log_file_num: RocksDB 7.8 turns it off under point-in-time recovery.
  // WalSpareFileSystem below does what it was for.)
  // A write hands its WAL record to the OS at once (not manual_wal_flush, which left it in
  // RocksDB's buffer for the syncer's write() call): WalProgressFileSystem tells the
  // writer, whose syncer begins the fdatasync while RocksDB goes on to the memtables.
  // Nothing is acknowledged before a SyncWal() that covers it, so a crash loses only what
  // no caller was told.
  db_options.manual_wal_flush = false;
  // Bounds the WAL a restart replays (LedgerOptions::max_wal_bytes).
  db_options.max_total_wal_size = static_cast<uint64_t>(options.max_wal_bytes);
  // Turns off RocksDB 7.8's rewrite of "bottommost" tables. Whenever the oldest snapshot
  // moves past a table's newest write, 7.8 recompacts a table that nothing lies beneath,
  // only to zero its sequence numbers. The sequencer releases a snapshot every batch, and
  // our keys grow (journal, account histories, index, idempotency), so nearly every
  // flushed table lies over nothing and was written twice, a table's worth of CPU and disk
  // on the two cores the writers need (docs/benchmarks.md). The option's other effects
  // are harmless here: tables keep their sequence numbers, compactions keep deletions
  // (we never delete), and universal compaction, which we do not use, keeps off the last
  // level.
  db_options.allow_ingest_behind = true;
  std::shared_ptr<rocksdb::FileSystem> file_system =
      options.file_system ? options.file_system : rocksdb::FileSystem::Default();
  if (options.wal_spare_bytes > 0) {
    auto spares = std::make_shared<WalSpareFileSystem>(
        file_system, options.path, options.wal_spare_bytes, options.on_wal_log);
    if (rocksdb::IOStatus written = spares->PrepareFirst(); !written.ok()) {
      return errors::StorageUnavailable(absl::StrCat(
          "cannot write a ", options.wal_spare_bytes >> 20, " MiB write-ahead log spare in ",
          options.path, " (", written.ToString(),
          "): free disk space or set a smaller wal_spare_mib"));
    }
    file_system = std::move(spares);
  }
  db->wal_progress_ = std::make_shared<WalProgressFileSystem>(std::move(file_system));
  file_system = db->wal_progress_;
  db->env_ = rocksdb::NewCompositeEnv(file_system);
  db_options.env = db->env_.get();
  rocksdb::ColumnFamilyOptions cf_options;
  rocksdb::BlockBasedTableOptions table;
  // Most point reads on the write path miss (a new request id, a new cap counter):
  // bloom filters answer those without reading table blocks.
  table.filter_policy.reset(rocksdb::NewBloomFilterPolicy(10));
  cf_options.table_factory.reset(rocksdb::NewBlockBasedTableFactory(table));
  // A quarter of the sequencer's CPU went to RocksDB's skip list re-checking its own work
  // after each insert (storage/skiplist_memtable.h).
  cf_options.memtable_factory = NewSkipListMemTableFactory();
  std::vector<rocksdb::ColumnFamilyDescriptor> descriptors;
  for (int cf = 0; cf < format::kCfCount; ++cf) {
    descriptors.emplace_back(format::CfName(cf), cf_options);
    rocksdb::ColumnFamilyOptions& options = descriptors.back().options;
    options.memtable_insert_with_hint_prefix_extractor = InsertHint(cf);
    // The same for the memtable, where nearly all hot keys are.
    if (MemtableFilterPaysOff(cf)) {
      options.memtable_whole_key_filtering = true;
      options.memtable_prefix_bloom_size_ratio = 0.05;
    }
  }
  rocksdb::DB* raw = nullptr;
  rocksdb::Status status =
      rocksdb::DB::Open(db_options, options.path, descriptors, &db->handles_, &raw);
  if (!status.ok()) {
    return FromRocks(status, absl::StrCat("opening RocksDB at ", options.path));
  }
  db->db_.reset(raw);
  LEDGER_CHECK(db->handles_.size() == static_cast<size_t>(format::kCfCount));
  return db;
}

Db::~Db() {
  for (auto* handle : handles_) db_->DestroyColumnFamilyHandle(handle);
  if (db_) db_->Close().PermitUncheckedError();
}

absl::StatusOr<std::optional<std::string>> Db::Get(int cf, absl::string_view key,
                                                   const rocksdb::Snapshot* snapshot) const {
  std::string value;
  rocksdb::ReadOptions options;
  options.snapshot = snapshot;
  rocksdb::Status status = db_->Get(options, handles_[cf],
                                    rocksdb::Slice(key.data(), key.size()), &value);
  if (status.IsNotFound()) return std::nullopt;
  if (!status.ok()) return FromRocks(status, absl::StrCat("reading ", format::CfName(cf)));
  return value;
}

absl::StatusOr<std::optional<Db::Record>> Db::GetLast(int cf, absl::string_view prefix,
                                                      const rocksdb::Snapshot* snapshot) const {
  std::string beyond(prefix);
  beyond.append(8, '\xff');
  auto it = NewIterator(cf, snapshot);
  it->SeekForPrev(beyond);
  RETURN_IF_ERROR(FromRocks(it->status(), absl::StrCat("reading ", format::CfName(cf))));
  if (!it->Valid() || !absl::StartsWith(View(it->key()), prefix)) return std::nullopt;
  if (it->key().size() != prefix.size() + 8) {
    return errors::Corrupt(absl::StrCat("a ", format::CfName(cf), " key has no sequence"));
  }
  return Record{std::string(View(it->key())), std::string(View(it->value()))};
}

absl::Status Db::WriteSynced(rocksdb::WriteBatch* batch) {
  rocksdb::WriteOptions write_options;
  write_options.sync = true;
  return FromRocksWrite(db_->Write(write_options, batch), "writing a batch");
}

absl::Status Db::WriteUnsynced(rocksdb::WriteBatch* batch) {
  return FromRocksWrite(db_->Write(rocksdb::WriteOptions(), batch), "writing a batch");
}

uint64_t Db::wal_appended_bytes() const { return wal_progress_->appended_bytes(); }

absl::Status Db::SyncWal() {
  return FromRocksWrite(db_->SyncWAL(), "syncing the WAL");
}

std::shared_ptr<const rocksdb::Snapshot> Db::TakeSnapshot() {
  rocksdb::DB* db = db_.get();
  return std::shared_ptr<const rocksdb::Snapshot>(
      db->GetSnapshot(), [db](const rocksdb::Snapshot* snapshot) { db->ReleaseSnapshot(snapshot); });
}

std::unique_ptr<rocksdb::Iterator> Db::NewIterator(int cf, const rocksdb::Snapshot* snapshot) const {
  rocksdb::ReadOptions options;
  options.snapshot = snapshot;
  return std::unique_ptr<rocksdb::Iterator>(db_->NewIterator(options, handles_[cf]));
}

}  // namespace innoledger::storage
