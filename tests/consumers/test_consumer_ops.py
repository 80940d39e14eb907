"""Consumer operations (Register/Describe/List/DeregisterStreamConsumer, DeleteStream with
consumers, ConsumerCount) with boto3: the same scenario against kinesis-mock and `kinesisctl
serve` must give the same codes, and ours is checked further on its own (limits, durability)."""
import os
import shutil
import tempfile
import unittest

import fanout
from fanout import code_of, wait_until


def scenario(endpoint):
    """Runs the shared scenario; returns [(step, code)]."""
    c = fanout.client(endpoint)
    steps = []
    arn = fanout.create_stream(c, "ops", 1)
    unknown = arn + "/consumer/nobody:1700000000"
    r = c.register_stream_consumer(StreamARN=arn, ConsumerName="c1")["Consumer"]
    steps.append(("register status", r["ConsumerStatus"]))
    c1 = r["ConsumerARN"]
    steps.append(("register again", code_of(c.register_stream_consumer, StreamARN=arn,
                                            ConsumerName="c1")))
    steps.append(("register on missing stream",
                  code_of(c.register_stream_consumer, StreamARN=arn + "x", ConsumerName="c")))
    steps.append(("describe by arn", code_of(c.describe_stream_consumer, ConsumerARN=c1)))
    steps.append(("describe by stream and name",
                  code_of(c.describe_stream_consumer, StreamARN=arn, ConsumerName="c1")))
    steps.append(("describe unknown arn", code_of(c.describe_stream_consumer, ConsumerARN=unknown)))
    steps.append(("describe unknown name",
                  code_of(c.describe_stream_consumer, StreamARN=arn, ConsumerName="nobody")))
    steps.append(("describe with name only",
                  code_of(c.describe_stream_consumer, ConsumerName="c1")))
    listed = c.list_stream_consumers(StreamARN=arn)["Consumers"]
    steps.append(("list", [x["ConsumerName"] for x in listed]))
    wait_until(lambda: fanout.consumer_status(c, c1) == "ACTIVE", what="c1 ACTIVE")
    steps.append(("deregister unknown", code_of(c.deregister_stream_consumer,
                                                ConsumerARN=unknown)))
    steps.append(("deregister", code_of(c.deregister_stream_consumer, ConsumerARN=c1)))
    wait_until(lambda: fanout.consumer_status(c, c1) == "ResourceNotFoundException",
               what="c1 gone")
    arn2 = fanout.create_stream(c, "ops2", 1)
    c2 = fanout.register_active(c, arn2, "c2")
    steps.append(("delete stream enforced",
                  code_of(c.delete_stream, StreamName="ops2", EnforceConsumerDeletion=True)))
    wait_until(lambda: code_of(c.describe_stream_summary, StreamName="ops2") ==
               "ResourceNotFoundException", what="stream gone")
    steps.append(("describe consumer of deleted stream",
                  code_of(c.describe_stream_consumer, ConsumerARN=c2)))
    steps.append(("list consumers of deleted stream",
                  code_of(c.list_stream_consumers, StreamARN=arn2)))
    # Last: kinesis-mock 0.6.2 answers ResourceInUseException here as AWS does, but deletes the
    # stream all the same; AWS keeps it (checked for ours below).
    fanout.register_active(c, arn, "c3")
    steps.append(("delete stream with consumers", code_of(c.delete_stream, StreamName="ops")))
    return steps


class SameCodesAsKinesisMock(unittest.TestCase):
    def test_scenario(self):
        ok, why = fanout.peers.available("kinesis-mock")
        if not ok:
            self.fail(why)
        with fanout.peers.start("kinesis-mock", delay_ms=50) as mock:
            theirs = scenario(mock.endpoint)
        with fanout.start_kinesisctl() as ours_server:
            ours = scenario(ours_server.endpoint)
        self.assertEqual(ours, theirs)
        # And what the scenario means, so that a peer change cannot hide a regression.
        expected = dict(ours)
        self.assertEqual(expected["register status"], "CREATING")
        self.assertEqual(expected["register again"], "ResourceInUseException")
        self.assertEqual(expected["describe unknown arn"], "ResourceNotFoundException")
        self.assertEqual(expected["delete stream with consumers"], "ResourceInUseException")
        self.assertEqual(expected["delete stream enforced"], "OK")
        self.assertEqual(expected["describe consumer of deleted stream"],
                         "ResourceNotFoundException")

    def test_refused_delete_keeps_the_stream_and_its_consumers(self):
        with fanout.start_kinesisctl() as server:
            c = fanout.client(server.endpoint)
            arn = fanout.create_stream(c, "keep", 1)
            consumer = fanout.register_active(c, arn, "c")
            self.assertEqual(code_of(c.delete_stream, StreamName="keep"), "ResourceInUseException")
            self.assertEqual(code_of(c.delete_stream, StreamName="keep",
                                     EnforceConsumerDeletion=False), "ResourceInUseException")
            summary = c.describe_stream_summary(StreamName="keep")["StreamDescriptionSummary"]
            self.assertEqual((summary["StreamStatus"], summary["ConsumerCount"]), ("ACTIVE", 1))
            self.assertEqual(fanout.consumer_status(c, consumer), "ACTIVE")


class OursOnly(unittest.TestCase):
    def test_limits_count_and_paging(self):
        # Consumers stay CREATING for a minute here, so the limit on CREATING is reached.
        with fanout.start_kinesisctl(consumer_delay_ms=60000) as server:
            c = fanout.client(server.endpoint)
            arn = fanout.create_stream(c, "lim", 1)
            for i in range(5):
                c.register_stream_consumer(StreamARN=arn, ConsumerName=f"c{i}")
            self.assertEqual(code_of(c.register_stream_consumer, StreamARN=arn,
                                     ConsumerName="c5"), "LimitExceededException")
            summary = c.describe_stream_summary(StreamName="lim")["StreamDescriptionSummary"]
            self.assertEqual(summary["ConsumerCount"], 5)
            names, token = [], None
            while True:
                kw = {"NextToken": token} if token else {"StreamARN": arn}
                if token:
                    kw["StreamARN"] = arn
                page = c.list_stream_consumers(MaxResults=2, **kw)
                names += [x["ConsumerName"] for x in page["Consumers"]]
                token = page.get("NextToken")
                if not token:
                    break
            self.assertEqual(names, [f"c{i}" for i in range(5)])
        with fanout.start_kinesisctl(consumer_delay_ms=0) as server:
            c = fanout.client(server.endpoint)
            arn = fanout.create_stream(c, "lim", 1)
            for i in range(20):
                c.register_stream_consumer(StreamARN=arn, ConsumerName=f"c{i}")
            self.assertEqual(code_of(c.register_stream_consumer, StreamARN=arn,
                                     ConsumerName="c20"), "LimitExceededException")

    def test_consumers_are_durable(self):
        data_dir = tempfile.mkdtemp(prefix="kinesisctl-consumers-")
        try:
            with fanout.start_kinesisctl(data_dir=data_dir) as server:
                c = fanout.client(server.endpoint)
                arn = fanout.create_stream(c, "dur", 1)
                consumer = fanout.register_active(c, arn, "keep")
            with fanout.start_kinesisctl(data_dir=data_dir) as server:
                c = fanout.client(server.endpoint)
                d = c.describe_stream_consumer(ConsumerARN=consumer)["ConsumerDescription"]
                self.assertEqual((d["ConsumerName"], d["ConsumerStatus"]), ("keep", "ACTIVE"))
                self.assertEqual(c.describe_stream_summary(StreamName="dur")
                                 ["StreamDescriptionSummary"]["ConsumerCount"], 1)
        finally:
            shutil.rmtree(data_dir, ignore_errors=True)


if __name__ == "__main__":
    unittest.main()
