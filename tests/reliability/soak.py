"""Soak test of `kinesisctl serve --data-dir`: 64 concurrent clients for SECONDS mixing the data
plane (PutRecords, PutRecord, GetShardIterator/GetRecords) and the control plane (create, tag,
describe, list, reshard, retention, delete). Passes with zero 5xx answers and zero transport
errors, every acknowledged record read back exactly once, and the server's RSS flat after
warm-up (second-half mean within 25% + 8 MiB of the mean just after warm-up).

    KINESISCTL_BIN=build/dev/kinesisctl python3 tests/reliability/soak.py [SECONDS]

Prints the figures (calls, errors by code, records, RSS samples) as one summary."""
import collections
import os
import shutil
import sys
import tempfile
import threading
import time

import botocore.exceptions

import streamcheck
from streamcheck import harness, peers

CLIENTS = 64
DATA_STREAMS = ["soak-data-0", "soak-data-1", "soak-data-2", "soak-data-3"]


class Stats:
    def __init__(self):
        self.lock = threading.Lock()
        self.calls = collections.Counter()
        self.errors = collections.Counter()  # code -> count
        self.server_errors = 0                # 5xx and transport failures
        self.acked = collections.defaultdict(list)

    def call(self, name, fn, **kwargs):
        try:
            r = fn(**kwargs)
            with self.lock:
                self.calls[name] += 1
            return r
        except botocore.exceptions.ClientError as e:
            status = e.response.get("ResponseMetadata", {}).get("HTTPStatusCode", 0)
            with self.lock:
                self.calls[name] += 1
                self.errors[e.response["Error"]["Code"]] += 1
                if status >= 500:
                    self.server_errors += 1
            return None
        except botocore.exceptions.BotoCoreError as e:
            with self.lock:
                self.calls[name] += 1
                self.errors[type(e).__name__] += 1
                self.server_errors += 1
            return None


def writer(endpoint, n, stats, stop):
    c = harness.client(endpoint)
    stream, i = DATA_STREAMS[n % len(DATA_STREAMS)], 0
    while not stop.is_set():
        if n % 3:
            batch = [{"PartitionKey": f"w{n}-{i + j}", "Data": f"w{n}-{i + j}".encode()}
                     for j in range(25)]
            r = stats.call("PutRecords", c.put_records, StreamName=stream, Records=batch)
            got = [] if r is None else [(res["ShardId"], res["SequenceNumber"], rec["Data"])
                                        for rec, res in zip(batch, r["Records"])
                                        if "SequenceNumber" in res]
            i += 25
        else:
            data = f"w{n}-{i}".encode()
            r = stats.call("PutRecord", c.put_record, StreamName=stream, PartitionKey=data.decode(),
                           Data=data)
            got = [] if r is None else [(r["ShardId"], r["SequenceNumber"], data)]
            i += 1
        with stats.lock:
            stats.acked[stream].extend(got)


def reader(endpoint, n, stats, stop):
    c = harness.client(endpoint)
    stream = DATA_STREAMS[n % len(DATA_STREAMS)]
    while not stop.is_set():
        shards = stats.call("ListShards", c.list_shards, StreamName=stream)
        if not shards:
            continue
        for s in shards["Shards"][:2]:
            it = stats.call("GetShardIterator", c.get_shard_iterator, StreamName=stream,
                            ShardId=s["ShardId"], ShardIteratorType="TRIM_HORIZON")
            it = it and it["ShardIterator"]
            for _ in range(3):
                if not it or stop.is_set():
                    break
                page = stats.call("GetRecords", c.get_records, ShardIterator=it, Limit=500)
                it = page and page.get("NextShardIterator")


def controller(endpoint, n, stats, stop):
    c = harness.client(endpoint)
    k = 0
    while not stop.is_set():
        name = f"soak-cp-{n}-{k}"
        k += 1
        stats.call("CreateStream", c.create_stream, StreamName=name, ShardCount=1)
        for _ in range(100):
            s = stats.call("DescribeStreamSummary", c.describe_stream_summary, StreamName=name)
            if s and s["StreamDescriptionSummary"]["StreamStatus"] == "ACTIVE":
                break
            time.sleep(0.02)
        stats.call("AddTagsToStream", c.add_tags_to_stream, StreamName=name, Tags={"n": str(n)})
        stats.call("ListTagsForStream", c.list_tags_for_stream, StreamName=name)
        stats.call("ListStreams", c.list_streams, Limit=10)
        stats.call("DescribeLimits", c.describe_limits)
        stats.call("UpdateShardCount", c.update_shard_count, StreamName=name, TargetShardCount=2,
                   ScalingType="UNIFORM_SCALING")
        for _ in range(100):
            s = stats.call("DescribeStream", c.describe_stream, StreamName=name)
            if s and s["StreamDescription"]["StreamStatus"] == "ACTIVE":
                break
            time.sleep(0.02)
        stats.call("IncreaseStreamRetentionPeriod", c.increase_stream_retention_period,
                   StreamName=name, RetentionPeriodHours=48)
        stats.call("DeleteStream", c.delete_stream, StreamName=name)


def rss_kib(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


def main(seconds):
    data_dir = tempfile.mkdtemp(prefix="kinesisctl-soak-")
    stats, stop = Stats(), threading.Event()
    try:
        with peers.start("kinesisctl", delay_ms=50, data_dir=data_dir) as server:
            c = harness.client(server.endpoint)
            for s in DATA_STREAMS:
                c.create_stream(StreamName=s, ShardCount=4)
            for s in DATA_STREAMS:
                streamcheck.wait_active(c, s)
            roles = [writer] * 40 + [reader] * 12 + [controller] * 12
            assert len(roles) == CLIENTS
            threads = [threading.Thread(target=role, args=(server.endpoint, n, stats, stop))
                       for n, role in enumerate(roles)]
            for t in threads:
                t.start()
            samples, start = [], time.monotonic()
            while time.monotonic() - start < seconds:
                time.sleep(1)
                samples.append(rss_kib(server.proc.pid))
            stop.set()
            for t in threads:
                t.join(120)
            problems, stored = [], 0
            for s in DATA_STREAMS:
                more, n = streamcheck.check_stream(c, s, stats.acked[s])
                problems += [f"{s}: {p}" for p in more]
                stored += n
            acked = sum(len(v) for v in stats.acked.values())
            warm = max(1, len(samples) // 4)
            base = samples[warm:2 * warm] or samples[-1:]
            late = samples[len(samples) // 2:] or samples[-1:]
            base_mean, late_mean = sum(base) / len(base), sum(late) / len(late)
            if late_mean > base_mean * 1.25 + 8192:
                problems.append(f"RSS grew after warm-up: {base_mean / 1024:.1f} MiB -> "
                                f"{late_mean / 1024:.1f} MiB")
            if stats.server_errors:
                problems.append(f"{stats.server_errors} 5xx answers or transport errors")
            print(f"soak: {seconds}s, {CLIENTS} clients, {sum(stats.calls.values())} calls, "
                  f"{stats.server_errors} 5xx/transport errors, 4xx by code "
                  f"{dict(stats.errors)}, {acked} records acknowledged, {stored} stored, "
                  f"RSS MiB warm-up {base_mean / 1024:.1f} -> late {late_mean / 1024:.1f} "
                  f"(max {max(samples) / 1024:.1f})", flush=True)
            print("soak: calls by action " + ", ".join(
                f"{k} {v}" for k, v in sorted(stats.calls.items())), flush=True)
            if problems:
                print("\n".join(problems), file=sys.stderr)
                return 1
            return 0
    finally:
        shutil.rmtree(data_dir, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main(int(sys.argv[1]) if len(sys.argv) > 1 else 60))
