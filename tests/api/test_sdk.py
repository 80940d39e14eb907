"""The JS SDK v3 (pinned by scripts/setup, Node 18 compatible, HTTP/1.1 handler) calls every
operation this folder covers against the peer of KINESISCTL_PEER, as an application would: it
must serialise the requests and parse the answers of both peers the same way."""
import json
import time
import unittest

from apitest import PEER, PeerTestCase, run_sdk, stream_arn

POLICY = json.dumps({"Version": "2012-10-17", "Statement": [{
    "Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:root"},
    "Action": "kinesis:DescribeStreamSummary", "Resource": stream_arn("js")}]})


class JsSdkTest(PeerTestCase):
    def sdk(self, *calls):
        return run_sdk(self.endpoint, [json.dumps(list(calls))])

    def test_every_new_operation(self):
        arn = stream_arn("js")
        od = stream_arn("jsod")
        [created, created_od] = self.sdk(
            ["CreateStream", {"StreamName": "js", "ShardCount": 1, "MaxRecordSizeInKiB": 2048}],
            ["CreateStream", {"StreamName": "jsod",
                              "StreamModeDetails": {"StreamMode": "ON_DEMAND"}}])
        self.assertTrue(created["ok"] and created_od["ok"], (created, created_od))
        self.wait_active("js")
        self.wait_active("jsod")
        results = self.sdk(
            ["TagResource", {"ResourceARN": arn, "Tags": {"app": "js"}}],
            ["ListTagsForResource", {"ResourceARN": arn}],
            ["UntagResource", {"ResourceARN": arn, "TagKeys": ["app"]}],
            ["PutResourcePolicy", {"ResourceARN": arn, "Policy": POLICY}],
            ["GetResourcePolicy", {"ResourceARN": arn}],
            ["DeleteResourcePolicy", {"ResourceARN": arn}],
            ["UpdateMaxRecordSize", {"StreamARN": arn, "MaxRecordSizeInKiB": 4096}],
            ["UpdateAccountSettings", {"MinimumThroughputBillingCommitment": {"Status": "ENABLED"}}],
            ["DescribeAccountSettings", {}],
            ["UpdateStreamWarmThroughput", {"StreamARN": od, "WarmThroughputMiBps": 64}],
            ["PutRecord", {"StreamARN": arn, "PartitionKey": "k", "Data": {"bytes": 2 * 1024 * 1024}}],
            ["GetResourcePolicy", {"ResourceARN": arn}],
            ["TagResource", {"ResourceARN": stream_arn("nope"), "Tags": {"a": "b"}}],
            ["UpdateMaxRecordSize", {"MaxRecordSizeInKiB": 2048}],
            ["UpdateStreamWarmThroughput", {"StreamARN": arn, "WarmThroughputMiBps": 64}],
        )
        by = [(r["op"], r["ok"], r.get("error")) for r in results]
        self.assertEqual(by, [
            ("TagResource", True, None),
            ("ListTagsForResource", True, None),
            ("UntagResource", True, None),
            ("PutResourcePolicy", True, None),
            ("GetResourcePolicy", True, None),
            ("DeleteResourcePolicy", True, None),
            ("UpdateMaxRecordSize", True, None),
            ("UpdateAccountSettings", True, None),
            ("DescribeAccountSettings", True, None),
            ("UpdateStreamWarmThroughput", True, None),
            ("PutRecord", True, None),
            ("GetResourcePolicy", False, "ResourceNotFoundException"),
            ("TagResource", False, "ResourceNotFoundException"),
            ("UpdateMaxRecordSize", False, "InvalidArgumentException"),
            ("UpdateStreamWarmThroughput", False, "InvalidArgumentException"),
        ], results)
        self.assertEqual(results[1]["out"]["Tags"], [{"Key": "app", "Value": "js"}])
        self.assertEqual(results[4]["out"]["Policy"], POLICY)
        self.assertEqual(
            results[8]["out"]["MinimumThroughputBillingCommitment"]["Status"], "ENABLED")
        self.assertEqual(results[9]["out"]["WarmThroughput"]["TargetMiBps"], 64)
        summary = self.wait_active("js")
        self.assertEqual(summary["MaxRecordSizeInKiB"], 4096)


if __name__ == "__main__":
    unittest.main()
