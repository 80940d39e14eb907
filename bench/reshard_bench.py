"""Measurement 2 of scripts/bench: API calls and wall time to reshard N -> M with kinesisctl
reshard_to method=auto and method=split_merge, Salt's algorithm looping Salt-style
(salt_reshard.py), and one UpdateShardCount where AWS allows it (M within [N/2, 2N]). Calls are
counted by a CountingProxy in front of `kinesisctl serve`.
"""
import time

import salt_reshard
import util

MUTATING = ("SplitShard", "MergeShards", "UpdateShardCount")


def open_count(client, name):
    shards, token = [], None
    while True:
        r = (client.list_shards(NextToken=token) if token
             else client.list_shards(StreamName=name))
        shards += r["Shards"]
        token = r.get("NextToken")
        if not token:
            break
    return sum(1 for s in shards if "EndingSequenceNumber" not in s["SequenceNumberRange"])


def wait_active(client, name):
    while client.describe_stream_summary(StreamName=name)[
            "StreamDescriptionSummary"]["StreamStatus"] != "ACTIVE":
        time.sleep(0.05)


def usc_legal(n, m):
    return m != n and 2 * m >= n and m <= 2 * n


def measure(kinesisctl, direct, proxied, proxy, env, cases, delay_ms, deadline, log):
    """`direct` and `proxied` are boto3 clients (to the server, and through the proxy). Cells
    not started by `deadline` (time.monotonic()) are recorded as skipped. Returns the rows."""
    rows = []
    counter = [0]
    for n, m in cases:
        methods = ["kinesisctl auto", "kinesisctl split_merge", "Salt loop"]
        if usc_legal(n, m):
            methods.append("UpdateShardCount")
        for method in methods:
            if time.monotonic() > deadline:
                rows.append({"case": f"{n}->{m}", "delay_ms": delay_ms, "method": method,
                             "seconds": 0, "calls": 0, "ops": 0, "by_action": {},
                             "error": "skipped: the step's time budget was spent"})
                continue
            counter[0] += 1
            name = f"bench-rs-{delay_ms}-{counter[0]}"
            direct.create_stream(StreamName=name, ShardCount=n)
            wait_active(direct, name)
            proxy.reset()
            t0 = time.perf_counter()
            error = ""
            if method.startswith("kinesisctl"):
                secs, rc, err = util.run_timed(
                    [kinesisctl, "reshard_to", name, str(m), "method=" + method.split()[1],
                     f"endpoint={proxy.endpoint}", "region=us-east-1", "timeout=600"],
                    env, timeout=900)
                error = err.strip()[-200:] if rc else ""
            elif method == "Salt loop":
                try:
                    salt_reshard.reshard_loop(proxied, name, m)
                except Exception as e:  # report, do not stop the benchmark
                    error = str(e)[:200]
            else:
                try:
                    proxied.update_shard_count(StreamName=name, TargetShardCount=m,
                                               ScalingType="UNIFORM_SCALING")
                    time.sleep(0.05)
                    wait_active(proxied, name)
                except Exception as e:
                    error = str(e)[:200]
            secs = time.perf_counter() - t0
            counts = proxy.snapshot()
            wait_active(direct, name)
            reached = open_count(direct, name)
            if reached != m and not error:
                error = f"ended with {reached} open shards"
            rows.append({"case": f"{n}->{m}", "delay_ms": delay_ms, "method": method,
                         "seconds": secs, "calls": sum(counts.values()),
                         "ops": sum(counts.get(k, 0) for k in MUTATING),
                         "by_action": counts, "error": error})
            log(f"reshard {n}->{m} delay {delay_ms} {method}: {secs:.2f} s, "
                f"{rows[-1]['ops']} ops, {rows[-1]['calls']} calls {error}")
            direct.delete_stream(StreamName=name)
    return rows
