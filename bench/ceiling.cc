// kinesisctl_ceiling: what one PutRecords entry costs at least on this machine, in process CPU
// time (CLOCK_PROCESS_CPUTIME_ID, so other work on the machine disturbs it little), for the
// load of scripts/bench (500 records x 100 random bytes, random partition keys, 4 shards):
//
//   parse    the server's reading of the 70 KB request body: PutRecords bodies of the form
//            SDKs send are read straight into views of their entries, every constraint checked
//            (server/actions/plain_put_records.h);
//   parse_document  the same body into a document by the server's general JSON parser
//            (server/simple_json.h), as every other request is read, for comparison;
//   sqlite   the same 500 rows inserted in one SQLite transaction with the server's schema
//            (schema 3: each shard's records in its own rowid table keyed by the packed time and
//            counter, server/storage/sqlite_schema.h) and settings (WAL, synchronous=NORMAL),
//            straight through the per-shard prepared inserts the server uses: the floor of any
//            SQLite-backed server;
//   sqlite_pair_key  the same into the per-shard tables a shard moves to when its counter
//            outgrows the packed key (WITHOUT ROWID, keyed by time and counter);
//   sqlite_schema2  the same into the previous schema's one table of every shard's records
//            (WITHOUT ROWID, keyed by shard id, time and counter), for comparison;
//   storage  the same rows through the server's Storage::Commit (sequence parsing, shard ids);
//   storage_group4  the same, four requests' rows per transaction (Storage::CommitRecords, the
//            group commit of four PutRecords waiting together);
//   request  the whole request path without HTTP: FrontDoor::Handle on a PutRecords request
//            (content type, target, validation, routing, hashing, sequence numbers, commit,
//            answer), JSON and CBOR bodies;
//   cbor_decode: the CBOR body to the same document, for comparison with `parse`;
//   get / get_cbor: GetRecords (Limit 10000) of one shard's records, per record read (about:
//            the records are counted as the shard's share of those put).
//
//   kinesisctl_ceiling [ROUNDS] [BATCHES] [STEP] [SHARDS]
//     default 5 rounds of 40 batches, every step ("" or "all"), 4 shards; STEP: only that one
//     (e.g. under perf).
//
// Prints one JSON line: per step, the median over ROUNDS of the CPU microseconds per record.
// Each step runs on its own fresh database in a temporary directory, removed at the end.
// Single-threaded.
#include <sqlite3.h>
#include <time.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <functional>
#include <map>
#include <random>
#include <string>
#include <vector>

#include "kinesisctl/clock.h"
#include "server/actions/context.h"
#include "server/actions/plain_put_records.h"
#include "server/cbor/cbor_codec.h"
#include "server/front_door.h"
#include "server/model/sequence_number.h"
#include "server/router.h"
#include "server/simple_json.h"
#include "server/storage/sqlite_schema.h"
#include "server/storage/storage.h"

namespace {

using namespace kinesisctl;          // NOLINT
using namespace kinesisctl::server;  // NOLINT

constexpr int kBatch = 500;
constexpr int kSize = 100;
int kShards = 4;  // argv[4]

double CpuSeconds() {
  timespec ts{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}

std::string Base64(const std::string& data) {
  static constexpr char kAlphabet[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  size_t i = 0;
  auto at = [&](size_t k) { return static_cast<unsigned char>(data[k]); };
  for (; i + 2 < data.size(); i += 3) {
    const uint32_t v = (at(i) << 16) | (at(i + 1) << 8) | at(i + 2);
    for (int s = 18; s >= 0; s -= 6) out += kAlphabet[(v >> s) & 63];
  }
  if (i < data.size()) {
    const uint32_t v = (at(i) << 16) | (i + 1 < data.size() ? at(i + 1) << 8 : 0);
    out += kAlphabet[v >> 18];
    out += kAlphabet[(v >> 12) & 63];
    out += i + 1 < data.size() ? kAlphabet[(v >> 6) & 63] : '=';
    out += '=';
  }
  return out;
}

void CborHead(std::string& out, int major, uint64_t n) {
  const auto m = static_cast<unsigned char>(major << 5);
  if (n < 24) {
    out += static_cast<char>(m | n);
  } else if (n < 256) {
    out += static_cast<char>(m | 24);
    out += static_cast<char>(n);
  } else {
    out += static_cast<char>(m | 25);
    out += static_cast<char>(n >> 8);
    out += static_cast<char>(n & 0xff);
  }
}
void CborText(std::string& out, const std::string& text) {
  CborHead(out, 3, text.size());
  out += text;
}

struct Batch {
  std::vector<std::string> data, keys;
  std::string json, cbor;
};

Batch MakeBatch(std::mt19937_64& random, const std::string& stream) {
  Batch b;
  b.json = "{\"StreamName\":\"" + stream + "\",\"Records\":[";
  CborHead(b.cbor, 5, 2);
  CborText(b.cbor, "StreamName");
  CborText(b.cbor, stream);
  CborText(b.cbor, "Records");
  CborHead(b.cbor, 4, kBatch);
  for (int r = 0; r < kBatch; ++r) {
    std::string data(kSize, '\0');
    for (char& c : data) c = static_cast<char>(random());
    const std::string key = std::to_string(random());
    b.json += (r ? ",{\"Data\":\"" : "{\"Data\":\"") + Base64(data) + "\",\"PartitionKey\":\"" +
              key + "\"}";
    CborHead(b.cbor, 5, 2);
    CborText(b.cbor, "Data");
    CborHead(b.cbor, 2, data.size());
    b.cbor += data;
    CborText(b.cbor, "PartitionKey");
    CborText(b.cbor, key);
    b.data.push_back(std::move(data));
    b.keys.push_back(key);
  }
  b.json += "]}";
  return b;
}

[[noreturn]] void Fail(const std::string& what) {
  std::fprintf(stderr, "kinesisctl_ceiling: %s\n", what.c_str());
  std::exit(1);
}

// CPU microseconds per record of `batches` calls of `step` (each one batch of kBatch records).
double PerRecordUs(int batches, const std::function<void(int)>& step) {
  const double t0 = CpuSeconds();
  for (int i = 0; i < batches; ++i) step(i);
  return (CpuSeconds() - t0) * 1e6 / (static_cast<double>(batches) * kBatch);
}

HttpRequest Request(const std::string& target, const std::string& body, bool cbor) {
  HttpRequest r;
  r.method = "POST";
  r.target = "/";
  r.headers = {{"content-type", cbor ? "application/x-amz-cbor-1.1" : "application/x-amz-json-1.1"},
               {"x-amz-target", "Kinesis_20131202." + target},
               {"x-amz-date", "20260101T000000Z"},
               {"authorization",
                "AWS4-HMAC-SHA256 Credential=AKIDBENCHKEY/20260101/us-east-1/kinesis/"
                "aws4_request, SignedHeaders=host;x-amz-date, Signature=0"}};
  r.body = body;
  r.peer = "127.0.0.1";
  return r;
}

}  // namespace

int main(int argc, char** argv) {
  const int rounds = argc > 1 ? std::atoi(argv[1]) : 5;
  const int batches = argc > 2 ? std::atoi(argv[2]) : 40;
  const std::string only = argc > 3 && std::string(argv[3]) != "all" ? argv[3] : "";
  if (argc > 4) kShards = std::atoi(argv[4]);
  if (kShards < 1 || kShards > 64) Fail("SHARDS: 1 to 64");
  if (rounds < 1 || batches < 1) Fail("usage: kinesisctl_ceiling [ROUNDS] [BATCHES] [STEP]");
  auto wanted = [&](const std::string& step) { return only.empty() || only == step; };
  std::mt19937_64 random(0x5eed);
  std::vector<Batch> pool;
  for (int i = 0; i < 8; ++i) pool.push_back(MakeBatch(random, "bench-load"));
  const auto root =
      std::filesystem::temp_directory_path() / ("kinesisctl-ceiling-" + std::to_string(::getpid()));
  std::map<std::string, std::vector<double>> samples;
  int64_t now_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                       std::chrono::system_clock::now().time_since_epoch())
                       .count();
  for (int round = 0; round < rounds; ++round) {
    std::filesystem::remove_all(root);
    std::filesystem::create_directories(root);
    if (wanted("parse")) {
      samples["parse"].push_back(PerRecordUs(batches, [&](int i) {
        if (!ParsePlainPutRecords(pool[i % pool.size()].json)) Fail("parse");
      }));
    }
    if (wanted("parse_document")) {
      samples["parse_document"].push_back(PerRecordUs(batches, [&](int i) {
        if (!ParseSimpleJson(pool[i % pool.size()].json)) Fail("parse document");
      }));
    }
    if (wanted("cbor_decode")) {
      samples["cbor_decode"].push_back(PerRecordUs(batches, [&](int i) {
        if (!CborToJson(pool[i % pool.size()].cbor).ok()) Fail("cbor decode");
      }));
    }

    // SQLite alone: the server's schema 3 (the database made by the server's storage, each
    // shard's id and table made as the storage makes them on a shard's first record), rows bound
    // directly into the shard's table through its own prepared insert.
    for (const sqlite_schema::TableKind kind :
         {sqlite_schema::TableKind::kPacked, sqlite_schema::TableKind::kPair}) {
      const bool packed = kind == sqlite_schema::TableKind::kPacked;
      const std::string step = packed ? "sqlite" : "sqlite_pair_key";
      if (!wanted(step)) continue;
      const std::string dir = (root / step).string();
      {
        auto made = OpenSqliteStorage(dir);
        if (!made.ok()) Fail(made.status().ToString());
      }
      sqlite3* db = nullptr;
      if (sqlite3_open((dir + "/kinesisctl.db").c_str(), &db) != SQLITE_OK) Fail("open");
      sqlite3_exec(db, "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL", nullptr, nullptr,
                   nullptr);
      std::vector<sqlite3_stmt*> inserts(kShards, nullptr);
      for (int shard = 0; shard < kShards; ++shard) {
        std::string sql =
            "INSERT INTO shard_keys(region, stream, shard, pair_key) VALUES('us-east-1', "
            "'bench-load', " +
            std::to_string(shard) + (packed ? ", 0)" : ", 1)");
        if (sqlite3_exec(db, sql.c_str(), nullptr, nullptr, nullptr) != SQLITE_OK) {
          Fail(sqlite3_errmsg(db));
        }
        const int64_t sid = sqlite3_last_insert_rowid(db);
        sql = sqlite_schema::CreateTableSql(sid, kind);
        if (sqlite3_exec(db, sql.c_str(), nullptr, nullptr, nullptr) != SQLITE_OK) {
          Fail(sqlite3_errmsg(db));
        }
        sql = sqlite_schema::InsertSql(sid, kind);
        if (sqlite3_prepare_v2(db, sql.c_str(), -1, &inserts[shard], nullptr) != SQLITE_OK) {
          Fail(sqlite3_errmsg(db));
        }
      }
      std::vector<int64_t> counters(kShards, 0);
      samples[step].push_back(PerRecordUs(batches, [&](int i) {
        const Batch& b = pool[i % pool.size()];
        ++now_ms;
        std::fill(counters.begin(), counters.end(), 0);
        sqlite3_exec(db, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr);
        for (int r = 0; r < kBatch; ++r) {
          const int shard = static_cast<int>(std::hash<std::string>()(b.keys[r]) % kShards);
          sqlite3_stmt* st = inserts[shard];
          int p = 1;
          if (packed) {
            sqlite3_bind_int64(st, p++, sqlite_schema::Pack(now_ms, counters[shard]++));
          } else {
            sqlite3_bind_int64(st, p++, now_ms);
            sqlite3_bind_int64(st, p++, counters[shard]++);
          }
          sqlite3_bind_int64(st, p++, now_ms);
          sqlite3_bind_text(st, p++, b.keys[r].data(), static_cast<int>(b.keys[r].size()),
                            SQLITE_STATIC);
          sqlite3_bind_blob(st, p, b.data[r].data(), kSize, SQLITE_STATIC);
          if (sqlite3_step(st) != SQLITE_DONE) Fail(sqlite3_errmsg(db));
          sqlite3_reset(st);
        }
        if (sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr) != SQLITE_OK) {
          Fail(sqlite3_errmsg(db));
        }
      }));
      for (sqlite3_stmt* st : inserts) sqlite3_finalize(st);
      sqlite3_close(db);
    }

    // The previous schema (2), for comparison: every shard's records in one WITHOUT ROWID table
    // keyed by (shard id, time, counter), through one prepared statement.
    if (wanted("sqlite_schema2")) {
      const std::string dir = (root / "schema2").string();
      std::filesystem::create_directories(dir);
      sqlite3* db = nullptr;
      if (sqlite3_open((dir + "/kinesisctl.db").c_str(), &db) != SQLITE_OK) Fail("open");
      sqlite3_exec(db, "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL", nullptr, nullptr,
                   nullptr);
      if (sqlite3_exec(db,
                       "CREATE TABLE shard_keys(id INTEGER PRIMARY KEY, region TEXT NOT NULL, "
                       "stream TEXT NOT NULL, shard INTEGER NOT NULL, UNIQUE(region, stream, "
                       "shard));"
                       "CREATE TABLE shard_records(sid INTEGER NOT NULL, ms INTEGER NOT NULL, n "
                       "INTEGER NOT NULL, arrival INTEGER NOT NULL, pkey TEXT NOT NULL, data BLOB "
                       "NOT NULL, PRIMARY KEY(sid, ms, n)) WITHOUT ROWID",
                       nullptr, nullptr, nullptr) != SQLITE_OK) {
        Fail(sqlite3_errmsg(db));
      }
      for (int shard = 0; shard < kShards; ++shard) {
        const std::string sql =
            "INSERT INTO shard_keys(region, stream, shard) VALUES('us-east-1', "
            "'bench-load', " +
            std::to_string(shard) + ")";
        sqlite3_exec(db, sql.c_str(), nullptr, nullptr, nullptr);
      }
      sqlite3_stmt* st = nullptr;
      if (sqlite3_prepare_v2(db,
                             "INSERT INTO shard_records(sid, ms, n, arrival, pkey, data) "
                             "VALUES(?1, ?2, ?3, ?4, ?5, ?6)",
                             -1, &st, nullptr) != SQLITE_OK) {
        Fail(sqlite3_errmsg(db));
      }
      std::vector<int64_t> counters(kShards, 0);
      samples["sqlite_schema2"].push_back(PerRecordUs(batches, [&](int i) {
        const Batch& b = pool[i % pool.size()];
        ++now_ms;
        std::fill(counters.begin(), counters.end(), 0);
        sqlite3_exec(db, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr);
        for (int r = 0; r < kBatch; ++r) {
          const int shard = static_cast<int>(std::hash<std::string>()(b.keys[r]) % kShards);
          sqlite3_reset(st);
          sqlite3_bind_int64(st, 1, shard + 1);
          sqlite3_bind_int64(st, 2, now_ms);
          sqlite3_bind_int64(st, 3, counters[shard]++);
          sqlite3_bind_int64(st, 4, now_ms);
          sqlite3_bind_text(st, 5, b.keys[r].data(), static_cast<int>(b.keys[r].size()),
                            SQLITE_STATIC);
          sqlite3_bind_blob(st, 6, b.data[r].data(), kSize, SQLITE_STATIC);
          if (sqlite3_step(st) != SQLITE_DONE) Fail(sqlite3_errmsg(db));
        }
        if (sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr) != SQLITE_OK) {
          Fail(sqlite3_errmsg(db));
        }
      }));
      sqlite3_finalize(st);
      sqlite3_close(db);
    }

    // A batch as the router hands it to the storage: shard by partition key, numbered per shard.
    const auto StorageRows = [&](const Batch& b, int64_t ms, std::vector<uint64_t>& counters) {
      std::vector<NewRecord> records;
      records.reserve(kBatch);
      for (int r = 0; r < kBatch; ++r) {
        const int shard = static_cast<int>(std::hash<std::string>()(b.keys[r]) % kShards);
        records.push_back(
            {"us-east-1",
             "bench-load",
             shard,
             {FormatSequenceNumber(ms, counters[shard]++, shard), ms, b.keys[r], b.data[r]}});
      }
      return records;
    };

    // The server's storage layer.
    if (wanted("storage")) {
      auto storage = OpenSqliteStorage((root / "storage").string());
      if (!storage.ok()) Fail(storage.status().ToString());
      std::vector<uint64_t> counters(kShards, 0);
      samples["storage"].push_back(PerRecordUs(batches, [&](int i) {
        const Batch& b = pool[i % pool.size()];
        ++now_ms;
        std::fill(counters.begin(), counters.end(), 0);
        if (!(*storage)->Commit({}, StorageRows(b, now_ms, counters)).ok()) Fail("commit");
      }));
    }

    // The same through Storage::CommitRecords, four requests' batches per transaction: what
    // group commit does when four PutRecords wait together (each batch a request's records).
    if (wanted("storage_group4")) {
      auto storage = OpenSqliteStorage((root / "storage-group").string());
      if (!storage.ok()) Fail(storage.status().ToString());
      std::vector<uint64_t> counters(kShards, 0);
      std::vector<std::vector<NewRecord>> group(4);
      samples["storage_group4"].push_back(PerRecordUs(batches, [&](int i) {
        const Batch& b = pool[i % pool.size()];
        if (i % 4 == 0) {
          ++now_ms;
          std::fill(counters.begin(), counters.end(), 0);
        }
        group[i % 4] = StorageRows(b, now_ms, counters);
        if (i % 4 == 3 || i == batches - 1) {
          std::vector<const std::vector<NewRecord>*> pending;
          for (int k = 0; k <= i % 4; ++k) pending.push_back(&group[k]);
          if (!(*storage)->CommitRecords(pending).ok()) Fail("group commit");
        }
      }));
    }

    // The whole request path without HTTP, in JSON and in CBOR.
    for (const bool cbor : {false, true}) {
      if (!wanted(cbor ? "request_cbor" : "request")) continue;
      ServerConfig config;
      config.create_delay_ms = config.update_delay_ms = config.delete_delay_ms = 0;
      auto storage = OpenSqliteStorage((root / (cbor ? "door-cbor" : "door-json")).string());
      if (!storage.ok()) Fail(storage.status().ToString());
      auto router = Router::Create(config, DefaultClock(), std::move(*storage));
      if (!router.ok()) Fail(router.status().ToString());
      FrontDoor door(**router);
      const HttpResponse made = door.Handle(Request(
          "CreateStream",
          "{\"StreamName\":\"bench-load\",\"ShardCount\":" + std::to_string(kShards) + "}", false));
      if (made.status != 200) Fail("CreateStream: " + made.body);
      std::vector<HttpRequest> requests;
      for (const Batch& b : pool)
        requests.push_back(Request("PutRecords", cbor ? b.cbor : b.json, cbor));
      samples[cbor ? "request_cbor" : "request"].push_back(PerRecordUs(batches, [&](int i) {
        const HttpResponse r = door.Handle(requests[i % requests.size()]);
        if (r.status != 200) Fail("PutRecords: " + r.body.substr(0, 300));
      }));
      // GetRecords (Limit 10000) of shard 0 from its start, answered in the same format: CPU per
      // record read.
      const HttpResponse it =
          door.Handle(Request("GetShardIterator",
                              "{\"StreamName\":\"bench-load\",\"ShardId\":\"shardId-000000000000\","
                              "\"ShardIteratorType\":\"TRIM_HORIZON\"}",
                              false));
      if (it.status != 200) Fail("GetShardIterator: " + it.body);
      const std::string iterator = nlohmann::json::parse(it.body).at("ShardIterator");
      std::string get_body;
      if (cbor) {
        CborHead(get_body, 5, 2);
        CborText(get_body, "ShardIterator");
        CborText(get_body, iterator);
        CborText(get_body, "Limit");
        CborHead(get_body, 0, 10000);
      } else {
        get_body = "{\"ShardIterator\":\"" + iterator + "\",\"Limit\":10000}";
      }
      const HttpRequest get = Request("GetRecords", get_body, cbor);
      const int reads = 10;
      const double t0 = CpuSeconds();
      size_t answer_bytes = 0;
      for (int i = 0; i < reads; ++i) {
        const HttpResponse r = door.Handle(get);
        if (r.status != 200) Fail("GetRecords: " + r.body.substr(0, 300));
        answer_bytes = r.body.size();
      }
      const double records = static_cast<double>(batches) * kBatch / kShards;  // about
      samples[cbor ? "get_cbor" : "get"].push_back((CpuSeconds() - t0) * 1e6 / (reads * records));
      if (answer_bytes == 0) Fail("GetRecords: empty answer");
    }
  }
  std::filesystem::remove_all(root);
  std::string out = "{\"batch\":500,\"record_bytes\":100,\"shards\":" + std::to_string(kShards) +
                    ",\"rounds\":" + std::to_string(rounds) +
                    ",\"batches\":" + std::to_string(batches) + ",\"cpu_us_per_record\":{";
  bool first = true;
  for (auto& [name, values] : samples) {
    std::sort(values.begin(), values.end());
    char buf[96];
    std::snprintf(buf, sizeof buf, "%s\"%s\":%.3f", first ? "" : ",", name.c_str(),
                  values[values.size() / 2]);
    out += buf;
    first = false;
  }
  std::printf("%s}}\n", out.c_str());
  return 0;
}
