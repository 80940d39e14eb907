// get_records (kinesisctl/records.h): one shard, from a start position, up to a limit.
#include <string>

#include "functions/context.h"
#include "functions/record_reading.h"
#include "functions/results.h"
#include "kinesisctl/records.h"

namespace kinesisctl {

using admin::ErrorResult;
using admin::OkResult;
using Json = nlohmann::ordered_json;

Result get_records(std::string_view stream_name, std::string_view shard_id,
                   const ConnectionParams& conn, const GetRecordsOptions& options) {
  return admin::GuardAnswers("get_records", [&]() -> Result {
    if (options.limit < 1) return ErrorResult(InvalidInputError("limit must be at least 1"));
    StatusOr<Json> request =
        admin::IteratorRequest(std::string(stream_name), std::string(shard_id), options.position);
    if (!request.ok()) return ErrorResult(request.status());
    StatusOr<admin::DataRpc> rpc = admin::NewDataRpc(conn);
    if (!rpc.ok()) return ErrorResult(rpc.status());
    StatusOr<Json> iterator = rpc->rpc->Call("GetShardIterator", *request, {});
    if (!iterator.ok()) return ErrorResult(iterator.status());
    Json next = iterator->value("ShardIterator", Json());
    Json records = Json::array();
    Json behind;
    int fruitless = 0;
    for (int call = 0; next.is_string() && static_cast<int64_t>(records.size()) < options.limit;
         ++call) {
      if (call > 0) rpc->sleeper->SleepFor(admin::SecondsToDuration(options.poll_interval_seconds));
      const int64_t want =
          std::min<int64_t>(options.limit - static_cast<int64_t>(records.size()), 10000);
      StatusOr<Json> answer =
          rpc->rpc->Call("GetRecords", Json{{"ShardIterator", next}, {"Limit", want}}, {});
      if (!answer.ok()) return ErrorResult(answer.status());
      StatusOr<std::vector<ReadRecord>> got = admin::RecordsOf(*answer, std::string(shard_id));
      if (!got.ok()) return ErrorResult(got.status());
      for (const ReadRecord& r : *got) records.push_back(RecordToJson(r));
      next = answer->value("NextShardIterator", Json());
      behind = answer->value("MillisBehindLatest", Json());
      if (!got->empty()) {
        fruitless = 0;
        continue;
      }
      // Empty: at the tip when the service says so (or does not say how far behind it is).
      // (Read as a double: an answer may hold any number, and a cast of 1e300 is undefined.)
      if (!behind.is_number() || behind.get<double>() == 0) break;
      if (++fruitless >= options.max_calls) break;
    }
    return OkResult(Json{{"records", std::move(records)},
                         {"next_shard_iterator", next},
                         {"millis_behind_latest", behind}});
  });
}

}  // namespace kinesisctl
