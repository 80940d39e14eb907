"""Measurement 4 of scripts/bench: describing a 2,000-shard stream, whole process, kinesisctl
describe_stream against Salt-style DescribeStream paging (a one-shot boto3 script doing what
Salt's get_stream_when_active + _get_full_stream do, without the initial random sleep). Calls
are counted by the CountingProxy, which also gives each run's time on the wire (first request
in to last answer out): the like-for-like figure, without the process start-up (the Python
interpreter and boto3 for one, the C++ runtime for the other) that the whole-process time holds.
"""
import os

import util

HERE = os.path.dirname(os.path.abspath(__file__))

SALT_DESCRIBE = (
    "import sys; sys.path.insert(0, sys.argv[3])\n"
    "import boto3, salt_reshard\n"
    "c = boto3.client('kinesis', endpoint_url=sys.argv[1])\n"
    "d = salt_reshard._when_active(c, sys.argv[2], 0)\n"
    "assert len(d['Shards']) >= int(sys.argv[4]), len(d['Shards'])\n")


def measure(kinesisctl, proxy, env, name, shards, runs, log):
    cmds = {
        "kinesisctl describe_stream": [kinesisctl, "describe_stream", name,
                                       f"endpoint={proxy.endpoint}", "region=us-east-1"],
        "Salt-style paging (boto3)": ["/usr/bin/python3", "-c", SALT_DESCRIBE, proxy.endpoint,
                                      name, HERE, str(shards)],
    }
    result = {}
    for tool in cmds:
        result[tool] = {"times": [], "spans": [], "calls": None, "error": ""}
    for i in range(runs):
        for tool, cmd in cmds.items():
            proxy.reset()
            secs, rc, err = util.run_timed(cmd, env, timeout=300)
            if rc:
                result[tool]["error"] = err.strip()[-200:]
                continue
            result[tool]["times"].append(secs)
            result[tool]["spans"].append(proxy.span_s())
            result[tool]["calls"] = proxy.snapshot()
    for tool, r in result.items():
        log(f"describe {shards} shards, {tool}: {util.median(r['times']) * 1000:.0f} ms whole, "
            f"{util.median(r['spans']) * 1000:.0f} ms on the wire, "
            f"calls {r['calls']} {r['error']}")
    result["commands"] = {t: " ".join(c).replace(SALT_DESCRIBE, "<script>")
                          for t, c in cmds.items()}
    return result
