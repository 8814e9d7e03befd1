#include "storage/request_id_watermarks.h"

#include "gtest/gtest.h"
#include "rocksdb/write_batch.h"
#include "storage/testing/ledger_fixture.h"

namespace innoledger::storage {
namespace {

class RequestIdWatermarksTest : public ::testing::Test {
 protected:
  void SetUp() override {
    Db::Options options;
    options.path = dir_.path();
    auto db = Db::Open(options);
    ASSERT_TRUE(db.ok()) << db.status();
    db_ = std::move(*db);
  }
  void Store(const std::string& city, const std::string& principal, const std::string& id) {
    rocksdb::WriteBatch batch;
    ASSERT_TRUE(batch.Put(db_->handle(format::kIdempotency),
                          format::IdempotencyKey(city, principal, id), "record").ok());
    ASSERT_TRUE(db_->WriteSynced(&batch).ok());
  }
  bool Above(RequestIdWatermarks& marks, const std::string& principal, const std::string& id) {
    auto above = marks.IsAboveAll(principal, id);
    EXPECT_TRUE(above.ok()) << above.status();
    return above.ok() && *above;
  }

  testing::TempDir dir_;
  std::unique_ptr<Db> db_;
};

TEST_F(RequestIdWatermarksTest, StartsFromTheHighestStoredIdOfThePrincipalInTheCity) {
  Store("changji", "lab", "m");
  Store("changji", "lab2", "z");  // a longer principal sharing the prefix
  Store("urumqi", "lab", "y");    // another city
  RequestIdWatermarks marks(db_.get(), "changji", 100);
  EXPECT_FALSE(Above(marks, "lab", "a"));
  EXPECT_FALSE(Above(marks, "lab", "m"));  // the stored id itself
  EXPECT_TRUE(Above(marks, "lab", "n"));
  EXPECT_FALSE(Above(marks, "lab", "n"));  // seen now, maybe in the batch being applied
  EXPECT_TRUE(Above(marks, "new-principal", "a"));
  EXPECT_FALSE(Above(marks, "new-principal", "a"));
}

TEST_F(RequestIdWatermarksTest, ForgetsEveryMarkBetweenBatchesWhenFullAndRereadsThem) {
  Store("changji", "lab", "m");
  RequestIdWatermarks marks(db_.get(), "changji", 1);
  EXPECT_TRUE(Above(marks, "lab", "n"));
  EXPECT_TRUE(Above(marks, "other", "a"));
  marks.TrimBetweenBatches();  // two principals, one allowed
  // "n" was never stored, so RocksDB's highest for "lab" is "m" again.
  EXPECT_TRUE(Above(marks, "lab", "n"));
  EXPECT_FALSE(Above(marks, "lab", "m"));
  marks.TrimBetweenBatches();  // one principal: kept
  EXPECT_FALSE(Above(marks, "lab", "n"));
}

}  // namespace
}  // namespace innoledger::storage
