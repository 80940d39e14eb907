// The record tables of the SQLite storage (schema 3), shared by the storage and the ceiling
// benchmark so that the benchmark measures the server's own tables and statements. Each shard's
// records live in a table of their own, named after the shard's integer id in shard_keys. It is
// normally a rowid table whose INTEGER PRIMARY KEY packs the sequence number's time and counter
// (time << 21 | counter), so that an insert appends at the end of a small B-tree. Chosen by
// measurement (kinesisctl_ceiling 9 40 STEP SHARDS, CPU per record in 500-record transactions on
// 1 / 4 / 16 shards): 0.88 / 1.08 / 1.27 µs (step sqlite) against 1.44 / 1.40 / 1.85 µs for a
// WITHOUT ROWID table per shard keyed (time, counter) (sqlite_pair_key) and 1.50 / 1.65 / 2.28 µs
// for schema 2's one table of every shard (sqlite_schema2). A counter of 2^21 or more within one
// millisecond (only when the clock stalls or goes back) or a time past 2^42 ms (the year 2109)
// does not fit that key: the shard's records then move, once and inside the transaction that
// meets such a record, into a WITHOUT ROWID table keyed (time, counter), which takes every
// value; shard_keys.pair_key says which kind a shard has.
#ifndef KINESISCTL_SERVER_STORAGE_SQLITE_SCHEMA_H_
#define KINESISCTL_SERVER_STORAGE_SQLITE_SCHEMA_H_

#include <cstdint>
#include <string>

namespace kinesisctl::server::sqlite_schema {

inline constexpr int kCounterBits = 21;
inline constexpr int64_t kCounterLimit = int64_t{1} << kCounterBits;
inline constexpr int64_t kTimeLimit = int64_t{1} << (63 - kCounterBits);  // 2^42 ms

// Whether a (time, counter) pair fits the packed key.
inline bool Packable(int64_t ms, int64_t n) {
  return ms >= 0 && ms < kTimeLimit && n >= 0 && n < kCounterLimit;
}
inline int64_t Pack(int64_t ms, int64_t n) { return (ms << kCounterBits) | n; }
inline int64_t PackedTime(int64_t k) { return k >> kCounterBits; }
inline int64_t PackedCounter(int64_t k) { return k & (kCounterLimit - 1); }

enum class TableKind {
  kPacked,  // rowid table, k = Pack(ms, n)
  kPair,    // WITHOUT ROWID, PRIMARY KEY(ms, n)
};

inline std::string TableName(int64_t sid, TableKind kind) {
  std::string name = kind == TableKind::kPacked ? "records_" : "records_pair_";
  name += std::to_string(sid);
  return name;
}

inline std::string CreateTableSql(int64_t sid, TableKind kind) {
  return "CREATE TABLE " + TableName(sid, kind) +
         (kind == TableKind::kPacked
              ? "(k INTEGER PRIMARY KEY, arrival INTEGER NOT NULL, pkey TEXT NOT NULL, data BLOB "
                "NOT NULL)"
              : "(ms INTEGER NOT NULL, n INTEGER NOT NULL, arrival INTEGER NOT NULL, pkey TEXT NOT "
                "NULL, data BLOB NOT NULL, PRIMARY KEY(ms, n)) WITHOUT ROWID");
}

// Packed: ?1 k, ?2 arrival, ?3 partition key, ?4 data. Pair: ?1 ms, ?2 n, then the same from ?3.
inline std::string InsertSql(int64_t sid, TableKind kind) {
  return "INSERT INTO " + TableName(sid, kind) +
         (kind == TableKind::kPacked ? "(k, arrival, pkey, data) VALUES(?1, ?2, ?3, ?4)"
                                     : "(ms, n, arrival, pkey, data) VALUES(?1, ?2, ?3, ?4, ?5)");
}

// The columns time and counter of a table of `kind`.
inline std::string TimeAndCounter(TableKind kind) {
  return kind == TableKind::kPacked
             ? "k >> " + std::to_string(kCounterBits) + ", k & " + std::to_string(kCounterLimit - 1)
             : "ms, n";
}

// A shard's records from the first key on, in key order: ?1 the first packed key (packed) or ?1
// time and ?2 counter of the first key (pair); ?3 the earliest arrival; ?4 the limit. Columns:
// time, counter, arrival, partition key, data. A range of the key, in its order.
inline std::string ReadSql(int64_t sid, TableKind kind) {
  const bool packed = kind == TableKind::kPacked;
  return "SELECT " + TimeAndCounter(kind) + ", arrival, pkey, data FROM " + TableName(sid, kind) +
         (packed ? " WHERE k >= ?1 AND arrival >= ?3 ORDER BY k LIMIT ?4"
                 : " WHERE (ms, n) >= (?1, ?2) AND arrival >= ?3 ORDER BY ms, n LIMIT ?4");
}

// A shard's last record: time, counter, arrival.
inline std::string LastSql(int64_t sid, TableKind kind) {
  const bool packed = kind == TableKind::kPacked;
  return "SELECT " + TimeAndCounter(kind) + ", arrival FROM " + TableName(sid, kind) +
         (packed ? " ORDER BY k DESC LIMIT 1" : " ORDER BY ms DESC, n DESC LIMIT 1");
}

// Retention: deletes a shard's records keyed before ?1, a range of the key (not a scan): for a
// packed table ?1 is Pack(limit time, 0), for a pair table the limit time.
inline std::string TrimSql(int64_t sid, TableKind kind) {
  return "DELETE FROM " + TableName(sid, kind) +
         (kind == TableKind::kPacked ? " WHERE k < ?1" : " WHERE ms < ?1");
}

}  // namespace kinesisctl::server::sqlite_schema

#endif  // KINESISCTL_SERVER_STORAGE_SQLITE_SCHEMA_H_
