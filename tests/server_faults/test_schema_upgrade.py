"""Data directories written by earlier releases open and are upgraded in place to schema 3 (each
shard's records in a table of its own): schema 1 (records keyed by region, stream, shard and the
56-digit sequence number; fixtures/schema1, made by fixtures/make_schema1_db.py) and schema 2 (every
shard's records in one table keyed by shard id, time and counter; fixtures/schema2, made by
fixtures/make_schema2_db.py). For each, every stream (tags, shards, parents) and every record
(sequence number, partition key, data, arrival time) reads back as that release answered it, new
records continue each shard's numbering, and the upgraded directory opens again unchanged."""
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
sys.path.insert(0, os.path.join(HERE, "fixtures"))
import make_schema1_db  # noqa: E402


class UpgradeCase:
    """The checks shared by both schemas; a subclass names its fixture."""
    SCHEMA = None

    def setUp(self):
        fixture = os.path.join(HERE, "fixtures", "schema%d" % self.SCHEMA)
        self.dir = tempfile.mkdtemp(prefix="kinesisctl-upgrade-")
        self.db = os.path.join(self.dir, "kinesisctl.db")
        shutil.copy(os.path.join(fixture, "kinesisctl.db"), self.dir)
        with open(os.path.join(fixture, "schema%d_expected.json" % self.SCHEMA)) as f:
            self.expected = json.load(f)

    def tearDown(self):
        shutil.rmtree(self.dir, ignore_errors=True)

    def query(self, sql):
        conn = sqlite3.connect(self.db)
        try:
            return conn.execute(sql).fetchall()
        finally:
            conn.close()

    def tables(self):
        return {r[0] for r in self.query("SELECT name FROM sqlite_master WHERE type='table'")}

    def dump(self):
        conn = sqlite3.connect(self.db)
        try:
            return list(conn.iterdump()) + [conn.execute("PRAGMA user_version").fetchone()]
        finally:
            conn.close()

    def check_schema3(self):
        """user_version 3, no table of the earlier schemas, and exactly one record table per
        shard id (records_ID; all of this fixture's counters fit the packed key)."""
        self.assertEqual(self.query("PRAGMA user_version"), [(3,)])
        tables = self.tables()
        self.assertNotIn("records", tables)
        self.assertNotIn("shard_records", tables)
        ids = [r[0] for r in self.query("SELECT id FROM shard_keys WHERE pair_key = 0")]
        self.assertEqual(self.query("SELECT count(*) FROM shard_keys WHERE pair_key != 0"), [(0,)])
        self.assertEqual({t for t in tables if t.startswith("records_")},
                         {"records_%d" % i for i in ids})
        stored = sum(self.query("SELECT count(*) FROM records_%d" % i)[0][0] for i in ids)
        return stored

    def test_directory_is_upgraded_and_reads_back_whole(self):
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
        self.assertEqual(self.check_schema3(), count + 1)  # every record moved, nothing else
        upgraded = self.dump()
        # The upgraded directory opens again with the same contents (plus the new record), and
        # opening and reading it changes nothing in the file.
        with peers.start("kinesisctl", delay_ms=0, data_dir=self.dir) as server:
            got = make_schema1_db.snapshot(server.endpoint, list(self.expected))
            added = got["us-east-1"]["events"]["Shards"]["shardId-000000000002"]["Records"].pop()
            self.assertEqual(base64.b64decode(added["Data"]), b"new")
            self.assertEqual(got, self.expected)
        self.assertEqual(self.dump(), upgraded)


@harness.skip_unless_server()
class Schema1UpgradeTest(UpgradeCase, unittest.TestCase):
    SCHEMA = 1

    def test_fixture_is_schema1(self):
        self.assertIn("records", self.tables())
        self.assertNotIn("shard_records", self.tables())

    def test_a_row_the_old_release_could_not_write_stops_the_upgrade(self):
        with sqlite3.connect(self.db) as conn:
            conn.execute("UPDATE records SET seq = 'not-a-sequence-number' WHERE seq = "
                         "(SELECT max(seq) FROM records)")
        before = self.dump()
        rc, out = common.run_serve("--data-dir", self.dir)
        self.assertEqual(rc, 1, out)
        self.assertIn("cannot upgrade the database", out)
        self.assertIn("1 records have sequence numbers", out)
        self.assertIn("records", self.tables())  # left as it was
        self.assertNotIn("shard_records", self.tables())
        self.assertEqual(self.query("SELECT count(*) FROM records"),
                         [(sum(len(shard["Records"]) for region in self.expected.values()
                               for stream in region.values()
                               for shard in stream["Shards"].values()),)])
        self.assertEqual(self.query("PRAGMA user_version"), [before[-1]])


@harness.skip_unless_server()
class Schema2UpgradeTest(UpgradeCase, unittest.TestCase):
    SCHEMA = 2

    def test_fixture_is_schema2(self):
        self.assertEqual(self.query("PRAGMA user_version"), [(2,)])
        self.assertIn("shard_records", self.tables())
        self.assertFalse({t for t in self.tables() if t.startswith("records")})
        # Two regions, a split and a merge (shards with parents), tags, a deleted stream.
        self.assertEqual(set(self.expected), {"us-east-1", "eu-west-1"})
        self.assertNotIn("gone", self.expected["us-east-1"])
        parents = [s["ParentShardId"] for region in self.expected.values()
                   for stream in region.values() for s in stream["Shards"].values()]
        self.assertGreaterEqual(sum(1 for p in parents if p), 3)
        self.assertEqual(self.expected["eu-west-1"]["clicks"]["Tags"], {"source": "web"})

    def test_a_failed_upgrade_leaves_schema2_as_it_was(self):
        # A records_ID table already there (not made by any release) makes the move fail
        # half-way: the whole upgrade is undone.
        sid = self.query("SELECT max(id) FROM shard_keys")[0][0]
        with sqlite3.connect(self.db) as conn:
            conn.execute("CREATE TABLE records_%d(x)" % sid)
        before = self.dump()
        rc, out = common.run_serve("--data-dir", self.dir)
        self.assertEqual(rc, 1, out)
        self.assertIn("records_%d already exists" % sid, out)
        self.assertEqual(self.dump(), before)


if __name__ == "__main__":
    unittest.main()
