// Test helper: an in-memory StreamOps. Streams live in a map; calls are recorded as text
// ("UpdateShardCount s 10"); errors can be injected per operation (once or always); streams go
// UPDATING after a change and ACTIVE at the next wait, which advances the FakeClock by
// `wait_step`. UpdateShardCount enforces the 2x/half rule and lays the shards out as AWS does;
// it can be made unsupported or limited to a budget of calls. A stream can be made to vanish
// after a number of waits. Header-only, for unit tests; not thread-safe.
#ifndef KINESISCTL_FUNCTIONS_TESTING_FAKE_STREAM_OPS_H_
#define KINESISCTL_FUNCTIONS_TESTING_FAKE_STREAM_OPS_H_

#include <algorithm>
#include <cstdio>
#include <deque>
#include <map>
#include <string>
#include <vector>

#include "functions/stream_ops.h"
#include "functions/update_shard_count_plan.h"
#include "kinesisctl/layouts.h"

namespace kinesisctl::admin::testing {

class FakeStreamOps : public StreamOps {
 public:
  explicit FakeStreamOps(FakeClock& clock) : clock_(clock) {}

  struct Stream {
    StreamState state;
    Tags tags;
  };

  // Adds an ACTIVE stream laid out as AWS lays out `shards` shards.
  Stream& AddStream(const std::string& name, int64_t shards) {
    Stream& s = streams_[name];
    s.state.name = name;
    s.state.arn = "arn:aws:kinesis:us-east-1:123456789012:stream/" + name;
    s.state.status = "ACTIVE";
    SetLayout(s.state, *AwsLayout(shards));
    return s;
  }
  Stream* Find(const std::string& name) {
    auto it = streams_.find(name);
    return it == streams_.end() ? nullptr : &it->second;
  }
  void SetLayout(StreamState& st, const std::vector<HashRange>& ranges) {
    st.open_shards.clear();
    for (const HashRange& r : ranges) st.open_shards.push_back({NextId(), r.start, r.end});
  }

  // The next call of `op` fails with `error` (`always`: every call).
  void FailNext(const std::string& op, Status error) { once_[op].push_back(std::move(error)); }
  void FailAlways(const std::string& op, Status error) { always_[op] = std::move(error); }
  void SetUpdateShardCountBudget(int calls) { budget_ = calls; }
  // The stream disappears at the `n`th wait from now.
  void DeleteAtWait(const std::string& name, int n) {
    delete_name_ = name;
    delete_at_ = waits_ + n;
  }

  const std::vector<std::string>& calls() const { return calls_; }
  std::vector<std::string> Mutations() const {
    std::vector<std::string> out;
    for (const auto& c : calls_) {
      if (c.rfind("Exists", 0) != 0 && c.rfind("Wait", 0) != 0 && c.rfind("ListTags", 0) != 0) {
        out.push_back(c);
      }
    }
    return out;
  }
  int waits() const { return waits_; }
  std::chrono::milliseconds wait_step{std::chrono::seconds(10)};
  std::function<void(Stream&)> on_create;  // runs after Create adds a stream

  StatusOr<bool> Exists(const std::string& name) override {
    KINESISCTL_RETURN_IF_ERROR(Enter("Exists " + name, "Exists"));
    return Find(name) != nullptr;
  }
  Status Create(const std::string& name, std::optional<int64_t> shards,
                std::optional<std::string> mode) override {
    KINESISCTL_RETURN_IF_ERROR(Enter("Create " + name + " " +
                                         (shards ? std::to_string(*shards) : "-") + " " +
                                         mode.value_or("-"),
                                     "Create"));
    if (Find(name)) return Status("ResourceInUseException", "Stream " + name + " exists");
    Stream& s = AddStream(name, shards.value_or(4));
    s.state.status = "CREATING";
    if (mode) s.state.stream_mode = *mode;
    if (on_create) on_create(s);
    return OkStatus();
  }
  Status Delete(const std::string& name) override {
    KINESISCTL_RETURN_IF_ERROR(Enter("Delete " + name, "Delete"));
    if (!streams_.erase(name)) return NotFound(name);
    return OkStatus();
  }
  StatusOr<StreamState> WaitActive(
      const std::string& name, TimePoint deadline,
      const std::function<void(const std::string&)>& on_status) override {
    KINESISCTL_RETURN_IF_ERROR(Enter("Wait " + name, "WaitActive"));
    ++waits_;
    if (name == delete_name_ && waits_ >= delete_at_) streams_.erase(name);
    Stream* s = Find(name);
    if (!s) return NotFound(name);
    if (on_status) on_status(s->state.status);
    if (s->state.status != "ACTIVE") {
      clock_.SleepFor(wait_step);
      if (clock_.Now() > deadline) {
        return Status(codes::kDeadlineExceeded,
                      "stream " + name + " still " + s->state.status + " at the deadline");
      }
      s->state.status = "ACTIVE";
    }
    return s->state;
  }
  Status IncreaseRetention(const std::string& name, int64_t hours) override {
    return Change("IncreaseRetention", name, std::to_string(hours),
                  [&](Stream& s) { s.state.retention_hours = hours; });
  }
  Status DecreaseRetention(const std::string& name, int64_t hours) override {
    return Change("DecreaseRetention", name, std::to_string(hours),
                  [&](Stream& s) { s.state.retention_hours = hours; });
  }
  Status EnableMonitoring(const std::string& name, const std::vector<std::string>& m) override {
    return Change(
        "EnableMonitoring", name, Join(m),
        [&](Stream& s) {
          for (const auto& x : m) {
            if (std::find(s.state.metrics.begin(), s.state.metrics.end(), x) ==
                s.state.metrics.end())
              s.state.metrics.push_back(x);
          }
        },
        false);
  }
  Status DisableMonitoring(const std::string& name, const std::vector<std::string>& m) override {
    return Change(
        "DisableMonitoring", name, Join(m),
        [&](Stream& s) {
          for (const auto& x : m) std::erase(s.state.metrics, x);
        },
        false);
  }
  Status UpdateStreamMode(const std::string& arn, const std::string& mode) override {
    KINESISCTL_RETURN_IF_ERROR(Enter("UpdateStreamMode " + arn + " " + mode, "UpdateStreamMode"));
    for (auto& [name, s] : streams_) {
      if (s.state.arn == arn) {
        s.state.stream_mode = mode;
        s.state.status = "UPDATING";
        return OkStatus();
      }
    }
    return NotFound(arn);
  }
  StatusOr<Tags> ListTags(const std::string& name) override {
    KINESISCTL_RETURN_IF_ERROR(Enter("ListTags " + name, "ListTags"));
    Stream* s = Find(name);
    if (!s) return NotFound(name);
    return s->tags;
  }
  Status AddTags(const std::string& name, const Tags& tags) override {
    std::vector<std::string> kv;
    for (const auto& [k, v] : tags) kv.push_back(k + "=" + v);
    return Change(
        "AddTags", name, Join(kv),
        [&](Stream& s) {
          for (const auto& [k, v] : tags) s.tags[k] = v;
        },
        false);
  }
  Status RemoveTags(const std::string& name, const std::vector<std::string>& keys) override {
    return Change(
        "RemoveTags", name, Join(keys),
        [&](Stream& s) {
          for (const auto& k : keys) s.tags.erase(k);
        },
        false);
  }
  Status StartEncryption(const std::string& name, const std::string& key) override {
    return Change("StartEncryption", name, key, [&](Stream& s) {
      s.state.encryption_type = "KMS";
      s.state.key_id = key;
    });
  }
  Status StopEncryption(const std::string& name, const std::string& key) override {
    return Change("StopEncryption", name, key, [&](Stream& s) {
      s.state.encryption_type = "NONE";
      s.state.key_id.clear();
    });
  }
  Status UpdateShardCount(const std::string& name, int64_t target) override {
    KINESISCTL_RETURN_IF_ERROR(
        Enter("UpdateShardCount " + name + " " + std::to_string(target), "UpdateShardCount"));
    Stream* s = Find(name);
    if (!s) return NotFound(name);
    if (s->state.status != "ACTIVE") return Status("ResourceInUseException", "not ACTIVE");
    if (budget_ == 0) {
      return Status("LimitExceededException", "UpdateShardCount budget exhausted");
    }
    if (budget_ > 0) --budget_;
    if (!UpdateShardCountStepAllowed(s->state.open_shards.size(), target)) {
      return Status("InvalidArgumentException", "target out of range");
    }
    SetLayout(s->state, *AwsLayout(target));
    s->state.status = "UPDATING";
    return OkStatus();
  }
  Status SplitShard(const std::string& name, const std::string& id, HashKey key) override {
    KINESISCTL_RETURN_IF_ERROR(
        Enter("SplitShard " + name + " " + id + " " + key.ToString(), "SplitShard"));
    Stream* s = Find(name);
    if (!s) return NotFound(name);
    if (s->state.status != "ACTIVE") return Status("ResourceInUseException", "not ACTIVE");
    auto& shards = s->state.open_shards;
    auto it = std::find_if(shards.begin(), shards.end(), [&](auto& x) { return x.shard_id == id; });
    if (it == shards.end() || !(key > it->start && key <= it->end)) {
      return Status("InvalidArgumentException", "bad split");
    }
    const OpenShard left{NextId(), it->start, HashKey(key.value() - 1)};
    const OpenShard right{NextId(), key, it->end};
    it = shards.erase(it);
    shards.insert(it, {left, right});
    s->state.status = "UPDATING";
    return OkStatus();
  }
  Status MergeShards(const std::string& name, const std::string& a, const std::string& b) override {
    KINESISCTL_RETURN_IF_ERROR(Enter("MergeShards " + name + " " + a + " " + b, "MergeShards"));
    Stream* s = Find(name);
    if (!s) return NotFound(name);
    if (s->state.status != "ACTIVE") return Status("ResourceInUseException", "not ACTIVE");
    auto& shards = s->state.open_shards;
    auto ia = std::find_if(shards.begin(), shards.end(), [&](auto& x) { return x.shard_id == a; });
    if (ia == shards.end() || ia + 1 == shards.end() || (ia + 1)->shard_id != b) {
      return Status("InvalidArgumentException", "shards not adjacent");
    }
    const OpenShard merged{NextId(), ia->start, (ia + 1)->end};
    ia = shards.erase(ia, ia + 2);
    shards.insert(ia, merged);
    s->state.status = "UPDATING";
    return OkStatus();
  }

 private:
  static Status NotFound(const std::string& name) {
    return Status(kResourceNotFound, "Stream " + name + " under account 123456789012 not found.");
  }
  static std::string Join(const std::vector<std::string>& v) {
    std::string out;
    for (const auto& x : v) out += (out.empty() ? "" : ",") + x;
    return out;
  }
  Status Enter(const std::string& call, const std::string& op) {
    calls_.push_back(call);
    if (auto it = once_.find(op); it != once_.end() && !it->second.empty()) {
      Status s = it->second.front();
      it->second.pop_front();
      return s;
    }
    if (auto it = always_.find(op); it != always_.end()) return it->second;
    return OkStatus();
  }
  template <typename F>
  Status Change(const std::string& op, const std::string& name, const std::string& arg, F apply,
                bool updating = true) {
    KINESISCTL_RETURN_IF_ERROR(Enter(op + " " + name + " " + arg, op));
    Stream* s = Find(name);
    if (!s) return NotFound(name);
    apply(*s);
    if (updating) s->state.status = "UPDATING";
    return OkStatus();
  }
  std::string NextId() {
    char buf[32];
    std::snprintf(buf, sizeof buf, "shardId-%012d", next_id_++);
    return buf;
  }

  FakeClock& clock_;
  std::map<std::string, Stream> streams_;
  std::map<std::string, std::deque<Status>> once_;
  std::map<std::string, Status> always_;
  std::vector<std::string> calls_;
  int budget_ = -1;
  int waits_ = 0;
  std::string delete_name_;
  int delete_at_ = 0;
  int next_id_ = 0;
};

}  // namespace kinesisctl::admin::testing

#endif  // KINESISCTL_FUNCTIONS_TESTING_FAKE_STREAM_OPS_H_
