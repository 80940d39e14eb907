"""Salt's worked examples 1-3 (docs/design/resharding.md) through repeated
`kinesisctl reshard NAME N True layout=salt` calls:
the exact operation sequence (seen through a dry run before each forced call) and every
resulting hash range, plus the dry run's contract (reports the operation, changes nothing)."""
import unittest

import kctl
from kctl import MAX, jrun, run

Q3 = 113427455640312821154458202477256070485  # floor(MAX / 3)
Q5 = 68056473384187692692674921486353642291  # floor(MAX / 5)


def setUpModule():
    kctl.start_peer()


def tearDownModule():
    kctl.stop_peer()


class ReshardSaltTest(unittest.TestCase):
    def reshard_until_done(self, name, size, limit=20):
        """Dry run then forced call until result False; returns the operations done."""
        done = []
        for _ in range(limit):
            r, dry = jrun("reshard", name, str(size), "layout=salt")
            if r.rc == 1:
                self.assertEqual(dry, {"result": False}, r)
                r, forced = jrun("reshard", name, str(size), "True", "layout=salt")
                self.assertEqual((r.rc, forced), (1, {"result": False}), r)
                return done
            self.assertEqual(r.rc, 0, r)
            self.assertEqual(dry["result"], True)
            self.assertEqual(dry["dry_run"], True)
            before = kctl.open_ranges(self, name)
            r, forced = jrun("reshard", name, str(size), "True", "layout=salt")
            self.assertEqual((r.rc, forced), (0, {"result": True}), r)
            after = kctl.open_ranges(self, name)
            op = dry["operation"]
            if op["action"] == "split":
                key = int(op["new_starting_hash_key"])
                self.assertEqual(len(after), len(before) + 1)
                self.assertIn(key, [s for s, _ in after])
                done.append(("split", key))
            else:
                self.assertEqual(op["action"], "merge")
                self.assertEqual(len(after), len(before) - 1)
                done.append(("merge",))
        self.fail(f"reshard of {name} to {size} did not converge in {limit} calls")

    def test_example_1_one_shard_to_three(self):
        name = kctl.unique("ex1")
        kctl.create_active(self, name, 1)
        try:
            ops = self.reshard_until_done(name, 3)
            self.assertEqual(ops, [("split", 113427455640312821154458202477256070486),
                                   ("split", 226854911280625642308916404954512140972)])
            self.assertEqual(kctl.open_ranges(self, name), [
                (0, 113427455640312821154458202477256070485),
                (113427455640312821154458202477256070486,
                 226854911280625642308916404954512140971),
                (226854911280625642308916404954512140972, MAX)])
            self.assertEqual(Q3, 113427455640312821154458202477256070485)
        finally:
            kctl.delete_quietly(name)

    def test_example_2_four_uniform_shards_to_two(self):
        name = kctl.unique("ex2")
        # kinesis-mock does not create 4 shards on AWS's layout (its boundaries are one key
        # lower), so the AWS-uniform start is built the same way on both peers: Salt's layout
        # for a power of two is AWS's.
        kctl.create_active(self, name, 1)
        try:
            self.assertEqual(self.reshard_until_done(name, 4),
                             [("split", 2**126), ("split", 2**127), ("split", 3 * 2**126)])
            self.assertEqual(kctl.open_ranges(self, name), [
                (0, 2**126 - 1), (2**126, 2**127 - 1), (2**127, 3 * 2**126 - 1),
                (3 * 2**126, MAX)])
            # The first dry run changes nothing.
            r, dry = jrun("reshard", name, "2", "layout=salt")
            self.assertEqual(r.rc, 0, r)
            self.assertEqual(dry["operation"]["action"], "merge")
            r, info = jrun("get_info_for_reshard", name)
            ids = [s["ShardId"] for s in info["result"][2]["OpenShards"]]
            self.assertEqual(dry["operation"]["shard_id"], ids[0])
            self.assertEqual(dry["operation"]["adjacent_shard_id"], ids[1])
            self.assertEqual(len(kctl.open_ranges(self, name)), 4)
            ops = self.reshard_until_done(name, 2)
            self.assertEqual(ops, [("merge",), ("merge",)])
            self.assertEqual(kctl.open_ranges(self, name), [(0, 2**127 - 1), (2**127, MAX)])
        finally:
            kctl.delete_quietly(name)

    def test_example_3_three_uneven_shards_to_five(self):
        name = kctl.unique("ex3")
        kctl.create_active(self, name, 1)
        try:
            # Build [0, 2^126-1] [2^126, 2^127-1] [2^127, 2^128-1] with kinesisctl itself: Salt's
            # layout for 2 splits at 2^127, one step toward 4 then splits the first half at 2^126.
            self.assertEqual(self.reshard_until_done(name, 2), [("split", 2**127)])
            r = run("reshard", name, "4", "True", "layout=salt")
            self.assertEqual(r.rc, 0, r)
            self.assertEqual(kctl.open_ranges(self, name),
                             [(0, 2**126 - 1), (2**126, 2**127 - 1), (2**127, MAX)])
            ops = self.reshard_until_done(name, 5)
            self.assertEqual(ops, [
                ("split", 68056473384187692692674921486353642292), ("merge",),
                ("split", 136112946768375385385349842972707284584), ("merge",),
                ("split", 204169420152563078078024764459060926876),
                ("split", 272225893536750770770699685945414569168)])
            self.assertEqual(kctl.open_ranges(self, name), [
                (i * (Q5 + 1), i * (Q5 + 1) + Q5) for i in range(4)
            ] + [(4 * (Q5 + 1), MAX)])
        finally:
            kctl.delete_quietly(name)

    def test_debug_log_shows_decision_and_calls_but_no_secret(self):
        kctl.skip_on(self, "aws", "it signs with made-up keys, which AWS refuses")
        name = kctl.unique("dbg")
        kctl.create_active(self, name, 1)
        try:
            secret, token = "wJalrXUtnFEMI-K7MDENG-secret", "FwoGZXIvYXdzEXAMPLE-token"
            r = run("-l", "debug", "reshard", name, "2", "layout=salt", "keyid=AKIDDEBUG",
                    f"key={secret}", f"token={token}")
            self.assertEqual(r.rc, 0, r)
            self.assertIn(f"found 1 open shards, min_hash_key 0 max_hash_key {MAX}", r.err)
            self.assertIn("Shard 0 (shardId-000000000000) should start at 0: True", r.err)
            self.assertIn(f"should end at {2**127 - 1}, actual {MAX} would split", r.err)
            self.assertIn("kinesis call DescribeStreamSummary", r.err)
            for text in (secret, token):
                self.assertNotIn(text, r.err)
                self.assertNotIn(text, r.out)
        finally:
            kctl.delete_quietly(name)

    def test_default_layout_leaves_an_aws_created_stream_alone(self):
        name = kctl.unique("aws3")
        kctl.create_active(self, name, 3)
        try:
            r, doc = jrun("reshard", name, "3", "True")
            self.assertEqual((r.rc, doc), (1, {"result": False}), r)
        finally:
            kctl.delete_quietly(name)


if __name__ == "__main__":
    unittest.main(verbosity=2)
