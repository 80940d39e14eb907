"""A stream's whole life through the CLI: create, wait, exists, retention up and down,
enhanced monitoring on and off, list with more streams than one ListStreams page, delete,
exists false."""
import unittest

import kctl
from kctl import PEER, jrun, run

# ListStreams' default page: kinesalite 10, kinesis-mock 100 (their documented defaults).
PAGE = {"kinesalite": 10, "kinesis-mock": 100, "kinesisctl": 100, "aws": 100}


def setUpModule():
    kctl.start_peer()


def tearDownModule():
    kctl.stop_peer()


class LifecycleTest(unittest.TestCase):
    def test_lifecycle(self):
        name = kctl.unique("life")
        r = run("create_stream", name, "2")
        self.assertEqual((r.rc, r.out), (0, "result: true\n"), r)
        r, doc = jrun("get_stream_when_active", name, "timeout=120")
        self.assertEqual(r.rc, 0, r)
        d = doc["result"]["StreamDescription"]
        self.assertEqual(d["StreamStatus"], "ACTIVE")
        self.assertFalse(d["HasMoreShards"])
        self.assertEqual(len(d["Shards"]), 2)
        self.assertEqual(d["RetentionPeriodHours"], 24)

        r = run("exists", name)
        self.assertEqual((r.rc, r.out), (0, "result: true\n"), r)

        self.assertEqual(run("increase_stream_retention_period", name, "72").rc, 0)
        self.assertEqual(kctl.description(self, name)["RetentionPeriodHours"], 72)
        self.assertEqual(run("decrease_stream_retention_period", name, "48").rc, 0)
        self.assertEqual(kctl.description(self, name)["RetentionPeriodHours"], 48)

        if PEER == "kinesalite":
            print("\nSKIP on kinesalite: no EnableEnhancedMonitoring/DisableEnhancedMonitoring")
        else:
            r = run("enable_enhanced_monitoring", name, "[IncomingBytes, IteratorAgeMilliseconds]")
            self.assertEqual(r.rc, 0, r)
            d = kctl.description(self, name)
            self.assertEqual(sorted(d["EnhancedMonitoring"][0]["ShardLevelMetrics"]),
                             ["IncomingBytes", "IteratorAgeMilliseconds"])
            r = run("disable_enhanced_monitoring", name, "[IncomingBytes]")
            self.assertEqual(r.rc, 0, r)
            d = kctl.description(self, name)
            self.assertEqual(d["EnhancedMonitoring"][0]["ShardLevelMetrics"],
                             ["IteratorAgeMilliseconds"])

        r, doc = jrun("describe_stream_summary", name)
        self.assertEqual(r.rc, 0, r)
        self.assertEqual(doc["result"]["StreamDescriptionSummary"]["OpenShardCount"], 2)
        r, doc = jrun("list_shards", name)
        self.assertEqual(r.rc, 0, r)
        self.assertEqual(len(doc["result"]["Shards"]), 2)

        r = run("delete_stream", name)
        self.assertEqual((r.rc, r.out), (0, "result: true\n"), r)
        # Deletion is asynchronous; wait for it to end with ResourceNotFound.
        r, doc = jrun("get_stream_when_active", name, "timeout=120")
        self.assertEqual(r.rc, 1, r)
        self.assertEqual(doc["error"]["Code"], "ResourceNotFoundException")
        r, doc = jrun("exists", name)
        self.assertEqual(r.rc, 1, r)
        self.assertIs(doc["result"], False)
        self.assertEqual(doc["error"]["Code"], "ResourceNotFoundException")

    def test_retention_up_to_a_year(self):
        kctl.skip_on(self, "kinesalite", "retention is capped at 168 hours there (pre-2020 limit)")
        name = kctl.unique("year")
        kctl.create_active(self, name, 1)
        try:
            self.assertEqual(run("increase_stream_retention_period", name, "8760").rc, 0)
            self.assertEqual(kctl.description(self, name)["RetentionPeriodHours"], 8760)
        finally:
            kctl.delete_quietly(name)

    def test_list_streams_beyond_one_page(self):
        kctl.skip_on(self, "aws", "103 streams would cost and hit the account's stream quota")
        count = PAGE[PEER] + 3
        prefix = kctl.unique("list")
        names = [f"{prefix}-{i:03d}" for i in range(count)]
        for n in names:
            r = run("create_stream", n, "1")
            self.assertEqual(r.rc, 0, r)
        try:
            r, doc = jrun("list_streams")
            self.assertEqual(r.rc, 0, r)
            listed = doc["result"]
            self.assertEqual(sorted(x for x in listed if x.startswith(prefix)), names)
            self.assertEqual(len(listed), len(set(listed)), "a name listed twice")
        finally:
            for n in names:
                kctl.delete_quietly(n)


if __name__ == "__main__":
    unittest.main(verbosity=2)
