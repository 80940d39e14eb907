"""Measurement 3 of scripts/bench: the servers under one load generator (kinesisctl_loadgen):
start-up to the first answer, idle RSS, PutRecords (500 x 100 B, 4 in flight) throughput and
batch latency, RSS after the stored records, and GetRecords throughput (4 chains, Limit
10000). kinesisctl serve and kinesalite, each durable and in memory; kinesis-mock in memory with
few records (its batch latency grows with the stored records).
"""
import contextlib
import json
import shutil
import subprocess
import tempfile
import time

import peers
import util


def _load(loadgen, args, timeout):
    p = subprocess.run([loadgen] + [str(a) for a in args], capture_output=True, text=True,
                       timeout=timeout)
    if p.returncode or not p.stdout.strip():
        raise RuntimeError(f"loadgen {args[0]} failed: {p.stderr.strip()[-300:]}")
    return json.loads(p.stdout.strip().splitlines()[-1])


@contextlib.contextmanager
def _timed_start(server_name, data_dir):
    """peers.start, yielding (server, milliseconds from spawn to its first HTTP answer)."""
    started_at, record = [time.monotonic()], {}
    original_ready = peers._ready
    peers._ready = util.make_ready_probe(started_at, record)
    try:
        with peers.start(server_name, delay_ms=0, data_dir=data_dir) as server:
            peers._ready = original_ready
            yield server, record["startup_s"] * 1000
    finally:
        peers._ready = original_ready


def _startup_samples_ms(server_name, durable, runs):
    """Start-up of `runs` fresh starts (a new data directory each), each stopped at once."""
    samples = []
    for _ in range(runs):
        data_dir = tempfile.mkdtemp(prefix="kinesisctl-bench-data-") if durable else None
        try:
            with _timed_start(server_name, data_dir) as (_, ms):
                samples.append(ms)
        finally:
            if data_dir:
                shutil.rmtree(data_dir, ignore_errors=True)
    return samples


def run_one(config, loadgen, boto3_client_for, records, get_seconds, put_cap_s, idle_wait_s,
            startup_runs, log):
    """One server configuration; start-up is the median of `startup_runs` fresh starts."""
    server_name, durable = config["server"], config["durable"]
    ok, why = peers.available(server_name)
    if not ok:
        return {"config": config["label"], "skipped": why}
    data_dir = tempfile.mkdtemp(prefix="kinesisctl-bench-data-") if durable else None
    row = {"config": config["label"], "records_target": records}
    try:
        samples = _startup_samples_ms(server_name, durable, startup_runs - 1)
        with _timed_start(server_name, data_dir) as (server, startup_ms):
            row["startup_samples_ms"] = samples + [startup_ms]
            row["startup_ms"] = util.median(row["startup_samples_ms"])
            time.sleep(idle_wait_s)
            row["idle_rss_mb"] = util.rss_mb(server.proc.pid)[0]
            client = boto3_client_for(server.endpoint)
            client.create_stream(StreamName="bench-load", ShardCount=4)
            while client.describe_stream_summary(StreamName="bench-load")[
                    "StreamDescriptionSummary"]["StreamStatus"] != "ACTIVE":
                time.sleep(0.05)
            cpu0 = _cpu_s(server.proc.pid)
            put = _load(loadgen, ["put", server.port, "bench-load", records,
                                  "--max-seconds", put_cap_s], put_cap_s + 120)
            row["put"] = put
            row["put_cpu_s"] = _cpu_s(server.proc.pid) - cpu0
            row["rss_after_put_mb"], row["hwm_after_put_mb"] = util.rss_mb(server.proc.pid)
            get = _load(loadgen, ["get", server.port, "bench-load", 4, get_seconds],
                        get_seconds + 120)
            row["get"] = get
            log(f"server {config['label']}: start-up {row['startup_ms']:.1f} ms, idle "
                f"{row['idle_rss_mb']:.1f} MB, put {put['rate']:.0f} rec/s "
                f"({put['records']} stored, p50 {put['p50_ms']:.1f} ms), RSS "
                f"{row['rss_after_put_mb']:.1f} MB, get {get['rate']:.0f} rec/s")
    except Exception as e:  # a peer that fails is reported, the run goes on
        row["error"] = str(e)[:300]
        log(f"server {config['label']}: {row['error']}")
    finally:
        if data_dir:
            shutil.rmtree(data_dir, ignore_errors=True)
    return row


def _cpu_s(pid):
    """User + system CPU seconds of the process (its own threads)."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / 100.0
    except (OSError, IndexError, ValueError):
        return float("nan")


CONFIGS = [
    {"label": "kinesisctl serve (memory)", "server": "kinesisctl", "durable": False},
    {"label": "kinesalite (memory)", "server": "kinesalite", "durable": False},
    {"label": "kinesisctl serve --data-dir", "server": "kinesisctl", "durable": True},
    {"label": "kinesalite --path", "server": "kinesalite", "durable": True},
    {"label": "kinesis-mock (memory)", "server": "kinesis-mock", "durable": False, "small": True},
]
