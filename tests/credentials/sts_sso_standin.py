"""A loopback stand-in for AWS STS and the SSO portal, for the credential tests only.

STS (POST /, form-encoded Query API, XML answers as AWS writes them):
  AssumeRole: the SigV4 signature (service sts) must verify against one of the `source_keys`;
    answers the credentials registered for the RoleArn.
  AssumeRoleWithWebIdentity: must be unsigned and carry the expected token.
SSO portal (GET /federation/credentials?account_id=&role_name=, JSON answers): the
x-amz-sso_bearer_token header must be the expected token.
Every call is recorded in `calls` (action, access key used, parameters). Standard library only.
"""
import datetime
import hashlib
import hmac
import http.server
import json
import threading
import urllib.parse
from xml.sax.saxutils import escape

NS = "https://sts.amazonaws.com/doc/2011-06-15/"


def _sign(key, msg):
    return hmac.new(key, msg.encode(), hashlib.sha256).digest()


def verify_sigv4(method, path, query, headers, body, secrets, service):
    """Returns (access_key, None) when the Authorization header verifies, else (None, why)."""
    auth = headers.get("Authorization", "")
    if not auth.startswith("AWS4-HMAC-SHA256 "):
        return None, "missing SigV4 Authorization"
    parts = dict(p.strip().split("=", 1) for p in auth[len("AWS4-HMAC-SHA256 "):].split(","))
    akid, date, region, svc, term = parts["Credential"].split("/")
    if svc != service or term != "aws4_request":
        return None, f"credential scope for {svc}, not {service}"
    if akid not in secrets:
        return None, "unknown access key"
    signed = parts["SignedHeaders"].split(";")
    lower = {k.lower(): " ".join(v.split()) for k, v in headers.items()}
    if "host" not in signed or "x-amz-date" not in signed:
        return None, "host or x-amz-date not signed"
    canonical_query = "&".join(sorted(
        f"{urllib.parse.quote(k, safe='-_.~')}={urllib.parse.quote(v, safe='-_.~')}"
        for k, v in urllib.parse.parse_qsl(query, keep_blank_values=True)))
    canonical = "\n".join([
        method, path or "/", canonical_query,
        "".join(f"{h}:{lower.get(h, '')}\n" for h in signed),
        ";".join(signed), hashlib.sha256(body).hexdigest()])
    amz_date = lower["x-amz-date"]
    scope = f"{date}/{region}/{service}/aws4_request"
    to_sign = "\n".join(["AWS4-HMAC-SHA256", amz_date, scope,
                         hashlib.sha256(canonical.encode()).hexdigest()])
    key = _sign(("AWS4" + secrets[akid]).encode(), date)
    for piece in (region, service, "aws4_request"):
        key = _sign(key, piece)
    expected = hmac.new(key, to_sign.encode(), hashlib.sha256).hexdigest()
    if not hmac.compare_digest(expected, parts["Signature"]):
        return None, "signature mismatch"
    return akid, None


def _expiration(seconds=3600):
    t = datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(seconds=seconds)
    return t.strftime("%Y-%m-%dT%H:%M:%SZ")


class StandIn:
    """Start with `with StandIn(...) as s:`; s.endpoint is http://127.0.0.1:PORT."""

    def __init__(self, source_keys, roles, web_token=None, sso_token=None, sso_credentials=None,
                 region="us-east-1"):
        self.source_keys = dict(source_keys)       # access key -> secret (AssumeRole signers)
        self.roles = dict(roles)                   # role ARN -> (akid, secret, token)
        self.web_token = web_token
        self.sso_token = sso_token
        self.sso_credentials = sso_credentials     # (account, role) -> (akid, secret, token)
        self.region = region
        self.calls = []
        self.lock = threading.Lock()

    def __enter__(self):
        standin = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def reply(self, status, body, content_type, extra=()):
                data = body.encode()
                self.send_response(status)
                self.send_header("Content-Type", content_type)
                for name, value in extra:
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(data)))
                self.send_header("x-amzn-RequestId", "standin-request")
                self.end_headers()
                self.wfile.write(data)

            def sts_error(self, status, code, message):
                self.reply(status, f'<ErrorResponse xmlns="{NS}"><Error><Type>Sender</Type>'
                                   f"<Code>{code}</Code><Message>{escape(message)}</Message>"
                                   "</Error><RequestId>standin-request</RequestId>"
                                   "</ErrorResponse>", "text/xml")

            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
                form = dict(urllib.parse.parse_qsl(body.decode()))
                action = form.get("Action", "")
                url = urllib.parse.urlsplit(self.path)
                akid = None
                if action == "AssumeRole":
                    headers = {k: v for k, v in self.headers.items()}
                    akid, why = verify_sigv4("POST", url.path, url.query, headers, body,
                                             standin.source_keys, "sts")
                    with standin.lock:
                        standin.calls.append((action, akid, form))
                    if why:
                        return self.sts_error(403, "SignatureDoesNotMatch",
                                              f"The request signature we calculated does not "
                                              f"match the signature you provided ({why})")
                elif action == "AssumeRoleWithWebIdentity":
                    with standin.lock:
                        standin.calls.append((action, None, form))
                    if "Authorization" in self.headers:
                        return self.sts_error(400, "InvalidParameterValue",
                                              "AssumeRoleWithWebIdentity is not signed")
                    if form.get("WebIdentityToken") != standin.web_token:
                        return self.sts_error(400, "InvalidIdentityToken",
                                              "Couldn't retrieve verification key")
                else:
                    return self.sts_error(400, "InvalidAction", f"Could not find operation "
                                                                f"{action}")
                role = standin.roles.get(form.get("RoleArn"))
                if role is None:
                    return self.sts_error(403, "AccessDenied", "Not authorized to perform "
                                                               "sts:" + action)
                ak, sk, token = role
                self.reply(200, f'<{action}Response xmlns="{NS}"><{action}Result>'
                                f"<Credentials><AccessKeyId>{ak}</AccessKeyId>"
                                f"<SecretAccessKey>{escape(sk)}</SecretAccessKey>"
                                f"<SessionToken>{escape(token)}</SessionToken>"
                                f"<Expiration>{_expiration()}</Expiration></Credentials>"
                                f"<AssumedRoleUser><AssumedRoleId>AROA:{form.get('RoleSessionName')}"
                                f"</AssumedRoleId><Arn>{escape(form.get('RoleArn'))}</Arn>"
                                f"</AssumedRoleUser></{action}Result><ResponseMetadata>"
                                "<RequestId>standin-request</RequestId></ResponseMetadata>"
                                f"</{action}Response>", "text/xml")

            def do_GET(self):
                url = urllib.parse.urlsplit(self.path)
                query = dict(urllib.parse.parse_qsl(url.query))
                with standin.lock:
                    standin.calls.append(("GetRoleCredentials", None, query))
                if url.path != "/federation/credentials":
                    return self.reply(404, '{"message":"no such path"}', "application/json")
                if self.headers.get("x-amz-sso_bearer_token") != standin.sso_token:
                    return self.reply(401, '{"message":"Session token not found or invalid"}',
                                      "application/json",
                                      [("x-amzn-ErrorType", "UnauthorizedException:")])
                found = (standin.sso_credentials or {}).get(
                    (query.get("account_id"), query.get("role_name")))
                if found is None:
                    return self.reply(403, '{"message":"No access"}', "application/json")
                ak, sk, token = found
                expiration = int((datetime.datetime.now(datetime.timezone.utc).timestamp()
                                  + 3600) * 1000)
                self.reply(200, json.dumps({"roleCredentials": {
                    "accessKeyId": ak, "secretAccessKey": sk, "sessionToken": token,
                    "expiration": expiration}}), "application/json")

        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.endpoint = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.httpd.shutdown()
        self.httpd.server_close()
