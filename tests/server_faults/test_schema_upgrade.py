"""A data directory written by the release before the record key was narrowed (schema 1, the
committed fixture fixtures/schema1/kinesisctl.db, made by fixtures/make_schema1_db.py) opens and
is upgraded in place: every stream (tags, shards, parents) and every record (sequence number,
partition key, data, arrival time) reads back as that release answered it, new records continue
each shard's numbering, and the upgraded directory opens again unchanged."""
import base64
import json
import os
import shutil
import sqlite3
import sys
import tempfile
import unittest

import common  # noqa: F401  (sets the client environment)
import harness
import peers

HERE = os.path.dirname(os.path.abspath(__file__))
FIXTURE = os.path.join(HERE, "fixtures", "schema1")
sys.path.insert(0, os.path.join(HERE, "fixtures"))
import make_schema1_db  # noqa: E402


@harness.skip_unless_server()
class SchemaUpgradeTest(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.mkdtemp(prefix="kinesisctl-upgrade-")
        shutil.copy(os.path.join(FIXTURE, "kinesisctl.db"), self.dir)
        with open(os.path.join(FIXTURE, "schema1_expected.json")) as f:
            self.expected = json.load(f)

    def tearDown(self):
        shutil.rmtree(self.dir, ignore_errors=True)

    def tables(self):
        with sqlite3.connect(os.path.join(self.dir, "kinesisctl.db")) as conn:
            return {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE "
                                               "type='table'")}

    def test_schema1_directory_is_upgraded_and_reads_back_whole(self):
        self.assertIn("records", self.tables())  # the fixture really is schema 1
        count = sum(len(shard["Records"]) for region in self.expected.values()
                    for stream in region.values() for shard in stream["Shards"].values())
        self.assertGreater(count, 300)
        with peers.start("kinesisctl", delay_ms=0, data_dir=self.dir) as server:
            got = make_schema1_db.snapshot(server.endpoint, list(self.expected))
            self.assertEqual(got, self.expected)
            # Writing continues each shard's numbering above what the old release stored.
            c = harness.client(server.endpoint)
            old_last = self.expected["us-east-1"]["events"]["Shards"]["shardId-000000000002"][
                "Records"][-1]["SequenceNumber"]
            new = c.put_record(StreamName="events", PartitionKey="after-upgrade", Data=b"new",
                               ExplicitHashKey=str(2 ** 127 + 5))
            self.assertEqual(new["ShardId"], "shardId-000000000002")
            self.assertGreater(int(new["SequenceNumber"]), int(old_last))
            it = c.get_shard_iterator(StreamName="events", ShardId="shardId-000000000002",
                                      ShardIteratorType="AFTER_SEQUENCE_NUMBER",
                                      StartingSequenceNumber=old_last)["ShardIterator"]
            self.assertEqual([r["Data"] for r in c.get_records(ShardIterator=it)["Records"]],
                             [b"new"])
        tables = self.tables()
        self.assertNotIn("records", tables)
        self.assertIn("shard_records", tables)
        # The upgraded directory opens again with the same contents (plus the new record).
        with peers.start("kinesisctl", delay_ms=0, data_dir=self.dir) as server:
            got = make_schema1_db.snapshot(server.endpoint, list(self.expected))
            added = got["us-east-1"]["events"]["Shards"]["shardId-000000000002"]["Records"].pop()
            self.assertEqual(base64.b64decode(added["Data"]), b"new")
            self.assertEqual(got, self.expected)

    def test_a_row_the_old_release_could_not_write_stops_the_upgrade(self):
        db = os.path.join(self.dir, "kinesisctl.db")
        with sqlite3.connect(db) as conn:
            conn.execute("UPDATE records SET seq = 'not-a-sequence-number' WHERE seq = "
                         "(SELECT max(seq) FROM records)")
        rc, out = common.run_serve("--data-dir", self.dir)
        self.assertEqual(rc, 1, out)
        self.assertIn("cannot upgrade the database", out)
        self.assertIn("1 records have sequence numbers", out)
        self.assertIn("records", self.tables())  # left as it was


if __name__ == "__main__":
    unittest.main()
