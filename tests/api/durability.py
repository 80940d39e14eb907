"""What `kinesisctl serve --data-dir` keeps across a restart of the settings this folder covers:
tags set by ARN (a stream's and a consumer's), a resource policy, MaxRecordSizeInKiB, warm
throughput and the account's billing commitment; and the largest record (10 MiB of data in a
13.4 MiB request body) is accepted, stored and read back.
kinesisctl only: kinesis-mock here keeps nothing on disk."""
import base64
import json
import os
import shutil
import tempfile
import unittest

import apitest
from apitest import PeerTestCase, stream_arn, peers

MIB = 1024 * 1024
POLICY = json.dumps({"Version": "2012-10-17", "Statement": [{"Effect": "Deny",
                     "Principal": "*", "Action": "kinesis:DeleteStream",
                     "Resource": stream_arn("kept")}]})


class Restart(PeerTestCase):
    @classmethod
    def setUpClass(cls):
        cls.data_dir = tempfile.mkdtemp(prefix="kinesisctl-api-durability-")
        cls.server_args = {"data_dir": cls.data_dir}
        super().setUpClass()

    @classmethod
    def tearDownClass(cls):
        super().tearDownClass()
        shutil.rmtree(cls.data_dir, ignore_errors=True)

    def restart(self):
        type(self)._cm.__exit__(None, None, None)
        type(self)._cm = peers.start("kinesisctl", delay_ms=apitest.DELAY_MS,
                                     data_dir=self.data_dir)
        type(self).server = type(self)._cm.__enter__()
        type(self).endpoint = self.endpoint = type(self).server.endpoint

    def test_settings_survive_a_restart(self):
        arn = stream_arn("kept")
        self.create("kept", MaxRecordSizeInKiB=10240)
        self.create("keptod", StreamModeDetails={"StreamMode": "ON_DEMAND"})
        self.call("TagResource", {"ResourceARN": arn, "Tags": {"team": "data"}})
        self.call("PutResourcePolicy", {"ResourceARN": arn, "Policy": POLICY})
        consumer = self.call("RegisterStreamConsumer", {"StreamARN": arn, "ConsumerName": "kc",
                                                        "Tags": {"role": "reader"}})
        consumer = consumer["Consumer"]["ConsumerARN"]
        self.call("TagResource", {"ResourceARN": consumer, "Tags": {"team": "fanout"}})
        self.call("UpdateAccountSettings",
                  {"MinimumThroughputBillingCommitment": {"Status": "ENABLED"}})
        self.call("UpdateStreamWarmThroughput", {"StreamName": "keptod",
                                                 "WarmThroughputMiBps": 200})
        self.wait_active("keptod")
        big = base64.b64encode(os.urandom(10 * MIB)).decode()
        put = self.call("PutRecord", {"StreamARN": arn, "PartitionKey": "k", "Data": big})
        account = self.call("DescribeAccountSettings", {})

        self.restart()

        self.assertEqual(self.call("ListTagsForResource", {"ResourceARN": arn})["Tags"],
                         [{"Key": "team", "Value": "data"}])
        self.assertEqual(self.call("GetResourcePolicy", {"ResourceARN": arn}),
                         {"Policy": POLICY})
        self.assertEqual(self.call("ListTagsForResource", {"ResourceARN": consumer})["Tags"],
                         [{"Key": "role", "Value": "reader"}, {"Key": "team", "Value": "fanout"}])
        self.assertEqual(self.summary("kept")["MaxRecordSizeInKiB"], 10240)
        self.assertEqual(self.summary("keptod")["WarmThroughput"],
                         {"TargetMiBps": 200, "CurrentMiBps": 200})
        self.assertEqual(self.call("DescribeAccountSettings", {}), account)
        it = self.call("GetShardIterator", {"StreamName": "kept", "ShardId": put["ShardId"],
                                            "ShardIteratorType": "TRIM_HORIZON"})
        got = self.call("GetRecords", {"ShardIterator": it["ShardIterator"]})["Records"]
        self.assertEqual(got[0]["Data"], big)
        # Past 10 MiB the request shape refuses it, whatever the stream allows.
        self.assertCode("ValidationException", "PutRecord",
                        {"StreamARN": arn, "PartitionKey": "k",
                         "Data": base64.b64encode(b"x" * (10 * MIB + 1)).decode()})


if __name__ == "__main__":
    unittest.main()
