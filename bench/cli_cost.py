"""Measurement 1 of scripts/bench: whole-process cost of one CLI operation, kinesisctl against
the AWS CLI v2, the AWS CLI v1 (pip, when present), a one-shot boto3 script and a bare signed
curl POST (the floor), all against one `kinesisctl serve`, runs alternating between tools.
"""
import os
import shutil
import subprocess
import time

import util

BOTO3_ONESHOT = (
    "import boto3, sys\n"
    "c = boto3.client('kinesis', endpoint_url=sys.argv[1])\n"
    "op, name = sys.argv[2], sys.argv[3]\n"
    "if op == 'summary': c.describe_stream_summary(StreamName=name)\n"
    "elif op == 'list': c.list_streams()\n"
    "elif op == 'create': c.create_stream(StreamName=name, ShardCount=1)\n"
    "else: c.delete_stream(StreamName=name)\n")

CURL_BODIES = {
    "summary": ("DescribeStreamSummary", '{{"StreamName":"{name}"}}'),
    "list": ("ListStreams", "{{}}"),
    "create": ("CreateStream", '{{"StreamName":"{name}","ShardCount":1}}'),
    "delete": ("DeleteStream", '{{"StreamName":"{name}"}}'),
}


def find_aws_v1():
    """The pip AWS CLI v1 on PATH (not /usr/bin/aws), or None."""
    for d in os.environ.get("PATH", "").split(os.pathsep):
        path = os.path.join(d, "aws")
        if not os.path.isfile(path) or os.path.realpath(path).startswith("/usr/bin"):
            continue
        if os.path.realpath(d) in ("/usr/bin", "/bin"):
            continue
        if util.version_of([path, "--version"]).startswith("aws-cli/1."):
            return path
    return None


def tools(kinesisctl, endpoint, skipped):
    """name -> function(op, stream) returning the argv."""
    t = {}
    t["kinesisctl"] = lambda op, s: [kinesisctl] + {
        "summary": ["describe_stream_summary", s], "list": ["list_streams"],
        "create": ["create_stream", s, "1"], "delete": ["delete_stream", s]}[op] + [
        f"endpoint={endpoint}", "region=us-east-1"]
    aws_ops = {"summary": lambda s: ["describe-stream-summary", "--stream-name", s],
               "list": lambda s: ["list-streams"],
               "create": lambda s: ["create-stream", "--stream-name", s, "--shard-count", "1"],
               "delete": lambda s: ["delete-stream", "--stream-name", s]}
    if os.path.exists("/usr/bin/aws"):
        t["aws v2"] = lambda op, s: ["/usr/bin/aws", "kinesis"] + aws_ops[op](s) + [
            "--endpoint-url", endpoint]
    else:
        skipped.append("AWS CLI v2: /usr/bin/aws is missing")
    v1 = find_aws_v1()
    if v1:
        t["aws v1"] = lambda op, s: [v1, "kinesis"] + aws_ops[op](s) + ["--endpoint-url", endpoint]
    else:
        skipped.append("AWS CLI v1: no pip `aws` 1.x on PATH")
    if subprocess.run(["/usr/bin/python3", "-c", "import boto3"], capture_output=True).returncode:
        skipped.append("boto3 one-shot: /usr/bin/python3 cannot import boto3")
    else:
        t["boto3 one-shot"] = lambda op, s: ["/usr/bin/python3", "-c", BOTO3_ONESHOT, endpoint, op, s]
    if shutil.which("curl"):
        def curl(op, s):
            target, body = CURL_BODIES[op]
            return ["curl", "-sf", "-o", "/dev/null", "--aws-sigv4", "aws:amz:us-east-1:kinesis",
                    "--user", "AKIDBENCHKEY:bench-secret",
                    "-H", "Content-Type: application/x-amz-json-1.1",
                    "-H", f"X-Amz-Target: Kinesis_20131202.{target}",
                    "--data-binary", body.format(name=s), endpoint + "/"]
        t["curl floor"] = curl
    else:
        skipped.append("curl floor: curl is missing")
    return t


def measure(kinesisctl, endpoint, env, runs, warmup, budget_s, log,
            ops=("summary", "list", "create+delete")):
    """Stops an operation's rounds early (at least 3 timed rounds) when its share of `budget_s`
    is spent, on a busy machine; the runs made are in the results. Time an operation leaves
    unused goes to the next one (create+delete, two processes per run, comes last). Returns {"times": {op: {tool: [seconds]}}, "failures": {...}, "commands": {...},
    "skipped": [...]}. Ops: summary, list, create+delete (the pair's total)."""
    skipped = []
    t = tools(kinesisctl, endpoint, skipped)
    names = list(t)
    times = {op: {n: [] for n in names} for op in ops}
    failures = {}
    counter = [0]

    def one(tool, op, record):
        if op == "create+delete":
            counter[0] += 1
            s = f"bench-cd-{counter[0]}"
            a, rc1, e1 = util.run_timed(t[tool]("create", s), env)
            b, rc2, e2 = util.run_timed(t[tool]("delete", s), env)
            secs, rc, err = a + b, rc1 or rc2, e1 + e2
        else:
            secs, rc, err = util.run_timed(t[tool](op, "bench-cli"), env)
        if rc:
            failures.setdefault(f"{tool} {op}", err.strip()[-200:])
        elif record:
            times[op][tool].append(secs)

    step_start = time.monotonic()
    for k, op in enumerate(times):
        op_deadline = step_start + budget_s * (k + 1) / len(times)
        for i in range(warmup + runs):
            if i >= warmup + 3 and time.monotonic() > op_deadline:
                log(f"cli: {op}: time budget spent after {i - warmup} timed rounds")
                break
            order = names[i % len(names):] + names[:i % len(names)]  # rotate who goes first
            for tool in order:
                one(tool, op, i >= warmup)
        log(f"cli: {op} done: " + ", ".join(
            f"{n} {util.median(times[op][n]) * 1000:.0f} ms" for n in names if times[op][n]))
    commands = {n: " ".join(t[n]("summary", "bench-cli")) for n in names}
    commands["boto3 one-shot"] = commands.get("boto3 one-shot", "").replace(
        BOTO3_ONESHOT, "<script>")
    return {"times": times, "failures": failures, "commands": commands, "skipped": skipped}
