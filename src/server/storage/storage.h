// Storage: the durable side of the server behind one interface. Streams (with their shards,
// tags, settings, resource policy and pending transition) are saved whole, and so are each
// region's account settings; records are appended per shard. A Commit (or a CommitRecords of
// several requests' records) is one transaction, so a split, a merge or a PutRecords batch is
// all or nothing. The
// SQLite implementation (WAL) lives under --data-dir, or in an in-memory database otherwise.
// Thread-safe: Commit serialises writers; Read may run concurrently with writes.
#ifndef KINESISCTL_SERVER_STORAGE_STORAGE_H_
#define KINESISCTL_SERVER_STORAGE_STORAGE_H_

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "kinesisctl/status.h"
#include "server/model/model.h"

namespace kinesisctl::server {

struct StoredRecord {
  std::string sequence;  // 56 digits; orders as text within a shard
  int64_t arrival_ms = 0;
  std::string partition_key;
  std::string data;  // raw bytes
};

struct NewRecord {
  std::string region;
  std::string stream;
  int shard = 0;
  StoredRecord record;
};

struct StreamChange {
  std::string region;
  std::string name;
  const Stream* stream = nullptr;  // nullptr: the stream and its records are gone
};

struct ReadQuery {
  std::string region;
  std::string stream;
  int shard = 0;
  std::string from_sequence;  // "" = from the start
  bool inclusive = false;     // from_sequence itself included
  int64_t min_arrival_ms = 0;
  int limit = 10000;
};

class Storage {
 public:
  virtual ~Storage() = default;
  // Every saved stream, by region and name, and every region's account settings.
  virtual StatusOr<Model> Load() = 0;
  // Replaces a region's account settings.
  virtual Status SaveAccountSettings(const std::string& region,
                                     const AccountSettings& settings) = 0;
  // The last record of a shard (for sequence numbering after a restart); nullopt-like empty
  // sequence when the shard has none.
  virtual StatusOr<StoredRecord> LastRecord(const std::string& region, const std::string& stream,
                                            int shard) = 0;
  virtual Status Commit(const std::vector<StreamChange>& changes,
                        const std::vector<NewRecord>& records) = 0;
  // Group commit: the records of several requests, in the order given, in one transaction (all
  // stored or none). This default copies them into one Commit; SQLite inserts them in place.
  virtual Status CommitRecords(const std::vector<const std::vector<NewRecord>*>& batches) {
    std::vector<NewRecord> all;
    for (const auto* batch : batches) all.insert(all.end(), batch->begin(), batch->end());
    return Commit({}, all);
  }
  virtual StatusOr<std::vector<StoredRecord>> Read(const ReadQuery& query) = 0;
  // Deletes the stream's records that arrived before `before_ms` (retention trimming).
  virtual Status Trim(const std::string& region, const std::string& stream, int64_t before_ms) = 0;
};

// SQLite in WAL mode at DIR/kinesisctl.db (DIR is created), or in memory when data_dir is "".
StatusOr<std::unique_ptr<Storage>> OpenSqliteStorage(const std::string& data_dir);

}  // namespace kinesisctl::server

#endif  // KINESISCTL_SERVER_STORAGE_STORAGE_H_
