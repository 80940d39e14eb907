"""Credentials as boto3 finds them, end to end: the real `kinesisctl` binary resolves an
assume-role profile (a two-hop source_profile chain), web identity, an SSO profile and a
credential_process, against a loopback STS/SSO stand-in (sts_sso_standin.py, which checks the
SigV4 of every AssumeRole), then calls `kinesisctl serve --credentials FILE`, which accepts only
the credentials the stand-in hands out. The failures (bad source signature, STS refusal,
unreachable STS, loop, mfa_serial, slow process, expired SSO token) must be clear errors naming
the profile and the step, with no secret in the output. Loopback only."""
import os
import shutil
import subprocess
import sys
import tempfile
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(os.path.dirname(HERE), "peers"))
import peers  # noqa: E402
from sts_sso_standin import StandIn  # noqa: E402

SOURCE = ("AKIDSOURCEKEY", "source-Secret/Value+0123456789")
ROLE_B = ("ASIAROLEB", "roleB-Secret/Value+0123456789", "roleB-token/+=")
ROLE_A = ("ASIAROLEA", "roleA-Secret/Value+0123456789", "roleA-token/+=")
WEB = ("ASIAWEBROLE", "web-Secret/Value+0123456789", "web-token/+=")
SSO = ("ASIASSOROLE", "sso-Secret/Value+0123456789", "sso-token/+=")
PROC = ("AKIDPROCESS", "process-Secret/Value+0123456789")
WEB_TOKEN = "eyJ-oidc-token-for-the-test"
SSO_TOKEN = "sso-bearer-token-for-the-test"
SECRETS = [SOURCE[1], ROLE_A[1], ROLE_A[2], ROLE_B[1], ROLE_B[2], WEB[1], WEB[2], SSO[1], SSO[2],
           PROC[1], WEB_TOKEN, SSO_TOKEN]
# sha1("test-sso"): the file name `aws sso login` gives the token of sso-session test-sso.
SSO_CACHE_NAME = "d12208e38164f558a1d06c99432ab77dbb346c45"


class CredentialsTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.home = tempfile.mkdtemp(prefix="kinesisctl-creds-")
        accepted = os.path.join(cls.home, "server-credentials")
        with open(accepted, "w") as f:
            # The server also checks each temporary key's session token.
            for i, (ak, sk, *token) in enumerate((ROLE_A, WEB, SSO, PROC)):
                f.write(f"[k{i}]\naws_access_key_id = {ak}\naws_secret_access_key = {sk}\n")
                if token and token[0]:
                    f.write(f"aws_session_token = {token[0]}\n")
        cls._server = peers.start("kinesisctl", delay_ms=0, extra_args=("--credentials", accepted))
        cls.endpoint = cls._server.__enter__().endpoint
        cls.standin = StandIn(
            source_keys=[SOURCE, ROLE_B[:2]],
            roles={"arn:aws:iam::123456789012:role/b": ROLE_B,
                   "arn:aws:iam::123456789012:role/a": ROLE_A,
                   "arn:aws:iam::123456789012:role/web": WEB},
            web_token=WEB_TOKEN, sso_token=SSO_TOKEN,
            sso_credentials={("123456789012", "Admin"): SSO}).__enter__()
        cls.write("token", WEB_TOKEN)
        cls.write("proc.py", "import json\nprint(json.dumps({'Version': 1, 'AccessKeyId': "
                             f"'{PROC[0]}', 'SecretAccessKey': '{PROC[1]}'}}))\n")
        cls.write("slow.py", "import time\ntime.sleep(30)\n")
        cls.write(f".aws/sso/cache/{SSO_CACHE_NAME}.json",
                  f'{{"accessToken": "{SSO_TOKEN}", "expiresAt": "2099-01-01T00:00:00Z", '
                  '"region": "us-east-1", "startUrl": "https://test.awsapps.com/start"}')
        cls.write(".aws/credentials",
                  f"[source]\naws_access_key_id = {SOURCE[0]}\n"
                  f"aws_secret_access_key = {SOURCE[1]}\n"
                  f"[wrongsource]\naws_access_key_id = {SOURCE[0]}\n"
                  "aws_secret_access_key = not-the-right-secret\n")
        home = cls.home
        cls.write(".aws/config", f"""
[profile chain]
role_arn = arn:aws:iam::123456789012:role/a
source_profile = middle
role_session_name = integration
[profile middle]
role_arn = arn:aws:iam::123456789012:role/b
source_profile = source
external_id = ext-42
[profile badsig]
role_arn = arn:aws:iam::123456789012:role/a
source_profile = wrongsource
[profile denied]
role_arn = arn:aws:iam::123456789012:role/unknown
source_profile = source
[profile loop1]
role_arn = arn:aws:iam::123456789012:role/a
source_profile = loop2
[profile loop2]
role_arn = arn:aws:iam::123456789012:role/b
source_profile = loop1
[profile mfa]
role_arn = arn:aws:iam::123456789012:role/a
source_profile = source
mfa_serial = arn:aws:iam::123456789012:mfa/me
[profile webid]
role_arn = arn:aws:iam::123456789012:role/web
web_identity_token_file = {home}/token
[profile sso]
sso_session = test-sso
sso_account_id = 123456789012
sso_role_name = Admin
[sso-session test-sso]
sso_start_url = https://test.awsapps.com/start
sso_region = us-east-1
[profile ssoexpired]
sso_start_url = https://expired.awsapps.com/start
sso_region = us-east-1
sso_account_id = 123456789012
sso_role_name = Admin
[profile process]
credential_process = {sys.executable} "{home}/proc.py"
[profile slow]
credential_process = {sys.executable} {home}/slow.py
""")
        cls.counter = 0

    @classmethod
    def tearDownClass(cls):
        cls.standin.__exit__(None, None, None)
        cls._server.__exit__(None, None, None)
        shutil.rmtree(cls.home, ignore_errors=True)

    @classmethod
    def write(cls, relative, text):
        path = os.path.join(cls.home, relative)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w") as f:
            f.write(text)
        os.chmod(path, 0o600)
        return path

    def run_cli(self, *args, sts=None, **extra_env):
        env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
        env.update({"HOME": self.home, "AWS_EC2_METADATA_DISABLED": "true",
                    "AWS_REGION": "us-east-1",
                    "AWS_ENDPOINT_URL_STS": sts or self.standin.endpoint,
                    "AWS_ENDPOINT_URL_SSO": self.standin.endpoint})
        env.pop("KINESISCTL_CONFIG", None)
        env.update(extra_env)
        r = subprocess.run([os.environ["KINESISCTL_BIN"], "-l", "debug", *args,
                            f"endpoint={self.endpoint}"],
                           capture_output=True, text=True, env=env, timeout=120)
        for secret in SECRETS:
            self.assertNotIn(secret, r.stdout + r.stderr)
        return r

    def create(self, profile=None, **kwargs):
        """create_stream through the CLI (with profile=NAME when given)."""
        type(self).counter += 1
        args = ["create_stream", f"creds-{self.counter}", "1"]
        if profile:
            args.append(f"profile={profile}")
        return self.run_cli(*args, **kwargs)

    def assertAccepted(self, r):
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
        self.assertNotIn("error", r.stdout)

    def assertFails(self, r, *fragments):
        self.assertNotEqual(r.returncode, 0, r.stdout)
        for fragment in fragments:
            self.assertIn(fragment, r.stdout + r.stderr)

    def calls_since(self, start):
        return self.standin.calls[start:]

    def test_role_chain_assumes_both_roles_with_verified_signatures(self):
        start = len(self.standin.calls)
        self.assertAccepted(self.create(profile="chain"))
        calls = self.calls_since(start)
        self.assertEqual([(c[0], c[1]) for c in calls],
                         [("AssumeRole", SOURCE[0]), ("AssumeRole", ROLE_B[0])])
        self.assertEqual(calls[0][2]["ExternalId"], "ext-42")
        self.assertEqual(calls[1][2]["RoleSessionName"], "integration")
        self.assertTrue(calls[0][2]["RoleSessionName"].startswith("kinesisctl-session-"))

    def test_aws_profile_variable_selects_the_role_profile(self):
        self.assertAccepted(self.create(AWS_PROFILE="chain"))

    def test_environment_keys_come_first_without_an_explicit_profile(self):
        start = len(self.standin.calls)
        r = self.create(AWS_PROFILE="chain", AWS_ACCESS_KEY_ID=PROC[0],
                        AWS_SECRET_ACCESS_KEY=PROC[1])
        self.assertAccepted(r)
        self.assertEqual(self.calls_since(start), [])
        # The server accepts only the handed-out keys: the source keys themselves are refused.
        self.assertFails(self.create(AWS_ACCESS_KEY_ID=SOURCE[0], AWS_SECRET_ACCESS_KEY=SOURCE[1]),
                         "UnrecognizedClientException")

    def test_bad_source_signature_is_refused_by_sts(self):
        self.assertFails(self.create(profile="badsig"), "AWS profile 'badsig'",
                         "STS AssumeRole at", "SignatureDoesNotMatch")

    def test_sts_refusal_and_unreachable_sts_name_profile_and_step(self):
        self.assertFails(self.create(profile="denied"), "AWS profile 'denied'",
                         "answered HTTP 403: AccessDenied")
        closed = f"http://127.0.0.1:{peers.free_port()}"
        start = len(self.standin.calls)
        self.assertFails(self.create(profile="chain", sts=closed),
                         f"AWS profile 'chain', source_profile 'middle': STS AssumeRole at {closed}")
        self.assertEqual(self.calls_since(start), [])

    def test_loop_and_mfa_are_refused_without_calling_sts(self):
        start = len(self.standin.calls)
        self.assertFails(self.create(profile="loop1"),
                         "source_profile loop: 'loop1' -> 'loop2' -> 'loop1'")
        self.assertFails(self.create(profile="mfa"), "AWS profile 'mfa' sets mfa_serial")
        self.assertEqual(self.calls_since(start), [])

    def test_web_identity_from_profile_and_from_environment(self):
        start = len(self.standin.calls)
        self.assertAccepted(self.create(profile="webid"))
        self.assertAccepted(self.create(
            AWS_ROLE_ARN="arn:aws:iam::123456789012:role/web",
            AWS_WEB_IDENTITY_TOKEN_FILE=os.path.join(self.home, "token"),
            AWS_ROLE_SESSION_NAME="ci-job"))
        calls = self.calls_since(start)
        self.assertEqual([c[0] for c in calls], ["AssumeRoleWithWebIdentity"] * 2)
        self.assertEqual(calls[1][2]["RoleSessionName"], "ci-job")

    def test_sso_profile_uses_the_cached_token(self):
        start = len(self.standin.calls)
        self.assertAccepted(self.create(profile="sso"))
        self.assertEqual(self.calls_since(start),
                         [("GetRoleCredentials", None,
                           {"account_id": "123456789012", "role_name": "Admin"})])
        self.assertFails(self.create(profile="ssoexpired"),
                         "run `aws sso login --profile ssoexpired`")

    def test_credential_process_and_its_timeout(self):
        self.assertAccepted(self.create(profile="process"))
        self.assertFails(self.create(profile="slow", KINESISCTL_CREDENTIAL_PROCESS_TIMEOUT="0.3"),
                         "credential_process of AWS profile 'slow'",
                         "did not finish within 300 ms and was killed")


if __name__ == "__main__":
    unittest.main()
