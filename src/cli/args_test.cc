// Argument binding turns text that is not UTF-8 into a usage error naming the argument and where
// in its value the text is. Before, such values were bound and a later dump() (a records list, a
// profile mapping, a tags or stream_details value) threw nlohmann::json::type_error out of the
// function: the functions fuzz target found these.
#include "cli/args.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "cli/functions.h"

namespace kinesisctl::cli {
namespace {

std::string Error(const std::string& function, const std::vector<std::string>& words) {
  const FunctionSpec* spec = FindFunction(function);
  EXPECT_NE(spec, nullptr) << function;
  if (spec == nullptr) return "";
  StatusOr<std::vector<std::string>> joined = JoinFlowWords(words);
  EXPECT_TRUE(joined.ok());
  StatusOr<Args> args = BindArgs(*spec, *joined);
  if (args.ok()) return "";
  EXPECT_EQ(args.status().code(), codes::kInvalidInput);
  return args.status().message();
}

TEST(BindArgsUtf8Test, NamesTheArgumentAndWhere) {
  EXPECT_EQ(Error("put_records", {"s", "[a,", "b,", "\"c\xed\xa0\x80\"]"}),
            "put_records: argument 'records': item 2 is not valid UTF-8 text");
  EXPECT_EQ(Error("put_records", {"s", "[{data:", "\"x\xff\"}]"}),
            "put_records: argument 'records': item 0, 'data' is not valid UTF-8 text");
  EXPECT_EQ(Error("exists", {"my\xffstream"}),
            "exists: argument 'stream_name' is not valid UTF-8 text");
  EXPECT_EQ(Error("create_stream", {"s", "1", "tags={team:", "\"d\xc3\"}"}),
            "create_stream: argument 'tags': 'team' is not valid UTF-8 text");
  EXPECT_EQ(Error("create_stream", {"s", "1", "tags={\"t\xc3\":", "x}"}),
            "create_stream: argument 'tags': key 't?' is not valid UTF-8 text");
  EXPECT_EQ(Error("list_streams", {"profile={keyid:", "\"A\xe0\x80\x80\"}"}),
            "list_streams: argument 'profile': 'keyid' is not valid UTF-8 text");
  EXPECT_EQ(Error("get_info_for_reshard", {"{Shards:", "[\"\xff\"]}"}),
            "get_info_for_reshard: argument 'stream_details': 'Shards', item 0 is not valid UTF-8 "
            "text");
  EXPECT_EQ(Error("long_int", {"12\xff"}), "long_int: argument 'hash_key' is not valid UTF-8 text");
  // UTF-8 text binds as before.
  EXPECT_EQ(Error("put_records", {"s", "[caf\xc3\xa9,", "\"\\u00e9\"]"}), "");
}

// Found by the functions fuzz target: seconds far past any clock (1e300) reached a cast to the
// clock's integer, undefined behaviour. Every number argument is seconds, at most 10^9.
TEST(BindArgsSecondsTest, BoundsNumbers) {
  EXPECT_EQ(Error("get_records", {"s", "shardId-0", "poll_interval=1e300"}),
            "get_records: poll_interval must be a number of seconds of at most 1000000000, got "
            "'1e300'");
  EXPECT_EQ(Error("tail", {"s", "until_idle=-2e9"}),
            "tail: until_idle must be a number of seconds of at most 1000000000, got '-2e9'");
  EXPECT_EQ(Error("tail", {"s", "until_idle=1e9", "poll_interval=0.5"}), "");
}

TEST(CheckUtf8Test, MessageShape) {
  EXPECT_TRUE(CheckUtf8(Json{{"a", "b"}}, "x").ok());
  EXPECT_EQ(CheckUtf8(Json::array({"\xff"}), "f: a.yaml").message(),
            "f: a.yaml: item 0 is not valid UTF-8 text");
}

}  // namespace
}  // namespace kinesisctl::cli
