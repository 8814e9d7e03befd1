#include "storage/skiplist_memtable.h"

#include <atomic>
#include <cstdint>
#include <cstdlib>
#include <new>

#include "rocksdb/memtablerep.h"
#include "rocksdb/slice.h"
#include "rocksdb/version.h"
#include "storage/memtable_arena.h"

// ArenaBorrower and MemtableKeyOf below lean on two layouts inside RocksDB that its public
// headers do not show; they were read in Debian's 7.8.3 source. Another RocksDB: read
// them again (memory/arena.h, db/lookup_key.h), then change this line.
static_assert(ROCKSDB_MAJOR == 7 && ROCKSDB_MINOR == 8, "re-check skiplist_memtable.cc");

namespace innoledger::storage {
namespace {

using rocksdb::KeyHandle;
using rocksdb::MemTableRep;
using rocksdb::Slice;

constexpr int kMaxHeight = 12;
constexpr uint32_t kBranching = 4;  // a node reaches the next level with probability 1/4

// One allocation: the height, one link per level, then RocksDB's entry (the
// length-prefixed internal key, then the value).
struct alignas(std::atomic<void*>) Node {
  int height;

  std::atomic<Node*>* links() { return reinterpret_cast<std::atomic<Node*>*>(this + 1); }
  // Readers load with acquire: the entry was written before the link was published.
  Node* Next(int level) { return links()[level].load(std::memory_order_acquire); }
  char* entry() { return reinterpret_cast<char*>(links() + height); }
};

// MemtableArena hands out memory aligned to 8.
static_assert(alignof(Node) <= 8);

// RocksDB's arenas hand out unaligned bytes through MemTableRep::Allocate, the one
// allocation call in its public headers: ask for a little more and align.
char* AllocateAligned(MemTableRep& rep, size_t bytes) {
  char* buf = nullptr;
  rep.MemTableRep::Allocate(bytes + alignof(Node) - 1, &buf);
  const uintptr_t address = reinterpret_cast<uintptr_t>(buf);
  const uintptr_t mask = alignof(Node) - 1;
  return reinterpret_cast<char*>((address + mask) & ~mask);
}

// RocksDB makes a memtable iterator in an Arena and destroys it in place, so the memory
// must come from there. Arena is not in RocksDB's public headers, but it derives from
// Allocator alone (memory/arena.h: `class Arena : public Allocator`, the same address),
// which MemTableRep::Allocate allocates from: a MemTableRep lent the arena allocates in it.
class ArenaBorrower final : public MemTableRep {
 public:
  explicit ArenaBorrower(rocksdb::Arena* arena)
      : MemTableRep(reinterpret_cast<rocksdb::Allocator*>(arena)) {}
  void Insert(KeyHandle) override { std::abort(); }
  bool Contains(const char*) const override { return false; }
  size_t ApproximateMemoryUsage() override { return 0; }
  Iterator* GetIterator(rocksdb::Arena*) override { return nullptr; }
};

// LookupKey (db/lookup_key.h, not in the public headers) begins with `start_`, the
// length-prefixed internal key, as LevelDB's did; RocksDB 7.8 keeps that layout.
const char* MemtableKeyOf(const rocksdb::LookupKey& key) {
  return *reinterpret_cast<const char* const*>(&key);
}

class SkipList final : public MemTableRep {
 public:
  SkipList(const KeyComparator& compare, rocksdb::Allocator* allocator)
      : MemTableRep(allocator), compare_(compare), head_(NewNode(kMaxHeight, 0)) {
    sequential_ = NewHint();
  }

  KeyHandle Allocate(const size_t len, char** buf) override {
    Node* node = NewNode(RandomHeight(), len);
    *buf = node->entry();
    return node;
  }
  void Insert(KeyHandle handle) override { Link(static_cast<Node*>(handle), sequential_); }
  void InsertWithHint(KeyHandle handle, void** hint) override {
    if (*hint == nullptr) *hint = NewHint();
    Link(static_cast<Node*>(handle), static_cast<Hint*>(*hint));
  }

  bool Contains(const char* entry) const override {
    Node* node = FindGreaterOrEqual(EntryTarget{compare_, entry});
    return node != nullptr && compare_(node->entry(), entry) == 0;
  }
  // RocksDB's default makes an iterator on the heap and never frees it.
  void Get(const rocksdb::LookupKey& key, void* arg,
           bool (*callback)(void* arg, const char* entry)) override {
    for (Node* node = FindGreaterOrEqual(EntryTarget{compare_, MemtableKeyOf(key)});
         node != nullptr && callback(arg, node->entry()); node = node->Next(0)) {
    }
  }
  // RocksDB adds this to its own arena's bytes to decide when to flush.
  size_t ApproximateMemoryUsage() override { return arena_.UsedBytes(); }
  Iterator* GetIterator(rocksdb::Arena* arena) override;

 private:
  class ListIterator;

  // What the last key inserted with a hint went after, per level. Kept true between
  // inserts: prev[i] is linked on level i and sorts no later than prev[0] (the head sorts
  // first), so for a key after prev[0] every prev[i] is a place to start looking from.
  struct Hint {
    Node* prev[kMaxHeight];
  };

  // A key to look for, as RocksDB gives it: an entry (length-prefixed) or an internal key.
  struct EntryTarget {
    const KeyComparator& compare;
    const char* entry;
    int Versus(Node* node) const { return compare(node->entry(), entry); }
  };
  struct InternalKeyTarget {
    const KeyComparator& compare;
    Slice internal_key;
    int Versus(Node* node) const { return compare(node->entry(), internal_key); }
  };

  Node* NewNode(int height, size_t entry_bytes) {
    char* memory =
        arena_.Allocate(sizeof(Node) + sizeof(std::atomic<Node*>) * height + entry_bytes);
    Node* node = new (memory) Node{height};
    for (int level = 0; level < height; ++level) {
      new (&node->links()[level]) std::atomic<Node*>(nullptr);
    }
    return node;
  }

  Hint* NewHint() {
    Hint* hint = new (arena_.Allocate(sizeof(Hint))) Hint;
    for (Node*& prev : hint->prev) prev = head_;
    return hint;
  }

  int RandomHeight() {
    int height = 1;
    while (height < kMaxHeight && NextRandom() % kBranching == 0) ++height;
    return height;
  }
  uint32_t NextRandom() {  // xorshift32: the writer's alone
    random_ ^= random_ << 13;
    random_ ^= random_ >> 17;
    random_ ^= random_ << 5;
    return random_;
  }

  // The last node on `level` from `from` on that sorts before `entry` (the writer's).
  Node* WalkRight(Node* from, int level, const char* entry) const {
    while (true) {
      Node* next = from->links()[level].load(std::memory_order_relaxed);
      if (next == nullptr || compare_(next->entry(), entry) >= 0) return from;
      from = next;
    }
  }

  // The one writer. A node is linked bottom-up, each level published with a release store
  // after its own link is set, so a reader sees it whole or not at all.
  void Link(Node* node, Hint* hint) {
    const char* entry = node->entry();
    const int height = node->height;
    int max_height = max_height_.load(std::memory_order_relaxed);
    Node** prev = hint->prev;
    if (prev[0] != head_ && compare_(prev[0]->entry(), entry) >= 0) {
      // Before the hint: from the top, as any skip list.
      Node* at = head_;
      for (int level = max_height - 1; level >= 0; --level) {
        at = WalkRight(at, level, entry);
        prev[level] = at;
      }
    } else {
      for (int level = 0; level < height; ++level) {
        prev[level] = WalkRight(prev[level], level, entry);
      }
    }
    // A reader that sees the new height before the head's new links finds null there.
    if (height > max_height) max_height_.store(height, std::memory_order_relaxed);
    for (int level = 0; level < height; ++level) {
      node->links()[level].store(prev[level]->links()[level].load(std::memory_order_relaxed),
                                 std::memory_order_relaxed);
      prev[level]->links()[level].store(node, std::memory_order_release);
      prev[level] = node;
    }
  }

  template <typename Target>
  Node* FindGreaterOrEqual(const Target& target) const {
    Node* at = head_;
    Node* known_not_before = nullptr;  // spares comparing one node on two levels
    for (int level = max_height_.load(std::memory_order_relaxed) - 1;;) {
      Node* next = at->Next(level);
      if (next != nullptr && next != known_not_before && target.Versus(next) < 0) {
        at = next;
      } else if (level == 0) {
        return next;
      } else {
        known_not_before = next;
        --level;
      }
    }
  }

  // The last node that sorts before the target, or the head.
  template <typename Target>
  Node* FindLessThan(const Target& target) const {
    Node* at = head_;
    for (int level = max_height_.load(std::memory_order_relaxed) - 1; level >= 0; --level) {
      for (Node* next = at->Next(level); next != nullptr && target.Versus(next) < 0;
           next = at->Next(level)) {
        at = next;
      }
    }
    return at;
  }

  Node* FindLast() const {
    Node* at = head_;
    for (int level = max_height_.load(std::memory_order_relaxed) - 1; level >= 0; --level) {
      for (Node* next = at->Next(level); next != nullptr; next = at->Next(level)) at = next;
    }
    return at;
  }

  const KeyComparator& compare_;
  MemtableArena arena_;  // nodes and hints; before head_, which is made from it
  Node* const head_;
  std::atomic<int> max_height_{1};
  Hint* sequential_;  // for inserts without a hint
  uint32_t random_ = 0x9e3779b9;
};

class SkipList::ListIterator final : public MemTableRep::Iterator {
 public:
  explicit ListIterator(const SkipList* list) : list_(list) {}

  bool Valid() const override { return node_ != nullptr; }
  const char* key() const override { return node_->entry(); }
  void Next() override { node_ = node_->Next(0); }
  void Prev() override {
    node_ = list_->FindLessThan(EntryTarget{list_->compare_, node_->entry()});
    if (node_ == list_->head_) node_ = nullptr;
  }
  void Seek(const Slice& internal_key, const char* memtable_key) override {
    node_ = memtable_key != nullptr
                ? list_->FindGreaterOrEqual(EntryTarget{list_->compare_, memtable_key})
                : list_->FindGreaterOrEqual(InternalKeyTarget{list_->compare_, internal_key});
  }
  // The last entry at or before the target.
  void SeekForPrev(const Slice& internal_key, const char* memtable_key) override {
    Seek(internal_key, memtable_key);
    if (!Valid()) SeekToLast();
    while (Valid() && After(internal_key, memtable_key)) Prev();
  }
  void SeekToFirst() override { node_ = list_->head_->Next(0); }
  void SeekToLast() override {
    node_ = list_->FindLast();
    if (node_ == list_->head_) node_ = nullptr;
  }

 private:
  bool After(const Slice& internal_key, const char* memtable_key) const {
    return memtable_key != nullptr ? EntryTarget{list_->compare_, memtable_key}.Versus(node_) > 0
                                   : InternalKeyTarget{list_->compare_, internal_key}.Versus(node_) > 0;
  }

  const SkipList* const list_;
  Node* node_ = nullptr;
};

MemTableRep::Iterator* SkipList::GetIterator(rocksdb::Arena* arena) {
  if (arena == nullptr) return new ListIterator(this);
  ArenaBorrower borrower(arena);
  return new (AllocateAligned(borrower, sizeof(ListIterator))) ListIterator(this);
}

class SkipListFactory final : public rocksdb::MemTableRepFactory {
 public:
  MemTableRep* CreateMemTableRep(const MemTableRep::KeyComparator& compare,
                                 rocksdb::Allocator* allocator, const rocksdb::SliceTransform*,
                                 rocksdb::Logger*) override {
    return new SkipList(compare, allocator);
  }
  const char* Name() const override { return "innoledger.SkipListMemTable"; }
};

}  // namespace

std::shared_ptr<rocksdb::MemTableRepFactory> NewSkipListMemTableFactory() {
  return std::make_shared<SkipListFactory>();
}

}  // namespace innoledger::storage
