"""Crash durability over many kill -9 cycles of `kinesisctl serve --data-dir`.

Each cycle starts the server on the same directory, runs writers that put records continuously
(PutRecords and PutRecord) while a resharder splits and merges shards of the same stream, kills
the server with SIGKILL at a random moment, restarts it and checks, over everything acknowledged
in all cycles so far: each record present exactly once with its sequence number, sequence
numbers strictly increasing per shard, a stream killed mid-split or mid-merge back to ACTIVE with
open shards tiling the hash-key space and children above their parents.

    KINESISCTL_BIN=build/dev/kinesisctl python3 tests/reliability/kill_cycles.py [CYCLES] [SEED]

Prints one line per cycle and a summary; exits 1 on the first inconsistency."""
import os
import random
import shutil
import signal
import sys
import tempfile
import threading
import time

import botocore.exceptions

import streamcheck
from streamcheck import harness, peers

STREAM = "durable"
ERRORS = (botocore.exceptions.BotoCoreError, botocore.exceptions.ClientError)


def writer(endpoint, tag, acked, lock, stop, use_batch):
    c = harness.client(endpoint)
    i = 0
    while not stop.is_set():
        try:
            if use_batch:
                batch = [{"PartitionKey": f"{tag}-{i + j}", "Data": f"{tag}-{i + j}".encode()}
                         for j in range(20)]
                r = c.put_records(StreamName=STREAM, Records=batch)
                got = [(res["ShardId"], res["SequenceNumber"], rec["Data"])
                       for rec, res in zip(batch, r["Records"]) if "SequenceNumber" in res]
                i += 20
            else:
                data = f"{tag}-{i}".encode()
                r = c.put_record(StreamName=STREAM, PartitionKey=f"{tag}-{i}", Data=data)
                got = [(r["ShardId"], r["SequenceNumber"], data)]
                i += 1
        except botocore.exceptions.ClientError as e:
            if e.response["Error"]["Code"] == "ResourceInUseException":
                continue
            return
        except botocore.exceptions.BotoCoreError:
            return  # the server is gone
        with lock:
            acked.extend(got)


def resharder(endpoint, rng, stop, counts, busy):
    """Alternates splits and merges of open shards; UPDATING periods overlap the kill. `busy` is
    set from an accepted split or merge until the stream is seen ACTIVE again."""
    c = harness.client(endpoint)
    while not stop.is_set():
        try:
            shards = [s for s in streamcheck.list_all_shards(c, STREAM)
                      if "EndingSequenceNumber" not in s["SequenceNumberRange"]]
            shards.sort(key=lambda s: int(s["HashKeyRange"]["StartingHashKey"]))
            if len(shards) >= 6 or (len(shards) > 2 and rng.random() < 0.5):
                k = rng.randrange(len(shards) - 1)
                c.merge_shards(StreamName=STREAM, ShardToMerge=shards[k]["ShardId"],
                               AdjacentShardToMerge=shards[k + 1]["ShardId"])
                counts["merge"] += 1
                busy.set()
            else:
                s = rng.choice(shards)
                lo = int(s["HashKeyRange"]["StartingHashKey"])
                hi = int(s["HashKeyRange"]["EndingHashKey"])
                c.split_shard(StreamName=STREAM, ShardToSplit=s["ShardId"],
                              NewStartingHashKey=str((lo + hi) // 2 + 1))
                counts["split"] += 1
                busy.set()
            streamcheck.wait_active(c, STREAM, timeout_s=10)
            busy.clear()
        except botocore.exceptions.ClientError:
            time.sleep(0.05)
        except botocore.exceptions.BotoCoreError:
            return


def run(cycles, seed):
    rng = random.Random(seed)
    data_dir = tempfile.mkdtemp(prefix="kinesisctl-kill-")
    acked, lock = [], threading.Lock()
    counts = {"split": 0, "merge": 0, "mid_reshard_kills": 0}
    extra = ("--update-delay-ms", "200")
    try:
        for cycle in range(cycles):
            with peers.start("kinesisctl", delay_ms=0, data_dir=data_dir,
                             extra_args=extra) as server:
                c = harness.client(server.endpoint)
                if cycle == 0:
                    c.create_stream(StreamName=STREAM, ShardCount=3)
                problems, total = [], 0
                summary = streamcheck.wait_active(c, STREAM)
                if summary["StreamStatus"] != "ACTIVE":
                    problems.append(f"stream {summary['StreamStatus']} after restart")
                with lock:
                    snapshot = list(acked)
                more, n = streamcheck.check_stream(c, STREAM, snapshot)
                problems += more
                total = n
                print(f"cycle {cycle}: restart ok={not problems}, {len(snapshot)} acknowledged, "
                      f"{total} stored, {counts['split']} splits, {counts['merge']} merges",
                      flush=True)
                if problems:
                    print("\n".join(problems), file=sys.stderr)
                    return 1
                stop, busy = threading.Event(), threading.Event()
                threads = [threading.Thread(target=writer, args=(
                    server.endpoint, f"c{cycle}w{n}", acked, lock, stop, n % 2 == 0))
                    for n in range(4)]
                threads.append(threading.Thread(
                    target=resharder, args=(server.endpoint, rng, stop, counts, busy)))
                for t in threads:
                    t.start()
                time.sleep(rng.uniform(0.3, 2.0))
                server.stop(signal.SIGKILL)
                counts["mid_reshard_kills"] += busy.is_set()
                stop.set()
                for t in threads:
                    t.join(60)
        # The final restart and check after the last kill.
        with peers.start("kinesisctl", delay_ms=0, data_dir=data_dir, extra_args=extra) as server:
            c = harness.client(server.endpoint)
            streamcheck.wait_active(c, STREAM)
            problems, total = streamcheck.check_stream(c, STREAM, acked)
            print(f"after {cycles} kill -9 cycles: {len(acked)} acknowledged, {total} stored, "
                  f"{counts['split']} splits, {counts['merge']} merges, "
                  f"{counts['mid_reshard_kills']} kills while a split or merge was pending, "
                  f"{'consistent' if not problems else 'INCONSISTENT'}", flush=True)
            if problems:
                print("\n".join(problems), file=sys.stderr)
                return 1
        return 0
    finally:
        shutil.rmtree(data_dir, ignore_errors=True)


if __name__ == "__main__":
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 20
    s = int(sys.argv[2]) if len(sys.argv) > 2 else int(time.time())
    print(f"kill_cycles: {n} cycles, seed {s}", flush=True)
    sys.exit(run(n, s))
