"""A counting HTTP proxy for scripts/bench: listens on a free 127.0.0.1 port, forwards every
request unchanged (Host included, so SigV4 signatures stay valid) to a loopback server, and counts
the requests per X-Amz-Target action. That is how the benchmark counts the API calls of clients
it cannot instrument (the AWS CLI, boto3, kinesisctl). It also notes when the first request since
reset() arrived and when the last answer was written: span_s(), the client's time on the wire,
without its process start-up. Thread-safe: counts and times are under a lock.
"""
import http.client
import http.server
import threading
import time


class CountingProxy:
    def __init__(self, upstream_port):
        self.upstream_port = upstream_port
        self.counts = {}
        self._first = self._last = None
        self._lock = threading.Lock()
        proxy = self

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):
                pass

            def do_POST(self):
                arrived = time.perf_counter()
                length = int(self.headers.get("Content-Length", 0))
                body = self.rfile.read(length)
                target = self.headers.get("X-Amz-Target", "?").split(".")[-1]
                with proxy._lock:
                    proxy.counts[target] = proxy.counts.get(target, 0) + 1
                    if proxy._first is None:
                        proxy._first = arrived
                conn = http.client.HTTPConnection("127.0.0.1", proxy.upstream_port, timeout=120)
                headers = {k: v for k, v in self.headers.items()
                           if k.lower() not in ("connection", "content-length")}
                conn.request("POST", self.path, body=body, headers=headers)
                resp = conn.getresponse()
                data = resp.read()
                conn.close()
                self.send_response_only(resp.status, resp.reason)
                for k, v in resp.getheaders():
                    if k.lower() not in ("connection", "content-length", "transfer-encoding",
                                         "date", "server"):
                        self.send_header(k, v)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)
                self.wfile.flush()
                with proxy._lock:
                    proxy._last = time.perf_counter()

        self._server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self.port = self._server.server_address[1]
        self.endpoint = f"http://127.0.0.1:{self.port}"
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()

    def reset(self):
        with self._lock:
            self.counts = {}
            self._first = self._last = None

    def span_s(self):
        """Seconds from the first request's arrival to the last answer's end since reset()."""
        with self._lock:
            return (self._last - self._first) if self._first and self._last else float("nan")

    def snapshot(self):
        with self._lock:
            return dict(self.counts)

    def close(self):
        self._server.shutdown()
        self._server.server_close()
