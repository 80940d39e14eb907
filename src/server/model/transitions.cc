#include "server/model/transitions.h"

#include <cstdlib>
#include <vector>

#include "kinesisctl/layouts.h"

namespace kinesisctl::server {
namespace {

Shard& NewShard(Stream& stream, HashKey start, HashKey end, int64_t created_ms) {
  Shard shard;
  shard.index = static_cast<int>(stream.shards.size());
  shard.id = ShardIdFor(shard.index);
  shard.start = start;
  shard.end = end;
  shard.created_ms = created_ms;
  shard.last_ms = created_ms;
  shard.starting_sequence = FormatSequenceNumber(created_ms, 0, shard.index);
  stream.shards.push_back(shard);
  return stream.shards.back();
}

void Close(Shard& shard, int64_t now_ms) {
  shard.ending_sequence = FormatSequenceNumber(now_ms, kMaxSequenceCounter, shard.index);
  shard.closed_ms = now_ms;
}

}  // namespace

bool AdvanceConsumers(Stream& stream, int64_t now_ms) {
  bool changed = false;
  for (auto it = stream.consumers.begin(); it != stream.consumers.end();) {
    if (it->status == ConsumerStatus::kActive || it->due_ms > now_ms) {
      ++it;
      continue;
    }
    changed = true;
    if (it->status == ConsumerStatus::kDeleting) {
      it = stream.consumers.erase(it);
      continue;
    }
    it->status = ConsumerStatus::kActive;
    it->due_ms = 0;
    ++it;
  }
  return changed;
}

void AddInitialShards(Stream& stream, int count, int64_t now_ms) {
  for (int i = 0; i < count; ++i) {
    const HashKey start = AwsLayoutStart(i, count);
    const HashKey end =
        i + 1 < count ? HashKey(AwsLayoutStart(i + 1, count).value() - 1) : HashKey::Max();
    NewShard(stream, start, end, now_ms);
  }
}

Status CompleteSplit(Stream& stream, const std::string& shard_id, HashKey new_start,
                     int64_t now_ms) {
  Shard* parent = stream.FindShard(shard_id);
  if (!parent || !parent->open() || new_start <= parent->start || new_start > parent->end) {
    return Status(codes::kInternal, "split of " + shard_id + " no longer applies");
  }
  Close(*parent, now_ms);
  const HashKey start = parent->start, end = parent->end;
  const int64_t child_ms = now_ms + 1;
  NewShard(stream, start, HashKey(new_start.value() - 1), child_ms).parent = shard_id;
  NewShard(stream, new_start, end, child_ms).parent = shard_id;
  return OkStatus();
}

Status CompleteMerge(Stream& stream, const std::string& shard_id, const std::string& adjacent_id,
                     int64_t now_ms) {
  Shard* a = stream.FindShard(shard_id);
  Shard* b = stream.FindShard(adjacent_id);
  if (!a || !b || !a->open() || !b->open()) {
    return Status(codes::kInternal, "merge of " + shard_id + " no longer applies");
  }
  Close(*a, now_ms);
  Close(*b, now_ms);
  const HashKey start = std::min(a->start, b->start), end = std::max(a->end, b->end);
  Shard& child = NewShard(stream, start, end, now_ms + 1);
  child.parent = shard_id;
  child.adjacent_parent = adjacent_id;
  return OkStatus();
}

Status CompleteResize(Stream& stream, int target, int64_t now_ms) {
  if (target < 1) return Status(codes::kInternal, "resize to no shards");
  std::vector<int> open;
  for (const Shard& s : stream.shards) {
    if (s.open()) open.push_back(s.index);
  }
  for (int i : open) Close(stream.shards[i], now_ms);
  for (int i = 0; i < target; ++i) {
    const HashKey start = AwsLayoutStart(i, target);
    const HashKey end =
        i + 1 < target ? HashKey(AwsLayoutStart(i + 1, target).value() - 1) : HashKey::Max();
    // Parents: the old open shards this range overlaps (AWS reports at most two).
    std::vector<std::string> parents;
    for (int p : open) {
      const Shard& old = stream.shards[p];
      if (old.start <= end && start <= old.end) parents.push_back(old.id);
    }
    Shard& child = NewShard(stream, start, end, now_ms + 1);
    if (!parents.empty()) child.parent = parents[0];
    if (parents.size() > 1) child.adjacent_parent = parents[1];
  }
  return OkStatus();
}

std::vector<std::string> AdvanceTransitions(Region& region, int64_t now_ms) {
  std::vector<std::string> changed;
  for (auto it = region.streams.begin(); it != region.streams.end();) {
    Stream& s = it->second;
    Transition& t = s.pending;
    const bool consumers_changed = AdvanceConsumers(s, now_ms);
    if (t.kind == Transition::Kind::kNone || t.due_ms > now_ms) {
      if (consumers_changed) changed.push_back(it->first);
      ++it;
      continue;
    }
    const int64_t at = t.due_ms;
    if (!consumers_changed) changed.push_back(it->first);
    switch (t.kind) {
      case Transition::Kind::kDelete:
        it = region.streams.erase(it);
        continue;
      case Transition::Kind::kSplit: {
        auto key = HashKey::Parse(t.other);
        if (key.ok()) (void)CompleteSplit(s, t.shard, *key, at);
        break;
      }
      case Transition::Kind::kMerge:
        (void)CompleteMerge(s, t.shard, t.other, at);
        break;
      case Transition::Kind::kResize:
        (void)CompleteResize(s, static_cast<int>(t.count), at);
        break;
      case Transition::Kind::kEncrypt:
        s.encryption_type = t.shard;
        s.key_id = t.shard == "NONE" ? "" : t.other;
        break;
      case Transition::Kind::kMode:
        s.mode = t.shard;
        if (s.mode != "ON_DEMAND") {
          s.warm_target_mibps = -1;
          s.warm_current_mibps = 0;
        }
        if (!t.other.empty())
          s.warm_target_mibps = s.warm_current_mibps = std::strtoll(t.other.c_str(), nullptr, 10);
        break;
      case Transition::Kind::kWarm:
        s.warm_target_mibps = s.warm_current_mibps = t.count;
        break;
      case Transition::Kind::kCreate:
      case Transition::Kind::kNone:
        break;
    }
    s.status = StreamStatus::kActive;
    t = Transition();
    ++it;
  }
  return changed;
}

int64_t NextDueMs(const Model& model) {
  int64_t next = 0;
  auto consider = [&next](int64_t due) {
    if (due > 0 && (next == 0 || due < next)) next = due;
  };
  for (const auto& [region_name, region] : model.regions) {
    for (const auto& [name, stream] : region.streams) {
      if (stream.pending.kind != Transition::Kind::kNone) consider(stream.pending.due_ms);
      for (const Consumer& c : stream.consumers) {
        if (c.status != ConsumerStatus::kActive) consider(c.due_ms);
      }
    }
  }
  return next;
}

std::vector<std::pair<std::string, std::string>> AdvanceTransitions(Model& model, int64_t now_ms) {
  std::vector<std::pair<std::string, std::string>> changed;
  for (auto& [region_name, region] : model.regions) {
    for (auto& name : AdvanceTransitions(region, now_ms)) changed.emplace_back(region_name, name);
  }
  return changed;
}

}  // namespace kinesisctl::server
