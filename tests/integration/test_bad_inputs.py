"""Bad inputs through the CLI: each gives a clear error (status 1 with an `error` in the result,
or status 2 for a usage error) and leaves the stream as it was."""
import unittest

import kctl
from kctl import PEER, jrun, run


def setUpModule():
    kctl.start_peer()


def tearDownModule():
    kctl.stop_peer()


class BadInputsTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.name = kctl.unique("bad")
        r = run("create_stream", cls.name, "2")
        assert r.rc == 0, r
        r = run("get_stream_when_active", cls.name, "timeout=120")
        assert r.rc == 0, r

    @classmethod
    def tearDownClass(cls):
        kctl.delete_quietly(cls.name)

    def snapshot(self):
        d = kctl.description(self, self.name)
        return (d["StreamStatus"], d["RetentionPeriodHours"],
                [(s["ShardId"], s["HashKeyRange"]["StartingHashKey"],
                  s["HashKeyRange"]["EndingHashKey"]) for s in d["Shards"]])

    def assertServiceError(self, args, codes, message_part=None):
        r, doc = jrun(*args)
        self.assertEqual(r.rc, 1, r)
        self.assertIn(doc["error"]["Code"], codes, r)
        if message_part:
            self.assertIn(message_part, doc["error"]["Message"])
        self.assertIn(doc["error"]["Code"], r.err)  # explained on stderr too
        return doc

    def test_missing_stream(self):
        missing = kctl.unique("missing")
        for args in (["exists", missing], ["describe_stream", missing],
                     ["describe_stream_summary", missing], ["delete_stream", missing],
                     ["increase_stream_retention_period", missing, "48"],
                     ["get_stream_when_active", missing], ["reshard", missing, "2", "True"]):
            with self.subTest(args=args):
                doc = self.assertServiceError(args, ["ResourceNotFoundException"])
                if args[0] == "exists":
                    self.assertIs(doc["result"], False)
                else:
                    self.assertIsNone(doc["result"])

    def test_invalid_name(self):
        before = run("--out", "json", "list_streams").json()["result"]
        self.assertServiceError(["create_stream", "bad name!", "1"],
                                ["ValidationException", "InvalidArgumentException"], "bad name!")
        after = run("--out", "json", "list_streams").json()["result"]
        self.assertEqual(sorted(before), sorted(after))

    def test_duplicate_create_fails_at_once(self):
        before = self.snapshot()
        r = run("-l", "debug", "--out", "json", "create_stream", self.name, "3")
        self.assertEqual(r.rc, 1, r)
        self.assertEqual(r.json()["error"]["Code"], "ResourceInUseException")
        # Exactly one CreateStream request went out: not retried.
        calls = [line for line in r.err.splitlines() if "kinesis call CreateStream" in line]
        self.assertEqual(len(calls), 1, r.err)
        self.assertNotIn("attempt 2/", r.err)
        self.assertEqual(self.snapshot(), before)

    def test_retention_out_of_range(self):
        before = self.snapshot()
        self.assertServiceError(["increase_stream_retention_period", self.name, "9000"],
                                ["ValidationException", "InvalidArgumentException"])
        self.assertServiceError(["decrease_stream_retention_period", self.name, "1"],
                                ["ValidationException", "InvalidArgumentException"])
        self.assertEqual(self.snapshot(), before)

    def test_decrease_above_current(self):
        before = self.snapshot()
        self.assertEqual(before[1], 24)
        self.assertServiceError(["decrease_stream_retention_period", self.name, "48"],
                                ["InvalidArgumentException"])
        self.assertServiceError(["increase_stream_retention_period", self.name, "23"],
                                ["InvalidArgumentException", "ValidationException"])
        self.assertEqual(self.snapshot(), before)

    def test_reshard_to_zero(self):
        before = self.snapshot()
        for size in ("0", "-1"):
            r, doc = jrun("reshard", self.name, size, "True")
            self.assertEqual(r.rc, 1, r)
            self.assertEqual(doc, {"error": f"desired_size must be at least 1, got {size}"})
            self.assertIn("desired_size must be at least 1", r.err)
        self.assertEqual(self.snapshot(), before)

    def test_non_numeric_shard_count(self):
        other = kctl.unique("nonnum")
        r = run("create_stream", other, "four")
        self.assertEqual(r.rc, 2, r)
        self.assertEqual(r.out, "")
        self.assertIn("num_shards must be an integer, got 'four'", r.err)
        r = run("exists", other)
        self.assertEqual(r.rc, 1, r)
        before = self.snapshot()
        r = run("reshard", self.name, "two", "True")
        self.assertEqual(r.rc, 2, r)
        self.assertIn("desired_size must be an integer", r.err)
        self.assertEqual(self.snapshot(), before)

    def test_unknown_metric(self):
        kctl.skip_on(self, "kinesalite", "no EnableEnhancedMonitoring there")
        before = self.snapshot()
        r, doc = jrun("enable_enhanced_monitoring", self.name, "[NoSuchMetric]")
        self.assertEqual(r.rc, 1, r)
        self.assertIn("error", doc)
        self.assertEqual(self.snapshot(), before)

    def test_usage_errors(self):
        for args, fragment in ((["no_such_function"], "unknown function"),
                               (["exists"], "missing required argument stream_name"),
                               (["exists", self.name, "colour=red"], "unknown argument 'colour='"),
                               (["enable_enhanced_monitoring", self.name, "[IncomingBytes,"],
                                "unbalanced brackets")):
            with self.subTest(args=args):
                r = run(*args)
                self.assertEqual(r.rc, 2, r)
                self.assertIn(fragment, r.err)


if __name__ == "__main__":
    unittest.main(verbosity=2)
