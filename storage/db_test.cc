#include "storage/db.h"

#include <memory>
#include <set>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "rocksdb/db.h"
#include "rocksdb/metadata.h"
#include "storage/format.h"
#include "storage/testing/ledger_fixture.h"

namespace innoledger::storage {
namespace {

std::set<std::string> JournalTables(Db& db) {
  std::vector<rocksdb::LiveFileMetaData> files;
  db.raw()->GetLiveFilesMetaData(&files);
  std::set<std::string> names;
  for (const auto& file : files) {
    if (file.column_family_name == format::CfName(format::kJournal)) names.insert(file.name);
  }
  return names;
}

uint64_t Property(Db& db, const std::string& name) {
  uint64_t value = 0;
  EXPECT_TRUE(db.raw()->GetIntProperty(db.handle(format::kJournal), name, &value)) << name;
  return value;
}

// Journal keys only grow, so a flushed journal table lies over nothing older. RocksDB 7.8
// rewrote such a table as soon as the oldest snapshot moved past it (to zero its sequence
// numbers), and the sequencer moves its snapshot every batch: the journal was written to
// disk twice. Here snapshots move as the sequencer moves them, and the table stays.
TEST(Db, AFlushedJournalTableIsNotRewrittenWhenSnapshotsMoveOn) {
  testing::TempDir dir;
  Db::Options options;
  options.path = dir.path();
  auto db = Db::Open(options);
  ASSERT_TRUE(db.ok()) << db.status();
  auto write_batch = [&](int batch) {
    rocksdb::WriteBatch write;
    for (int i = 0; i < 100; ++i) {
      const uint64_t sequence = static_cast<uint64_t>(batch) * 100 + i + 1;
      ASSERT_TRUE(write.Put((*db)->handle(format::kJournal),
                            format::JournalKey("changji", sequence),
                            std::string(200, 'e')).ok());
    }
    ASSERT_TRUE((*db)->WriteSynced(&write).ok());
  };
  std::shared_ptr<const rocksdb::Snapshot> durable;
  for (int batch = 0; batch < 5; ++batch) {
    write_batch(batch);
    durable = (*db)->TakeSnapshot();
  }
  ASSERT_TRUE((*db)->raw()->Flush(rocksdb::FlushOptions(), (*db)->handle(format::kJournal)).ok());
  const std::set<std::string> flushed = JournalTables(**db);
  ASSERT_EQ(flushed.size(), 1u);

  // Later batches, each releasing the snapshot before it: the oldest snapshot passes
  // everything in the flushed table.
  for (int batch = 5; batch < 10; ++batch) {
    write_batch(batch);
    durable = (*db)->TakeSnapshot();
  }
  durable.reset();

  // A rewrite would now be queued, running, or done (the table replaced); none of them.
  EXPECT_EQ(Property(**db, "rocksdb.compaction-pending"), 0u);
  EXPECT_EQ(Property(**db, "rocksdb.num-running-compactions"), 0u);
  EXPECT_EQ(JournalTables(**db), flushed);
}

}  // namespace
}  // namespace innoledger::storage
