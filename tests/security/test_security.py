"""Security checks of `kinesisctl serve` beyond the conformance suites (test_signatures.py covers
wrong secret, unknown key, tampered body and the 15-minute window; test_front_door.py the 16 MiB
body limit and the non-loopback warning): the default bind address, the header-size limit, a
tampered signed header, a signature for another service, and no secret key, session token or
signature in any answer or log line of the server, even when it rejects the request."""
import http.client
import json
import os
import socket
import subprocess
import sys
import tempfile
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(os.path.dirname(HERE), "conformance"))
import harness  # noqa: E402
from harness import ServerTest, raw  # noqa: E402

from botocore.auth import SigV4Auth  # noqa: E402
from botocore.awsrequest import AWSRequest  # noqa: E402
from botocore.credentials import Credentials  # noqa: E402

KEY, SECRET = "AKIDSECURITYTEST", "sec-Secret/Value+0123456789abcdefghij"
TOKEN = "FQoGZXIvYXdzEXAMPLETOKEN/session+token=value"


def write_credentials():
    fd, path = tempfile.mkstemp(prefix="kinesisctl-sec-creds-")
    with os.fdopen(fd, "w") as f:
        f.write(f"[default]\naws_access_key_id = {KEY}\naws_secret_access_key = {SECRET}\n")
    return path


CREDS = write_credentials()


def sign(endpoint, key, secret, action="ListStreams", body=b"{}", token=None, service="kinesis",
         region="us-east-1"):
    req = AWSRequest(method="POST", url=endpoint + "/", data=body, headers={
        "Content-Type": "application/x-amz-json-1.1", "X-Amz-Target": harness.TARGET + action})
    SigV4Auth(Credentials(key, secret, token), service, region).add_auth(req)
    return dict(req.headers.items())


def signature_of(headers):
    return headers["Authorization"].rpartition("Signature=")[2]


@harness.skip_unless_server()
class DefaultBindTest(unittest.TestCase):
    def test_binds_loopback_by_default_and_says_nothing(self):
        env = dict(os.environ, AWS_EC2_METADATA_DISABLED="true")
        proc = subprocess.Popen([os.environ["KINESISCTL_BIN"], "serve", "--port", "0"],
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                env=env)
        try:
            line = proc.stdout.readline().strip()
            self.assertRegex(line, r"^listening on http://127\.0\.0\.1:\d+$")
            port = int(line.rpartition(":")[2])
            # Reachable on loopback; nothing listens on the machine's other addresses.
            socket.create_connection(("127.0.0.1", port), timeout=5).close()
            try:
                others = {a[4][0] for a in socket.getaddrinfo(socket.gethostname(), None,
                                                             socket.AF_INET)}
            except OSError:
                others = set()
            for addr in others - {"127.0.0.1"}:
                if addr.startswith("127."):
                    continue
                with self.assertRaises(OSError, msg=addr):
                    socket.create_connection((addr, port), timeout=2).close()
        finally:
            proc.terminate()
            _, err = proc.communicate(timeout=10)
        self.assertNotIn("warning", err)


@harness.skip_unless_server()
class SignedServerTest(ServerTest):
    extra_args = ("--credentials", CREDS)

    @classmethod
    def tearDownClass(cls):
        super().tearDownClass()
        os.unlink(CREDS)

    def send(self, headers, body=b"{}"):
        return raw(self.endpoint, headers, body)

    def test_oversized_headers_are_refused_and_the_server_keeps_serving(self):
        headers = sign(self.endpoint, KEY, SECRET)
        headers["X-Padding"] = "a" * (128 * 1024)
        conn = http.client.HTTPConnection("127.0.0.1", self.server.port, timeout=10)
        try:
            conn.request("POST", "/", body=b"{}", headers=headers)
            status = conn.getresponse().status
        except (ConnectionError, http.client.HTTPException, OSError):
            status = None  # the server dropped the connection: also a refusal
        finally:
            conn.close()
        self.assertNotEqual(status, 200)
        status, _, body = self.send(sign(self.endpoint, KEY, SECRET))
        self.assertEqual(status, 200, body)

    def test_tampered_signed_target_header(self):
        headers = sign(self.endpoint, KEY, SECRET, action="ListStreams")
        headers["X-Amz-Target"] = harness.TARGET + "DescribeLimits"
        self.assertRawError(self.send(headers), "InvalidSignatureException")

    def test_signature_for_another_service(self):
        self.assertRawError(self.send(sign(self.endpoint, KEY, SECRET, service="s3")),
                            "InvalidSignatureException")

    def test_session_token_request_with_wrong_secret(self):
        headers = sign(self.endpoint, KEY, "wrong-" + SECRET, token=TOKEN)
        self.assertRawError(self.send(headers), "InvalidSignatureException")

    def test_no_secret_token_or_signature_in_answers_or_log(self):
        bad = b"{not json"
        cases = [
            (sign(self.endpoint, KEY, "wrong-" + SECRET, token=TOKEN), b"{}"),
            (sign(self.endpoint, "AKIDUNKNOWNKEY", SECRET, token=TOKEN), b"{}"),
            (sign(self.endpoint, KEY, SECRET, token=TOKEN, body=bad), bad),
            (sign(self.endpoint, KEY, SECRET, action="NoSuchAction", token=TOKEN), b"{}"),
            (sign(self.endpoint, KEY, SECRET, service="s3", token=TOKEN), b"{}"),
            (sign(self.endpoint, KEY, SECRET, token=TOKEN), b"{}"),
        ]
        answers, signatures = [], []
        for headers, body in cases:
            status, hdrs, parsed = self.send(headers, body)
            answers.append(json.dumps(parsed) + json.dumps(hdrs))
            signatures.append(signature_of(headers))
        self.assertTrue(any('"__type"' in a for a in answers))
        log = self.server.log()
        for text in answers + [log]:
            self.assertNotIn(SECRET, text)
            self.assertNotIn(TOKEN, text)
            for sig in signatures:
                self.assertNotIn(sig, text)


if __name__ == "__main__":
    unittest.main()
