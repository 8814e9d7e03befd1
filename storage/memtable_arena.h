#ifndef INNOLEDGER_STORAGE_MEMTABLE_ARENA_H_
#define INNOLEDGER_STORAGE_MEMTABLE_ARENA_H_

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <vector>

namespace innoledger::storage {

// Memory for one memtable's skip list, handed out in order from 1 MiB chunks whose pages
// are already mapped.
//
// Why: a memtable's memory is written once, as it fills, and every first write to a 4 KiB
// page is a page fault. On the 2-vCPU VM we measure on a fault costs ~10 µs (the hypervisor
// keeps shadow page tables), and the sequencer, which fills the memtables, took ~10k of
// them a second at 64 submitters: ~13% of its CPU (docs/benchmarks.md). Here a chunk's
// pages are mapped by one madvise(MADV_POPULATE_WRITE) (~0.2 ms a chunk, ~0.4 µs a page)
// on a background thread, and the chunks of a memtable that RocksDB has flushed and freed
// are kept, mapped, for the next one.
//
// One writer: Allocate() is called by the thread that inserts into the memtable (RocksDB
// inserts from one thread at a time when allow_concurrent_memtable_write is off).
class MemtableArena {
 public:
  static constexpr size_t kChunkBytes = size_t{1} << 20;

  MemtableArena() = default;
  MemtableArena(const MemtableArena&) = delete;
  MemtableArena& operator=(const MemtableArena&) = delete;
  ~MemtableArena();  // gives the chunks back to the pool

  // `bytes` of memory aligned to 8, valid until the arena is destroyed. A request larger
  // than a quarter chunk gets a block of its own.
  char* Allocate(size_t bytes);
  // Bytes handed out so far (not the unused rest of the current chunk), for RocksDB's
  // decision to flush the memtable: it compares them with write_buffer_size, which may be
  // smaller than a chunk. Any thread.
  size_t UsedBytes() const { return used_bytes_.load(std::memory_order_relaxed); }

 private:
  struct Block {
    char* memory;
    size_t bytes;
    bool chunk;  // from the pool, and back to it
  };

  char* next_ = nullptr;  // free space of the current chunk: [next_, end_)
  char* end_ = nullptr;
  std::vector<Block> blocks_;
  std::atomic<size_t> used_bytes_{0};
};

// A background thread keeps this many chunks mapped ahead of the memtables' writers.
inline constexpr int64_t kMemtableChunksReady = 8;

// The process-wide pool of chunks, for tests and operators.
struct MemtableChunkCounts {
  int64_t mapped = 0;          // chunks mapped and populated, ever
  int64_t mapped_inline = 0;   // of which by a memtable's writer: the pool was empty
  int64_t kept = 0;            // chunks freed memtables gave back, kept for the next ones
  int64_t free = 0;            // chunks in the pool now, mapped and waiting
};
MemtableChunkCounts GetMemtableChunkCounts();

}  // namespace innoledger::storage

#endif  // INNOLEDGER_STORAGE_MEMTABLE_ARENA_H_
