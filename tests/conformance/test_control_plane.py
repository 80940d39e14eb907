"""Every control-plane action of `kinesisctl serve` through Debian's boto3 (and raw signed requests
for StreamARN members boto3 1.26 lacks): happy paths, then AWS's error types and messages."""
import unittest

import harness
from harness import ACCOUNT, ServerTest, signed

MAX = 2 ** 128 - 1
METRICS = ["IncomingBytes", "IncomingRecords", "IteratorAgeMilliseconds", "OutgoingBytes",
           "OutgoingRecords", "ReadProvisionedThroughputExceeded",
           "WriteProvisionedThroughputExceeded"]


def arn(name, region="us-east-1"):
    return f"arn:aws:kinesis:{region}:{ACCOUNT}:stream/{name}"


@harness.skip_unless_server()
class ControlPlaneTest(ServerTest):
    delay_ms = 0
    shard_limit = 60
    extra_args = ("--on-demand-stream-limit", "2")

    def make(self, name, shards=1):
        self.c.create_stream(StreamName=name, ShardCount=shards)
        return name

    def open_shards(self, name):
        return [s for s in self.c.list_shards(StreamName=name)["Shards"]
                if "EndingSequenceNumber" not in s["SequenceNumberRange"]]

    # --- CreateStream / DescribeStream / DescribeStreamSummary / DeleteStream ---

    def test_create_uses_aws_layout(self):
        self.make("layout3", 3)
        d = self.c.describe_stream(StreamName="layout3")["StreamDescription"]
        self.assertEqual(d["StreamStatus"], "ACTIVE")
        self.assertEqual(d["StreamARN"], arn("layout3"))
        self.assertEqual(d["RetentionPeriodHours"], 24)
        self.assertEqual(d["EncryptionType"], "NONE")
        self.assertEqual(d["EnhancedMonitoring"], [{"ShardLevelMetrics": []}])
        ranges = [(s["HashKeyRange"]["StartingHashKey"], s["HashKeyRange"]["EndingHashKey"])
                  for s in d["Shards"]]
        self.assertEqual(ranges, [
            ("0", "113427455640312821154458202477256070484"),
            ("113427455640312821154458202477256070485", "226854911280625642308916404954512140969"),
            ("226854911280625642308916404954512140970", str(MAX))])
        self.assertEqual([s["ShardId"] for s in d["Shards"]],
                         ["shardId-000000000000", "shardId-000000000001", "shardId-000000000002"])
        for s in d["Shards"]:
            self.assertRegex(s["SequenceNumberRange"]["StartingSequenceNumber"], r"^\d{56}$")

    def create_on_demand(self, name):
        status, _, body = signed(self.endpoint, "CreateStream", {
            "StreamName": name, "StreamModeDetails": {"StreamMode": "ON_DEMAND"}})
        return status, body

    def test_create_with_tags_and_on_demand(self):
        status, body = self.create_on_demand("od1")
        self.assertEqual(status, 200, body)
        s = self.c.describe_stream_summary(StreamName="od1")["StreamDescriptionSummary"]
        self.assertEqual(s["StreamModeDetails"], {"StreamMode": "ON_DEMAND"})
        self.assertEqual(s["OpenShardCount"], 4)
        self.assertEqual(s["ConsumerCount"], 0)
        self.c.delete_stream(StreamName="od1")
        status, _, body = signed(self.endpoint, "CreateStream", {
            "StreamName": "tagged", "ShardCount": 1, "Tags": {"team": "a", "env": "dev"}})
        self.assertEqual(status, 200, body)
        tags = self.c.list_tags_for_stream(StreamName="tagged")["Tags"]
        self.assertEqual(tags, [{"Key": "env", "Value": "dev"}, {"Key": "team", "Value": "a"}])

    def test_on_demand_limit(self):
        made = []
        while self.c.describe_limits()["OnDemandStreamCount"] < 2:
            made.append(f"odl{len(made)}")
            self.assertEqual(self.create_on_demand(made[-1])[0], 200)
        status, body = self.create_on_demand("odl-over")
        self.assertRawError((status, {}, body), "LimitExceededException")
        self.assertIn("On-Demand streams", body["message"])
        self.assertNotIn("Rate exceeded", body["message"])
        for name in made:
            self.c.delete_stream(StreamName=name)

    def test_create_errors(self):
        self.make("dup")
        self.assertError(self.c.create_stream, "ResourceInUseException",
                         f"Stream dup under account {ACCOUNT} already exists.",
                         StreamName="dup", ShardCount=1)
        self.assertError(self.raw_c.create_stream, "ValidationException",
                         "1 validation error detected: Value 'bad name!' at 'streamName' failed "
                         "to satisfy constraint: Member must satisfy regular expression pattern: "
                         "[a-zA-Z0-9_.-]+", StreamName="bad name!", ShardCount=1)
        self.assertError(self.raw_c.create_stream, "ValidationException",
                         f"1 validation error detected: Value '{'a' * 129}' at 'streamName' "
                         "failed to satisfy constraint: Member must have length less than or "
                         "equal to 128", StreamName="a" * 129, ShardCount=1)
        self.assertError(self.raw_c.create_stream, "ValidationException",
                         "1 validation error detected: Value '0' at 'shardCount' failed to "
                         "satisfy constraint: Member must have value greater than or equal to 1",
                         StreamName="zero", ShardCount=0)
        self.assertError(self.raw_c.create_stream, "ValidationException",
                         "2 validation errors detected: Value '0' at 'shardCount' failed to "
                         "satisfy constraint: Member must have value greater than or equal to 1; "
                         "Value '' at 'streamName' failed to satisfy constraint: Member must "
                         "satisfy regular expression pattern: [a-zA-Z0-9_.-]+; Value '' at "
                         "'streamName' failed to satisfy constraint: Member must have length "
                         "greater than or equal to 1".replace("2 validation", "3 validation"),
                         StreamName="", ShardCount=0)
        self.assertError(self.raw_c.create_stream, "ValidationException",
                         "1 validation error detected: Value null at 'streamName' failed to "
                         "satisfy constraint: Member must not be null", ShardCount=1)

    def test_shard_limit(self):
        used = self.c.describe_limits()["OpenShardCount"]
        err = self.assertError(self.c.create_stream, "LimitExceededException",
                               StreamName="toomany", ShardCount=60 - used + 1)
        self.assertTrue(err["Message"].startswith(
            f"This request would exceed the shard limit for the account {ACCOUNT} in us-east-1. "
            f"Current shard count for the account: {used}. Limit: 60."), err["Message"])

    def test_describe_paging(self):
        self.make("paged", 5)
        d = self.c.describe_stream(StreamName="paged", Limit=2)["StreamDescription"]
        self.assertEqual([s["ShardId"] for s in d["Shards"]],
                         ["shardId-000000000000", "shardId-000000000001"])
        self.assertTrue(d["HasMoreShards"])
        d = self.c.describe_stream(StreamName="paged",
                                   ExclusiveStartShardId="shardId-000000000002")["StreamDescription"]
        self.assertEqual([s["ShardId"] for s in d["Shards"]],
                         ["shardId-000000000003", "shardId-000000000004"])
        self.assertFalse(d["HasMoreShards"])

    def test_describe_missing_and_bad(self):
        self.assertError(self.c.describe_stream, "ResourceNotFoundException",
                         f"Stream nope under account {ACCOUNT} not found.", StreamName="nope")
        self.assertError(self.raw_c.describe_stream, "ValidationException", StreamName="bad/name")
        self.assertError(self.c.delete_stream, "ResourceNotFoundException",
                         f"Stream nope under account {ACCOUNT} not found.", StreamName="nope")

    def test_stream_arn_members(self):
        self.make("byarn", 2)
        status, _, body = signed(self.endpoint, "DescribeStream", {"StreamARN": arn("byarn")})
        self.assertEqual(status, 200, body)
        self.assertEqual(body["StreamDescription"]["StreamName"], "byarn")
        status, _, body = signed(self.endpoint, "DescribeStreamSummary", {"StreamARN": arn("byarn")})
        self.assertEqual(body["StreamDescriptionSummary"]["OpenShardCount"], 2)
        status, _, body = signed(self.endpoint, "ListShards", {"StreamARN": arn("byarn")})
        self.assertEqual(len(body["Shards"]), 2)
        status, _, body = signed(self.endpoint, "AddTagsToStream",
                                 {"StreamARN": arn("byarn"), "Tags": {"k": "v"}})
        self.assertEqual(status, 200, body)
        status, _, body = signed(self.endpoint, "ListTagsForStream", {"StreamARN": arn("byarn")})
        self.assertEqual(body["Tags"], [{"Key": "k", "Value": "v"}])
        self.assertRawError(signed(self.endpoint, "DescribeStream", {"StreamARN": arn("ghost")}),
                            "ResourceNotFoundException",
                            f"Stream ghost under account {ACCOUNT} not found.")
        self.assertRawError(signed(self.endpoint, "DescribeStream", {"StreamARN": "arn:nope"}),
                            "ValidationException",
                            "1 validation error detected: Value 'arn:nope' at 'streamARN' failed "
                            "to satisfy constraint: Member must satisfy regular expression "
                            r"pattern: arn:aws.*:kinesis:.*:\d{12}:stream/\S+")
        status, _, body = signed(self.endpoint, "DeleteStream", {"StreamARN": arn("byarn")})
        self.assertEqual(status, 200, body)
        self.assertTrue(harness.wait_gone(self.c, "byarn"))

    def test_delete(self):
        self.make("gone")
        self.c.delete_stream(StreamName="gone", EnforceConsumerDeletion=True)
        self.assertTrue(harness.wait_gone(self.c, "gone"))

    # --- ListStreams ---

    def test_list_streams_both_paging_schemes(self):
        names = [f"ls-{i:02d}" for i in range(5)]
        for n in names:
            self.make(n)
        got, start = [], None
        while True:
            kw = {"Limit": 2}
            if start:
                kw["ExclusiveStartStreamName"] = start
            page = self.c.list_streams(**kw)
            got += page["StreamNames"]
            if not page["HasMoreStreams"]:
                break
            start = page["StreamNames"][-1]
        self.assertEqual([n for n in got if n.startswith("ls-")], names)
        got, token = [], None
        while True:
            body = {"Limit": 2}
            if token:
                body["NextToken"] = token
            status, _, page = signed(self.endpoint, "ListStreams", body)
            self.assertEqual([x["StreamName"] for x in page["StreamSummaries"]],
                             page["StreamNames"])
            self.assertEqual(status, 200, page)
            got += page["StreamNames"]
            token = page.get("NextToken")
            self.assertEqual(bool(token), page["HasMoreStreams"])
            if not token:
                break
        self.assertEqual([n for n in got if n.startswith("ls-")], names)
        summary = page["StreamSummaries"][-1]
        self.assertEqual(set(summary), {"StreamName", "StreamARN", "StreamStatus",
                                        "StreamModeDetails", "StreamCreationTimestamp"})
        self.assertRawError(signed(self.endpoint, "ListStreams", {"NextToken": "zz"}),
                            "InvalidArgumentException")

    # --- ListShards ---

    def test_list_shards_paging_and_filters(self):
        self.make("lsh", 4)
        page = self.c.list_shards(StreamName="lsh", MaxResults=3)
        self.assertEqual(len(page["Shards"]), 3)
        rest = self.c.list_shards(NextToken=page["NextToken"])
        self.assertEqual([s["ShardId"] for s in rest["Shards"]], ["shardId-000000000003"])
        self.assertNotIn("NextToken", rest)
        after = self.c.list_shards(StreamName="lsh", ExclusiveStartShardId="shardId-000000000001")
        self.assertEqual(len(after["Shards"]), 2)
        f = self.c.list_shards(StreamName="lsh", ShardFilter={"Type": "AFTER_SHARD_ID",
                                                             "ShardId": "shardId-000000000002"})
        self.assertEqual([s["ShardId"] for s in f["Shards"]], ["shardId-000000000003"])
        self.c.split_shard(StreamName="lsh", ShardToSplit="shardId-000000000000",
                           NewStartingHashKey="1000")
        harness.wait_status(self.c, "lsh")
        latest = self.c.list_shards(StreamName="lsh", ShardFilter={"Type": "AT_LATEST"})
        self.assertEqual(len(latest["Shards"]), 5)
        # AT_TRIM_HORIZON: the shards open at the trim horizon (the four first ones);
        # FROM_TRIM_HORIZON adds those opened since.
        horizon = self.c.list_shards(StreamName="lsh", ShardFilter={"Type": "AT_TRIM_HORIZON"})
        self.assertEqual(len(horizon["Shards"]), 4)
        since = self.c.list_shards(StreamName="lsh", ShardFilter={"Type": "FROM_TRIM_HORIZON"})
        self.assertEqual(len(since["Shards"]), 6)
        self.assertError(self.c.list_shards, "InvalidArgumentException",
                         "NextToken and StreamName cannot be provided together.",
                         StreamName="lsh", NextToken=page["NextToken"])
        self.assertError(self.c.list_shards, "InvalidArgumentException")
        self.assertError(self.c.list_shards, "ResourceNotFoundException", StreamName="nope")

    # --- SplitShard / MergeShards / UpdateShardCount ---

    def test_split_keeps_closed_parent_and_children(self):
        self.make("split", 1)
        mid = str(2 ** 127)
        self.c.split_shard(StreamName="split", ShardToSplit="shardId-000000000000",
                           NewStartingHashKey=mid)
        harness.wait_status(self.c, "split")
        shards = self.c.list_shards(StreamName="split")["Shards"]
        self.assertEqual([s["ShardId"] for s in shards],
                         ["shardId-000000000000", "shardId-000000000001", "shardId-000000000002"])
        parent, a, b = shards
        end = parent["SequenceNumberRange"]["EndingSequenceNumber"]
        self.assertGreater(int(a["SequenceNumberRange"]["StartingSequenceNumber"]), int(end))
        self.assertEqual(a["ParentShardId"], "shardId-000000000000")
        self.assertEqual(b["ParentShardId"], "shardId-000000000000")
        self.assertEqual(a["HashKeyRange"], {"StartingHashKey": "0", "EndingHashKey": str(2 ** 127 - 1)})
        self.assertEqual(b["HashKeyRange"], {"StartingHashKey": mid, "EndingHashKey": str(MAX)})
        # A closed shard cannot be split again; a key outside the range is refused.
        self.assertError(self.c.split_shard, "InvalidArgumentException", StreamName="split",
                         ShardToSplit="shardId-000000000000", NewStartingHashKey="5")
        self.assertError(
            self.c.split_shard, "InvalidArgumentException",
            f"NewStartingHashKey 1 used in SplitShard() on shard shardId-000000000001 in stream "
            f"split under account {ACCOUNT} is not both greater than one plus the shard's "
            f"StartingHashKey 0 and less than the shard's EndingHashKey {2 ** 127 - 1}.",
            StreamName="split", ShardToSplit="shardId-000000000001", NewStartingHashKey="1")
        self.assertError(self.c.split_shard, "ResourceNotFoundException",
                         f"Could not find shard shardId-000000000009 in stream split under "
                         f"account {ACCOUNT}.", StreamName="split",
                         ShardToSplit="shardId-000000000009", NewStartingHashKey="100")
        self.assertError(self.raw_c.split_shard, "ValidationException",
                         "1 validation error detected: Value '1.7e38' at 'newStartingHashKey' "
                         "failed to satisfy constraint: Member must satisfy regular expression "
                         r"pattern: 0|([1-9]\d{0,38})", StreamName="split",
                         ShardToSplit="shardId-000000000001", NewStartingHashKey="1.7e38")

    def test_merge(self):
        self.make("merge", 3)
        self.c.merge_shards(StreamName="merge", ShardToMerge="shardId-000000000000",
                            AdjacentShardToMerge="shardId-000000000001")
        harness.wait_status(self.c, "merge")
        shards = self.c.list_shards(StreamName="merge")["Shards"]
        child = shards[-1]
        self.assertEqual(child["ShardId"], "shardId-000000000003")
        self.assertEqual(child["ParentShardId"], "shardId-000000000000")
        self.assertEqual(child["AdjacentParentShardId"], "shardId-000000000001")
        self.assertEqual(child["HashKeyRange"]["StartingHashKey"], "0")
        self.assertEqual(child["HashKeyRange"]["EndingHashKey"],
                         "226854911280625642308916404954512140969")
        self.assertEqual(len(self.open_shards("merge")), 2)
        self.assertError(self.c.merge_shards, "InvalidArgumentException",
                         StreamName="merge", ShardToMerge="shardId-000000000000",
                         AdjacentShardToMerge="shardId-000000000002")
        self.make("merge2", 3)
        self.assertError(self.c.merge_shards, "InvalidArgumentException",
                         f"Shards shardId-000000000000 and shardId-000000000002 in stream merge2 "
                         f"under account {ACCOUNT} are not an adjacent pair of shards eligible "
                         f"for merging", StreamName="merge2", ShardToMerge="shardId-000000000000",
                         AdjacentShardToMerge="shardId-000000000002")

    def test_update_shard_count(self):
        self.make("usc", 2)
        out = self.c.update_shard_count(StreamName="usc", TargetShardCount=4,
                                        ScalingType="UNIFORM_SCALING")
        self.assertEqual((out["CurrentShardCount"], out["TargetShardCount"]), (2, 4))
        harness.wait_status(self.c, "usc")
        opened = self.open_shards("usc")
        self.assertEqual([s["HashKeyRange"]["StartingHashKey"] for s in opened],
                         [str(i * 2 ** 126) for i in range(4)])
        self.assertTrue(all("ParentShardId" in s for s in opened))
        # Our documented choice beyond 2x up or below half: InvalidArgumentException.
        self.assertError(self.c.update_shard_count, "InvalidArgumentException", StreamName="usc",
                         TargetShardCount=9, ScalingType="UNIFORM_SCALING")
        self.assertError(self.c.update_shard_count, "InvalidArgumentException", StreamName="usc",
                         TargetShardCount=1, ScalingType="UNIFORM_SCALING")
        self.assertError(self.raw_c.update_shard_count, "ValidationException",
                         "1 validation error detected: Value 'FAST' at 'scalingType' failed to "
                         "satisfy constraint: Member must satisfy enum value set: "
                         "[UNIFORM_SCALING]", StreamName="usc", TargetShardCount=3,
                         ScalingType="FAST")

    def test_on_demand_refuses_resharding(self):
        self.c.create_stream(StreamName="odr", ShardCount=2)
        status, _, body = signed(self.endpoint, "UpdateStreamMode", {
            "StreamARN": arn("odr"), "StreamModeDetails": {"StreamMode": "ON_DEMAND"}})
        self.assertEqual(status, 200, body)
        harness.wait_status(self.c, "odr")
        s = self.c.describe_stream_summary(StreamName="odr")["StreamDescriptionSummary"]
        self.assertEqual(s["StreamModeDetails"]["StreamMode"], "ON_DEMAND")
        self.assertError(self.c.split_shard, "ValidationException", StreamName="odr",
                         ShardToSplit="shardId-000000000000", NewStartingHashKey="100")
        self.assertError(self.c.merge_shards, "ValidationException", StreamName="odr",
                         ShardToMerge="shardId-000000000000",
                         AdjacentShardToMerge="shardId-000000000001")
        self.assertError(self.c.update_shard_count, "ValidationException", StreamName="odr",
                         TargetShardCount=3, ScalingType="UNIFORM_SCALING")
        self.c.update_stream_mode(StreamARN=arn("odr"),
                                  StreamModeDetails={"StreamMode": "PROVISIONED"})
        harness.wait_status(self.c, "odr")
        self.assertError(self.c.update_stream_mode, "InvalidArgumentException",
                         StreamARN=arn("odr"), StreamModeDetails={"StreamMode": "PROVISIONED"})

    # --- Retention, monitoring, encryption ---

    def test_retention(self):
        self.make("ret")
        self.c.increase_stream_retention_period(StreamName="ret", RetentionPeriodHours=8760)
        self.assertEqual(self.c.describe_stream_summary(StreamName="ret")[
            "StreamDescriptionSummary"]["RetentionPeriodHours"], 8760)
        self.assertError(self.c.increase_stream_retention_period, "InvalidArgumentException",
                         StreamName="ret", RetentionPeriodHours=9000)
        self.assertError(self.c.increase_stream_retention_period, "InvalidArgumentException",
                         "Requested retention period (48 hours) for stream ret can not be "
                         "shorter than existing retention period (8760 hours). Use "
                         "DecreaseRetentionPeriod API.", StreamName="ret", RetentionPeriodHours=48)
        self.c.decrease_stream_retention_period(StreamName="ret", RetentionPeriodHours=48)
        self.assertError(self.c.decrease_stream_retention_period, "InvalidArgumentException",
                         "Requested retention period (72 hours) for stream ret can not be "
                         "longer than existing retention period (48 hours). Use "
                         "IncreaseRetentionPeriod API.", StreamName="ret", RetentionPeriodHours=72)
        self.assertError(self.c.decrease_stream_retention_period, "InvalidArgumentException",
                         "Minimum allowed retention period is 24 hours. Requested retention "
                         "period (12 hours) is too short.", StreamName="ret",
                         RetentionPeriodHours=12)

    def test_enhanced_monitoring(self):
        self.make("mon")
        out = self.c.enable_enhanced_monitoring(StreamName="mon", ShardLevelMetrics=["ALL"])
        self.assertEqual(out["CurrentShardLevelMetrics"], [])
        self.assertEqual(sorted(out["DesiredShardLevelMetrics"]), METRICS)
        d = self.c.describe_stream(StreamName="mon")["StreamDescription"]
        self.assertEqual(sorted(d["EnhancedMonitoring"][0]["ShardLevelMetrics"]), METRICS)
        out = self.c.disable_enhanced_monitoring(StreamName="mon",
                                                 ShardLevelMetrics=["IncomingBytes"])
        self.assertNotIn("IncomingBytes", out["DesiredShardLevelMetrics"])
        self.assertEqual(len(out["DesiredShardLevelMetrics"]), 6)
        err = self.assertError(self.raw_c.enable_enhanced_monitoring, "ValidationException",
                               StreamName="mon", ShardLevelMetrics=["Bogus"])
        self.assertTrue(err["Message"].startswith(
            "1 validation error detected: Value '[Bogus]' at 'shardLevelMetrics' failed to "
            "satisfy constraint: Member must satisfy constraint: [Member must satisfy enum value "
            "set: ["), err["Message"])

    def test_encryption(self):
        self.make("enc")
        self.c.start_stream_encryption(StreamName="enc", EncryptionType="KMS",
                                       KeyId="alias/aws/kinesis")
        s = harness.wait_status(self.c, "enc")
        self.assertEqual((s["EncryptionType"], s["KeyId"]), ("KMS", "alias/aws/kinesis"))
        self.c.stop_stream_encryption(StreamName="enc", EncryptionType="KMS",
                                      KeyId="alias/aws/kinesis")
        s = harness.wait_status(self.c, "enc")
        self.assertEqual(s["EncryptionType"], "NONE")
        self.assertError(self.raw_c.start_stream_encryption, "ValidationException",
                         StreamName="enc", EncryptionType="AES", KeyId="k")

    # --- Tags ---

    def test_tags(self):
        self.make("tags")
        self.c.add_tags_to_stream(StreamName="tags", Tags={f"k{i:02d}": str(i) for i in range(5)})
        page = self.c.list_tags_for_stream(StreamName="tags", Limit=2)
        self.assertEqual([t["Key"] for t in page["Tags"]], ["k00", "k01"])
        self.assertTrue(page["HasMoreTags"])
        page = self.c.list_tags_for_stream(StreamName="tags", ExclusiveStartTagKey="k02")
        self.assertEqual([t["Key"] for t in page["Tags"]], ["k03", "k04"])
        self.assertFalse(page["HasMoreTags"])
        self.c.remove_tags_from_stream(StreamName="tags", TagKeys=["k00", "k04"])
        keys = [t["Key"] for t in self.c.list_tags_for_stream(StreamName="tags")["Tags"]]
        self.assertEqual(keys, ["k01", "k02", "k03"])
        self.assertError(self.c.add_tags_to_stream, "InvalidArgumentException",
                         f"Failed to add tags to stream tags under account {ACCOUNT} because a "
                         f"given stream cannot have more than 50 tags associated with it.",
                         StreamName="tags", Tags={f"t{i}": "v" for i in range(48)})
        self.assertError(self.c.add_tags_to_stream, "InvalidArgumentException",
                         "Some tags contain invalid characters. Valid characters: Unicode "
                         "letters, digits, white space, _ . / = + - % @.",
                         StreamName="tags", Tags={"bad*": "v"})
        self.assertError(self.raw_c.add_tags_to_stream, "ValidationException",
                         "1 validation error detected: Value '{}' at 'tags' failed to satisfy "
                         "constraint: Member must have length greater than or equal to 1",
                         StreamName="tags", Tags={})
        self.assertError(self.c.list_tags_for_stream, "ResourceNotFoundException",
                         StreamName="nope")

    def test_describe_limits(self):
        before = self.c.describe_limits()
        self.assertEqual(before["ShardLimit"], 60)
        self.assertEqual(before["OnDemandStreamCountLimit"], 2)
        self.make("lim", 2)
        self.assertEqual(self.c.describe_limits()["OpenShardCount"], before["OpenShardCount"] + 2)


if __name__ == "__main__":
    unittest.main()
