"""scripts/bench's driver: runs the four measurements on loopback and writes
docs/benchmarks.md, docs/benchmarks.json and PNG charts (full mode), or only checks that every
step still works on tiny sizes (--smoke: writes nothing under docs/, asserts no timings).
Run it through scripts/bench, which builds the binaries and sets KINESISCTL_BIN and
KINESISCTL_LOADGEN. Single-threaded apart from the counting proxy.
"""
import argparse
import json
import os
import signal
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, os.path.join(ROOT, "tests", "peers"))
sys.path.insert(0, HERE)

import boto3  # noqa: E402
import botocore.config  # noqa: E402

import cli_cost  # noqa: E402
import describe_bench  # noqa: E402
import peers  # noqa: E402
import proxy as proxy_mod  # noqa: E402
import report  # noqa: E402
import reshard_bench  # noqa: E402
import server_bench  # noqa: E402
import util  # noqa: E402

FULL = {"cli_runs": 20, "cli_warmup": 2, "cli_ops": ("summary", "list", "create+delete"),
        "reshard": {0: [(1, 3), (3, 5), (4, 5), (8, 9), (16, 24), (64, 32), (100, 101)],
                    1000: [(1, 3), (3, 5), (4, 5), (8, 9), (16, 24), (64, 32)]},
        "records": 1_000_000, "mock_records": 10_000, "get_s": 10, "put_cap_s": 75,
        "cli_budget_s": 320, "reshard_budget_s": 400, "startup_runs": 5,
        "idle_wait_s": 2, "describe_shards": 2000, "describe_runs": 5}
SMOKE = {"cli_runs": 1, "cli_warmup": 0, "cli_ops": ("create+delete",),
         "reshard": {0: [(1, 3), (4, 5)]},
         "records": 5_000, "mock_records": 1_000, "get_s": 1, "put_cap_s": 20,
         "cli_budget_s": 30, "reshard_budget_s": 60, "startup_runs": 1,
         "idle_wait_s": 0.2, "describe_shards": 150, "describe_runs": 1}


def boto3_client(endpoint):
    return boto3.client("kinesis", endpoint_url=endpoint, region_name="us-east-1",
                        aws_access_key_id="AKIDBENCHKEY", aws_secret_access_key="bench-secret",
                        config=botocore.config.Config(retries={"max_attempts": 10,
                                                               "mode": "standard"}))


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--smoke", action="store_true", help="tiny sizes, write nothing")
    parser.add_argument("--only", default="cli,reshard,server,describe",
                        help="comma-separated subset of steps")
    parser.add_argument("--out", default=os.path.join(ROOT, "docs"))
    parser.add_argument("--render-only", action="store_true",
                        help="measure nothing: rewrite the report and charts from "
                        "OUT/benchmarks.json")
    args = parser.parse_args()
    if args.render_only:
        with open(os.path.join(args.out, "benchmarks.json")) as f:
            report.write(json.load(f), args.out, print)
        return 0
    # On scripts/bench's time limit, unwind so every started server is stopped.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(124))
    plan = SMOKE if args.smoke else FULL
    steps = set(args.only.split(","))
    kinesisctl = os.environ.get("KINESISCTL_BIN")  # set by scripts/bench
    loadgen = os.environ.get("KINESISCTL_LOADGEN")
    if not kinesisctl or not loadgen:
        sys.exit("run.py: set KINESISCTL_BIN and KINESISCTL_LOADGEN (scripts/bench does)")
    for key in [k for k in os.environ if k.startswith("AWS_")]:
        del os.environ[key]
    os.environ.update({"AWS_ACCESS_KEY_ID": "AKIDBENCHKEY", "AWS_SECRET_ACCESS_KEY": "bench-secret",
                       "AWS_DEFAULT_REGION": "us-east-1", "AWS_REGION": "us-east-1",
                       "AWS_EC2_METADATA_DISABLED": "true", "AWS_PAGER": ""})
    home = tempfile.mkdtemp(prefix="kinesisctl-bench-home-")
    env = peers.client_env(None, HOME=home, AWS_ACCESS_KEY_ID="AKIDBENCHKEY",
                           AWS_SECRET_ACCESS_KEY="bench-secret")
    t_start = time.monotonic()
    results = {"mode": "smoke" if args.smoke else "full", "machine": util.machine(),
               "versions": versions(kinesisctl), "plan": {k: v for k, v in plan.items()
                                                         if k != "reshard"},
               "reshard_plan": {str(k): v for k, v in plan["reshard"].items()}}

    def log(msg):
        print(f"[bench {time.monotonic() - t_start:6.1f}s load {util.loadavg()}] {msg}",
              flush=True)

    if "cli" in steps:
        with peers.start("kinesisctl", delay_ms=0, shard_limit=5000) as server:
            boto3_client(server.endpoint).create_stream(StreamName="bench-cli", ShardCount=4)
            results["cli"] = cli_cost.measure(kinesisctl, server.endpoint, env,
                                              plan["cli_runs"], plan["cli_warmup"],
                                              plan["cli_budget_s"], log, plan["cli_ops"])
    if "reshard" in steps:
        results["reshard"] = []
        step_start = time.monotonic()
        for i, (delay, cases) in enumerate(plan["reshard"].items()):
            # Each delay gets its share of the budget; time one leaves unused goes to the next.
            deadline = step_start + plan["reshard_budget_s"] * (i + 1) / len(plan["reshard"])
            with peers.start("kinesisctl", delay_ms=delay, shard_limit=5000) as server:
                counting = proxy_mod.CountingProxy(server.port)
                try:
                    results["reshard"] += reshard_bench.measure(
                        kinesisctl, boto3_client(server.endpoint),
                        boto3_client(counting.endpoint), counting, env, cases, delay,
                        deadline, log)
                finally:
                    counting.close()
    if "server" in steps:
        results["server"] = []
        for config in server_bench.CONFIGS:
            records = plan["mock_records"] if config.get("small") else plan["records"]
            results["server"].append(server_bench.run_one(
                config, loadgen, boto3_client, records, plan["get_s"], plan["put_cap_s"],
                plan["idle_wait_s"], plan["startup_runs"], log))
    if "describe" in steps:
        n = plan["describe_shards"]
        with peers.start("kinesisctl", delay_ms=0, shard_limit=n + 100) as server:
            client = boto3_client(server.endpoint)
            client.create_stream(StreamName="bench-wide", ShardCount=n)
            reshard_bench.wait_active(client, "bench-wide")
            counting = proxy_mod.CountingProxy(server.port)
            try:
                results["describe"] = describe_bench.measure(
                    kinesisctl, counting, env, "bench-wide", n, plan["describe_runs"], log)
                results["describe"]["shards"] = n
            finally:
                counting.close()
    results["machine"]["load_end"] = util.loadavg()
    results["total_s"] = time.monotonic() - t_start
    log(f"all steps done in {results['total_s']:.0f} s")
    if args.smoke:
        problems = report.problems(results)
        for p in problems:
            print("bench smoke: " + p, file=sys.stderr)
        return 1 if problems else 0
    os.makedirs(args.out, exist_ok=True)
    results = report.relative_paths(results)
    with open(os.path.join(args.out, "benchmarks.json"), "w") as f:
        json.dump(results, f, indent=1, sort_keys=True)
    report.write(results, args.out, log)
    return 0


def versions(kinesisctl):
    return {
        "kinesisctl": util.version_of([kinesisctl, "--version"]),
        "aws v2": util.version_of(["/usr/bin/aws", "--version"]),
        "aws v1": util.version_of([cli_cost.find_aws_v1() or "true", "--version"]),
        "boto3 (/usr/bin/python3)": boto3.__version__,
        "curl": util.version_of(["curl", "--version"]),
        "node": util.version_of(["node", "--version"]),
    }


if __name__ == "__main__":
    sys.exit(main())
