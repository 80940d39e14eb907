"""TagResource, UntagResource, ListTagsForResource and the resource policy actions, by signed
requests against the peer of KINESISCTL_PEER (kinesisctl or kinesis-mock), expecting the same
error codes. Where kinesis-mock answers differently from what AWS's model says, the test asserts
AWS's answer for kinesisctl only and says why."""
import json
import unittest

from apitest import ACCOUNT, PEER, Error, PeerTestCase, stream_arn

POLICY = json.dumps({
    "Version": "2012-10-17",
    "Statement": [{"Sid": "read", "Effect": "Allow",
                   "Principal": {"AWS": "arn:aws:iam::111122223333:root"},
                   "Action": ["kinesis:GetRecords", "kinesis:GetShardIterator"],
                   "Resource": stream_arn("pol")}]})


class TagResourceTest(PeerTestCase):
    def test_tags_by_arn_share_the_stream_tag_store(self):
        self.create("tagged")
        arn = stream_arn("tagged")
        self.assertEqual(self.call("TagResource", {"ResourceARN": arn,
                                                   "Tags": {"team": "data", "env": "dev"}}), {})
        self.call("AddTagsToStream", {"StreamName": "tagged", "Tags": {"owner": "ops"}})
        tags = self.call("ListTagsForResource", {"ResourceARN": arn})["Tags"]
        self.assertEqual(sorted((t["Key"], t["Value"]) for t in tags),
                         [("env", "dev"), ("owner", "ops"), ("team", "data")])
        by_name = self.call("ListTagsForStream", {"StreamName": "tagged"})["Tags"]
        self.assertEqual(len(by_name), 3)
        # Absent keys are ignored.
        self.assertEqual(self.call("UntagResource", {"ResourceARN": arn,
                                                     "TagKeys": ["team", "nope"]}), {})
        tags = self.call("ListTagsForResource", {"ResourceARN": arn})["Tags"]
        self.assertEqual(sorted(t["Key"] for t in tags), ["env", "owner"])

    def test_more_than_50_tags_is_invalid_argument(self):
        self.create("many")
        self.assertCode("InvalidArgumentException", "TagResource",
                        {"ResourceARN": stream_arn("many"),
                         "Tags": {f"k{i}": "v" for i in range(51)}})

    def test_unknown_stream_and_consumer_arns_are_not_found(self):
        missing = stream_arn("no-such-stream")
        # A consumer of a stream that does not exist (test_consumer_tags.py has the rest).
        consumer = stream_arn("no-such-stream") + "/consumer/c1:1700000000"
        for arn in (missing, consumer):
            self.assertCode("ResourceNotFoundException", "TagResource",
                            {"ResourceARN": arn, "Tags": {"a": "b"}})
            self.assertCode("ResourceNotFoundException", "UntagResource",
                            {"ResourceARN": arn, "TagKeys": ["a"]})
            self.assertCode("ResourceNotFoundException", "ListTagsForResource",
                            {"ResourceARN": arn})
            self.assertCode("ResourceNotFoundException", "PutResourcePolicy",
                            {"ResourceARN": arn, "Policy": POLICY})
            self.assertCode("ResourceNotFoundException", "GetResourcePolicy",
                            {"ResourceARN": arn})

    def test_missing_resource_arn_fails(self):
        with self.assertRaises(Error) as cm:
            self.call("TagResource", {"Tags": {"a": "b"}})
        self.assertEqual(cm.exception.status, 400)
        if PEER == "kinesisctl":  # a required member: Coral's "Member must not be null"
            self.assertEqual(cm.exception.code, "ValidationException")

    def test_arn_outside_the_pattern(self):
        # AWS's model puts the pattern on the ResourceARN shape, which Coral reports as a
        # ValidationException; kinesis-mock checks the ARN itself (InvalidArgumentException).
        code = "ValidationException" if PEER == "kinesisctl" else "InvalidArgumentException"
        self.assertCode(code, "TagResource", {"ResourceARN": "bogus", "Tags": {"a": "b"}})


class ResourcePolicyTest(PeerTestCase):
    def test_put_get_delete(self):
        self.create("pol")
        arn = stream_arn("pol")
        self.assertCode("ResourceNotFoundException", "GetResourcePolicy", {"ResourceARN": arn})
        self.assertEqual(self.call("PutResourcePolicy", {"ResourceARN": arn, "Policy": POLICY}),
                         {})
        self.assertEqual(self.call("GetResourcePolicy", {"ResourceARN": arn}),
                         {"Policy": POLICY})
        self.assertEqual(self.call("DeleteResourcePolicy", {"ResourceARN": arn}), {})
        self.assertCode("ResourceNotFoundException", "GetResourcePolicy", {"ResourceARN": arn})
        # Deleting again: nothing to delete, still a success on both peers.
        self.assertEqual(self.call("DeleteResourcePolicy", {"ResourceARN": arn}), {})

    def test_policy_must_be_a_json_policy_document(self):
        self.create("polbad")
        arn = stream_arn("polbad")
        for bad in ("not json", "[]", '{"Statement": []}',
                    '{"Statement": [{"Effect": "Maybe"}]}',
                    '{"Version": "2020-01-01", "Statement": {"Effect": "Allow"}}'):
            if PEER == "kinesisctl":
                body = self.assertCode("InvalidArgumentException", "PutResourcePolicy",
                                       {"ResourceARN": arn, "Policy": bad})
                self.assertIn("policy", body["message"].lower())
            else:
                # kinesis-mock stores any text as the policy; AWS validates the document.
                self.assertEqual(self.call("PutResourcePolicy",
                                           {"ResourceARN": arn, "Policy": bad}), {})
        if PEER == "kinesisctl":
            self.assertCode("ResourceNotFoundException", "GetResourcePolicy",
                            {"ResourceARN": arn})

    def test_other_account_is_not_found(self):
        other = "arn:aws:kinesis:us-east-1:111122223333:stream/pol"
        self.assertNotIn(ACCOUNT, other)
        self.assertCode("ResourceNotFoundException", "GetResourcePolicy", {"ResourceARN": other})


if __name__ == "__main__":
    unittest.main()
