"""Reads a stream back from `kinesisctl serve` and checks what the reliability runs promise:
every acknowledged record present exactly once with its sequence number, sequence numbers
strictly increasing per shard, open shards tiling the hash-key space, children above parents.
Shared by kill_cycles.py and soak.py. Loopback only; boto3 clients from the conformance harness."""
import os
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(os.path.dirname(HERE), "conformance"))
import harness  # noqa: E402
import peers  # noqa: E402  (put on sys.path by harness)

MAX_KEY = 2**128 - 1


def list_all_shards(c, stream):
    shards, kwargs = [], {"StreamName": stream}
    while True:
        page = c.list_shards(**kwargs)
        shards += page["Shards"]
        if not page.get("NextToken"):
            return shards
        kwargs = {"NextToken": page["NextToken"]}


def read_all(c, stream):
    """{shard id: [(sequence number, data)]} for every shard, open or closed."""
    stored = {}
    for shard in list_all_shards(c, stream):
        sid = shard["ShardId"]
        it = c.get_shard_iterator(StreamName=stream, ShardId=sid,
                                  ShardIteratorType="TRIM_HORIZON")["ShardIterator"]
        stored[sid], empty = [], 0
        while it and empty < 3:
            page = c.get_records(ShardIterator=it, Limit=10000)
            stored[sid] += [(r["SequenceNumber"], r["Data"]) for r in page["Records"]]
            empty = 0 if page["Records"] else empty + 1
            if not page["Records"] and page.get("MillisBehindLatest", 0) == 0:
                break
            it = page.get("NextShardIterator")
    return stored


def wait_active(c, stream, timeout_s=60.0):
    deadline = time.monotonic() + timeout_s
    while True:
        s = c.describe_stream_summary(StreamName=stream)["StreamDescriptionSummary"]
        if s["StreamStatus"] == "ACTIVE" or time.monotonic() > deadline:
            return s
        time.sleep(0.05)


def check_stream(c, stream, acked):
    """Problems found (empty when consistent). `acked`: [(shard id, sequence number, data)]."""
    problems = []
    shards = list_all_shards(c, stream)
    by_id = {s["ShardId"]: s for s in shards}
    # Open shards tile [0, 2^128-1] without gaps or overlaps.
    open_ranges = sorted(
        (int(s["HashKeyRange"]["StartingHashKey"]), int(s["HashKeyRange"]["EndingHashKey"]))
        for s in shards if "EndingSequenceNumber" not in s["SequenceNumberRange"])
    expect = 0
    for lo, hi in open_ranges:
        if lo != expect:
            problems.append(f"open shards leave a gap or overlap at {expect} (next starts {lo})")
        expect = hi + 1
    if expect != MAX_KEY + 1:
        problems.append(f"open shards end at {expect - 1}, not 2^128-1")
    # Children start above their parents' last sequence number.
    for s in shards:
        for key in ("ParentShardId", "AdjacentParentShardId"):
            parent = by_id.get(s.get(key))
            if s.get(key) and parent is None:
                problems.append(f"{s['ShardId']}: parent {s[key]} missing")
            elif parent is not None:
                end = parent["SequenceNumberRange"].get("EndingSequenceNumber")
                start = s["SequenceNumberRange"]["StartingSequenceNumber"]
                if end is None:
                    problems.append(f"{s['ShardId']}: parent {parent['ShardId']} still open")
                elif int(start) <= int(end):
                    problems.append(f"{s['ShardId']} starts at {start}, not above {end}")
    stored = read_all(c, stream)
    seen_data = {}
    for sid, recs in stored.items():
        seqs = [int(s) for s, _ in recs]
        if any(a >= b for a, b in zip(seqs, seqs[1:])):
            problems.append(f"{sid}: sequence numbers not strictly increasing")
        for _, data in recs:
            seen_data[data] = seen_data.get(data, 0) + 1
    dups = [d for d, n in seen_data.items() if n > 1]
    if dups:
        problems.append(f"{len(dups)} records stored more than once, e.g. {dups[:3]}")
    index = {(sid, s): d for sid, recs in stored.items() for s, d in recs}
    lost = [(sid, seq) for sid, seq, data in acked if index.get((sid, seq)) != data]
    if lost:
        problems.append(f"{len(lost)} acknowledged records missing or changed, e.g. {lost[:3]}")
    return problems, sum(len(r) for r in stored.values())
