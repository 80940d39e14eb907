"""Time to fail: the CLI against loopback endpoints that never answer, refuse or reset, with short
deadlines given per call (timeout=), in the config file (kinesis.timeout) and for the connection
(connect_timeout=). Each case checks the exit status, that the error names the real cause and the
endpoint, and that the command ended within its deadline plus a generous margin (a bound proving
it does not hang, not a benchmark). Loopback only; no server needed."""
import os
import re
import socket
import struct
import subprocess
import tempfile
import threading
import time
import unittest

BIN = os.environ.get("KINESISCTL_BIN", "")
# Far above any start-up or scheduling delay on a loaded machine, far below the old 2-20 minutes.
MARGIN = 15.0


def kinesisctl(*args, timeout=120):
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": tempfile.mkdtemp(),
           "AWS_EC2_METADATA_DISABLED": "true", "AWS_ACCESS_KEY_ID": "AKIDEXAMPLE",
           "AWS_SECRET_ACCESS_KEY": "secret", "AWS_DEFAULT_REGION": "us-east-1"}
    start = time.monotonic()
    r = subprocess.run([BIN, *args], capture_output=True, text=True, env=env, timeout=timeout)
    return r, time.monotonic() - start


class Endpoint:
    """A loopback listener: 'hang' accepts and never answers, 'reset' accepts, reads the request
    and resets the connection (SO_LINGER 0), 'full' never accepts and its queue is full (new
    connections are not completed)."""

    def __init__(self, mode):
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(0 if mode == "full" else 16)
        self.port = self.sock.getsockname()[1]
        self.url = "http://127.0.0.1:%d" % self.port
        self.held = []
        self.accepted = 0
        self.stop = False
        if mode == "full":
            for _ in range(4):
                c = socket.socket()
                c.setblocking(False)
                c.connect_ex(("127.0.0.1", self.port))
                self.held.append(c)
        else:
            self.thread = threading.Thread(target=self.serve, args=(mode,), daemon=True)
            self.thread.start()

    def serve(self, mode):
        self.sock.settimeout(0.2)
        while not self.stop:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                continue
            self.accepted += 1
            if mode == "hang":
                self.held.append(conn)
                continue
            conn.settimeout(2)
            try:
                conn.recv(65536)
            except OSError:
                pass
            conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            conn.close()

    def close(self):
        self.stop = True
        for c in self.held:
            c.close()
        self.sock.close()


def refused_url():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return "http://127.0.0.1:%d" % port


class TimeToFailTest(unittest.TestCase):
    def assert_failed_naming(self, r, elapsed, deadline, *words):
        self.assertEqual(r.returncode, 1, r)
        for w in words:
            self.assertIn(w, r.stderr, r)
        self.assertLess(elapsed, deadline + MARGIN, r)

    def with_endpoint(self, mode):
        e = Endpoint(mode)
        self.addCleanup(e.close)
        return e

    def test_hung_endpoint_stops_at_the_calls_timeout(self):
        e = self.with_endpoint("hang")
        r, elapsed = kinesisctl("list_streams", "endpoint=" + e.url, "timeout=2")
        self.assert_failed_naming(r, elapsed, 2, "DeadlineExceeded",
                                  "ListStreams did not succeed within its deadline (2 s",
                                  "no answer from %s within 2 s" % e.url)
        self.assertGreaterEqual(e.accepted, 1)

    def test_hung_endpoint_stops_at_the_config_files_timeout(self):
        e = self.with_endpoint("hang")
        config = os.path.join(tempfile.mkdtemp(), "config.yaml")
        with open(config, "w") as f:
            f.write("kinesis.timeout: 1.5\nkinesis.endpoint: %s\n" % e.url)
        r, elapsed = kinesisctl("--config", config, "describe_stream", "s1")
        self.assert_failed_naming(r, elapsed, 1.5, "within its deadline (1.5 s",
                                  "no answer from %s within 1.5 s" % e.url)

    def test_refused_endpoint_names_the_refusal(self):
        url = refused_url()
        r, elapsed = kinesisctl("list_streams", "endpoint=" + url, "timeout=3")
        self.assert_failed_naming(r, elapsed, 3, "connection refused to " + url)

    def test_resetting_endpoint_names_the_reset(self):
        e = self.with_endpoint("reset")
        r, elapsed = kinesisctl("exists", "s1", "endpoint=" + e.url, "timeout=3")
        self.assert_failed_naming(r, elapsed, 3, "connection reset by " + e.url)

    def test_connect_timeout_is_short_and_named(self):
        e = self.with_endpoint("full")
        r, elapsed = kinesisctl("list_streams", "endpoint=" + e.url, "connect_timeout=0.5",
                                "timeout=3")
        self.assert_failed_naming(r, elapsed, 3, "could not connect to %s within " % e.url)
        # The last attempt's connect timeout is cut to what is left of the deadline, so the
        # figure named is 0.5 s or less, never curl's default.
        m = re.search(r"could not connect to \S+ within ([0-9.]+) s", r.stderr)
        self.assertIsNotNone(m, r)
        self.assertLessEqual(float(m.group(1)), 0.5, r)

    def test_reshard_force_has_a_deadline(self):
        e = self.with_endpoint("hang")
        r, elapsed = kinesisctl("reshard", "s1", "2", "True", "endpoint=" + e.url, "timeout=2")
        self.assert_failed_naming(r, elapsed, 2, "no answer from " + e.url)

    def test_bad_timeouts_are_usage_errors(self):
        for arg in ("timeout=0", "timeout=-1", "connect_timeout=soon"):
            with self.subTest(arg=arg):
                r, _ = kinesisctl("list_streams", "endpoint=http://127.0.0.1:9", arg)
                self.assertEqual(r.returncode, 2, r)
                self.assertIn(arg.split("=")[0], r.stderr, r)


if __name__ == "__main__":
    unittest.main()
