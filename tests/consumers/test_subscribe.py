"""SubscribeToShard against `kinesisctl serve` with boto3 (whose event-stream parser checks the
framing and CRCs) and on raw sockets: events with Records, ContinuationSequenceNumber and
MillisBehindLatest, every StartingPosition, the push of new records, the end after
--subscription-ms, AWS's errors, and client disconnects and server shutdown ending
subscriptions without leaving threads behind."""
import json
import shutil
import signal
import tempfile
import threading
import time
import unittest

import fanout
from fanout import ClientError, EventStreamError, wait_until

SHARD = "shardId-000000000000"
LIFETIME_MS = 1500  # the heartbeat (5 s) is longer: records seen within it were pushed


class Subscribe(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls._ctx = fanout.start_kinesisctl(subscription_ms=LIFETIME_MS)
        cls.server = cls._ctx.__enter__()
        cls.c = fanout.client(cls.server.endpoint)

    @classmethod
    def tearDownClass(cls):
        cls._ctx.__exit__(None, None, None)

    def stream_with_consumer(self, name, consumers=("c",)):
        arn = fanout.create_stream(self.c, name, 1)
        return arn, [fanout.register_active(self.c, arn, n) for n in consumers]

    def put(self, stream, data):
        return self.c.put_record(StreamName=stream, Data=data, PartitionKey="k")["SequenceNumber"]

    def test_stored_then_pushed_records_until_the_subscription_ends(self):
        _, (consumer,) = self.stream_with_consumer("push")
        stored = [self.put("push", b"s%d" % i) for i in range(3)]
        sub = self.c.subscribe_to_shard(ConsumerARN=consumer, ShardId=SHARD,
                                        StartingPosition={"Type": "TRIM_HORIZON"})
        events = []
        pushed = []
        for ev in sub["EventStream"]:  # ends by itself after --subscription-ms
            event = ev["SubscribeToShardEvent"]
            events.append(event)
            if len(events) == 1:
                pushed = [self.put("push", b"p%d" % i) for i in range(2)]
        records = fanout.records_of(events)
        self.assertEqual([r["Data"] for r in records], [b"s0", b"s1", b"s2", b"p0", b"p1"])
        self.assertEqual([r["SequenceNumber"] for r in records], stored + pushed)
        for e in events:
            self.assertIsInstance(e["MillisBehindLatest"], int)
            self.assertGreaterEqual(e["MillisBehindLatest"], 0)
            if e["Records"]:
                self.assertEqual(e["ContinuationSequenceNumber"],
                                 e["Records"][-1]["SequenceNumber"])
        self.assertEqual(events[-1]["ContinuationSequenceNumber"], pushed[-1])

    def test_every_starting_position(self):
        names = ("th", "at", "after", "ts", "latest")
        _, consumers = self.stream_with_consumer("pos", names)
        consumer = dict(zip(names, consumers))
        seqs = [self.put("pos", b"r%d" % i) for i in range(3)]
        # Debian's botocore sends timestamps in whole seconds: r3 starts a new second.
        time.sleep(1.01 - time.time() % 1)
        seqs += [self.put("pos", b"r%d" % i) for i in range(3, 5)]
        it = self.c.get_shard_iterator(StreamName="pos", ShardId=SHARD,
                                       ShardIteratorType="TRIM_HORIZON")["ShardIterator"]
        arrivals = [r["ApproximateArrivalTimestamp"]
                    for r in self.c.get_records(ShardIterator=it)["Records"]]
        self.assertNotEqual(int(arrivals[2].timestamp()), int(arrivals[3].timestamp()))

        def first(name, position, during=None):
            def stop(events):
                if during and len(events) == 1:
                    during()
                return bool(fanout.records_of(events))
            events = fanout.read_events(self.c, consumer[name], SHARD, position, stop)
            records = fanout.records_of(events)
            return records[0]["Data"] if records else None

        self.assertEqual(first("th", {"Type": "TRIM_HORIZON"}), b"r0")
        self.assertEqual(first("at", {"Type": "AT_SEQUENCE_NUMBER", "SequenceNumber": seqs[2]}),
                         b"r2")
        self.assertEqual(first("after", {"Type": "AFTER_SEQUENCE_NUMBER",
                                         "SequenceNumber": seqs[2]}), b"r3")
        self.assertEqual(first("ts", {"Type": "AT_TIMESTAMP", "Timestamp": arrivals[3]}), b"r3")
        self.assertEqual(first("latest", {"Type": "LATEST"},
                               during=lambda: self.put("pos", b"new")), b"new")

    def test_second_subscription_inside_the_window_is_refused(self):
        _, (consumer,) = self.stream_with_consumer("twice")
        sub = self.c.subscribe_to_shard(ConsumerARN=consumer, ShardId=SHARD,
                                        StartingPosition={"Type": "LATEST"})
        with self.assertRaises(ClientError) as cm:
            self.c.subscribe_to_shard(ConsumerARN=consumer, ShardId=SHARD,
                                      StartingPosition={"Type": "LATEST"})
        self.assertEqual(cm.exception.response["Error"]["Code"], "ResourceInUseException")
        sub["EventStream"].close()

    def test_unknown_consumer_shard_and_deleted_stream(self):
        arn, (consumer,) = self.stream_with_consumer("gone")

        def code(**kw):
            args = {"ConsumerARN": consumer, "ShardId": SHARD,
                    "StartingPosition": {"Type": "LATEST"}}
            args.update(kw)
            try:
                self.c.subscribe_to_shard(**args)["EventStream"].close()
                return "OK"
            except ClientError as e:
                return e.response["Error"]["Code"]

        self.assertEqual(code(ConsumerARN=arn + "/consumer/nobody:1700000000"),
                         "ResourceNotFoundException")
        self.assertEqual(code(ShardId="shardId-000000000009"), "ResourceNotFoundException")
        self.assertEqual(code(StartingPosition={"Type": "AT_SEQUENCE_NUMBER"}),
                         "InvalidArgumentException")
        # A running subscription ends with an exception event when its stream is deleted.
        sub = self.c.subscribe_to_shard(ConsumerARN=consumer, ShardId=SHARD,
                                        StartingPosition={"Type": "LATEST"})
        stream = iter(sub["EventStream"])
        next(stream)
        self.c.delete_stream(StreamName="gone", EnforceConsumerDeletion=True)
        with self.assertRaises(EventStreamError) as cm:
            for _ in stream:
                pass
        self.assertEqual(cm.exception.response["Error"]["Code"], "ResourceNotFoundException")
        wait_until(lambda: fanout.code_of(self.c.describe_stream_summary, StreamName="gone") ==
                   "ResourceNotFoundException", what="stream gone")
        self.assertEqual(code(), "ResourceNotFoundException")

    def test_raw_framing(self):
        _, (consumer,) = self.stream_with_consumer("raw")
        self.put("raw", b"x")
        sub = fanout.RawSubscription(self.server.endpoint, consumer, SHARD,
                                     {"Type": "TRIM_HORIZON"})
        try:
            self.assertEqual(sub.status, 200)
            self.assertEqual(sub.headers["content-type"], "application/vnd.amazon.eventstream")
            self.assertEqual(sub.headers["transfer-encoding"], "chunked")
            first = sub.next_message()
            self.assertEqual(first.headers[":message-type"], "event")
            self.assertEqual(first.headers[":event-type"], "initial-response")
            second = sub.next_message()
            self.assertEqual(second.headers[":event-type"], "SubscribeToShardEvent")
            self.assertEqual(second.headers[":content-type"], "application/json")
            body = json.loads(second.payload)
            self.assertEqual(len(body["Records"]), 1)
            self.assertIn("ContinuationSequenceNumber", body)
            while sub.next_message() is not None:  # the body ends after --subscription-ms
                pass
        finally:
            sub.close()


class Lifecycle(unittest.TestCase):
    """Threads of the server while subscriptions come and go (Linux /proc)."""

    def test_disconnects_and_shutdown_leave_no_threads(self):
        data_dir = tempfile.mkdtemp(prefix="kinesisctl-subscribe-")
        self.addCleanup(shutil.rmtree, data_dir, True)
        with fanout.start_kinesisctl(subscription_ms=60000, data_dir=data_dir) as server:
            c = fanout.client(server.endpoint)
            arn = fanout.create_stream(c, "life", 3)
            consumer = fanout.register_active(c, arn, "c")
            other = fanout.register_active(c, arn, "d")
            pid = server.proc.pid
            baseline = fanout.thread_count(pid)
            subs = [fanout.RawSubscription(server.endpoint, consumer, f"shardId-00000000000{i}",
                                           {"Type": "LATEST"}) for i in range(3)]
            for s in subs:
                self.assertEqual(s.next_message().headers[":event-type"], "initial-response")
            self.assertEqual(fanout.thread_count(pid), baseline + 3)
            for s in subs:
                s.close()  # the client goes away mid-subscription
            wait_until(lambda: fanout.thread_count(pid) == baseline, what="threads to end")
            # Records put meanwhile are all there.
            kept = c.put_record(StreamName="life", Data=b"kept", PartitionKey="k")
            # A subscription running at shutdown ends, and the server exits cleanly.
            again = fanout.RawSubscription(server.endpoint, other, "shardId-000000000000",
                                           {"Type": "TRIM_HORIZON"})
            try:
                self.assertEqual(again.next_message().headers[":event-type"], "initial-response")
                server.proc.send_signal(signal.SIGTERM)
                self.assertEqual(server.proc.wait(timeout=20), 0)
                while again.next_message() is not None:
                    pass
            finally:
                again.close()
        # After the restart the consumer and the record are there, and can be subscribed to.
        with fanout.start_kinesisctl(subscription_ms=500, data_dir=data_dir) as server:
            c = fanout.client(server.endpoint)
            self.assertEqual(fanout.consumer_status(c, consumer), "ACTIVE")
            events = fanout.read_events(c, consumer, kept["ShardId"], {"Type": "TRIM_HORIZON"})
            self.assertEqual([r["Data"] for r in fanout.records_of(events)], [b"kept"])


if __name__ == "__main__":
    unittest.main()
