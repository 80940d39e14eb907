"""`kinesisctl apply FILE`: Salt-style output and summary, exit statuses, test mode, a second run
changing nothing, command-line connection keys overriding the file's, and bad files."""
import os
import tempfile
import unittest

import statekit
from statekit import kctl, run


def setUpModule():
    kctl.start_peer()


def tearDownModule():
    kctl.stop_peer()


class ApplyTest(unittest.TestCase):
    def write(self, text):
        fd, path = tempfile.mkstemp(suffix=".yaml")
        with os.fdopen(fd, "w") as f:
            f.write(text)
        self.addCleanup(os.remove, path)
        return path

    def test_apply_twice_changes_nothing_the_second_time(self):
        orders, old = kctl.unique("orders"), kctl.unique("old")
        self.addCleanup(kctl.delete_quietly, orders)
        kctl.create_active(self, old, 1)
        monitoring = "    enhanced_monitoring: [OutgoingBytes, IncomingBytes]\n"
        if kctl.PEER == "kinesalite":
            print("\nkinesalite has no EnableEnhancedMonitoring: this run leaves it out",
                  flush=True)
            monitoring = ""
        # The file names an unreachable endpoint: the command line's endpoint= must win.
        path = self.write(f"""
region: us-east-1
endpoint: http://127.0.0.1:9
streams:
  {orders}:
    state: present
    num_shards: 2
    retention_hours: 48
{monitoring}    tags: {{team: payments}}
    method: split_merge
  {old}:
    state: absent
""")
        r = run("apply", path, "test=True")
        self.assertEqual(r.rc, 0, r)  # pending changes in test mode are not failures
        self.assertIn(f"Kinesis stream {orders} would be created", r.out)
        self.assertIn(f"Kinesis stream {old} would be deleted", r.out)
        self.assertTrue(r.out.endswith("2 succeeded (2 changed), 0 failed\n"), r)
        self.assertEqual(run("exists", orders).rc, 1)

        r = run("apply", path)
        self.assertEqual(r.rc, 0, r)
        self.assertIn(f"          ID: {orders}\n    Function: boto_kinesis.present\n"
                      "      Result: True\n", r.out)
        self.assertIn(f"     Comment: Kinesis stream {orders} successfully created,\n"
                      f"              Kinesis stream {orders}: retention hours was successfully "
                      "updated,\n", r.out)
        self.assertIn(f"    Function: boto_kinesis.absent\n      Result: True\n"
                      f"     Comment: Deleted stream {old}\n", r.out)
        self.assertTrue(r.out.endswith("2 succeeded (2 changed), 0 failed\n"), r)
        desc = kctl.description(self, orders)
        self.assertEqual(desc["RetentionPeriodHours"], 48)
        if monitoring:
            self.assertEqual(sorted(desc["EnhancedMonitoring"][0]["ShardLevelMetrics"]),
                             ["IncomingBytes", "OutgoingBytes"])
        for _ in range(100):
            if run("exists", old).rc == 1:
                break

        r = run("--out", "json", "apply", path)
        self.assertEqual(r.rc, 0, r)
        doc = r.json()
        self.assertEqual(doc["summary"], {"succeeded": 2, "changed": 0, "failed": 0})
        self.assertEqual([s["changes"] for s in doc["streams"]], [{}, {}])
        self.assertEqual(doc["streams"][1]["comment"], f"Kinesis stream {old} does not exist")

    def test_failure_gives_status_one(self):
        name = kctl.unique("bad")
        path = self.write(f"streams:\n  {name}:\n    retention_hours: 48\n")
        r = run("apply", path)  # no num_shards: cannot create
        self.assertEqual(r.rc, 1, r)
        self.assertIn("num_shards is required", r.out)
        self.assertTrue(r.out.endswith("0 succeeded (0 changed), 1 failed\n"), r)

    def test_bad_files_are_usage_errors(self):
        path = self.write("streams:\n  a:\n    shards: 4\n")
        r = run("apply", path)
        self.assertEqual(r.rc, 2, r)
        self.assertIn("unknown key 'shards'", r.err)
        r = run("apply", "/nonexistent/streams.yaml")
        self.assertEqual(r.rc, 2, r)
        self.assertIn("cannot read", r.err)


if __name__ == "__main__":
    unittest.main()
