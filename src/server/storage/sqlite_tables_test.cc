// Schema 3's tables: one table per shard, created on the shard's first record, dropped with its
// stream, forgotten by the writer when the transaction that made it rolls back; a counter too
// large for the packed key moves the shard to a pair-keyed table; schema 2 upgrades in place.
#include <gtest/gtest.h>
#include <sqlite3.h>
#include <unistd.h>

#include <filesystem>
#include <set>
#include <string>
#include <vector>

#include "server/model/sequence_number.h"
#include "server/model/transitions.h"
#include "server/storage/sqlite_schema.h"
#include "server/storage/storage.h"

namespace kinesisctl::server {
namespace {

Stream MakeStream(const std::string& name, int shards) {
  Stream s;
  s.region = "us-east-1";
  s.name = name;
  s.arn = StreamArn("us-east-1", "000000000000", name);
  AddInitialShards(s, shards, 1'000);
  return s;
}

NewRecord Rec(const std::string& stream, int shard, int64_t ms, uint64_t counter,
              const std::string& data) {
  return {"us-east-1", stream, shard, {FormatSequenceNumber(ms, counter, shard), ms, "pk", data}};
}

std::vector<std::string> Data(const StatusOr<std::vector<StoredRecord>>& records) {
  std::vector<std::string> out;
  if (!records.ok()) return {"error: " + records.status().ToString()};
  for (const StoredRecord& r : *records) out.push_back(r.data);
  return out;
}

class TempDir {
 public:
  explicit TempDir(const std::string& tag)
      : path_(std::filesystem::temp_directory_path() /
              ("kinesisctl-" + tag + "-" + std::to_string(::getpid()))) {
    std::filesystem::remove_all(path_);
  }
  ~TempDir() { std::filesystem::remove_all(path_); }
  std::string str() const { return path_.string(); }
  std::string db() const { return (path_ / "kinesisctl.db").string(); }

 private:
  std::filesystem::path path_;
};

// Runs SQL on the database file beside the storage (WAL lets a second connection in); the rows'
// first column as text.
std::vector<std::string> Query(const std::string& db_path, const std::string& sql) {
  sqlite3* db = nullptr;
  std::vector<std::string> out;
  if (sqlite3_open(db_path.c_str(), &db) != SQLITE_OK) return {"cannot open"};
  sqlite3_stmt* st = nullptr;
  if (sqlite3_prepare_v2(db, sql.c_str(), -1, &st, nullptr) != SQLITE_OK) {
    out.push_back(std::string("error: ") + sqlite3_errmsg(db));
  } else {
    while (sqlite3_step(st) == SQLITE_ROW) {
      const auto* text = sqlite3_column_text(st, 0);
      out.push_back(text ? reinterpret_cast<const char*>(text) : "NULL");
    }
  }
  sqlite3_finalize(st);
  sqlite3_close(db);
  return out;
}

std::set<std::string> RecordTables(const std::string& db_path) {
  const auto names = Query(db_path,
                           "SELECT name FROM sqlite_master WHERE type='table' AND name GLOB "
                           "'*records*'");
  return {names.begin(), names.end()};
}

TEST(SqliteTablesTest, EachShardGetsItsTableOnItsFirstRecordAndLosesItWithItsStream) {
  TempDir dir("tables-delete");
  auto storage = OpenSqliteStorage(dir.str());
  ASSERT_TRUE(storage.ok()) << storage.status().ToString();
  const Stream s = MakeStream("s", 3);
  const Stream other = MakeStream("other", 1);
  ASSERT_TRUE(
      (*storage)->Commit({{"us-east-1", "s", &s}, {"us-east-1", "other", &other}}, {}).ok());
  EXPECT_TRUE(RecordTables(dir.db()).empty());
  ASSERT_TRUE((*storage)
                  ->Commit({}, {Rec("s", 0, 10, 0, "a"), Rec("s", 2, 10, 0, "b"),
                                Rec("other", 0, 10, 0, "o")})
                  .ok());
  EXPECT_EQ(RecordTables(dir.db()), (std::set<std::string>{"records_1", "records_2", "records_3"}));
  EXPECT_EQ(Query(dir.db(), "SELECT count(*) FROM shard_keys"), std::vector<std::string>{"3"});

  ASSERT_TRUE((*storage)->Commit({{"us-east-1", "s", nullptr}}, {}).ok());
  EXPECT_EQ(RecordTables(dir.db()), (std::set<std::string>{"records_3"}));
  EXPECT_EQ(Query(dir.db(), "SELECT stream FROM shard_keys"), std::vector<std::string>{"other"});
  EXPECT_TRUE((*storage)->Read({"us-east-1", "s", 0})->empty());

  // Re-created under the same name: clean tables, fresh numbering accepted again.
  ASSERT_TRUE((*storage)->Commit({{"us-east-1", "s", &s}}, {Rec("s", 2, 10, 0, "new")}).ok());
  EXPECT_TRUE((*storage)->Read({"us-east-1", "s", 0})->empty());
  EXPECT_EQ(Data((*storage)->Read({"us-east-1", "s", 2})), std::vector<std::string>{"new"});
  EXPECT_EQ(Data((*storage)->Read({"us-east-1", "other", 0})), std::vector<std::string>{"o"});
  EXPECT_EQ(RecordTables(dir.db()).size(), 2u);
  EXPECT_EQ((*storage)->LastRecord("us-east-1", "s", 2)->sequence, FormatSequenceNumber(10, 0, 2));
}

TEST(SqliteTablesTest, ReadsAcrossManyShards) {
  TempDir dir("tables-many");
  auto storage = OpenSqliteStorage(dir.str());
  ASSERT_TRUE(storage.ok());
  constexpr int kShards = 40;
  const Stream s = MakeStream("s", kShards);
  std::vector<NewRecord> records;
  for (int ms = 100; ms < 103; ++ms) {
    for (int shard = 0; shard < kShards; ++shard) {
      for (int n = 0; n < shard % 4; ++n) {
        records.push_back(
            Rec("s", shard, ms, n,
                std::to_string(shard) + "/" + std::to_string(ms) + "/" + std::to_string(n)));
        records.back().record.arrival_ms = ms;
      }
    }
  }
  ASSERT_TRUE((*storage)->Commit({{"us-east-1", "s", &s}}, records).ok());
  for (int shard = 0; shard < kShards; ++shard) {
    std::vector<std::string> want;
    for (int ms = 100; ms < 103; ++ms) {
      for (int n = 0; n < shard % 4; ++n) {
        want.push_back(std::to_string(shard) + "/" + std::to_string(ms) + "/" + std::to_string(n));
      }
    }
    auto all = (*storage)->Read({"us-east-1", "s", shard});
    EXPECT_EQ(Data(all), want) << "shard " << shard;
    auto last = (*storage)->LastRecord("us-east-1", "s", shard);
    ASSERT_TRUE(last.ok());
    EXPECT_EQ(last->sequence, want.empty() ? "" : all->back().sequence);
    if (want.size() < 3) continue;
    // From a sequence number (inclusive or not), with a limit, and skipping early arrivals.
    const std::string from = (*all)[1].sequence;
    EXPECT_EQ(Data((*storage)->Read({"us-east-1", "s", shard, from, true, 0, 2})),
              std::vector<std::string>(want.begin() + 1, want.begin() + 3));
    EXPECT_EQ(Data((*storage)->Read({"us-east-1", "s", shard, from, false})),
              std::vector<std::string>(want.begin() + 2, want.end()));
    EXPECT_EQ(Data((*storage)->Read({"us-east-1", "s", shard, "", false, 102})),
              std::vector<std::string>(want.end() - shard % 4, want.end()));
  }
  // Trim by the sequence time, each shard's table alike.
  ASSERT_TRUE((*storage)->Trim("us-east-1", "s", 102).ok());
  for (int shard = 0; shard < kShards; ++shard) {
    EXPECT_EQ((*storage)->Read({"us-east-1", "s", shard})->size(), static_cast<size_t>(shard % 4));
  }
  ASSERT_TRUE((*storage)->Trim("us-east-1", "s", 103).ok());
  for (int shard = 0; shard < kShards; ++shard) {
    EXPECT_TRUE((*storage)->Read({"us-east-1", "s", shard})->empty());
  }
  EXPECT_EQ(RecordTables(dir.db()).size(), 30u);  // trimming keeps the (empty) tables
}

// A transaction that created a shard's table (and gave out its id) and then failed: the writer
// forgets that table and its insert, so the shard's next record creates it again, and the id,
// given next to another stream's shard, does not send this shard's records there.
TEST(SqliteTablesTest, RollbackForgetsTheTablesItCreated) {
  TempDir dir("tables-rollback");
  auto storage = OpenSqliteStorage(dir.str());
  ASSERT_TRUE(storage.ok());
  const Stream s = MakeStream("s", 2);
  const Stream t = MakeStream("t", 1);
  ASSERT_TRUE(
      (*storage)
          ->Commit({{"us-east-1", "s", &s}, {"us-east-1", "t", &t}}, {Rec("s", 0, 10, 0, "a")})
          .ok());
  // Shard 1's first record, then a duplicate: all undone, table records_2 included.
  EXPECT_FALSE(
      (*storage)->Commit({}, {Rec("s", 1, 10, 0, "lost"), Rec("s", 0, 10, 0, "dup")}).ok());
  EXPECT_EQ(RecordTables(dir.db()), std::set<std::string>{"records_1"});
  ASSERT_TRUE((*storage)->Commit({}, {Rec("t", 0, 10, 0, "t0")}).ok());  // takes id 2
  ASSERT_TRUE((*storage)->Commit({}, {Rec("s", 1, 11, 0, "s1")}).ok());
  EXPECT_EQ(Data((*storage)->Read({"us-east-1", "t", 0})), std::vector<std::string>{"t0"});
  EXPECT_EQ(Data((*storage)->Read({"us-east-1", "s", 1})), std::vector<std::string>{"s1"});
  EXPECT_EQ(Data((*storage)->Read({"us-east-1", "s", 0})), std::vector<std::string>{"a"});

  // The same through the group commit.
  const std::vector<NewRecord> first = {Rec("s", 0, 12, 0, "b")};
  const std::vector<NewRecord> bad = {Rec("t", 0, 10, 0, "dup")};
  EXPECT_FALSE((*storage)->CommitRecords({&first, &bad}).ok());
  const std::vector<NewRecord> again = {Rec("s", 0, 12, 0, "b"), Rec("t", 0, 12, 0, "t1")};
  ASSERT_TRUE((*storage)->CommitRecords({&again}).ok());
  EXPECT_EQ(Data((*storage)->Read({"us-east-1", "s", 0})), (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(Data((*storage)->Read({"us-east-1", "t", 0})), (std::vector<std::string>{"t0", "t1"}));

  // A stream deleted in a transaction that fails keeps its tables and records.
  NewRecord dup = Rec("t", 0, 12, 0, "dup");
  EXPECT_FALSE((*storage)->Commit({{"us-east-1", "s", nullptr}}, {dup}).ok());
  EXPECT_EQ(Data((*storage)->Read({"us-east-1", "s", 0})), (std::vector<std::string>{"a", "b"}));
  ASSERT_TRUE((*storage)->Commit({}, {Rec("s", 0, 13, 0, "c")}).ok());
  EXPECT_EQ(Data((*storage)->Read({"us-east-1", "s", 0})),
            (std::vector<std::string>{"a", "b", "c"}));
}

// The server numbers a shard's records (time, counter); with a stalled or backward clock the
// counter grows past what the packed key holds. That shard's records then move to a table keyed
// by the pair, and everything reads, trims and continues as before.
TEST(SqliteTablesTest, ACounterTooLargeForThePackedKeyMovesTheShardToAPairKey) {
  TempDir dir("tables-pair");
  constexpr int64_t kBig = sqlite_schema::kCounterLimit;
  {
    auto storage = OpenSqliteStorage(dir.str());
    ASSERT_TRUE(storage.ok());
    const Stream s = MakeStream("s", 2);
    ASSERT_TRUE((*storage)
                    ->Commit({{"us-east-1", "s", &s}},
                             {Rec("s", 0, 50, 0, "a"), Rec("s", 0, 50, kBig - 1, "b"),
                              Rec("s", 1, 50, 0, "other shard")})
                    .ok());
    EXPECT_EQ(RecordTables(dir.db()), (std::set<std::string>{"records_1", "records_2"}));
    // A failed transaction that moved the shard: undone, and the writer still sees it packed.
    EXPECT_FALSE(
        (*storage)->Commit({}, {Rec("s", 0, 50, kBig, "lost"), Rec("s", 0, 50, 0, "dup")}).ok());
    EXPECT_EQ(RecordTables(dir.db()), (std::set<std::string>{"records_1", "records_2"}));
    ASSERT_TRUE((*storage)->Commit({}, {Rec("s", 0, 50, kBig + 1, "c")}).ok());
    EXPECT_EQ(RecordTables(dir.db()), (std::set<std::string>{"records_pair_1", "records_2"}));
    // A duplicate key is still refused in a pair table.
    EXPECT_FALSE((*storage)
                     ->Commit({}, {Rec("s", 0, 50, uint64_t{1} << 62, "d"), Rec("s", 0, 51, 0, "e"),
                                   Rec("s", 0, 51, 0, "e")})
                     .ok());
    ASSERT_TRUE((*storage)
                    ->Commit({}, {Rec("s", 0, 50, uint64_t{1} << 62, "d"), Rec("s", 0, 51, 0, "e")})
                    .ok());
  }
  auto storage = OpenSqliteStorage(dir.str());  // reopened: the kinds come from shard_keys
  ASSERT_TRUE(storage.ok());
  EXPECT_EQ(Data((*storage)->Read({"us-east-1", "s", 0})),
            (std::vector<std::string>{"a", "b", "c", "d", "e"}));
  EXPECT_EQ(Data((*storage)->Read({"us-east-1", "s", 1})), std::vector<std::string>{"other shard"});
  const std::string c_seq = FormatSequenceNumber(50, kBig + 1, 0);
  EXPECT_EQ(Data((*storage)->Read({"us-east-1", "s", 0, c_seq, false})),
            (std::vector<std::string>{"d", "e"}));
  EXPECT_EQ(Data((*storage)->Read({"us-east-1", "s", 0, c_seq, true, 0, 1})),
            (std::vector<std::string>{"c"}));
  EXPECT_EQ((*storage)->LastRecord("us-east-1", "s", 0)->sequence, FormatSequenceNumber(51, 0, 0));
  ASSERT_TRUE((*storage)->Commit({}, {Rec("s", 0, 51, 1, "f")}).ok());
  ASSERT_TRUE((*storage)->Trim("us-east-1", "s", 51).ok());
  EXPECT_EQ(Data((*storage)->Read({"us-east-1", "s", 0})), (std::vector<std::string>{"e", "f"}));
  EXPECT_TRUE((*storage)->Read({"us-east-1", "s", 1})->empty());
  ASSERT_TRUE((*storage)->Commit({{"us-east-1", "s", nullptr}}, {}).ok());
  EXPECT_TRUE(RecordTables(dir.db()).empty());
}

// Packed keys at their edges: a time of 2^42 ms or more moves the shard too; a starting
// sequence number past every packed key reads nothing, one before every key reads everything.
TEST(SqliteTablesTest, PackedKeyEdges) {
  auto storage = OpenSqliteStorage("");
  ASSERT_TRUE(storage.ok());
  const Stream s = MakeStream("s", 2);
  constexpr int64_t kLastMs = sqlite_schema::kTimeLimit - 1;
  constexpr uint64_t kLastN = sqlite_schema::kCounterLimit - 1;
  ASSERT_TRUE((*storage)
                  ->Commit({{"us-east-1", "s", &s}},
                           {Rec("s", 0, 0, 0, "first"), Rec("s", 0, kLastMs, kLastN, "last"),
                            Rec("s", 1, kLastMs, 0, "x"), Rec("s", 1, kLastMs + 1, 0, "y")})
                  .ok());
  EXPECT_EQ(Data((*storage)->Read({"us-east-1", "s", 0})),
            (std::vector<std::string>{"first", "last"}));
  EXPECT_EQ(Data((*storage)->Read({"us-east-1", "s", 1})), (std::vector<std::string>{"x", "y"}));
  EXPECT_EQ((*storage)->LastRecord("us-east-1", "s", 0)->sequence,
            FormatSequenceNumber(kLastMs, kLastN, 0));
  const std::string past = FormatSequenceNumber(kLastMs, kLastN, 0);
  EXPECT_TRUE((*storage)->Read({"us-east-1", "s", 0, past, false})->empty());
  EXPECT_EQ(Data((*storage)->Read({"us-east-1", "s", 0, past, true})),
            std::vector<std::string>{"last"});
  const std::string big_counter = FormatSequenceNumber(0, kLastN + 5, 0);
  EXPECT_EQ(Data((*storage)->Read({"us-east-1", "s", 0, big_counter, true})),
            std::vector<std::string>{"last"});
  ASSERT_TRUE((*storage)->Trim("us-east-1", "s", kLastMs + 1).ok());
  EXPECT_TRUE((*storage)->Read({"us-east-1", "s", 0})->empty());
  EXPECT_EQ(Data((*storage)->Read({"us-east-1", "s", 1})), std::vector<std::string>{"y"});
}

// Reads and retention trimming are ranges of a shard table's key (SQLite's plan: a SEARCH of the
// primary key, no full SCAN, no sort), for both kinds of table.
TEST(SqliteTablesTest, ReadsAndTrimsAreRangesOfTheKey) {
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(":memory:", &db), SQLITE_OK);
  for (const auto kind : {sqlite_schema::TableKind::kPacked, sqlite_schema::TableKind::kPair}) {
    const std::string create = sqlite_schema::CreateTableSql(7, kind);
    ASSERT_EQ(sqlite3_exec(db, create.c_str(), nullptr, nullptr, nullptr), SQLITE_OK);
    for (const std::string& sql :
         {sqlite_schema::ReadSql(7, kind), sqlite_schema::TrimSql(7, kind)}) {
      sqlite3_stmt* st = nullptr;
      const std::string explain = "EXPLAIN QUERY PLAN " + sql;
      ASSERT_EQ(sqlite3_prepare_v2(db, explain.c_str(), -1, &st, nullptr), SQLITE_OK)
          << sqlite3_errmsg(db);
      std::string plan;
      while (sqlite3_step(st) == SQLITE_ROW) {
        plan += reinterpret_cast<const char*>(sqlite3_column_text(st, 3));
        plan += "\n";
      }
      sqlite3_finalize(st);
      EXPECT_NE(plan.find("SEARCH " + sqlite_schema::TableName(7, kind)), std::string::npos)
          << sql << "\n"
          << plan;
      EXPECT_NE(plan.find("PRIMARY KEY"), std::string::npos) << sql << "\n" << plan;
      EXPECT_EQ(plan.find("SCAN"), std::string::npos) << sql << "\n" << plan;
      EXPECT_EQ(plan.find("TEMP B-TREE"), std::string::npos) << sql << "\n" << plan;
    }
  }
  sqlite3_close(db);
}

// A schema-2 database (every shard's records in shard_records) is moved to schema 3 in place:
// each shard id its own table (pair-keyed when one of its records does not fit the packed key),
// shard_records gone, user_version 3; opened again, nothing changes.
TEST(SqliteTablesTest, Schema2UpgradesInPlace) {
  TempDir dir("tables-upgrade");
  std::filesystem::create_directories(dir.str());
  {
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(dir.db().c_str(), &db), SQLITE_OK);
    const std::string big = std::to_string(sqlite_schema::kCounterLimit + 3);
    const std::string sql =
        "CREATE TABLE streams(region TEXT NOT NULL, name TEXT NOT NULL, body TEXT NOT NULL, "
        "PRIMARY KEY(region, name));"
        "CREATE TABLE shard_keys(id INTEGER PRIMARY KEY, region TEXT NOT NULL, stream TEXT NOT "
        "NULL, shard INTEGER NOT NULL, UNIQUE(region, stream, shard));"
        "CREATE TABLE shard_records(sid INTEGER NOT NULL, ms INTEGER NOT NULL, n INTEGER NOT "
        "NULL, arrival INTEGER NOT NULL, pkey TEXT NOT NULL, data BLOB NOT NULL, PRIMARY KEY(sid, "
        "ms, n)) WITHOUT ROWID;"
        "CREATE TABLE account_settings(region TEXT PRIMARY KEY, body TEXT NOT NULL);"
        "INSERT INTO shard_keys VALUES(1, 'us-east-1', 's', 0), (2, 'us-east-1', 's', 1), "
        "(5, 'us-east-1', 's', 2);"
        "INSERT INTO shard_records VALUES(1, 7, 1, 7, 'k', 'b'), (1, 7, 0, 7, 'k', 'a'), "
        "(1, 8, 0, 8, 'k', 'c'), (2, 7, 0, 7, 'k', 'x'), (2, 7, " +
        big +
        ", 7, 'k', 'y');"
        "PRAGMA user_version=2;";
    ASSERT_EQ(sqlite3_exec(db, sql.c_str(), nullptr, nullptr, nullptr), SQLITE_OK);
    sqlite3_close(db);
  }
  // Opened twice: upgraded by the first (which adds a record), unchanged by the second.
  for (int open = 0; open < 2; ++open) {
    auto storage = OpenSqliteStorage(dir.str());
    ASSERT_TRUE(storage.ok()) << storage.status().ToString();
    std::vector<std::string> want = {"a", "b", "c"};
    if (open == 1) want.push_back("d");
    EXPECT_EQ(Data((*storage)->Read({"us-east-1", "s", 0})), want);
    EXPECT_EQ(Data((*storage)->Read({"us-east-1", "s", 1})), (std::vector<std::string>{"x", "y"}));
    EXPECT_TRUE((*storage)->Read({"us-east-1", "s", 2})->empty());
    EXPECT_EQ(Query(dir.db(), "PRAGMA user_version"), std::vector<std::string>{"3"});
    EXPECT_EQ(RecordTables(dir.db()),
              (std::set<std::string>{"records_1", "records_pair_2", "records_5"}));
    EXPECT_EQ(Query(dir.db(), "SELECT group_concat(pair_key) FROM shard_keys ORDER BY id"),
              std::vector<std::string>{"0,1,0"});
    EXPECT_EQ((*storage)->LastRecord("us-east-1", "s", 0)->sequence,
              FormatSequenceNumber(open == 0 ? 8 : 9, 0, 0));
    EXPECT_EQ((*storage)->LastRecord("us-east-1", "s", 1)->sequence,
              FormatSequenceNumber(7, sqlite_schema::kCounterLimit + 3, 1));
    if (open == 0) {
      ASSERT_TRUE((*storage)->Commit({}, {Rec("s", 0, 9, 0, "d")}).ok());
    }
  }
}

TEST(SqliteTablesTest, ADatabaseOfANewerSchemaIsRefusedAndLeftAlone) {
  TempDir dir("tables-newer");
  std::filesystem::create_directories(dir.str());
  {
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(dir.db().c_str(), &db), SQLITE_OK);
    ASSERT_EQ(sqlite3_exec(db, "CREATE TABLE future(x); PRAGMA user_version=4;", nullptr, nullptr,
                           nullptr),
              SQLITE_OK);
    sqlite3_close(db);
  }
  auto storage = OpenSqliteStorage(dir.str());
  ASSERT_FALSE(storage.ok());
  EXPECT_NE(storage.status().message().find("has schema 4, written by a newer release"),
            std::string::npos)
      << storage.status().message();
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(dir.db().c_str(), &db), SQLITE_OK);
  sqlite3_stmt* st = nullptr;
  ASSERT_EQ(
      sqlite3_prepare_v2(db, "SELECT group_concat(name) FROM sqlite_master", -1, &st, nullptr),
      SQLITE_OK);
  ASSERT_EQ(sqlite3_step(st), SQLITE_ROW);
  EXPECT_STREQ(reinterpret_cast<const char*>(sqlite3_column_text(st, 0)), "future");
  sqlite3_finalize(st);
  sqlite3_close(db);
}

}  // namespace
}  // namespace kinesisctl::server
