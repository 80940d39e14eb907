"""Shared helpers for the integration tests: runs the built `kinesisctl` (KINESISCTL_BIN)
against one peer (KINESISCTL_PEER: kinesalite or kinesis-mock) started by tests/peers/peers.py
on a free loopback port, once per test file. Every call passes an explicit loopback endpoint
and runs with AWS_EC2_METADATA_DISABLED=true. Standard library only."""
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

_server = None
_server_cm = None


def start_peer():
    """Starts this file's server (call from setUpModule)."""
    global _server, _server_cm
    if not BIN or not os.path.exists(BIN):
        raise unittest.SkipTest("KINESISCTL_BIN is not set to the built kinesisctl")
    ok, why = peers.available(PEER)
    if not ok:
        raise RuntimeError(why)  # a missing peer is a broken setup, not a skip
    # KINESISCTL_SERVE_ARGS: extra `kinesisctl serve` flags (tests/limits runs a suite once with
    # injected faults this way).
    extra = shlex.split(os.environ.get("KINESISCTL_SERVE_ARGS", "")) if PEER == "kinesisctl" else []
    _server_cm = peers.start(PEER, delay_ms=100, extra_args=extra)
    _server = _server_cm.__enter__()


def stop_peer():
    if _server_cm is not None:
        _server_cm.__exit__(None, None, None)


def endpoint():
    return _server.endpoint


def unique(prefix="s"):
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
    env = peers.client_env()
    env["KINESISCTL_TEST_HOME"] = env["HOME"] = tempfile.gettempdir()
    env.pop("KINESISCTL_CONFIG", None)
    return env


def run(*args, endpoint_arg=True):
    """kinesisctl ARGS... endpoint=<peer> as an argv (no shell)."""
    argv = [BIN, *args]
    if endpoint_arg:
        argv.append(f"endpoint={endpoint()}")
    return Run(subprocess.run(argv, capture_output=True, text=True, env=_env(), timeout=600))


def run_shell(command_line):
    """`kinesisctl <command_line> endpoint=<peer>` typed into bash, in an empty directory (so an
    unquoted [ ... ] word cannot match a file)."""
    with tempfile.TemporaryDirectory() as cwd:
        line = f"{shlex.quote(BIN)} {command_line} endpoint={endpoint()}"
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
