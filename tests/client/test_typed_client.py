"""The public Client's typed calls against a real server (KINESISCTL_PEER): typed_client_probe
creates, describes, lists, tags, splits, re-tains and deletes a stream through every typed call,
so each parser meets the server's actual answers (kinesis-mock's nulls, kinesalite's missing
StreamModeDetails, ...). The probe checks the values; this test checks that it got through and
that exactly the actions the server lacks were reported unsupported."""
import os
import subprocess
import sys
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "peers"))
import peers  # noqa: E402

PEER = os.environ.get("KINESISCTL_PEER", "kinesisctl")
PROBE = os.environ.get("KINESISCTL_PROBE", "")

# Actions each server answers with UnknownOperationException.
UNSUPPORTED = {
    "kinesalite": ["DescribeLimits", "EnableEnhancedMonitoring", "UpdateShardCount"],
    "kinesis-mock": [],
    "kinesisctl": [],
}

STEPS = ["DescribeStreamSummary", "DescribeStream", "ListStreams", "tags",
         "SplitShard + ListShards", "retention", "DeleteStream"]
OPTIONAL_STEPS = {"DescribeLimits": "DescribeLimits",
                  "EnableEnhancedMonitoring": "enhanced monitoring",
                  "UpdateShardCount": "UpdateShardCount"}


class TypedClientTest(unittest.TestCase):
    def test_every_typed_call(self):
        self.assertTrue(os.access(PROBE, os.X_OK), f"KINESISCTL_PROBE is not a program: {PROBE!r}")
        ok, why = peers.available(PEER)
        self.assertTrue(ok, why)
        with peers.start(PEER, delay_ms=50) as server:
            proc = subprocess.run([PROBE, server.endpoint, "typed_probe"],
                                  env=peers.client_env(server.endpoint), capture_output=True,
                                  text=True, timeout=240)
        report = proc.stdout.splitlines()
        self.assertEqual(proc.returncode, 0, proc.stdout + proc.stderr)
        for step in STEPS:
            self.assertIn(f"ok: {step}", report)
        unsupported = sorted(line.split(": ", 1)[1] for line in report
                             if line.startswith("unsupported: "))
        self.assertEqual(unsupported, sorted(UNSUPPORTED[PEER]))
        for action, step in OPTIONAL_STEPS.items():
            if action not in UNSUPPORTED[PEER]:
                self.assertIn(f"ok: {step}", report)


if __name__ == "__main__":
    unittest.main()
