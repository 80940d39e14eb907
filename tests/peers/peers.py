"""Starts Kinesis servers on free loopback ports for the tests: kinesalite, kinesis-local
(kinesis-mock), moto's server (when importable) and `kinesisctl serve`.

    with peers.start("kinesalite", delay_ms=100) as server:
        server.endpoint   # "http://127.0.0.1:PORT"

Every server listens on 127.0.0.1 only (the Node peers through loopback_only.js). The npm peers
come from .peers/, installed by scripts/setup. Standard library only.
"""
import contextlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
PEERS_DIR = os.environ.get("KINESISCTL_PEERS_DIR", os.path.join(ROOT, ".peers"))
PRELOAD = os.path.join(HERE, "loopback_only.js")

# Environment for every client a test runs: dummy credentials, loopback only, no IMDS.
CLIENT_ENV = {
    "AWS_ACCESS_KEY_ID": "AKIDTESTKEY",
    "AWS_SECRET_ACCESS_KEY": "test-secret",
    "AWS_DEFAULT_REGION": "us-east-1",
    "AWS_REGION": "us-east-1",
    "AWS_EC2_METADATA_DISABLED": "true",
    "AWS_PAGER": "",
}


def free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def client_env(endpoint=None, **extra):
    """os.environ without any AWS_* settings of the caller, plus CLIENT_ENV and `extra`."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
    env.update(CLIENT_ENV)
    env["HOME"] = env.get("KINESISCTL_TEST_HOME", tempfile.gettempdir())
    if endpoint:
        env["AWS_ENDPOINT_URL"] = endpoint
    env.update(extra)
    return env


def _ready(port, timeout_s=20.0):
    """True once the server answers a (shape-valid) ListStreams with any HTTP status."""
    deadline = time.monotonic() + timeout_s
    body = b"{}"
    headers = {
        "Content-Type": "application/x-amz-json-1.1",
        "X-Amz-Target": "Kinesis_20131202.ListStreams",
        "X-Amz-Date": "20260101T000000Z",
        "Authorization": "AWS4-HMAC-SHA256 Credential=x/20260101/us-east-1/kinesis/"
        "aws4_request, SignedHeaders=host;x-amz-date, Signature=0",
    }
    while time.monotonic() < deadline:
        try:
            req = urllib.request.Request(f"http://127.0.0.1:{port}/", data=body, headers=headers)
            urllib.request.urlopen(req, timeout=1).read()
            return True
        except urllib.error.HTTPError:
            return True
        except OSError:
            time.sleep(0.05)
    return False


class Server:
    def __init__(self, name, proc, port, workdir, log_path):
        self.name, self.proc, self.port = name, proc, port
        self.workdir, self.log_path = workdir, log_path
        self.endpoint = f"http://127.0.0.1:{port}"

    def log(self):
        try:
            with open(self.log_path, errors="replace") as f:
                return f.read()
        except OSError:
            return ""

    def stop(self, sig=signal.SIGTERM):
        if self.proc.poll() is None:
            self.proc.send_signal(sig)
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()


def available(name):
    """(True, "") when the server `name` can start here, else (False, reason)."""
    if name == "kinesalite":
        ok = os.path.exists(os.path.join(PEERS_DIR, "node_modules/kinesalite/cli.js"))
        return ok, "" if ok else "kinesalite is not installed in .peers (run scripts/setup)"
    if name == "kinesis-mock":
        ok = os.path.exists(os.path.join(PEERS_DIR, "node_modules/kinesis-local/main.js"))
        return ok, "" if ok else "kinesis-local is not installed in .peers (run scripts/setup)"
    if name == "moto":
        try:
            import moto  # noqa: F401
            return True, ""
        except ImportError:
            return False, f"moto is not importable by {sys.executable}"
    if name == "kinesisctl":
        ok = bool(os.environ.get("KINESISCTL_BIN"))
        return ok, "" if ok else "KINESISCTL_BIN is not set"
    return False, f"unknown server {name}"


@contextlib.contextmanager
def start(name, delay_ms=100, shard_limit=500, extra_args=(), data_dir=None):
    """Starts server `name` on a free loopback port; stops it on exit."""
    ok, why = available(name)
    if not ok:
        raise RuntimeError(why)
    workdir = tempfile.mkdtemp(prefix=f"kinesisctl-{name}-")
    log_path = os.path.join(workdir, "server.log")
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
    env.update({"AWS_REGION": "us-east-1", "AWS_EC2_METADATA_DISABLED": "true"})
    if name == "kinesalite":
        cmd = ["node", "--require", PRELOAD,
               os.path.join(PEERS_DIR, "node_modules/kinesalite/cli.js"), "--port", str(port),
               "--createStreamMs", str(delay_ms), "--deleteStreamMs", str(delay_ms),
               "--updateStreamMs", str(delay_ms), "--shardLimit", str(shard_limit)]
        if data_dir:
            cmd += ["--path", data_dir]
    elif name == "kinesis-mock":
        km = os.path.join(PEERS_DIR, "node_modules/kinesis-local")
        cmd = ["node", "--require", PRELOAD, os.path.join(km, "main.js")]
        env.update({"KINESIS_MOCK_CERT_PATH": os.path.join(km, "server.json"),
                    "KINESIS_MOCK_PLAIN_PORT": str(port),
                    "KINESIS_MOCK_TLS_PORT": str(free_port()),
                    "SHARD_LIMIT": str(shard_limit), "LOG_LEVEL": "WARN"})
        for v in ("CREATE_STREAM", "DELETE_STREAM", "SPLIT_SHARD", "MERGE_SHARDS",
                  "UPDATE_SHARD_COUNT", "UPDATE_STREAM_MODE", "START_STREAM_ENCRYPTION",
                  "STOP_STREAM_ENCRYPTION", "REGISTER_STREAM_CONSUMER",
                  "DEREGISTER_STREAM_CONSUMER"):
            env[f"{v}_DURATION"] = f"{delay_ms}ms"
    elif name == "moto":
        cmd = [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)]
    elif name == "kinesisctl":
        cmd = [os.environ["KINESISCTL_BIN"], "serve", "--host", "127.0.0.1", "--port", str(port),
               "--create-delay-ms", str(delay_ms), "--update-delay-ms", str(delay_ms),
               "--delete-delay-ms", str(delay_ms), "--shard-limit", str(shard_limit),
               *extra_args]
        if data_dir:
            cmd += ["--data-dir", data_dir]
    with open(log_path, "wb") as log:
        proc = subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT, env=env,
                                cwd=workdir, start_new_session=True)
    server = Server(name, proc, port, workdir, log_path)
    try:
        if not _ready(port):
            raise RuntimeError(f"{name} did not answer on port {port}:\n{server.log()}")
        yield server
    finally:
        server.stop()
        shutil.rmtree(workdir, ignore_errors=True)
