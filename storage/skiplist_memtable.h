#ifndef INNOLEDGER_STORAGE_SKIPLIST_MEMTABLE_H_
#define INNOLEDGER_STORAGE_SKIPLIST_MEMTABLE_H_

#include <memory>

namespace rocksdb {
class MemTableRepFactory;
}

namespace innoledger::storage {

// RocksDB's memtable for the ledger: a skip list for one writer and any number of
// readers, built for keys that arrive in order per insert hint.
//
// Why not RocksDB's own (InlineSkipList): Debian's librocksdb is built with assertions,
// and after every insert InlineSkipList re-checks its splice against the neighbours on
// every level of the list, 2-4 key comparisons a level, ~10 levels in a full memtable,
// where the insert itself needs two. On the sequencer that was a quarter of its CPU
// (docs/benchmarks.md). This list does the same job with the insert's own comparisons:
// a hint remembers, per level, the node the last key of its prefix went after; a key
// that sorts after that node is linked from there with a walk to the right on the levels
// the new node has, one comparison in the usual case, and any other key is found from
// the top as in any skip list.
//
// Nodes come from a MemtableArena (storage/memtable_arena.h: chunks mapped ahead, so the
// writer takes no page faults), which the list reports to RocksDB and frees with the
// memtable; iterators come from the arena RocksDB passes for them.
//
// Requires `allow_concurrent_memtable_write = false`: RocksDB then never inserts from two
// threads at once.
std::shared_ptr<rocksdb::MemTableRepFactory> NewSkipListMemTableFactory();

}  // namespace innoledger::storage

#endif  // INNOLEDGER_STORAGE_SKIPLIST_MEMTABLE_H_
