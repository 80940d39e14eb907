"""CBOR against JSON on `kinesisctl serve` under the same load: kinesisctl_loadgen's put (500 x
100 B records per PutRecords, 4 in flight) and get (4 GetRecords chains, Limit 10000) with and
without --cbor. Each round starts a fresh in-memory server per format, formats alternating (the
first one rotates each round); throughput and the server's CPU seconds per 1,000 records are
reported as medians over the rounds, with CBOR / JSON ratios.

    KINESISCTL_BIN=$PWD/build/release/kinesisctl \\
    KINESISCTL_LOADGEN=$PWD/build/release/bench/kinesisctl_loadgen \\
        /usr/bin/python3 bench/cbor_bench.py [ROUNDS] [RECORDS] [GET_SECONDS]

Absolute paths: the servers run in another directory. The figures in docs/benchmarks.md come
from `bench/cbor_bench.py 5 50000 3`.
"""
import json
import os
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(os.path.dirname(HERE), "tests", "peers"))
import peers  # noqa: E402
import server_bench  # noqa: E402
import util  # noqa: E402

os.environ.update(peers.client_env())
import boto3  # noqa: E402


def one(fmt, loadgen, records, get_seconds):
    extra = ["--cbor"] if fmt == "cbor" else []
    with peers.start("kinesisctl", delay_ms=0) as server:
        c = boto3.client("kinesis", endpoint_url=server.endpoint, region_name="us-east-1")
        c.create_stream(StreamName="bench-load", ShardCount=4)
        while c.describe_stream_summary(StreamName="bench-load")[
                "StreamDescriptionSummary"]["StreamStatus"] != "ACTIVE":
            time.sleep(0.02)
        cpu0 = server_bench._cpu_s(server.proc.pid)
        put = server_bench._load(loadgen, ["put", server.port, "bench-load", records] + extra,
                                 300)
        cpu1 = server_bench._cpu_s(server.proc.pid)
        get = server_bench._load(loadgen, ["get", server.port, "bench-load", 4, get_seconds]
                                 + extra, get_seconds + 120)
        cpu2 = server_bench._cpu_s(server.proc.pid)
    return {"format": fmt, "put_rate": put["rate"], "put_errors": put["errors"],
            "put_cpu_ms_per_1k": (cpu1 - cpu0) * 1e6 / max(put["records"], 1),
            "get_rate": get["rate"], "get_errors": get["errors"],
            "get_cpu_ms_per_1k": (cpu2 - cpu1) * 1e6 / max(get["records"], 1)}


def main():
    rounds = int(sys.argv[1]) if len(sys.argv) > 1 else 3
    records = int(sys.argv[2]) if len(sys.argv) > 2 else 100000
    get_seconds = float(sys.argv[3]) if len(sys.argv) > 3 else 5
    loadgen = os.environ["KINESISCTL_LOADGEN"]
    rows = []
    print(f"load average at start: {util.loadavg()}", file=sys.stderr)
    for r in range(rounds):
        for fmt in (("json", "cbor") if r % 2 == 0 else ("cbor", "json")):
            row = one(fmt, loadgen, records, get_seconds)
            print(json.dumps(row), file=sys.stderr)
            rows.append(row)
    print(f"load average at end: {util.loadavg()}", file=sys.stderr)
    summary = {}
    for fmt in ("json", "cbor"):
        mine = [x for x in rows if x["format"] == fmt]
        summary[fmt] = {k: util.median([x[k] for x in mine])
                        for k in ("put_rate", "put_cpu_ms_per_1k", "get_rate",
                                  "get_cpu_ms_per_1k")}
    print("| | JSON | CBOR | CBOR / JSON |")
    print("|---|---|---|---|")
    for k, label in (("put_rate", "PutRecords rec/s"), ("get_rate", "GetRecords rec/s"),
                     ("put_cpu_ms_per_1k", "server CPU ms per 1,000 records put"),
                     ("get_cpu_ms_per_1k", "server CPU ms per 1,000 records read")):
        j, c = summary["json"][k], summary["cbor"][k]
        print(f"| {label} | {j:,.1f} | {c:,.1f} | {c / j:.2f} |")
    errors = sum(x["put_errors"] + x["get_errors"] for x in rows)
    print(f"\n{rounds} rounds x {records:,} records put + {get_seconds:g} s of reads per format; "
          f"{errors} failed calls")


if __name__ == "__main__":
    main()
