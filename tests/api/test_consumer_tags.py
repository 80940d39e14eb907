"""TagResource, UntagResource and ListTagsForResource on consumer ARNs, by signed requests and by
the JS SDK v3, against the peer of KINESISCTL_PEER (kinesisctl or kinesis-mock), expecting the
same codes. A consumer's tags are its own (not its stream's), at most 50, and go with it. Where
kinesis-mock answers differently from AWS's documentation, the test asserts AWS's answer for
kinesisctl only and says why."""
import json
import time
import unittest

from apitest import PEER, Error, PeerTestCase, run_sdk, stream_arn

CONSUMER_DELAY_MS = 100


class ConsumerCase(PeerTestCase):
    # Consumers become ACTIVE (and disappear once deregistered) after 100 ms on both peers.
    server_args = ({"extra_args": ["--consumer-delay-ms", str(CONSUMER_DELAY_MS)]}
                   if PEER == "kinesisctl" else {})

    def consumer_status(self, arn):
        return self.call("DescribeStreamConsumer",
                         {"ConsumerARN": arn})["ConsumerDescription"]["ConsumerStatus"]

    def wait_consumer(self, arn, want, timeout_s=20.0):
        deadline = time.monotonic() + timeout_s
        while True:
            try:
                got = self.consumer_status(arn)
            except Error as e:  # the error code is the state
                got = e.code
            if got == want or time.monotonic() > deadline:
                self.assertEqual(got, want)
                return
            time.sleep(0.02)

    def register(self, stream, name):
        arn = self.call("RegisterStreamConsumer", {"StreamARN": stream_arn(stream),
                                                   "ConsumerName": name})["Consumer"]["ConsumerARN"]
        self.wait_consumer(arn, "ACTIVE")
        return arn

    def tags(self, arn):
        return sorted((t["Key"], t["Value"])
                      for t in self.call("ListTagsForResource", {"ResourceARN": arn})["Tags"])


class ConsumerTagsTest(ConsumerCase):
    def test_a_consumer_has_its_own_tags(self):
        self.create("ct")
        self.call("AddTagsToStream", {"StreamName": "ct", "Tags": {"stream": "yes"}})
        arn = self.register("ct", "c1")
        self.assertEqual(self.tags(arn), [])
        self.assertEqual(self.call("TagResource", {"ResourceARN": arn,
                                                   "Tags": {"team": "data", "env": "dev"}}), {})
        self.assertEqual(self.tags(arn), [("env", "dev"), ("team", "data")])
        # The stream's tags and the consumer's are apart.
        self.assertEqual(self.tags(stream_arn("ct")), [("stream", "yes")])
        self.assertEqual(self.call("UntagResource", {"ResourceARN": arn,
                                                     "TagKeys": ["env", "absent"]}), {})
        self.assertEqual(self.tags(arn), [("team", "data")])

    def test_at_most_50_tags(self):
        self.create("ct50")
        arn = self.register("ct50", "c1")
        # kinesis-mock takes at most 10 tags per request (AddTagsToStream's old limit); AWS's
        # TagResource model allows 200 entries, and a resource at most 50 tags.
        for start in range(0, 49, 10):
            self.call("TagResource", {"ResourceARN": arn, "Tags": {
                f"k{i}": "v" for i in range(start, min(start + 10, 49))}})
        self.assertCode("InvalidArgumentException", "TagResource",
                        {"ResourceARN": arn, "Tags": {"x": "1", "y": "2"}})
        self.assertEqual(len(self.tags(arn)), 49)  # the refused request added nothing
        self.call("TagResource", {"ResourceARN": arn, "Tags": {"k0": "new", "x": "1"}})
        self.assertEqual(len(self.tags(arn)), 50)

    def test_js_sdk_v3(self):
        self.create("ctjs")
        arn = self.register("ctjs", "c1")
        results = run_sdk(self.endpoint, [json.dumps([
            ["TagResource", {"ResourceARN": arn, "Tags": {"app": "js"}}],
            ["ListTagsForResource", {"ResourceARN": arn}],
            ["UntagResource", {"ResourceARN": arn, "TagKeys": ["app"]}],
            ["ListTagsForResource", {"ResourceARN": arn}],
            ["ListTagsForResource", {"ResourceARN": arn[:arn.rindex(":")] + ":1"}],
        ])])
        self.assertEqual([(r["op"], r["ok"]) for r in results], [
            ("TagResource", True), ("ListTagsForResource", True), ("UntagResource", True),
            ("ListTagsForResource", True), ("ListTagsForResource", False)], results)
        self.assertEqual(results[1]["out"]["Tags"], [{"Key": "app", "Value": "js"}])
        self.assertEqual(results[3]["out"]["Tags"], [])
        # Another creation time: another consumer, which does not exist.
        self.assertEqual(results[4]["error"], "ResourceNotFoundException")


class DeregisteredConsumerTest(ConsumerCase):
    """On a server of its own: kinesis-mock 0.6.2 left a deregistered consumer DELETING for good
    when consumers of other streams of the same server had been tagged and untagged before (seen
    with this suite's other tests); on a fresh server it completes the deregistration."""

    def test_unknown_and_deregistered_consumers_are_not_found(self):
        self.create("ctgone")
        arn = self.register("ctgone", "c1")
        self.call("TagResource", {"ResourceARN": arn, "Tags": {"a": "b"}})
        unknown = stream_arn("ctgone") + "/consumer/nobody:1700000000"
        missing_stream = stream_arn("no-such-stream") + "/consumer/c1:1700000000"
        for bad in (unknown, missing_stream):
            self.assertCode("ResourceNotFoundException", "TagResource",
                            {"ResourceARN": bad, "Tags": {"a": "b"}})
            self.assertCode("ResourceNotFoundException", "UntagResource",
                            {"ResourceARN": bad, "TagKeys": ["a"]})
            self.assertCode("ResourceNotFoundException", "ListTagsForResource",
                            {"ResourceARN": bad})
        self.call("DeregisterStreamConsumer", {"ConsumerARN": arn})
        self.wait_consumer(arn, "ResourceNotFoundException")
        self.assertCode("ResourceNotFoundException", "ListTagsForResource", {"ResourceARN": arn})
        self.assertCode("ResourceNotFoundException", "TagResource",
                        {"ResourceARN": arn, "Tags": {"a": "b"}})
        # Registered again: a new ARN (a later creation second) and no tags; the old ARN still
        # names nothing (AWS's consumer ARNs carry the creation time for that).
        time.sleep(1.01 - time.time() % 1)
        again = self.register("ctgone", "c1")
        self.assertNotEqual(again, arn)
        self.assertEqual(self.tags(again), [])
        self.assertCode("ResourceNotFoundException", "ListTagsForResource", {"ResourceARN": arn})


if __name__ == "__main__":
    unittest.main()
