#include "functions/describe.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <set>

#include "core/log.h"
#include "core/seconds_text.h"
#include "functions/json_fields.h"

namespace kinesisctl::admin {
namespace {

using kinesis::Json;

constexpr int kMaxPages = 100000;

bool IsUnsupported(const Status& s) {
  return s.code() == "UnknownOperationException" || s.code() == "InvalidAction";
}

// Pages DescribeStream until HasMoreShards is false, checking every page.
StatusOr<Json> DescribeByPaging(Connection& conn, const std::string& name) {
  kinesis::DescribeStreamRequest request{name, std::nullopt, std::nullopt};
  KINESISCTL_ASSIGN_OR_RETURN(Json first, conn.client.connection().DescribeStream(request));
  if (!first.contains("StreamDescription") || !first["StreamDescription"].is_object()) {
    return Status(codes::kInternal, "DescribeStream answered without a StreamDescription");
  }
  Json& desc = first["StreamDescription"];
  if (!desc["Shards"].is_array()) desc["Shards"] = Json::array();
  Json page_desc = desc;
  for (int page = 0; page_desc.contains("HasMoreShards") && page_desc["HasMoreShards"] == true;
       ++page) {
    const Json& shards = page_desc["Shards"];
    if (!shards.is_array() || shards.empty() || page > kMaxPages) {
      return Status(codes::kInternal,
                    "DescribeStream said HasMoreShards but returned no shards to continue after");
    }
    request.exclusive_start_shard_id = Text(shards.back(), "ShardId");
    KINESISCTL_ASSIGN_OR_RETURN(Json next, conn.client.connection().DescribeStream(request));
    page_desc = Member(next, "StreamDescription");
    if (page_desc.contains("Shards") && page_desc["Shards"].is_array()) {
      for (const auto& s : page_desc["Shards"]) desc["Shards"].push_back(s);
    }
  }
  desc["HasMoreShards"] = false;
  return first;
}

// DescribeStream's key order, filled from DescribeStreamSummary and ListShards.
Json AssembleDescription(const Json& summary_response, Json shards) {
  const Json& summary = Member(summary_response, "StreamDescriptionSummary");
  Json desc = Json::object();
  for (const char* key : {"StreamName", "StreamARN", "StreamStatus", "StreamModeDetails"}) {
    if (summary.contains(key)) desc[key] = summary[key];
  }
  desc["Shards"] = std::move(shards);
  desc["HasMoreShards"] = false;
  for (const char* key : {"RetentionPeriodHours", "StreamCreationTimestamp", "EnhancedMonitoring",
                          "EncryptionType", "KeyId"}) {
    if (summary.contains(key)) desc[key] = summary[key];
  }
  return {{"StreamDescription", std::move(desc)}};
}

}  // namespace

StatusOr<Json> DescribeSummary(Connection& conn, const std::string& name) {
  return conn.client.connection().DescribeStreamSummary({name});
}

StatusOr<Json> ListAllShards(Connection& conn, const std::string& name) {
  Json shards = Json::array();
  kinesis::ListShardsRequest request;
  request.stream_name = name;
  std::set<std::string> seen_tokens;
  for (int page = 0;; ++page) {
    KINESISCTL_ASSIGN_OR_RETURN(Json response, conn.client.connection().ListShards(request));
    if (response.contains("Shards") && response["Shards"].is_array()) {
      for (const auto& s : response["Shards"]) shards.push_back(s);
    }
    const std::string token = response.contains("NextToken") && response["NextToken"].is_string()
                                  ? response["NextToken"].get<std::string>()
                                  : "";
    if (token.empty()) break;
    if (!seen_tokens.insert(token).second || page > kMaxPages) {
      return Status(codes::kInternal, "ListShards repeated a NextToken");
    }
    request = kinesis::ListShardsRequest{};
    request.next_token = token;
  }
  return Json{{"Shards", std::move(shards)}};
}

namespace {

// The full description; `summary` is a DescribeStreamSummary response already in hand.
StatusOr<Json> DescribeFullFrom(Connection& conn, const std::string& name,
                                std::optional<Json> summary) {
  if (conn.summary_and_list_shards.value_or(true)) {
    StatusOr<Json> got =
        summary ? StatusOr<Json>(std::move(*summary)) : DescribeSummary(conn, name);
    if (got.ok()) {
      StatusOr<Json> shards = ListAllShards(conn, name);
      if (shards.ok()) {
        conn.summary_and_list_shards = true;
        return AssembleDescription(*got, std::move((*shards)["Shards"]));
      }
      // AWS answers ListShards on a stream that is not ACTIVE with ResourceInUseException;
      // DescribeStream works in every state.
      if (shards.status().code() == "ResourceInUseException") return DescribeByPaging(conn, name);
      if (!IsUnsupported(shards.status())) return shards.status();
    } else if (!IsUnsupported(got.status())) {
      return got.status();
    }
    LogDebug("DescribeStreamSummary/ListShards unsupported here; paging DescribeStream");
    conn.summary_and_list_shards = false;
  }
  return DescribeByPaging(conn, name);
}

}  // namespace

StatusOr<Json> DescribeFull(Connection& conn, const std::string& name) {
  return DescribeFullFrom(conn, name, std::nullopt);
}

namespace {

struct Observed {
  std::string status;
  std::optional<Json> summary;  // when it came from DescribeStreamSummary
};

StatusOr<Observed> Observe(Connection& conn, const std::string& name) {
  if (conn.summary_and_list_shards.value_or(true)) {
    StatusOr<Json> summary = DescribeSummary(conn, name);
    if (summary.ok()) {
      std::string status = Text(Member(*summary, "StreamDescriptionSummary"), "StreamStatus");
      return Observed{std::move(status), std::move(summary).value()};
    }
    if (!IsUnsupported(summary.status())) return summary.status();
    conn.summary_and_list_shards = false;
  }
  KINESISCTL_ASSIGN_OR_RETURN(
      Json page, conn.client.connection().DescribeStream({name, int64_t{1}, std::nullopt}));
  return Observed{Text(Member(page, "StreamDescription"), "StreamStatus"), std::nullopt};
}

}  // namespace

StatusOr<std::string> GetStreamStatus(Connection& conn, const std::string& name) {
  KINESISCTL_ASSIGN_OR_RETURN(Observed seen, Observe(conn, name));
  return seen.status;
}

StatusOr<Json> WaitForActive(Connection& conn, const std::string& name, double timeout_seconds,
                             ProgressSink* progress) {
  Clock& clock = conn.client.clock();
  const TimePoint start = clock.Now();
  const auto deadline = clock.Now() + SecondsToDuration(timeout_seconds);
  const ScopedClientDeadline calls_stop_in_time(conn.client, deadline);
  for (int attempt = 0;; ++attempt) {
    KINESISCTL_ASSIGN_OR_RETURN(Observed seen, Observe(conn, name));
    const std::string& status = seen.status;
    if (status == "ACTIVE") {
      if (progress) progress->Finish();
      return DescribeFullFrom(conn, name, std::move(seen.summary));
    }
    const TimePoint now = clock.Now();
    if (now >= deadline) {
      if (progress) progress->Finish();
      return Status(codes::kDeadlineExceeded,
                    "stream " + name + " did not become ACTIVE within " +
                        std::to_string(static_cast<long long>(timeout_seconds)) +
                        " s; last status: " + (status.empty() ? "(none)" : status));
    }
    LogDebug("stream " + name + " is " + status + ", waiting");
    if (progress) {
      const auto waited = std::chrono::duration_cast<std::chrono::seconds>(now - start).count();
      progress->Update("waiting for " + name + " to become ACTIVE: " + status + " (" +
                       std::to_string(waited) + " s)");
    }
    const double cap = std::min(10.0, std::ldexp(1.0, std::min(attempt, 10)));
    Duration wait = std::chrono::duration_cast<Duration>(
        std::chrono::duration<double>(conn.client.random().Uniform01() * cap));
    wait = std::max(wait, Duration(10));  // never a busy loop
    wait = std::min(wait, std::chrono::duration_cast<Duration>(deadline - now));
    conn.client.sleeper().SleepFor(wait);
  }
}

}  // namespace kinesisctl::admin
