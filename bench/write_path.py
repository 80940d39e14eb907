"""The durable write path, like for like (hand-run, not part of scripts/bench): `kinesisctl serve
--data-dir` and kinesalite `--path` under kinesisctl_loadgen's PutRecords load (500 x 100 B
records per call), each cell storing the SAME number of records into a fresh server and data
directory, by client connections (1, 2, 4, 8 in flight on a 4-shard stream) and by shards (1, 4,
16 with 4 in flight). Within a round the servers alternate cell by cell (kinesisctl then
kinesalite for one cell, then the next cell; the first server swaps each round); rounds repeat
the whole grid. Reported per cell: the median over rounds of the throughput and of the server's
CPU per stored record (utime + stime of the server process, /proc/PID/stat, before and after the
load), with the 1-minute load average seen during the run, which says how much other work shared
the machine. Optionally (--ceiling) runs kinesisctl_ceiling for the in-process costs.

    R=$PWD/build/release   # absolute: the servers start in their own working directories
    KINESISCTL_BIN=$R/kinesisctl KINESISCTL_LOADGEN=$R/bench/kinesisctl_loadgen \\
    KINESISCTL_CEILING=$R/bench/kinesisctl_ceiling \\
        /usr/bin/python3 bench/write_path.py [--rounds 3] [--records 50000] [--ceiling]
        [--servers kinesisctl,kinesalite] [--out docs/benchmarks-write-path.json]
        [--compare OTHER_KINESISCTL_BIN [--cells 1x4,4x1,4x4,16x4]]

--compare OTHER: instead of the grid, the cells of --cells (SHARDSxCONNECTIONS, default 4x4)
only, alternating run by run between KINESISCTL_BIN and OTHER (another build of kinesisctl, e.g.
the previous release; the order swaps each round), both with --data-dir; prints each run and the
medians (writes nothing).

Writes the JSON (raw rounds and medians) and, when matplotlib imports, docs/benchmarks-scaling.png.
"""
import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, os.path.join(ROOT, "tests", "peers"))
sys.path.insert(0, HERE)
import peers  # noqa: E402
import server_bench  # noqa: E402
import util  # noqa: E402

os.environ.update(peers.client_env())
import boto3  # noqa: E402

CONNECTIONS = (1, 2, 4, 8)
SHARDS = (1, 4, 16)


def cell(server_name, loadgen, records, shards, inflight):
    data_dir = tempfile.mkdtemp(prefix="kinesisctl-bench-data-")
    try:
        with peers.start(server_name, delay_ms=0, data_dir=data_dir) as server:
            c = boto3.client("kinesis", endpoint_url=server.endpoint, region_name="us-east-1")
            c.create_stream(StreamName="bench-load", ShardCount=shards)
            while c.describe_stream_summary(StreamName="bench-load")[
                    "StreamDescriptionSummary"]["StreamStatus"] != "ACTIVE":
                time.sleep(0.02)
            cpu0 = server_bench._cpu_s(server.proc.pid)
            put = server_bench._load(loadgen, ["put", server.port, "bench-load", records,
                                               "--inflight", inflight], 600)
            cpu = server_bench._cpu_s(server.proc.pid) - cpu0
    finally:
        shutil.rmtree(data_dir, ignore_errors=True)
    return {"server": server_name, "shards": shards, "inflight": inflight,
            "records": put["records"], "errors": put["errors"], "rate": put["rate"],
            "p50_ms": put["p50_ms"], "cpu_s": cpu,
            "cpu_us_per_record": cpu * 1e6 / max(put["records"], 1), "load": util.loadavg()}


def grid():
    cells = [(4, n) for n in CONNECTIONS]
    cells += [(s, 4) for s in SHARDS if s != 4]
    return cells


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--records", type=int, default=50000)
    ap.add_argument("--servers", default="kinesisctl,kinesalite")
    ap.add_argument("--ceiling", action="store_true")
    ap.add_argument("--out", default=os.path.join(ROOT, "docs", "benchmarks-write-path.json"))
    ap.add_argument("--compare", default="")
    ap.add_argument("--cells", default="4x4", help="--compare: SHARDSxCONNECTIONS,...")
    args = ap.parse_args()
    loadgen = os.environ["KINESISCTL_LOADGEN"]
    if args.compare:
        return compare(args, loadgen)
    servers = args.servers.split(",")
    result = {"command": " ".join(["bench/write_path.py"] + sys.argv[1:]),
              "machine": util.machine(), "records_per_cell": args.records, "rows": []}
    for r in range(args.rounds):
        order = servers if r % 2 == 0 else servers[::-1]
        for shards, inflight in grid():
            for name in order:
                row = cell(name, loadgen, args.records, shards, inflight)
                row["round"] = r
                print(json.dumps(row), file=sys.stderr, flush=True)
                result["rows"].append(row)
    if args.ceiling:
        result["ceiling"] = {}
        for shards in SHARDS:
            out = subprocess.run([os.environ["KINESISCTL_CEILING"], "5", "40", "all",
                                  str(shards)], capture_output=True, text=True, check=True)
            result["ceiling"][str(shards)] = json.loads(out.stdout.strip().splitlines()[-1])
            result["ceiling"][str(shards)]["load"] = util.loadavg()
    result["machine"]["load_end"] = util.loadavg()
    result["medians"] = medians(result["rows"])
    with open(args.out, "w") as f:
        json.dump(result, f, indent=1, sort_keys=True)
        f.write("\n")
    print(table(result))
    chart(result, os.path.join(os.path.dirname(args.out), "benchmarks-scaling.png"))
    return 0


def compare(args, loadgen):
    bins = {"KINESISCTL_BIN": os.environ["KINESISCTL_BIN"], "OTHER": args.compare}
    cells = [tuple(int(n) for n in c.split("x")) for c in args.cells.split(",")]
    runs = {(label, c): [] for label in bins for c in cells}
    for r in range(args.rounds):
        for shards, inflight in cells:
            for label in (list(bins) if r % 2 == 0 else list(bins)[::-1]):
                os.environ["KINESISCTL_BIN"] = bins[label]
                row = cell("kinesisctl", loadgen, args.records, shards, inflight)
                runs[(label, (shards, inflight))].append(row)
                print(f"{label} ({bins[label]}) {shards} shards x {inflight}: "
                      f"{row['rate']:,.0f} rec/s, {row['cpu_us_per_record']:.2f} µs CPU / "
                      f"record, load {row['load']}", flush=True)
    os.environ["KINESISCTL_BIN"] = bins["KINESISCTL_BIN"]
    for (label, (shards, inflight)), rows in runs.items():
        cpu = [x['cpu_us_per_record'] for x in rows]
        print(f"median {label} {shards} shards x {inflight}: "
              f"{util.median([x['rate'] for x in rows]):,.0f} rec/s, "
              f"{util.median(cpu):.2f} µs CPU / record [{min(cpu):.2f}-{max(cpu):.2f}]")
    return 0


def medians(rows):
    out = []
    keys = sorted({(x["server"], x["shards"], x["inflight"]) for x in rows})
    for server, shards, inflight in keys:
        mine = [x for x in rows if (x["server"], x["shards"], x["inflight"]) ==
                (server, shards, inflight)]
        out.append({"server": server, "shards": shards, "inflight": inflight,
                    "records": mine[0]["records"], "n": len(mine),
                    "rate": util.median([x["rate"] for x in mine]),
                    "rate_spread": util.spread([x["rate"] for x in mine]),
                    "cpu_us_per_record": util.median([x["cpu_us_per_record"] for x in mine]),
                    "cpu_spread": util.spread([x["cpu_us_per_record"] for x in mine]),
                    "errors": sum(x["errors"] for x in mine)})
    return out


def table(result):
    lines = ["| server | shards | connections | records stored | PutRecords rec/s [spread] | "
             "server CPU µs / record [spread] |", "|---|---|---|---|---|---|"]
    for m in result["medians"]:
        lines.append(f"| {m['server']} | {m['shards']} | {m['inflight']} | {m['records']:,} | "
                     f"{m['rate']:,.0f} [{m['rate_spread']:.0%}] | "
                     f"{m['cpu_us_per_record']:.2f} [{m['cpu_spread']:.0%}] |")
    if "ceiling" in result:
        steps = sorted(result["ceiling"]["4"]["cpu_us_per_record"])
        lines += ["", "| in process, CPU µs per record | " + " | ".join(steps) + " |",
                  "|---|" + "---|" * len(steps)]
        for shards, c in sorted(result["ceiling"].items(), key=lambda kv: int(kv[0])):
            lines.append(f"| {shards} shards | " + " | ".join(
                f"{c['cpu_us_per_record'][k]:.2f}" for k in steps) + " |")
    return "\n".join(lines)


def chart(result, path):
    try:
        import matplotlib
        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError as e:
        print(f"no chart: {e}", file=sys.stderr)
        return
    fig, axes = plt.subplots(2, 2, figsize=(11, 7))
    for col, (key, xs, fixed) in enumerate((("inflight", CONNECTIONS, ("shards", 4)),
                                            ("shards", SHARDS, ("inflight", 4)))):
        for server in sorted({m["server"] for m in result["medians"]}):
            pts = sorted((m[key], m) for m in result["medians"]
                         if m["server"] == server and m[fixed[0]] == fixed[1] and m[key] in xs)
            label = {"kinesisctl": "kinesisctl serve --data-dir",
                     "kinesalite": "kinesalite --path"}.get(server, server)
            axes[0][col].plot([p[0] for p in pts], [p[1]["rate"] for p in pts], "o-",
                              label=label)
            axes[1][col].plot([p[0] for p in pts], [p[1]["cpu_us_per_record"] for p in pts],
                              "o-", label=label)
        what = "client connections (4 shards)" if key == "inflight" else "shards (4 connections)"
        for row, ylabel in ((0, "PutRecords records/s"), (1, "server CPU µs per record")):
            ax = axes[row][col]
            ax.set_xscale("log", base=2)
            ax.set_xticks(xs, [str(x) for x in xs])
            ax.set_yscale("log")
            ax.set_xlabel(what)
            ax.set_ylabel(ylabel)
            ax.grid(True, which="both", alpha=0.3)
        axes[0][col].legend(fontsize=8)
    fig.suptitle(f"Durable PutRecords (500 x 100 B), {result['records_per_cell']:,} records "
                 "stored per cell, median of rounds", fontsize=10)
    fig.tight_layout()
    fig.savefig(path, dpi=100)
    plt.close(fig)
    print(f"chart: {path}", file=sys.stderr)


if __name__ == "__main__":
    sys.exit(main())
