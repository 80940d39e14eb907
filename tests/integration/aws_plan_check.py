"""The opt-in AWS run (aws_run.py), checked without AWS: the dry run prints the plan and its cost
and contacts nothing; a run without the opt-in variable, without credentials, or without
confirmation stops before anything is contacted; the sweep only ever touches this run's
streams. While aws_run.main runs here, every way out of the process (socket connect, name
lookup, starting a program) is replaced by a recorder that fails the test. Standard library
only; never contacts AWS."""
import io
import os
import socket
import subprocess
import sys
import unittest
from unittest import mock

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import aws_run  # noqa: E402

# Credentials that look real enough for the checks and can reach nothing; endpoints at nothing.
FAKE_ENV = {"KINESISCTL_TEST_AWS_REGION": "eu-west-1", "AWS_ACCESS_KEY_ID": "AKIDEXAMPLE",
            "AWS_SECRET_ACCESS_KEY": "not-a-secret", "AWS_ENDPOINT_URL": "http://127.0.0.1:9",
            "AWS_EC2_METADATA_DISABLED": "true", "HOME": "/nonexistent",
            "KINESISCTL_BIN": "/bin/false"}


class NoExit(unittest.TestCase):
    def setUp(self):
        self.attempts = []

        def refuse(what):
            def recorder(*args, **kwargs):
                self.attempts.append((what, args))
                raise AssertionError("aws_run tried to " + what)
            return recorder

        for target, what in (("socket.socket.connect", "connect a socket"),
                             ("socket.socket.connect_ex", "connect a socket"),
                             ("socket.create_connection", "open a connection"),
                             ("socket.getaddrinfo", "look up a name"),
                             ("subprocess.Popen", "start a program"),
                             ("os.execve", "start a program")):
            patcher = mock.patch(target, refuse(what))
            patcher.start()
            self.addCleanup(patcher.stop)
        for sig in ("SIGINT", "SIGTERM", "SIGHUP"):
            signum = getattr(aws_run.signal, sig)
            self.addCleanup(aws_run.signal.signal, signum, aws_run.signal.getsignal(signum))

    def main(self, argv, env=None, stdin=""):
        out, err = io.StringIO(), io.StringIO()
        with mock.patch("sys.stderr", err), mock.patch("atexit.register") as registered:
            rc = aws_run.main(argv, env=dict(FAKE_ENV if env is None else env),
                              stdin=io.StringIO(stdin), out=out)
        self.assertFalse(registered.called, "no cleanup is armed before anything is created")
        return rc, out.getvalue(), err.getvalue()

    def tearDown(self):
        self.assertEqual(self.attempts, [])


class DryRunTest(NoExit):
    def test_dry_run_prints_the_plan_and_contacts_nothing(self):
        rc, out, _ = self.main(["--dry-run"])
        self.assertEqual(rc, 0)
        self.assertIn("REAL AWS", out)
        self.assertIn("region:        eu-west-1", out)
        self.assertRegex(out, r"stream prefix: kctl-it-\d{14}-[0-9a-f]{6} ")
        for suite in ("test_lifecycle", "test_bad_inputs", "test_reshard"):
            self.assertIn(suite, out)
        # 2+1 + 2 + 5+9+15+3 shards over the streams' lives, each for a whole hour at USD 0.015.
        self.assertIn("streams: 7", out)
        self.assertIn("shard-hours billed at most about 37", out)
        self.assertIn("PUT payload units: 0", out)
        self.assertIn("rough cost: USD 0.55", out)
        self.assertIn("read on 2026-12-01", out)
        self.assertIn("dry run: nothing was created and nothing was contacted", out)

    def test_one_suite_plans_only_its_streams(self):
        rc, out, _ = self.main(["--dry-run", "test_bad_inputs"])
        self.assertEqual(rc, 0)
        self.assertIn("streams: 1", out)
        self.assertNotIn("test_reshard     creates", out)
        self.assertIn("test_bad_inputs  creates", out)

    def test_without_the_opt_in_variable_nothing_happens(self):
        env = dict(FAKE_ENV)
        del env["KINESISCTL_TEST_AWS_REGION"]
        rc, out, err = self.main(["--yes"], env=env)
        self.assertEqual((rc, out), (2, ""))
        self.assertIn("KINESISCTL_TEST_AWS_REGION", err)

    def test_without_credentials_nothing_is_contacted(self):
        env = {k: v for k, v in FAKE_ENV.items() if not k.startswith("AWS_ACCESS")
               and not k.startswith("AWS_SECRET")}
        rc, _, err = self.main(["--yes"], env=env)
        self.assertEqual(rc, 2)
        self.assertIn("no AWS credentials found", err)

    def test_without_confirmation_nothing_is_contacted(self):
        bin_path = os.environ.get("KINESISCTL_BIN") or "/bin/true"
        env = dict(FAKE_ENV, KINESISCTL_BIN=bin_path)
        rc, out, err = self.main([], env=env, stdin="")  # not a terminal, no --yes
        self.assertEqual(rc, 2)
        self.assertIn("rough cost", out)
        self.assertIn("pass --yes", err)

    def test_unknown_suite_is_refused(self):
        rc, _, err = self.main(["--dry-run", "test_nothing"])
        self.assertEqual(rc, 2)
        self.assertIn("no AWS plan for test_nothing", err)


class SweepTest(unittest.TestCase):
    def test_sweep_selects_only_this_runs_streams(self):
        prefix = "kctl-it-20261201120000-abcdef"
        names = [prefix + "-life-1", prefix + "x-other", "kctl-it-20261201120000-abcdee-life",
                 "production", prefix + "-ex1-2", None]
        self.assertEqual(aws_run.names_to_sweep(prefix, names),
                         [prefix + "-ex1-2", prefix + "-life-1"])

    def test_sweep_refuses_a_prefix_that_is_not_a_runs(self):
        with self.assertRaises(ValueError):
            aws_run.sweep("/bin/false", "eu-west-1", "", {})


class SweepAgainstLoopbackTest(unittest.TestCase):
    """The cleanup path for real, against `kinesisctl serve` on loopback (AWS_ENDPOINT_URL sends
    the sweep's region= calls there): it deletes the run's streams, streams still being created
    included, and nothing else."""

    def test_sweep_deletes_the_runs_streams_and_only_them(self):
        binary = os.environ.get("KINESISCTL_BIN", "")
        if not binary:
            self.fail("KINESISCTL_BIN must name the built kinesisctl")
        sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(
            os.path.abspath(__file__))), "peers"))
        import peers  # noqa: E402
        with peers.start("kinesisctl", delay_ms=300) as server:
            env = peers.client_env(server.endpoint)
            prefix = aws_run.run_prefix()
            mine = [prefix + "-life-1", prefix + "-ex1-2"]
            for name in mine + ["production", prefix + "x-other"]:
                r = aws_run.kinesisctl(binary, env, "create_stream", name, "1",
                                       "region=eu-west-1")
                self.assertEqual(r.returncode, 0, r)
            err = io.StringIO()
            left = aws_run.sweep(binary, "eu-west-1", prefix, env, out=err, pause_s=0.2)
            self.assertEqual(left, [], err.getvalue())
            r = aws_run.kinesisctl(binary, env, "list_streams", "region=eu-west-1")
            self.assertEqual(sorted(aws_run.json.loads(r.stdout)["result"]),
                             sorted(["production", prefix + "x-other"]))
            for name in mine:
                self.assertIn("deleted " + name, err.getvalue())


if __name__ == "__main__":
    unittest.main(verbosity=2)
