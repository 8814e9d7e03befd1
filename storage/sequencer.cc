#include "storage/sequencer.h"

#include <pthread.h>

#include <iterator>

#include "absl/strings/str_cat.h"
#include "common/check.h"
#include "common/china_time.h"
#include "common/status_macros.h"
#include "rocksdb/perf_level.h"
#include "storage/errors.h"
#include "storage/format.h"
#include "storage/limits.h"
#include "storage/partition_writer.h"
#include "storage/sha256.h"
#include "storage/validate.h"

namespace innoledger::storage {

using format::Cf;

namespace {
constexpr int kMaxExpiriesPerBatch = 1024;
constexpr size_t kInlineAnswers = 4;
constexpr int kMaxUnsyncedBatches = 4;
constexpr size_t kMaxPrincipalsWithRequestIdMarks = 100'000;
constexpr absl::string_view kSystemPrincipal = "system:sequencer";

// "seq:changji", "sync:changji": how `top -H`, perf and gdb tell the threads apart. Named
// before the constructor returns, so the names are there as soon as the ledger is open.
// Linux keeps 15 bytes of a thread's name.
void Name(std::thread& thread, absl::string_view role, absl::string_view city) {
  std::string name = absl::StrCat(role, city).substr(0, 15);
  pthread_setname_np(thread.native_handle(), name.c_str());
}
}  // namespace

Sequencer::Sequencer(std::string city, Db* db, Head head, int64_t expiry_cursor_us,
                     const LedgerOptions& options)
    : city_(std::move(city)),
      db_(db),
      options_(options),
      expiry_cursor_us_(expiry_cursor_us),
      last_batch_time_(absl::FromUnixMicros(head.committed_at_us)),
      working_head_(head),
      cache_(options.cached_records),
      request_ids_(db, city_, kMaxPrincipalsWithRequestIdMarks),
      head_(head) {
  syncer_ = std::thread([this] { SyncerLoop(); });
  Name(syncer_, "sync:", city_);
  thread_ = std::thread([this] { Run(); });
  Name(thread_, "seq:", city_);
}

Sequencer::~Sequencer() { Stop(); }

void Sequencer::Submit(Write write, Ledger::Done done) {
  // A pure function of the command: hashed here, on the caller's thread, so the one
  // sequencer thread does not have to.
  const Digest fingerprint =
      write.command != nullptr ? Sha256({write.command->Fingerprint()}) : Digest{};
  absl::Status refused;
  {
    absl::MutexLock lock(&mu_);
    if (stopping_) {
      refused = errors::ShuttingDown();
    } else if (queue_.size() >= static_cast<size_t>(options_.max_queued_commands)) {
      refused = errors::QueueFull(city_);
    } else {
      queue_.push_back({std::move(write), std::move(done), fingerprint});
      if (queue_.size() == 1) wake_.Signal();
      return;
    }
  }
  std::move(done)(refused);
}

void Sequencer::Stop() {
  {
    absl::MutexLock lock(&mu_);
    stopping_ = true;
    wake_.Signal();
  }
  if (thread_.joinable()) thread_.join();
  {
    absl::MutexLock lock(&done_mu_);
    syncer_stop_ = true;
    done_cv_.Signal();
  }
  if (syncer_.joinable()) syncer_.join();
}

Head Sequencer::head() const {
  absl::MutexLock lock(&mu_);
  return head_;
}

std::shared_ptr<const rocksdb::Snapshot> Sequencer::durable_snapshot() const {
  absl::MutexLock lock(&mu_);
  return durable_snapshot_;
}

void Sequencer::Run() {
  // RocksDB counts every key comparison and memtable step per thread unless told not to;
  // nothing reads those counts, and on this thread they cost ~1%.
  rocksdb::SetPerfLevel(rocksdb::PerfLevel::kDisable);
  while (true) {
    bool stop_after = false;
    std::vector<Queued> commands = TakeBatch(&stop_after);
    std::unique_ptr<Batch> batch = ApplyBatch(std::move(commands));
    const bool idle = batch->commands.empty() && batch->staging->empty();
    if (!idle) Persist(*batch);
    if (stop_after && idle) break;
  }
}

// Everything queued (up to the batch limit), taken in one swap: the lock that submitters
// wait on is held for as short as possible. `stop_after`: Stop() was called and nothing
// is left behind this batch.
std::vector<Sequencer::Queued> Sequencer::TakeBatch(bool* stop_after) {
  std::vector<Queued> batch;
  absl::MutexLock lock(&mu_);
  if (queue_.empty() && !stopping_) {
    wake_.WaitWithTimeout(&mu_, options_.expiry_sweep_interval);
  }
  const auto limit = static_cast<size_t>(options_.max_batch_commands);
  if (queue_.size() <= limit) {
    batch.swap(queue_);
    queue_.reserve(batch.size());  // the next batch is likely as big
  } else {
    batch.assign(std::make_move_iterator(queue_.begin()),
                 std::make_move_iterator(queue_.begin() + limit));
    queue_.erase(queue_.begin(), queue_.begin() + limit);
  }
  *stop_after = stopping_ && queue_.empty();
  return batch;
}

// The time a batch stamps on what it writes: the clock, but strictly after the last batch
// that wrote anything, even if the wall clock steps back. A batch that writes nothing (an
// idle sweep for expired holds, a batch of refusals) leaves no time behind, so it cannot
// push the next batch's time ahead of the clock.
absl::Time Sequencer::BatchTime() const {
  absl::Time now = options_.clock ? options_.clock() : absl::Now();
  if (now <= last_batch_time_) now = last_batch_time_ + absl::Microseconds(1);
  return now;
}

std::unique_ptr<Sequencer::Batch> Sequencer::ApplyBatch(std::vector<Queued> commands) {
  auto batch = std::make_unique<Batch>();
  batch->commands = std::move(commands);
  batch->stats.city = city_;
  batch->stats.commands = static_cast<int>(batch->commands.size());
  // The batch before this one is in RocksDB already: read the database directly, and
  // request id marks may be forgotten now (they are read back from there).
  request_ids_.TrimBetweenBatches();
  batch->staging = std::make_unique<Staging>(db_, &cache_);
  batch->results.reserve(batch->commands.size());
  if (failed_) {
    for (size_t i = 0; i < batch->commands.size(); ++i) {
      batch->results.push_back(errors::StorageFailed("an earlier write failed; restart the node"));
    }
    return batch;
  }
  absl::Time apply_start = absl::Now();
  const int64_t previous_batch_us = absl::ToUnixMicros(last_batch_time_);
  const absl::Time now = BatchTime();
  Head head = working_head_;
  const uint64_t start_sequence = head.sequence;
  const absl::CivilDay today = ChinaDay(now);
  ExpireHolds(*batch->staging, head, now, today, previous_batch_us + 1);
  for (auto& queued : batch->commands) {
    Applied applied = ApplyOne(*batch->staging, head, now, today, queued);
    if (!applied.outcome.ok()) ++batch->stats.rejected;
    if (applied.replayed) ++batch->stats.replayed;
    batch->results.push_back(std::move(applied.outcome));
  }
  if (head.sequence != start_sequence) {
    batch->staging->Put(Cf::kMeta, format::HeadKey(city_), format::EncodeHead(head));
  }
  batch->head = head;
  working_head_ = head;
  if (!batch->staging->empty()) last_batch_time_ = now;
  batch->stats.apply_time = absl::Now() - apply_start;
  return batch;
}

// Sequencer thread. A small batch with nothing ahead of it is written with sync=true and
// answered here: least latency when load is light. Otherwise the batch goes to the WAL
// and memtables without fsync and the syncer makes it durable while the sequencer goes on
// with the next batch: the fsync of one batch overlaps the CPU work of the next.
void Sequencer::Persist(Batch& batch) {
  bool alone;
  {
    absl::MutexLock lock(&done_mu_);
    // Backpressure: the sequencer runs at most kMaxUnsyncedBatches ahead of the disk.
    done_mu_.Await(absl::Condition(
        +[](Sequencer* s) ABSL_EXCLUSIVE_LOCKS_REQUIRED(s->done_mu_) {
          return s->unsynced_ < kMaxUnsyncedBatches;
        },
        this));
    alone = unsynced_ == 0 && batch.commands.size() <= kInlineAnswers;
    if (!alone) ++unsynced_;
  }
  Completion completion = WriteToDb(batch, /*sync=*/alone);
  if (alone) {
    completion.stats.fsyncs = completion.written ? 1 : 0;
    if (completion.written && !failed_) Publish(completion);
    Answer(completion);
    return;
  }
  absl::MutexLock lock(&done_mu_);
  done_.push_back(std::move(completion));
  done_cv_.Signal();
}

// Sequencer thread, inside an unsynced write: its log record is in the OS, so the syncer
// can begin the fsync while RocksDB fills the memtables. If the syncer is waiting, its
// fdatasync starts the record's disk write; if it is busy, the write starts now.
bool Sequencer::OnWalAppended() {
  absl::MutexLock lock(&done_mu_);
  sync_wanted_ = true;
  done_cv_.Signal();
  return syncer_waiting_;
}

// Syncer thread: answers, in batch order, the batches a finished sync covers; otherwise
// fsyncs as soon as a batch's log record is in (or the batch is waiting), one fsync for
// everything appended so far. Answering comes first: those callers' next commands are
// what the sequencer waits for.
void Sequencer::SyncerLoop() {
  absl::MutexLock lock(&done_mu_);
  int syncs = 0;  // fsyncs not yet counted in an answered batch's stats
  while (true) {
    auto covered = [&] {
      return !done_.empty() && (done_.front().wal_end <= durable_wal_ || failed_);
    };
    if (covered()) {
      std::vector<Completion> completions;
      while (covered()) {
        completions.push_back(std::move(done_.front()));
        done_.pop_front();
      }
      completions.back().stats.fsyncs = std::exchange(syncs, 0);
      const uint64_t durable_wal = durable_wal_;
      done_mu_.Unlock();
      for (Completion& completion : completions) {
        if (completion.wal_end > durable_wal) FailAll(completion);  // its sync failed
      }
      Finish(completions);
      done_mu_.Lock();
      unsynced_ -= static_cast<int>(completions.size());
      continue;
    }
    if (!sync_wanted_ && done_.empty()) {
      if (syncer_stop_) return;
      syncer_waiting_ = true;
      done_cv_.Wait(&done_mu_);
      syncer_waiting_ = false;
      continue;
    }
    sync_wanted_ = false;
    // Read before the sync begins: everything appended by then is what it makes durable.
    const uint64_t appended = db_->wal_appended_bytes();
    done_mu_.Unlock();
    absl::Status synced = failed_ ? errors::StorageFailed("an earlier write failed")
                                  : db_->SyncWal();
    if (!synced.ok()) failed_ = true;
    done_mu_.Lock();
    ++syncs;
    if (synced.ok()) durable_wal_ = std::max(durable_wal_, appended);
  }
}

// Durable (or failed) batches, in order: readers move to the newest that wrote, then the
// callers are answered. A batch of refusals writes nothing, and must not hide the ones
// before it from readers.
void Sequencer::Finish(std::vector<Completion>& completions) {
  const absl::Time now = absl::Now();
  for (Completion& completion : completions) {
    if (completion.written) completion.stats.write_time += now - completion.written_at;
  }
  if (!failed_) {
    for (auto it = completions.rbegin(); it != completions.rend(); ++it) {
      if (it->written) {
        Publish(*it);
        break;
      }
    }
  }
  for (Completion& completion : completions) Answer(completion);
}

void Sequencer::FailAll(Completion& completion) {
  for (auto& result : completion.results) {
    if (result.ok()) result = errors::StorageFailed("the batch could not be written");
  }
}

// What readers see moves only to durable states.
void Sequencer::Publish(const Completion& completion) {
  if (!completion.written) return;
  absl::MutexLock lock(&mu_);
  if (completion.head.sequence >= head_.sequence) {
    head_ = completion.head;
    durable_snapshot_ = completion.snapshot;
  }
}

void Sequencer::Answer(Completion& completion) {
  for (size_t i = 0; i < completion.commands.size(); ++i) {
    std::move(completion.commands[i].done)(std::move(completion.results[i]));
  }
  if (options_.on_batch) options_.on_batch(completion.stats);
}

Sequencer::Completion Sequencer::WriteToDb(Batch& batch, bool sync) {
  Completion completion;
  if (!batch.staging->empty() && !failed_) {
    // Room for a batch like the last one, so that the batch is not copied as it grows.
    rocksdb::WriteBatch write_batch(last_write_bytes_ + last_write_bytes_ / 4);
    batch.staging->AppendTo(write_batch, *db_);
    last_write_bytes_ = write_batch.GetDataSize();
    batch.stats.write_bytes = static_cast<int64_t>(last_write_bytes_);
    absl::Time write_start = absl::Now();
    absl::Status written;
    if (sync) {
      written = db_->WriteSynced(&write_batch);
    } else {
      ListenToWalAppends listen(this);
      written = db_->WriteUnsynced(&write_batch);
    }
    completion.written_at = absl::Now();
    batch.stats.write_time = completion.written_at - write_start;
    batch.stats.synced = true;
    if (written.ok()) {
      batch.staging->RememberIn(cache_);
      completion.written = true;
      completion.snapshot = db_->TakeSnapshot();
      last_wal_end_ = db_->wal_appended_bytes();
    } else {
      failed_ = true;  // RocksDB is read-only after a failed write; don't guess its state
      cache_.Clear();
    }
  }
  // A batch that wrote nothing (refusals, replays of earlier outcomes) is durable with the
  // last one that did.
  completion.wal_end = last_wal_end_;
  completion.head = batch.head;
  completion.commands = std::move(batch.commands);
  completion.results = std::move(batch.results);
  completion.stats = batch.stats;
  if (failed_) FailAll(completion);
  return completion;
}

Sequencer::Applied Sequencer::ApplyOne(Staging& batch_staging, Head& head, absl::Time now,
                                       absl::CivilDay today,
                                       Queued& queued) {
  Write& write = queued.write;
  auto fail = [](absl::Status status) { return Applied{std::move(status), false}; };
  if (write.city != city_) return fail(errors::UnknownCity(write.city));
  if (auto s = ValidateId("principal", write.principal, kMaxIdLength); !s.ok()) return fail(s);
  if (auto s = ValidateId("request id", write.request_id, kMaxIdLength); !s.ok()) return fail(s);
  LEDGER_CHECK(write.command != nullptr);
  const Digest& fingerprint = queued.fingerprint;
  std::string key = format::IdempotencyKey(city_, write.principal, write.request_id);
  absl::StatusOr<bool> unused_id = request_ids_.IsAboveAll(write.principal, write.request_id);
  if (!unused_id.ok()) return fail(unused_id.status());
  absl::StatusOr<std::optional<std::string>> existing = std::nullopt;
  if (!*unused_id) existing = batch_staging.Get(Cf::kIdempotency, key);
  if (!existing.ok()) return fail(existing.status());
  if (existing->has_value()) {
    Digest stored_fingerprint;
    auto outcome = format::DecodeIdempotency(**existing, &stored_fingerprint);
    if (!outcome.ok()) return fail(outcome.status());
    if (stored_fingerprint != fingerprint) return fail(errors::RequestIdReused(write.request_id));
    outcome->replayed = true;
    return Applied{std::move(outcome), true};
  }
  Staging::Scope scope(batch_staging);  // a rejected command leaves nothing behind
  Head command_head = head;
  PartitionWriter writer({db_, city_, now, today, write.principal, write.request_id},
                         &batch_staging,
                         &command_head);
  absl::StatusOr<std::string> body = write.command->Apply(writer);
  if (!body.ok()) return fail(body.status());
  LEDGER_CHECK(body->size() <= kMaxOutcomeBodyBytes);
  Outcome outcome{command_head.sequence, absl::ToUnixMicros(now), command_head.hash,
                  std::move(*body), false};
  batch_staging.Put(Cf::kIdempotency, std::move(key),
                    format::EncodeIdempotency(fingerprint, outcome));
  scope.Keep();
  head = command_head;
  return Applied{std::move(outcome), false};
}

// Holds whose time is up are voided at the start of a batch. The cursor never passes the
// time of the last batch that wrote, so a hold is found even if its batch were still on its
// way into RocksDB when this one began (holds expire at least a second after their batch).
void Sequencer::ExpireHolds(Staging& batch_staging, Head& head, absl::Time now,
                            absl::CivilDay today,
                           int64_t cursor_limit_us) {
  const int64_t now_us = absl::ToUnixMicros(now);
  if (expiry_cursor_us_ > now_us) return;
  // Until the next look nothing falls due before the first hold this one leaves behind,
  // nor before a second from now: a hold expires at least a second after the batch that
  // made it, and later batches are later. Under load that spares an iterator and a seek
  // per batch. A batch stamped before the last look (the wall clock stepped back, and no
  // batch has written since) may have made a hold due sooner, so it looks again.
  if (last_look_us_ <= now_us && now_us < next_due_us_) return;
  last_look_us_ = now_us;
  next_due_us_ = now_us + absl::ToInt64Microseconds(kMinHoldTimeout);
  const std::string prefix = format::ExpiryIndexPrefix(city_);
  auto it = db_->NewIterator(Cf::kIndex);
  int expired = 0;
  int64_t cursor_us = std::min(now_us + 1, cursor_limit_us);
  for (it->Seek(format::ExpiryIndexKey(city_, expiry_cursor_us_, 0)); it->Valid(); it->Next()) {
    int64_t expires_at_us = 0;
    uint64_t sequence = 0;
    if (!format::DecodeExpiryIndexKey(View(it->key()), prefix, &expires_at_us,
                                      &sequence)) {
      break;
    }
    if (expires_at_us > now_us) {
      next_due_us_ = std::min(next_due_us_, expires_at_us);
      break;
    }
    if (expired == kMaxExpiriesPerBatch) {
      cursor_us = expires_at_us;  // go on from here in the next batch
      next_due_us_ = now_us;
      break;
    }
    Staging::Scope scope(batch_staging);
    Head hold_head = head;
    std::string request_id = absl::StrCat("expire:", sequence);
    PartitionWriter writer({db_, city_, now, today, kSystemPrincipal, request_id},
                           &batch_staging,
                           &hold_head);
    absl::StatusOr<JournalEntry> entry = writer.ExpirePending(sequence);
    if (entry.ok()) {
      scope.Keep();
      head = hold_head;
      ++expired;
    } else if (!absl::IsFailedPrecondition(entry.status())) {
      cursor_us = expires_at_us;  // a read failed: try this hold again next batch
      next_due_us_ = now_us;
      break;
    }  // FAILED_PRECONDITION: the hold was already posted or voided
  }
  if (expired > 0 || cursor_us != expiry_cursor_us_) {
    // Only worth a write when something expired; otherwise the cursor moves in memory.
    if (expired > 0) {
      batch_staging.Put(Cf::kMeta, format::ExpiryCursorKey(city_), format::EncodeI64(cursor_us));
    }
    expiry_cursor_us_ = cursor_us;
  }
}

}  // namespace innoledger::storage
