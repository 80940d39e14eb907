"""Raw answers of `kinesisctl serve` byte for byte where SDKs would hide a difference: empty
bodies of actions without output, x-amz-id-2, "Message" vs "message", InternalFailure and
truncated echoes, loose shard ids and their not-found texts, tag characters, huge timestamps,
MergeShards argument order and ListShards AT_TRIM_HORIZON. The answers that kinesalite's
maintainers recorded against AWS run against kinesalite too (WireOnKinesalite), so a test that
passes on both shows the same answer as the recording."""
import base64
import json
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

    # Points 1 and 2: loose shard ids, canonical ids in answers and messages.
    def test_shard_ids_are_read_loosely(self):
        self.create("loose", 3)
        for shard_id in ["shardId-000000000001", "shardId-1", "1", "anything-1", "-00001"]:
            _, text = self.ok("GetShardIterator", {"StreamName": "loose", "ShardId": shard_id,
                                                   "ShardIteratorType": "TRIM_HORIZON"})
            self.assertIn(b"ShardIterator", text)
        _, text = self.ok("SplitShard", {"StreamName": "loose", "ShardToSplit": "x-2",
                                         "NewStartingHashKey": str(2 ** 127 + 2 ** 126)})
        self.assertEqual(text, b"")
        harness.wait_status(self.c, "loose")
        shards = self.c.describe_stream(StreamName="loose")["StreamDescription"]["Shards"]
        self.assertEqual(shards[3]["ParentShardId"], "shardId-000000000002")

    def test_shard_not_found_texts(self):
        self.create("texts", 3)
        self.error("GetShardIterator", {"StreamName": "texts", "ShardId": "shardId-5",
                                        "ShardIteratorType": "LATEST"},
                   "ResourceNotFoundException",
                   f"Shard shardId-000000000005 in stream texts under account {ACCOUNT} does "
                   "not exist")
        self.error("GetShardIterator", {"StreamName": "nostream", "ShardId": "7",
                                        "ShardIteratorType": "LATEST"},
                   "ResourceNotFoundException",
                   f"Shard shardId-000000000007 in stream nostream under account {ACCOUNT} does "
                   "not exist")
        for bad in ["ABKLFD8", "2147483648", "shardId-002147483648", "2.14E4"]:
            self.error("GetShardIterator", {"StreamName": "texts", "ShardId": bad,
                                            "ShardIteratorType": "LATEST"},
                       "ResourceNotFoundException",
                       f"Could not find shard {bad} in stream texts under account {ACCOUNT}.")
            self.error("MergeShards", {"StreamName": "nostream", "ShardToMerge": "x-0",
                                       "AdjacentShardToMerge": bad},
                       "ResourceNotFoundException",
                       f"Could not find shard {bad} in stream nostream under account {ACCOUNT}.")
        self.error("SplitShard", {"StreamName": "texts", "ShardToSplit": "shardId-5",
                                  "NewStartingHashKey": "5"},
                   "ResourceNotFoundException",
                   f"Could not find shard shardId-000000000005 in stream texts under account "
                   f"{ACCOUNT}.")
        self.error("MergeShards", {"StreamName": "texts", "ShardToMerge": "x-0",
                                   "AdjacentShardToMerge": "shardId-5"},
                   "ResourceNotFoundException",
                   f"Could not find shard shardId-000000000005 in stream texts under account "
                   f"{ACCOUNT}.")
        self.error("MergeShards", {"StreamName": "nostream", "ShardToMerge": "2147483647",
                                   "AdjacentShardToMerge": "x-0"},
                   "ResourceNotFoundException",
                   f"Stream nostream under account {ACCOUNT} not found.")

    # Point 7: the pair must be given in hash-key order.
    def test_merge_shards_in_reverse_order_is_refused(self):
        self.create("order", 3)
        self.error("MergeShards", {"StreamName": "order", "ShardToMerge": "x-1",
                                   "AdjacentShardToMerge": "x-0"},
                   "InvalidArgumentException",
                   "Shards shardId-000000000001 and shardId-000000000000 in stream order under "
                   f"account {ACCOUNT} are not an adjacent pair of shards eligible for merging")
        _, text = self.ok("MergeShards", {"StreamName": "order", "ShardToMerge": "x-1",
                                          "AdjacentShardToMerge": "x-2"})
        self.assertEqual(text, b"")
        harness.wait_status(self.c, "order")
        shards = self.c.describe_stream(StreamName="order")["StreamDescription"]["Shards"]
        self.assertEqual((shards[3]["ParentShardId"], shards[3]["AdjacentParentShardId"]),
                         ("shardId-000000000001", "shardId-000000000002"))

    # Point 6: characters AWS refuses in tags.
    def test_tag_characters(self):
        self.create("tagged", 1)
        invalid = ("Some tags contain invalid characters. Valid characters: Unicode letters, "
                   "digits, white space, _ . / = + - % @.")
        for bad in ["abc\tdef", "abc\ndef", "abc,def", "abc;def", "a:b", "a\u00a0b", "a\u2028b"]:
            self.error("AddTagsToStream", {"StreamName": "tagged", "Tags": {bad: "1"}},
                       "InvalidArgumentException", invalid)
            self.error("AddTagsToStream", {"StreamName": "tagged", "Tags": {"k": bad}},
                       "InvalidArgumentException", invalid)
            self.error("RemoveTagsFromStream", {"StreamName": "tagged", "TagKeys": [bad]},
                       "InvalidArgumentException", invalid)
        self.error("AddTagsToStream", {"StreamName": "tagged", "Tags": {"k": "50%"}},
                   "InvalidArgumentException",
                   f"Failed to add tags to stream tagged under account {ACCOUNT} because some "
                   "tags contained illegal characters. The allowed characters are Unicode "
                   "letters, white-spaces, '_',',','/','=','+','-','@'.")
        good = {"a": "a", "\u00fc0 _.": "a", "/=+-@": "a", "b": "\u00fc0 _./=+-@", "c": ""}
        self.ok("AddTagsToStream", {"StreamName": "tagged", "Tags": good})
        tags = self.c.list_tags_for_stream(StreamName="tagged")["Tags"]
        self.assertEqual({t["Key"]: t["Value"] for t in tags}, good)

    # Point 11: methods other than POST get AWS's XML refusal.
    def test_other_methods_get_the_xml_refusal(self):
        for method in ["GET", "PUT", "DELETE"]:
            status, headers, body = harness.raw(self.endpoint, {}, None, method=method,
                                                as_bytes=True)
            self.assertEqual(status, 403)
            self.assertEqual(body, b"<AccessDeniedException>\n  <Message>Unable to determine "
                             b"service/operation name to be authorized</Message>\n"
                             b"</AccessDeniedException>\n")
            lower = {k.lower(): v for k, v in headers.items()}
            self.assertRegex(lower.get("x-amz-id-2", ""), ID2)
            self.assertNotIn("access-control-allow-origin", lower)

    # Point 10: requests signed in the query string (here unverified: no --credentials).
    def test_presigned_requests(self):
        h = {"Content-Type": "application/x-amz-json-1.1",
             "X-Amz-Target": "Kinesis_20131202.ListStreams"}
        query = ("/?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIDTESTKEY%2F20260101%2F"
                 "us-east-1%2Fkinesis%2Faws4_request&X-Amz-Date=20260101T000000Z&X-Amz-Expires=60"
                 "&X-Amz-SignedHeaders=host&X-Amz-Signature=" + "0" * 64)
        status, _, got = harness.raw(self.endpoint, h, b"{}", path=query)
        self.assertEqual(status, 200, got)
        self.assertIn("StreamNames", got)
        status, _, got = harness.raw(self.endpoint, h, b"{}",
                                     path="/?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Date=1")
        self.assertEqual(got.get("__type"), "IncompleteSignatureException", got)
        self.assertEqual(got.get("message"),
                         "AWS query-string parameters must include 'X-Amz-Credential'. AWS "
                         "query-string parameters must include 'X-Amz-Signature'. AWS "
                         "query-string parameters must include 'X-Amz-SignedHeaders'. "
                         "Re-examine the query-string parameters.")
        h["Authorization"] = ("AWS4-HMAC-SHA256 Credential=AKIDTESTKEY/20260101/us-east-1/"
                              "kinesis/aws4_request, SignedHeaders=host, Signature=00")
        h["X-Amz-Date"] = "20260101T000000Z"
        status, _, got = harness.raw(self.endpoint, h, b"{}", path=query)
        self.assertEqual(got.get("__type"), "InvalidSignatureException", got)
        self.assertEqual(got.get("message"), "Found both 'X-Amz-Algorithm' as a query-string "
                         "param and 'Authorization' as HTTP header.")


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


    def test_exclusive_start_shard_ids_are_read_loosely(self):
        self.create("starts", 3)
        want = ["shardId-000000000001", "shardId-000000000002"]
        for start in ["shardId-000000000000", "shardId-0", "0", "x-0"]:
            d = self.c.describe_stream(StreamName="starts", ExclusiveStartShardId=start)
            self.assertEqual([s["ShardId"] for s in d["StreamDescription"]["Shards"]], want)
            listed = self.c.list_shards(StreamName="starts", ExclusiveStartShardId=start)
            self.assertEqual([s["ShardId"] for s in listed["Shards"]], want)
            listed = self.c.list_shards(StreamName="starts",
                                        ShardFilter={"Type": "AFTER_SHARD_ID", "ShardId": start})
            self.assertEqual([s["ShardId"] for s in listed["Shards"]], want)


    def test_create_stream_checks_tag_characters(self):
        self.error("CreateStream", {"StreamName": "ctags", "ShardCount": 1,
                                    "Tags": {"a\tb": "1"}}, "InvalidArgumentException",
                   "Some tags contain invalid characters. Valid characters: Unicode letters, "
                   "digits, white space, _ . / = + - % @.")
        self.assertNotIn("ctags", self.c.list_streams()["StreamNames"])


    # Point 9: huge timestamps are future timestamps, not the start of the shard.
    def test_huge_timestamps_are_in_the_future(self):
        self.create("times", 1)
        for ts in [1e17, 1e20, 1e300]:
            got = self.error("GetShardIterator",
                             {"StreamName": "times", "ShardId": "shardId-000000000000",
                              "ShardIteratorType": "AT_TIMESTAMP", "Timestamp": ts},
                             "InvalidArgumentException")
            self.assertTrue(got["message"].startswith(
                "The timestampInMillis parameter cannot be greater than the "
                "currentTimestampInMillis. timestampInMillis: 9223372036854775807, "
                "currentTimestampInMillis: "), got)
        status, _, got = self.call("GetShardIterator",
                                   {"StreamName": "times", "ShardId": "shardId-000000000000",
                                    "ShardIteratorType": "AT_TIMESTAMP", "Timestamp": -1e20})
        self.assertEqual(status, 200, got)
        listed = self.call("ListShards", {"StreamName": "times",
                                          "ShardFilter": {"Type": "AT_TIMESTAMP",
                                                          "Timestamp": 1e20}})
        self.assertEqual(listed[0], 200, listed)
        self.assertEqual([s["ShardId"] for s in listed[2]["Shards"]], ["shardId-000000000000"])
        # A forged pagination token with a huge issue time is invalid, not an overflow.
        token = json.dumps({"after": "x", "issued": -9223372036854775808}).encode().hex()
        self.error("ListStreams", {"NextToken": token}, "InvalidArgumentException",
                   "Invalid NextToken.")


    # Point 8: AT_TRIM_HORIZON lists the shards open at the trim horizon (here the stream's
    # creation, the stream being younger than its retention period); FROM_TRIM_HORIZON also
    # lists the shards opened since.
    def test_list_shards_at_trim_horizon(self):
        self.create("horizon", 2)
        self.ok("SplitShard", {"StreamName": "horizon", "ShardToSplit": "shardId-000000000000",
                               "NewStartingHashKey": "1000"})
        harness.wait_status(self.c, "horizon")

        def ids(kind):
            listed = self.c.list_shards(StreamName="horizon", ShardFilter={"Type": kind})
            return [s["ShardId"] for s in listed["Shards"]]
        self.assertEqual(ids("AT_TRIM_HORIZON"), ["shardId-000000000000", "shardId-000000000001"])
        self.assertEqual(ids("FROM_TRIM_HORIZON"), [f"shardId-00000000000{i}" for i in range(4)])
        self.assertEqual(ids("AT_LATEST"), [f"shardId-00000000000{i}" for i in (1, 2, 3)])


    # Point 11: DNS rebinding and CORS off by default.
    def test_foreign_hosts_and_origins_are_refused(self):
        body = json.dumps({"StreamName": "rebound", "ShardCount": 1}).encode()
        for extra in [{"Host": "evil.example:4567"}, {"Host": "127.0.0.1.evil.example"},
                      {"Origin": "https://evil.example"}, {"Origin": "null"}]:
            status, headers, got = signed(self.endpoint, "CreateStream", None, raw_body=body,
                                          headers=extra)
            self.assertEqual(status, 403, (extra, got))
            self.assertEqual(got["__type"], "AccessDeniedException")
            self.assertNotIn("Access-Control-Allow-Origin", headers)
        status, headers, _ = harness.raw(self.endpoint, {
            "Origin": "https://evil.example", "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "content-type,x-amz-target"}, None,
            method="OPTIONS")
        self.assertEqual(status, 403)
        self.assertNotIn("Access-Control-Allow-Origin", headers)
        self.assertNotIn("rebound", self.c.list_streams()["StreamNames"])
        for host in ["localhost", "127.0.0.1", "[::1]"]:
            status, _, got = self.call("ListStreams", {},
                                       headers={"Host": f"{host}:{self.server.port}"})
            self.assertEqual(status, 200, (host, got))


@harness.skip_unless_server()
class CorsOriginTest(harness.ServerTest):
    """--cors-origin: the named origins get AWS's preflight and Access-Control-* headers."""
    delay_ms = 0
    extra_args = ("--cors-origin", "http://localhost:3000", "--cors-origin",
                  "https://console.example")

    def test_named_origins_get_cors_headers(self):
        status, headers, body = harness.raw(self.endpoint, {
            "Origin": "http://localhost:3000", "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "authorization,content-type,x-amz-date,"
                                              "x-amz-target"}, None, method="OPTIONS",
            as_bytes=True)
        self.assertEqual(status, 200)
        self.assertEqual(body, b"")
        self.assertEqual(headers["Access-Control-Allow-Origin"], "http://localhost:3000")
        self.assertEqual(headers["Access-Control-Allow-Methods"], "POST")
        self.assertEqual(headers["Access-Control-Allow-Headers"],
                         "authorization,content-type,x-amz-date,x-amz-target")
        self.assertEqual(headers["Access-Control-Max-Age"], "172800")
        status, headers, got = signed(self.endpoint, "ListStreams", {},
                                      headers={"Origin": "https://console.example"})
        self.assertEqual(status, 200, got)
        self.assertEqual(headers["Access-Control-Allow-Origin"], "https://console.example")
        self.assertEqual(headers["Access-Control-Expose-Headers"],
                         "x-amzn-RequestId,x-amzn-ErrorType,x-amz-request-id,x-amz-id-2,"
                         "x-amzn-ErrorMessage,Date")
        status, headers, _ = signed(self.endpoint, "ListStreams", {},
                                    headers={"Origin": "http://localhost:3001"})
        self.assertEqual(status, 403)
        self.assertNotIn("Access-Control-Allow-Origin", headers)

    def test_bad_origin_flag_is_refused(self):
        import subprocess
        r = subprocess.run([peers.os.environ["KINESISCTL_BIN"], "serve", "--port", "0",
                            "--cors-origin", "*"], capture_output=True, text=True, timeout=20)
        self.assertEqual(r.returncode, 2)
        self.assertIn("--cors-origin wants an origin", r.stderr)


class WireOnKinesalite(WireChecks, unittest.TestCase):
    peer = "kinesalite"


if __name__ == "__main__":
    unittest.main()
