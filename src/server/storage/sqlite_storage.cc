// SQLite implementation of Storage: one writer connection (serialised by a mutex) and, for a
// database file, a pool of reader connections that WAL lets run beside the writer. In memory,
// readers share the writer connection. A data directory is locked for the storage's lifetime
// and its database passes an integrity check before it is used; a database of an earlier schema
// (1 or 2) is then upgraded in place to schema 3, in one transaction (Upgrade).
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
#include "server/storage/sqlite_schema.h"
#include "server/storage/storage.h"

namespace kinesisctl::server {
namespace {

using sqlite_schema::TableKind;

// Schema 3 (user_version 3). shard_keys gives each (region, stream, shard) with records a small
// integer id, and that shard's records are in their own table named after it (sqlite_schema.h:
// a rowid table keyed by the packed time and counter of the sequence number, or, for a shard that
// met a counter too large for that, a WITHOUT ROWID table keyed by the pair). A shard's table is
// created with its shard_keys row, on its first record, and both go when the stream is deleted.
// The 56-digit sequence text is rebuilt from time and counter (FormatSequenceNumber) when read.
constexpr int64_t kSchemaVersion = 3;
constexpr char kSchema[] =
    "CREATE TABLE IF NOT EXISTS streams(region TEXT NOT NULL, name TEXT NOT NULL, body TEXT NOT "
    "NULL, PRIMARY KEY(region, name));"
    "CREATE TABLE IF NOT EXISTS shard_keys(id INTEGER PRIMARY KEY, region TEXT NOT NULL, stream "
    "TEXT NOT NULL, shard INTEGER NOT NULL, pair_key INTEGER NOT NULL DEFAULT 0, UNIQUE(region, "
    "stream, shard));"
    // Added later: IF NOT EXISTS also upgrades databases made before it.
    "CREATE TABLE IF NOT EXISTS account_settings(region TEXT PRIMARY KEY, body TEXT NOT NULL);";

// Schema 2 kept every shard's records in one table, keyed by the shard's id and the pair; its
// shard_keys had no pair_key column. Schema 1 keyed records by region, stream, shard and the
// sequence text, and is upgraded through schema 2 (kSchema1Move) within the same transaction.
constexpr char kSchema2Records[] =
    "CREATE TABLE IF NOT EXISTS shard_records(sid INTEGER NOT NULL, ms INTEGER NOT NULL, n "
    "INTEGER NOT NULL, arrival INTEGER NOT NULL, pkey TEXT NOT NULL, data BLOB NOT NULL, "
    "PRIMARY KEY(sid, ms, n)) WITHOUT ROWID";

// Every sequence number schema 1 stored was written by FormatSequenceNumber: "49", 16 digits of
// time, 20 of counter, 18 of shard index; a row that is not of that form stops the upgrade.
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

// The first key a read returns: from the start, or from (or just after) a sequence number.
// nullopt when the sequence number is unreadable.
std::optional<SeqKey> FirstKey(const ReadQuery& q) {
  constexpr int64_t kMin = std::numeric_limits<int64_t>::min();
  constexpr int64_t kMax = std::numeric_limits<int64_t>::max();
  if (q.from_sequence.empty()) return SeqKey{kMin, kMin};
  auto key = KeyOf(q.from_sequence);
  if (!key || q.inclusive) return key;
  if (key->n < kMax) {
    ++key->n;
  } else {
    ++key->ms;  // at most 16 digits: never overflows
    key->n = 0;
  }
  return key;
}

// The smallest packed key at or above `first`; nullopt when no packed key is.
std::optional<int64_t> PackedFirstKey(SeqKey first) {
  if (first.ms < 0) return std::numeric_limits<int64_t>::min();
  if (first.n >= sqlite_schema::kCounterLimit) {
    ++first.ms;
    first.n = 0;
  }
  if (first.n < 0) first.n = 0;
  if (first.ms >= sqlite_schema::kTimeLimit) return std::nullopt;
  return sqlite_schema::Pack(first.ms, first.n);
}

Status DbError(sqlite3* db, const std::string& what) {
  return Status(codes::kInternal, what + ": " + (db ? sqlite3_errmsg(db) : "out of memory"));
}

// A prepared statement, finalised on scope exit. Bound text and blobs are not copied: they must
// outlive the statement's next step.
class Stmt {
 public:
  Stmt(sqlite3* db, const char* sql) { rc_ = sqlite3_prepare_v2(db, sql, -1, &stmt_, nullptr); }
  Stmt(sqlite3* db, const std::string& sql) : Stmt(db, sql.c_str()) {}
  ~Stmt() { sqlite3_finalize(stmt_); }
  Stmt(const Stmt&) = delete;
  Stmt& operator=(const Stmt&) = delete;
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
  int64_t ColumnInt(int i) { return sqlite3_column_int64(stmt_, i); }
  std::string Column(int i) {
    const auto* p = static_cast<const char*>(sqlite3_column_blob(stmt_, i));
    return p ? std::string(p, sqlite3_column_bytes(stmt_, i)) : std::string();
  }

 private:
  sqlite3_stmt* stmt_ = nullptr;
  int rc_ = SQLITE_ERROR;
};

// A shard that has records: its id in shard_keys and the kind of its table.
struct ShardRef {
  int64_t sid = 0;
  TableKind kind = TableKind::kPacked;
};

// The shard's id and table kind, or nullopt when it has no table (never had a record, or its
// stream was deleted).
StatusOr<std::optional<ShardRef>> FindShard(sqlite3* db, const std::string& region,
                                            const std::string& stream, int shard) {
  Stmt st(db, "SELECT id, pair_key FROM shard_keys WHERE region=?1 AND stream=?2 AND shard=?3");
  if (!st.ok()) return DbError(db, "reading shard ids");
  st.Text(1, region);
  st.Text(2, stream);
  st.Int(3, shard);
  const int rc = sqlite3_step(st.get());
  if (rc == SQLITE_DONE) return std::optional<ShardRef>();
  if (rc != SQLITE_ROW) return DbError(db, "reading shard ids");
  return std::optional<ShardRef>(
      ShardRef{st.ColumnInt(0), st.ColumnInt(1) ? TableKind::kPair : TableKind::kPacked});
}

// Every shard of a stream that has a table.
StatusOr<std::vector<ShardRef>> StreamShards(sqlite3* db, const std::string& region,
                                             const std::string& stream) {
  Stmt st(db, "SELECT id, pair_key FROM shard_keys WHERE region=?1 AND stream=?2");
  if (!st.ok()) return DbError(db, "reading shard ids");
  st.Text(1, region);
  st.Text(2, stream);
  std::vector<ShardRef> out;
  int rc;
  while ((rc = sqlite3_step(st.get())) == SQLITE_ROW) {
    out.push_back({st.ColumnInt(0), st.ColumnInt(1) ? TableKind::kPair : TableKind::kPacked});
  }
  if (rc != SQLITE_DONE) return DbError(db, "reading shard ids");
  return out;
}

class SqliteStorage final : public Storage {
 public:
  ~SqliteStorage() override {
    tables_.clear();  // the cached inserts are finalised before their connection closes
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
    if (s.ok()) s = RefuseNewerSchema();
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
    StoredRecord r;
    KINESISCTL_ASSIGN_OR_RETURN(const std::optional<ShardRef> ref,
                                FindShard(writer_, region, stream, shard));
    if (!ref) return r;
    Stmt st(writer_, sqlite_schema::LastSql(ref->sid, ref->kind));
    if (!st.ok()) return DbError(writer_, "reading records");
    const int rc = sqlite3_step(st.get());
    if (rc == SQLITE_ROW) {
      r.sequence =
          FormatSequenceNumber(st.ColumnInt(0), static_cast<uint64_t>(st.ColumnInt(1)), shard);
      r.arrival_ms = st.ColumnInt(2);
    } else if (rc != SQLITE_DONE) {
      return DbError(writer_, "reading records");
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
    if (!s.ok()) Rollback();
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
    if (!s.ok()) Rollback();
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
    KINESISCTL_RETURN_IF_ERROR(Exec(writer_, "BEGIN IMMEDIATE"));
    Status s = TrimLocked(region, stream, before_ms);
    if (s.ok()) s = Exec(writer_, "COMMIT");
    if (!s.ok()) Rollback();
    return s;
  }

 private:
  // A shard's table as the writer knows it, with its insert prepared on writer_.
  struct ShardTable {
    ShardRef ref;
    std::unique_ptr<Stmt> insert;
  };
  using ShardName = std::tuple<std::string, std::string, int>;

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

  bool HasTable(const char* name) {
    Stmt st(writer_, "SELECT 1 FROM sqlite_master WHERE type='table' AND name=?1");
    const std::string n = name;
    st.Text(1, n);
    return st.ok() && sqlite3_step(st.get()) == SQLITE_ROW;
  }

  // Brings an older database to schema 3 in one transaction, once; user_version records the
  // schema. Schema 1's records move into schema 2's table first (kSchema1Move), and schema 2's
  // then move shard by shard into their own tables (MoveSchema2). A fresh database, or one
  // already of schema 3, is only marked.
  // A database of a later schema than this release's was written by a newer release: reading
  // or "upgrading" it could lose records, so it is refused before anything is created in it.
  Status RefuseNewerSchema() {
    Stmt st(writer_, "PRAGMA user_version");
    if (!st.ok() || sqlite3_step(st.get()) != SQLITE_ROW) return DbError(writer_, "schema");
    const int64_t version = st.ColumnInt(0);
    if (version <= kSchemaVersion) return OkStatus();
    return Status(codes::kConfig, "the database " + path_ + " has schema " +
                                      std::to_string(version) +
                                      ", written by a newer release; "
                                      "this one reads schema " +
                                      std::to_string(kSchemaVersion) +
                                      " and earlier. Use that release, or another --data-dir");
  }

  Status Upgrade() {
    int64_t version = 0;
    {
      Stmt st(writer_, "PRAGMA user_version");
      if (!st.ok() || sqlite3_step(st.get()) != SQLITE_ROW) return DbError(writer_, "schema");
      version = st.ColumnInt(0);
    }
    const bool schema1 = HasTable("records");
    const bool schema2 = HasTable("shard_records");
    if (!schema1 && !schema2)
      return version == kSchemaVersion ? OkStatus() : Exec(writer_, "PRAGMA user_version=3");
    KINESISCTL_RETURN_IF_ERROR(Exec(writer_, "BEGIN IMMEDIATE"));
    Status s = OkStatus();
    if (schema1) {
      int64_t foreign = -1;
      {
        Stmt st(writer_, kSchema1Check);
        if (st.ok() && sqlite3_step(st.get()) == SQLITE_ROW) foreign = st.ColumnInt(0);
      }
      s = foreign < 0 ? DbError(writer_, "upgrading " + path_)
          : foreign > 0
              ? Status(codes::kConfig, "cannot upgrade the database " + path_ + ": " +
                                           std::to_string(foreign) +
                                           " records have sequence numbers this server does not "
                                           "write; keep using the release that wrote it")
              : Exec(writer_, kSchema2Records);
      if (s.ok()) s = Exec(writer_, kSchema1Move);
    }
    if (s.ok()) s = MoveSchema2();
    if (s.ok()) s = Exec(writer_, "PRAGMA user_version=3");
    if (s.ok()) s = Exec(writer_, "COMMIT");
    if (!s.ok()) (void)Exec(writer_, "ROLLBACK");
    return s;
  }

  // Schema 2 to 3 inside Upgrade's transaction: shard_keys gains pair_key, every shard id gets
  // its table (packed unless one of its records does not fit) filled from shard_records in key
  // order, and shard_records is dropped.
  Status MoveSchema2() {
    bool has_pair_key = false;
    {
      Stmt st(writer_, "SELECT 1 FROM pragma_table_info('shard_keys') WHERE name='pair_key'");
      if (!st.ok()) return DbError(writer_, "upgrading " + path_);
      has_pair_key = sqlite3_step(st.get()) == SQLITE_ROW;
    }
    if (!has_pair_key) {
      KINESISCTL_RETURN_IF_ERROR(
          Exec(writer_, "ALTER TABLE shard_keys ADD COLUMN pair_key INTEGER NOT NULL DEFAULT 0"));
    }
    std::vector<int64_t> ids;
    {
      Stmt st(writer_, "SELECT id FROM shard_keys ORDER BY id");
      if (!st.ok()) return DbError(writer_, "upgrading " + path_);
      while (sqlite3_step(st.get()) == SQLITE_ROW) ids.push_back(st.ColumnInt(0));
    }
    const std::string fits = "ms >= 0 AND ms < " + std::to_string(sqlite_schema::kTimeLimit) +
                             " AND n >= 0 AND n < " + std::to_string(sqlite_schema::kCounterLimit);
    for (const int64_t sid : ids) {
      const std::string where = " FROM shard_records WHERE sid=" + std::to_string(sid);
      bool packable = false;
      {
        Stmt st(writer_, "SELECT NOT EXISTS(SELECT 1" + where + " AND NOT (" + fits + "))");
        if (!st.ok() || sqlite3_step(st.get()) != SQLITE_ROW) {
          return DbError(writer_, "upgrading " + path_);
        }
        packable = st.ColumnInt(0) != 0;
      }
      const TableKind kind = packable ? TableKind::kPacked : TableKind::kPair;
      const std::string table = sqlite_schema::TableName(sid, kind);
      std::string move = sqlite_schema::CreateTableSql(sid, kind) + ";INSERT INTO " + table;
      move += packable
                  ? "(k, arrival, pkey, data) SELECT (ms << " +
                        std::to_string(sqlite_schema::kCounterBits) + ") | n, arrival, pkey, data"
                  : "(ms, n, arrival, pkey, data) SELECT ms, n, arrival, pkey, data";
      move += where + " ORDER BY ms, n;";
      if (!packable) move += "UPDATE shard_keys SET pair_key=1 WHERE id=" + std::to_string(sid);
      KINESISCTL_RETURN_IF_ERROR(Exec(writer_, move.c_str()));
    }
    return Exec(writer_, "DROP TABLE shard_records");
  }

  // Ends the writer's failed transaction. Tables created and shard ids given out inside it are
  // gone, and so must be every cached id, table kind and insert (a statement prepared for a
  // table that no longer exists, or an id that another shard may get next).
  void Rollback() {
    (void)Exec(writer_, "ROLLBACK");
    tables_.clear();
  }

  // Forgets a stream's shards (before their tables are dropped: a cached insert is finalised).
  void Forget(const std::string& region, const std::string& stream) {
    auto first = tables_.lower_bound({region, stream, std::numeric_limits<int>::min()});
    auto last = first;
    while (last != tables_.end() && std::get<0>(last->first) == region &&
           std::get<1>(last->first) == stream) {
      ++last;
    }
    tables_.erase(first, last);
  }

  Status Prepare(ShardTable& t) {
    auto st = std::make_unique<Stmt>(writer_, sqlite_schema::InsertSql(t.ref.sid, t.ref.kind));
    if (!st->ok()) return DbError(writer_, "preparing insert");
    t.insert = std::move(st);
    return OkStatus();
  }

  // The table of a shard's records, created (with its shard_keys row, inside the caller's
  // transaction) on its first record. Called with write_mu_ held.
  StatusOr<ShardTable*> TableOf(const std::string& region, const std::string& stream, int shard) {
    ShardName name(region, stream, shard);
    if (auto found = tables_.find(name); found != tables_.end()) return &found->second;
    KINESISCTL_ASSIGN_OR_RETURN(std::optional<ShardRef> ref,
                                FindShard(writer_, region, stream, shard));
    if (!ref) {
      Stmt add(writer_, "INSERT INTO shard_keys(region, stream, shard) VALUES(?1, ?2, ?3)");
      add.Text(1, region);
      add.Text(2, stream);
      add.Int(3, shard);
      if (!add.ok() || sqlite3_step(add.get()) != SQLITE_DONE) {
        return DbError(writer_, "saving shard id");
      }
      ref = ShardRef{sqlite3_last_insert_rowid(writer_), TableKind::kPacked};
      KINESISCTL_RETURN_IF_ERROR(
          Exec(writer_, sqlite_schema::CreateTableSql(ref->sid, ref->kind).c_str()));
    }
    ShardTable t{*ref, nullptr};
    KINESISCTL_RETURN_IF_ERROR(Prepare(t));
    return &tables_.emplace(std::move(name), std::move(t)).first->second;
  }

  // Moves a packed table's records into a pair-keyed one (a record's time or counter does not
  // fit the packed key), inside the caller's transaction.
  Status MoveToPairKey(ShardTable& t) {
    const int64_t sid = t.ref.sid;
    t.insert.reset();  // finalised before its table is dropped
    const std::string bits = std::to_string(sqlite_schema::kCounterBits);
    const std::string sql =
        sqlite_schema::CreateTableSql(sid, TableKind::kPair) + ";INSERT INTO " +
        sqlite_schema::TableName(sid, TableKind::kPair) +
        "(ms, n, arrival, pkey, data) SELECT k >> " + bits + ", k & " +
        std::to_string(sqlite_schema::kCounterLimit - 1) + ", arrival, pkey, data FROM " +
        sqlite_schema::TableName(sid, TableKind::kPacked) + " ORDER BY k;DROP TABLE " +
        sqlite_schema::TableName(sid, TableKind::kPacked) +
        ";UPDATE shard_keys SET pair_key=1 WHERE id=" + std::to_string(sid);
    KINESISCTL_RETURN_IF_ERROR(Exec(writer_, sql.c_str()));
    t.ref.kind = TableKind::kPair;
    return Prepare(t);
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
        continue;
      }
      // The stream and its records go: each shard's table is dropped with its shard_keys row.
      KINESISCTL_ASSIGN_OR_RETURN(const std::vector<ShardRef> shards,
                                  StreamShards(writer_, c.region, c.name));
      Forget(c.region, c.name);
      for (const ShardRef& ref : shards) {
        const std::string drop = "DROP TABLE " + sqlite_schema::TableName(ref.sid, ref.kind);
        KINESISCTL_RETURN_IF_ERROR(Exec(writer_, drop.c_str()));
      }
      for (const char* sql : {"DELETE FROM streams WHERE region=?1 AND name=?2",
                              "DELETE FROM shard_keys WHERE region=?1 AND stream=?2"}) {
        Stmt st(writer_, sql);
        st.Text(1, c.region);
        st.Text(2, c.name);
        if (sqlite3_step(st.get()) != SQLITE_DONE) return DbError(writer_, "deleting stream");
      }
    }
    return InsertRecords(records);
  }

  // Appends records inside the caller's transaction, each through its shard table's cached
  // insert. Called with write_mu_ held.
  Status InsertRecords(const std::vector<NewRecord>& records) {
    // A batch's records share a stream: their shards' tables are looked up once per batch.
    const std::string* region = nullptr;
    const std::string* stream = nullptr;
    std::vector<ShardTable*> tables;
    for (const NewRecord& r : records) {
      if (!region || *region != r.region || *stream != r.stream) {
        region = &r.region;
        stream = &r.stream;
        tables.clear();
      }
      if (r.shard < 0) return Status(codes::kInternal, "storage: negative shard index");
      if (tables.size() <= static_cast<size_t>(r.shard)) tables.resize(r.shard + 1, nullptr);
      if (!tables[r.shard]) {
        KINESISCTL_ASSIGN_OR_RETURN(tables[r.shard], TableOf(r.region, r.stream, r.shard));
      }
      ShardTable& t = *tables[r.shard];
      const auto key = KeyOf(r.record.sequence);
      if (!key) {
        return Status(codes::kInternal,
                      "storage: sequence number of another form: " + r.record.sequence);
      }
      const bool packed = t.ref.kind == TableKind::kPacked;
      if (packed && !sqlite_schema::Packable(key->ms, key->n)) {
        KINESISCTL_RETURN_IF_ERROR(MoveToPairKey(t));
      }
      Stmt& st = *t.insert;
      int i = 1;
      if (t.ref.kind == TableKind::kPacked) {
        st.Int(i++, sqlite_schema::Pack(key->ms, key->n));
      } else {
        st.Int(i++, key->ms);
        st.Int(i++, key->n);
      }
      st.Int(i++, r.record.arrival_ms);
      st.Text(i++, r.record.partition_key);
      st.Blob(i, r.record.data);
      const int rc = sqlite3_step(st.get());
      // Reset at once: no statement stays active past the commit, or keeps pointers to the
      // record's bytes.
      if (rc != SQLITE_DONE) {
        Status failed = DbError(writer_, "saving record");
        sqlite3_reset(st.get());
        return failed;
      }
      sqlite3_reset(st.get());
    }
    return OkStatus();
  }

  Status TrimLocked(const std::string& region, const std::string& stream, int64_t before_ms) {
    // By the sequence number's time, a range of each shard table's key, not by arrival, which
    // would read every record of the stream (170 ms for 2,000,000 records, each minute, under the
    // router's lock). A sequence number's time is never before its record's arrival, so this
    // removes only expired records; one whose sequence time is later (the clock went back) stays
    // until that time passes, and reads skip it meanwhile (ReadQuery::min_arrival_ms).
    KINESISCTL_ASSIGN_OR_RETURN(const std::vector<ShardRef> shards,
                                StreamShards(writer_, region, stream));
    for (const ShardRef& ref : shards) {
      int64_t bound = before_ms;
      std::string sql = sqlite_schema::TrimSql(ref.sid, ref.kind);
      if (ref.kind == TableKind::kPacked) {
        if (before_ms <= 0) continue;  // packed times are never negative
        if (before_ms < sqlite_schema::kTimeLimit) {
          bound = sqlite_schema::Pack(before_ms, 0);
        } else {  // every packed time is before it
          sql = "DELETE FROM " + sqlite_schema::TableName(ref.sid, ref.kind);
        }
      }
      Stmt st(writer_, sql);
      if (!st.ok()) return DbError(writer_, "trimming records");
      if (sqlite3_bind_parameter_count(st.get()) > 0) st.Int(1, bound);
      if (sqlite3_step(st.get()) != SQLITE_DONE) return DbError(writer_, "trimming records");
    }
    return OkStatus();
  }

  // One consistent read (a read transaction: the shard's id and its table from one snapshot,
  // even while a writer deletes the stream).
  static StatusOr<std::vector<StoredRecord>> ReadWith(sqlite3* db, const ReadQuery& q) {
    KINESISCTL_RETURN_IF_ERROR(Exec(db, "BEGIN"));
    auto result = ReadIn(db, q);
    if (!Exec(db, "COMMIT").ok()) (void)Exec(db, "ROLLBACK");
    return result;
  }

  static StatusOr<std::vector<StoredRecord>> ReadIn(sqlite3* db, const ReadQuery& q) {
    const auto first = FirstKey(q);
    if (!first) return Status(codes::kInternal, "storage: unreadable " + q.from_sequence);
    std::vector<StoredRecord> out;
    KINESISCTL_ASSIGN_OR_RETURN(const std::optional<ShardRef> ref,
                                FindShard(db, q.region, q.stream, q.shard));
    if (!ref) return out;
    const bool packed = ref->kind == TableKind::kPacked;
    std::optional<int64_t> packed_first;
    if (packed) {
      packed_first = PackedFirstKey(*first);
      if (!packed_first) return out;  // past every packed key
    }
    Stmt st(db, sqlite_schema::ReadSql(ref->sid, ref->kind));
    if (!st.ok()) return DbError(db, "reading records");
    if (packed) {
      st.Int(1, *packed_first);
    } else {
      st.Int(1, first->ms);
      st.Int(2, first->n);
    }
    st.Int(3, q.min_arrival_ms);
    st.Int(4, q.limit);
    int rc;
    while ((rc = sqlite3_step(st.get())) == SQLITE_ROW) {
      out.push_back(
          {FormatSequenceNumber(st.ColumnInt(0), static_cast<uint64_t>(st.ColumnInt(1)), q.shard),
           st.ColumnInt(2), st.Column(3), st.Column(4)});
    }
    if (rc != SQLITE_DONE) return DbError(db, "reading records");
    return out;
  }

  std::string path_;
  int lock_fd_ = -1;
  sqlite3* writer_ = nullptr;
  std::mutex write_mu_;
  // The shard tables known to the writer, with their cached inserts (guarded by write_mu_);
  // cleared when a transaction is rolled back, a stream's entries when it is deleted.
  std::map<ShardName, ShardTable> tables_;
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
