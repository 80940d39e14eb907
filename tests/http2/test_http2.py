"""HTTP/2 on `kinesisctl serve`: curl (prior knowledge, Upgrade: h2c, TLS with ALPN), nghttp
(multiplexing and the SETTINGS limits), the JS SDK v3 with its default HTTP/2 handler (plain and
TLS), Expect: 100-continue over HTTP/1.1, and bad input sent over raw sockets: a broken preface,
frame or HPACK block ends that connection with GOAWAY, a broken stream gets RST_STREAM, and every
other connection and stream keeps being served."""
import json
import os
import shutil
import socket
import struct
import subprocess
import tempfile
import unittest
from urllib.parse import urlparse

import h2wire
from h2wire import Conn, frame, headers_frames, kinesis_headers

HERE = os.path.dirname(os.path.abspath(__file__))
PEERS = os.environ.get("KINESISCTL_PEERS_DIR", os.path.join(HERE, "..", "..", ".peers"))
ENV = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
ENV["AWS_EC2_METADATA_DISABLED"] = "true"


def curl(args, body=b"{}", action="ListStreams"):
    """Runs curl with a Kinesis request; returns (http_version, status, body, stderr)."""
    cmd = ["curl", "-sS", "-v", "--max-time", "20", "-o", "-", "-w", "\n%{http_version} %{http_code}",
           "-H", "Content-Type: application/x-amz-json-1.1",
           "-H", "X-Amz-Target: Kinesis_20131202." + action,
           "-H", "X-Amz-Date: 20260101T000000Z", "-H", "Authorization: " + h2wire.AUTH,
           "--data-binary", "@-", *args]
    r = subprocess.run(cmd, input=body, capture_output=True, env=ENV, timeout=30)
    out, _, tail = r.stdout.rpartition(b"\n")
    version, status = tail.decode().split()
    return version, int(status), out, r.stderr.decode(errors="replace")


class Http2Test(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.mkdtemp(prefix="kinesisctl-h2-")
        cls.cert, cls.key = h2wire.make_cert(cls.tmp)
        cls._plain = h2wire.serve()
        cls.endpoint, _ = cls._plain.__enter__()
        cls.port = urlparse(cls.endpoint).port
        cls._tls = h2wire.serve("--tls-cert", cls.cert, "--tls-key", cls.key)
        cls.tls_endpoint, _ = cls._tls.__enter__()

    @classmethod
    def tearDownClass(cls):
        cls._tls.__exit__(None, None, None)
        cls._plain.__exit__(None, None, None)
        shutil.rmtree(cls.tmp, ignore_errors=True)

    def assertServing(self):
        """A fresh HTTP/2 connection still gets an answer."""
        version, status, body, _ = curl(["--http2-prior-knowledge", self.endpoint + "/"])
        self.assertEqual((version, status), ("2", 200))
        self.assertIn("StreamNames", json.loads(body))

    # --- clients -------------------------------------------------------------------------------

    def test_curl_prior_knowledge(self):
        self.assertServing()

    def test_curl_upgrade_h2c(self):
        version, status, body, err = curl(["--http2", self.endpoint + "/"])
        self.assertIn("101 Switching Protocols", err)
        self.assertEqual((version, status), ("2", 200))
        self.assertIn("StreamNames", json.loads(body))

    def test_http11_still_served(self):
        version, status, _, _ = curl(["--http1.1", self.endpoint + "/"])
        self.assertEqual((version, status), ("1.1", 200))

    def test_curl_tls_alpn(self):
        for flag, want in (("--http2", "2"), ("--http1.1", "1.1")):
            version, status, body, err = curl([flag, "--cacert", self.cert,
                                               self.tls_endpoint + "/"])
            self.assertEqual((version, status), (want, 200), err)
            self.assertIn("StreamNames", json.loads(body))

    def test_unknown_operation_names_it(self):
        _, status, body, _ = curl(["--http2-prior-knowledge", self.endpoint + "/"],
                                  action="ListStreamz")
        self.assertEqual(status, 400)
        self.assertEqual(json.loads(body), {"__type": "UnknownOperationException",
                                            "message": "Unknown operation 'ListStreamz'."})

    def test_nghttp_multiplexes_and_announces_limits(self):
        body = os.path.join(self.tmp, "body.json")
        with open(body, "w") as f:
            f.write("{}")
        hdrs = []
        for name, value in kinesis_headers()[4:]:
            hdrs += ["-H", f"{name}: {value}"]
        r = subprocess.run(["nghttp", "-nv", "-m", "20", "-d", body, *hdrs, self.endpoint + "/"],
                           capture_output=True, text=True, timeout=30)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn("[SETTINGS_MAX_CONCURRENT_STREAMS(0x03):100]", r.stdout)
        self.assertIn("[SETTINGS_MAX_HEADER_LIST_SIZE(0x06):65536]", r.stdout)
        self.assertEqual(r.stdout.count(":status: 200"), 20)
        self.assertEqual(r.stdout.count("send SETTINGS frame <length=12"), 1)  # one connection

    def test_js_sdk_v3_default_handler_plain_and_tls(self):
        script = os.path.join(HERE, "sdk_v3.js")
        if not os.path.exists(os.path.join(PEERS, "node_modules/@aws-sdk/client-kinesis")):
            self.fail("@aws-sdk/client-kinesis is not in .peers/: run scripts/setup")
        for endpoint, extra in ((self.endpoint, {}),
                                (self.tls_endpoint, {"NODE_EXTRA_CA_CERTS": self.cert})):
            r = subprocess.run(["node", script, endpoint, PEERS], capture_output=True, text=True,
                               env={**ENV, **extra}, timeout=120)
            self.assertEqual(r.returncode, 0, endpoint + "\n" + r.stderr)
            seen = json.loads(r.stdout.strip().splitlines()[-1])
            self.assertEqual(seen, {"handler": "NodeHttp2Handler", "failed": 0, "records": 20,
                                    "shards": 3, "deleted": True,
                                    "error": "ResourceNotFoundException"}, endpoint)

    # --- limits --------------------------------------------------------------------------------

    def test_stream_body_over_limit_is_413_for_that_stream_only(self):
        c = Conn(self.port)
        # Stream 1 announces 17 MB (over the 16 MiB limit); stream 3 is an ordinary request.
        c.send(headers_frames(1, kinesis_headers(extra=[("content-length", "17000000")]), False))
        c.send(headers_frames(3, kinesis_headers(), False) + frame(h2wire.DATA, h2wire.END_STREAM,
                                                                   3, b"{}"))
        self.assertIn(b"RequestEntityTooLargeException", c.body(1))
        self.assertIn(b"StreamNames", c.body(3))
        # Stream 5 sends more DATA than the limit without announcing it.
        c.send(headers_frames(5, kinesis_headers(), False))
        chunk = b"x" * 16384
        sent = 0
        try:
            while sent <= 16 * 1024 * 1024 + 16384:
                c.send(frame(h2wire.DATA, 0, 5, chunk))
                sent += len(chunk)
        except OSError:
            pass  # the stream (not the connection) may be reset while we still send
        self.assertIn(b"RequestEntityTooLargeException", c.body(5) or b"")
        c.send(headers_frames(7, kinesis_headers(), False) + frame(h2wire.DATA, h2wire.END_STREAM,
                                                                   7, b"{}"))
        self.assertIn(b"StreamNames", c.body(7))
        c.close()

    def test_header_list_over_limit_is_431(self):
        c = Conn(self.port)
        big = [(f"x-big-{i}", "v" * 4000) for i in range(20)]  # 80 KB > 64 KiB
        c.send(headers_frames(1, kinesis_headers(extra=big), True))
        self.assertIn(b"RequestHeaderFieldsTooLarge", c.body(1))
        c.send(headers_frames(3, kinesis_headers(), False) + frame(h2wire.DATA, h2wire.END_STREAM,
                                                                   3, b"{}"))
        self.assertIn(b"StreamNames", c.body(3))
        c.close()

    def test_streams_over_max_concurrent_are_refused(self):
        # The client sends 101 streams before it acknowledged the server's SETTINGS (Conn acks
        # them only when it reads them): the 101st is refused, the others carry on.
        c = Conn(self.port)
        for i in range(101):
            c.send(headers_frames(1 + 2 * i, kinesis_headers(), False))
        rst = c.until(lambda f: f[0] in (h2wire.RST_STREAM, h2wire.GOAWAY))
        self.assertEqual((rst[0], rst[2]), (h2wire.RST_STREAM, 201))
        self.assertEqual(struct.unpack(">I", rst[3])[0], h2wire.REFUSED_STREAM)
        c.send(frame(h2wire.DATA, h2wire.END_STREAM, 1, b"{}"))  # the open ones still work
        self.assertIn(b"StreamNames", c.body(1))
        # Once the limit is acknowledged, going over it is a connection error.
        for sid in (203, 205):  # 99 open + 2
            c.send(headers_frames(sid, kinesis_headers(), False))
        self.assertEqual(c.goaway(), h2wire.PROTOCOL_ERROR)
        c.close()
        self.assertServing()

    # --- bad input -----------------------------------------------------------------------------

    def test_broken_preface_gets_goaway(self):
        c = Conn(self.port, preface=b"PRI * HTTP/2.0\r\n\r\nXX\r\n\r\n")
        self.assertEqual(c.goaway(), h2wire.PROTOCOL_ERROR)
        c.close()
        self.assertServing()

    def test_broken_frame_gets_goaway(self):
        bad = {
            "SETTINGS of 5 bytes": (frame(h2wire.SETTINGS, 0, 0, b"\x00" * 5),
                                    h2wire.FRAME_SIZE_ERROR),
            "DATA on stream 0": (frame(h2wire.DATA, 0, 0, b"x"), h2wire.PROTOCOL_ERROR),
            "WINDOW_UPDATE of 0": (frame(h2wire.WINDOW_UPDATE, 0, 0, b"\x00" * 4),
                                   h2wire.PROTOCOL_ERROR),
        }
        for what, (data, code) in bad.items():
            with self.subTest(what):
                other = Conn(self.port)  # a second connection, open throughout
                c = Conn(self.port)
                c.send(data)
                self.assertEqual(c.goaway(), code)
                c.close()
                other.send(headers_frames(1, kinesis_headers(), False) +
                           frame(h2wire.DATA, h2wire.END_STREAM, 1, b"{}"))
                self.assertIn(b"StreamNames", other.body(1))
                other.close()

    def test_broken_hpack_gets_goaway(self):
        c = Conn(self.port)
        # An indexed header field with index 127+ (past both tables), then garbage.
        c.send(frame(h2wire.HEADERS, h2wire.END_HEADERS | h2wire.END_STREAM, 1,
                     b"\xff\xff\xff\xff\x0f\x80\x80"))
        self.assertEqual(c.goaway(), h2wire.COMPRESSION_ERROR)
        c.close()
        self.assertServing()

    def test_broken_stream_gets_rst_stream_and_others_carry_on(self):
        c = Conn(self.port)
        c.send(headers_frames(1, kinesis_headers(), False))
        # Stream 3: an upper-case header name (malformed in HTTP/2).
        c.send(headers_frames(3, kinesis_headers(extra=[("X-Upper", "1")]), True))
        rst = c.until(lambda f: f[0] == h2wire.RST_STREAM)
        self.assertEqual(rst[2], 3)
        self.assertEqual(struct.unpack(">I", rst[3])[0], h2wire.PROTOCOL_ERROR)
        c.send(frame(h2wire.DATA, h2wire.END_STREAM, 1, b"{}"))
        self.assertIn(b"StreamNames", c.body(1))
        c.send(headers_frames(5, kinesis_headers(), False) +
               frame(h2wire.DATA, h2wire.END_STREAM, 5, b"{}"))
        self.assertIn(b"StreamNames", c.body(5))
        c.close()

    def test_bad_input_loses_nothing_stored(self):
        def call(action, body):
            _, status, out, err = curl(["--http2-prior-knowledge", self.endpoint + "/"],
                                       body=json.dumps(body).encode(), action=action)
            self.assertEqual(status, 200, (action, out, err))
            return json.loads(out) if out else {}  # no output members: an empty body

        call("CreateStream", {"StreamName": "kept", "ShardCount": 1})
        for _ in range(500):
            status = call("DescribeStreamSummary", {"StreamName": "kept"})
            if status["StreamDescriptionSummary"]["StreamStatus"] == "ACTIVE":
                break
        put = call("PutRecord", {"StreamName": "kept", "PartitionKey": "k", "Data": "a2VwdA=="})
        # A connection dies mid-request (a PutRecord whose body never ends) on a broken frame.
        c = Conn(self.port)
        c.send(headers_frames(1, kinesis_headers("PutRecord"), False) +
               frame(h2wire.DATA, 0, 1, b'{"StreamName":"kept",') +
               frame(h2wire.DATA, 0, 0, b"x"))
        self.assertEqual(c.goaway(), h2wire.PROTOCOL_ERROR)
        c.close()
        it = call("GetShardIterator", {"StreamName": "kept", "ShardId": put["ShardId"],
                                       "ShardIteratorType": "TRIM_HORIZON"})
        records = call("GetRecords", {"ShardIterator": it["ShardIterator"]})["Records"]
        self.assertEqual([(r["SequenceNumber"], r["Data"]) for r in records],
                         [(put["SequenceNumber"], "a2VwdA==")])

    # --- HTTP/1.1 Expect: 100-continue ---------------------------------------------------------

    def http11_head(self, length, expect=True):
        lines = ["POST / HTTP/1.1", "Host: 127.0.0.1",
                 "Content-Type: application/x-amz-json-1.1",
                 "X-Amz-Target: Kinesis_20131202.ListStreams", "X-Amz-Date: 20260101T000000Z",
                 "Authorization: " + h2wire.AUTH, f"Content-Length: {length}"]
        if expect:
            lines.append("Expect: 100-continue")
        return ("\r\n".join(lines) + "\r\n\r\n").encode()

    def test_expect_100_continue(self):
        with socket.create_connection(("127.0.0.1", self.port), timeout=10) as s:
            s.sendall(self.http11_head(2))
            self.assertEqual(s.recv(4096), b"HTTP/1.1 100 Continue\r\n\r\n")
            s.sendall(b"{}")
            answer = b""
            while b"StreamNames" not in answer:
                chunk = s.recv(4096)
                self.assertTrue(chunk, answer)
                answer += chunk
            self.assertTrue(answer.startswith(b"HTTP/1.1 200 OK"), answer)

    def test_expect_100_continue_over_limit_is_413(self):
        with socket.create_connection(("127.0.0.1", self.port), timeout=10) as s:
            s.sendall(self.http11_head(17 * 1024 * 1024))
            answer = b""
            while True:
                chunk = s.recv(4096)
                if not chunk:
                    break
                answer += chunk
            self.assertTrue(answer.startswith(b"HTTP/1.1 413"), answer)
            self.assertIn(b"RequestEntityTooLargeException", answer)
            self.assertNotIn(b"100 Continue", answer)


if __name__ == "__main__":
    unittest.main()
