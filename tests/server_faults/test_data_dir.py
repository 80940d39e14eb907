"""The data directory: one server at a time (an exclusive lock held for the process lifetime), a
database with a damaged page refused at start with its path and what to do, and `--data-dir ""`
refused as a usage error instead of silently running in memory."""
import os
import shutil
import sqlite3
import tempfile
import unittest

import common
import harness
import peers


@harness.skip_unless_server()
class DataDirTest(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.mkdtemp(prefix="kinesisctl-faults-")

    def tearDown(self):
        shutil.rmtree(self.dir, ignore_errors=True)

    def test_second_server_on_one_directory_exits_1_naming_the_owner(self):
        with peers.start("kinesisctl", delay_ms=0, data_dir=self.dir) as first:
            rc, out = common.run_serve("--data-dir", self.dir)
            self.assertEqual(rc, 1, out)
            self.assertIn(f"data directory {self.dir} is in use (pid {first.proc.pid})", out)
            # The first server is untouched and still serves.
            c = harness.client(first.endpoint)
            c.create_stream(StreamName="owned", ShardCount=1)
            self.assertEqual(c.list_streams()["StreamNames"], ["owned"])
        # Once the owner is gone the directory is free again, with the data intact.
        with peers.start("kinesisctl", delay_ms=0, data_dir=self.dir) as second:
            self.assertEqual(harness.client(second.endpoint).list_streams()["StreamNames"],
                             ["owned"])

    def test_empty_data_dir_is_a_usage_error(self):
        rc, out = common.run_serve("--data-dir", "")
        self.assertEqual(rc, 2, out)
        self.assertIn("--data-dir wants a directory", out)
        rc, out = common.run_serve("--data-dir=")
        self.assertEqual(rc, 2, out)

    def test_damaged_database_is_refused_at_start(self):
        with peers.start("kinesisctl", delay_ms=0, data_dir=self.dir) as server:
            c = harness.client(server.endpoint)
            c.create_stream(StreamName="big", ShardCount=2)
            for i in range(8):
                c.put_records(StreamName="big", Records=[
                    {"PartitionKey": f"k{i}-{j}", "Data": os.urandom(1000)} for j in range(50)])
        db = os.path.join(self.dir, "kinesisctl.db")
        with sqlite3.connect(db) as conn:  # fold any WAL into the main file
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        with open(db, "r+b") as f:
            header = f.read(100)
            page_size = int.from_bytes(header[16:18], "big")
            pages = os.path.getsize(db) // page_size
            self.assertGreater(pages, 20)
            f.seek(page_size * (pages // 2))
            f.write(b"\xa5" * page_size)
        rc, out = common.run_serve("--data-dir", self.dir)
        self.assertEqual(rc, 1, out)
        self.assertIn(f"the database {db} is damaged", out)
        self.assertIn("Move it aside", out)


if __name__ == "__main__":
    unittest.main()
