// PutRecord, PutRecords, GetShardIterator, GetRecords.
#include <algorithm>
#include <ctime>

#include "server/actions/actions.h"
#include "server/actions/answer_writer.h"
#include "server/actions/data_codec.h"
#include "server/limits/shard_limits.h"
#include "server/validation/patterns.h"

namespace kinesisctl::server {
namespace {

constexpr int64_t kIteratorLifetimeMs = 300'000;
constexpr size_t kPutRecordsMaxBytes = 5 * 1024 * 1024;
constexpr char kThroughputExceeded[] = "ProvisionedThroughputExceededException";

// Streams that are CREATING or DELETING take no reads or writes: AWS answers "not found".
StatusOr<Stream*> DataStream(ActionContext& ctx, const Json& req) {
  KINESISCTL_ASSIGN_OR_RETURN(Stream * s, ResolveStream(ctx, req));
  if (s->status == StreamStatus::kCreating || s->status == StreamStatus::kDeleting) {
    return ApiError("ResourceNotFoundException", StreamPhrase(ctx, s->name) + " not found.");
  }
  return s;
}

// Where an appended record is: its shard's id (in the stream, which outlives the action) and its
// place in ctx.records, which holds its sequence number; no copies of either.
struct Appended {
  const std::string* shard_id = nullptr;
  size_t record = 0;
};

// A validated entry's members, read from the request document.
RecordEntryView EntryOf(const Json& entry) {
  RecordEntryView out{entry["PartitionKey"].get_ref<const std::string&>(),
                      entry["Data"].get_ref<const std::string&>(), std::nullopt};
  if (auto ehk = entry.find("ExplicitHashKey"); ehk != entry.end() && ehk->is_string()) {
    out.explicit_hash_key = ehk->get_ref<const std::string&>();
  }
  return out;
}

StatusOr<Appended> Append(ActionContext& ctx, Stream& s, const RecordEntryView& entry) {
  const std::string_view pkey = entry.partition_key;
  HashKey key = PartitionKeyHash(pkey);
  if (entry.explicit_hash_key) {
    auto parsed = HashKey::Parse(*entry.explicit_hash_key);
    if (!parsed.ok()) {
      return ApiError("InvalidArgumentException",
                      "Invalid ExplicitHashKey. ExplicitHashKey must be in the range: [0, "
                      "2^128-1]. Specified value was " +
                          std::string(*entry.explicit_hash_key));
    }
    key = *parsed;
  }
  auto data = Base64Decode(entry.data);
  if (!data) return ApiError("SerializationException", "Data is not valid base64.");
  for (Shard& sh : s.shards) {
    if (!sh.open() || key < sh.start || sh.end < key) continue;
    if (ctx.limits &&
        !ctx.limits->TryWrite({s.region, s.name, sh.index},
                              static_cast<int64_t>(pkey.size() + data->size()), ctx.now_ms)) {
      return ApiError(kThroughputExceeded,
                      ShardLimits::ShardRateMessage(sh.id, s.name, ctx.account()));
    }
    if (ctx.now_ms > sh.last_ms) {
      sh.last_ms = ctx.now_ms;
      sh.last_counter = 0;
    } else {
      ++sh.last_counter;
    }
    sh.last_arrival_ms = ctx.now_ms;
    ctx.records.push_back({s.region,
                           s.name,
                           sh.index,
                           {FormatSequenceNumber(sh.last_ms, sh.last_counter, sh.index), ctx.now_ms,
                            std::string(pkey), std::move(*data)}});
    return Appended{&sh.id, ctx.records.size() - 1};
  }
  return Status("InternalFailure", "No open shard holds the hash key.", 500);
}

// Bytes the base64 text `b64` (already validated) decodes to.
size_t DecodedLength(std::string_view b64) {
  size_t pad = 0;
  if (!b64.empty() && b64.back() == '=') ++pad;
  if (b64.size() > 1 && b64[b64.size() - 2] == '=') ++pad;
  return b64.size() / 4 * 3 - pad;
}

// A record's data may be as large as the stream's MaxRecordSizeInKiB (the request schema allows
// up to the 10 MiB that any stream may take).
Status CheckRecordSize(const ActionContext& ctx, const Stream& s, std::string_view data) {
  const size_t size = DecodedLength(data);
  const size_t limit = static_cast<size_t>(s.max_record_kib) * 1024;
  if (size <= limit) return OkStatus();
  return ApiError("InvalidArgumentException", "Record size " + std::to_string(size) +
                                                  " bytes exceeds the maximum record size of " +
                                                  std::to_string(s.max_record_kib) +
                                                  " KiB (MaxRecordSizeInKiB) of " +
                                                  StreamPhrase(ctx, s.name) + ".");
}

StatusOr<Json> PutRecord(ActionContext& ctx, const Json& req) {
  KINESISCTL_ASSIGN_OR_RETURN(Stream * s, DataStream(ctx, req));
  const RecordEntryView entry = EntryOf(req);
  KINESISCTL_RETURN_IF_ERROR(CheckRecordSize(ctx, *s, entry.data));
  ctx.undo.SaveSequences(*s);
  KINESISCTL_ASSIGN_OR_RETURN(Appended a, Append(ctx, *s, entry));
  return Json{{"ShardId", *a.shard_id},
              {"SequenceNumber", ctx.records[a.record].record.sequence},
              {"EncryptionType", s->encryption_type}};
}

StatusOr<std::string> PutRecords(ActionContext& ctx, const Json& req) {
  KINESISCTL_ASSIGN_OR_RETURN(Stream * s, DataStream(ctx, req));
  // The entries as the front door read them (PlainPutRecords), or from the document.
  std::vector<RecordEntryView> from_document;
  if (!ctx.plain_put_records) {
    for (const Json& r : req["Records"]) from_document.push_back(EntryOf(r));
  }
  const std::vector<RecordEntryView>& entries =
      ctx.plain_put_records ? ctx.plain_put_records->records : from_document;
  size_t total = 0;
  for (const RecordEntryView& r : entries) {
    KINESISCTL_RETURN_IF_ERROR(CheckRecordSize(ctx, *s, r.data));
    total += r.partition_key.size() + r.data.size() / 4 * 3;
  }
  if (total > kPutRecordsMaxBytes) {
    return ApiError("InvalidArgumentException", "Records size exceeds 5 MB limit");
  }
  ctx.undo.SaveSequences(*s);
  std::vector<StatusOr<Appended>> appended;
  appended.reserve(entries.size());
  ctx.records.reserve(ctx.records.size() + entries.size());
  uint64_t failed = 0;
  for (const RecordEntryView& r : entries) {
    appended.push_back(Append(ctx, *s, r));
    const Status& status = appended.back().status();
    // --enforce-limits: only this entry fails; the others are stored.
    if (status.code() == kThroughputExceeded) {
      ++failed;
    } else if (!status.ok()) {
      return status;
    }
  }
  // Members in the order nlohmann::json writes them (sorted), like every other answer.
  AnswerWriter out(ctx.answer_format);
  out.BeginMap();
  out.Key("EncryptionType");
  out.String(s->encryption_type);
  out.Key("FailedRecordCount");
  out.Uint(failed);
  out.Key("Records");
  out.BeginArray();
  for (const StatusOr<Appended>& a : appended) {
    out.BeginMap();
    if (a.ok()) {
      out.Key("SequenceNumber");
      out.String(ctx.records[a->record].record.sequence);
      out.Key("ShardId");
      out.String(*a->shard_id);
    } else {
      out.Key("ErrorCode");
      out.String(kThroughputExceeded);
      out.Key("ErrorMessage");
      out.String(a.status().message());
    }
    out.EndMap();
  }
  out.EndArray();
  out.EndMap();
  return out.Take();
}

// The shard id is read loosely ("shardId-1", "1", "x-1"); one naming no shard number is not
// found before the stream is looked up; an unknown stream or shard answers AWS's "Shard ... does
// not exist" with the canonical id.
StatusOr<Json> GetShardIterator(ActionContext& ctx, const Json& req) {
  const std::string requested = req["ShardId"].get<std::string>();
  const std::optional<std::string> canonical = CanonicalShardId(requested);
  if (!canonical) return ShardNotFound(ctx, requested, RequestedStreamName(req));
  const std::string& shard_id = *canonical;
  const Status no_shard = ApiError("ResourceNotFoundException",
                                   "Shard " + shard_id + " in stream " + RequestedStreamName(req) +
                                       " under account " + ctx.account() + " does not exist");
  auto found = ResolveStream(ctx, req);
  if (!found.ok() && found.status().code() == "ResourceNotFoundException") return no_shard;
  KINESISCTL_ASSIGN_OR_RETURN(Stream * s, DataStream(ctx, req));
  const Shard* shard = s->FindShard(shard_id);
  if (!shard) return no_shard;
  const std::string type = req["ShardIteratorType"].get<std::string>();
  const std::string seq = StringMember(req, "StartingSequenceNumber");
  const bool by_sequence = type == "AT_SEQUENCE_NUMBER" || type == "AFTER_SEQUENCE_NUMBER";
  if (by_sequence == seq.empty()) {
    return ApiError("InvalidArgumentException",
                    "Must either specify (1) AT_SEQUENCE_NUMBER or AFTER_SEQUENCE_NUMBER and "
                    "StartingSequenceNumber or (2) TRIM_HORIZON or LATEST and no "
                    "StartingSequenceNumber. Request specified " +
                        type + (seq.empty() ? " and no" : " and also a") +
                        " StartingSequenceNumber.");
  }
  ShardIterator it{s->region, s->name, s->created_ms, shard->index};
  it.issued_ms = ctx.now_ms;
  if (by_sequence) {
    if (!IsSequenceNumberOfShard(seq, shard->index)) {
      return ApiError("InvalidArgumentException",
                      "StartingSequenceNumber " + seq + " used in GetShardIterator on shard " +
                          shard_id + " in stream " + s->name + " under account " + ctx.account() +
                          " is invalid.");
    }
    it.sequence = seq;
    it.inclusive = type == "AT_SEQUENCE_NUMBER";
  } else if (type == "LATEST") {
    it.sequence = FormatSequenceNumber(shard->last_ms, shard->last_counter, shard->index);
  } else if (type == "AT_TIMESTAMP") {
    if (!req.contains("Timestamp") || !req["Timestamp"].is_number()) {
      return ApiError("InvalidArgumentException",
                      "Must specify timestampInMillis parameter for iterator of type "
                      "AT_TIMESTAMP. Current request has no timestamp parameter.");
    }
    it.timestamp_ms = TimestampMillis(req["Timestamp"]);
    if (it.timestamp_ms > ctx.now_ms) {
      return ApiError("InvalidArgumentException",
                      "The timestampInMillis parameter cannot be greater than the "
                      "currentTimestampInMillis. timestampInMillis: " +
                          std::to_string(it.timestamp_ms) +
                          ", currentTimestampInMillis: " + std::to_string(ctx.now_ms));
    }
  }
  return Json{{"ShardIterator", EncodeIterator(it)}};
}

std::string AmzTime(int64_t ms) {
  const std::time_t t = ms / 1000;
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[64];
  std::strftime(buf, sizeof buf, "%a %b %d %H:%M:%S UTC %Y", &tm);
  return buf;
}

StatusOr<std::string> GetRecords(ActionContext& ctx, const Json& req) {
  const std::string text = req["ShardIterator"].get<std::string>();
  const auto it = DecodeIterator(text);
  if (!it) return ApiError("InvalidArgumentException", "Invalid ShardIterator.");
  if (ctx.now_ms - it->issued_ms > kIteratorLifetimeMs) {
    return ApiError("ExpiredIteratorException",
                    "Iterator expired. The iterator was created at time " + AmzTime(it->issued_ms) +
                        " while right now it is " + AmzTime(ctx.now_ms) +
                        " which is further in the future than the tolerated delay of 300000 "
                        "milliseconds.");
  }
  auto& streams = ctx.model.regions[it->region].streams;
  auto found = streams.find(it->stream);
  const std::string shard_id = ShardIdFor(it->shard);
  if (found == streams.end() || found->second.created_ms != it->stream_created_ms ||
      it->shard < 0 || it->shard >= static_cast<int>(found->second.shards.size())) {
    return ApiError("ResourceNotFoundException", "Shard " + shard_id + " in stream " + it->stream +
                                                     " under account " + ctx.account() +
                                                     " does not exist");
  }
  const Stream& s = found->second;
  const Shard& shard = s.shards[it->shard];
  const bool closed = !shard.open();
  const std::string newest = FormatSequenceNumber(shard.last_ms, shard.last_counter, shard.index);
  // Only a closed shard has children (its last page lists them): reads of an open shard skip
  // the scan of every shard. Copies: the model is released before the records are read.
  std::vector<Shard> children;
  for (const Shard& child : s.shards) {
    if (!closed) break;
    if (child.parent == shard.id || child.adjacent_parent == shard.id) children.push_back(child);
  }
  const ShardKey limit_key{it->region, it->stream, it->shard};
  if (ctx.limits && !ctx.limits->TryStartRead(limit_key, ctx.now_ms)) {
    return ApiError(kThroughputExceeded,
                    ShardLimits::ShardRateMessage(shard_id, it->stream, ctx.account()));
  }
  ReadQuery q{it->region, it->stream, it->shard, it->sequence, it->inclusive};
  q.min_arrival_ms =
      std::max(it->timestamp_ms, ctx.now_ms - static_cast<int64_t>(s.retention_hours) * 3'600'000);
  q.limit = static_cast<int>(req.value("Limit", 10000));
  const std::string encryption = s.encryption_type;
  if (ctx.lock) ctx.lock->unlock();  // done with the model: read without blocking writers

  KINESISCTL_ASSIGN_OR_RETURN(std::vector<StoredRecord> records, ctx.storage->Read(q));
  if (ctx.limits) {
    int64_t bytes = 0;
    for (const StoredRecord& r : records) {
      bytes += static_cast<int64_t>(r.data.size() + r.partition_key.size());
    }
    ctx.limits->ChargeRead(limit_key, bytes, ctx.now_ms);
  }
  // Written directly, members sorted as nlohmann::json writes them: a document of 10,000
  // records would cost more than reading them.
  AnswerWriter out(ctx.answer_format);
  out.BeginMap();
  const bool end_of_shard = closed && static_cast<int>(records.size()) < q.limit;
  if (end_of_shard) {
    out.Key("ChildShards");
    out.BeginArray();
    for (const Shard& child : children) {
      out.BeginMap();
      out.Key("HashKeyRange");
      out.BeginMap();
      out.Key("EndingHashKey");
      out.String(child.end.ToString());
      out.Key("StartingHashKey");
      out.String(child.start.ToString());
      out.EndMap();
      out.Key("ParentShards");
      out.BeginArray();
      out.String(child.parent);
      if (!child.adjacent_parent.empty()) out.String(child.adjacent_parent);
      out.EndArray();
      out.Key("ShardId");
      out.String(child.id);
      out.EndMap();
    }
    out.EndArray();
  }
  const bool caught_up = records.empty() || records.back().sequence >= newest;
  out.Key("MillisBehindLatest");
  out.Uint(caught_up ? 0 : std::max<int64_t>(0, ctx.now_ms - records.back().arrival_ms));
  out.Key("NextShardIterator");
  if (end_of_shard) {
    out.Null();
  } else {
    ShardIterator next = *it;
    next.issued_ms = ctx.now_ms;
    if (!records.empty()) {
      next.sequence = records.back().sequence;
      next.inclusive = false;
    }
    out.String(EncodeIterator(next));
  }
  out.Key("Records");
  out.BeginArray();
  for (const StoredRecord& r : records) {
    out.BeginMap();
    out.Key("ApproximateArrivalTimestamp");
    out.Timestamp(r.arrival_ms);
    out.Key("Data");
    out.Blob(r.data);
    if (encryption != "NONE") {
      out.Key("EncryptionType");
      out.String(encryption);
    }
    out.Key("PartitionKey");
    out.String(r.partition_key);
    out.Key("SequenceNumber");
    out.String(r.sequence);
    out.EndMap();
  }
  out.EndArray();
  out.EndMap();
  return out.Take();
}

}  // namespace

StatusOr<Json> GetShardIteratorFor(ActionContext& ctx, const Json& request) {
  return GetShardIterator(ctx, request);
}

void RegisterDataActions(std::vector<ActionSpec>& out) {
  Field pkey{.name = "PartitionKey", .type = FieldType::kString, .not_null = true};
  pkey.min_length = 1;
  pkey.max_length = 256;
  Field data{.name = "Data", .type = FieldType::kBlob, .not_null = true};
  data.max_length = 10 * 1024 * 1024;  // per stream: MaxRecordSizeInKiB (CheckRecordSize)
  Field ordering = HashKeyField("SequenceNumberForOrdering", false);
  ordering.pattern = kSequencePattern;
  const Field ehk = HashKeyField("ExplicitHashKey", false);
  Field records{.name = "Records", .type = FieldType::kList, .not_null = true};
  records.min_length = 1;
  records.max_length = 500;
  records.member_text = "com.amazonaws.kinesis.v20131202.PutRecordsRequestEntry@c965e310";
  records.members = {pkey, ehk, data};
  Field shard_id = ShardIdField("ShardId", true);
  Field type{.name = "ShardIteratorType", .type = FieldType::kString, .not_null = true};
  type.enum_values = {"AT_SEQUENCE_NUMBER", "AFTER_SEQUENCE_NUMBER", "TRIM_HORIZON", "LATEST",
                      "AT_TIMESTAMP"};
  Field start = HashKeyField("StartingSequenceNumber", false);
  start.pattern = ordering.pattern;
  Field iterator{.name = "ShardIterator", .type = FieldType::kString, .not_null = true};
  iterator.min_length = 1;
  iterator.max_length = 512;
  Field limit{.name = "Limit", .type = FieldType::kInteger};
  limit.min_value = 1;
  limit.max_value = 10000;
  const Field name = StreamNameField(), arn = StreamArnField();
  out.push_back({"PutRecord", {ordering, pkey, ehk, data, name, arn}, &PutRecord, false});
  out.push_back({.name = "PutRecords",
                 .schema = {records, name, arn},
                 .mutates = false,
                 .run_text = &PutRecords});
  out.push_back({"GetShardIterator",
                 {shard_id, type, start, name,
                  Field{.name = "Timestamp", .type = FieldType::kTimestamp}, arn},
                 &GetShardIterator,
                 false});
  out.push_back({.name = "GetRecords",
                 .schema = {limit, iterator, arn},
                 .mutates = false,
                 .run_text = &GetRecords});
}

}  // namespace kinesisctl::server
