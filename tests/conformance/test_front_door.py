"""The front door of `kinesisctl serve`: method, content type, body size, target, JSON, the
Authorization header's shape, regions from the credential scope, keep-alive, the ready line,
clean stop and the non-loopback warning."""
import http.client
import json
import os
import re
import signal
import socket
import subprocess
import unittest

import harness
from harness import ServerTest, raw, signed

AUTH = ("AWS4-HMAC-SHA256 Credential=AKIDTESTKEY/20260101/us-east-1/kinesis/aws4_request, "
        "SignedHeaders=content-type;host;x-amz-date;x-amz-target, Signature=" + "0" * 64)


def headers(target="ListStreams", **extra):
    h = {"Content-Type": "application/x-amz-json-1.1", "X-Amz-Target": "Kinesis_20131202." + target,
         "X-Amz-Date": "20260101T000000Z", "Authorization": AUTH}
    h.update(extra)
    return h


@harness.skip_unless_server()
class FrontDoorTest(ServerTest):
    def test_get_is_refused(self):
        status, _, body = raw(self.endpoint, headers(), None, method="GET")
        self.assertEqual(status, 403)
        self.assertIn("<AccessDeniedException>", body)  # AWS answers other methods in XML

    def test_unknown_content_type(self):
        status, _, body = raw(self.endpoint, headers(**{"Content-Type": "text/plain"}), b"{}")
        self.assertEqual(status, 404)
        self.assertEqual(body["__type"], "UnknownOperationException")

    def test_malformed_json_is_serialization_exception(self):
        self.assertRawError(raw(self.endpoint, headers(), b"{not json"), "SerializationException")
        self.assertRawError(raw(self.endpoint, headers(), b"[1, 2]"), "SerializationException")

    def test_empty_body(self):
        self.assertRawError(raw(self.endpoint, headers(), b""), "SerializationException")
        self.assertRawError(raw(self.endpoint, headers("Nope"), b""), "UnknownOperationException")

    def test_unknown_operation(self):
        self.assertRawError(raw(self.endpoint, headers("NoSuchAction"), b"{}"),
                            "UnknownOperationException")
        self.assertRawError(raw(self.endpoint, headers(**{"X-Amz-Target": "Other_1.ListStreams"}),
                                b"{}"), "UnknownOperationException")

    def test_missing_authorization(self):
        h = headers()
        del h["Authorization"]
        self.assertRawError(raw(self.endpoint, h, b"{}"), "MissingAuthenticationTokenException",
                            "Missing Authentication Token")

    def test_malformed_authorization(self):
        h = headers(Authorization="garbage")
        self.assertRawError(
            raw(self.endpoint, h, b"{}"), "IncompleteSignatureException",
            "Authorization header requires 'Credential' parameter. Authorization header requires "
            "'Signature' parameter. Authorization header requires 'SignedHeaders' parameter. "
            "Authorization=garbage")

    def test_missing_date(self):
        h = headers()
        del h["X-Amz-Date"]
        _, _, body = raw(self.endpoint, h, b"{}")
        self.assertEqual(body["__type"], "IncompleteSignatureException")
        self.assertIn("Authorization header requires existence of either a 'X-Amz-Date' or a "
                      "'Date' header.", body["message"])

    def test_well_formed_authorization_without_credentials_file_is_accepted(self):
        status, hdrs, body = raw(self.endpoint, headers(), b"{}")
        self.assertEqual(status, 200, body)
        self.assertEqual(hdrs["Content-Type"], "application/x-amz-json-1.1")
        self.assertIn("x-amzn-RequestId", hdrs)
        self.assertIsInstance(body["StreamNames"], list)

    def test_body_over_16_mib_is_413(self):
        # The answer comes from the Content-Length alone, before any body byte is read.
        with socket.create_connection(("127.0.0.1", self.server.port), timeout=10) as sock:
            head = "".join(f"{k}: {v}\r\n" for k, v in headers("DescribeStream").items())
            sock.sendall(("POST / HTTP/1.1\r\nHost: 127.0.0.1\r\n" + head +
                          f"Content-Length: {16 * 1024 * 1024 + 1}\r\n\r\n").encode())
            reply = b""
            while b"\r\n" not in reply:
                chunk = sock.recv(4096)
                if not chunk:
                    break
                reply += chunk
        self.assertTrue(reply.startswith(b"HTTP/1.1 413"), reply[:100])

    def test_body_just_under_limit_reaches_validation(self):
        big = json.dumps({"StreamName": "a" * (1024 * 1024)}).encode()
        status, _, body = raw(self.endpoint, headers("DescribeStream"), big)
        self.assertEqual(status, 400)
        self.assertEqual(body["__type"], "ValidationException")

    def test_type_errors_are_serialization_exceptions(self):
        self.assertRawError(signed(self.endpoint, "CreateStream",
                                   {"StreamName": "x", "ShardCount": "one"}),
                            "SerializationException",
                            "class java.lang.String can not be converted to an Integer")
        self.assertRawError(signed(self.endpoint, "DescribeStream", {"StreamName": 5}),
                            "SerializationException")
        self.assertRawError(signed(self.endpoint, "AddTagsToStream",
                                   {"StreamName": "x", "Tags": ["a"]}),
                            "SerializationException", "Start of list found where not expected")

    def test_keep_alive(self):
        conn = http.client.HTTPConnection("127.0.0.1", self.server.port, timeout=10)
        try:
            socks = set()
            for _ in range(3):
                conn.request("POST", "/", body=b"{}", headers=headers())
                resp = conn.getresponse()
                self.assertEqual(resp.status, 200)
                resp.read()
                socks.add(id(conn.sock))
            self.assertEqual(len(socks), 1)
        finally:
            conn.close()

    def test_streams_are_regional(self):
        east, west = harness.client(self.endpoint), harness.client(self.endpoint, "eu-west-1")
        east.create_stream(StreamName="regional", ShardCount=1)
        self.assertIn("regional", east.list_streams()["StreamNames"])
        self.assertNotIn("regional", west.list_streams()["StreamNames"])
        self.assertError(west.describe_stream_summary, "ResourceNotFoundException",
                         "Stream regional under account 000000000000 not found.",
                         StreamName="regional")
        west.create_stream(StreamName="regional", ShardCount=2)
        arn = west.describe_stream_summary(StreamName="regional")["StreamDescriptionSummary"]
        self.assertEqual(arn["StreamARN"], "arn:aws:kinesis:eu-west-1:000000000000:stream/regional")
        self.assertEqual(arn["OpenShardCount"], 2)

    def test_ready_line(self):
        self.assertRegex(self.server.log(), r"(?m)^listening on http://127\.0\.0\.1:%d$"
                         % self.server.port)


@harness.skip_unless_server()
class ProcessTest(unittest.TestCase):
    def run_serve(self, *args):
        return subprocess.Popen([os.environ["KINESISCTL_BIN"], "serve", *args],
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)

    def test_port_zero_prints_ready_line_and_stops_on_sigterm_and_sigint(self):
        for sig in (signal.SIGTERM, signal.SIGINT):
            proc = self.run_serve("--port", "0")
            try:
                line = proc.stdout.readline()
                m = re.fullmatch(r"listening on http://127\.0\.0\.1:(\d+)\n", line)
                self.assertIsNotNone(m, line)
                status, _, _ = raw("http://127.0.0.1:" + m.group(1), headers(), b"{}")
                self.assertEqual(status, 200)
                proc.send_signal(sig)
                self.assertEqual(proc.wait(timeout=10), 0)
            finally:
                if proc.poll() is None:
                    proc.kill()
                proc.communicate()

    def test_non_loopback_address_warns(self):
        # 192.0.2.1 (TEST-NET-1) is not ours: the warning comes first, then the bind fails, so
        # nothing ever listens beyond loopback.
        proc = self.run_serve("--host", "192.0.2.1", "--port", "0")
        out, err = proc.communicate(timeout=10)
        self.assertIn("warning", err)
        self.assertIn("192.0.2.1", err)
        self.assertNotEqual(proc.returncode, 0)
        self.assertEqual(out, "")

    def test_bad_flags(self):
        for args in (["--port", "x"], ["--port", "70000"], ["--bogus", "1"], ["--account-id", "12"]):
            proc = self.run_serve(*args)
            out, err = proc.communicate(timeout=10)
            self.assertEqual(proc.returncode, 2, args)
            self.assertTrue(err.strip(), args)


if __name__ == "__main__":
    unittest.main()
