"""SigV4 verification of `kinesisctl serve --credentials FILE`, with requests signed by botocore:
the right secret passes; a wrong secret, an unknown key, a tampered body and a date more than
15 minutes off get AWS's answers."""
import datetime
import json
import os
import tempfile
import unittest
from unittest import mock

import botocore.auth
from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials

import harness
from harness import ServerTest, raw

KEY, SECRET = "AKIDLOCALTEST", "local-secret-value"
MISMATCH = ("The request signature we calculated does not match the signature you provided. "
            "Check your AWS Secret Access Key and signing method. Consult the service "
            "documentation for details.")


def write_credentials():
    fd, path = tempfile.mkstemp(prefix="kinesisctl-creds-")
    with os.fdopen(fd, "w") as f:
        f.write(f"[default]\naws_access_key_id = {KEY}\naws_secret_access_key = {SECRET}\n\n"
                "[other]\naws_access_key_id = AKIDSECOND\naws_secret_access_key = second\n")
    return path


CREDS = write_credentials()


class BodySignedQueryAuth(botocore.auth.SigV4QueryAuth):
    """botocore's presigner, keeping the JSON body in the body and signing its SHA-256 (as the
    JS SDK's presigner does) instead of moving it into the query string (query protocols)."""

    def _modify_request_before_signing(self, request):
        data = request.data
        request.data = b""
        super()._modify_request_before_signing(request)
        request.data = data


@harness.skip_unless_server()
class SignatureTest(ServerTest):
    extra_args = ("--credentials", CREDS)

    @classmethod
    def tearDownClass(cls):
        super().tearDownClass()
        os.unlink(CREDS)

    def send(self, key=KEY, secret=SECRET, body=None, sent_body=None, region="us-east-1"):
        data = json.dumps(body if body is not None else {}).encode()
        req = AWSRequest(method="POST", url=self.endpoint + "/", data=data, headers={
            "Content-Type": "application/x-amz-json-1.1",
            "X-Amz-Target": "Kinesis_20131202.ListStreams"})
        SigV4Auth(Credentials(key, secret), "kinesis", region).add_auth(req)
        return raw(self.endpoint, dict(req.headers.items()),
                   sent_body if sent_body is not None else data)

    def presigned(self, key=KEY, secret=SECRET, expires=60, body=None, sent_body=None,
                  header_auth=None):
        """A request signed in its query string (botocore's SigV4QueryAuth)."""
        data = json.dumps(body if body is not None else {}).encode()
        req = AWSRequest(method="POST", url=self.endpoint + "/", data=data, headers={
            "Content-Type": "application/x-amz-json-1.1",
            "X-Amz-Target": "Kinesis_20131202.ListStreams"})
        BodySignedQueryAuth(Credentials(key, secret), "kinesis", "us-east-1",
                            expires=expires).add_auth(req)
        self.assertIn("X-Amz-Signature=", req.url)
        headers = dict(req.headers.items())
        self.assertNotIn("Authorization", headers)
        if header_auth:
            headers["Authorization"] = header_auth
        path = req.url[len(self.endpoint):]
        return raw(self.endpoint, headers, sent_body if sent_body is not None else data,
                   path=path)

    def test_presigned_requests_are_verified(self):
        status, _, body = self.presigned()
        self.assertEqual(status, 200, body)
        self.assertIn("StreamNames", body)
        self.assertRawError(self.presigned(secret="wrong"), "InvalidSignatureException", MISMATCH)
        self.assertRawError(self.presigned(sent_body=b'{"Limit": 2}'),
                            "InvalidSignatureException", MISMATCH)
        self.assertRawError(self.presigned(key="AKIDNOBODY"), "UnrecognizedClientException",
                            "The security token included in the request is invalid.")
        self.assertRawError(self.presigned(header_auth="AWS4-HMAC-SHA256 Credential=x"),
                            "InvalidSignatureException",
                            "Found both 'X-Amz-Algorithm' as a query-string param and "
                            "'Authorization' as HTTP header.")
        # Signed two minutes ago for one minute: expired, although within the 15-minute skew.
        earlier = datetime.datetime.utcnow() - datetime.timedelta(minutes=2)
        with mock.patch.object(botocore.auth.datetime, "datetime",
                               mock.Mock(wraps=datetime.datetime, utcnow=lambda: earlier)):
            got = self.presigned(expires=60)
        self.assertEqual(got[2].get("__type"), "InvalidSignatureException", got)
        self.assertTrue(got[2]["message"].startswith("Signature expired: "), got)

    def test_incomplete_presigned_requests(self):
        h = {"Content-Type": "application/x-amz-json-1.1",
             "X-Amz-Target": "Kinesis_20131202.ListStreams"}
        self.assertRawError(
            raw(self.endpoint, h, b"{}", path="/?X-Amz-Algorithm=AWS4-HMAC-SHA256"),
            "IncompleteSignatureException",
            "AWS query-string parameters must include 'X-Amz-Credential'. AWS query-string "
            "parameters must include 'X-Amz-Signature'. AWS query-string parameters must include "
            "'X-Amz-SignedHeaders'. AWS query-string parameters must include 'X-Amz-Date'. "
            "Re-examine the query-string parameters.")

    def test_right_secret_passes(self):
        status, _, body = self.send()
        self.assertEqual(status, 200, body)
        status, _, body = self.send(key="AKIDSECOND", secret="second", body={"Limit": 5})
        self.assertEqual(status, 200, body)

    def test_boto3_client_with_the_right_keys(self):
        import boto3
        import botocore.config
        c = boto3.client("kinesis", endpoint_url=self.endpoint, aws_access_key_id=KEY,
                         aws_secret_access_key=SECRET, region_name="us-east-1",
                         config=botocore.config.Config(retries={"max_attempts": 1}))
        c.create_stream(StreamName="signed", ShardCount=1)
        c.put_record(StreamName="signed", PartitionKey="a", Data=b"x")
        self.assertIn("signed", c.list_streams()["StreamNames"])

    def test_wrong_secret(self):
        self.assertRawError(self.send(secret="wrong"), "InvalidSignatureException", MISMATCH)

    def test_unknown_key(self):
        self.assertRawError(self.send(key="AKIDUNKNOWN"), "UnrecognizedClientException",
                            "The security token included in the request is invalid.")

    def test_tampered_body(self):
        self.assertRawError(self.send(body={"Limit": 1}, sent_body=b'{"Limit": 2}'),
                            "InvalidSignatureException", MISMATCH)

    def test_date_more_than_15_minutes_off(self):
        real = datetime.datetime

        class Skewed(real):
            offset = datetime.timedelta(minutes=-20)

            @classmethod
            def utcnow(cls):
                return real.utcnow() + cls.offset

            @classmethod
            def now(cls, tz=None):
                return real.now(tz) + cls.offset

        with mock.patch.object(botocore.auth.datetime, "datetime", Skewed):
            old = self.send()
            Skewed.offset = datetime.timedelta(minutes=20)
            future = self.send()
        self.assertRawError(old, "InvalidSignatureException")
        self.assertTrue(old[2]["message"].startswith("Signature expired: "), old[2])
        self.assertRawError(future, "InvalidSignatureException")
        self.assertTrue(future[2]["message"].startswith("Signature not yet current: "), future[2])

    def test_secrets_never_echoed(self):
        for result in (self.send(secret="wrong"), self.send(key="AKIDUNKNOWN")):
            text = json.dumps(result[2])
            self.assertNotIn(SECRET, text)
            self.assertNotIn("wrong", text)
        self.assertNotIn(SECRET, self.server.log())


if __name__ == "__main__":
    unittest.main()
