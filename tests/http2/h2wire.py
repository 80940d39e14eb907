"""Helpers for the HTTP/2 wire tests: start `kinesisctl serve` (plain or TLS, on a port it picks),
make a throw-away certificate with `openssl req`, and a minimal raw HTTP/2 client over a socket
(frames by hand, header blocks as HPACK literals without Huffman), so that tests can send the
broken prefaces, frames and header blocks no real client sends. Loopback only."""
import contextlib
import os
import re
import socket
import struct
import subprocess
import tempfile
import time

PREFACE = b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"
DATA, HEADERS, RST_STREAM, SETTINGS, PING, GOAWAY, WINDOW_UPDATE, CONTINUATION = 0, 1, 3, 4, 6, 7, 8, 9
END_STREAM, ACK, END_HEADERS = 0x1, 0x1, 0x4
PROTOCOL_ERROR, FRAME_SIZE_ERROR, REFUSED_STREAM, COMPRESSION_ERROR = 0x1, 0x6, 0x7, 0x9

AUTH = ("AWS4-HMAC-SHA256 Credential=AKIDTESTKEY/20260101/us-east-1/kinesis/aws4_request, "
        "SignedHeaders=host;x-amz-date, Signature=0")


def kinesis_headers(action="ListStreams", extra=()):
    return [(":method", "POST"), (":scheme", "http"), (":path", "/"),
            (":authority", "127.0.0.1"), ("content-type", "application/x-amz-json-1.1"),
            ("x-amz-target", "Kinesis_20131202." + action), ("x-amz-date", "20260101T000000Z"),
            ("authorization", AUTH), *extra]


@contextlib.contextmanager
def serve(*extra_args):
    """Runs `kinesisctl serve --port 0 ...`; yields (endpoint, process)."""
    log = tempfile.TemporaryFile()
    proc = subprocess.Popen([os.environ["KINESISCTL_BIN"], "serve", "--port", "0",
                             "--create-delay-ms", "10", "--update-delay-ms", "10",
                             "--delete-delay-ms", "10", *extra_args],
                            stdout=subprocess.PIPE, stderr=log, start_new_session=True)
    try:
        line = proc.stdout.readline().decode()
        m = re.match(r"listening on (https?://[^\s]+)", line)
        if not m:
            log.seek(0)
            raise RuntimeError(f"server did not start: {line!r} {log.read()!r}")
        yield m.group(1), proc
    finally:
        proc.terminate()
        proc.wait(timeout=10)
        proc.stdout.close()
        log.close()


def make_cert(directory):
    """A self-signed certificate for 127.0.0.1 and localhost; returns (cert, key) paths."""
    cert, key = os.path.join(directory, "cert.pem"), os.path.join(directory, "key.pem")
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key,
                    "-out", cert, "-days", "1", "-subj", "/CN=localhost", "-addext",
                    "subjectAltName=DNS:localhost,IP:127.0.0.1"],
                   check=True, capture_output=True)
    return cert, key


def hpack_int(value, prefix_bits, first_byte_flags):
    limit = (1 << prefix_bits) - 1
    if value < limit:
        return bytes([first_byte_flags | value])
    out = [first_byte_flags | limit]
    value -= limit
    while value >= 128:
        out.append((value & 0x7F) | 0x80)
        value >>= 7
    out.append(value)
    return bytes(out)


def hpack_block(headers):
    """Each header as a literal without indexing, new name, no Huffman (RFC 7541 6.2.2)."""
    out = b""
    for name, value in headers:
        n, v = name.encode(), value.encode()
        out += b"\x00" + hpack_int(len(n), 7, 0) + n + hpack_int(len(v), 7, 0) + v
    return out


def frame(ftype, flags, stream_id, payload=b""):
    return struct.pack(">I", len(payload))[1:] + bytes([ftype, flags]) + \
        struct.pack(">I", stream_id) + payload


def headers_frames(stream_id, headers, end_stream, max_frame=16384):
    """HEADERS (+ CONTINUATION) frames carrying `headers`."""
    block = hpack_block(headers)
    chunks = [block[i:i + max_frame] for i in range(0, len(block), max_frame)] or [b""]
    out = b""
    for i, chunk in enumerate(chunks):
        flags = END_HEADERS if i == len(chunks) - 1 else 0
        if i == 0:
            out += frame(HEADERS, flags | (END_STREAM if end_stream else 0), stream_id, chunk)
        else:
            out += frame(CONTINUATION, flags, stream_id, chunk)
    return out


class Conn:
    """A raw HTTP/2 connection to 127.0.0.1:port (optionally without the preface)."""

    def __init__(self, port, preface=PREFACE, settings=b""):
        self.sock = socket.create_connection(("127.0.0.1", port), timeout=10)
        self.buf = b""
        self.frames = []  # every frame received: (type, flags, stream, payload)
        if preface is not None:
            self.sock.sendall(preface + frame(SETTINGS, 0, 0, settings))

    def send(self, data):
        self.sock.sendall(data)

    def read_frame(self):
        """The next frame, or None once the server closed the connection."""
        while True:
            if len(self.buf) >= 9:
                length = struct.unpack(">I", b"\x00" + self.buf[:3])[0]
                if len(self.buf) >= 9 + length:
                    ftype, flags = self.buf[3], self.buf[4]
                    sid = struct.unpack(">I", self.buf[5:9])[0] & 0x7FFFFFFF
                    payload = self.buf[9:9 + length]
                    self.buf = self.buf[9 + length:]
                    f = (ftype, flags, sid, payload)
                    self.frames.append(f)
                    if ftype == SETTINGS and not flags & ACK:
                        self.sock.sendall(frame(SETTINGS, ACK, 0))
                    return f
            try:
                chunk = self.sock.recv(65536)
            except (ConnectionResetError, socket.timeout):
                chunk = b""
            if not chunk:
                return None
            self.buf += chunk

    def until(self, predicate):
        """Reads frames until predicate(frame) holds (returns it) or the connection ends (None)."""
        while True:
            f = self.read_frame()
            if f is None or predicate(f):
                return f

    def body(self, stream_id):
        """Reads until `stream_id` ends; returns its DATA, or None when reset or closed."""
        def done(f):
            return f[2] == stream_id and (f[0] == RST_STREAM or
                                          (f[0] in (DATA, HEADERS) and f[1] & END_STREAM))
        end = self.until(done)
        if end is None or end[0] == RST_STREAM:
            return None
        return b"".join(f[3] for f in self.frames if f[0] == DATA and f[2] == stream_id)

    def goaway(self):
        """Reads until GOAWAY; returns its error code, or None when none came before the close."""
        f = self.until(lambda f: f[0] == GOAWAY)
        return None if f is None else struct.unpack(">I", f[3][4:8])[0]

    def close(self):
        self.sock.close()
