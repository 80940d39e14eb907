"""Connections: a request whose header or body trickles in, and a connection left idle, are
closed after the timeouts given by flags; no more than --max-connections are served at once; and
when the server has no file descriptor left it waits instead of spinning in its accept loop, then
serves again once connections close. Timeouts here are short flags (300 ms); the checks wait up
to several seconds for a close, so they test that it happens, not how fast."""
import os
import socket
import subprocess
import time
import unittest

import boto3
import botocore.config
import common
import harness
import peers

SHORT = ("--header-timeout-ms", "300", "--body-timeout-ms", "300", "--idle-timeout-ms", "300")
LIMIT_S = 8.0  # far above the 300 ms timeouts: only a connection never closed fails


def closed_by_server(sock, trickle=None):
    """True once the server closes `sock` (EOF or reset) within LIMIT_S, sending a byte of
    `trickle` every 100 ms meanwhile; False if it is still open at the end."""
    deadline = time.monotonic() + LIMIT_S
    sock.settimeout(0.1)
    sent = 0
    while time.monotonic() < deadline:
        try:
            if sock.recv(4096) == b"":
                return True
        except socket.timeout:
            pass
        except OSError:
            return True
        if trickle is not None:
            try:
                sock.send(trickle[sent % len(trickle):sent % len(trickle) + 1])
                sent += 1
            except OSError:
                return True
    return False


def request_bytes(body=b"{}"):
    return (b"POST / HTTP/1.1\r\nHost: 127.0.0.1\r\n"
            b"Content-Type: application/x-amz-json-1.1\r\n"
            b"X-Amz-Target: Kinesis_20131202.ListStreams\r\n"
            b"X-Amz-Date: 20260101T000000Z\r\n"
            b"Authorization: AWS4-HMAC-SHA256 Credential=AKID/20260101/us-east-1/kinesis/"
            b"aws4_request, SignedHeaders=host;x-amz-date, Signature=0\r\n"
            b"Content-Length: " + str(len(body)).encode() + b"\r\n\r\n" + body)


def answered(port):
    """True when a fresh connection gets an HTTP answer to a ListStreams."""
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=5) as s:
            s.sendall(request_bytes())
            return s.recv(4096).startswith(b"HTTP/1.1 200")
    except OSError:
        return False


def cpu_ticks(pid):
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return int(fields[11]) + int(fields[12])  # utime + stime


@harness.skip_unless_server()
class TimeoutsTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls._ctx = peers.start("kinesisctl", delay_ms=0, extra_args=SHORT)
        cls.server = cls._ctx.__enter__()

    @classmethod
    def tearDownClass(cls):
        cls._ctx.__exit__(None, None, None)

    def connect(self):
        s = socket.create_connection(("127.0.0.1", self.server.port), timeout=5)
        self.addCleanup(s.close)
        return s

    def test_idle_connection_is_closed(self):
        self.assertTrue(closed_by_server(self.connect()))

    def test_idle_keep_alive_connection_is_closed_after_an_answer(self):
        s = self.connect()
        s.sendall(request_bytes())
        self.assertTrue(s.recv(4096).startswith(b"HTTP/1.1 200"))
        self.assertTrue(closed_by_server(s))

    def test_header_sent_a_byte_at_a_time_is_cut_off(self):
        s = self.connect()
        s.sendall(b"POST / HTTP/1.1\r\nHost: 127.0.0.1\r\n")
        self.assertTrue(closed_by_server(s, trickle=b"X-Slow: abcdefghij\r\n"))

    def test_body_sent_a_byte_at_a_time_is_cut_off(self):
        s = self.connect()
        s.sendall(request_bytes(b"{" + b" " * 1000 + b"}")[:-1000])
        self.assertTrue(closed_by_server(s, trickle=b" "))

    def test_ordinary_requests_still_work(self):
        # Retries on: a pooled connection the server closes as idle just as the client reuses it
        # is an ordinary reconnect for an SDK, not what this test is about.
        c = boto3.client("kinesis", endpoint_url=self.server.endpoint,
                         aws_access_key_id="AKIDTESTKEY", aws_secret_access_key="test-secret",
                         config=botocore.config.Config(
                             region_name="us-east-1",
                             retries={"max_attempts": 3, "mode": "standard"}))
        c.create_stream(StreamName="t", ShardCount=1)
        c.put_record(StreamName="t", PartitionKey="k", Data=b"x")
        self.assertEqual(c.list_streams()["StreamNames"], ["t"])


@harness.skip_unless_server()
class MaxConnectionsTest(unittest.TestCase):
    def test_connections_past_the_limit_are_closed(self):
        with peers.start("kinesisctl", delay_ms=0, extra_args=("--max-connections", "3")) as srv:
            held = []
            deadline = time.monotonic() + LIMIT_S
            while len(held) < 3:
                # peers.start's readiness probe may hold a slot until the server sees it close.
                self.assertLess(time.monotonic(), deadline, "could not hold 3 connections")
                s = socket.create_connection(("127.0.0.1", srv.port), timeout=5)
                try:
                    s.sendall(request_bytes())
                    ok = s.recv(4096).startswith(b"HTTP/1.1 200")
                except OSError:
                    ok = False
                if ok:
                    held.append(s)
                else:
                    s.close()
                    time.sleep(0.05)
            extra = socket.create_connection(("127.0.0.1", srv.port), timeout=5)
            self.assertTrue(closed_by_server(extra))
            extra.close()
            held.pop().close()
            # A slot frees once the server sees that close.
            deadline = time.monotonic() + LIMIT_S
            ok = answered(srv.port)
            while not ok and time.monotonic() < deadline:
                time.sleep(0.05)
                ok = answered(srv.port)
            self.assertTrue(ok)
            for s in held:
                s.close()


@harness.skip_unless_server()
class FileDescriptorLimitTest(unittest.TestCase):
    def test_accept_loop_backs_off_at_the_fd_limit_and_recovers(self):
        port = peers.free_port()
        proc = subprocess.Popen(
            ["prlimit", "--nofile=48:48", "--", *common.serve_cmd(port)],
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=peers.client_env())
        self.addCleanup(proc.wait)
        self.addCleanup(proc.terminate)
        deadline = time.monotonic() + 20
        while not answered(port):
            self.assertLess(time.monotonic(), deadline, "server did not start")
            time.sleep(0.05)
        clients = []
        self.addCleanup(lambda: [c.close() for c in clients])
        for _ in range(80):  # more than the server can hold: the rest wait in the backlog
            clients.append(socket.create_connection(("127.0.0.1", port), timeout=5))
        # Wait until the server holds every descriptor it may have.
        fd_dir = f"/proc/{proc.pid}/fd"
        deadline = time.monotonic() + 10
        while len(os.listdir(fd_dir)) < 47 and time.monotonic() < deadline:
            time.sleep(0.05)
        self.assertGreaterEqual(len(os.listdir(fd_dir)), 47, "the server never reached its limit")
        # At the limit, over one second: under a tenth of a core. Waiting between accepts costs
        # about nothing; the spinning loop took 94 % of a core on an idle machine and still 24-36 %
        # on a machine loaded 9-fold, so the bound tells a spin from a wait, not a speed.
        before = cpu_ticks(proc.pid)
        time.sleep(1.0)
        used = cpu_ticks(proc.pid) - before
        self.assertLess(used, os.sysconf("SC_CLK_TCK") // 10, f"{used} ticks in 1 s at the limit")
        self.assertIsNone(proc.poll())
        for c in clients:
            c.close()
        clients.clear()
        deadline = time.monotonic() + LIMIT_S
        ok = answered(port)
        while not ok and time.monotonic() < deadline:
            time.sleep(0.05)
            ok = answered(port)
        self.assertTrue(ok)


if __name__ == "__main__":
    unittest.main()
