"""Raw answers of `kinesisctl serve` byte for byte where SDKs would hide a difference: empty
bodies of actions without output, x-amz-id-2, "Message" vs "message", InternalFailure and
truncated echoes, loose shard ids and their not-found texts, tag characters, huge timestamps,
MergeShards argument order and ListShards AT_TRIM_HORIZON. The answers that kinesalite's
maintainers recorded against AWS run against kinesalite too (WireOnKinesalite), so a test that
passes on both shows the same answer as the recording."""
import base64
import re
import unittest

import harness
from harness import ACCOUNT, signed

import peers

ID2 = re.compile(r"^[A-Za-z0-9+/]{96}$")


class WireChecks:
    """Checks that hold for kinesisctl and for kinesalite (AWS's recorded answers)."""
    peer = None

    @classmethod
    def setUpClass(cls):
        ok, why = peers.available(cls.peer)
        if not ok:
            raise unittest.SkipTest(why)
        cls._ctx = peers.start(cls.peer, delay_ms=0)
        cls.server = cls._ctx.__enter__()
        cls.endpoint = cls.server.endpoint
        cls.c = harness.client(cls.endpoint)

    @classmethod
    def tearDownClass(cls):
        cls._ctx.__exit__(None, None, None)

    def call(self, action, body, **kw):
        return signed(self.endpoint, action, body, **kw)

    def ok(self, action, body):
        status, headers, text = self.call(action, body, as_bytes=True)
        self.assertEqual(status, 200, text)
        return headers, text

    def create(self, name, shards=2):
        self.ok("CreateStream", {"StreamName": name, "ShardCount": shards})
        harness.wait_status(self.c, name)

    def error(self, action, body, code, message=None):
        status, _, got = self.call(action, body)
        self.assertEqual(status, 400, got)
        self.assertEqual(got.get("__type"), code, got)
        if message is not None:
            self.assertEqual(got.get("message"), message)
        return got

    # Point 4: no output, no body.
    def test_actions_without_output_answer_an_empty_body(self):
        _, text = self.ok("CreateStream", {"StreamName": "empty", "ShardCount": 2})
        self.assertEqual(text, b"")
        harness.wait_status(self.c, "empty")
        for action, body in [
                ("AddTagsToStream", {"Tags": {"a": "b"}}),
                ("RemoveTagsFromStream", {"TagKeys": ["a"]}),
                ("IncreaseStreamRetentionPeriod", {"RetentionPeriodHours": 48}),
                ("DecreaseStreamRetentionPeriod", {"RetentionPeriodHours": 24}),
                ("MergeShards", {"ShardToMerge": "shardId-000000000000",
                                 "AdjacentShardToMerge": "shardId-000000000001"})]:
            body["StreamName"] = "empty"
            _, text = self.ok(action, body)
            self.assertEqual(text, b"", action)
            harness.wait_status(self.c, "empty")
        _, text = self.ok("SplitShard", {"StreamName": "empty", "ShardToSplit": "shardId-000000000002",
                                         "NewStartingHashKey": "2"})
        self.assertEqual(text, b"")
        harness.wait_status(self.c, "empty")
        _, text = self.ok("DeleteStream", {"StreamName": "empty"})
        self.assertEqual(text, b"")

    # Point 5: x-amz-id-2 on answers and errors.
    def test_every_answer_has_x_amz_id_2(self):
        seen = set()
        for action, body in [("ListStreams", {}), ("DescribeStream", {"StreamName": "nope"}),
                             ("ListStreams", {"Limit": "x"})]:
            _, headers, _ = self.call(action, body)
            lower = {k.lower(): v for k, v in headers.items()}
            self.assertRegex(lower.get("x-amz-id-2", ""), ID2, headers)
            self.assertIn("x-amzn-requestid", lower)
            seen.add(lower["x-amz-id-2"])
        self.assertEqual(len(seen), 3)

    # Point 3: the serialization layer writes "Message", the services "message".
    def test_serialization_errors_say_Message(self):
        got = self.error("DescribeStream", {"StreamName": 5}, "SerializationException")
        self.assertEqual(got.get("Message"), "class com.amazon.coral.value.json.numbers."
                         "TruncatingBigNumber can not be converted to an String")
        self.assertNotIn("message", got)
        got = self.error("DescribeStream", {"StreamName": "missing"}, "ResourceNotFoundException",
                         f"Stream missing under account {ACCOUNT} not found.")
        self.assertNotIn("Message", got)
        got = self.error("CreateStream", {"StreamName": "a b", "ShardCount": 1},
                         "ValidationException")
        self.assertNotIn("Message", got)


@harness.skip_unless_server()
class WireOnKinesisctl(WireChecks, unittest.TestCase):
    peer = "kinesisctl"

    # Point 12: echoes are cut; a 2 MiB name does not come back whole.
    def test_huge_values_are_not_echoed_whole(self):
        name = "!" * (2 * 1024 * 1024)
        status, _, got = self.call("DescribeStreamSummary", {"StreamName": name})
        self.assertEqual(status, 400)
        self.assertEqual(got["__type"], "ValidationException")
        self.assertLess(len(got["message"]), 4096)
        self.assertTrue(got["message"].startswith(
            "2 validation errors detected: Value '" + "!" * 1024 + "...' at 'streamName' failed "
            "to satisfy constraint: Member must satisfy regular expression pattern: "
            "[a-zA-Z0-9_.-]+"), got["message"][:200])
        data = base64.b64encode(b"x" * 3).decode() + "#" * (2 * 1024 * 1024)
        status, _, got = self.call("PutRecord", {"StreamName": "s", "PartitionKey": "k",
                                                 "Data": data})
        self.assertEqual(got["__type"], "SerializationException")
        self.assertLess(len(got["Message"]), 2048)


class WireOnKinesalite(WireChecks, unittest.TestCase):
    peer = "kinesalite"


if __name__ == "__main__":
    unittest.main()
