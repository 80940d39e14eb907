// typed_client_probe ENDPOINT STREAM: drives every typed call of kinesisctl::Client against a
// Kinesis server and checks what the typed results say (run by test_typed_client.py against
// kinesalite, kinesis-mock and `kinesisctl serve`, so the parsers meet each server's real
// answers, nulls and omissions included). Prints "ok: <step>" per checked step and
// "unsupported: <Action>" when the server answers UnknownOperationException; the first failed
// check prints "FAILED: <why>" and exits 1.
#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <iostream>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "kinesisctl/client.h"

namespace {

using namespace kinesisctl;  // NOLINT(build/namespaces): a test program

[[noreturn]] void Fail(const std::string& why) {
  std::cout << "FAILED: " << why << std::endl;
  std::exit(1);
}

void Check(bool ok, const std::string& what) {
  if (!ok) Fail(what);
}

template <typename T>
T Must(StatusOr<T> result, const std::string& what) {
  if (!result.ok()) Fail(what + ": " + result.status().ToString());
  return std::move(result).value();
}

void Must(const Status& status, const std::string& what) {
  if (!status.ok()) Fail(what + ": " + status.ToString());
}

bool Unsupported(const Status& status, const char* action) {
  if (status.code() != "UnknownOperationException") return false;
  std::cout << "unsupported: " << action << std::endl;
  return true;
}

StreamDescriptionSummary WaitActive(Client& client, const std::string& name) {
  for (int i = 0; i < 400; ++i) {
    StreamDescriptionSummary s =
        Must(client.DescribeStreamSummary({name}), "DescribeStreamSummary");
    if (s.stream_status == "ACTIVE") return s;
    std::this_thread::sleep_for(std::chrono::milliseconds(25));
  }
  Fail("stream " + name + " never became ACTIVE");
}

// Every shard of the stream through DescribeStream pages.
std::vector<Shard> DescribeAll(Client& client, const std::string& name) {
  std::vector<Shard> shards;
  DescribeStreamRequest request{name, std::nullopt, std::nullopt};
  for (int page = 0; page < 100; ++page) {
    StreamDescription d = Must(client.DescribeStream(request), "DescribeStream");
    Check(d.stream_name == name, "DescribeStream names the stream");
    Check(d.stream_arn.find(":stream/" + name) != std::string::npos, "StreamARN ends in the name");
    Check(d.retention_period_hours >= 24, "RetentionPeriodHours >= 24");
    Check(d.stream_creation_timestamp > TimePoint(std::chrono::hours(24 * 365 * 40)),
          "StreamCreationTimestamp after 2010");
    shards.insert(shards.end(), d.shards.begin(), d.shards.end());
    if (!d.has_more_shards) return shards;
    Check(!d.shards.empty(), "HasMoreShards with no shards");
    request.exclusive_start_shard_id = d.shards.back().shard_id;
  }
  Fail("DescribeStream paging did not end");
}

// The open shards cover 0 .. 2^128-1 without gaps or overlaps.
void CheckCoverage(const std::vector<Shard>& shards, size_t open_count) {
  std::vector<HashKeyRange> open;
  for (const Shard& s : shards) {
    if (s.is_open()) open.push_back(s.hash_key_range);
  }
  Check(open.size() == open_count, "expected " + std::to_string(open_count) + " open shards, got " +
                                       std::to_string(open.size()));
  std::sort(open.begin(), open.end(), [](const HashKeyRange& a, const HashKeyRange& b) {
    return a.starting_hash_key < b.starting_hash_key;
  });
  Check(open.front().starting_hash_key == HashKey(0), "open shards start at 0");
  Check(open.back().ending_hash_key == HashKey::Max(), "open shards end at 2^128-1");
  for (size_t i = 1; i < open.size(); ++i) {
    Check(open[i].starting_hash_key.value() == open[i - 1].ending_hash_key.value() + 1,
          "open shards are contiguous");
  }
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 3) {
    std::cerr << "usage: typed_client_probe ENDPOINT STREAM\n";
    return 2;
  }
  const std::string name = argv[2];
  Options options;
  options.endpoint = argv[1];
  options.region = "us-east-1";
  options.credentials = MakeStaticCredentialsProvider("AKIDTESTKEY", "test-secret");
  options.retry.max_delay = std::chrono::milliseconds(200);
  Client client = Must(MakeClient(options), "MakeClient");

  Must(client.CreateStream({name, 2, std::nullopt, {}}), "CreateStream");
  StreamDescriptionSummary summary = WaitActive(client, name);
  Check(summary.stream_name == name, "summary names the stream");
  Check(summary.open_shard_count == 2,
        "OpenShardCount 2, got " + std::to_string(summary.open_shard_count));
  Check(summary.enhanced_monitoring.size() == 1, "EnhancedMonitoring has one entry");
  std::cout << "ok: DescribeStreamSummary" << std::endl;

  std::vector<Shard> shards = DescribeAll(client, name);
  CheckCoverage(shards, 2);
  Check(!shards[0].parent_shard_id, "a new stream's shards have no parent");
  std::cout << "ok: DescribeStream" << std::endl;

  ListStreamsResult streams = Must(client.ListStreams({}), "ListStreams");
  Check(std::find(streams.stream_names.begin(), streams.stream_names.end(), name) !=
            streams.stream_names.end(),
        "ListStreams lists the stream");
  std::cout << "ok: ListStreams" << std::endl;

  Must(client.AddTagsToStream({name, {{"team", "data"}, {"tier", ""}}}), "AddTagsToStream");
  ListTagsForStreamResult tags =
      Must(client.ListTagsForStream({name, {}, {}}), "ListTagsForStream");
  Check(tags.tags.size() == 2 && !tags.has_more_tags, "two tags, no more");
  Check(tags.tags[0].key == "team" && tags.tags[0].value == "data", "tag team=data");
  Must(client.RemoveTagsFromStream({name, {"tier"}}), "RemoveTagsFromStream");
  tags = Must(client.ListTagsForStream({name, {}, {}}), "ListTagsForStream");
  Check(tags.tags.size() == 1, "one tag left");
  std::cout << "ok: tags" << std::endl;

  // Split the first open shard in the middle of its range: the parent closes.
  const Shard* parent = nullptr;
  for (const Shard& s : shards) {
    if (s.is_open() && (!parent || s.hash_key_range.starting_hash_key <
                                       parent->hash_key_range.starting_hash_key)) {
      parent = &s;
    }
  }
  const uint128 lo = parent->hash_key_range.starting_hash_key.value();
  const uint128 hi = parent->hash_key_range.ending_hash_key.value();
  const std::string parent_id = parent->shard_id;
  Must(client.SplitShard({name, parent_id, HashKey(lo + (hi - lo) / 2)}), "SplitShard");
  summary = WaitActive(client, name);
  Check(summary.open_shard_count == 3, "OpenShardCount 3 after the split");
  ListShardsResult listed =
      Must(client.ListShards({name, std::nullopt, std::nullopt, std::nullopt}), "ListShards");
  std::vector<Shard> all = listed.shards;
  while (listed.next_token) {
    ListShardsRequest next;
    next.next_token = listed.next_token;
    listed = Must(client.ListShards(next), "ListShards page");
    all.insert(all.end(), listed.shards.begin(), listed.shards.end());
  }
  Check(all.size() == 4, "4 shards listed after the split, got " + std::to_string(all.size()));
  CheckCoverage(all, 3);
  int children = 0;
  for (const Shard& s : all) {
    if (s.shard_id == parent_id) {
      Check(!s.is_open() && !s.sequence_number_range.ending_sequence_number->empty(),
            "the parent is closed with an EndingSequenceNumber");
    }
    if (s.parent_shard_id == parent_id) ++children;
  }
  Check(children == 2, "two children name the parent");
  std::cout << "ok: SplitShard + ListShards" << std::endl;

  Must(client.IncreaseStreamRetentionPeriod({name, 48}), "IncreaseStreamRetentionPeriod");
  summary = WaitActive(client, name);
  Check(summary.retention_period_hours == 48, "RetentionPeriodHours 48");
  Must(client.DecreaseStreamRetentionPeriod({name, 24}), "DecreaseStreamRetentionPeriod");
  std::cout << "ok: retention" << std::endl;

  StatusOr<Limits> limits = client.DescribeLimits();
  if (!Unsupported(limits.status(), "DescribeLimits")) {
    Must(limits.status(), "DescribeLimits");
    Check(limits->shard_limit > 0 && limits->open_shard_count >= 3, "DescribeLimits counts");
    std::cout << "ok: DescribeLimits" << std::endl;
  }

  StatusOr<EnhancedMonitoringOutput> enabled =
      client.EnableEnhancedMonitoring({name, {"IncomingBytes"}});
  if (!Unsupported(enabled.status(), "EnableEnhancedMonitoring")) {
    Must(enabled.status(), "EnableEnhancedMonitoring");
    Check(enabled->desired_shard_level_metrics == std::vector<std::string>{"IncomingBytes"},
          "DesiredShardLevelMetrics [IncomingBytes]");
    summary = WaitActive(client, name);
    Check(summary.enhanced_monitoring.size() == 1 &&
              summary.enhanced_monitoring[0].shard_level_metrics ==
                  std::vector<std::string>{"IncomingBytes"},
          "the summary shows IncomingBytes");
    EnhancedMonitoringOutput disabled = Must(
        client.DisableEnhancedMonitoring({name, {"IncomingBytes"}}), "DisableEnhancedMonitoring");
    Check(disabled.desired_shard_level_metrics.empty(), "nothing desired after disabling");
    std::cout << "ok: enhanced monitoring" << std::endl;
  }

  summary = WaitActive(client, name);
  StatusOr<UpdateShardCountResult> resized = client.UpdateShardCount({name, 4, "UNIFORM_SCALING"});
  if (!Unsupported(resized.status(), "UpdateShardCount")) {
    Must(resized.status(), "UpdateShardCount");
    Check(resized->target_shard_count.value_or(0) == 4, "TargetShardCount 4");
    summary = WaitActive(client, name);
    Check(summary.open_shard_count == 4, "OpenShardCount 4 after UpdateShardCount");
    std::cout << "ok: UpdateShardCount" << std::endl;
  }

  Must(client.DeleteStream({name, std::nullopt}), "DeleteStream");
  Status gone = OkStatus();
  for (int i = 0; i < 400 && gone.ok(); ++i) {
    gone = client.DescribeStreamSummary({name}).status();
    if (gone.ok()) std::this_thread::sleep_for(std::chrono::milliseconds(25));
  }
  Check(gone.code() == "ResourceNotFoundException", "deleted: " + gone.ToString());
  std::cout << "ok: DeleteStream" << std::endl;
  return 0;
}
