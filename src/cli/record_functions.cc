// The descriptor-table group of the data-plane functions: put_record, put_records, get_records,
// tail and the enhanced fan-out consumer functions. Each entry is data; its handler maps the
// bound arguments onto the library call (kinesisctl/records.h). tail writes JSON lines to stdout
// as records arrive and stops cleanly on SIGINT (exit status 130).
#include <unistd.h>

#include <atomic>
#include <csignal>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <string>

#include "cli/functions.h"
#include "functions/progress.h"
#include "kinesisctl/records.h"
#include "signing/iso8601.h"

namespace kinesisctl::cli {
namespace {

constexpr char kRecords[] = "Records: put, read, follow; enhanced fan-out consumers";

ParamSpec StreamName() { return {"stream_name", ArgType::kString, true, "", "the stream's name"}; }
ParamSpec ConsumerName() {
  return {"consumer_name", ArgType::kString, true, "", "the consumer's name"};
}
ParamSpec Keyword(std::string name, ArgType type, std::string default_text, std::string help) {
  return {std::move(name), type, false, std::move(default_text), std::move(help), true};
}

Result UsageError(const std::string& message) {
  return Json{{"error", {{"Code", "InvalidInput"}, {"Message", message}}}, {"result", nullptr}};
}

// Seconds since the epoch from a number or an ISO 8601 UTC time.
std::optional<double> ParseTimestamp(const Json& v) {
  if (v.is_number()) return v.get<double>();
  if (!v.is_string()) return std::nullopt;
  const std::string text = v.get<std::string>();
  char* end = nullptr;
  const double n = std::strtod(text.c_str(), &end);
  if (!text.empty() && end == text.c_str() + text.size()) return n;
  StatusOr<TimePoint> t = aws::ParseIso8601(text);
  if (!t.ok()) return std::nullopt;
  return std::chrono::duration<double>(t->time_since_epoch()).count();
}

std::string ValidateTimestamp(const Args& a) {
  if (a.Has("timestamp") && !ParseTimestamp(a.Value("timestamp"))) {
    return "timestamp must be seconds since the epoch or an ISO 8601 time such as "
           "2026-12-01T18:00:00Z, not '" +
           a.String("timestamp",
                    a.Value("timestamp").dump(-1, ' ', false, Json::error_handler_t::replace)) +
           "'";
  }
  return "";
}

Result PutRecords(const Args& a) {
  PutRecordsOptions o;
  o.format = a.String("format", "lines");
  if (a.Has("partition_key")) o.partition_key = a.String("partition_key");
  if (a.Has("explicit_hash_key")) o.explicit_hash_key = a.String("explicit_hash_key");
  o.continue_on_error = a.Bool("continue", false);
  o.per_record = a.Bool("per_record", false);
  if (a.Int("max_attempts")) o.max_attempts = static_cast<int>(*a.Int("max_attempts"));
  o.retry_delay_seconds = a.Number("retry_delay", o.retry_delay_seconds);
  o.retry_max_delay_seconds = a.Number("retry_max_delay", o.retry_max_delay_seconds);
  if (a.Int("max_record_bytes")) o.max_record_bytes = *a.Int("max_record_bytes");
  if (a.Int("max_records_per_call")) o.max_records_per_call = *a.Int("max_records_per_call");
  if (a.Int("max_bytes_per_call")) o.max_bytes_per_call = *a.Int("max_bytes_per_call");
  if (a.Int("in_flight")) o.max_in_flight = static_cast<int>(*a.Int("in_flight"));
  admin::TerminalProgress progress;
  if (progress.active()) {
    o.progress = [&progress](const PutProgress& p) {
      progress.Update("put_records: " + std::to_string(p.stored) + " stored, " +
                      std::to_string(p.failed) + " failed, " + std::to_string(p.calls) + " calls");
    };
  }
  const std::string stream = a.String("stream_name");
  if (a.Has("records")) {
    // A list of lines; mappings (JSON records typed as YAML) go back to JSON text.
    std::vector<std::string> lines;
    const Json& v = a.Value("records");
    // BindArgs checked it is UTF-8 (binary data goes as data_base64): dump() cannot throw.
    for (const Json& item : v.is_array() ? v : Json::array({v})) {
      lines.push_back(item.is_string() ? item.get<std::string>() : item.dump());
    }
    return put_records(stream, lines, a.connection(), o);
  }
  const std::string file = a.String("file", "-");
  if (file == "-") {
    o.linger_seconds = a.Number("linger", 1.0);
    return put_records_from_fd(stream, STDIN_FILENO, a.connection(), o);
  }
  std::ifstream in(file, std::ios::binary);
  if (!in) return UsageError("cannot read file '" + file + "'");
  return put_records(stream, in, a.connection(), o);
}

std::string ValidatePutRecords(const Args& a) {
  const std::string format = a.String("format", "lines");
  if (format != "lines" && format != "json") return "format must be lines or json";
  if (a.Has("records") && a.Has("file")) return "give records or file=, not both";
  return "";
}

StartPosition PositionFrom(const Args& a) {
  StartPosition p;
  p.type = a.String("iterator_type", "TRIM_HORIZON");
  if (a.Has("sequence_number")) p.sequence_number = a.String("sequence_number");
  if (a.Has("timestamp")) p.timestamp = ParseTimestamp(a.Value("timestamp"));
  return p;
}

Result GetRecords(const Args& a) {
  GetRecordsOptions o;
  o.position = PositionFrom(a);
  if (a.Int("limit")) o.limit = *a.Int("limit");
  o.poll_interval_seconds = a.Number("poll_interval", o.poll_interval_seconds);
  return get_records(a.String("stream_name"), a.String("shard_id"), a.connection(), o);
}

std::atomic<bool> g_interrupted{false};
extern "C" void OnInterrupt(int /*signal*/) { g_interrupted = true; }

Result Tail(const Args& a) {
  TailOptions o;
  o.start = a.String("start", "LATEST");
  if (a.Has("timestamp")) {
    o.timestamp = ParseTimestamp(a.Value("timestamp"));
    if (!a.Has("start")) o.start = "AT_TIMESTAMP";
  }
  o.after = a.StringMap("after");
  if (a.Int("limit")) o.limit = *a.Int("limit");
  if (a.Has("until_idle")) o.until_idle_seconds = a.Number("until_idle", 0);
  o.poll_interval_seconds = a.Number("poll_interval", o.poll_interval_seconds);
  o.retry_delay_seconds = a.Number("retry_delay", o.retry_delay_seconds);
  o.retry_max_delay_seconds = a.Number("retry_max_delay", o.retry_max_delay_seconds);
  if (a.Has("consumer")) o.consumer = a.String("consumer");
  const bool raw = a.Bool("raw", false);
  o.on_record = [raw](const ReadRecord& r) {
    if (raw) {
      std::cout.write(r.data.data(), static_cast<std::streamsize>(r.data.size()));
      std::cout << '\n';
    } else {
      std::cout << RecordToJson(r).dump(-1, ' ', false, Json::error_handler_t::replace) << '\n';
    }
    std::cout.flush();
  };
  g_interrupted = false;
  o.should_stop = [] { return g_interrupted.load(); };
  struct sigaction action {};
  struct sigaction previous {};
  action.sa_handler = OnInterrupt;
  sigemptyset(&action.sa_mask);
  sigaction(SIGINT, &action, &previous);
  Result result = tail(a.String("stream_name"), a.connection(), o);
  sigaction(SIGINT, &previous, nullptr);
  if (isatty(STDERR_FILENO) && result.contains("result") && result["result"].is_object()) {
    std::cerr << "tail: " << result["result"].value("records", 0)
              << " records, stopped: " << result["result"].value("stopped", "") << "\n";
  }
  return result;
}

std::string ValidateTail(const Args& a) {
  const std::string start = a.String("start", "LATEST");
  if (start != "LATEST" && start != "TRIM_HORIZON" && start != "AT_TIMESTAMP") {
    return "start must be LATEST, TRIM_HORIZON or AT_TIMESTAMP, not '" + start + "'";
  }
  if (start == "AT_TIMESTAMP" && !a.Has("timestamp")) return "start=AT_TIMESTAMP needs timestamp=";
  if (a.Int("limit") && *a.Int("limit") < 1) return "limit must be at least 1";
  return ValidateTimestamp(a);
}

int TailExitStatus(const Result& result) {
  if (result.contains("result") && result["result"].is_object() &&
      result["result"].value("stopped", "") == "interrupted") {
    return 130;
  }
  return DefaultExitStatus(result);
}

}  // namespace

const std::vector<FunctionSpec>& RecordFunctions() {
  static const auto* table = new std::vector<FunctionSpec>{
      {"put_record",
       kRecords,
       "put one record (PutRecord)",
       "Put one record with the given data (as text) and partition key. Result: its shard_id and "
       "sequence_number.",
       {StreamName(),
        {"data", ArgType::kString, true, "", "the record's data, as text"},
        {"partition_key", ArgType::kString, true, "", "the partition key (1-256 characters)"},
        Keyword("explicit_hash_key", ArgType::kHashKey, "", "a hash key that picks the shard"),
        Keyword("sequence_number_for_ordering", ArgType::kString, "",
                "put strictly after this sequence number of the same partition key")},
       {"put_record my_stream 'hello world' user-42"},
       [](const Args& a) {
         PutRecordOptions o;
         if (a.Has("explicit_hash_key")) o.explicit_hash_key = a.String("explicit_hash_key");
         if (a.Has("sequence_number_for_ordering")) {
           o.sequence_number_for_ordering = a.String("sequence_number_for_ordering");
         }
         return put_record(a.String("stream_name"), a.String("data"), a.String("partition_key"),
                           a.connection(), o);
       }},
      {"put_records",
       kRecords,
       "put many records from arguments, a file or stdin (PutRecords, batched)",
       "Put records read from the records argument, file=PATH, or stdin (file=- or neither): one "
       "record per non-empty line (format=lines, every record with partition_key=KEY), or JSON "
       "lines (format=json: {\"data\": ..., \"partition_key\": ..., \"explicit_hash_key\": ...}, "
       "or \"data_base64\" for binary data). Batches hold at most 500 records and 5 MiB; a record "
       "over the stream's maximum record size is bad input. Only the records a PutRecords answer "
       "failed are retried, with full-jitter backoff, up to max_attempts rounds. Bad input (a "
       "line that is not a JSON object, a missing partition key, an oversized record) is "
       "reported with its line number: the records before it are sent, none after it unless "
       "continue=True (then the line is skipped). Result: stored, failed, skipped and calls "
       "(per_record=True lists each record's shard and sequence number or error); exit status 1 "
       "when anything failed. Up to in_flight calls run at once, each on its own connection; "
       "records with the same partition key (or explicit hash key) never sit in two calls at "
       "once, so they are stored in input order (in_flight=1 keeps the whole input in order). "
       "From stdin, what is batched is sent after linger seconds without a "
       "new "
       "line, so `tail -f app.log | kinesisctl put_records ...` sends as it goes. Progress goes "
       "to stderr when it is a terminal.",
       {StreamName(),
        {"records", ArgType::kAny, false, "",
         "records given inline: a list, one record per item (JSON records may be mappings)"},
        Keyword("file", ArgType::kString, "-", "the input file; - is stdin"),
        Keyword("format", ArgType::kString, "lines", "lines or json (JSON lines)"),
        Keyword("partition_key", ArgType::kString, "",
                "partition key of every record without its own"),
        Keyword("explicit_hash_key", ArgType::kHashKey, "",
                "explicit hash key of every record without its own"),
        Keyword("linger", ArgType::kNumber, "1",
                "stdin: send what is batched after this many seconds without a new line"),
        Keyword("continue", ArgType::kBool, "False", "skip bad lines instead of stopping"),
        Keyword("per_record", ArgType::kBool, "False", "list every record's outcome"),
        Keyword("max_attempts", ArgType::kInt, "10", "PutRecords rounds per batch"),
        Keyword("retry_delay", ArgType::kNumber, "0.1", "backoff base between rounds, seconds"),
        Keyword("retry_max_delay", ArgType::kNumber, "5", "backoff cap, seconds"),
        Keyword("max_record_bytes", ArgType::kInt, "the stream's (1 MiB)",
                "largest record, data plus partition key"),
        Keyword("max_records_per_call", ArgType::kInt, "500", "records per PutRecords call"),
        Keyword("max_bytes_per_call", ArgType::kInt, "5242880", "bytes per PutRecords call"),
        Keyword("in_flight", ArgType::kInt, "4",
                "PutRecords calls at once, 1 to 16 (one key is never in two at once)")},
       {"put_records my_stream file=events.jsonl format=json",
        "put_records my_stream [a, b, c] partition_key=k",
        "seq 1000 | kinesisctl put_records my_stream partition_key=numbers"},
       PutRecords,
       ValidatePutRecords},
      {"get_records",
       kRecords,
       "read records of one shard from a position (GetShardIterator + GetRecords)",
       "Read up to limit records of one shard, starting at iterator_type (LATEST, TRIM_HORIZON, "
       "AT_TIMESTAMP with timestamp=, AT_SEQUENCE_NUMBER or AFTER_SEQUENCE_NUMBER with "
       "sequence_number=), until the limit, the end of a closed shard or the shard's tip. Each "
       "record: shard_id, sequence_number, partition_key, arrival (ISO 8601), data (text when "
       "valid UTF-8, else base64, as encoding says).",
       {StreamName(),
        {"shard_id", ArgType::kString, true, "", "the shard, e.g. shardId-000000000000"},
        Keyword("iterator_type", ArgType::kString, "TRIM_HORIZON", "where to start"),
        Keyword("sequence_number", ArgType::kString, "", "for the *_SEQUENCE_NUMBER types"),
        Keyword("timestamp", ArgType::kString, "",
                "for AT_TIMESTAMP: seconds since the epoch or ISO 8601"),
        Keyword("limit", ArgType::kInt, "100", "at most this many records"),
        Keyword("poll_interval", ArgType::kNumber, "0.2", "seconds between GetRecords calls")},
       {"get_records my_stream shardId-000000000000 limit=10",
        "get_records my_stream shardId-000000000000 iterator_type=AFTER_SEQUENCE_NUMBER "
        "sequence_number=4959..."},
       GetRecords,
       ValidateTimestamp},
      {"tail",
       kRecords,
       "follow every shard of a stream, printing records as JSON lines",
       "Follow every shard of the stream and print each record as a JSON line (shard_id, "
       "sequence_number, partition_key, arrival, data, encoding), or only its data with "
       "raw=True. Starts at start=LATEST (default), TRIM_HORIZON or AT_TIMESTAMP (timestamp=); "
       "after={shard: sequence_number} resumes those shards after the given records. Follows "
       "splits and merges: a child shard is read from its beginning once its parents are read to "
       "the end, so records come in order per shard and per partition key. Calls GetRecords at "
       "most once per poll_interval per shard (Kinesis allows 5 per second) and backs off on "
       "ProvisionedThroughputExceededException. Stops after limit records, after until_idle "
       "seconds without a record, when every shard is closed and read, or on Ctrl-C (SIGINT: "
       "stops cleanly after the current call, exit status 130). With consumer=NAME it reads "
       "through that enhanced fan-out consumer: one SubscribeToShard subscription per shard, "
       "renewed where the service ended it.",
       {StreamName(),
        Keyword("start", ArgType::kString, "LATEST", "LATEST, TRIM_HORIZON or AT_TIMESTAMP"),
        Keyword("timestamp", ArgType::kString, "",
                "for AT_TIMESTAMP (implied when given): epoch seconds or ISO 8601"),
        Keyword("after", ArgType::kStringMap, "", "resume: {shardId: sequence_number, ...}"),
        Keyword("limit", ArgType::kInt, "", "stop after this many records"),
        Keyword("until_idle", ArgType::kNumber, "", "stop after this many seconds without records"),
        Keyword("raw", ArgType::kBool, "False", "print only each record's data and a newline"),
        Keyword("poll_interval", ArgType::kNumber, "0.2",
                "min seconds between GetRecords calls on a shard"),
        Keyword("retry_delay", ArgType::kNumber, "0.2", "throttling backoff base, seconds"),
        Keyword("retry_max_delay", ArgType::kNumber, "5", "throttling backoff cap, seconds"),
        Keyword("consumer", ArgType::kString, "",
                "read through this ACTIVE enhanced fan-out consumer (SubscribeToShard)")},
       {"tail my_stream", "tail my_stream consumer=my_app start=TRIM_HORIZON",
        "tail my_stream start=TRIM_HORIZON until_idle=5",
        "tail my_stream timestamp=2026-12-01T18:00:00Z limit=100"},
       Tail,
       ValidateTail,
       TailExitStatus,
       true,
       nullptr,
       true},
      {"register_stream_consumer",
       kRecords,
       "register an enhanced fan-out consumer",
       "RegisterStreamConsumer on the stream's ARN. The consumer becomes ACTIVE shortly after.",
       {StreamName(), ConsumerName()},
       {"register_stream_consumer my_stream my_app"},
       [](const Args& a) {
         return register_stream_consumer(a.String("stream_name"), a.String("consumer_name"),
                                         a.connection());
       }},
      {"describe_stream_consumer",
       kRecords,
       "describe an enhanced fan-out consumer",
       "",
       {StreamName(), ConsumerName()},
       {"describe_stream_consumer my_stream my_app"},
       [](const Args& a) {
         return describe_stream_consumer(a.String("stream_name"), a.String("consumer_name"),
                                         a.connection());
       }},
      {"list_stream_consumers",
       kRecords,
       "every enhanced fan-out consumer of a stream (all pages)",
       "",
       {StreamName()},
       {"list_stream_consumers my_stream"},
       [](const Args& a) {
         return list_stream_consumers(a.String("stream_name"), a.connection());
       }},
      {"deregister_stream_consumer",
       kRecords,
       "deregister an enhanced fan-out consumer",
       "",
       {StreamName(), ConsumerName()},
       {"deregister_stream_consumer my_stream my_app"},
       [](const Args& a) {
         return deregister_stream_consumer(a.String("stream_name"), a.String("consumer_name"),
                                           a.connection());
       }},
  };
  return *table;
}

}  // namespace kinesisctl::cli
