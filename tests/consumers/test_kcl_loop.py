"""A KCL-like enhanced fan-out reader in Python against `kinesisctl serve`: register a consumer,
subscribe to every shard (one worker each), resubscribe from ContinuationSequenceNumber when a
subscription ends (--subscription-ms keeps them short), and follow ChildShards across a split,
starting a child once its parents are finished. Every record put must be read exactly once, in
order per shard."""
import threading
import time
import unittest

import fanout
from fanout import ClientError, wait_until


class Reader:
    def __init__(self, endpoint, consumer):
        self.endpoint, self.consumer = endpoint, consumer
        self.lock = threading.Lock()
        self.read = {}        # shard id -> [(sequence, data)]
        self.finished = set()  # shards read to their end
        self.parents = {}      # child shard id -> parent ids
        self.started = set()
        self.threads = []
        self.stop = threading.Event()
        self.errors = []
        self.resubscribed = 0  # subscriptions that continued where an ended one stopped

    def start(self, shard_id):
        with self.lock:
            if shard_id in self.started:
                return
            self.started.add(shard_id)
            self.read.setdefault(shard_id, [])
        t = threading.Thread(target=self.work, args=(shard_id,), daemon=True)
        self.threads.append(t)
        t.start()

    def work(self, shard_id):
        c = fanout.client(self.endpoint)
        position = {"Type": "TRIM_HORIZON"}
        try:
            while not self.stop.is_set():
                try:
                    sub = c.subscribe_to_shard(ConsumerARN=self.consumer, ShardId=shard_id,
                                               StartingPosition=position)
                except ClientError as e:
                    if e.response["Error"]["Code"] != "ResourceInUseException":
                        raise
                    time.sleep(0.1)  # inside the window after the previous subscription
                    continue
                if position["Type"] == "AFTER_SEQUENCE_NUMBER":
                    with self.lock:
                        self.resubscribed += 1
                children = None
                for ev in sub["EventStream"]:
                    event = ev["SubscribeToShardEvent"]
                    with self.lock:
                        self.read[shard_id] += [(r["SequenceNumber"], r["Data"])
                                                for r in event["Records"]]
                    if event.get("ChildShards") and not event.get("ContinuationSequenceNumber"):
                        children = event["ChildShards"]
                    else:
                        position = {"Type": "AFTER_SEQUENCE_NUMBER",
                                    "SequenceNumber": event["ContinuationSequenceNumber"]}
                if children is not None:
                    self.shard_ended(shard_id, children)
                    return
        except Exception as e:  # reported by the test
            self.errors.append(f"{shard_id}: {e!r}")

    def shard_ended(self, shard_id, children):
        ready = []
        with self.lock:
            self.finished.add(shard_id)
            for child in children:
                self.parents[child["ShardId"]] = child["ParentShards"]
                if all(p in self.finished for p in child["ParentShards"]):
                    ready.append(child["ShardId"])
        for child in ready:
            self.start(child)

    def total(self):
        with self.lock:
            return sum(len(v) for v in self.read.values())


class KclLikeLoop(unittest.TestCase):
    def test_reads_every_record_once_in_order_across_a_split(self):
        with fanout.start_kinesisctl(subscription_ms=700, delay_ms=100) as server:
            c = fanout.client(server.endpoint)
            arn = fanout.create_stream(c, "kcl", 2)
            consumer = fanout.register_active(c, arn, "app")
            put = {}  # shard id -> [(sequence, data)] in put order

            def put_batch(first, n):
                entries = [{"Data": b"r%04d" % i, "PartitionKey": "pk%d" % i}
                           for i in range(first, first + n)]
                out = c.put_records(StreamName="kcl", Records=entries)
                self.assertEqual(out["FailedRecordCount"], 0)
                for entry, result in zip(entries, out["Records"]):
                    put.setdefault(result["ShardId"], []).append(
                        (result["SequenceNumber"], entry["Data"]))

            put_batch(0, 40)
            reader = Reader(server.endpoint, consumer)
            for shard in c.list_shards(StreamName="kcl")["Shards"]:
                reader.start(shard["ShardId"])
            put_batch(40, 40)
            shard0 = c.list_shards(StreamName="kcl")["Shards"][0]
            middle = (int(shard0["HashKeyRange"]["StartingHashKey"]) +
                      int(shard0["HashKeyRange"]["EndingHashKey"])) // 2
            c.split_shard(StreamName="kcl", ShardToSplit=shard0["ShardId"],
                          NewStartingHashKey=str(middle))
            wait_until(lambda: c.describe_stream_summary(StreamName="kcl")
                       ["StreamDescriptionSummary"]["StreamStatus"] == "ACTIVE", what="split")
            # The last batch once a worker has gone on from a ContinuationSequenceNumber.
            wait_until(lambda: reader.resubscribed > 0, what="a resubscription")
            put_batch(80, 40)
            expected = sum(len(v) for v in put.values())
            try:
                wait_until(lambda: reader.errors or reader.total() >= expected, timeout_s=60,
                           what=f"{expected} records read")
                # Both children of the split shard are being read.
                wait_until(lambda: len(reader.started) == 4, what="children subscribed")
            finally:
                reader.stop.set()
                for t in reader.threads:
                    t.join(timeout=10)
            self.assertEqual(reader.errors, [])
            self.assertEqual(len(put), 4, "records went to both children of the split shard")
            self.assertIn(shard0["ShardId"], reader.finished)
            for shard_id, records in put.items():
                self.assertEqual(reader.read.get(shard_id), records, shard_id)
            self.assertEqual(reader.total(), expected)


if __name__ == "__main__":
    unittest.main()
