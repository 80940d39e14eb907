#!/usr/bin/env python3
"""The integration suites against real AWS, opt-in: only when a person sets
KINESISCTL_TEST_AWS_REGION and has real credentials (environment, AWS profile or shared files).
Never run by CI or ctest.

  KINESISCTL_TEST_AWS_REGION=eu-west-1 tests/integration/aws_run.py [--yes] [--dry-run]
      [--bin build/dev/kinesisctl] [SUITE...]

Before anything is contacted it prints the plan: the suites, the streams each creates (every
name starts with this run's unique prefix, kctl-it-<UTC time>-<random>), the peak shard count,
and a rough cost (shard-hours and PUT payload units at the rates below). Then it asks for
"yes" on the terminal, unless --yes is given; --dry-run prints the plan and stops, contacting
nothing. Every stream with the run's prefix is deleted at the end of each suite and again when
the run ends, whatever happened (failure, Ctrl-C, SIGTERM); what could not be deleted is
listed with the command that deletes it. Standard library only."""
import argparse
import atexit
import datetime
import json
import os
import secrets
import signal
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))

# Rates used for the estimate: AWS's list prices for Kinesis Data Streams in provisioned mode,
# US East (N. Virginia), as we read them on 2026-12-01: a shard costs USD 0.015 for each hour it
# exists, and data written costs USD 0.014 per million PUT payload units (a record is counted
# in 25 KB units, rounded up). Other regions cost somewhat more; AWS's pricing page is the
# authority. We count every stream's shards for at least a whole hour, so the estimate errs high.
USD_PER_SHARD_HOUR = 0.015
USD_PER_MILLION_PUT_UNITS = 0.014

# What each suite creates on AWS: (stream label, peak open shards, shards created over the
# stream's life (a split makes two, a merge one), PUT payload units). Kept next to the suites; a
# suite that starts putting records must add its units here.
PLAN = {
    "test_lifecycle": [("life", 2, 2, 0), ("year", 1, 1, 0)],
    "test_bad_inputs": [("bad", 2, 2, 0)],
    "test_reshard": [("ex1", 3, 5, 0), ("ex2", 4, 9, 0), ("ex3", 5, 15, 0), ("aws3", 3, 3, 0)],
}
# Left out on AWS, with the reason.
NOT_ON_AWS = {
    "test_seed_examples": "its Salt command lines name region=us-east-1 themselves",
    "test_lifecycle (list beyond one page)": "103 streams: cost and the account's stream quota",
    "test_reshard (debug log)": "it signs with made-up keys, which AWS refuses",
}
# A stream lives for minutes, but every shard it ever had is counted for a whole hour here.
BILLED_HOURS_PER_SHARD = 1


def credentials_present(env):
    """Whether the caller has real credentials somewhere the client looks (nothing is asked)."""
    if env.get("AWS_ACCESS_KEY_ID") and env.get("AWS_SECRET_ACCESS_KEY"):
        return True
    if env.get("AWS_PROFILE") or env.get("AWS_WEB_IDENTITY_TOKEN_FILE"):
        return True
    home = env.get("HOME", "")
    for name in ("credentials", "config"):
        path = env.get("AWS_SHARED_CREDENTIALS_FILE" if name == "credentials"
                       else "AWS_CONFIG_FILE") or os.path.join(home, ".aws", name)
        if os.path.isfile(path):
            return True
    return False


def run_prefix(now=None):
    now = now or datetime.datetime.now(datetime.timezone.utc)
    return "kctl-it-%s-%s" % (now.strftime("%Y%m%d%H%M%S"), secrets.token_hex(3))


def plan_text(region, prefix, suites):
    lines = ["kinesisctl integration suites against REAL AWS",
             "  region:        %s" % region,
             "  stream prefix: %s (every stream of this run; all deleted at the end)" % prefix,
             ""]
    streams = shards = units = 0
    for suite in suites:
        for label, peak, created, put_units in PLAN[suite]:
            lines.append("  %-16s creates %s-%s-<id>: up to %d open shard%s, %d over its life,"
                         " %d PUT payload units" % (suite, prefix, label, peak,
                                                    "" if peak == 1 else "s", created, put_units))
            streams += 1
            shards += created
            units += put_units
    for suite, why in sorted(NOT_ON_AWS.items()):
        lines.append("  not run on AWS: %s: %s" % (suite, why))
    shard_hours = shards * BILLED_HOURS_PER_SHARD
    cost = shard_hours * USD_PER_SHARD_HOUR + units / 1e6 * USD_PER_MILLION_PUT_UNITS
    lines += ["",
              "  streams: %d (each suite deletes its own); shard-hours billed at most about %d"
              % (streams, shard_hours),
              "  PUT payload units: %d (these suites write no records)" % units]
    if "test_lifecycle" in suites:
        lines.append("  retention: one stream is raised to 8760 hours for a minute; extended and"
                     " long-term retention are charged on stored data, and it holds none")
    lines += [
              "  rough cost: USD %.2f (USD %.3f per shard-hour, USD %.3f per million PUT payload"
              " units: provisioned mode, US East, list prices read on 2026-12-01; other regions"
              " cost a little more)"
              % (cost, USD_PER_SHARD_HOUR, USD_PER_MILLION_PUT_UNITS),
              "  (every shard counted for a whole hour; they live for minutes)",
              "  calls: the control plane only (CreateStream, DescribeStream(Summary), ListShards,"
              " ListStreams, retention, monitoring, SplitShard, MergeShards, DeleteStream);"
              " they have no charge of their own"]
    return "\n".join(lines) + "\n", cost


def kinesisctl(binary, env, *args, timeout=300):
    return subprocess.run([binary, "--out", "json", *args], capture_output=True, text=True,
                          env=env, timeout=timeout)


def names_to_sweep(prefix, names):
    """The streams of this run among `names` (the prefix plus the '-' that ends it)."""
    return sorted(n for n in names if isinstance(n, str) and n.startswith(prefix + "-"))


def sweep(binary, region, prefix, env, out=sys.stderr, pause_s=5.0):
    """Deletes every stream whose name starts with the run's prefix; returns those left."""
    if not prefix.startswith("kctl-it-"):
        raise ValueError("refusing to sweep with a prefix that is not a test run's: " + prefix)
    left = []
    for _ in range(3):
        r = kinesisctl(binary, env, "list_streams", "region=" + region)
        try:
            names = json.loads(r.stdout).get("result") or []
        except ValueError:
            names = []
        left = names_to_sweep(prefix, names)
        if r.returncode != 0:
            print("aws_run: could not list streams to clean up: %s" % r.stderr.strip(), file=out)
        if not left:
            return []
        for name in left:
            # A stream still CREATING or UPDATING cannot be deleted yet: wait, then delete.
            kinesisctl(binary, env, "get_stream_when_active", name, "region=" + region,
                       "timeout=300")
            d = kinesisctl(binary, env, "delete_stream", name, "region=" + region)
            print("aws_run: deleted %s" % name if d.returncode == 0 else
                  "aws_run: could not delete %s: %s" % (name, d.stderr.strip()), file=out)
        time.sleep(pause_s)
    for name in left:
        print("aws_run: LEFT BEHIND: %s (delete it: kinesisctl delete_stream %s region=%s)"
              % (name, name, region), file=out)
    return left


def main(argv=None, env=None, stdin=None, out=None):
    env = dict(os.environ if env is None else env)
    stdin = stdin or sys.stdin
    out = out or sys.stdout
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--yes", action="store_true", help="do not ask for confirmation")
    parser.add_argument("--dry-run", action="store_true",
                        help="print the plan and stop; contacts nothing")
    parser.add_argument("--bin", default=env.get("KINESISCTL_BIN", ""),
                        help="the kinesisctl to test (default: $KINESISCTL_BIN)")
    parser.add_argument("suites", nargs="*", default=sorted(PLAN), metavar="SUITE")
    args = parser.parse_args(argv)

    region = env.get("KINESISCTL_TEST_AWS_REGION", "")
    if not region:
        print("aws_run: set KINESISCTL_TEST_AWS_REGION to the region to test in (this runs "
              "against real AWS and costs money)", file=sys.stderr)
        return 2
    unknown = [s for s in args.suites if s not in PLAN]
    if unknown:
        print("aws_run: no AWS plan for %s (known: %s)" % (", ".join(unknown),
                                                          ", ".join(sorted(PLAN))),
              file=sys.stderr)
        return 2
    prefix = run_prefix()
    text, _ = plan_text(region, prefix, args.suites)
    out.write(text)
    out.flush()
    if args.dry_run:
        out.write("dry run: nothing was created and nothing was contacted\n")
        return 0
    if not credentials_present(env):
        print("aws_run: no AWS credentials found (AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, "
              "AWS_PROFILE or ~/.aws); nothing was contacted", file=sys.stderr)
        return 2
    if not args.bin or not os.path.exists(args.bin):
        print("aws_run: --bin (or KINESISCTL_BIN) must name the built kinesisctl", file=sys.stderr)
        return 2
    if not args.yes:
        if not stdin.isatty():
            print("aws_run: not confirmed (no terminal to ask on): pass --yes to go ahead; "
                  "nothing was contacted", file=sys.stderr)
            return 2
        out.write("Type yes to create these streams in %s: " % region)
        out.flush()
        if stdin.readline().strip() != "yes":
            print("aws_run: not confirmed; nothing was contacted", file=sys.stderr)
            return 2

    child_env = dict(env)
    child_env.update({"KINESISCTL_PEER": "aws", "KINESISCTL_BIN": os.path.abspath(args.bin),
                      "KINESISCTL_TEST_AWS_PREFIX": prefix,
                      "KINESISCTL_TEST_AWS_REGION": region})
    child_env.pop("KINESISCTL_CONFIG", None)
    swept = []

    def final_sweep():
        if not swept:
            swept.append(True)
            sweep(child_env["KINESISCTL_BIN"], region, prefix, child_env)

    atexit.register(final_sweep)

    def on_signal(signum, _frame):
        final_sweep()
        sys.exit(128 + signum)

    for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        signal.signal(sig, on_signal)
    failed = []
    try:
        for suite in args.suites:
            print("aws_run: %s" % suite, file=sys.stderr)
            r = subprocess.run([sys.executable, os.path.join(HERE, suite + ".py"), "-v"],
                               env=child_env, cwd=HERE)
            if r.returncode != 0:
                failed.append(suite)
    finally:
        final_sweep()
    print("aws_run: %s" % ("all suites passed" if not failed else "FAILED: " + ", ".join(failed)),
          file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
