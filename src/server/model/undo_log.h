// UndoLog: the before-images of what one request changed in the model, so that a request that
// fails (an error answer, a failed storage commit, an exception) leaves the model exactly as it
// was. A stream is copied whole before its first change (or noted as absent, for CreateStream);
// PutRecord(s), which only move the shards' sequence counters, save just those counters so the
// data plane's fast path copies no shards, tags or strings. Used under the router's lock; not
// thread-safe by itself.
#ifndef KINESISCTL_SERVER_MODEL_UNDO_LOG_H_
#define KINESISCTL_SERVER_MODEL_UNDO_LOG_H_

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "server/model/model.h"

namespace kinesisctl::server {

class UndoLog {
 public:
  // Before the first change of stream (region, name): keeps a copy of it, or notes that it does
  // not exist yet. Later calls for the same stream keep the first image.
  void SaveStream(const Model& model, const std::string& region, const std::string& name);
  // Before the first record appended to `stream`: keeps only its shards' sequence state.
  void SaveSequences(const Stream& stream);
  // Before the first change of a region's account settings: keeps a copy of them.
  void SaveAccount(const Model& model, const std::string& region);
  // Puts every saved stream back as it was before the first Save; then the log is empty.
  void Restore(Model& model);
  bool empty() const { return streams_.empty() && sequences_.empty() && accounts_.empty(); }

 private:
  struct SequenceState {
    int64_t last_ms;
    uint64_t last_counter;
    int64_t last_arrival_ms;
  };
  using Key = std::pair<std::string, std::string>;  // (region, name)
  std::map<Key, std::optional<Stream>> streams_;
  std::map<Key, std::vector<SequenceState>> sequences_;
  std::map<std::string, AccountSettings> accounts_;  // by region
};

}  // namespace kinesisctl::server

#endif  // KINESISCTL_SERVER_MODEL_UNDO_LOG_H_
