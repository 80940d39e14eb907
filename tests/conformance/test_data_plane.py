"""The data plane of `kinesisctl serve` through Debian's boto3: PutRecord(s), every iterator
type, GetRecords paging, following ChildShards across a split and a merge, MD5 partition-key
hashing, ExplicitHashKey, sequence numbers and the data-plane error rows."""
import hashlib
import time

import harness
from harness import ACCOUNT, ServerTest, signed

MAX = 2 ** 128 - 1


def shard_for(key_hash, shards):
    for s in shards:
        r = s["HashKeyRange"]
        if int(r["StartingHashKey"]) <= key_hash <= int(r["EndingHashKey"]):
            return s["ShardId"]
    return None


@harness.skip_unless_server()
class DataPlaneTest(ServerTest):
    delay_ms = 0

    def read_all(self, name, shard_id, kind="TRIM_HORIZON", **kw):
        it = self.c.get_shard_iterator(StreamName=name, ShardId=shard_id, ShardIteratorType=kind,
                                       **kw)["ShardIterator"]
        out, last = [], None
        for _ in range(100):
            page = self.c.get_records(ShardIterator=it, Limit=3)
            out += page["Records"]
            last = page
            if not page["Records"] or page.get("NextShardIterator") is None:
                break
            it = page["NextShardIterator"]
        return out, last

    def test_put_record_routes_by_md5(self):
        self.c.create_stream(StreamName="md5", ShardCount=4)
        shards = self.c.list_shards(StreamName="md5")["Shards"]
        for key in ("alpha", "beta", "gamma", "delta", "ünïcode"):
            r = self.c.put_record(StreamName="md5", PartitionKey=key, Data=b"x")
            expected = shard_for(int.from_bytes(hashlib.md5(key.encode()).digest(), "big"), shards)
            self.assertEqual(r["ShardId"], expected, key)
            self.assertRegex(r["SequenceNumber"], r"^\d{56}$")
        r = self.c.put_record(StreamName="md5", PartitionKey="k", Data=b"x",
                              ExplicitHashKey=str(MAX))
        self.assertEqual(r["ShardId"], "shardId-000000000003")

    def test_put_records_and_read_in_order(self):
        self.c.create_stream(StreamName="order", ShardCount=1)
        seqs = []
        for batch in range(3):
            r = self.c.put_records(StreamName="order", Records=[
                {"PartitionKey": f"p{i}", "Data": f"{batch}-{i}".encode()} for i in range(4)])
            self.assertEqual(r["FailedRecordCount"], 0)
            seqs += [x["SequenceNumber"] for x in r["Records"]]
        self.assertEqual(seqs, sorted(seqs, key=int))
        self.assertEqual(len(set(seqs)), 12)
        records, last = self.read_all("order", "shardId-000000000000")
        self.assertEqual([r["SequenceNumber"] for r in records], seqs)
        self.assertEqual(records[0]["Data"], b"0-0")
        self.assertEqual(records[0]["PartitionKey"], "p0")
        self.assertEqual(last["MillisBehindLatest"], 0)
        # AT/AFTER_SEQUENCE_NUMBER, LATEST, AT_TIMESTAMP
        at, _ = self.read_all("order", "shardId-000000000000", "AT_SEQUENCE_NUMBER",
                              StartingSequenceNumber=seqs[5])
        self.assertEqual(at[0]["SequenceNumber"], seqs[5])
        after, _ = self.read_all("order", "shardId-000000000000", "AFTER_SEQUENCE_NUMBER",
                                 StartingSequenceNumber=seqs[5])
        self.assertEqual(after[0]["SequenceNumber"], seqs[6])
        latest = self.c.get_shard_iterator(StreamName="order", ShardId="shardId-000000000000",
                                           ShardIteratorType="LATEST")["ShardIterator"]
        self.assertEqual(self.c.get_records(ShardIterator=latest)["Records"], [])
        new = self.c.put_record(StreamName="order", PartitionKey="n", Data=b"new")
        got = self.c.get_records(ShardIterator=latest)["Records"]
        self.assertEqual([r["SequenceNumber"] for r in got], [new["SequenceNumber"]])
        ts = records[0]["ApproximateArrivalTimestamp"]
        by_time, _ = self.read_all("order", "shardId-000000000000", "AT_TIMESTAMP", Timestamp=ts)
        self.assertEqual(by_time[0]["SequenceNumber"], seqs[0])
        future = time.time() + 3600
        self.assertError(self.c.get_shard_iterator, "InvalidArgumentException", StreamName="order",
                         ShardId="shardId-000000000000", ShardIteratorType="AT_TIMESTAMP",
                         Timestamp=future)

    def test_follow_children_across_split_and_merge(self):
        self.c.create_stream(StreamName="follow", ShardCount=1)
        sent = []
        for i in range(5):
            sent.append(self.c.put_record(StreamName="follow", PartitionKey=f"a{i}",
                                          Data=b"before")["SequenceNumber"])
        self.c.split_shard(StreamName="follow", ShardToSplit="shardId-000000000000",
                           NewStartingHashKey=str(2 ** 127))
        harness.wait_status(self.c, "follow")
        for i in range(6):
            self.c.put_record(StreamName="follow", PartitionKey=f"b{i}", Data=b"split")
        self.c.merge_shards(StreamName="follow", ShardToMerge="shardId-000000000001",
                            AdjacentShardToMerge="shardId-000000000002")
        harness.wait_status(self.c, "follow")
        for i in range(4):
            self.c.put_record(StreamName="follow", PartitionKey=f"c{i}", Data=b"merged")
        # Walk from the root, following ChildShards to the end.
        seen, frontier, visited = [], ["shardId-000000000000"], set()
        while frontier:
            shard = frontier.pop(0)
            if shard in visited:
                continue
            visited.add(shard)
            records, last = self.read_all("follow", shard)
            seen += [r["Data"] for r in records]
            if last.get("NextShardIterator") is None:
                children = last["ChildShards"]
                self.assertTrue(children, shard)
                for child in children:
                    self.assertIn(shard, child["ParentShards"])
                    frontier.append(child["ShardId"])
        self.assertEqual(sorted(visited), [f"shardId-00000000000{i}" for i in range(4)])
        self.assertEqual(seen.count(b"before"), 5)
        self.assertEqual(seen.count(b"split"), 6)
        self.assertEqual(seen.count(b"merged"), 4)
        closed = self.c.list_shards(StreamName="follow")["Shards"][0]
        end = int(closed["SequenceNumberRange"]["EndingSequenceNumber"])
        self.assertTrue(all(int(s) <= end for s in sent))

    def test_errors(self):
        self.c.create_stream(StreamName="derr", ShardCount=1)
        self.assertError(self.c.get_records, "InvalidArgumentException", "Invalid ShardIterator.",
                         ShardIterator="not-an-iterator")
        self.assertError(self.c.put_record, "ResourceNotFoundException",
                         f"Stream nope under account {ACCOUNT} not found.", StreamName="nope",
                         PartitionKey="a", Data=b"x")
        self.assertError(self.c.get_shard_iterator, "ResourceNotFoundException",
                         f"Shard shardId-000000000007 in stream derr under account {ACCOUNT} "
                         f"does not exist", StreamName="derr", ShardId="shardId-000000000007",
                         ShardIteratorType="TRIM_HORIZON")
        self.assertError(self.c.get_shard_iterator, "InvalidArgumentException", StreamName="derr",
                         ShardId="shardId-000000000000", ShardIteratorType="AT_SEQUENCE_NUMBER")
        for bad in ("49" + "9" * 54, "1" * 129, "12345"):
            self.assertError(self.c.get_shard_iterator, "InvalidArgumentException",
                             StreamName="derr", ShardId="shardId-000000000000",
                             ShardIteratorType="AFTER_SEQUENCE_NUMBER",
                             StartingSequenceNumber=bad)
        self.assertError(self.raw_c.put_records, "ValidationException", StreamName="derr",
                         Records=[{"PartitionKey": "a", "Data": b"x"}] * 501)
        self.assertError(self.raw_c.put_record, "ValidationException", StreamName="derr",
                         PartitionKey="", Data=b"x")
        # Past the stream's MaxRecordSizeInKiB (1,024 by default): the service refuses it; past
        # 10 MiB (any stream's most) the request shape does.
        self.assertError(self.raw_c.put_record, "InvalidArgumentException", StreamName="derr",
                         PartitionKey="a", Data=b"x" * (1024 * 1024 + 1))
        self.assertError(self.raw_c.put_record, "ValidationException", StreamName="derr",
                         PartitionKey="a", Data=b"x" * (10 * 1024 * 1024 + 1))
        self.assertError(self.c.put_record, "InvalidArgumentException", StreamName="derr",
                         PartitionKey="a", Data=b"x", ExplicitHashKey=str(2 ** 128))
        big = [{"PartitionKey": "a", "Data": b"x" * (1024 * 1024)} for _ in range(6)]
        self.assertError(self.c.put_records, "InvalidArgumentException", StreamName="derr",
                         Records=big)

    def test_put_and_get_by_stream_arn(self):
        self.c.create_stream(StreamName="dataarn", ShardCount=1)
        arn = f"arn:aws:kinesis:us-east-1:{ACCOUNT}:stream/dataarn"
        status, _, body = signed(self.endpoint, "PutRecord",
                                 {"StreamARN": arn, "PartitionKey": "a", "Data": "aGk="})
        self.assertEqual(status, 200, body)
        status, _, body = signed(self.endpoint, "GetShardIterator", {
            "StreamARN": arn, "ShardId": "shardId-000000000000",
            "ShardIteratorType": "TRIM_HORIZON"})
        status, _, body = signed(self.endpoint, "GetRecords",
                                 {"StreamARN": arn, "ShardIterator": body["ShardIterator"]})
        self.assertEqual([r["Data"] for r in body["Records"]], ["aGk="])


if __name__ == "__main__":
    import unittest
    unittest.main()
