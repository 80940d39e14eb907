"""Shared helpers for the tests/api suites: start the peer named by KINESISCTL_PEER (kinesisctl or
kinesis-mock, through tests/peers/peers.py), send SigV4-signed JSON 1.1 requests with Debian's
botocore signer (it signs any X-Amz-Target, so operations botocore 1.29 does not model work),
wait for stream states, and run the JS SDK v3 from .peers/. Loopback only; dummy credentials."""
import json
import os
import subprocess
import sys
import time
import unittest
import urllib.error
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(os.path.dirname(HERE), "peers"))
import peers  # noqa: E402

os.environ.update(peers.client_env())

from botocore.auth import SigV4Auth  # noqa: E402
from botocore.awsrequest import AWSRequest  # noqa: E402
from botocore.credentials import Credentials  # noqa: E402

PEER = os.environ.get("KINESISCTL_PEER", "kinesisctl")
ACCOUNT = "000000000000"
REGION = "us-east-1"
# Streams become ACTIVE (and updates complete) this long after the request, on both peers.
DELAY_MS = 100


def stream_arn(name, region=REGION):
    return f"arn:aws:kinesis:{region}:{ACCOUNT}:stream/{name}"


class Error(Exception):
    def __init__(self, status, body):
        super().__init__(f"{status} {body}")
        self.status, self.body = status, body
        self.code = body.get("__type", "").split("#")[-1] if isinstance(body, dict) else ""


class PeerTestCase(unittest.TestCase):
    """Starts the peer once per class; self.call(...) returns the answer or raises Error."""
    server_args = {}

    @classmethod
    def setUpClass(cls):
        ok, why = peers.available(PEER)
        if not ok:
            raise RuntimeError(why)  # a missing peer fails the suite, it never skips
        cls._cm = peers.start(PEER, delay_ms=DELAY_MS, **cls.server_args)
        cls.server = cls._cm.__enter__()
        cls.endpoint = cls.server.endpoint

    @classmethod
    def tearDownClass(cls):
        cls._cm.__exit__(None, None, None)

    def call(self, action, body, region=REGION):
        data = json.dumps(body).encode()
        headers = {"Content-Type": "application/x-amz-json-1.1",
                   "X-Amz-Target": "Kinesis_20131202." + action}
        req = AWSRequest(method="POST", url=self.endpoint + "/", data=data, headers=headers)
        SigV4Auth(Credentials("AKIDTESTKEY", "test-secret"), "kinesis", region).add_auth(req)
        http = urllib.request.Request(self.endpoint + "/", data=data,
                                      headers=dict(req.headers.items()), method="POST")
        try:
            with urllib.request.urlopen(http, timeout=30) as resp:
                status, text = resp.status, resp.read()
        except urllib.error.HTTPError as e:
            status, text = e.code, e.read()
        try:
            parsed = json.loads(text) if text else {}
        except ValueError:
            parsed = {"raw": text.decode(errors="replace")}
        if status != 200:
            raise Error(status, parsed)
        return parsed

    def assertCode(self, code, action, body):
        """The call fails with error `code`; returns the error body."""
        with self.assertRaises(Error, msg=f"{action} {body} should fail with {code}") as cm:
            self.call(action, body)
        self.assertEqual(cm.exception.code, code, cm.exception.body)
        return cm.exception.body

    def summary(self, name):
        return self.call("DescribeStreamSummary", {"StreamName": name})["StreamDescriptionSummary"]

    def wait_active(self, name, timeout_s=30.0):
        deadline = time.monotonic() + timeout_s
        while True:
            s = self.summary(name)
            if s["StreamStatus"] == "ACTIVE" or time.monotonic() > deadline:
                self.assertEqual(s["StreamStatus"], "ACTIVE", s)
                return s
            time.sleep(0.02)

    def create(self, name, **extra):
        body = {"StreamName": name, "ShardCount": 1}
        body.update(extra)
        if "StreamModeDetails" in extra:
            body.pop("ShardCount")
        self.call("CreateStream", body)
        return self.wait_active(name)


def run_sdk(endpoint, script_args, timeout_s=120):
    """Runs sdk_calls.js (JS SDK v3 from .peers/, HTTP/1.1 handler) and returns its JSON lines."""
    env = peers.client_env(NODE_PATH=os.path.join(peers.PEERS_DIR, "node_modules"))
    r = subprocess.run(["node", os.path.join(HERE, "sdk_calls.js"), endpoint, *script_args],
                       capture_output=True, text=True, env=env, timeout=timeout_s)
    if r.returncode != 0:
        raise RuntimeError(f"sdk_calls.js failed ({r.returncode}):\n{r.stdout}\n{r.stderr}")
    return [json.loads(line) for line in r.stdout.splitlines() if line.strip()]
