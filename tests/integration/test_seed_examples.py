"""Every CLI example of the seed (salt myminion boto_kinesis.X -> kinesisctl X, placeholders
filled), typed into bash both unquoted (as the seed prints them) and with every argument
quoted, against a live stream; each exits 0 and does what it says."""
import json
import os
import shlex
import tempfile
import unittest

import kctl
from kctl import PEER, run, run_shell

METRICS = '["IncomingBytes", "OutgoingBytes"]'


def setUpModule():
    kctl.start_peer()


def tearDownModule():
    kctl.stop_peer()


def examples(stream):
    """(needs_monitoring, logical arguments) in an order that runs on one live stream."""
    return [
        (False, ["boto_kinesis.create_stream", stream, "2", "region=us-east-1"]),
        (False, ["boto_kinesis.get_stream_when_active", stream, "region=us-east-1"]),
        (False, ["boto_kinesis.exists", stream, "region=us-east-1"]),
        (False, ["boto_kinesis.increase_stream_retention_period", stream, "48",
                 "region=us-east-1"]),
        (False, ["boto_kinesis.decrease_stream_retention_period", stream, "24",
                 "region=us-east-1"]),
        (True, ["boto_kinesis.enable_enhanced_monitoring", stream, METRICS, "region=us-east-1"]),
        (True, ["boto_kinesis.disable_enhanced_monitoring", stream, METRICS, "region=us-east-1"]),
        (False, ["boto_kinesis.get_info_for_reshard", stream]),
        (False, ["boto_kinesis.long_int", "113427455640312821154458202477256070485"]),
        (False, ["boto_kinesis.reshard", stream, "4", "True", "region=us-east-1"]),
        (False, ["boto_kinesis.get_stream_when_active", stream, "region=us-east-1"]),
        (False, ["boto_kinesis.delete_stream", stream, "region=us-east-1"]),
    ]


class SeedExamplesTest(unittest.TestCase):
    def run_examples(self, quoted):
        stream = kctl.unique("seed")
        for needs_monitoring, args in examples(stream):
            if needs_monitoring and PEER == "kinesalite":
                print(f"\nSKIP on kinesalite (no Enable/DisableEnhancedMonitoring): {args[0]}")
                continue
            line = " ".join(shlex.quote(a) for a in args) if quoted else " ".join(args)
            with self.subTest(line=line):
                r = run_shell(line)
                self.assertEqual(r.rc, 0, f"{line}\n{r}")
                self.check_effect(stream, args, r)

    def check_effect(self, stream, args, r):
        fn = args[0].split(".", 1)[1]
        if fn == "exists" or fn == "create_stream":
            self.assertEqual(r.out, "result: true\n")
        elif fn.endswith("retention_period"):
            d = kctl.description(self, stream)
            self.assertEqual(d["RetentionPeriodHours"], int(args[2]))
        elif fn == "enable_enhanced_monitoring":
            d = kctl.description(self, stream)
            self.assertEqual(sorted(d["EnhancedMonitoring"][0]["ShardLevelMetrics"]),
                             ["IncomingBytes", "OutgoingBytes"])
        elif fn == "disable_enhanced_monitoring":
            d = kctl.description(self, stream)
            self.assertEqual(d["EnhancedMonitoring"][0]["ShardLevelMetrics"], [])
        elif fn == "long_int":
            self.assertEqual(r.out, "result: '113427455640312821154458202477256070485'\n")
        elif fn == "get_info_for_reshard":
            self.assertIn("OpenShards", r.out)
        elif fn == "reshard":
            self.assertIn("result: true", r.out)
            self.assertEqual(len(kctl.open_ranges(self, stream)), 3)  # one split of two
        elif fn == "delete_stream":
            r2 = run("exists", stream)
            # Deletion is asynchronous: either DELETING (exists) or gone; never an error but
            # ResourceNotFound.
            if r2.rc != 0:
                self.assertIn("ResourceNotFoundException", r2.out)

    def test_unquoted(self):
        self.run_examples(quoted=False)

    def test_quoted(self):
        self.run_examples(quoted=True)

    def test_get_info_for_reshard_from_mapping_and_file(self):
        stream = kctl.unique("seedinfo")
        kctl.create_active(self, stream, 2)
        try:
            r, doc = kctl.jrun("describe_stream", stream)
            self.assertEqual(r.rc, 0, r)
            details = doc["result"]
            with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as f:
                json.dump(details, f)
                path = f.name
            try:
                by_file = run("--out", "json", "get_info_for_reshard", "@" + path)
                self.assertEqual(by_file.rc, 0, by_file)
                by_map = run("--out", "json", "get_info_for_reshard", json.dumps(details))
                self.assertEqual(by_map.rc, 0, by_map)
                by_name = run("--out", "json", "get_info_for_reshard", stream)
                for r in (by_file, by_map, by_name):
                    result = r.json()["result"]
                    self.assertEqual(result[0], "0")
                    self.assertEqual(result[1], str(kctl.MAX))
                    self.assertEqual([s["ShardId"] for s in result[2]["OpenShards"]],
                                     ["shardId-000000000000", "shardId-000000000001"])
            finally:
                os.unlink(path)
        finally:
            kctl.delete_quietly(stream)


if __name__ == "__main__":
    unittest.main(verbosity=2)
