// Test helper: a Storage that hands every call to another storage (usually an in-memory SQLite
// one), the base of test doubles that change one or two calls (inject a failure, hold a commit
// at a gate) and keep the rest real. CommitRecords is deliberately not forwarded: Storage's
// default turns it into one Commit of this object, so a double that overrides Commit sees every
// write. Thread-safe as the inner storage is.
#ifndef KINESISCTL_SERVER_TESTING_FORWARDING_STORAGE_H_
#define KINESISCTL_SERVER_TESTING_FORWARDING_STORAGE_H_

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "server/storage/storage.h"

namespace kinesisctl::server {

class ForwardingStorage : public Storage {
 public:
  explicit ForwardingStorage(std::shared_ptr<Storage> inner) : inner_(std::move(inner)) {}

  StatusOr<Model> Load() override { return inner_->Load(); }
  Status SaveAccountSettings(const std::string& region, const AccountSettings& settings) override {
    return inner_->SaveAccountSettings(region, settings);
  }
  StatusOr<StoredRecord> LastRecord(const std::string& region, const std::string& stream,
                                    int shard) override {
    return inner_->LastRecord(region, stream, shard);
  }
  Status Commit(const std::vector<StreamChange>& changes,
                const std::vector<NewRecord>& records) override {
    return inner_->Commit(changes, records);
  }
  StatusOr<std::vector<StoredRecord>> Read(const ReadQuery& query) override {
    return inner_->Read(query);
  }
  Status Trim(const std::string& region, const std::string& stream, int64_t before_ms) override {
    return inner_->Trim(region, stream, before_ms);
  }

 protected:
  Storage& inner() { return *inner_; }

 private:
  std::shared_ptr<Storage> inner_;
};

}  // namespace kinesisctl::server

#endif  // KINESISCTL_SERVER_TESTING_FORWARDING_STORAGE_H_
