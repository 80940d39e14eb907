"""Hostile arguments and hostile endpoints against the kinesisctl CLI: every one ends in a clear
error and an ordinary exit status, never an abort (exit 134) or an unbounded allocation.
Loopback only; no server needed."""
import http.server
import os
import socket
import subprocess
import tempfile
import threading
import unittest

BIN = os.environ.get("KINESISCTL_BIN", "")


def kinesisctl(*args, timeout=60):
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": tempfile.gettempdir(),
           "AWS_EC2_METADATA_DISABLED": "true", "AWS_ACCESS_KEY_ID": "AKIDEXAMPLE",
           "AWS_SECRET_ACCESS_KEY": "secret", "AWS_DEFAULT_REGION": "us-east-1"}
    return subprocess.run([BIN, *args], capture_output=True, text=True, env=env, timeout=timeout)


class ArgumentTest(unittest.TestCase):
    def assert_clear_error(self, r, *words):
        self.assertNotIn(r.returncode, (0, 134, -6), r)
        self.assertGreater(r.returncode, 0, r)
        for w in words:
            self.assertIn(w, r.stdout + r.stderr, r)
        self.assertNotIn("type_error", r.stdout + r.stderr, r)

    def test_get_info_for_reshard_with_wrong_types(self):
        for details in ("{Shards: [5]}", "{StreamDescription: {Shards: [x, null]}}",
                        "{Shards: [{ShardId: 7, HashKeyRange: 3}]}"):
            with self.subTest(details=details):
                r = kinesisctl("get_info_for_reshard", details)
                self.assert_clear_error(r, "InvalidInput")

    def test_arguments_that_are_not_utf8_are_usage_errors(self):
        # "\udcff" reaches the command line as the byte 0xff (surrogateescape). Before, such
        # values were bound and a later dump() threw out of the function.
        path = os.path.join(tempfile.mkdtemp(), "streams.yaml")
        with open(path, "wb") as f:
            f.write(b"streams:\n  s\xff1: {}\n")
        cases = [
            (("put_records", "s", "[a,", "b,", "\udcff]"),
             "put_records: argument 'records': item 2 is not valid UTF-8 text"),
            (("list_streams", "profile={keyid:", "A\udcff}"),
             "list_streams: argument 'profile': 'keyid' is not valid UTF-8 text"),
            (("get_records", "s", "shardId-0", "poll_interval=1e300"),
             "poll_interval must be a number of seconds of at most 1000000000"),
            (("apply", path), "stream names: not valid UTF-8 text (line 2)"),
        ]
        for args, message in cases:
            with self.subTest(args=args):
                r = subprocess.run([BIN, *args, "region=us-east-1", "endpoint=http://127.0.0.1:9"],
                                   capture_output=True, text=True, errors="replace", timeout=30,
                                   env={"PATH": "/usr/bin:/bin", "AWS_EC2_METADATA_DISABLED": "true",
                                        "HOME": tempfile.gettempdir()})
                self.assert_clear_error(r, message)

    def test_alias_bomb_argument_is_refused(self):
        bomb = "{a0: &a0 [x, x, x, x, x, x, x, x, x, x]"
        for i in range(1, 10):
            bomb += ", a%d: &a%d [%s]" % (i, i, ", ".join(["*a%d" % (i - 1)] * 10))
        bomb += "}"
        r = kinesisctl("get_info_for_reshard", bomb, timeout=30)
        self.assert_clear_error(r, "expands to more than 100000 YAML nodes")

    def test_apply_and_config_files_that_are_not_regular_files_fail_fast(self):
        r = kinesisctl("apply", "/dev/zero", "region=us-east-1", "endpoint=http://127.0.0.1:9",
                       timeout=30)
        self.assert_clear_error(r, "/dev/zero", "not a regular file")
        link = os.path.join(tempfile.mkdtemp(), "config.yaml")
        os.symlink("/dev/zero", link)
        r = kinesisctl("--config", link, "describe_stream", "s", "region=us-east-1",
                       "endpoint=http://127.0.0.1:9", timeout=30)
        self.assert_clear_error(r, link, "not a regular file")

    def test_apply_file_with_bad_retention_creates_nothing(self):
        path = os.path.join(tempfile.mkdtemp(), "streams.yaml")
        with open(path, "w") as f:
            f.write("streams:\n  s1:\n    num_shards: 1\n    retention_hours: -1\n")
        # Port 9 (discard) refuses: any call would fail differently; none is made.
        r = kinesisctl("apply", path, "region=us-east-1", "endpoint=http://127.0.0.1:9",
                       timeout=30)
        self.assert_clear_error(r, "retention_hours must be between 24 and 8760")
        self.assertNotIn("refused", (r.stdout + r.stderr).lower(), r)

    def test_reshard_to_beyond_the_limit_is_refused_before_any_call(self):
        r = kinesisctl("reshard_to", "s", "100000000", "region=us-east-1",
                       "endpoint=http://127.0.0.1:9", timeout=30)
        self.assert_clear_error(r, "above the 10000 shards")
        self.assertNotIn("refused", (r.stdout + r.stderr).lower(), r)


class FloodingEndpoint:
    """A loopback HTTP endpoint that answers every request with 200 and a body of zeros: with a
    Content-Length of `announce` bytes (or none, then it streams until the connection closes),
    sending at most `limit` bytes."""

    def __init__(self, announce=None, limit=80 << 20):
        self.announce, self.limit, self.requests = announce, limit, 0
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(8)
        self.url = "http://127.0.0.1:%d" % self.sock.getsockname()[1]
        threading.Thread(target=self.serve, daemon=True).start()

    def serve(self):
        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            threading.Thread(target=self.answer, args=(conn,), daemon=True).start()

    def answer(self, conn):
        with conn:
            try:
                data = b""
                while b"\r\n\r\n" not in data:
                    chunk = conn.recv(65536)
                    if not chunk:
                        return
                    data += chunk
                self.requests += 1
                head = "HTTP/1.1 200 OK\r\nContent-Type: application/x-amz-json-1.1\r\n"
                if self.announce is not None:
                    head += "Content-Length: %d\r\n" % self.announce
                else:
                    head += "Connection: close\r\n"
                conn.sendall((head + "\r\n").encode())
                block, sent = b"0" * (1 << 20), 0
                while sent < self.limit:
                    conn.sendall(block)
                    sent += len(block)
            except OSError:
                return

    def close(self):
        self.sock.close()


class FloodTest(unittest.TestCase):
    def test_huge_bodies_are_refused_naming_the_endpoint(self):
        for announce in (100000000000, None):
            with self.subTest(announce=announce):
                ep = FloodingEndpoint(announce)
                self.addCleanup(ep.close)
                r = kinesisctl("describe_stream", "s", "region=us-east-1", f"endpoint={ep.url}")
                self.assertNotIn(r.returncode, (0, 134, -6), r)
                self.assertIn("ResponseTooLarge", r.stdout + r.stderr, r)
                self.assertIn(ep.url, r.stdout + r.stderr, r)
                self.assertEqual(ep.requests, 1, "a body too large is not asked for again")


if __name__ == "__main__":
    unittest.main()
