"""`kinesisctl serve --credentials FILE` checks what AWS checks: the algorithm token must be
exactly AWS4-HMAC-SHA256, a long-term key takes no X-Amz-Security-Token, and a file giving one key
id two secrets is refused at start-up. Requests are signed by botocore, then altered."""
import json
import os
import shutil
import tempfile
import unittest

import common
import harness
import peers
from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials

KEY = ("[default]\naws_access_key_id = AKIDSTRICT\n"
       "aws_secret_access_key = strict-secret\n")


def signed_headers(endpoint, token=None):
    body = json.dumps({}).encode()
    req = AWSRequest(method="POST", url=endpoint + "/", data=body,
                     headers={"Content-Type": "application/x-amz-json-1.1",
                              "X-Amz-Target": harness.TARGET + "ListStreams"})
    SigV4Auth(Credentials("AKIDSTRICT", "strict-secret", token), "kinesis",
              "us-east-1").add_auth(req)
    return dict(req.headers.items()), body


@harness.skip_unless_server()
class StrictSignaturesTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.dir = tempfile.mkdtemp(prefix="kinesisctl-creds-")
        cls.creds = os.path.join(cls.dir, "credentials")
        with open(cls.creds, "w") as f:
            f.write(KEY)
        cls._ctx = peers.start("kinesisctl", delay_ms=0, extra_args=("--credentials", cls.creds))
        cls.server = cls._ctx.__enter__()

    @classmethod
    def tearDownClass(cls):
        cls._ctx.__exit__(None, None, None)
        shutil.rmtree(cls.dir, ignore_errors=True)

    def test_valid_request_passes(self):
        status, _, body = harness.raw(self.server.endpoint, *signed_headers(self.server.endpoint))
        self.assertEqual(status, 200, body)

    def test_algorithm_token_is_checked(self):
        for algorithm in ("FOO", "AWS4-HMAC-SHA1", "aws4-hmac-sha256"):
            headers, body = signed_headers(self.server.endpoint)
            headers["Authorization"] = headers["Authorization"].replace(
                "AWS4-HMAC-SHA256", algorithm, 1)
            status, _, answer = harness.raw(self.server.endpoint, headers, body)
            self.assertEqual(status, 400, answer)
            self.assertEqual(answer.get("__type"), "IncompleteSignatureException", answer)
            self.assertEqual(answer.get("message"), f"Unsupported AWS 'algorithm': '{algorithm}' "
                             "(only AWS4-HMAC-SHA256 for now). ")

    def test_security_token_with_a_long_term_key(self):
        # Signed with the token (it is among the signed headers): the signature is right, the
        # token is not one this key has.
        headers, body = signed_headers(self.server.endpoint, token="FQoGZXIvYXdzTOKEN")
        self.assertIn("X-Amz-Security-Token", headers)
        status, _, answer = harness.raw(self.server.endpoint, headers, body)
        self.assertEqual(status, 400, answer)
        self.assertEqual(answer.get("__type"), "UnrecognizedClientException", answer)
        self.assertEqual(answer.get("message"),
                         "The security token included in the request is invalid.")

    def test_one_key_id_with_two_secrets_is_refused_at_start(self):
        dup = os.path.join(self.dir, "dup")
        with open(dup, "w") as f:
            f.write(KEY + "[second]\naws_access_key_id = AKIDSTRICT\n"
                    "aws_secret_access_key = another-secret\n")
        rc, out = common.run_serve("--credentials", dup)
        self.assertEqual(rc, 2, out)
        self.assertIn("gives access key id AKIDSTRICT different secrets in sections [default] "
                      "and [second]", out)
        self.assertNotIn("another-secret", out)
        self.assertNotIn("strict-secret", out)


if __name__ == "__main__":
    unittest.main()
