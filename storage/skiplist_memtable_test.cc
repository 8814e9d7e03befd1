#include "storage/skiplist_memtable.h"

#include <atomic>
#include <map>
#include <memory>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "gtest/gtest.h"
#include "rocksdb/db.h"
#include "rocksdb/memtablerep.h"
#include "rocksdb/slice_transform.h"
#include "storage/testing/ledger_fixture.h"

namespace innoledger::storage {
namespace {

using Model = std::map<std::string, std::string>;

// Keys are a two-letter prefix and a suffix, and the prefix is the insert hint, as the
// ledger's column families hint by everything but a trailing sequence.
constexpr int kPrefixes = 6;

std::unique_ptr<rocksdb::DB> OpenDb(const std::string& path, size_t write_buffer_bytes) {
  rocksdb::Options options;
  options.create_if_missing = true;
  options.allow_concurrent_memtable_write = false;
  options.memtable_factory = NewSkipListMemTableFactory();
  options.memtable_insert_with_hint_prefix_extractor.reset(rocksdb::NewFixedPrefixTransform(2));
  options.write_buffer_size = write_buffer_bytes;
  rocksdb::DB* db = nullptr;
  rocksdb::Status status = rocksdb::DB::Open(options, path, &db);
  EXPECT_TRUE(status.ok()) << status.ToString();
  return std::unique_ptr<rocksdb::DB>(db);
}

std::string Prefix(int p) { return absl::StrCat("p", p); }

// Reads through RocksDB (memtables, and tables once flushed) and compares with the model.
class Checker {
 public:
  Checker(rocksdb::DB* db, std::mt19937* random) : db_(db), random_(random) {}

  void Check(const Model& model, const rocksdb::Snapshot* snapshot) {
    rocksdb::ReadOptions read;
    read.snapshot = snapshot;
    // Every key, forward and backward.
    std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator(read));
    auto expected = model.begin();
    for (it->SeekToFirst(); it->Valid(); it->Next(), ++expected) {
      ASSERT_NE(expected, model.end()) << "extra key " << it->key().ToString();
      ASSERT_EQ(it->key().ToString(), expected->first);
      ASSERT_EQ(it->value().ToString(), expected->second);
    }
    ASSERT_EQ(expected, model.end());
    auto back = model.rbegin();
    for (it->SeekToLast(); it->Valid(); it->Prev(), ++back) {
      ASSERT_NE(back, model.rend());
      ASSERT_EQ(it->key().ToString(), back->first);
    }
    ASSERT_EQ(back, model.rend());
    // Point reads and seeks, at keys that are there and keys that are not.
    for (int i = 0; i < 30; ++i) {
      std::string target = RandomKey(model);
      std::string value;
      rocksdb::Status got = db_->Get(read, target, &value);
      auto found = model.find(target);
      if (found == model.end()) {
        ASSERT_TRUE(got.IsNotFound()) << target;
      } else {
        ASSERT_TRUE(got.ok()) << target << ": " << got.ToString();
        ASSERT_EQ(value, found->second);
      }
      it->Seek(target);
      auto lower = model.lower_bound(target);
      ASSERT_EQ(it->Valid(), lower != model.end()) << target;
      if (it->Valid()) {
        ASSERT_EQ(it->key().ToString(), lower->first);
      }
      it->SeekForPrev(target);
      auto upper = model.upper_bound(target);
      ASSERT_EQ(it->Valid(), upper != model.begin()) << target;
      if (it->Valid()) {
        ASSERT_EQ(it->key().ToString(), std::prev(upper)->first);
      }
    }
  }

  std::string RandomKey(const Model& model) {
    if (!model.empty() && (*random_)() % 2 == 0) {
      auto at = model.begin();
      std::advance(at, (*random_)() % model.size());
      return at->first;
    }
    return absl::StrFormat("%s%06d", Prefix((*random_)() % (kPrefixes + 1)),
                           (*random_)() % 1000);
  }

 private:
  rocksdb::DB* db_;
  std::mt19937* random_;
};

void RandomWritesAgreeWithAModel(size_t write_buffer_bytes) {
  testing::TempDir dir;
  auto db = OpenDb(dir.path(), write_buffer_bytes);
  ASSERT_NE(db, nullptr);
  std::mt19937 random(20261203);
  Checker checker(db.get(), &random);
  Model model;
  std::vector<int> next_suffix(kPrefixes, 0);
  std::vector<std::pair<const rocksdb::Snapshot*, Model>> snapshots;
  for (int batch = 0; batch < 300; ++batch) {
    rocksdb::WriteBatch write;
    Model staged = model;
    const int size = 1 + static_cast<int>(random() % 20);
    for (int i = 0; i < size; ++i) {
      const int prefix = static_cast<int>(random() % kPrefixes);
      std::string key;
      switch (random() % 4) {
        case 0:
        case 1:  // the next key of its prefix: the hint's fast path
          key = absl::StrFormat("%s%06d", Prefix(prefix), next_suffix[prefix]++);
          break;
        case 2:  // anywhere in the prefix
          key = absl::StrFormat("%s%06d", Prefix(prefix), random() % 1000);
          break;
        default:  // a key already there again (a newer version sorts before the older)
          key = staged.empty() ? Prefix(prefix) : checker.RandomKey(staged);
      }
      std::string value = absl::StrCat("v", batch, ".", i, ":", std::string(random() % 64, 'x'));
      ASSERT_TRUE(write.Put(key, value).ok());
      staged[key] = value;
    }
    ASSERT_TRUE(db->Write(rocksdb::WriteOptions(), &write).ok());
    model = std::move(staged);
    if (batch % 25 == 0) snapshots.emplace_back(db->GetSnapshot(), model);
    if (batch % 10 == 0) {
      checker.Check(model, nullptr);
      if (::testing::Test::HasFatalFailure()) return;
    }
  }
  checker.Check(model, nullptr);
  for (auto& [snapshot, then] : snapshots) {
    checker.Check(then, snapshot);
    db->ReleaseSnapshot(snapshot);
    if (::testing::Test::HasFatalFailure()) return;
  }
}

// Large write buffer: everything is read from the memtable.
TEST(SkipListMemTable, ReadsAgreeWithAModelOfRandomWrites) {
  RandomWritesAgreeWithAModel(64 << 20);
}

// A small one: memtables fill, are flushed (iterated in order into tables) and read
// together with the tables.
TEST(SkipListMemTable, ReadsAgreeWithAModelAcrossFlushes) {
  RandomWritesAgreeWithAModel(64 << 10);
}

// RocksDB switches to a new memtable when this one reports that it holds a write buffer's
// worth: the list reports what its arena handed out.
TEST(SkipListMemTable, AMemtableIsSwitchedWhenItHoldsAWriteBuffersWorth) {
  constexpr size_t kWriteBuffer = 64 << 10;
  testing::TempDir dir;
  auto db = OpenDb(dir.path(), kWriteBuffer);
  ASSERT_NE(db, nullptr);
  constexpr int kEntries = 10000;  // ~1.2 MB of entries: ~18 buffers
  for (int i = 0; i < kEntries; ++i) {
    const std::string key = absl::StrFormat("%s%06d", Prefix(i % kPrefixes), i);
    ASSERT_TRUE(db->Put(rocksdb::WriteOptions(), key, std::string(100, 'v')).ok());
  }
  uint64_t active_entries = 0, active_bytes = 0;
  ASSERT_TRUE(db->GetIntProperty("rocksdb.num-entries-active-mem-table", &active_entries));
  ASSERT_TRUE(db->GetIntProperty("rocksdb.cur-size-active-mem-table", &active_bytes));
  EXPECT_LT(active_entries, kEntries / 10u);
  EXPECT_GT(active_bytes, active_entries * 100);  // the entries' bytes are counted
  EXPECT_LT(active_bytes, 2 * kWriteBuffer);
}

// One writer, readers at the same time: every reader sees keys in order, each with its
// own value, and at least every key written before it began. The writer waits for the
// readers, and the test counts the passes that inserts overlapped, so it cannot pass by
// reading a finished list.
TEST(SkipListMemTable, ReadersSeeOrderedWholeEntriesWhileOneThreadWrites) {
  testing::TempDir dir;
  auto db = OpenDb(dir.path(), 64 << 20);
  ASSERT_NE(db, nullptr);
  constexpr int kKeys = 20000;
  auto key_of = [](int i) { return absl::StrFormat("%s%06d", Prefix(i % kPrefixes), i); };
  auto value_of = [](const std::string& key) { return key + "=" + key; };
  std::atomic<int> written{0};
  std::atomic<int> failures{0};
  std::atomic<int> readers_ready{0};
  std::atomic<int> overlapped_passes{0};
  std::thread writer([&] {
    while (readers_ready.load() < 2) std::this_thread::yield();
    for (int i = 0; i < kKeys; ++i) {
      const std::string key = key_of(i);
      if (!db->Put(rocksdb::WriteOptions(), key, value_of(key)).ok()) ++failures;
      written.store(i + 1);
    }
  });
  std::vector<std::thread> readers;
  for (int r = 0; r < 2; ++r) {
    readers.emplace_back([&] {
      ++readers_ready;
      while (written.load() < kKeys) {
        const int before = written.load();
        std::unique_ptr<rocksdb::Iterator> it(db->NewIterator(rocksdb::ReadOptions()));
        std::string last;
        int seen = 0;
        for (it->SeekToFirst(); it->Valid(); it->Next(), ++seen) {
          const std::string key = it->key().ToString();
          if (key <= last || it->value().ToString() != value_of(key)) ++failures;
          last = key;
        }
        if (seen < before) ++failures;
        if (written.load() > before) ++overlapped_passes;
        if (before > 0) {
          std::string value;
          const std::string key = key_of(before - 1);
          if (!db->Get(rocksdb::ReadOptions(), key, &value).ok() || value != value_of(key)) {
            ++failures;
          }
        }
      }
    });
  }
  writer.join();
  for (auto& reader : readers) reader.join();
  EXPECT_EQ(failures.load(), 0);
  EXPECT_GT(overlapped_passes.load(), 0);
}

}  // namespace
}  // namespace innoledger::storage
