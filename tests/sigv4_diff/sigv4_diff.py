#!/usr/bin/python3
"""Differential SigV4 test: signs random requests with our signer (sign_tool) and with botocore
(clock pinned) and compares the whole Authorization header. Usage: sigv4_diff.py SIGN_TOOL [N].
Exits non-zero on any mismatch. Uses the botocore of the interpreter running it."""

import datetime
import json
import random
import subprocess
import sys
from unittest import mock

import botocore
import botocore.auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials

REGIONS = ["us-east-1", "us-west-2", "eu-west-1", "eu-central-1", "ap-southeast-2",
           "sa-east-1", "cn-north-1", "us-gov-west-1", "ap-northeast-3", "il-central-1"]
HOSTS = ["kinesis.{r}.amazonaws.com", "127.0.0.1", "localhost", "Kinesis.Example.COM",
         "kinesis-fips.{r}.amazonaws.com", "10.1.2.3", "my-kinesis.internal"]
OPERATIONS = ["CreateStream", "DescribeStream", "DescribeStreamSummary", "ListShards",
              "SplitShard", "MergeShards", "UpdateShardCount", "PutRecord", "ListStreams"]
ALPHABET = ("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 -_.:/\\\"'{}[],\n\t"
            "\u00e9\u00fc\u00df\u4e2d\u6587\u65e5\u672c\u0416\u03a9\U0001F600\u2603\u00a0")


def random_text(rng, low, high):
    return "".join(rng.choice(ALPHABET) for _ in range(rng.randint(low, high)))


def random_token(rng):
    chars = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/="
    return "".join(rng.choice(chars) for _ in range(rng.randint(16, 400)))


def make_case(rng, index):
    region = rng.choice(REGIONS)
    host = rng.choice(HOSTS).format(r=region)
    scheme = rng.choice(["http", "https"])
    port = rng.choice([None, None, 80, 443, 4567, 4566, 8443, 65535])
    netloc = host if port is None else f"{host}:{port}"
    body_kind = rng.random()
    if body_kind < 0.1:
        body = ""
    elif body_kind < 0.6:
        body = json.dumps({"StreamName": random_text(rng, 1, 40),
                           "ShardCount": rng.randint(1, 500)}, ensure_ascii=rng.random() < 0.5)
    else:
        body = random_text(rng, 0, 2000)
    target = "Kinesis_20131202." + rng.choice(OPERATIONS)
    pad = lambda: " " * rng.randint(0, 3)  # noqa: E731
    headers = [["Content-Type", pad() + "application/x-amz-json-1.1" + pad()],
               ["X-Amz-Target", target]]
    if rng.random() < 0.3:
        headers.append(["User-Agent", "kinesisctl/0.1 " + random_text(rng, 0, 10).strip()])
    if rng.random() < 0.2:
        headers.append(["X-Custom-Header", "a   b  " + str(index)])
    return {
        "method": "POST",
        "url": f"{scheme}://{netloc}/",
        "headers": headers,
        "body": body,
        "access_key_id": "AKIA" + "".join(rng.choice("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567")
                                          for _ in range(16)),
        "secret_access_key": "".join(rng.choice("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopq"
                                                "rstuvwxyz0123456789+/") for _ in range(40)),
        "session_token": random_token(rng) if rng.random() < 0.5 else "",
        "region": region,
        "service": "kinesis",
        "epoch_seconds": rng.randint(1_400_000_000, 2_000_000_000),
    }


def botocore_authorization(case):
    when = datetime.datetime.utcfromtimestamp(case["epoch_seconds"])
    request = AWSRequest(method=case["method"], url=case["url"],
                         data=case["body"].encode("utf-8"))
    for name, value in case["headers"]:
        request.headers[name] = value
    credentials = Credentials(case["access_key_id"], case["secret_access_key"],
                              case["session_token"] or None)
    signer = botocore.auth.SigV4Auth(credentials, case["service"], case["region"])
    fake_datetime = mock.Mock(wraps=datetime.datetime)
    fake_datetime.utcnow = mock.Mock(return_value=when)
    fake_datetime.now = mock.Mock(return_value=when.replace(tzinfo=datetime.timezone.utc))
    patches = [mock.patch.object(botocore.auth.datetime, "datetime", fake_datetime)]
    if hasattr(botocore.auth, "get_current_datetime"):
        patches.append(mock.patch.object(botocore.auth, "get_current_datetime",
                                         return_value=when))
    for p in patches:
        p.start()
    try:
        signer.add_auth(request)
    finally:
        for p in patches:
            p.stop()
    return request.headers["Authorization"]


def main():
    tool = sys.argv[1]
    count = int(sys.argv[2]) if len(sys.argv) > 2 else 300
    rng = random.Random(20261126)
    cases = [make_case(rng, i) for i in range(count)]
    ours = subprocess.run([tool], input=json.dumps(cases).encode("utf-8"), capture_output=True,
                          check=True).stdout.decode("utf-8").splitlines()
    if len(ours) != len(cases):
        print(f"sign_tool printed {len(ours)} lines for {len(cases)} cases")
        return 1
    mismatches = 0
    with_token = sum(1 for c in cases if c["session_token"])
    for index, (case, mine) in enumerate(zip(cases, ours)):
        theirs = botocore_authorization(case)
        if mine != theirs:
            mismatches += 1
            if mismatches <= 5:
                print(f"case {index} ({case['url']}, region {case['region']}): "
                      f"ours and botocore's Authorization differ")
                print(f"  ours:     {mine[:80]}...")
                print(f"  botocore: {theirs[:80]}...")
    print(f"botocore {botocore.__version__}: {len(cases)} requests ({with_token} with a session "
          f"token), {mismatches} mismatches")
    return 1 if mismatches else 0


if __name__ == "__main__":
    sys.exit(main())
