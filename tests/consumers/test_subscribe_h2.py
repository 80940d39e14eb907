"""SubscribeToShard over HTTP/2 on `kinesisctl serve`: the JS SDK v3 with its default
NodeHttp2Handler (plain h2c and TLS with ALPN h2) reads events with records and cancels a
subscription; a raw HTTP/2 client (tests/http2/h2wire.py) checks the event-stream framing with
botocore's parser (CRCs included), that the connection's other streams are answered while a
subscription runs, that a shut flow-control window holds the body back until WINDOW_UPDATE, and
that RST_STREAM or a closed connection ends the subscription without leaving its thread behind
(Linux /proc), and that the idle timeout waits for a subscription and applies after it. Over HTTP/1.1 with TLS the body is chunked as over plain HTTP/1.1."""
import json
import os
import shutil
import struct
import subprocess
import sys
import tempfile
import unittest
import urllib.parse

import fanout
from fanout import wait_until

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(os.path.dirname(HERE), "http2"))
import h2wire  # noqa: E402
from h2wire import DATA, END_STREAM, RST_STREAM, SETTINGS, WINDOW_UPDATE, Conn, frame  # noqa: E402

from botocore.eventstream import EventStreamBuffer  # noqa: E402

PEERS = os.environ.get("KINESISCTL_PEERS_DIR", os.path.join(HERE, "..", "..", ".peers"))
ENV = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
ENV["AWS_EC2_METADATA_DISABLED"] = "true"
SETTINGS_INITIAL_WINDOW_SIZE = 0x4
CANCEL = 0x8


def h2_request(stream_id, action, body):
    data = json.dumps(body).encode()
    return (h2wire.headers_frames(stream_id, h2wire.kinesis_headers(
        action, extra=[("content-length", str(len(data)))]), False) +
        frame(DATA, END_STREAM, stream_id, data))


def window_update(stream_id, increment=1 << 20):
    return frame(WINDOW_UPDATE, 0, stream_id, struct.pack(">I", increment))


def subscribe_body(consumer, shard, position):
    return {"ConsumerARN": consumer, "ShardId": shard, "StartingPosition": position}


class Messages:
    """Event-stream messages from the DATA of one HTTP/2 stream, parsed by botocore."""

    def __init__(self, conn, stream_id):
        self.conn, self.stream_id = conn, stream_id
        self.buffer = EventStreamBuffer()
        self.pending = []
        self.ended = False

    def next(self):
        while not self.pending:
            f = self.conn.until(lambda f: f[2] == self.stream_id and f[0] in (DATA, RST_STREAM))
            if f is None or f[0] == RST_STREAM:
                return None
            if f[0] == DATA:
                self.buffer.add_data(f[3])
                self.pending.extend(self.buffer)
                if f[1] & END_STREAM:
                    self.ended = True
                    if not self.pending:
                        return None
        return self.pending.pop(0)


class SubscribeOverHttp2(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.mkdtemp(prefix="kinesisctl-h2-subscribe-")
        cls.cert, cls.key = h2wire.make_cert(cls.tmp)

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.tmp, ignore_errors=True)

    def setup_stream(self, endpoint, name, shards=2, client=None):
        c = client or fanout.client(endpoint)
        arn = fanout.create_stream(c, name, shards)
        return c, fanout.register_active(c, arn, "c")

    def run_sdk(self, endpoint, consumer, stream, pid, extra_env=None):
        """Runs subscribe_h2.js; returns what it saw, checking that the cancelled subscription
        left no thread behind while the SDK's process (and its connection) is still there."""
        proc = subprocess.Popen(["node", os.path.join(HERE, "subscribe_h2.js"), endpoint, PEERS,
                                 consumer, stream], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, text=True, env={**ENV, **(extra_env or {})})
        try:
            line = proc.stdout.readline()
            if not line:
                self.fail("subscribe_h2.js failed:\n" + proc.stderr.read())
            seen = json.loads(line)
            wait_until(lambda: fanout.thread_count(pid) == self.baseline,
                       what="the cancelled subscription's thread to end")
            proc.stdin.write("done\n")
            proc.stdin.flush()
            self.assertEqual(proc.wait(timeout=30), 0, proc.stderr.read())
        finally:
            if proc.poll() is None:
                proc.kill()
                proc.wait()
            proc.stdout.close()
            proc.stderr.close()
            proc.stdin.close()
        return seen

    def check_sdk(self, seen, stored):
        self.assertEqual(seen["handler"], "NodeHttp2Handler")
        # The stored records, then the one put through the same client while it was open.
        self.assertEqual(seen["data"], stored + ["pushed"])
        self.assertTrue(seen["put_while_open"])
        self.assertTrue(seen["continuation_is_last"])
        self.assertTrue(seen["second_first_event"])
        self.assertTrue(seen["cancelled"])

    def test_js_sdk_v3_plain_and_tls(self):
        with fanout.start_kinesisctl(subscription_ms=1500) as server:
            c, consumer = self.setup_stream(server.endpoint, "sdk")
            stored = [f"s{i}" for i in range(3)]
            for d in stored:
                c.put_record(StreamName="sdk", Data=d.encode(), PartitionKey="k",
                             ExplicitHashKey="0")
            self.baseline = fanout.thread_count(server.proc.pid)
            self.check_sdk(self.run_sdk(server.endpoint, consumer, "sdk", server.proc.pid), stored)
        with h2wire.serve("--tls-cert", self.cert, "--tls-key", self.key,
                          "--consumer-delay-ms", "50", "--subscription-ms", "1500") as (ep, proc):
            # Set up over HTTP/1.1 with TLS (boto3), which also streams a subscription there.
            c = fanout.boto3.client(
                "kinesis", endpoint_url=ep, region_name="us-east-1", verify=self.cert,
                aws_access_key_id="AKIDTESTKEY", aws_secret_access_key="test-secret",
                config=fanout.botocore.config.Config(retries={"max_attempts": 1}))
            arn = fanout.create_stream(c, "sdktls", 2)
            consumer = fanout.register_active(c, arn, "boto")
            c.put_record(StreamName="sdktls", Data=b"t0", PartitionKey="k", ExplicitHashKey="0")
            self.baseline = fanout.thread_count(proc.pid)
            events = fanout.read_events(c, consumer, "shardId-000000000000",
                                        {"Type": "TRIM_HORIZON"},
                                        stop=lambda ev: bool(fanout.records_of(ev)))
            self.assertEqual([r["Data"] for r in fanout.records_of(events)], [b"t0"])
            wait_until(lambda: fanout.thread_count(proc.pid) == self.baseline,
                       what="the HTTP/1.1 subscription's thread to end")
            seen = self.run_sdk(ep, fanout.register_active(c, arn, "js"), "sdktls", proc.pid,
                                {"NODE_EXTRA_CA_CERTS": self.cert})
            self.check_sdk(seen, ["t0"])

    def test_raw_framing_other_streams_flow_control_and_cancel(self):
        with fanout.start_kinesisctl(subscription_ms=60000) as server:
            c, consumer = self.setup_stream(server.endpoint, "raw")
            c.put_record(StreamName="raw", Data=b"x" * 200, PartitionKey="k", ExplicitHashKey="0")
            pid = server.proc.pid
            baseline = fanout.thread_count(pid)
            port = urllib.parse.urlparse(server.endpoint).port
            # The client's stream window starts shut: 0 bytes.
            conn = Conn(port, settings=struct.pack(">HI", SETTINGS_INITIAL_WINDOW_SIZE, 0))
            conn.send(h2_request(1, "SubscribeToShard", subscribe_body(
                consumer, "shardId-000000000000", {"Type": "TRIM_HORIZON"})))
            head = conn.until(lambda f: f[2] == 1 and f[0] in (h2wire.HEADERS, RST_STREAM))
            self.assertEqual(head[0], h2wire.HEADERS)
            self.assertEqual(head[3][0], 0x88)  # HPACK's static ":status: 200"
            # Another stream of the connection (its window opened) is answered meanwhile.
            conn.send(h2_request(3, "ListStreams", {}) + window_update(3))
            self.assertIn(b"raw", conn.body(3))
            self.assertEqual([f for f in conn.frames if f[0] == DATA and f[2] == 1], [])
            # Open the window: the body flows.
            conn.send(window_update(1))
            messages = Messages(conn, 1)
            first = messages.next()
            self.assertEqual(first.headers[":event-type"], "initial-response")
            second = messages.next()
            self.assertEqual(second.headers[":event-type"], "SubscribeToShardEvent")
            self.assertEqual(len(json.loads(second.payload)["Records"]), 1)
            self.assertEqual(fanout.thread_count(pid), baseline + 1)
            # The client resets the stream: the subscription ends, the connection goes on.
            conn.send(frame(RST_STREAM, 0, 1, struct.pack(">I", CANCEL)))
            wait_until(lambda: fanout.thread_count(pid) == baseline, what="thread to end")
            conn.send(h2_request(5, "ListStreams", {}) + window_update(5))
            self.assertIn(b"raw", conn.body(5))
            # A record put now is stored, and a new subscription over HTTP/2 follows records
            # (another shard: the first one's lease lasts 5 s, as on AWS).
            conn.send(h2_request(7, "SubscribeToShard", subscribe_body(
                consumer, "shardId-000000000001", {"Type": "LATEST"})))
            conn.send(window_update(7))
            live = Messages(conn, 7)
            self.assertEqual(live.next().headers[":event-type"], "initial-response")
            self.assertEqual(live.next().headers[":event-type"], "SubscribeToShardEvent")
            c.put_record(StreamName="raw", Data=b"live", PartitionKey="k",
                         ExplicitHashKey=str(2 ** 127))
            while True:
                m = live.next()
                self.assertIsNotNone(m)
                records = json.loads(m.payload)["Records"]
                if records:
                    break
            self.assertEqual(records[0]["PartitionKey"], "k")
            # The connection closes mid-subscription: its thread ends too.
            conn.close()
            wait_until(lambda: fanout.thread_count(pid) == baseline, what="thread to end")
            # The server still serves, and every record is there.
            it = c.get_shard_iterator(StreamName="raw", ShardId="shardId-000000000001",
                                      ShardIteratorType="TRIM_HORIZON")["ShardIterator"]
            self.assertEqual([r["Data"] for r in c.get_records(ShardIterator=it)["Records"]],
                             [b"live"])

    def test_idle_timeout_waits_for_the_subscription_then_applies(self):
        # The client stays silent: for the whole subscription (longer than the idle timeout) the
        # connection stays; once the subscription ended, the idle timeout closes it.
        with fanout.peers.start("kinesisctl", delay_ms=50, extra_args=[
                "--consumer-delay-ms", "50", "--subscription-ms", "1200",
                "--idle-timeout-ms", "400"]) as server:
            c, consumer = self.setup_stream(server.endpoint, "idle", shards=1)
            conn = Conn(urllib.parse.urlparse(server.endpoint).port)
            try:
                conn.send(h2_request(1, "SubscribeToShard", subscribe_body(
                    consumer, "shardId-000000000000", {"Type": "LATEST"})))
                messages = Messages(conn, 1)
                kinds = []
                while True:
                    m = messages.next()
                    if m is None:
                        break
                    kinds.append(m.headers[":event-type"])
                self.assertTrue(messages.ended, "the subscription was cut, not ended")
                self.assertEqual(kinds[:2], ["initial-response", "SubscribeToShardEvent"])
                conn.sock.settimeout(30)
                while conn.sock.recv(65536):  # frames after the stream's end (none expected)
                    pass
            finally:
                conn.close()


if __name__ == "__main__":
    unittest.main()
