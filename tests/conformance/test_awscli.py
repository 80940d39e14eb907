"""The AWS CLI v2 (/usr/bin/aws) against `kinesisctl serve`: each control-plane action's happy
path, and the error code and message the CLI shows (exit status 254) for AWS's error rows."""
import json
import os
import subprocess
import unittest

import harness
import peers
from harness import ACCOUNT, ServerTest

AWS = "/usr/bin/aws"


@harness.skip_unless_server()
@unittest.skipUnless(os.path.exists(AWS), f"{AWS} (Debian's awscli) is not installed")
class AwsCliTest(ServerTest):
    delay_ms = 0

    def aws(self, *args, expect=0):
        env = peers.client_env(None, AWS_MAX_ATTEMPTS="1")
        proc = subprocess.run([AWS, "kinesis", *args, "--endpoint-url", self.endpoint,
                               "--region", "us-east-1", "--output", "json"],
                              capture_output=True, text=True, env=env, timeout=60)
        self.assertEqual(proc.returncode, expect, proc.stderr)
        if expect == 0:
            return json.loads(proc.stdout) if proc.stdout.strip() else {}
        return proc.stderr

    def test_stream_lifecycle(self):
        arn = f"arn:aws:kinesis:us-east-1:{ACCOUNT}:stream/cli"
        self.aws("create-stream", "--stream-name", "cli", "--shard-count", "2")
        self.aws("wait", "stream-exists", "--stream-name", "cli")
        s = self.aws("describe-stream-summary", "--stream-name", "cli")["StreamDescriptionSummary"]
        self.assertEqual((s["StreamStatus"], s["OpenShardCount"], s["StreamARN"]),
                         ("ACTIVE", 2, arn))
        self.assertIn("cli", self.aws("list-streams")["StreamNames"])
        self.aws("split-shard", "--stream-name", "cli", "--shard-to-split",
                 "shardId-000000000000", "--new-starting-hash-key", "1000")
        self.aws("merge-shards", "--stream-name", "cli", "--shard-to-merge",
                 "shardId-000000000002", "--adjacent-shard-to-merge", "shardId-000000000003")
        shards = self.aws("list-shards", "--stream-name", "cli")["Shards"]
        self.assertEqual(shards[-1]["AdjacentParentShardId"], "shardId-000000000003")
        out = self.aws("update-shard-count", "--stream-name", "cli", "--target-shard-count", "4",
                       "--scaling-type", "UNIFORM_SCALING")
        self.assertEqual(out["TargetShardCount"], 4)
        d = self.aws("describe-stream", "--stream-name", "cli")["StreamDescription"]
        self.assertEqual(sum("EndingSequenceNumber" not in x["SequenceNumberRange"]
                             for x in d["Shards"]), 4)
        self.aws("increase-stream-retention-period", "--stream-name", "cli",
                 "--retention-period-hours", "72")
        self.aws("decrease-stream-retention-period", "--stream-name", "cli",
                 "--retention-period-hours", "48")
        out = self.aws("enable-enhanced-monitoring", "--stream-name", "cli",
                       "--shard-level-metrics", "ALL")
        self.assertEqual(len(out["DesiredShardLevelMetrics"]), 7)
        self.aws("disable-enhanced-monitoring", "--stream-name", "cli",
                 "--shard-level-metrics", "ALL")
        self.aws("add-tags-to-stream", "--stream-name", "cli", "--tags", "team=data")
        tags = self.aws("list-tags-for-stream", "--stream-name", "cli")["Tags"]
        self.assertEqual(tags, [{"Key": "team", "Value": "data"}])
        self.aws("remove-tags-from-stream", "--stream-name", "cli", "--tag-keys", "team")
        self.aws("start-stream-encryption", "--stream-name", "cli", "--encryption-type", "KMS",
                 "--key-id", "alias/aws/kinesis")
        self.aws("stop-stream-encryption", "--stream-name", "cli", "--encryption-type", "KMS",
                 "--key-id", "alias/aws/kinesis")
        self.aws("update-stream-mode", "--stream-arn", arn, "--stream-mode-details",
                 "StreamMode=ON_DEMAND")
        s = self.aws("describe-stream-summary", "--stream-name", "cli")["StreamDescriptionSummary"]
        self.assertEqual((s["RetentionPeriodHours"], s["EncryptionType"],
                          s["StreamModeDetails"]["StreamMode"]), (48, "NONE", "ON_DEMAND"))
        limits = self.aws("describe-limits")
        self.assertEqual(limits["OnDemandStreamCount"], 1)
        self.aws("delete-stream", "--stream-name", "cli")
        self.aws("wait", "stream-not-exists", "--stream-name", "cli")

    def test_list_streams_follows_next_token(self):
        names = ["page-a", "page-b", "page-c"]
        for n in names:
            self.aws("create-stream", "--stream-name", n, "--shard-count", "1")
        listed = self.aws("list-streams", "--page-size", "1")["StreamNames"]
        self.assertEqual([n for n in listed if n.startswith("page-")], names)

    def test_errors(self):
        err = self.aws("describe-stream", "--stream-name", "missing", expect=254)
        self.assertIn("(ResourceNotFoundException)", err)
        self.assertIn(f"Stream missing under account {ACCOUNT} not found.", err)
        self.aws("create-stream", "--stream-name", "clierr", "--shard-count", "1")
        err = self.aws("create-stream", "--stream-name", "clierr", "--shard-count", "1",
                       expect=254)
        self.assertIn("(ResourceInUseException)", err)
        err = self.aws("increase-stream-retention-period", "--stream-name", "clierr",
                       "--retention-period-hours", "9000", expect=254)
        self.assertIn("(InvalidArgumentException)", err)
        err = self.aws("enable-enhanced-monitoring", "--stream-name", "clierr",
                       "--shard-level-metrics", "Bogus", expect=254)
        self.assertIn("(ValidationException)", err)


if __name__ == "__main__":
    unittest.main()
