"""`kinesisctl serve --enforce-limits` and fault injection, over the wire: boto3 (Debian's,
/usr/bin/python3) and the JS SDK v3 (.peers/) see ProvisionedThroughputExceededException as their
own error class and their standard retry modes retry it; PutRecords' partial failure checked
raw (only the over-limit entries fail, the others are stored); the control-plane rate limits;
fault rules set through the loopback admin endpoint and through --faults; a lost answer seen by a
raw client; --fault-seed's repeatability. Loopback only.

Throttling is made certain by size, not by timing: one PutRecords call is served at one instant,
so its entries beyond 1 MiB for a shard fail whatever the machine's speed."""
import base64
import http.client
import json
import os
import subprocess
import sys
import tempfile
import unittest
import urllib.error
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(os.path.dirname(HERE), "conformance"))
import harness  # noqa: E402
from harness import ACCOUNT, ServerTest, client, signed, wait_status  # noqa: E402

import botocore.auth  # noqa: E402
import botocore.awsrequest  # noqa: E402
import botocore.config  # noqa: E402
import botocore.credentials  # noqa: E402
import boto3  # noqa: E402

KB300 = b"x" * 300_000


def admin(endpoint, method, rules=None):
    data = json.dumps(rules).encode() if rules is not None else None
    req = urllib.request.Request(endpoint + "/_kinesisctl/faults", data=data, method=method,
                                 headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(req, timeout=10) as resp:
            return resp.status, json.loads(resp.read())
    except urllib.error.HTTPError as e:
        return e.code, json.loads(e.read())


def boto_client(endpoint, attempts=1):
    """A boto3 client in standard retry mode making at most `attempts` attempts per call."""
    cfg = botocore.config.Config(retries={"total_max_attempts": attempts, "mode": "standard"},
                                 region_name="us-east-1")
    return boto3.client("kinesis", endpoint_url=endpoint, config=cfg,
                        aws_access_key_id="AKIDTESTKEY", aws_secret_access_key="test-secret")


def read_all(c, name, shard="shardId-000000000000"):
    it = c.get_shard_iterator(StreamName=name, ShardId=shard,
                              ShardIteratorType="TRIM_HORIZON")["ShardIterator"]
    return c.get_records(ShardIterator=it)["Records"]


class NoRetryTest(ServerTest):
    """boto3 without retries, so each refusal reaches the test."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.c = boto_client(cls.endpoint)


@harness.skip_unless_server()
class EnforcedLimitsTest(NoRetryTest):
    extra_args = ("--enforce-limits",)

    def make(self, name, shards=1):
        self.c.create_stream(StreamName=name, ShardCount=shards)
        wait_status(self.c, name)

    def test_put_records_fails_only_the_entries_over_a_shards_mebibyte(self):
        self.make("partial")
        entries = [{"Data": base64.b64encode(KB300).decode(), "PartitionKey": f"k{i}"}
                   for i in range(5)]
        status, _, body = signed(self.endpoint, "PutRecords",
                                 {"StreamName": "partial", "Records": entries})
        self.assertEqual(status, 200, body)
        self.assertEqual(body["FailedRecordCount"], 2, body)
        records = body["Records"]
        self.assertEqual(len(records), 5)
        for ok in records[:3]:
            self.assertEqual(set(ok), {"SequenceNumber", "ShardId"}, ok)
        for failed in records[3:]:
            self.assertEqual(failed, {
                "ErrorCode": "ProvisionedThroughputExceededException",
                "ErrorMessage": "Rate exceeded for shard shardId-000000000000 in stream partial "
                                f"under account {ACCOUNT}."})
        stored = read_all(self.c, "partial")
        self.assertEqual([r["PartitionKey"] for r in stored], ["k0", "k1", "k2"])

    def test_put_record_over_the_limit_is_boto3s_own_exception(self):
        self.make("single")
        self.c.put_record(StreamName="single", Data=b"y" * 1_000_000, PartitionKey="a")
        # The shard's 1 MiB budget refills in about a second: the next 1 MB cannot fit yet.
        with self.assertRaises(self.c.exceptions.ProvisionedThroughputExceededException) as cm:
            self.c.put_record(StreamName="single", Data=b"y" * 1_000_000, PartitionKey="b")
        self.assertEqual(cm.exception.response["Error"]["Message"],
                         "Rate exceeded for shard shardId-000000000000 in stream single "
                         f"under account {ACCOUNT}.")
        self.assertEqual(cm.exception.response["ResponseMetadata"]["HTTPStatusCode"], 400)

    def test_get_records_beyond_five_calls_a_second_is_throttled(self):
        self.make("reads")
        it = self.c.get_shard_iterator(StreamName="reads", ShardId="shardId-000000000000",
                                       ShardIteratorType="LATEST")["ShardIterator"]
        # Five calls a second refill one call every 200 ms: 50 quick calls meet a refusal.
        for _ in range(50):
            try:
                it = self.c.get_records(ShardIterator=it)["NextShardIterator"]
            except self.c.exceptions.ProvisionedThroughputExceededException as e:
                self.assertIn("Rate exceeded for shard shardId-000000000000 in stream reads",
                              e.response["Error"]["Message"])
                return
        self.fail("50 GetRecords calls on one shard were never throttled")

    def test_describe_stream_over_ten_a_second_is_limit_exceeded(self):
        self.make("described")
        for _ in range(60):
            try:
                self.c.describe_stream(StreamName="described")
            except self.c.exceptions.LimitExceededException as e:
                self.assertEqual(e.response["Error"]["Message"],
                                 f"Rate exceeded for stream described under account {ACCOUNT}.")
                return
        self.fail("60 DescribeStream calls were never limited")

    def test_eleventh_scaling_within_24_hours_is_limit_exceeded(self):
        self.make("scaled")
        for i in range(10):
            self.c.update_shard_count(StreamName="scaled", TargetShardCount=2 if i % 2 == 0 else 1,
                                      ScalingType="UNIFORM_SCALING")
            wait_status(self.c, "scaled")
        with self.assertRaises(self.c.exceptions.LimitExceededException) as cm:
            self.c.update_shard_count(StreamName="scaled", TargetShardCount=2,
                                      ScalingType="UNIFORM_SCALING")
        self.assertIn("10 times in the last 24 hours", cm.exception.response["Error"]["Message"])


@harness.skip_unless_server()
class LimitsOffByDefaultTest(ServerTest):
    def test_same_put_records_stores_every_entry_without_the_flag(self):
        self.c.create_stream(StreamName="free", ShardCount=1)
        wait_status(self.c, "free")
        entries = [{"Data": KB300, "PartitionKey": f"k{i}"} for i in range(5)]
        out = self.c.put_records(StreamName="free", Records=entries)
        self.assertEqual(out["FailedRecordCount"], 0)
        self.assertEqual(len(read_all(self.c, "free")), 5)


@harness.skip_unless_server()
class AdminEndpointTest(NoRetryTest):
    def tearDown(self):
        admin(self.endpoint, "DELETE")

    def test_rules_set_listed_and_cleared_at_run_time(self):
        status, body = admin(self.endpoint, "POST", {"rules": [
            {"operation": "ListStreams", "error": "InternalFailure", "count": 1}]})
        self.assertEqual(status, 200, body)
        status, body = admin(self.endpoint, "GET")
        self.assertEqual(body["rules"][0]["operation"], "ListStreams")
        self.assertEqual(body["rules"][0]["http_status"], 500)
        with self.assertRaises(self.c.exceptions.ClientError) as cm:
            self.c.list_streams()
        self.assertEqual(cm.exception.response["Error"]["Code"], "InternalFailure")
        self.assertEqual(cm.exception.response["ResponseMetadata"]["HTTPStatusCode"], 500)
        self.c.list_streams()  # "count": 1 is used up
        self.assertEqual(admin(self.endpoint, "GET")[1], {"rules": []})
        admin(self.endpoint, "POST", [{"operation": "ListStreams", "error": "ServiceUnavailable"}])
        self.assertEqual(admin(self.endpoint, "DELETE"), (200, {"rules": []}))
        self.c.list_streams()

    def test_bad_rules_are_refused_with_the_problem(self):
        status, body = admin(self.endpoint, "POST", [{"operation": "X", "error": "Nope"}])
        self.assertEqual(status, 400)
        self.assertEqual(body["error"], "fault rule 1: unknown error \"Nope\": give its \"http_status\"")

    def test_standard_retry_mode_retries_provisioned_throughput_exceeded(self):
        self.c.create_stream(StreamName="retried", ShardCount=1)
        wait_status(self.c, "retried")
        admin(self.endpoint, "POST", [{"operation": "PutRecord", "stream": "retried",
                                       "error": "ProvisionedThroughputExceededException",
                                       "count": 2}])
        c = boto_client(self.endpoint, attempts=3)
        out = c.put_record(StreamName="retried", Data=b"r", PartitionKey="p")
        self.assertEqual(out["ResponseMetadata"]["RetryAttempts"], 2)
        admin(self.endpoint, "POST", [{"operation": "PutRecord", "count": 1,
                                       "error": "ProvisionedThroughputExceededException"}])
        with self.assertRaises(self.c.exceptions.ProvisionedThroughputExceededException):
            self.c.put_record(StreamName="retried", Data=b"r", PartitionKey="p")
        self.assertEqual(len(read_all(self.c, "retried")), 1)

    def test_js_sdk_sees_its_own_class_and_its_standard_retry_retries(self):
        sdk = os.path.join(harness.peers.PEERS_DIR, "node_modules/@aws-sdk/client-kinesis")
        if not os.path.isdir(sdk):
            self.fail(f"{sdk} is missing: run scripts/setup")
        self.c.create_stream(StreamName="js", ShardCount=1)
        wait_status(self.c, "js")
        admin(self.endpoint, "POST", [{"operation": "PutRecord", "stream": "js", "count": 3,
                                       "error": "ProvisionedThroughputExceededException"}])
        r = subprocess.run(["node", os.path.join(HERE, "js_sdk_throttle.js"), self.endpoint],
                           capture_output=True, text=True, timeout=120,
                           env=harness.peers.client_env(self.endpoint))
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
        self.assertEqual(json.loads(r.stdout), {
            "first": "ProvisionedThroughputExceededException", "own_class": True, "status": 400,
            "attempts": 3})
        self.assertEqual(len(read_all(self.c, "js")), 1)

    def test_lost_answer_closes_the_connection_after_storing_the_record(self):
        self.c.create_stream(StreamName="lost", ShardCount=1)
        wait_status(self.c, "lost")
        admin(self.endpoint, "POST", [{"operation": "PutRecord", "drop_connection": True,
                                       "count": 1}])
        body = json.dumps({"StreamName": "lost", "Data": base64.b64encode(b"once").decode(),
                           "PartitionKey": "p"}).encode()
        req = botocore.awsrequest.AWSRequest(
            method="POST", url=self.endpoint + "/", data=body,
            headers={"Content-Type": "application/x-amz-json-1.1",
                     "X-Amz-Target": "Kinesis_20131202.PutRecord"})
        botocore.auth.SigV4Auth(botocore.credentials.Credentials("AKIDTESTKEY", "test-secret"),
                                "kinesis", "us-east-1").add_auth(req)
        conn = http.client.HTTPConnection("127.0.0.1", self.server.port, timeout=10)
        conn.request("POST", "/", body=body, headers=dict(req.headers.items()))
        with self.assertRaises((http.client.RemoteDisconnected, ConnectionResetError)):
            conn.getresponse()
        conn.close()
        self.assertEqual([r["Data"] for r in read_all(self.c, "lost")], [b"once"])


@harness.skip_unless_server()
class FaultsFileTest(NoRetryTest):
    rules_path = os.path.join(tempfile.mkdtemp(prefix="kinesisctl-faults-"), "rules.json")
    with open(rules_path, "w") as f:
        json.dump({"rules": [{"operation": "CreateStream", "error": "ServiceUnavailable",
                              "count": 1}]}, f)
    extra_args = ("--faults", rules_path, "--fault-seed", "3")

    def test_rules_from_the_file_apply_from_the_first_call(self):
        with self.assertRaises(self.c.exceptions.ClientError) as cm:
            self.c.create_stream(StreamName="filed", ShardCount=1)
        self.assertEqual(cm.exception.response["Error"]["Code"], "ServiceUnavailable")
        self.assertEqual(cm.exception.response["ResponseMetadata"]["HTTPStatusCode"], 503)
        self.c.create_stream(StreamName="filed", ShardCount=1)

    def test_a_bad_rules_file_stops_the_server_naming_the_problem(self):
        bad = os.path.join(os.path.dirname(self.rules_path), "bad.json")
        with open(bad, "w") as f:
            f.write('{"rules": [{"operation": "PutRecord", "latency_ms": -1}]}')
        r = subprocess.run([os.environ["KINESISCTL_BIN"], "serve", "--port", "0", "--faults", bad],
                           capture_output=True, text=True, timeout=30)
        self.assertEqual(r.returncode, 2)
        self.assertIn("fault rule 1: \"latency_ms\" must be an integer from 0 to 600000", r.stderr)


@harness.skip_unless_server()
class FaultSeedTest(unittest.TestCase):
    def pattern(self, seed):
        """Which of 30 DescribeLimits calls fail under a 50 % rule, on a fresh server (the
        start-up probe sends ListStreams, which the rule leaves alone)."""
        rules = os.path.join(tempfile.mkdtemp(prefix="kinesisctl-seed-"), "rules.json")
        with open(rules, "w") as f:
            json.dump([{"operation": "DescribeLimits", "error": "InternalFailure",
                        "probability": 0.5}], f)
        with harness.peers.start("kinesisctl", delay_ms=0,
                                 extra_args=("--faults", rules, "--fault-seed", str(seed))) as s:
            c = boto_client(s.endpoint)
            out = []
            for _ in range(30):
                try:
                    c.describe_limits()
                    out.append(False)
                except c.exceptions.ClientError:
                    out.append(True)
            return out

    def test_the_same_seed_injects_the_same_faults(self):
        first = self.pattern(11)
        self.assertEqual(first, self.pattern(11))
        self.assertIn(True, first)
        self.assertIn(False, first)
        self.assertNotEqual(first, self.pattern(12))


if __name__ == "__main__":
    unittest.main()
