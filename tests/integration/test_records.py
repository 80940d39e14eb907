"""Records in and out through the command line: put_records (JSON lines from a file, lines from
stdin, bad input with line numbers), get_records at every iterator type, and `tail` following a
stream while it is split and merged: every record put is read back exactly once, in order per
shard and per partition key. Also the consumer functions, and Ctrl-C on a running tail."""
import base64
import json
import os
import signal
import subprocess
import tempfile
import time
import unittest

import kctl
from kctl import PEER, jrun, run


def setUpModule():
    kctl.start_peer()


def tearDownModule():
    kctl.stop_peer()


def tail_proc(name, *args):
    argv = [kctl.BIN, "tail", name, *args, "poll_interval=0.05", "retry_delay=0.05",
            f"endpoint={kctl.endpoint()}"]
    return subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env=kctl._env())


def put_json_lines(test, name, records):
    with tempfile.NamedTemporaryFile("w", suffix=".jsonl", delete=False) as f:
        for data, key in records:
            f.write(json.dumps({"data": data, "partition_key": key}) + "\n")
    try:
        r, doc = jrun("put_records", name, f"file={f.name}", "format=json", "retry_delay=0.05")
    finally:
        os.unlink(f.name)
    test.assertEqual(r.rc, 0, r)
    test.assertEqual(doc["result"]["stored"], len(records), r)
    return doc


class PutAndTailTest(unittest.TestCase):
    def test_every_record_once_in_order_across_split_and_merge(self):
        name = kctl.unique("tail")
        kctl.create_active(self, name, 2)
        try:
            batches = []
            n = 0
            for phase in range(3):
                batch = []
                for _ in range(60):
                    batch.append((f"r{n}", f"p{n % 7}"))
                    n += 1
                batches.append(batch)
            proc = tail_proc(name, "start=TRIM_HORIZON", f"limit={n}")
            try:
                put_json_lines(self, name, batches[0])
                r = run("reshard", name, "3", "True")  # a split
                self.assertEqual(r.rc, 0, r)
                self.assertEqual(run("get_stream_when_active", name, "timeout=60").rc, 0)
                put_json_lines(self, name, batches[1])
                r = run("reshard", name, "2", "True")  # a merge
                self.assertEqual(r.rc, 0, r)
                self.assertEqual(run("get_stream_when_active", name, "timeout=60").rc, 0)
                put_json_lines(self, name, batches[2])
                out, err = proc.communicate(timeout=120)
            finally:
                if proc.poll() is None:
                    proc.kill()
                    proc.communicate()
            self.assertEqual(proc.returncode, 0, err)
            lines = [json.loads(line) for line in out.splitlines()]
            got = [rec["data"] for rec in lines]
            want = [d for b in batches for d, _ in b]
            self.assertEqual(sorted(got), sorted(want))  # exactly once
            self.assertEqual(len(set(got)), len(got))
            shards = {rec["shard_id"] for rec in lines}
            self.assertGreaterEqual(len(shards), 4, shards)  # parents, split and merge children
            by_shard, by_key = {}, {}
            for rec in lines:
                self.assertEqual(rec["encoding"], "utf-8")
                self.assertTrue(rec["arrival"].endswith("Z"))
                by_shard.setdefault(rec["shard_id"], []).append(int(rec["sequence_number"]))
                by_key.setdefault(rec["partition_key"], []).append(int(rec["data"][1:]))
            for seqs in by_shard.values():
                self.assertEqual(seqs, sorted(seqs))
            for numbers in by_key.values():
                self.assertEqual(numbers, sorted(numbers))  # put order per partition key
        finally:
            kctl.delete_quietly(name)

    def test_lines_from_stdin_binary_data_and_raw(self):
        name = kctl.unique("raw")
        kctl.create_active(self, name, 1)
        try:
            r = kctl.run_shell(f"put_records {name} partition_key=k <<< $'one\\ntwo\\n\\nthree'")
            self.assertEqual(r.rc, 0, r)
            self.assertIn("stored: 3", r.out)
            blob = bytes([0, 1, 2, 255])
            line = json.dumps({"data_base64": base64.b64encode(blob).decode(),
                               "partition_key": "b"})
            r = run("put_records", name, f"[{line}]", "format=json")
            self.assertEqual(r.rc, 0, r)
            r = run("tail", name, "start=TRIM_HORIZON", "limit=4", "poll_interval=0.05")
            self.assertEqual(r.rc, 0, r)
            recs = [json.loads(x) for x in r.out.splitlines()]
            self.assertEqual([x["data"] for x in recs[:3]], ["one", "two", "three"])
            self.assertEqual(recs[3]["encoding"], "base64")
            self.assertEqual(base64.b64decode(recs[3]["data"]), blob)
            argv = [kctl.BIN, "tail", name, "start=TRIM_HORIZON", "limit=3", "raw=True",
                    f"endpoint={kctl.endpoint()}"]
            raw = subprocess.run(argv, capture_output=True, env=kctl._env(), timeout=60)
            self.assertEqual(raw.returncode, 0, raw.stderr)
            self.assertEqual(raw.stdout, b"one\ntwo\nthree\n")
        finally:
            kctl.delete_quietly(name)

    def test_stdin_lines_go_out_before_the_input_ends(self):
        name = kctl.unique("pipe")
        kctl.create_active(self, name, 1)
        try:
            argv = [kctl.BIN, "put_records", name, "partition_key=k", "linger=0.1",
                    f"endpoint={kctl.endpoint()}"]
            proc = subprocess.Popen(argv, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                    stderr=subprocess.PIPE, text=True, env=kctl._env())
            try:
                proc.stdin.write("first\n")
                proc.stdin.flush()
                seen = []
                for _ in range(100):  # the producer is still open: the record went out alone
                    r, doc = jrun("get_records", name, "shardId-000000000000")
                    self.assertEqual(r.rc, 0, r)
                    seen = [x["data"] for x in doc["result"]["records"]]
                    if seen:
                        break
                    time.sleep(0.1)
                self.assertEqual(seen, ["first"])
                self.assertIsNone(proc.poll())
                proc.stdin.write("second\n")
                out, err = proc.communicate(timeout=60)
            finally:
                if proc.poll() is None:
                    proc.kill()
                    proc.communicate()
            self.assertEqual(proc.returncode, 0, err)
            self.assertIn("stored: 2", out)
        finally:
            kctl.delete_quietly(name)

    def test_bad_input_reports_line_and_sends_nothing_after(self):
        name = kctl.unique("bad")
        kctl.create_active(self, name, 1)
        try:
            text = ('{"data": "a", "partition_key": "k"}\n'
                    '{"data": "b", "partition_key": "k"}\n'
                    '{"data": "c"\n'
                    '{"data": "d", "partition_key": "k"}\n')
            with tempfile.NamedTemporaryFile("w", suffix=".jsonl", delete=False) as f:
                f.write(text)
            try:
                r, doc = jrun("put_records", name, f"file={f.name}", "format=json")
                self.assertEqual(r.rc, 1, r)
                self.assertIn("line 3", r.err)
                self.assertEqual(doc["result"]["stored"], 2)
                self.assertEqual(doc["result"]["bad_input"][0]["line"], 3)
                r, doc = jrun("get_records", name, "shardId-000000000000", "limit=10")
                self.assertEqual(r.rc, 0, r)
                self.assertEqual([x["data"] for x in doc["result"]["records"]], ["a", "b"])
                # With continue=True the bad line is skipped and the rest is sent.
                r, doc = jrun("put_records", name, f"file={f.name}", "format=json",
                              "continue=True")
                self.assertEqual(r.rc, 1, r)
                self.assertEqual((doc["result"]["stored"], doc["result"]["skipped"]), (3, 1))
            finally:
                os.unlink(f.name)
            # An oversized record and a missing partition key are refused with their line.
            r, doc = jrun("put_records", name, "[small, " + "x" * 2000 + "]",
                          "partition_key=k", "max_record_bytes=1000")
            self.assertEqual(r.rc, 1, r)
            self.assertEqual(doc["result"]["stored"], 1)
            self.assertIn("line 2", doc["error"]["Message"])
            r = run("put_records", name, "[a]")
            self.assertEqual(r.rc, 1, r)
            self.assertIn("missing partition key", r.err)
        finally:
            kctl.delete_quietly(name)

    def test_get_records_iterator_types(self):
        name = kctl.unique("get")
        kctl.create_active(self, name, 1)
        try:
            doc = put_json_lines(self, name, [("x1", "k"), ("x2", "k"), ("x3", "k")])
            shard = "shardId-000000000000"
            r, doc = jrun("get_records", name, shard)
            self.assertEqual(r.rc, 0, r)
            recs = doc["result"]["records"]
            self.assertEqual([x["data"] for x in recs], ["x1", "x2", "x3"])
            seq = [x["sequence_number"] for x in recs]

            def data(*args):
                r, d = jrun("get_records", name, shard, *args)
                self.assertEqual(r.rc, 0, r)
                return [x["data"] for x in d["result"]["records"]]

            self.assertEqual(data("iterator_type=AT_SEQUENCE_NUMBER", f"sequence_number={seq[1]}"),
                             ["x2", "x3"])
            self.assertEqual(data("iterator_type=AFTER_SEQUENCE_NUMBER",
                                  f"sequence_number={seq[1]}"), ["x3"])
            self.assertEqual(data("iterator_type=AT_TIMESTAMP", "timestamp=0"),
                             ["x1", "x2", "x3"])
            self.assertEqual(data("iterator_type=AT_TIMESTAMP", "timestamp=1970-01-02T00:00:00Z"),
                             ["x1", "x2", "x3"])
            self.assertEqual(data("iterator_type=LATEST"), [])
            self.assertEqual(data("limit=2"), ["x1", "x2"])
            # tail resumes after a sequence number per shard.
            r = run("tail", name, f"after={{{shard}: {seq[0]}}}", "limit=2", "poll_interval=0.05")
            self.assertEqual(r.rc, 0, r)
            self.assertEqual([json.loads(x)["data"] for x in r.out.splitlines()], ["x2", "x3"])
            r = run("tail", name, "timestamp=1970-01-02T00:00:00Z", "limit=3", "poll_interval=0.05")
            self.assertEqual(r.rc, 0, r)
            self.assertEqual([json.loads(x)["data"] for x in r.out.splitlines()],
                             ["x1", "x2", "x3"])
            r = run("get_records", name, shard, "iterator_type=AT_SEQUENCE_NUMBER")
            self.assertEqual(r.rc, 1, r)
            self.assertIn("sequence number", r.err)
        finally:
            kctl.delete_quietly(name)

    def test_ctrl_c_stops_tail_cleanly(self):
        name = kctl.unique("sig")
        kctl.create_active(self, name, 1)
        try:
            put_json_lines(self, name, [("first", "k")])
            proc = tail_proc(name, "start=TRIM_HORIZON")
            try:
                first = proc.stdout.readline()  # the handler is installed before any output
                self.assertEqual(json.loads(first)["data"], "first")
                proc.send_signal(signal.SIGINT)
                out, err = proc.communicate(timeout=30)
            finally:
                if proc.poll() is None:
                    proc.kill()
                    proc.communicate()
            self.assertEqual(proc.returncode, 130, err)
            self.assertEqual(out, "")
        finally:
            kctl.delete_quietly(name)


class ConsumerTest(unittest.TestCase):
    def status_when_settled(self, name):
        """The consumer's status once it is no longer CREATING or DELETING; None when gone."""
        for _ in range(100):
            r, doc = jrun("describe_stream_consumer", name, "app1")
            if r.rc != 0:
                self.assertIn("ResourceNotFoundException", r.err)
                return None
            status = doc["result"]["ConsumerDescription"]["ConsumerStatus"]
            if status not in ("CREATING", "DELETING"):
                return status
            time.sleep(0.1)
        self.fail("consumer app1 stayed CREATING or DELETING")

    def test_register_describe_list_deregister(self):
        name = kctl.unique("cons")
        kctl.create_active(self, name, 1)
        try:
            r, doc = jrun("register_stream_consumer", name, "app1")
            if PEER == "kinesalite":  # kinesalite has no enhanced fan-out
                self.assertEqual(r.rc, 1, r)
                return
            self.assertEqual(r.rc, 0, r)
            self.assertEqual(doc["result"]["Consumer"]["ConsumerName"], "app1")
            r, doc = jrun("describe_stream_consumer", name, "app1")
            self.assertEqual(r.rc, 0, r)
            self.assertEqual(doc["result"]["ConsumerDescription"]["ConsumerName"], "app1")
            r, doc = jrun("list_stream_consumers", name)
            self.assertEqual(r.rc, 0, r)
            self.assertEqual([c["ConsumerName"] for c in doc["result"]["Consumers"]], ["app1"])
            self.assertEqual(self.status_when_settled(name), "ACTIVE")
            r = run("deregister_stream_consumer", name, "app1")
            self.assertEqual(r.rc, 0, r)
            self.assertIsNone(self.status_when_settled(name))  # DELETING, then gone
        finally:
            kctl.delete_quietly(name)

    def test_tail_through_consumer_across_a_split(self):
        kctl.skip_on(self, "kinesalite", "kinesalite has no enhanced fan-out (SubscribeToShard)")
        name = kctl.unique("efo")
        kctl.create_active(self, name, 2)
        try:
            r = run("register_stream_consumer", name, "app1")
            self.assertEqual(r.rc, 0, r)
            self.assertEqual(self.status_when_settled(name), "ACTIVE")
            first = [(f"c{i}", f"p{i % 5}") for i in range(40)]
            second = [(f"c{i}", f"p{i % 5}") for i in range(40, 80)]
            proc = tail_proc(name, "consumer=app1", "start=TRIM_HORIZON", "limit=80")
            try:
                put_json_lines(self, name, first)
                r = run("reshard", name, "3", "True")  # a split
                self.assertEqual(r.rc, 0, r)
                self.assertEqual(run("get_stream_when_active", name, "timeout=60").rc, 0)
                put_json_lines(self, name, second)
                out, err = proc.communicate(timeout=120)
            finally:
                if proc.poll() is None:
                    proc.kill()
                    proc.communicate()
            self.assertEqual(proc.returncode, 0, err)
            lines = [json.loads(line) for line in out.splitlines()]
            got = [rec["data"] for rec in lines]
            self.assertEqual(sorted(got), sorted(d for d, _ in first + second))
            self.assertEqual(len(set(got)), len(got))
            self.assertGreaterEqual(len({rec["shard_id"] for rec in lines}), 3)
            by_key = {}
            for rec in lines:
                by_key.setdefault(rec["partition_key"], []).append(int(rec["data"][1:]))
            for numbers in by_key.values():
                self.assertEqual(numbers, sorted(numbers))
            r = run("deregister_stream_consumer", name, "app1")
            self.assertEqual(r.rc, 0, r)
            self.assertIsNone(self.status_when_settled(name))
        finally:
            kctl.delete_quietly(name)


if __name__ == "__main__":
    unittest.main()
