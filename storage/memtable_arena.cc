#include "storage/memtable_arena.h"

#include <pthread.h>
#include <sys/mman.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <thread>

#include "absl/synchronization/mutex.h"

namespace innoledger::storage {
namespace {

constexpr size_t kChunkBytes = MemtableArena::kChunkBytes;
// 8 MiB: what the ledger's memtables fill in ~0.1 s at full speed.
constexpr size_t kReadyChunks = kMemtableChunksReady;
// Chunks freed by flushed memtables are kept up to this many (64 MiB, one memtable's
// worth); more are unmapped.
constexpr size_t kMaxFreeChunks = 64;

[[noreturn]] void OutOfMemory(size_t bytes) {
  std::fprintf(stderr, "innoledger: cannot map %zu bytes for a memtable: %s\n", bytes,
               std::strerror(errno));
  std::abort();  // as the `new` of RocksDB's own arena would end the process
}

// `bytes` of fresh memory with every page mapped and writable.
char* MapPopulated(size_t bytes) {
  void* memory =
      mmap(nullptr, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (memory == MAP_FAILED) OutOfMemory(bytes);
  // One call maps every page; faulting them in one at a time costs ~25 times as much here.
  if (madvise(memory, bytes, MADV_POPULATE_WRITE) != 0) {
    if (errno == ENOMEM) OutOfMemory(bytes);
    // A kernel before 5.14 does not know the advice: touch each page instead.
    const size_t page = static_cast<size_t>(sysconf(_SC_PAGESIZE));
    volatile char* touch = static_cast<char*>(memory);
    for (size_t offset = 0; offset < bytes; offset += page) touch[offset] = 0;
  }
  return static_cast<char*>(memory);
}

class ChunkPool {
 public:
  // Never destroyed: its thread runs until the process exits.
  static ChunkPool& Instance() {
    static ChunkPool* const pool = new ChunkPool();
    return *pool;
  }

  char* Take() {
    {
      absl::MutexLock lock(&mu_);
      if (!filler_started_) StartFiller();
      if (!free_.empty()) {
        char* chunk = free_.back();
        free_.pop_back();
        return chunk;
      }
      ++counts_.mapped;
      ++counts_.mapped_inline;
    }
    return MapPopulated(kChunkBytes);  // the filler fell behind: the writer waits for it
  }

  void Give(char* chunk) {
    {
      absl::MutexLock lock(&mu_);
      if (free_.size() < kMaxFreeChunks) {
        free_.push_back(chunk);
        ++counts_.kept;
        return;
      }
    }
    munmap(chunk, kChunkBytes);
  }

  MemtableChunkCounts Counts() {
    absl::MutexLock lock(&mu_);
    MemtableChunkCounts counts = counts_;
    counts.free = static_cast<int64_t>(free_.size());
    return counts;
  }

 private:
  void StartFiller() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
    filler_started_ = true;
    std::thread filler([this] { FillerLoop(); });
    pthread_setname_np(filler.native_handle(), "memtable-fill");
    filler.detach();
  }

  void FillerLoop() {
    absl::MutexLock lock(&mu_);
    while (true) {
      mu_.Await(absl::Condition(
          +[](ChunkPool* pool) ABSL_EXCLUSIVE_LOCKS_REQUIRED(pool->mu_) {
            return pool->free_.size() < kReadyChunks;
          },
          this));
      ++counts_.mapped;
      mu_.Unlock();
      char* chunk = MapPopulated(kChunkBytes);
      mu_.Lock();
      free_.push_back(chunk);
    }
  }

  absl::Mutex mu_;
  std::vector<char*> free_ ABSL_GUARDED_BY(mu_);
  bool filler_started_ ABSL_GUARDED_BY(mu_) = false;
  MemtableChunkCounts counts_ ABSL_GUARDED_BY(mu_);
};

}  // namespace

MemtableArena::~MemtableArena() {
  for (const Block& block : blocks_) {
    if (block.chunk) {
      ChunkPool::Instance().Give(block.memory);
    } else {
      munmap(block.memory, block.bytes);
    }
  }
}

char* MemtableArena::Allocate(size_t bytes) {
  bytes = (bytes + 7) & ~size_t{7};
  if (bytes > kChunkBytes / 4) {
    // A block of its own (whole pages), so that the chunk's free space is not thrown away.
    const size_t page = static_cast<size_t>(sysconf(_SC_PAGESIZE));
    const size_t block_bytes = (bytes + page - 1) / page * page;
    char* block = MapPopulated(block_bytes);
    blocks_.push_back({block, block_bytes, /*chunk=*/false});
    used_bytes_.fetch_add(bytes, std::memory_order_relaxed);
    return block;
  }
  if (static_cast<size_t>(end_ - next_) < bytes) {
    next_ = ChunkPool::Instance().Take();
    end_ = next_ + kChunkBytes;
    blocks_.push_back({next_, kChunkBytes, /*chunk=*/true});
  }
  char* memory = next_;
  next_ += bytes;
  used_bytes_.fetch_add(bytes, std::memory_order_relaxed);
  return memory;
}

MemtableChunkCounts GetMemtableChunkCounts() { return ChunkPool::Instance().Counts(); }

}  // namespace innoledger::storage
