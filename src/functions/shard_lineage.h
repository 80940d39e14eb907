// ShardLineage: the shards of a stream as a reader that follows splits and merges sees them
// (tail with GetRecords, and tail through a consumer): each shard's parents, whether the listing
// showed it closed, and how far the reader has got with it (waiting, reading, done). It decides
// which waiting shards may start (every known parent read to the end; a parent no longer listed
// has expired and holds nothing back) and where each starts. `Extra` is the reader's own state
// per shard (an iterator, a subscription flag), kept alongside. Not thread-safe: the tail with a
// consumer calls it with its mutex held.
#ifndef KINESISCTL_FUNCTIONS_SHARD_LINEAGE_H_
#define KINESISCTL_FUNCTIONS_SHARD_LINEAGE_H_

#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "kinesisctl/records.h"

namespace kinesisctl::admin {

enum class ShardPhase { kWaiting, kReading, kDone };

// A shard as a listing or a ChildShards list names it.
struct ShardSighting {
  std::string id;
  std::vector<std::string> parents;
  bool closed = false;
};

// The shards of one ListShards answer page (closed: an EndingSequenceNumber), and the page's
// NextToken into `next_token` (reset when there is none).
std::vector<ShardSighting> ShardsOfListing(const nlohmann::ordered_json& page,
                                           std::optional<std::string>& next_token);

// The shards of a ChildShards list (GetRecords or a SubscribeToShard event at a shard's end).
std::vector<ShardSighting> ShardsOfChildShards(const nlohmann::ordered_json& child_shards);

template <typename Extra>
class ShardLineage {
 public:
  struct Node : Extra {
    std::vector<std::string> parents;
    bool closed = false;
    ShardPhase phase = ShardPhase::kWaiting;
  };

  std::map<std::string, Node>& shards() { return shards_; }
  const std::map<std::string, Node>& shards() const { return shards_; }
  bool Has(const std::string& id) const { return shards_.count(id) > 0; }

  // Remembers a shard: its parents from the first sighting; once closed it stays closed.
  void Learn(ShardSighting s) {
    if (s.id.empty()) return;
    auto [it, added] = shards_.try_emplace(s.id);
    if (added) it->second.parents = std::move(s.parents);
    it->second.closed = it->second.closed || s.closed;
  }
  void Learn(std::vector<ShardSighting> sightings) {
    for (ShardSighting& s : sightings) Learn(std::move(s));
  }

  // Every ancestor of `id` counts as read (the reader resumes after a record of `id`).
  void MarkAncestorsDone(const std::string& id) {
    for (const std::string& p : shards_[id].parents) {
      auto it = shards_.find(p);
      if (it == shards_.end() || it->second.phase == ShardPhase::kDone) continue;
      it->second.phase = ShardPhase::kDone;
      MarkAncestorsDone(p);
    }
  }

  // start=LATEST at the start of a tail: every waiting shard that is closed is done (nothing new
  // will arrive there); `begin(id, LATEST)` for every waiting open one. Stops at the first error
  // `begin` returns.
  template <typename Begin>
  auto StartOpenAtLatest(Begin begin) -> decltype(begin(std::string(), StartPosition())) {
    for (auto& [id, s] : shards_) {
      if (s.phase != ShardPhase::kWaiting) continue;
      if (s.closed) {
        s.phase = ShardPhase::kDone;
        continue;
      }
      if (auto st = begin(id, StartPosition{"LATEST", std::nullopt, std::nullopt}); !st.ok()) {
        return st;
      }
    }
    return {};
  }

  // `begin(id, position)` for every waiting shard whose known parents are all done, in shard
  // order (a shard `begin` marks done can free its children in the same pass): AT_TIMESTAMP when
  // `start` is, LATEST for a shard without a known parent when `start` is LATEST, else
  // TRIM_HORIZON (a child is read from its beginning). `begin` sets the phase it leaves the
  // shard in. Stops at the first error `begin` returns.
  template <typename Begin>
  auto StartReady(const std::string& start, std::optional<double> timestamp, Begin begin)
      -> decltype(begin(std::string(), StartPosition())) {
    for (auto& [id, s] : shards_) {
      if (s.phase != ShardPhase::kWaiting) continue;
      bool ready = true;
      bool has_known_parent = false;
      for (const std::string& p : s.parents) {
        auto it = shards_.find(p);
        if (it == shards_.end()) continue;  // expired: nothing left to read
        has_known_parent = true;
        if (it->second.phase != ShardPhase::kDone) ready = false;
      }
      if (!ready) continue;
      StartPosition position{"TRIM_HORIZON", std::nullopt, std::nullopt};
      if (start == "AT_TIMESTAMP") {
        position = {"AT_TIMESTAMP", std::nullopt, timestamp};
      } else if (!has_known_parent && start == "LATEST") {
        position = {"LATEST", std::nullopt, std::nullopt};
      }
      if (auto st = begin(id, position); !st.ok()) return st;
    }
    return {};
  }

 private:
  std::map<std::string, Node> shards_;
};

}  // namespace kinesisctl::admin

#endif  // KINESISCTL_FUNCTIONS_SHARD_LINEAGE_H_
