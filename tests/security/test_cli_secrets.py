"""Secrets through the real CLI process and the real server: a config file holding secret keys
that group or others can read gets a warning (and a private one none); and no secret key,
session token or request signature reaches the CLI's output or logs (at debug level) or the
server's log, whether the server accepts the request or rejects it. The signatures are captured
on the wire by the fault proxy (passing everything through). Loopback only."""
import os
import subprocess
import sys
import tempfile
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(os.path.dirname(HERE), "conformance"))
sys.path.insert(0, os.path.join(os.path.dirname(HERE), "faults"))
import harness  # noqa: E402
import peers  # noqa: E402
from fault_proxy import FaultProxy  # noqa: E402

KEY, SECRET = "AKIDCLISECRETTEST", "cli-Secret/Value+abcdefghij0123456789"
WRONG = "not-the-" + SECRET
TOKEN = "IQoJb3JpZ2luX2VjEXAMPLESESSIONTOKEN/+=="
WARNING = "holds secret keys but is readable by group or others"


def write(text, mode):
    fd, path = tempfile.mkstemp(prefix="kinesisctl-cli-sec-", suffix=".yaml")
    with os.fdopen(fd, "w") as f:
        f.write(text)
    os.chmod(path, mode)
    return path


CREDS = write(f"[default]\naws_access_key_id = {KEY}\naws_secret_access_key = {SECRET}\n", 0o600)


def kinesisctl(*args, extra_env=None):
    env = peers.client_env()
    env["HOME"] = tempfile.gettempdir()
    for k in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "KINESISCTL_CONFIG"):
        env.pop(k, None)
    env.update(extra_env or {})
    return subprocess.run([os.environ["KINESISCTL_BIN"], *args], capture_output=True, text=True,
                          env=env, timeout=300)


@harness.skip_unless_server()
class CliSecretsTest(harness.ServerTest):
    extra_args = ("--credentials", CREDS)

    @classmethod
    def tearDownClass(cls):
        super().tearDownClass()
        os.unlink(CREDS)

    def config(self, mode, secret=SECRET):
        path = write(f"kinesis.keyid: {KEY}\nkinesis.key: {secret}\nkinesis.region: us-east-1\n",
                     mode)
        self.addCleanup(os.unlink, path)
        return path

    def test_readable_config_with_secrets_warns_and_private_one_does_not(self):
        for mode, warns in ((0o644, True), (0o640, True), (0o600, False)):
            r = kinesisctl("--config", self.config(mode), "exists", "nothing-here",
                           f"endpoint={self.endpoint}")
            self.assertEqual(WARNING in r.stderr, warns, f"mode {oct(mode)}: {r.stderr}")
            self.assertNotIn(SECRET, r.stdout + r.stderr)

    def test_no_secret_token_or_signature_in_cli_or_server_output(self):
        outputs = []
        with FaultProxy(self.endpoint) as proxy:
            runs = [
                # accepted: right key, from the config file
                ("--config", self.config(0o600), "-l", "debug", "create_stream", "cli-sec", "1",
                 f"endpoint={proxy.endpoint}"),
                # rejected: wrong secret with a session token, from arguments
                ("-l", "debug", "exists", "cli-sec", f"keyid={KEY}", f"key={WRONG}",
                 f"token={TOKEN}", "region=us-east-1", f"endpoint={proxy.endpoint}"),
                # rejected: unknown key, from the environment
                ("-l", "debug", "describe_stream", "cli-sec", f"endpoint={proxy.endpoint}"),
            ]
            envs = [None, None, {"AWS_ACCESS_KEY_ID": "AKIDNOTKNOWN",
                                 "AWS_SECRET_ACCESS_KEY": WRONG, "AWS_SESSION_TOKEN": TOKEN}]
            results = [kinesisctl(*args, extra_env=env) for args, env in zip(runs, envs)]
            signatures = [a.rpartition("Signature=")[2] for a in proxy.authorizations if a]
        self.assertEqual(results[0].returncode, 0, results[0])
        self.assertNotEqual(results[1].returncode, 0, results[1])
        self.assertNotEqual(results[2].returncode, 0, results[2])
        self.assertGreaterEqual(len(signatures), 3)
        outputs = [r.stdout + r.stderr for r in results] + [self.server.log()]
        self.assertTrue(any("InvalidSignatureException" in o or "signature" in o.lower()
                            for o in outputs[1:3]), outputs)
        for text in outputs:
            for secret in (SECRET, WRONG, TOKEN, *signatures):
                self.assertNotIn(secret, text)


if __name__ == "__main__":
    unittest.main()
