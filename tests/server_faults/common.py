"""Helpers for the server-fault suites: run `kinesisctl serve` to completion (for start-up
refusals) or in the background on a free loopback port, and a boto3 client for it. Loopback only;
dummy credentials; no IMDS."""
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(os.path.dirname(HERE), "conformance"))
import harness  # noqa: E402,F401  (sets the client environment)
import peers  # noqa: E402

BIN = os.environ.get("KINESISCTL_BIN", "")


def serve_cmd(port, *args):
    return [BIN, "serve", "--host", "127.0.0.1", "--port", str(port), "--create-delay-ms", "0",
            "--update-delay-ms", "0", "--delete-delay-ms", "0", *args]


def run_serve(*args, timeout=10):
    """Runs `kinesisctl serve ARGS`, expected to refuse and exit by itself; returns (rc, output).
    A server still running after `timeout` seconds is stopped and reported as rc None."""
    try:
        proc = subprocess.run(serve_cmd(peers.free_port(), *args), stdout=subprocess.PIPE,
                              stderr=subprocess.STDOUT, timeout=timeout, env=peers.client_env())
    except subprocess.TimeoutExpired as e:
        return None, "still serving after %ss: %s" % (timeout, (e.output or b"").decode())
    return proc.returncode, proc.stdout.decode(errors="replace")
