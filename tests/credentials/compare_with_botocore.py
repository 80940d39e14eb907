#!/usr/bin/env python3
"""Compares kinesisctl's credential resolution with botocore's, profile kind by profile kind.

Not part of the test suite: run it by hand on a machine with botocore >= 1.31 (for
AWS_ENDPOINT_URL_STS / AWS_ENDPOINT_URL_SSO) and, for --moto, moto:

    python3 tests/credentials/compare_with_botocore.py build/dev/kinesisctl
    python3 tests/credentials/compare_with_botocore.py build/dev/kinesisctl --moto

For each case it writes the same ~/.aws files (in a temporary HOME) and environment, asks
botocore for the access key id of the profile, and runs `kinesisctl list_streams` against a
loopback capture server that records the access key id of the signature. By default STS and the
SSO portal are the deterministic stand-in of the tests (sts_sso_standin.py), so both must resolve
the very same key. With --moto, STS is moto's server instead: it hands out a fresh random key on
every call, so the script checks that both succeed with temporary (ASIA...) keys from moto's
answers, which cross-checks our parsing against another implementation of the STS format.
Loopback only; exits 1 when a case differs.
"""
import argparse
import contextlib
import hashlib
import http.server
import json
import os
import socket
import subprocess
import sys
import tempfile
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from sts_sso_standin import StandIn  # noqa: E402

SOURCE = ("AKIDCOMPARESOURCE", "compare-source-secret")
ROLES = {
    "arn:aws:iam::123456789012:role/a": ("ASIACOMPAREA", "sa", "ta"),
    "arn:aws:iam::123456789012:role/b": ("ASIACOMPAREB", "sb", "tb"),
    "arn:aws:iam::123456789012:role/web": ("ASIACOMPAREWEB", "sw", "tw"),
}
SSO = ("ASIACOMPARESSO", "ss", "ts")
WEB_TOKEN = "compare-oidc-token"
SSO_TOKEN = "compare-sso-token"


class Capture:
    """A loopback Kinesis stand-in that records the access key id of each signed request."""

    def __enter__(self):
        capture = self
        self.keys = []

        class Handler(http.server.BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_POST(self):
                self.rfile.read(int(self.headers.get("Content-Length", "0")))
                auth = self.headers.get("Authorization", "")
                key = auth.split("Credential=", 1)[1].split("/", 1)[0] if "Credential=" in auth \
                    else None
                capture.keys.append(key)
                body = b'{"StreamNames": [], "HasMoreStreams": false}'
                self.send_response(200)
                self.send_header("Content-Type", "application/x-amz-json-1.1")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.endpoint = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc):
        self.httpd.shutdown()
        self.httpd.server_close()


@contextlib.contextmanager
def moto_server():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    proc = subprocess.Popen([sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p",
                             str(port)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                time.sleep(0.2)
        yield f"http://127.0.0.1:{port}"
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def write(home, relative, text):
    path = os.path.join(home, relative)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        f.write(text)
    os.chmod(path, 0o600)
    return path


def files(home):
    write(home, "token", WEB_TOKEN)
    write(home, "proc.py", "import json\nprint(json.dumps({'Version': 1, "
                           "'AccessKeyId': 'AKIDCOMPAREPROCESS', 'SecretAccessKey': 'sp'}))\n")
    session_key = hashlib.sha1(b"compare-sso").hexdigest()
    url_key = hashlib.sha1(b"https://legacy.awsapps.com/start").hexdigest()
    for key in (session_key, url_key):
        write(home, f".aws/sso/cache/{key}.json",
              json.dumps({"accessToken": SSO_TOKEN, "expiresAt": "2099-01-01T00:00:00Z",
                          "region": "us-east-1"}))
    write(home, ".aws/credentials", f"""
[source]
aws_access_key_id = {SOURCE[0]}
aws_secret_access_key = {SOURCE[1]}
[credsfile-and-process]
aws_access_key_id = AKIDCOMPARECREDFILE
aws_secret_access_key = sc
credential_process = {sys.executable} {home}/proc.py
""")
    write(home, ".aws/config", f"""
[profile static-config]
aws_access_key_id = AKIDCOMPARECONFIG
aws_secret_access_key = sc
[profile role]
role_arn = arn:aws:iam::123456789012:role/a
source_profile = source
[profile role-chain]
role_arn = arn:aws:iam::123456789012:role/a
source_profile = middle
[profile middle]
role_arn = arn:aws:iam::123456789012:role/b
source_profile = source
[profile role-env-source]
role_arn = arn:aws:iam::123456789012:role/a
credential_source = Environment
[profile role-over-keys]
role_arn = arn:aws:iam::123456789012:role/b
source_profile = source
aws_access_key_id = AKIDCOMPAREIGNORED
aws_secret_access_key = si
[profile webid]
role_arn = arn:aws:iam::123456789012:role/web
web_identity_token_file = {home}/token
[profile sso]
sso_session = compare-sso
sso_account_id = 123456789012
sso_role_name = Admin
[sso-session compare-sso]
sso_start_url = https://compare.awsapps.com/start
sso_region = us-east-1
[profile sso-legacy]
sso_start_url = https://legacy.awsapps.com/start
sso_region = us-east-1
sso_account_id = 123456789012
sso_role_name = Admin
[profile process]
credential_process = {sys.executable} "{home}/proc.py"
[profile process-over-config-keys]
credential_process = {sys.executable} {home}/proc.py
aws_access_key_id = AKIDCOMPARECONFIGKEYS
aws_secret_access_key = sk
""")


# (name, profile or None, extra environment, uses STS)
CASES = [
    ("static keys (config file)", "static-config", {}, False),
    ("assume role, source_profile", "role", {}, True),
    ("assume role, two-hop chain", "role-chain", {}, True),
    ("assume role, credential_source Environment", "role-env-source",
     {"AWS_ACCESS_KEY_ID": SOURCE[0], "AWS_SECRET_ACCESS_KEY": SOURCE[1]}, True),
    ("role_arn wins over the profile's keys", "role-over-keys", {}, True),
    ("web identity, profile", "webid", {}, True),
    ("web identity, environment only", None,
     {"AWS_ROLE_ARN": "arn:aws:iam::123456789012:role/web",
      "AWS_WEB_IDENTITY_TOKEN_FILE": "{home}/token"}, True),
    ("SSO, sso_session", "sso", {}, False),
    ("SSO, legacy sso_start_url", "sso-legacy", {}, False),
    ("credential_process", "process", {}, False),
    ("credentials-file keys win over credential_process", "credsfile-and-process", {}, False),
    ("credential_process wins over config-file keys", "process-over-config-keys", {}, False),
    ("environment keys before AWS_PROFILE's role", None,
     {"AWS_PROFILE": "role", "AWS_ACCESS_KEY_ID": "AKIDCOMPAREENV",
      "AWS_SECRET_ACCESS_KEY": "se"}, False),
]


def botocore_key(env, profile):
    code = ("import botocore.session, sys\n"
            "s = botocore.session.Session(profile=sys.argv[1] or None)\n"
            "c = s.get_credentials()\n"
            "print(c.get_frozen_credentials().access_key if c else '')\n")
    r = subprocess.run([sys.executable, "-c", code, profile or ""], env=env,
                       capture_output=True, text=True, timeout=60)
    if r.returncode != 0:
        return "error: " + (r.stderr.strip().splitlines() or ["?"])[-1]
    return r.stdout.strip()


def kinesisctl_key(binary, env, profile, capture):
    before = len(capture.keys)
    args = [binary, "list_streams", f"endpoint={capture.endpoint}"]
    if profile:
        args.append(f"profile={profile}")
    r = subprocess.run(args, env=env, capture_output=True, text=True, timeout=60)
    if len(capture.keys) == before:
        lines = (r.stdout + r.stderr).strip().splitlines()
        return "error: " + (lines[-1] if lines else "?")
    return capture.keys[-1]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("kinesisctl", help="path of the kinesisctl binary")
    parser.add_argument("--moto", action="store_true", help="use moto's server as STS")
    options = parser.parse_args()
    import botocore  # noqa: F401  (fail early with a clear ImportError)
    home = tempfile.mkdtemp(prefix="kinesisctl-compare-")
    files(home)
    with contextlib.ExitStack() as stack:
        standin = stack.enter_context(StandIn(
            source_keys=[SOURCE, ROLES["arn:aws:iam::123456789012:role/b"][:2]],
            roles=ROLES, web_token=WEB_TOKEN, sso_token=SSO_TOKEN,
            sso_credentials={("123456789012", "Admin"): SSO}))
        sts = stack.enter_context(moto_server()) if options.moto else standin.endpoint
        capture = stack.enter_context(Capture())
        failures = 0
        for name, profile, extra, uses_sts in CASES:
            if options.moto and not uses_sts:
                continue
            env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
            env.update({"HOME": home, "AWS_DEFAULT_REGION": "us-east-1",
                        "AWS_EC2_METADATA_DISABLED": "true",
                        "AWS_ENDPOINT_URL_STS": sts, "AWS_ENDPOINT_URL_SSO": standin.endpoint})
            env.update({k: v.format(home=home) for k, v in extra.items()})
            ours = kinesisctl_key(options.kinesisctl, env, profile, capture)
            theirs = botocore_key(env, profile)
            if options.moto:
                same = ours.startswith("ASIA") and theirs.startswith("ASIA")
            else:
                same = ours == theirs and not ours.startswith("error")
            failures += not same
            label = ("ok" if same else "FAIL") if options.moto else ("same" if same else "DIFF")
            print(f"{label}  {name}: kinesisctl {ours}, botocore {theirs}")
    print("all cases agree" if not failures else f"{failures} case(s) differ")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
