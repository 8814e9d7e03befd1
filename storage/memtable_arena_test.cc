#include "storage/memtable_arena.h"

#include <sys/mman.h>
#include <unistd.h>

#include <cstdint>
#include <cstring>
#include <memory>
#include <random>
#include <vector>

#include "absl/time/clock.h"
#include "gtest/gtest.h"

namespace innoledger::storage {
namespace {

constexpr size_t kChunk = MemtableArena::kChunkBytes;
constexpr size_t kPiece = 64 << 10;  // 16 to a chunk

// Pages of [memory, memory + bytes) that are mapped (mincore).
size_t ResidentPages(const char* memory, size_t bytes) {
  const size_t page = static_cast<size_t>(sysconf(_SC_PAGESIZE));
  std::vector<unsigned char> resident((bytes + page - 1) / page);
  EXPECT_EQ(mincore(const_cast<char*>(memory), bytes, resident.data()), 0);
  size_t count = 0;
  for (unsigned char r : resident) count += r & 1;
  return count;
}

// Until the background thread has the pool stocked, so that what a test gives back is what
// it takes next.
void AwaitStockedPool() {
  const absl::Time deadline = absl::Now() + absl::Seconds(30);
  while (GetMemtableChunkCounts().free < kMemtableChunksReady) {
    ASSERT_LT(absl::Now(), deadline) << "the pool was never stocked";
    absl::SleepFor(absl::Milliseconds(1));
  }
}

TEST(MemtableArena, AllocationsAreAlignedApartAndCounted) {
  MemtableArena arena;
  std::mt19937 random(7);
  struct Piece {
    char* memory;
    size_t bytes;
    char fill;
  };
  std::vector<Piece> pieces;
  size_t asked = 0;
  for (int i = 0; i < 3000; ++i) {
    // Mostly memtable entries; now and then one larger than a quarter chunk.
    const size_t bytes = i % 500 == 499 ? kChunk / 3 : 1 + random() % 5000;
    char* memory = arena.Allocate(bytes);
    ASSERT_EQ(reinterpret_cast<uintptr_t>(memory) % 8, 0u);
    const char fill = static_cast<char>(random());
    std::memset(memory, fill, bytes);
    pieces.push_back({memory, bytes, fill});
    asked += (bytes + 7) / 8 * 8;
  }
  // Nothing written later ran over anything written before.
  for (const Piece& piece : pieces) {
    for (size_t i = 0; i < piece.bytes; ++i) ASSERT_EQ(piece.memory[i], piece.fill);
  }
  EXPECT_EQ(arena.UsedBytes(), asked);
}

TEST(MemtableArena, ChunksArriveWithTheirPagesMapped) {
  MemtableArena arena;
  const size_t page = static_cast<size_t>(sysconf(_SC_PAGESIZE));
  // More chunks than the pool holds, so that some are mapped for this test.
  const int64_t chunks = GetMemtableChunkCounts().free + 2;
  for (int64_t i = 0; i < chunks; ++i) {
    const char* chunk = arena.Allocate(kChunk / 4);  // the largest piece a chunk takes
    for (int quarter = 1; quarter < 4; ++quarter) arena.Allocate(kChunk / 4);
    ASSERT_EQ(ResidentPages(chunk, kChunk), kChunk / page) << "chunk " << i;
  }
  const char* own = arena.Allocate(kChunk / 2);
  EXPECT_EQ(ResidentPages(own, kChunk / 2), kChunk / 2 / page);
  EXPECT_EQ(arena.UsedBytes(), chunks * kChunk + kChunk / 2);
}

TEST(MemtableArena, AFreedArenasChunksServeTheNext) {
  AwaitStockedPool();
  std::vector<const char*> chunks;
  auto first = std::make_unique<MemtableArena>();
  for (size_t i = 0; i < 3 * kChunk / kPiece; ++i) {
    const char* memory = first->Allocate(kPiece);
    if (i % (kChunk / kPiece) == 0) chunks.push_back(memory);
  }
  ASSERT_EQ(first->UsedBytes(), 3 * kChunk);
  AwaitStockedPool();  // the background thread has replaced what `first` took
  const MemtableChunkCounts before = GetMemtableChunkCounts();
  first.reset();
  const MemtableChunkCounts after = GetMemtableChunkCounts();
  EXPECT_EQ(after.kept, before.kept + 3);
  EXPECT_EQ(after.mapped, before.mapped);  // the pool was stocked: nothing new to map

  MemtableArena second;
  const char* reused = second.Allocate(kPiece);
  EXPECT_EQ(reused, chunks.back());  // the last one given back, still mapped
  EXPECT_EQ(GetMemtableChunkCounts().mapped_inline, after.mapped_inline);
}

}  // namespace
}  // namespace innoledger::storage
