"""Small helpers shared by the scripts/bench steps: statistics, RSS of a process tree, a fine
start-up probe, the machine description and subprocess timing. Standard library only;
not thread-safe beyond what the functions document.
"""
import os
import platform
import socket
import statistics
import subprocess
import time


def median(values):
    return statistics.median(values) if values else float("nan")


def spread(values):
    """(max - min) / median, the relative spread."""
    if not values:
        return float("nan")
    m = median(values)
    return (max(values) - min(values)) / m if m else float("nan")


def quantile(values, q):
    if not values:
        return float("nan")
    s = sorted(values)
    return s[min(len(s) - 1, int(q * len(s)))]


def _children(pid):
    kids = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
            if int(fields[1]) == pid:
                kids.append(int(entry))
        except (OSError, IndexError, ValueError):
            pass
    return kids


def rss_mb(pid):
    """(VmRSS, VmHWM) in MB, summed over the process and its descendants."""
    rss = hwm = 0
    stack = [pid]
    while stack:
        p = stack.pop()
        try:
            with open(f"/proc/{p}/status") as f:
                for line in f:
                    if line.startswith("VmRSS:"):
                        rss += int(line.split()[1])
                    elif line.startswith("VmHWM:"):
                        hwm += int(line.split()[1])
        except OSError:
            continue
        stack.extend(_children(p))
    return rss / 1024.0, hwm / 1024.0


_PROBE = (b"POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-amz-json-1.1\r\n"
          b"X-Amz-Target: Kinesis_20131202.ListStreams\r\nX-Amz-Date: 20260101T000000Z\r\n"
          b"Authorization: AWS4-HMAC-SHA256 Credential=AKIDBENCHKEY/20260101/us-east-1/kinesis/"
          b"aws4_request, SignedHeaders=host;x-amz-date, Signature=0\r\n"
          b"Content-Length: 2\r\nConnection: close\r\n\r\n{}")


def make_ready_probe(started_at, record):
    """A replacement for peers._ready: polls every millisecond with a raw ListStreams and stores
    the seconds from `started_at[0]` to the first HTTP answer in record["startup_s"]."""
    def ready(port, timeout_s=30.0):
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=2) as s:
                    s.sendall(_PROBE)
                    if s.recv(16).startswith(b"HTTP/"):
                        record["startup_s"] = time.monotonic() - started_at[0]
                        return True
            except OSError:
                pass
            time.sleep(0.001)
        return False
    return ready


def run_timed(cmd, env, timeout=120):
    """Runs `cmd`; returns (seconds, returncode, stderr tail)."""
    t0 = time.perf_counter()
    p = subprocess.run(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                       timeout=timeout)
    return time.perf_counter() - t0, p.returncode, p.stderr.decode(errors="replace")[-400:]


def loadavg():
    with open("/proc/loadavg") as f:
        return " ".join(f.read().split()[:3])


def machine():
    cpu = "?"
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
        with open("/proc/meminfo") as f:
            mem_kb = int(f.readline().split()[1])
    except OSError:
        mem_kb = 0
    return {"cpu": cpu, "cores": os.cpu_count(), "memory_gb": round(mem_kb / 1048576, 1),
            "kernel": platform.release(), "os": _os_release(), "load_start": loadavg()}


def _os_release():
    try:
        with open("/etc/os-release") as f:
            for line in f:
                if line.startswith("PRETTY_NAME="):
                    return line.split("=", 1)[1].strip().strip('"')
    except OSError:
        pass
    return platform.platform()


def version_of(cmd):
    try:
        out = subprocess.run(cmd, capture_output=True, timeout=30, text=True)
        return (out.stdout or out.stderr).strip().splitlines()[0]
    except (OSError, subprocess.SubprocessError, IndexError):
        return "?"
