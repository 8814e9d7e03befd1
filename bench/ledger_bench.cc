// The storage engine alone (no gRPC): durable transactions per second and latency with
// 1, 8 and 64 concurrent submitters. A submitter is a closed loop: it submits one
// balanced transfer, waits for its durable acknowledgement, and submits the next — from
// the acknowledgement callback, so no thread switch is added to what the engine costs.
//
//   bench/run.sh                          (builds Release, runs the defaults)
//   ledger_bench --submitters=1,8,64 --seconds=5 --rounds=1 --dir=/tmp/x --random_ids
//                --wal_spare_mib=64   (0: logs as RocksDB makes them, for comparison)
//                --sync_us=N   (with a tmpfs --dir: every log sync takes N µs, a disk without
//                               the real one's minute-to-minute drift, for A/B of engine changes)
#include <algorithm>
#include <atomic>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <string>
#include <thread>
#include <vector>

#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_split.h"
#include "absl/time/clock.h"
#include "rocksdb/file_system.h"
#include "storage/commands.h"
#include "storage/ledger.h"
#include "storage/log_file_system.h"

namespace innoledger::bench {
namespace {

using storage::AccountType;
using storage::TransactionRequest;

// CPU time (user + system) of this process's thread named `name`, in clock ticks; -1 if
// there is none. The city's threads are named "seq:CITY" and "sync:CITY": the sequencer's
// busy share tells whether a run was bound by that thread's CPU (near 100%) or by the disk.
int64_t ThreadCpuTicks(const std::string& name) {
  for (const auto& task : std::filesystem::directory_iterator("/proc/self/task")) {
    std::ifstream comm(task.path() / "comm");
    std::string task_name;
    std::getline(comm, task_name);
    if (task_name != name) continue;
    std::ifstream stat(task.path() / "stat");
    std::string line;
    std::getline(stat, line);
    // Fields after the name, which is in parentheses: state is field 3, utime 14, stime 15.
    std::vector<std::string> fields = absl::StrSplit(line.substr(line.rfind(')') + 2), ' ');
    int64_t utime = 0, stime = 0;
    if (fields.size() < 13 || !absl::SimpleAtoi(fields[11], &utime) ||
        !absl::SimpleAtoi(fields[12], &stime)) {
      return -1;
    }
    return utime + stime;
  }
  return -1;
}

// Write-cache flushes completed by the disk that holds `dir` (/proc/diskstats, Linux 5.5
// and later), or -1 where there is no such disk or count (tmpfs). A durable sync has to
// get past the disk's volatile write cache, so each fsync should cost the disk a flush:
// the table's "flush/fsync" below 1 says syncs were not reaching stable storage (another
// process's flushes can only raise it).
int64_t DiskFlushes(const std::string& dir) {
  struct stat st;
  if (stat(dir.c_str(), &st) != 0) return -1;
  std::string device = absl::StrFormat("%u:%u", major(st.st_dev), minor(st.st_dev));
  // A partition's flushes are counted on its whole disk.
  std::error_code error;
  const std::filesystem::path sys =
      std::filesystem::canonical("/sys/dev/block/" + device, error);
  if (error) return -1;
  if (std::filesystem::exists(sys / "partition")) {
    std::ifstream whole(sys.parent_path() / "dev");
    std::getline(whole, device);
  }
  std::ifstream stats("/proc/diskstats");
  std::string line;
  while (std::getline(stats, line)) {
    std::vector<std::string> fields = absl::StrSplit(line, ' ', absl::SkipEmpty());
    int64_t flushes = 0;
    // major, minor, name, then 17 counters; the 16th is flushes completed.
    if (fields.size() >= 20 && absl::StrCat(fields[0], ":", fields[1]) == device &&
        absl::SimpleAtoi(fields[18], &flushes)) {
      return flushes;
    }
  }
  return -1;
}

// The machine's CPU time so far (/proc/stat, all CPUs, in clock ticks): all of it, and
// what the hypervisor gave to other guests ("steal"). This VM's figures drift with its
// neighbours; a run with much steal is not comparable with one without.
struct CpuTicks {
  int64_t total = 0, steal = 0;
};
CpuTicks MachineCpuTicks() {
  std::ifstream stat("/proc/stat");
  std::string line;
  std::getline(stat, line);  // "cpu  user nice system idle iowait irq softirq steal ..."
  std::vector<std::string> fields = absl::StrSplit(line, ' ', absl::SkipEmpty());
  CpuTicks ticks;
  for (size_t i = 1; i < fields.size() && i <= 8; ++i) {
    int64_t value = 0;
    if (!absl::SimpleAtoi(fields[i], &value)) return {};
    ticks.total += value;
    if (i == 8) ticks.steal = value;
  }
  return ticks;
}

// The file system under `--dir`, except that every sync of a write-ahead log first sleeps
// a fixed time: on tmpfs, a disk whose syncs always cost the same. The real disk's sync
// time drifts by ±15% from minute to minute, more than most engine changes are worth.
class FixedSyncFileSystem final : public storage::LogWrappingFileSystem {
 public:
  explicit FixedSyncFileSystem(absl::Duration sync)
      : LogWrappingFileSystem(rocksdb::FileSystem::Default()), sync_(sync) {}
  const char* Name() const override { return "FixedSyncFileSystem"; }

 protected:
  std::unique_ptr<rocksdb::FSWritableFile> WrapLog(
      const std::string&, std::unique_ptr<rocksdb::FSWritableFile> log) override {
    return std::make_unique<Log>(std::move(log), sync_);
  }

 private:
  class Log final : public storage::HookedLog {
   public:
    Log(std::unique_ptr<rocksdb::FSWritableFile> file, absl::Duration sync)
        : HookedLog(std::move(file)), sync_(sync) {}

   private:
    rocksdb::IOStatus Syncing(absl::FunctionRef<rocksdb::IOStatus()> sync) override {
      // Linux lets a sleep overrun by the thread's timer slack, 50 µs by default.
      thread_local const bool tight = prctl(PR_SET_TIMERSLACK, 1000UL) == 0;
      (void)tight;
      absl::SleepFor(sync_);
      return sync();
    }
    const absl::Duration sync_;
  };

  const absl::Duration sync_;
};

struct Settings {
  std::vector<int> submitters = {1, 8, 64};
  absl::Duration duration = absl::Seconds(5);
  // The list of submitter counts is run this many times, one after the other: this
  // machine's fsync time drifts from minute to minute, so a ratio is only fair between
  // runs made back to back, and the median of several says more than one.
  int rounds = 1;
  std::string dir = "/tmp/innoledger-bench";
  // Request ids as the SDK makes them, in the order they were made (the default), or in
  // no order at all, as from clients that bring their own: the ledger files idempotency
  // records by (principal, request id), and ids out of order cost it a search each.
  bool random_ids = false;
  // Each new write-ahead log starts as a pre-written file of zeros this big (0: none).
  int64_t wal_spare_bytes = storage::LedgerOptions().wal_spare_bytes;
  // Every log sync sleeps this long first (FixedSyncFileSystem); 0: the disk as it is.
  absl::Duration sync_time = absl::ZeroDuration();
};

// The n-th request id: a counter (the SDK's ids start with the time) or a hash of it.
std::string RequestId(int64_t n, bool random) {
  if (!random) return absl::StrCat(absl::Dec(n, absl::kZeroPad20));
  auto mix = [](uint64_t x) {  // splitmix64: every bit of n moves every bit of the id
    x += 0x9e3779b97f4a7c15ULL;
    x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
    x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
    return x ^ (x >> 31);
  };
  return absl::StrFormat("%016x%016x", mix(n), mix(~n));
}

struct Result {
  int submitters = 0;
  double transactions_per_second = 0;
  double fsyncs_per_second = 0;
  double average_batch = 0;
  int64_t p50_us = 0, p99_us = 0, p999_us = 0;
  // Share of the run each of the city's two threads spent on a CPU.
  double sequencer_busy = 0, syncer_busy = 0;
  double flushes_per_fsync = -1;  // the disk's write-cache flushes per fsync; -1: unknown
  double steal = 0;               // share of the machine's CPU time the hypervisor took
};

// One run: a fresh ledger, `n` closed-loop submitters for `duration`.
class Run {
 public:
  Run(const Settings& settings, int n) : settings_(settings), n_(n) {}

  Result Execute() {
    std::filesystem::remove_all(settings_.dir);
    storage::LedgerOptions options;
    options.data_dir = settings_.dir;
    options.cities = {"changji"};
    options.wal_spare_bytes = settings_.wal_spare_bytes;
    if (settings_.sync_time > absl::ZeroDuration()) {
      options.file_system = std::make_shared<FixedSyncFileSystem>(settings_.sync_time);
    }
    options.on_batch = [this](const storage::BatchStats& stats) {
      if (!measuring_ || !stats.synced) return;
      fsyncs_ += stats.fsyncs;
      ++batches_;
      batched_commands_ += stats.commands;
    };
    ledger_ = std::move(*storage::Ledger::Open(options));
    OpenAccounts();
    const absl::Time start = absl::Now();
    const int64_t seq_start = ThreadCpuTicks("seq:changji");
    const int64_t sync_start = ThreadCpuTicks("sync:changji");
    const int64_t flushes_start = DiskFlushes(settings_.dir);
    const CpuTicks cpu_start = MachineCpuTicks();
    measuring_ = true;
    for (int s = 0; s < n_; ++s) Submit(s);
    absl::SleepFor(settings_.duration);
    stopping_ = true;
    const absl::Duration elapsed = absl::Now() - start;
    const int64_t seq_end = ThreadCpuTicks("seq:changji");
    const int64_t sync_end = ThreadCpuTicks("sync:changji");
    const int64_t flushes_end = DiskFlushes(settings_.dir);
    const CpuTicks cpu_end = MachineCpuTicks();
    measuring_ = false;
    while (in_flight_ > 0) absl::SleepFor(absl::Milliseconds(1));
    ledger_.reset();
    Result result = Summarize(elapsed);
    auto busy = [&](int64_t from, int64_t to) {
      if (from < 0 || to < from) return 0.0;
      return static_cast<double>(to - from) / sysconf(_SC_CLK_TCK) /
             absl::ToDoubleSeconds(elapsed);
    };
    result.sequencer_busy = busy(seq_start, seq_end);
    result.syncer_busy = busy(sync_start, sync_end);
    if (cpu_end.total > cpu_start.total) {
      result.steal = static_cast<double>(cpu_end.steal - cpu_start.steal) /
                     static_cast<double>(cpu_end.total - cpu_start.total);
    }
    if (flushes_start >= 0 && flushes_end >= flushes_start && fsyncs_ > 0) {
      result.flushes_per_fsync = static_cast<double>(flushes_end - flushes_start) / fsyncs_;
    }
    return result;
  }

 private:
  void OpenAccounts() {
    TransactionRequest open;
    open.kind = "bench.open";
    open.open_accounts = {{"appropriation", AccountType::kAppropriation}};
    Wait(std::move(open), "open");
    for (int s = 0; s < n_; ++s) {
      funds_.push_back(absl::StrCat("fund:", s));
      principals_.push_back(absl::StrCat("bench:changji:", s));
      TransactionRequest fund;
      fund.kind = "bench.open";
      fund.open_accounts = {{funds_.back(), AccountType::kFund}};
      Wait(std::move(fund), absl::StrCat("open-", s));
    }
    latencies_us_.resize(n_);
  }

  void Wait(TransactionRequest request, std::string id) {
    auto outcome = ledger_->SubmitAndWait({"changji", "bench:changji:setup", std::move(id),
                                           storage::MakeTransactCommand(std::move(request))});
    if (!outcome.ok()) {
      std::fprintf(stderr, "set-up failed: %s\n", outcome.status().ToString().c_str());
      std::exit(1);
    }
  }

  void Submit(int submitter) {
    if (stopping_) return;
    ++in_flight_;
    TransactionRequest transfer;
    transfer.kind = "bench.transfer";
    transfer.postings = {{"appropriation", -1}, {funds_[submitter], 1}};
    const absl::Time sent = absl::Now();
    ledger_->Submit(
        {"changji", principals_[submitter], RequestId(sequence_++, settings_.random_ids),
         storage::MakeTransactCommand(std::move(transfer))},
        [this, submitter, sent](absl::StatusOr<storage::Outcome> outcome) {
          if (!outcome.ok()) {
            std::fprintf(stderr, "write failed: %s\n", outcome.status().ToString().c_str());
            std::exit(1);
          }
          Record(submitter, absl::Now() - sent);
          --in_flight_;
          Submit(submitter);
        });
  }

  // A submitter has one transfer in flight, so its callbacks never overlap: each keeps its
  // own list, and the engine's threads, which run the callbacks, never wait on a lock here.
  void Record(int submitter, absl::Duration latency) {
    if (!measuring_) return;
    latencies_us_[submitter].push_back(absl::ToInt64Microseconds(latency));
  }

  Result Summarize(absl::Duration elapsed) {
    std::vector<int64_t> all;
    for (const std::vector<int64_t>& some : latencies_us_) {
      all.insert(all.end(), some.begin(), some.end());
    }
    std::sort(all.begin(), all.end());
    auto percentile = [&](double p) {
      if (all.empty()) return int64_t{0};
      return all[std::min(all.size() - 1, static_cast<size_t>(p * all.size()))];
    };
    const double seconds = absl::ToDoubleSeconds(elapsed);
    return {n_,
            all.size() / seconds,
            fsyncs_ / seconds,
            batches_ > 0 ? static_cast<double>(batched_commands_) / batches_ : 0,
            percentile(0.50),
            percentile(0.99),
            percentile(0.999)};
  }

  const Settings& settings_;
  const int n_;
  std::unique_ptr<storage::Ledger> ledger_;
  std::atomic<bool> measuring_{false}, stopping_{false};
  std::atomic<int> in_flight_{0};
  std::atomic<int64_t> sequence_{0}, fsyncs_{0}, batches_{0}, batched_commands_{0};
  std::vector<std::string> funds_, principals_;        // per submitter, made once
  std::vector<std::vector<int64_t>> latencies_us_;     // per submitter
};

Settings Parse(int argc, char** argv) {
  Settings settings;
  for (int i = 1; i < argc; ++i) {
    std::vector<std::string> kv = absl::StrSplit(argv[i], absl::MaxSplits('=', 1));
    int seconds = 0, rounds = 0;
    int64_t mib = 0, micros = 0;
    if (kv.size() == 2 && kv[0] == "--submitters") {
      settings.submitters.clear();
      for (absl::string_view n : absl::StrSplit(kv[1], ',')) {
        int value = 0;
        if (absl::SimpleAtoi(n, &value) && value > 0) settings.submitters.push_back(value);
      }
    } else if (kv.size() == 2 && kv[0] == "--seconds" && absl::SimpleAtoi(kv[1], &seconds)) {
      settings.duration = absl::Seconds(seconds);
    } else if (kv.size() == 2 && kv[0] == "--rounds" && absl::SimpleAtoi(kv[1], &rounds) &&
               rounds > 0) {
      settings.rounds = rounds;
    } else if (kv.size() == 2 && kv[0] == "--dir") {
      settings.dir = kv[1];
    } else if (kv.size() == 1 && kv[0] == "--random_ids") {
      settings.random_ids = true;
    } else if (kv.size() == 2 && kv[0] == "--wal_spare_mib" && absl::SimpleAtoi(kv[1], &mib) &&
               mib >= 0) {
      settings.wal_spare_bytes = mib << 20;
    } else if (kv.size() == 2 && kv[0] == "--sync_us" && absl::SimpleAtoi(kv[1], &micros) &&
               micros >= 0) {
      settings.sync_time = absl::Microseconds(micros);
    } else {
      std::fprintf(stderr, "usage: ledger_bench [--submitters=1,8,64] [--seconds=5] [--rounds=1] "
                   "[--dir=D] [--random_ids] [--wal_spare_mib=64] [--sync_us=0]\n");
      std::exit(2);
    }
  }
  return settings;
}

}  // namespace
}  // namespace innoledger::bench

int main(int argc, char** argv) {
  using namespace innoledger::bench;
  const Settings settings = Parse(argc, argv);
  std::printf("ledger engine, durable (sync=true) balanced transfers, %s each, %s request "
              "ids, WAL spares of %lld MiB, data in %s%s\n",
              absl::FormatDuration(settings.duration).c_str(),
              settings.random_ids ? "random" : "time-ordered",
              static_cast<long long>(settings.wal_spare_bytes >> 20), settings.dir.c_str(),
              settings.sync_time > absl::ZeroDuration()
                  ? absl::StrCat(", every log sync ", absl::FormatDuration(settings.sync_time))
                        .c_str()
                  : "");
  std::printf("%11s %12s %9s %9s %9s %11s %12s %10s %8s %9s %6s %9s\n", "submitters", "tx/s",
              "p50 us", "p99 us", "p99.9 us", "fsyncs/s", "flush/fsync", "avg batch", "seq cpu",
              "sync cpu", "steal", "vs 1");
  std::map<int, std::vector<double>> ratios;  // submitters → "vs 1" of each round
  for (int round = 0; round < settings.rounds; ++round) {
    double single = 0;
    for (int n : settings.submitters) {
      Result r = Run(settings, n).Execute();
      if (n == 1) single = r.transactions_per_second;
      const double ratio = single > 0 ? r.transactions_per_second / single : 0.0;
      if (single > 0) ratios[n].push_back(ratio);
      const std::string flushes =
          r.flushes_per_fsync < 0 ? "-" : absl::StrFormat("%.2f", r.flushes_per_fsync);
      std::printf(
          "%11d %12.0f %9lld %9lld %9lld %11.0f %12s %10.1f %7.0f%% %8.0f%% %5.0f%% %8.1fx\n",
          r.submitters, r.transactions_per_second, static_cast<long long>(r.p50_us),
          static_cast<long long>(r.p99_us), static_cast<long long>(r.p999_us),
          r.fsyncs_per_second, flushes.c_str(), r.average_batch, 100 * r.sequencer_busy,
          100 * r.syncer_busy, 100 * r.steal, ratio);
      std::fflush(stdout);
    }
  }
  if (settings.rounds > 1) {
    for (auto& [n, values] : ratios) {
      if (n == 1) continue;
      std::sort(values.begin(), values.end());
      std::printf("%d submitters vs 1, over %zu rounds: median %.1fx (min %.1fx, max %.1fx)\n",
                  n, values.size(), values[values.size() / 2], values.front(), values.back());
    }
  }
  std::filesystem::remove_all(settings.dir);
  return 0;
}
