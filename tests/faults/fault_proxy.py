"""A loopback HTTP/1.1 proxy that injects faults between a Kinesis client and a server.

    proxy = FaultProxy(upstream="http://127.0.0.1:4567", seed=1,
                       rates={"500": 0.2, "503": 0.1, "throttle": 0.1, "reset": 0.1,
                              "delay": 0.1}, delay_s=0.5, actions={"SplitShard"})
    proxy.start(); ...; proxy.endpoint; proxy.log; proxy.stop()

For each request (of `actions`, or every action when None) one fault is drawn from `rates`:
  "500" / "503"    answer InternalFailure / ServiceUnavailable without forwarding
  "throttle"       answer 400 ProvisionedThroughputExceededException without forwarding
  "reset"          close the connection with a TCP RST without forwarding
  "delay"          forward after sleeping delay_s
  "lost_500"       forward (the server acts), then answer 500 instead of the real answer
  "lost_reset"     forward (the server acts), then reset instead of answering
`script` (a list of fault names, "ok" for none) overrides the draws for the first requests.
`log` records (action, fault, upstream status or None) per request, `authorizations` the
Authorization headers (for tests that prove no signature leaks). Standard library only."""
import http.client
import http.server
import json
import random
import socket
import socketserver
import struct
import threading
import time
import urllib.parse

ERRORS = {
    "500": (500, "InternalFailure", "We encountered an internal error. Please try again."),
    "503": (503, "ServiceUnavailable", "Service Unavailable"),
    "throttle": (400, "ProvisionedThroughputExceededException",
                 "Rate exceeded for shard shardId-000000000000 in stream s."),
}


class FaultProxy:
    def __init__(self, upstream, seed=0, rates=None, delay_s=0.5, actions=None, script=None):
        self.upstream = urllib.parse.urlsplit(upstream)
        self.rng = random.Random(seed)
        self.rates = dict(rates or {})
        self.delay_s = delay_s
        self.actions = set(actions) if actions else None
        self.script = list(script or [])
        self.log = []
        self.authorizations = []  # the Authorization header of every request, in order
        self.lock = threading.Lock()
        proxy = self

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):
                pass

            def do_POST(self):
                proxy._handle(self)

            def do_GET(self):
                proxy._handle(self)

        class Server(socketserver.ThreadingMixIn, http.server.HTTPServer):
            daemon_threads = True

        self.server = Server(("127.0.0.1", 0), Handler)
        self.endpoint = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def start(self):
        self.thread.start()
        return self

    def stop(self):
        self.server.shutdown()
        self.server.server_close()

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()

    def actions_logged(self, action):
        return [entry for entry in self.log if entry[0] == action]

    def _draw(self, action):
        with self.lock:
            if self.actions is not None and action not in self.actions:
                return "ok"
            if self.script:
                return self.script.pop(0)
            u, acc = self.rng.random(), 0.0
            for fault, rate in sorted(self.rates.items()):
                acc += rate
                if u < acc:
                    return fault
            return "ok"

    def _handle(self, h):
        length = int(h.headers.get("Content-Length") or 0)
        body = h.rfile.read(length) if length else b""
        action = h.headers.get("X-Amz-Target", "").rpartition(".")[2]
        with self.lock:
            self.authorizations.append(h.headers.get("Authorization", ""))
        fault = self._draw(action)
        if fault in ERRORS:
            self._record(action, fault, None)
            status, code, message = ERRORS[fault]
            return self._answer(h, status, {"Content-Type": "application/x-amz-json-1.1"},
                                json.dumps({"__type": code, "message": message}).encode())
        if fault == "reset":
            self._record(action, fault, None)
            return self._reset(h)
        if fault == "delay":
            time.sleep(self.delay_s)
        status, headers, answer = self._forward(h, body)
        self._record(action, fault, status)
        if fault == "lost_500":
            status, code, message = ERRORS["500"]
            return self._answer(h, status, {"Content-Type": "application/x-amz-json-1.1"},
                                json.dumps({"__type": code, "message": message}).encode())
        if fault == "lost_reset":
            return self._reset(h)
        self._answer(h, status, headers, answer)

    def _record(self, action, fault, status):
        with self.lock:
            self.log.append((action, fault, status))

    def _forward(self, h, body):
        conn = http.client.HTTPConnection(self.upstream.hostname, self.upstream.port, timeout=30)
        try:
            headers = {k: v for k, v in h.headers.items() if k.lower() != "connection"}
            conn.request(h.command, h.path, body=body, headers=headers)
            r = conn.getresponse()
            return r.status, dict(r.getheaders()), r.read()
        finally:
            conn.close()

    @staticmethod
    def _answer(h, status, headers, body):
        h.send_response_only(status)
        for k, v in headers.items():
            if k.lower() not in ("content-length", "connection", "transfer-encoding"):
                h.send_header(k, v)
        h.send_header("Content-Length", str(len(body)))
        h.end_headers()
        h.wfile.write(body)
        h.wfile.flush()

    @staticmethod
    def _reset(h):
        h.close_connection = True
        sock = h.connection
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        sock.close()
