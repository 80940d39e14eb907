"""The kinesisctl client under faults: the CLI talks to `kinesisctl serve` through FaultProxy,
which answers 500/503/throttling, resets connections, delays answers, or lets the server act and
then loses its answer. The client retries within its policy, respects its deadline, never repeats
a split or merge that already succeeded, and says clearly when it gives up. Loopback only."""
import os
import subprocess
import sys
import tempfile
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(os.path.dirname(HERE), "conformance"))
import harness  # noqa: E402
import peers  # noqa: E402
from fault_proxy import FaultProxy  # noqa: E402

BIN = os.environ.get("KINESISCTL_BIN", "")
RESHARDS = {"SplitShard", "MergeShards", "UpdateShardCount"}


def kinesisctl(endpoint, *args):
    env = peers.client_env()
    env["HOME"] = tempfile.gettempdir()
    env.pop("KINESISCTL_CONFIG", None)
    return subprocess.run([BIN, *args, "region=us-east-1", f"endpoint={endpoint}"],
                          capture_output=True, text=True, env=env, timeout=600)


@harness.skip_unless_server()
class ClientFaultTest(harness.ServerTest):
    def proxy(self, **kwargs):
        p = FaultProxy(self.endpoint, **kwargs).start()
        self.addCleanup(p.stop)
        return p

    def open_shards(self, name):
        return [s for s in self.c.list_shards(StreamName=name)["Shards"]
                if "EndingSequenceNumber" not in s["SequenceNumberRange"]]

    def test_retries_500_throttling_and_reset_then_succeeds_once(self):
        p = self.proxy(actions={"CreateStream"}, script=["500", "throttle", "reset"])
        r = kinesisctl(p.endpoint, "create_stream", "faulty-create", "1")
        self.assertEqual(r.returncode, 0, r)
        self.assertEqual([f for _, f, _ in p.actions_logged("CreateStream")],
                         ["500", "throttle", "reset", "ok"])
        self.assertEqual(self.c.list_streams()["StreamNames"].count("faulty-create"), 1)

    def test_create_whose_answer_was_lost_reports_success(self):
        for fault in ("lost_500", "lost_reset"):
            name = f"faulty-create-{fault}"
            p = self.proxy(actions={"CreateStream"}, script=[fault])
            r = kinesisctl(p.endpoint, "create_stream", name, "2")
            self.assertEqual(r.returncode, 0, r)
            self.assertNotIn("already exists", r.stdout + r.stderr, r)
            self.assertEqual([f for _, f, _ in p.actions_logged("CreateStream")], [fault, "ok"])
            self.assertEqual(self.c.list_streams()["StreamNames"].count(name), 1)
        # A stream that was there before the call stays "already exists".
        p = self.proxy()
        r = kinesisctl(p.endpoint, "create_stream", "faulty-create-lost_500", "2")
        self.assertNotEqual(r.returncode, 0, r)

    def test_503_and_delays_on_reads(self):
        self.c.create_stream(StreamName="faulty-read", ShardCount=2)
        p = self.proxy(actions={"DescribeStream", "DescribeStreamSummary", "ListShards"},
                       script=["503", "delay", "503"], delay_s=0.3)
        r = kinesisctl(p.endpoint, "describe_stream", "faulty-read")
        self.assertEqual(r.returncode, 0, r)
        self.assertIn("faulty-read", r.stdout)
        self.assertEqual([f for _, f, _ in p.log][:3], ["503", "delay", "503"])

    def test_split_whose_answer_was_lost_is_not_repeated(self):
        for fault in ("lost_500", "lost_reset"):
            name = f"faulty-split-{fault}"
            self.c.create_stream(StreamName=name, ShardCount=1)
            harness.wait_status(self.c, name)
            p = self.proxy(actions=RESHARDS,
                           script=[fault])
            r = kinesisctl(p.endpoint, "reshard", name, "2", "True")
            done = [e for e in p.log if e[0] in RESHARDS and e[2] == 200]
            self.assertEqual(len(done), 1, f"{fault}: reshard acted {len(done)} times: {p.log}")
            self.assertEqual(r.returncode, 0, f"{fault}: {r}")
            harness.wait_status(self.c, name)
            self.assertEqual(len(self.open_shards(name)), 2, f"{fault}: {r}")

    def test_merge_whose_answer_was_lost_is_not_repeated(self):
        name = "faulty-merge"
        self.c.create_stream(StreamName=name, ShardCount=2)
        harness.wait_status(self.c, name)
        p = self.proxy(actions=RESHARDS,
                       script=["lost_500"])
        r = kinesisctl(p.endpoint, "reshard", name, "1", "True")
        done = [e for e in p.log if e[0] in RESHARDS and e[2] == 200]
        self.assertEqual(len(done), 1, f"reshard acted {len(done)} times: {p.log}\n{r}")
        self.assertEqual(r.returncode, 0, r)
        harness.wait_status(self.c, name)
        self.assertEqual(len(self.open_shards(name)), 1, r)

    def test_gives_up_clearly_at_the_deadline(self):
        self.c.create_stream(StreamName="faulty-deadline", ShardCount=1)
        harness.wait_status(self.c, "faulty-deadline")
        p = self.proxy(rates={"500": 1.0})
        r = kinesisctl(p.endpoint, "reshard_to", "faulty-deadline", "2", "timeout=3")
        self.assertNotEqual(r.returncode, 0, r)
        text = (r.stdout + r.stderr).lower()
        self.assertTrue("deadline" in text or "timed out" in text or "timeout" in text, r)
        # Salt's policy is 18 attempts with backoff up to 10 s; a 3 s deadline stops far earlier.
        self.assertLess(len(p.log), 18, p.log)
        self.assertGreaterEqual(len(p.log), 1)

    def test_gives_up_clearly_when_retries_run_out_on_a_non_retryable_error(self):
        p = self.proxy(rates={"throttle": 0.0})
        r = kinesisctl(p.endpoint, "describe_stream", "no-such-stream")
        self.assertNotEqual(r.returncode, 0, r)
        self.assertIn("no-such-stream", r.stdout + r.stderr)
        self.assertEqual(len(p.log), 1, p.log)  # not found is not retried


if __name__ == "__main__":
    unittest.main()
