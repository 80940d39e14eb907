// Test helper: an in-memory list of open shards to which split and merge decisions are applied
// as Kinesis would apply them (the parent closes, children get fresh ids), so planner tests can
// run a reshard loop to the end. Header-only, for unit tests; not thread-safe.
#ifndef KINESISCTL_FUNCTIONS_TESTING_SHARD_SIM_H_
#define KINESISCTL_FUNCTIONS_TESTING_SHARD_SIM_H_

#include <algorithm>
#include <cstdio>
#include <string>
#include <vector>

#include "functions/reshard_planner.h"
#include "kinesisctl/layouts.h"

namespace kinesisctl::testing {

class ShardSim {
 public:
  explicit ShardSim(const std::vector<HashRange>& ranges) {
    for (const HashRange& r : ranges) shards_.push_back({NextId(), r.start, r.end});
  }

  const std::vector<OpenShard>& shards() const { return shards_; }

  std::vector<HashRange> Ranges() const {
    std::vector<HashRange> out;
    for (const OpenShard& s : shards_) out.push_back({s.start, s.end});
    return out;
  }

  // Applies one operation; false if Kinesis would refuse it.
  bool Apply(const ReshardOperation& op) {
    auto it = Find(op.shard_id);
    if (it == shards_.end()) return false;
    if (op.kind == ReshardOperation::Kind::kSplit) {
      const HashKey k = op.new_starting_hash_key;
      if (!(k > it->start && k <= it->end)) return false;
      const OpenShard left{NextId(), it->start, HashKey(k.value() - 1)};
      const OpenShard right{NextId(), k, it->end};
      it = shards_.erase(it);
      shards_.insert(it, {left, right});
      return true;
    }
    auto adj = Find(op.adjacent_shard_id);
    if (adj == shards_.end() || adj->start.value() != it->end.value() + 1) return false;
    const OpenShard merged{NextId(), it->start, adj->end};
    shards_.erase(adj);
    it = Find(op.shard_id);
    *it = merged;
    return true;
  }

 private:
  std::vector<OpenShard>::iterator Find(const std::string& id) {
    return std::find_if(shards_.begin(), shards_.end(),
                        [&](const OpenShard& s) { return s.shard_id == id; });
  }
  std::string NextId() {
    char buf[32];
    std::snprintf(buf, sizeof buf, "shardId-%012d", next_++);
    return buf;
  }

  std::vector<OpenShard> shards_;
  int next_ = 0;
};

}  // namespace kinesisctl::testing

#endif  // KINESISCTL_FUNCTIONS_TESTING_SHARD_SIM_H_
