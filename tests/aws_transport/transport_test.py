#!/usr/bin/python3
"""Transport checks through the production path (call_tool): TLS verification is on, a private
CA is accepted only through AWS_CA_BUNDLE, and proxies come from the environment (with NO_PROXY).
Everything stays on 127.0.0.1. Usage: transport_test.py CALL_TOOL."""

import http.server
import json
import os
import socket
import ssl
import subprocess
import sys
import tempfile
import threading

FAILURES = []


def check(condition, what):
    print(("ok   " if condition else "FAIL ") + what)
    if not condition:
        FAILURES.append(what)


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    seen = []

    def do_POST(self):  # noqa: N802
        length = int(self.headers.get("Content-Length", "0"))
        self.rfile.read(length)
        Handler.seen.append((self.headers.get("X-Amz-Target"), self.path))
        body = json.dumps({"StreamNames": ["tls-ok"], "HasMoreStreams": False}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/x-amz-json-1.1")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


def start_server(context=None):
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    if context is not None:
        server.socket = context.wrap_socket(server.socket, server_side=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def main():
    tool = sys.argv[1]
    work = tempfile.mkdtemp(prefix="kinesisctl-tls-")
    cert, key = os.path.join(work, "cert.pem"), os.path.join(work, "key.pem")
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
                    "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
                    "-keyout", key, "-out", cert], check=True, capture_output=True)
    config = os.path.join(work, "config.yaml")
    with open(config, "w") as f:
        f.write("kinesis.region: us-east-1\n")
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    tls = start_server(context)
    plain = start_server()
    tls_url = f"https://127.0.0.1:{tls.server_address[1]}"
    plain_url = f"http://127.0.0.1:{plain.server_address[1]}"

    base = {k: v for k, v in os.environ.items()
            if not k.upper().startswith(("AWS_", "HTTP_PROXY", "HTTPS_PROXY", "NO_PROXY",
                                         "ALL_PROXY", "CURL_CA_BUNDLE", "SSL_CERT"))}
    base.update({"HOME": work, "KINESISCTL_CONFIG": config, "AWS_EC2_METADATA_DISABLED": "true",
                 "AWS_ACCESS_KEY_ID": "AKIDTLS", "AWS_SECRET_ACCESS_KEY": "secret"})

    def call(url, **extra):
        env = dict(base, **extra)
        out = subprocess.run([tool, url, "ListStreams"], env=env, capture_output=True,
                             text=True, timeout=60)
        # The cause of a failure is on stderr (the warning logged when retries run out).
        return (out.stdout.strip() + " " + out.stderr.strip()).strip()

    out = call(tls_url)
    check(out.startswith("ERROR RetriesExhausted") and "TransportError" in out and
          "certificate" in out.lower(),
          f"self-signed certificate rejected without AWS_CA_BUNDLE ({out[:100]})")
    out = call(tls_url, AWS_CA_BUNDLE=cert)
    check(out.startswith("OK ") and "tls-ok" in out, f"accepted with AWS_CA_BUNDLE ({out[:100]})")
    out = call(tls_url, AWS_CA_BUNDLE=os.path.join(work, "missing.pem"))
    check("TransportError" in out, f"a missing CA bundle fails ({out[:100]})")

    dead_port = free_port()
    dead_proxy = f"http://127.0.0.1:{dead_port}"
    out = call(plain_url, http_proxy=dead_proxy)
    check("TransportError" in out and f"port {dead_port}" in out, f"http_proxy is used ({out[:100]})")
    out = call(plain_url, HTTP_PROXY=dead_proxy)
    check("TransportError" in out and f"port {dead_port}" in out, f"HTTP_PROXY is used ({out[:100]})")
    out = call(plain_url, http_proxy=dead_proxy, NO_PROXY="127.0.0.1")
    check(out.startswith("OK "), f"NO_PROXY bypasses the proxy ({out[:100]})")
    out = call(plain_url)
    check(out.startswith("OK "), f"no proxy configured: direct ({out[:100]})")
    # A working "proxy" (our plain server answers the absolute-form request itself).
    before = len(Handler.seen)
    out = call("http://kinesis.invalid:4567", http_proxy=plain_url)
    check(out.startswith("OK ") and Handler.seen[before:] and
          Handler.seen[-1][1] == "http://kinesis.invalid:4567/",
          f"requests go through the proxy ({out[:100]})")

    tls.shutdown()
    plain.shutdown()
    print(f"{len(FAILURES)} failures")
    return 1 if FAILURES else 0


if __name__ == "__main__":
    sys.exit(main())
