"""Shared helpers for the integration tests: runs the built `kinesisctl` (KINESISCTL_BIN)
against one peer (KINESISCTL_PEER: kinesalite, kinesis-mock or kinesisctl) started by
tests/peers/peers.py on a free loopback port, once per test file. Every call passes an explicit
loopback endpoint and runs with AWS_EC2_METADATA_DISABLED=true.

KINESISCTL_PEER=aws is real AWS, and only through tests/integration/aws_run.py: that script
prints the plan and its cost, asks for confirmation, and sets KINESISCTL_TEST_AWS_PREFIX (the
run's unique stream-name prefix) and KINESISCTL_TEST_AWS_REGION. Then calls pass region=
instead of an endpoint, with the caller's own credentials, and every stream of the run is
deleted when a test file ends, whatever happened. Standard library only."""
import json
import os
import shlex
import subprocess
import sys
import tempfile
import unittest
import uuid

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(os.path.dirname(HERE), "peers"))
import peers  # noqa: E402

BIN = os.environ.get("KINESISCTL_BIN", "")
PEER = os.environ.get("KINESISCTL_PEER", "kinesalite")
MAX = 2**128 - 1

AWS_PREFIX = os.environ.get("KINESISCTL_TEST_AWS_PREFIX", "")
AWS_REGION = os.environ.get("KINESISCTL_TEST_AWS_REGION", "")

_server = None
_server_cm = None


def start_peer():
    """Starts this file's server (call from setUpModule)."""
    global _server, _server_cm
    if not BIN or not os.path.exists(BIN):
        raise unittest.SkipTest("KINESISCTL_BIN is not set to the built kinesisctl")
    if PEER == "aws":
        if not (AWS_PREFIX and AWS_REGION):
            raise RuntimeError("KINESISCTL_PEER=aws runs only through tests/integration/aws_run.py "
                               "(it prints the plan and cost and asks first)")
        return
    ok, why = peers.available(PEER)
    if not ok:
        raise RuntimeError(why)  # a missing peer is a broken setup, not a skip
    # KINESISCTL_SERVE_ARGS: extra `kinesisctl serve` flags (tests/limits runs a suite once with
    # injected faults this way).
    extra = shlex.split(os.environ.get("KINESISCTL_SERVE_ARGS", "")) if PEER == "kinesisctl" else []
    _server_cm = peers.start(PEER, delay_ms=100, extra_args=extra)
    _server = _server_cm.__enter__()


def stop_peer():
    if PEER == "aws":
        sweep_aws()
    if _server_cm is not None:
        _server_cm.__exit__(None, None, None)


def sweep_aws():
    """Deletes every stream of this AWS run (names starting with the run's prefix)."""
    import aws_run  # noqa: E402 (only for the aws peer)
    aws_run.sweep(BIN, AWS_REGION, AWS_PREFIX, _env())


def endpoint():
    return _server.endpoint


def _where():
    """The argument that says where calls go: the peer's endpoint, or the AWS region."""
    return f"region={AWS_REGION}" if PEER == "aws" else f"endpoint={endpoint()}"


def unique(prefix="s"):
    if PEER == "aws":
        return f"{AWS_PREFIX}-{prefix}-{uuid.uuid4().hex[:8]}"
    return f"{prefix}-{uuid.uuid4().hex[:12]}"


class Run:
    def __init__(self, proc):
        self.rc = proc.returncode
        self.out = proc.stdout
        self.err = proc.stderr

    def json(self):
        return json.loads(self.out)

    def __repr__(self):
        return f"rc={self.rc}\nstdout:\n{self.out}\nstderr:\n{self.err}"


def _env():
    if PEER == "aws":
        # The caller's own credentials and AWS settings, untouched.
        env = dict(os.environ)
        env.pop("KINESISCTL_CONFIG", None)
        return env
    env = peers.client_env()
    env["KINESISCTL_TEST_HOME"] = env["HOME"] = tempfile.gettempdir()
    env.pop("KINESISCTL_CONFIG", None)
    return env


def run(*args, endpoint_arg=True):
    """kinesisctl ARGS... endpoint=<peer> as an argv (no shell)."""
    argv = [BIN, *args]
    if endpoint_arg:
        argv.append(_where())
    return Run(subprocess.run(argv, capture_output=True, text=True, env=_env(), timeout=600))


def run_shell(command_line):
    """`kinesisctl <command_line> endpoint=<peer>` typed into bash, in an empty directory (so an
    unquoted [ ... ] word cannot match a file)."""
    with tempfile.TemporaryDirectory() as cwd:
        line = f"{shlex.quote(BIN)} {command_line} {_where()}"
        return Run(subprocess.run(["bash", "-c", line], capture_output=True, text=True,
                                  env=_env(), cwd=cwd, timeout=600))


def jrun(*args):
    """run() with --out json; returns (Run, parsed result document)."""
    r = run("--out", "json", *args)
    try:
        doc = r.json()
    except ValueError:
        doc = None
    return r, doc


def description(test, name):
    r, doc = jrun("describe_stream", name)
    test.assertEqual(r.rc, 0, r)
    return doc["result"]["StreamDescription"]


def open_ranges(test, name):
    """[(start, end), ...] of the open shards, sorted, as ints, once the stream is ACTIVE."""
    r = run("get_stream_when_active", name, "timeout=120")
    test.assertEqual(r.rc, 0, r)
    r, doc = jrun("get_info_for_reshard", name)
    test.assertEqual(r.rc, 0, r)
    return [(int(s["HashKeyRange"]["StartingHashKey"]), int(s["HashKeyRange"]["EndingHashKey"]))
            for s in doc["result"][2]["OpenShards"]]


def create_active(test, name, shards):
    r = run("create_stream", name, str(shards))
    test.assertEqual(r.rc, 0, r)
    r = run("get_stream_when_active", name, "timeout=120")
    test.assertEqual(r.rc, 0, r)


def delete_quietly(name):
    run("get_stream_when_active", name, "timeout=60")
    run("delete_stream", name)


def skip_on(test, peer, why):
    if PEER == peer:
        print(f"\nSKIP on {PEER}: {why}", file=sys.stderr)
        test.skipTest(f"{PEER}: {why}")
