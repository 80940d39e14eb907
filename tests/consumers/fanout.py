"""Shared helpers for the consumer suites: start a server (tests/peers/peers.py), boto3 clients
with retries off, waiting for consumer states, reading a subscription's events, and signed raw
requests whose answer is read as bytes. Loopback only; dummy credentials; no IMDS."""
import json
import os
import socket
import sys
import time
import urllib.parse

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(os.path.dirname(HERE), "peers"))
import peers  # noqa: E402

os.environ.update(peers.client_env())

import boto3  # noqa: E402
import botocore.config  # noqa: E402
import botocore.exceptions  # noqa: E402
from botocore.auth import SigV4Auth  # noqa: E402
from botocore.awsrequest import AWSRequest  # noqa: E402
from botocore.credentials import Credentials  # noqa: E402

ClientError = botocore.exceptions.ClientError
EventStreamError = botocore.exceptions.EventStreamError


def client(endpoint, read_timeout=30):
    cfg = botocore.config.Config(retries={"max_attempts": 1, "mode": "standard"},
                                 region_name="us-east-1", read_timeout=read_timeout)
    return boto3.client("kinesis", endpoint_url=endpoint, config=cfg,
                        aws_access_key_id="AKIDTESTKEY", aws_secret_access_key="test-secret")


def start_kinesisctl(subscription_ms=1500, consumer_delay_ms=50, delay_ms=50, data_dir=None):
    return peers.start("kinesisctl", delay_ms=delay_ms, data_dir=data_dir,
                       extra_args=["--consumer-delay-ms", str(consumer_delay_ms),
                                   "--subscription-ms", str(subscription_ms)])


def code_of(fn, **kwargs):
    """'OK' or the AWS error code of fn(**kwargs)."""
    try:
        fn(**kwargs)
        return "OK"
    except ClientError as e:
        return e.response["Error"]["Code"]


def wait_until(predicate, timeout_s=20.0, what="condition"):
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.02)
    raise AssertionError(f"timed out waiting for {what}")


def stream_arn(c, name):
    return c.describe_stream_summary(StreamName=name)["StreamDescriptionSummary"]["StreamARN"]


def create_stream(c, name, shards=1):
    c.create_stream(StreamName=name, ShardCount=shards)
    wait_until(lambda: c.describe_stream_summary(StreamName=name)["StreamDescriptionSummary"]
               ["StreamStatus"] == "ACTIVE", what=f"{name} ACTIVE")
    return stream_arn(c, name)


def consumer_status(c, arn):
    try:
        return c.describe_stream_consumer(ConsumerARN=arn)["ConsumerDescription"]["ConsumerStatus"]
    except ClientError as e:
        return e.response["Error"]["Code"]


def register_active(c, stream, name):
    arn = c.register_stream_consumer(StreamARN=stream, ConsumerName=name)["Consumer"]["ConsumerARN"]
    wait_until(lambda: consumer_status(c, arn) == "ACTIVE", what=f"consumer {name} ACTIVE")
    return arn


def read_events(c, consumer_arn, shard_id, position, stop=None):
    """Subscribes and returns every SubscribeToShardEvent until the subscription ends (or
    stop(events) is true)."""
    sub = c.subscribe_to_shard(ConsumerARN=consumer_arn, ShardId=shard_id,
                               StartingPosition=position)
    events = []
    stream = sub["EventStream"]
    try:
        for ev in stream:
            events.append(ev["SubscribeToShardEvent"])
            if stop and stop(events):
                break
    finally:
        stream.close()
    return events


def records_of(events):
    return [r for e in events for r in e["Records"]]


def signed_raw(endpoint, action, body):
    """A SigV4-signed POST on a plain socket; returns the socket after sending (the caller reads
    the raw HTTP answer)."""
    data = json.dumps(body).encode()
    req = AWSRequest(method="POST", url=endpoint + "/", data=data,
                     headers={"Content-Type": "application/x-amz-json-1.1",
                              "X-Amz-Target": "Kinesis_20131202." + action})
    SigV4Auth(Credentials("AKIDTESTKEY", "test-secret"), "kinesis", "us-east-1").add_auth(req)
    u = urllib.parse.urlparse(endpoint)
    s = socket.create_connection((u.hostname, u.port), timeout=10)
    head = f"POST / HTTP/1.1\r\nHost: {u.hostname}:{u.port}\r\nContent-Length: {len(data)}\r\n"
    for k, v in req.headers.items():
        if k.lower() not in ("host", "content-length"):
            head += f"{k}: {v}\r\n"
    s.sendall(head.encode() + b"\r\n" + data)
    return s


def thread_count(pid):
    return len(os.listdir(f"/proc/{pid}/task"))


class RawSubscription:
    """SubscribeToShard on a plain socket: the HTTP head, then event-stream messages decoded by
    botocore's own parser (which checks both CRCs) from the chunked body."""

    def __init__(self, endpoint, consumer_arn, shard_id, position):
        from botocore.eventstream import EventStreamBuffer
        self.sock = signed_raw(endpoint, "SubscribeToShard",
                               {"ConsumerARN": consumer_arn, "ShardId": shard_id,
                                "StartingPosition": position})
        self.file = self.sock.makefile("rb")
        status_line = self.file.readline().decode()
        self.status = int(status_line.split()[1])
        self.headers = {}
        while True:
            line = self.file.readline().decode()
            if line in ("\r\n", ""):
                break
            k, v = line.split(":", 1)
            self.headers[k.strip().lower()] = v.strip()
        self.buffer = EventStreamBuffer()
        self.pending = []

    def next_message(self):
        """The next message (botocore EventStreamMessage), or None at the end of the body."""
        while not self.pending:
            size_line = self.file.readline()
            if not size_line:
                return None
            size = int(size_line.strip() or b"0", 16)
            if size == 0:
                return None
            chunk = self.file.read(size)
            self.file.readline()  # CRLF after the chunk
            self.buffer.add_data(chunk)
            self.pending.extend(self.buffer)
        return self.pending.pop(0)

    def close(self):
        self.file.close()
        self.sock.close()
