"""Shared helpers of the package tests: where the build, the sources and the binary are, and a
run() that fails with the command's output. Standard library only."""
import os
import subprocess
import sys

SOURCE_DIR = os.environ.get("KINESISCTL_SOURCE_DIR") or os.path.dirname(
    os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
BUILD_DIR = os.environ.get("KINESISCTL_BUILD_DIR", os.path.join(SOURCE_DIR, "build", "dev"))
BIN = os.environ.get("KINESISCTL_BIN", os.path.join(BUILD_DIR, "kinesisctl"))
VERSION = os.environ.get("KINESISCTL_VERSION", "")

sys.path.insert(0, os.path.join(SOURCE_DIR, "tests", "peers"))


def run(cmd, env=None, cwd=None, check=True):
    """Runs cmd; returns stdout. On failure (when check) raises with the command's output."""
    p = subprocess.run(cmd, env=env, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                       text=True, timeout=240)
    if check and p.returncode != 0:
        raise AssertionError(f"{' '.join(cmd)} exited {p.returncode}\n"
                             f"stdout:\n{p.stdout[-4000:]}\nstderr:\n{p.stderr[-4000:]}")
    return p.stdout


def functions_from_help():
    """The function names `kinesisctl --help` lists, in order."""
    names = []
    in_group = False
    for line in run([BIN, "--help"]).splitlines():
        if line.endswith(":") and not line.startswith(" "):
            in_group = not line.startswith(("usage", "Output", "Exit"))
            continue
        if in_group and line.startswith("  ") and line.strip():
            names.append(line.split()[0])
        elif not line.strip():
            in_group = False
    return names


def status(cmd, env=None):
    """Runs cmd; returns (exit status, stdout, stderr)."""
    p = subprocess.run(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                       timeout=60)
    return p.returncode, p.stdout, p.stderr


def read(path):
    with open(path) as f:
        return f.read()
