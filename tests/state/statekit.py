"""Helpers for the desired-state integration tests, on top of tests/integration/kctl.py (which
starts this file's peer on a free loopback port and runs the built kinesisctl against it with an
explicit endpoint and IMDS disabled). Standard library only."""
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(os.path.dirname(HERE), "integration"))
import kctl  # noqa: E402,F401
from kctl import MAX, jrun, run  # noqa: E402,F401


def aws_start(i, n):
    """AWS's layout: shard i of n starts at floor(i * 2^128 / n)."""
    return i * 2**128 // n


def assert_balanced(test, ranges, n, tolerance=None):
    """The open shards are n contiguous ranges covering the hash space, each boundary within
    `tolerance` keys (default n) of AWS's layout."""
    tolerance = n if tolerance is None else tolerance
    test.assertEqual(len(ranges), n, ranges)
    test.assertEqual(ranges[0][0], 0)
    test.assertEqual(ranges[-1][1], MAX)
    for i in range(1, n):
        test.assertEqual(ranges[i][0], ranges[i - 1][1] + 1, f"gap before shard {i}")
        test.assertLessEqual(abs(ranges[i][0] - aws_start(i, n)), tolerance,
                             f"boundary {i} of {n} is off AWS's layout")


def state(test, *args, rc=0):
    """kinesisctl --out json <state function> ...; asserts the exit status; returns the result."""
    r, doc = jrun(*args)
    test.assertEqual(r.rc, rc, r)
    test.assertIsNotNone(doc, r)
    return doc
