"""Shared helpers for the conformance suites: start `kinesisctl serve` through tests/peers/peers.py,
make boto3 clients (retries off, client-side validation off where asked), send raw SigV4-signed
requests with botocore's signer (for StreamARN members Debian's boto3 1.26 lacks), and wait for a
stream status. Loopback only; dummy credentials; no IMDS."""
import json
import os
import sys
import time
import unittest
import urllib.error
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(os.path.dirname(HERE), "peers"))
import peers  # noqa: E402

os.environ.update(peers.client_env())

import boto3  # noqa: E402
import botocore.config  # noqa: E402
from botocore.auth import SigV4Auth  # noqa: E402
from botocore.awsrequest import AWSRequest  # noqa: E402
from botocore.credentials import Credentials  # noqa: E402

ACCOUNT = "000000000000"
TARGET = "Kinesis_20131202."


def skip_unless_server():
    ok, why = peers.available("kinesisctl")
    return unittest.skipUnless(ok, why)


def client(endpoint, region="us-east-1", validate=True):
    cfg = botocore.config.Config(retries={"max_attempts": 1, "mode": "standard"},
                                 parameter_validation=validate, region_name=region)
    return boto3.client("kinesis", endpoint_url=endpoint, config=cfg,
                        aws_access_key_id="AKIDTESTKEY", aws_secret_access_key="test-secret")


def signed(endpoint, action, body, region="us-east-1", headers=None, raw_body=None,
           as_bytes=False):
    """POSTs a SigV4-signed JSON 1.1 request; returns (status, headers, parsed body or text), or
    the body's bytes unparsed with as_bytes."""
    data = raw_body if raw_body is not None else json.dumps(body).encode()
    h = {"Content-Type": "application/x-amz-json-1.1", "X-Amz-Target": TARGET + action}
    if headers:
        h.update(headers)
    req = AWSRequest(method="POST", url=endpoint + "/", data=data, headers=h)
    SigV4Auth(Credentials("AKIDTESTKEY", "test-secret"), "kinesis", region).add_auth(req)
    return raw(endpoint, dict(req.headers.items()), data, as_bytes=as_bytes)


def raw(endpoint, headers, data, method="POST", as_bytes=False, path="/"):
    req = urllib.request.Request(endpoint + path, data=data, headers=headers, method=method)
    try:
        with urllib.request.urlopen(req, timeout=10) as resp:
            status, hdrs, text = resp.status, dict(resp.headers.items()), resp.read()
    except urllib.error.HTTPError as e:
        status, hdrs, text = e.code, dict(e.headers.items()), e.read()
    if as_bytes:
        return status, hdrs, text
    try:
        parsed = json.loads(text) if text else {}
    except ValueError:
        parsed = text.decode(errors="replace")
    return status, hdrs, parsed


def wait_status(c, name, status="ACTIVE", timeout_s=30.0):
    """Polls DescribeStreamSummary until the stream has `status`; returns the summary."""
    deadline = time.monotonic() + timeout_s
    while True:
        s = c.describe_stream_summary(StreamName=name)["StreamDescriptionSummary"]
        if s["StreamStatus"] == status or time.monotonic() > deadline:
            return s
        time.sleep(0.02)


def wait_gone(c, name, timeout_s=30.0):
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        try:
            c.describe_stream_summary(StreamName=name)
        except c.exceptions.ResourceNotFoundException:
            return True
        time.sleep(0.02)
    return False


class ServerTest(unittest.TestCase):
    """Starts one server per test class with the class's flags."""
    delay_ms = 0
    shard_limit = 500
    extra_args = ()

    @classmethod
    def setUpClass(cls):
        cls._ctx = peers.start("kinesisctl", delay_ms=cls.delay_ms, shard_limit=cls.shard_limit,
                               extra_args=cls.extra_args)
        cls.server = cls._ctx.__enter__()
        cls.endpoint = cls.server.endpoint
        cls.c = client(cls.endpoint)
        cls.raw_c = client(cls.endpoint, validate=False)

    @classmethod
    def tearDownClass(cls):
        cls._ctx.__exit__(None, None, None)

    def assertError(self, fn, code, message=None, **kwargs):
        """Calls fn(**kwargs) and checks the AWS error code and (exact) message."""
        with self.assertRaises(botocore.exceptions.ClientError) as cm:
            fn(**kwargs)
        err = cm.exception.response["Error"]
        self.assertEqual(err["Code"], code, err)
        if message is not None:
            self.assertEqual(err.get("Message"), message)
        return err

    def assertRawError(self, result, code, message=None, status=400):
        got_status, headers, body = result
        self.assertEqual(got_status, status, body)
        self.assertEqual(body.get("__type"), code, body)
        if message is not None:
            # AWS's serialization layer writes "Message", the service "message".
            key = "Message" if code == "SerializationException" else "message"
            self.assertEqual(body.get(key), message)
