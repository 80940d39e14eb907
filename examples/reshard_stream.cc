// Example: create a stream, wait until it is ACTIVE, reshard it to another shard count and
// print the resulting shards, using only kinesisctl's installed public headers.
//
//   reshard_stream STREAM [SHARDS [TARGET [ENDPOINT]]]
//
// Credentials and region come from the usual places (AWS_* environment variables, ~/.aws, the
// kinesisctl config file...); ENDPOINT, e.g. http://127.0.0.1:4567 for `kinesisctl serve`,
// overrides the AWS endpoint. Exits 0 when the stream ends with TARGET open shards.
#include <kinesisctl/boto_kinesis.h>
#include <kinesisctl/state.h>

#include <cstdlib>
#include <iostream>
#include <string>

namespace {

// Prints the error of a result (if any) and says whether there was one.
bool Failed(const kinesisctl::Result& result, const std::string& what) {
  if (!result.contains("error")) return false;
  std::cerr << what << " failed: " << result["error"].dump() << "\n";
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2 || argc > 5) {
    std::cerr << "usage: reshard_stream STREAM [SHARDS [TARGET [ENDPOINT]]]\n";
    return 2;
  }
  const std::string stream = argv[1];
  const int64_t shards = argc > 2 ? std::atoll(argv[2]) : 1;
  const int64_t target = argc > 3 ? std::atoll(argv[3]) : 3;
  kinesisctl::ConnectionParams conn;
  if (argc > 4) conn.endpoint = argv[4];

  // Salt's create_stream: {"result": true}, or an error; it does not wait.
  if (Failed(kinesisctl::create_stream(stream, shards, conn), "create_stream")) return 1;

  // Polls (with backoff) until ACTIVE, then returns the full description.
  kinesisctl::Result active = kinesisctl::get_stream_when_active(stream, conn, /*timeout=*/300);
  if (Failed(active, "get_stream_when_active")) return 1;
  std::cout << stream << " is "
            << active["result"]["StreamDescription"]["StreamStatus"].get<std::string>() << " with "
            << active["result"]["StreamDescription"]["Shards"].size() << " shard(s)\n";

  // Reshards in one call: UpdateShardCount steps where the service has it, else balanced
  // splits and merges; waits for ACTIVE between steps.
  kinesisctl::ReshardToOptions options;
  options.show_progress = false;
  options.timeout_seconds = 600;
  kinesisctl::StateResult resharded = kinesisctl::reshard_to(stream, target, options, conn);
  if (Failed(resharded, "reshard_to")) return 1;
  std::cout << "resharded: " << resharded["result"].dump() << "\n";

  // The open shards now (a closed shard has an EndingSequenceNumber). Hash keys are decimal
  // strings: exact 128-bit values.
  kinesisctl::Result described = kinesisctl::describe_stream(stream, conn);
  if (Failed(described, "describe_stream")) return 1;
  int64_t open = 0;
  for (const auto& shard : described["result"]["StreamDescription"]["Shards"]) {
    if (shard["SequenceNumberRange"].contains("EndingSequenceNumber")) continue;
    ++open;
    std::cout << "  " << shard["ShardId"].get<std::string>() << " "
              << shard["HashKeyRange"]["StartingHashKey"].get<std::string>() << " .. "
              << shard["HashKeyRange"]["EndingHashKey"].get<std::string>() << "\n";
  }
  std::cout << open << " open shard(s)\n";
  return open == target ? 0 : 1;
}
