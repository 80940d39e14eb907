"""Durability of `kinesisctl serve --data-dir`: several clients write continuously, the server is
killed with SIGKILL, restarted on the same directory, and every acknowledged record is readable
exactly once, in order per shard. A stream killed mid-UPDATING finishes its split after restart;
streams, tags, retention, metrics, encryption and mode survive."""
import shutil
import signal
import tempfile
import threading
import unittest

import botocore.exceptions
import harness
import peers


@harness.skip_unless_server()
class DurabilityTest(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.mkdtemp(prefix="kinesisctl-durable-")

    def tearDown(self):
        shutil.rmtree(self.dir, ignore_errors=True)

    def test_acknowledged_records_survive_kill_9(self):
        acked, lock, enough = [], threading.Lock(), threading.Event()
        with peers.start("kinesisctl", delay_ms=0, data_dir=self.dir) as server:
            c = harness.client(server.endpoint)
            c.create_stream(StreamName="durable", ShardCount=3)

            def writer(n):
                wc = harness.client(server.endpoint)
                i = 0
                while True:
                    batch = [{"PartitionKey": f"w{n}-{i + j}", "Data": f"w{n}-{i + j}".encode()}
                             for j in range(10)]
                    try:
                        r = wc.put_records(StreamName="durable", Records=batch)
                    except (botocore.exceptions.BotoCoreError,
                            botocore.exceptions.ClientError):
                        return  # the server is gone
                    with lock:
                        for rec, res in zip(batch, r["Records"]):
                            acked.append((res["ShardId"], res["SequenceNumber"], rec["Data"]))
                        if len(acked) >= 600:
                            enough.set()
                    i += 10

            threads = [threading.Thread(target=writer, args=(n,)) for n in range(3)]
            for t in threads:
                t.start()
            self.assertTrue(enough.wait(120), "writers acknowledged too few records")
            server.stop(signal.SIGKILL)
            for t in threads:
                t.join(60)
        with peers.start("kinesisctl", delay_ms=0, data_dir=self.dir) as server:
            c = harness.client(server.endpoint)
            stored = {}
            for shard in c.list_shards(StreamName="durable")["Shards"]:
                sid = shard["ShardId"]
                it = c.get_shard_iterator(StreamName="durable", ShardId=sid,
                                          ShardIteratorType="TRIM_HORIZON")["ShardIterator"]
                stored[sid] = []
                while True:
                    page = c.get_records(ShardIterator=it, Limit=10000)
                    stored[sid] += [(r["SequenceNumber"], r["Data"]) for r in page["Records"]]
                    if not page["Records"]:
                        break
                    it = page["NextShardIterator"]
            for sid, recs in stored.items():
                seqs = [int(s) for s, _ in recs]
                self.assertEqual(seqs, sorted(seqs), sid)
                self.assertEqual(len(seqs), len(set(seqs)), sid)
            index = {(sid, s): d for sid, recs in stored.items() for s, d in recs}
            for sid, seq, data in acked:
                self.assertEqual(index.get((sid, seq)), data, (sid, seq))
            # Writes continue after the restart, above the old sequence numbers.
            r = c.put_record(StreamName="durable", PartitionKey="w0-0", Data=b"after")
            old = [int(s) for s, _ in stored[r["ShardId"]]]
            self.assertGreater(int(r["SequenceNumber"]), max(old, default=0))

    def test_restart_restores_settings_and_finishes_pending_split(self):
        with peers.start("kinesisctl", delay_ms=0, data_dir=self.dir,
                         extra_args=("--update-delay-ms", "1500")) as server:
            c = harness.client(server.endpoint)
            c.create_stream(StreamName="kept", ShardCount=2)
            c.add_tags_to_stream(StreamName="kept", Tags={"team": "data"})
            c.increase_stream_retention_period(StreamName="kept", RetentionPeriodHours=72)
            c.enable_enhanced_monitoring(StreamName="kept", ShardLevelMetrics=["IncomingBytes"])
            c.split_shard(StreamName="kept", ShardToSplit="shardId-000000000000",
                          NewStartingHashKey="1000")
            self.assertEqual(c.describe_stream_summary(StreamName="kept")[
                "StreamDescriptionSummary"]["StreamStatus"], "UPDATING")
            server.stop(signal.SIGKILL)
        with peers.start("kinesisctl", delay_ms=0, data_dir=self.dir) as server:
            c = harness.client(server.endpoint)
            s = harness.wait_status(c, "kept")
            self.assertEqual(s["StreamStatus"], "ACTIVE")
            self.assertEqual(s["OpenShardCount"], 3)
            self.assertEqual(s["RetentionPeriodHours"], 72)
            self.assertEqual(s["EnhancedMonitoring"], [{"ShardLevelMetrics": ["IncomingBytes"]}])
            self.assertEqual(c.list_tags_for_stream(StreamName="kept")["Tags"],
                             [{"Key": "team", "Value": "data"}])
            shards = c.list_shards(StreamName="kept")["Shards"]
            self.assertEqual(shards[2]["ParentShardId"], "shardId-000000000000")


if __name__ == "__main__":
    unittest.main()
