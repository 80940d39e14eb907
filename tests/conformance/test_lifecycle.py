"""Stream lifecycle of `kinesisctl serve`: CREATING, UPDATING and DELETING phases, and
ResourceInUseException for changes while a stream is not ACTIVE. The create delay is long (the
stream stays CREATING for the whole test), so no assertion depends on timing."""
import unittest

import harness
from harness import ACCOUNT, ServerTest, signed


@harness.skip_unless_server()
class CreatingTest(ServerTest):
    delay_ms = 100
    extra_args = ("--create-delay-ms", "600000")

    def setUp(self):
        self.name = self.id().rsplit(".", 1)[-1].replace("_", "-")[:100]
        self.c.create_stream(StreamName=self.name, ShardCount=2)

    def in_use(self, fn, **kwargs):
        self.assertError(fn, "ResourceInUseException",
                         f"Stream {self.name} under account {ACCOUNT} not ACTIVE, instead in "
                         f"state CREATING", StreamName=self.name, **kwargs)

    def test_status_is_creating(self):
        s = self.c.describe_stream_summary(StreamName=self.name)["StreamDescriptionSummary"]
        self.assertEqual(s["StreamStatus"], "CREATING")
        self.assertEqual(self.c.describe_stream(StreamName=self.name)["StreamDescription"]
                         ["StreamStatus"], "CREATING")

    def test_delete_while_creating_is_refused_and_deletes_nothing(self):
        self.in_use(self.c.delete_stream)
        s = self.c.describe_stream_summary(StreamName=self.name)["StreamDescriptionSummary"]
        self.assertEqual(s["StreamStatus"], "CREATING")

    def test_changes_while_creating(self):
        self.in_use(self.c.increase_stream_retention_period, RetentionPeriodHours=48)
        self.in_use(self.c.decrease_stream_retention_period, RetentionPeriodHours=24)
        self.in_use(self.c.add_tags_to_stream, Tags={"a": "b"})
        self.in_use(self.c.remove_tags_from_stream, TagKeys=["a"])
        self.in_use(self.c.split_shard, ShardToSplit="shardId-000000000000",
                    NewStartingHashKey="100")
        self.in_use(self.c.merge_shards, ShardToMerge="shardId-000000000000",
                    AdjacentShardToMerge="shardId-000000000001")
        self.in_use(self.c.update_shard_count, TargetShardCount=3, ScalingType="UNIFORM_SCALING")
        self.in_use(self.c.enable_enhanced_monitoring, ShardLevelMetrics=["ALL"])
        self.in_use(self.c.disable_enhanced_monitoring, ShardLevelMetrics=["ALL"])
        self.in_use(self.c.start_stream_encryption, EncryptionType="KMS", KeyId="alias/k")
        self.in_use(self.c.stop_stream_encryption, EncryptionType="KMS", KeyId="alias/k")
        self.in_use(self.c.list_shards)
        status, _, body = signed(self.endpoint, "UpdateStreamMode", {
            "StreamARN": f"arn:aws:kinesis:us-east-1:{ACCOUNT}:stream/{self.name}",
            "StreamModeDetails": {"StreamMode": "ON_DEMAND"}})
        self.assertRawError((status, {}, body), "ResourceInUseException")


@harness.skip_unless_server()
class TransitionsTest(ServerTest):
    delay_ms = 100

    def test_create_update_delete_phases(self):
        self.c.create_stream(StreamName="life", ShardCount=2)
        first = self.c.describe_stream_summary(StreamName="life")["StreamDescriptionSummary"]
        self.assertIn(first["StreamStatus"], ("CREATING", "ACTIVE"))
        self.assertEqual(harness.wait_status(self.c, "life")["StreamStatus"], "ACTIVE")
        self.c.split_shard(StreamName="life", ShardToSplit="shardId-000000000000",
                           NewStartingHashKey="1000")
        during = self.c.describe_stream_summary(StreamName="life")["StreamDescriptionSummary"]
        if during["StreamStatus"] == "UPDATING":
            # A second change while UPDATING is refused.
            err = self.assertError(self.c.merge_shards, "ResourceInUseException",
                                   StreamName="life", ShardToMerge="shardId-000000000001",
                                   AdjacentShardToMerge="shardId-000000000000")
            self.assertIn("UPDATING", err["Message"])
        self.assertEqual(harness.wait_status(self.c, "life")["OpenShardCount"], 3)
        self.c.delete_stream(StreamName="life")
        self.assertTrue(harness.wait_gone(self.c, "life"))
        self.c.create_stream(StreamName="life", ShardCount=1)  # the name is free again
        self.assertEqual(harness.wait_status(self.c, "life")["OpenShardCount"], 1)

    def test_waiters(self):
        self.c.create_stream(StreamName="waited", ShardCount=1)
        self.c.get_waiter("stream_exists").wait(StreamName="waited",
                                                WaiterConfig={"Delay": 1, "MaxAttempts": 30})
        self.c.delete_stream(StreamName="waited")
        self.c.get_waiter("stream_not_exists").wait(StreamName="waited",
                                                    WaiterConfig={"Delay": 1, "MaxAttempts": 30})


if __name__ == "__main__":
    unittest.main()
