// SQLite implementation of Storage: one writer connection (serialised by a mutex) and, for a
// database file, a pool of reader connections that WAL lets run beside the writer. In memory,
// readers share the writer connection. A data directory is locked for the storage's lifetime
// and its database passes an integrity check before it is used; a database of the previous
// schema (kSchema1Move) is then upgraded in place, in one transaction.
#include <fcntl.h>
#include <sqlite3.h>
#include <sys/file.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cstring>
#include <filesystem>
#include <limits>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <tuple>

#include "server/model/model_json.h"
#include "server/model/sequence_number.h"
#include "server/storage/storage.h"

namespace kinesisctl::server {
namespace {

// Schema 2 (user_version 2). Records are keyed by a small integer per shard (shard_keys) and
// the two integers of the sequence number (its millisecond time and counter); the 56-digit text
// is rebuilt from them (FormatSequenceNumber) when read. Schema 1 keyed records by region,
// stream, shard and that text, and comparing it was most of the cost of an insert.
constexpr char kSchema[] =
    "CREATE TABLE IF NOT EXISTS streams(region TEXT NOT NULL, name TEXT NOT NULL, body TEXT NOT "
    "NULL, PRIMARY KEY(region, name));"
    "CREATE TABLE IF NOT EXISTS shard_keys(id INTEGER PRIMARY KEY, region TEXT NOT NULL, stream "
    "TEXT NOT NULL, shard INTEGER NOT NULL, UNIQUE(region, stream, shard));"
    "CREATE TABLE IF NOT EXISTS shard_records(sid INTEGER NOT NULL, ms INTEGER NOT NULL, n "
    "INTEGER NOT NULL, arrival INTEGER NOT NULL, pkey TEXT NOT NULL, data BLOB NOT NULL, "
    "PRIMARY KEY(sid, ms, n)) WITHOUT ROWID;"
    // Added later: IF NOT EXISTS also upgrades databases made before it.
    "CREATE TABLE IF NOT EXISTS account_settings(region TEXT PRIMARY KEY, body TEXT NOT NULL);";

// Schema 1's records, moved into schema 2 in one transaction (Upgrade). Every sequence number
// schema 1 stored was written by FormatSequenceNumber: "49", 16 digits of time, 20 of counter,
// 18 of shard index; a row that is not of that form stops the upgrade.
constexpr char kSchema1Check[] =
    "SELECT count(*) FROM records WHERE length(seq) != 56 OR seq GLOB '*[^0-9]*' OR "
    "substr(seq, 1, 2) != '49' OR CAST(substr(seq, 39) AS INTEGER) != shard";
constexpr char kSchema1Move[] =
    "INSERT OR IGNORE INTO shard_keys(region, stream, shard) SELECT DISTINCT region, stream, "
    "shard FROM records;"
    "INSERT INTO shard_records(sid, ms, n, arrival, pkey, data) SELECT k.id, CAST(substr(r.seq, "
    "3, 16) AS INTEGER), CAST(substr(r.seq, 19, 20) AS INTEGER), r.arrival, r.pkey, r.data FROM "
    "records r JOIN shard_keys k ON k.region = r.region AND k.stream = r.stream AND k.shard = "
    "r.shard;"
    "DROP TABLE records;";

// The (time, counter) key of a sequence number of this server's form; a counter beyond int64 (a
// client's number, never one we gave out) is clamped, which keeps the order. nullopt when the
// text is not of that form.
struct SeqKey {
  int64_t ms = 0;
  int64_t n = 0;
};
std::optional<SeqKey> KeyOf(const std::string& sequence) {
  if (sequence.size() != kSequenceNumberLength) return std::nullopt;
  const char* p = sequence.data();
  SeqKey key;
  uint64_t counter = 0;
  if (std::from_chars(p + 2, p + 18, key.ms).ec != std::errc()) return std::nullopt;
  const auto parsed = std::from_chars(p + 18, p + 38, counter);
  if (parsed.ec == std::errc::result_out_of_range) {
    counter = std::numeric_limits<uint64_t>::max();
  } else if (parsed.ec != std::errc() || parsed.ptr != p + 38) {
    return std::nullopt;
  }
  key.n = static_cast<int64_t>(
      std::min<uint64_t>(counter, static_cast<uint64_t>(std::numeric_limits<int64_t>::max())));
  return key;
}

Status DbError(sqlite3* db, const std::string& what) {
  return Status(codes::kInternal, what + ": " + (db ? sqlite3_errmsg(db) : "out of memory"));
}

// A prepared statement, finalised on scope exit. Bound text and blobs are not copied: they must
// outlive the statement's next step.
class Stmt {
 public:
  Stmt(sqlite3* db, const char* sql) { rc_ = sqlite3_prepare_v2(db, sql, -1, &stmt_, nullptr); }
  ~Stmt() { sqlite3_finalize(stmt_); }
  bool ok() const { return rc_ == SQLITE_OK; }
  sqlite3_stmt* get() { return stmt_; }
  void Text(int i, const std::string& s) {
    sqlite3_bind_text(stmt_, i, s.data(), static_cast<int>(s.size()), SQLITE_STATIC);
  }
  void Text(int i, std::string&&) = delete;  // a temporary would be gone before the step
  void Blob(int i, const std::string& s) {
    sqlite3_bind_blob(stmt_, i, s.data(), static_cast<int>(s.size()), SQLITE_STATIC);
  }
  void Int(int i, int64_t v) { sqlite3_bind_int64(stmt_, i, v); }
  std::string Column(int i) {
    const auto* p = static_cast<const char*>(sqlite3_column_blob(stmt_, i));
    return p ? std::string(p, sqlite3_column_bytes(stmt_, i)) : std::string();
  }

 private:
  sqlite3_stmt* stmt_ = nullptr;
  int rc_ = SQLITE_ERROR;
};

class SqliteStorage final : public Storage {
 public:
  ~SqliteStorage() override {
    insert_.reset();  // finalised before its connection closes
    for (sqlite3* r : readers_) sqlite3_close(r);
    sqlite3_close(writer_);
    if (lock_fd_ >= 0) close(lock_fd_);  // releases the directory lock
  }

  Status Open(const std::string& data_dir) {
    if (!data_dir.empty()) {
      std::error_code ec;
      std::filesystem::create_directories(data_dir, ec);
      if (ec)
        return InvalidInputError("cannot create --data-dir " + data_dir + ": " + ec.message());
      KINESISCTL_RETURN_IF_ERROR(LockDirectory(data_dir));
      path_ = (std::filesystem::path(data_dir) / "kinesisctl.db").string();
    }
    Status s = Connect(&writer_);
    if (s.ok() && !path_.empty()) s = CheckIntegrity();
    if (s.ok()) s = Exec(writer_, kSchema);
    if (s.ok()) s = Upgrade();
    if (!s.ok() && !path_.empty()) {
      const int rc = sqlite3_extended_errcode(writer_) & 0xff;
      if (rc == SQLITE_CORRUPT || rc == SQLITE_NOTADB) return Damaged(s.message());
    }
    return s;
  }

  StatusOr<Model> Load() override {
    std::lock_guard<std::mutex> lock(write_mu_);
    Model model;
    Stmt st(writer_, "SELECT region, body FROM streams");
    if (!st.ok()) return DbError(writer_, "reading streams");
    while (sqlite3_step(st.get()) == SQLITE_ROW) {
      KINESISCTL_ASSIGN_OR_RETURN(Stream s, StreamFromJson(st.Column(1)));
      std::string name = s.name;
      model.regions[st.Column(0)].streams.emplace(std::move(name), std::move(s));
    }
    Stmt acc(writer_, "SELECT region, body FROM account_settings");
    if (!acc.ok()) return DbError(writer_, "reading account settings");
    while (sqlite3_step(acc.get()) == SQLITE_ROW) {
      KINESISCTL_ASSIGN_OR_RETURN(model.regions[acc.Column(0)].account,
                                  AccountSettingsFromJson(acc.Column(1)));
    }
    return model;
  }

  Status SaveAccountSettings(const std::string& region, const AccountSettings& settings) override {
    std::lock_guard<std::mutex> lock(write_mu_);
    Stmt st(writer_, "INSERT OR REPLACE INTO account_settings(region, body) VALUES(?1, ?2)");
    if (!st.ok()) return DbError(writer_, "saving account settings");
    st.Text(1, region);
    const std::string body = AccountSettingsToJson(settings);
    st.Text(2, body);
    if (sqlite3_step(st.get()) != SQLITE_DONE) return DbError(writer_, "saving account settings");
    return OkStatus();
  }

  StatusOr<StoredRecord> LastRecord(const std::string& region, const std::string& stream,
                                    int shard) override {
    std::lock_guard<std::mutex> lock(write_mu_);
    Stmt st(writer_,
            "SELECT ms, n, arrival FROM shard_records WHERE sid=(SELECT id FROM shard_keys WHERE "
            "region=?1 AND stream=?2 AND shard=?3) ORDER BY ms DESC, n DESC LIMIT 1");
    if (!st.ok()) return DbError(writer_, "reading records");
    st.Text(1, region);
    st.Text(2, stream);
    st.Int(3, shard);
    StoredRecord r;
    if (sqlite3_step(st.get()) == SQLITE_ROW) {
      r.sequence =
          FormatSequenceNumber(sqlite3_column_int64(st.get(), 0),
                               static_cast<uint64_t>(sqlite3_column_int64(st.get(), 1)), shard);
      r.arrival_ms = sqlite3_column_int64(st.get(), 2);
    }
    return r;
  }

  Status Commit(const std::vector<StreamChange>& changes,
                const std::vector<NewRecord>& records) override {
    if (changes.empty() && records.empty()) return OkStatus();
    std::lock_guard<std::mutex> lock(write_mu_);
    KINESISCTL_RETURN_IF_ERROR(Exec(writer_, "BEGIN IMMEDIATE"));
    Status s = CommitLocked(changes, records);
    if (s.ok()) s = Exec(writer_, "COMMIT");
    if (!s.ok()) {
      (void)Exec(writer_, "ROLLBACK");
      shard_ids_.clear();  // ids inserted by the rolled-back transaction are gone
    }
    return s;
  }

  Status CommitRecords(const std::vector<const std::vector<NewRecord>*>& batches) override {
    if (batches.empty()) return OkStatus();
    std::lock_guard<std::mutex> lock(write_mu_);
    KINESISCTL_RETURN_IF_ERROR(Exec(writer_, "BEGIN IMMEDIATE"));
    Status s = OkStatus();
    for (const auto* batch : batches) {
      s = InsertRecords(*batch);
      if (!s.ok()) break;
    }
    if (s.ok()) s = Exec(writer_, "COMMIT");
    if (!s.ok()) {
      (void)Exec(writer_, "ROLLBACK");
      shard_ids_.clear();
    }
    return s;
  }

  StatusOr<std::vector<StoredRecord>> Read(const ReadQuery& q) override {
    if (path_.empty()) {
      std::lock_guard<std::mutex> lock(write_mu_);
      return ReadWith(writer_, q);
    }
    sqlite3* db = nullptr;
    {
      std::lock_guard<std::mutex> lock(pool_mu_);
      if (!free_readers_.empty()) {
        db = free_readers_.back();
        free_readers_.pop_back();
      }
    }
    if (!db) {
      KINESISCTL_RETURN_IF_ERROR(Connect(&db));
      std::lock_guard<std::mutex> lock(pool_mu_);
      readers_.push_back(db);
    }
    auto result = ReadWith(db, q);
    std::lock_guard<std::mutex> lock(pool_mu_);
    free_readers_.push_back(db);
    return result;
  }

  Status Trim(const std::string& region, const std::string& stream, int64_t before_ms) override {
    std::lock_guard<std::mutex> lock(write_mu_);
    // By the sequence number's time, a range of the primary key, not by arrival, which would
    // read every record of the stream (170 ms for 2,000,000 records, each minute, under the
    // router's lock). A sequence number's time is never before its record's arrival, so this
    // removes only expired records; one whose sequence time is later (the clock went back) stays
    // until that time passes, and reads skip it meanwhile (ReadQuery::min_arrival_ms).
    Stmt st(writer_,
            "DELETE FROM shard_records WHERE sid IN (SELECT id FROM shard_keys WHERE region=?1 "
            "AND stream=?2) AND ms<?3");
    if (!st.ok()) return DbError(writer_, "trimming records");
    st.Text(1, region);
    st.Text(2, stream);
    st.Int(3, before_ms);
    if (sqlite3_step(st.get()) != SQLITE_DONE) return DbError(writer_, "trimming records");
    return OkStatus();
  }

 private:
  // An exclusive flock on DIR/kinesisctl.lock, held until the storage is destroyed (or the
  // process ends, however it ends). The file holds the owner's pid for the error message.
  Status LockDirectory(const std::string& dir) {
    const std::string lock_path = (std::filesystem::path(dir) / "kinesisctl.lock").string();
    lock_fd_ = open(lock_path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (lock_fd_ < 0) {
      return InvalidInputError("cannot open " + lock_path + ": " + std::strerror(errno));
    }
    if (flock(lock_fd_, LOCK_EX | LOCK_NB) != 0) {
      const int err = errno;
      if (err != EWOULDBLOCK) {
        return InvalidInputError("cannot lock " + lock_path + ": " + std::strerror(err));
      }
      char buf[32] = {};
      const ssize_t n = pread(lock_fd_, buf, sizeof buf - 1, 0);
      std::string pid = n > 0 ? std::string(buf, static_cast<size_t>(n)) : "";
      while (!pid.empty() && (pid.back() == '\n' || pid.back() == ' ')) pid.pop_back();
      return Status(codes::kConfig, "data directory " + dir + " is in use (pid " +
                                        (pid.empty() ? "unknown" : pid) +
                                        "); stop that server or give another --data-dir");
    }
    const std::string pid = std::to_string(getpid()) + "\n";
    if (ftruncate(lock_fd_, 0) != 0 ||
        pwrite(lock_fd_, pid.data(), pid.size(), 0) != static_cast<ssize_t>(pid.size())) {
      return InvalidInputError("cannot write " + lock_path + ": " + std::strerror(errno));
    }
    return OkStatus();
  }

  // Moves a schema-1 database's records into schema 2 (kSchema1Move) in one transaction, once;
  // user_version records the schema. A fresh database is simply marked.
  Status Upgrade() {
    int64_t version = 0;
    {
      Stmt st(writer_, "PRAGMA user_version");
      if (!st.ok() || sqlite3_step(st.get()) != SQLITE_ROW) return DbError(writer_, "schema");
      version = sqlite3_column_int64(st.get(), 0);
    }
    bool schema1 = false;
    {
      Stmt st(writer_, "SELECT 1 FROM sqlite_master WHERE type='table' AND name='records'");
      if (!st.ok()) return DbError(writer_, "schema");
      schema1 = sqlite3_step(st.get()) == SQLITE_ROW;
    }
    if (!schema1) return version >= 2 ? OkStatus() : Exec(writer_, "PRAGMA user_version=2");
    KINESISCTL_RETURN_IF_ERROR(Exec(writer_, "BEGIN IMMEDIATE"));
    int64_t foreign = -1;
    {
      Stmt st(writer_, kSchema1Check);
      if (st.ok() && sqlite3_step(st.get()) == SQLITE_ROW)
        foreign = sqlite3_column_int64(st.get(), 0);
    }
    Status s = foreign < 0   ? DbError(writer_, "upgrading " + path_)
               : foreign > 0 ? Status(codes::kConfig,
                                      "cannot upgrade the database " + path_ + ": " +
                                          std::to_string(foreign) +
                                          " records have sequence numbers this server does not "
                                          "write; keep using the release that wrote it")
                             : Exec(writer_, kSchema1Move);
    if (s.ok()) s = Exec(writer_, "PRAGMA user_version=2");
    if (s.ok()) s = Exec(writer_, "COMMIT");
    if (!s.ok()) (void)Exec(writer_, "ROLLBACK");
    return s;
  }

  // The integer id of a shard's records, created (inside the caller's transaction) on its first
  // record. Called with write_mu_ held.
  StatusOr<int64_t> ShardId(const std::string& region, const std::string& stream, int shard) {
    auto key = std::make_tuple(region, stream, shard);
    if (auto found = shard_ids_.find(key); found != shard_ids_.end()) return found->second;
    Stmt find(writer_, "SELECT id FROM shard_keys WHERE region=?1 AND stream=?2 AND shard=?3");
    if (!find.ok()) return DbError(writer_, "reading shard ids");
    find.Text(1, region);
    find.Text(2, stream);
    find.Int(3, shard);
    int64_t id;
    if (sqlite3_step(find.get()) == SQLITE_ROW) {
      id = sqlite3_column_int64(find.get(), 0);
    } else {
      Stmt add(writer_, "INSERT INTO shard_keys(region, stream, shard) VALUES(?1, ?2, ?3)");
      add.Text(1, region);
      add.Text(2, stream);
      add.Int(3, shard);
      if (sqlite3_step(add.get()) != SQLITE_DONE) return DbError(writer_, "saving shard id");
      id = sqlite3_last_insert_rowid(writer_);
    }
    shard_ids_.emplace(std::move(key), id);
    return id;
  }

  // PRAGMA quick_check: every page and index entry readable and well-formed (O(size), no
  // cross-checks of index contents); at most 10 problems are listed.
  Status CheckIntegrity() {
    Stmt st(writer_, "PRAGMA quick_check(10)");
    if (!st.ok()) return DbError(writer_, "checking " + path_);
    std::string problems;
    int rc;
    while ((rc = sqlite3_step(st.get())) == SQLITE_ROW) {
      const std::string line = st.Column(0);
      if (line == "ok") continue;
      problems += (problems.empty() ? "" : "; ") + line;
    }
    if (rc != SQLITE_DONE) return DbError(writer_, "checking " + path_);
    if (!problems.empty()) return Damaged(problems);
    return OkStatus();
  }

  Status Damaged(const std::string& what) const {
    return Status(codes::kConfig,
                  "the database " + path_ + " is damaged (" + what +
                      "). Move it aside (with its -wal and -shm files) to start with an empty "
                      "data directory, or restore it from a backup; `sqlite3 " +
                      path_ + " .recover` can save what is still readable");
  }

  Status Connect(sqlite3** db) {
    const std::string name = path_.empty() ? ":memory:" : path_;
    if (sqlite3_open_v2(name.c_str(), db,
                        SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
                        nullptr) != SQLITE_OK) {
      return DbError(*db, "cannot open " + name);
    }
    sqlite3_busy_timeout(*db, 10'000);
    if (!path_.empty()) {
      KINESISCTL_RETURN_IF_ERROR(Exec(*db, "PRAGMA journal_mode=WAL"));
      KINESISCTL_RETURN_IF_ERROR(Exec(*db, "PRAGMA synchronous=NORMAL"));
    }
    return OkStatus();
  }

  static Status Exec(sqlite3* db, const char* sql) {
    char* error = nullptr;
    if (sqlite3_exec(db, sql, nullptr, nullptr, &error) != SQLITE_OK) {
      Status s(codes::kInternal, std::string("storage: ") + (error ? error : "failed"));
      sqlite3_free(error);
      return s;
    }
    return OkStatus();
  }

  Status CommitLocked(const std::vector<StreamChange>& changes,
                      const std::vector<NewRecord>& records) {
    for (const StreamChange& c : changes) {
      if (c.stream) {
        Stmt st(writer_, "INSERT OR REPLACE INTO streams(region, name, body) VALUES(?1, ?2, ?3)");
        st.Text(1, c.region);
        st.Text(2, c.name);
        const std::string body = StreamToJson(*c.stream);
        st.Text(3, body);
        if (sqlite3_step(st.get()) != SQLITE_DONE) return DbError(writer_, "saving stream");
      } else {
        shard_ids_.clear();
        for (const char* sql :
             {"DELETE FROM streams WHERE region=?1 AND name=?2",
              "DELETE FROM shard_records WHERE sid IN (SELECT id FROM shard_keys WHERE "
              "region=?1 AND stream=?2)",
              "DELETE FROM shard_keys WHERE region=?1 AND stream=?2"}) {
          Stmt st(writer_, sql);
          st.Text(1, c.region);
          st.Text(2, c.name);
          if (sqlite3_step(st.get()) != SQLITE_DONE) return DbError(writer_, "deleting stream");
        }
      }
    }
    return InsertRecords(records);
  }

  // Appends records inside the caller's transaction through one statement prepared once per
  // connection. Called with write_mu_ held.
  Status InsertRecords(const std::vector<NewRecord>& records) {
    if (records.empty()) return OkStatus();
    if (!insert_) {
      auto st = std::make_unique<Stmt>(writer_,
                                       "INSERT INTO shard_records(sid, ms, n, arrival, pkey, data) "
                                       "VALUES(?1, ?2, ?3, ?4, ?5, ?6)");
      if (!st->ok()) return DbError(writer_, "preparing insert");
      insert_ = std::move(st);
    }
    Stmt& st = *insert_;
    // A batch's records share a stream: their shards' ids are looked up once per batch.
    const std::string* region = nullptr;
    const std::string* stream = nullptr;
    std::vector<int64_t> ids;
    for (const NewRecord& r : records) {
      if (!region || *region != r.region || *stream != r.stream) {
        region = &r.region;
        stream = &r.stream;
        ids.clear();
      }
      if (r.shard < 0) return Status(codes::kInternal, "storage: negative shard index");
      if (ids.size() <= static_cast<size_t>(r.shard)) ids.resize(r.shard + 1, -1);
      if (ids[r.shard] < 0) {
        KINESISCTL_ASSIGN_OR_RETURN(ids[r.shard], ShardId(r.region, r.stream, r.shard));
      }
      const auto key = KeyOf(r.record.sequence);
      if (!key) {
        return Status(codes::kInternal,
                      "storage: sequence number of another form: " + r.record.sequence);
      }
      sqlite3_reset(st.get());
      st.Int(1, ids[r.shard]);
      st.Int(2, key->ms);
      st.Int(3, key->n);
      st.Int(4, r.record.arrival_ms);
      st.Text(5, r.record.partition_key);
      st.Blob(6, r.record.data);
      const int rc = sqlite3_step(st.get());
      if (rc != SQLITE_DONE) {
        Status failed = DbError(writer_, "saving record");
        sqlite3_reset(st.get());
        return failed;
      }
    }
    sqlite3_reset(st.get());  // no statement stays active past the commit
    return OkStatus();
  }

  static StatusOr<std::vector<StoredRecord>> ReadWith(sqlite3* db, const ReadQuery& q) {
    // From the start: every key is above (-1, -1).
    SeqKey from{-1, -1};
    if (!q.from_sequence.empty()) {
      const auto key = KeyOf(q.from_sequence);
      if (!key) return Status(codes::kInternal, "storage: unreadable " + q.from_sequence);
      from = *key;
    }
    Stmt st(db, q.inclusive && !q.from_sequence.empty()
                    ? "SELECT ms, n, arrival, pkey, data FROM shard_records WHERE sid=(SELECT id "
                      "FROM shard_keys WHERE region=?1 AND stream=?2 AND shard=?3) AND (ms, n) >= "
                      "(?4, ?5) AND arrival>=?6 ORDER BY ms, n LIMIT ?7"
                    : "SELECT ms, n, arrival, pkey, data FROM shard_records WHERE sid=(SELECT id "
                      "FROM shard_keys WHERE region=?1 AND stream=?2 AND shard=?3) AND (ms, n) > "
                      "(?4, ?5) AND arrival>=?6 ORDER BY ms, n LIMIT ?7");
    if (!st.ok()) return DbError(db, "reading records");
    st.Text(1, q.region);
    st.Text(2, q.stream);
    st.Int(3, q.shard);
    st.Int(4, from.ms);
    st.Int(5, from.n);
    st.Int(6, q.min_arrival_ms);
    st.Int(7, q.limit);
    std::vector<StoredRecord> out;
    int rc;
    while ((rc = sqlite3_step(st.get())) == SQLITE_ROW) {
      out.push_back(
          {FormatSequenceNumber(sqlite3_column_int64(st.get(), 0),
                                static_cast<uint64_t>(sqlite3_column_int64(st.get(), 1)), q.shard),
           sqlite3_column_int64(st.get(), 2), st.Column(3), st.Column(4)});
    }
    if (rc != SQLITE_DONE) return DbError(db, "reading records");
    return out;
  }

  std::string path_;
  int lock_fd_ = -1;
  sqlite3* writer_ = nullptr;
  std::mutex write_mu_;
  std::unique_ptr<Stmt> insert_;  // the records' insert on writer_ (guarded by write_mu_)
  // Shard ids known to the writer (guarded by write_mu_); cleared when a transaction that may
  // have added or removed one is rolled back or a stream is deleted.
  std::map<std::tuple<std::string, std::string, int>, int64_t> shard_ids_;
  std::mutex pool_mu_;
  std::vector<sqlite3*> readers_;
  std::vector<sqlite3*> free_readers_;
};

}  // namespace

StatusOr<std::unique_ptr<Storage>> OpenSqliteStorage(const std::string& data_dir) {
  auto storage = std::make_unique<SqliteStorage>();
  KINESISCTL_RETURN_IF_ERROR(storage->Open(data_dir));
  return std::unique_ptr<Storage>(std::move(storage));
}

}  // namespace kinesisctl::server
