// The enhanced fan-out consumer functions (kinesisctl/records.h): each looks up the stream's ARN
// (DescribeStreamSummary) and makes one call.
#include <string>

#include "functions/context.h"
#include "functions/results.h"
#include "kinesisctl/records.h"

namespace kinesisctl {
namespace {

using admin::ErrorResult;
using admin::OkResult;
using Json = nlohmann::ordered_json;

// Calls `operation` with {"StreamARN": ...} plus `extra`; {"result": answer}.
Result CallWithArn(std::string_view stream_name, const ConnectionParams& conn,
                   const std::string& operation, Json extra, bool all_pages = false) {
  return admin::GuardAnswers(operation, [&]() -> Result {
    StatusOr<admin::DataRpc> rpc = admin::NewDataRpc(conn);
    if (!rpc.ok()) return ErrorResult(rpc.status());
    StatusOr<Json> summary =
        rpc->rpc->Call("DescribeStreamSummary", Json{{"StreamName", std::string(stream_name)}}, {});
    if (!summary.ok()) return ErrorResult(summary.status());
    const std::string arn = (*summary)["StreamDescriptionSummary"].value("StreamARN", "");
    if (arn.empty()) {
      return ErrorResult(Status("InvalidResponse", "DescribeStreamSummary gave no StreamARN"));
    }
    Json request{{"StreamARN", arn}};
    for (auto& [k, v] : extra.items()) request[k] = v;
    StatusOr<Json> answer = rpc->rpc->Call(operation, request, {});
    if (!answer.ok()) return ErrorResult(answer.status());
    if (!all_pages) return OkResult(answer->empty() ? Json(true) : *answer);
    Json consumers = answer->value("Consumers", Json::array());
    while (answer->contains("NextToken") && (*answer)["NextToken"].is_string()) {
      answer = rpc->rpc->Call(operation,
                              Json{{"StreamARN", arn}, {"NextToken", (*answer)["NextToken"]}}, {});
      if (!answer.ok()) return ErrorResult(answer.status());
      for (const Json& c : answer->value("Consumers", Json::array())) consumers.push_back(c);
    }
    return OkResult(Json{{"Consumers", std::move(consumers)}});
  });
}

}  // namespace

Result register_stream_consumer(std::string_view stream_name, std::string_view consumer_name,
                                const ConnectionParams& conn) {
  return CallWithArn(stream_name, conn, "RegisterStreamConsumer",
                     Json{{"ConsumerName", std::string(consumer_name)}});
}

Result describe_stream_consumer(std::string_view stream_name, std::string_view consumer_name,
                                const ConnectionParams& conn) {
  return CallWithArn(stream_name, conn, "DescribeStreamConsumer",
                     Json{{"ConsumerName", std::string(consumer_name)}});
}

Result list_stream_consumers(std::string_view stream_name, const ConnectionParams& conn) {
  return CallWithArn(stream_name, conn, "ListStreamConsumers", Json::object(), true);
}

Result deregister_stream_consumer(std::string_view stream_name, std::string_view consumer_name,
                                  const ConnectionParams& conn) {
  return CallWithArn(stream_name, conn, "DeregisterStreamConsumer",
                     Json{{"ConsumerName", std::string(consumer_name)}});
}

}  // namespace kinesisctl
