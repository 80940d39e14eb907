// SubscribeToShard through the AWS SDK for JavaScript v3 (@aws-sdk/client-kinesis from .peers/)
// with its DEFAULT request handler, NodeHttp2Handler: HTTP/2 (h2c prior knowledge for http://,
// ALPN h2 for https://), every call of the client sharing one connection.
//   node subscribe_h2.js ENDPOINT PEERS_DIR CONSUMER_ARN STREAM_NAME
// 1. Subscribes at TRIM_HORIZON and reads events until the server ends the subscription
//    (--subscription-ms); after the first event it puts a record through the same client, which
//    must come back in a later event of the open subscription (other streams of the connection
//    are served while it runs).
// 2. Subscribes to another shard (LATEST) and cancels it after its first event (abortSignal: the
//    handler resets the stream), as an application that stops reading does.
// Prints one JSON line with what it saw; exits non-zero on a failure.
"use strict";
const path = require("path");

const [endpoint, peersDir, consumerArn, streamName] = process.argv.slice(2);
const {
  KinesisClient, SubscribeToShardCommand, PutRecordCommand,
} = require(path.join(peersDir, "node_modules/@aws-sdk/client-kinesis"));

const client = new KinesisClient({
  endpoint, region: "us-east-1", maxAttempts: 1,
  credentials: { accessKeyId: "AKIDTESTKEY", secretAccessKey: "test-secret" },
});

async function main() {
  const seen = { handler: client.config.requestHandler.constructor.name, events: 0, data: [] };
  const sub = await client.send(new SubscribeToShardCommand({
    ConsumerARN: consumerArn, ShardId: "shardId-000000000000",
    StartingPosition: { Type: "TRIM_HORIZON" },
  }));
  let ended = false;
  let pushed = null;
  for await (const event of sub.EventStream) {
    const e = event.SubscribeToShardEvent;
    if (!e) throw new Error("unexpected event " + JSON.stringify(Object.keys(event)));
    seen.events += 1;
    for (const r of e.Records) seen.data.push(Buffer.from(r.Data).toString());
    if (e.Records.length) seen.continuation_is_last = e.ContinuationSequenceNumber === e.Records[e.Records.length - 1].SequenceNumber;
    if (typeof e.MillisBehindLatest !== "number") throw new Error("no MillisBehindLatest");
    if (seen.events === 1) {
      // Another stream of the same connection, while the subscription is open.
      pushed = await client.send(new PutRecordCommand({
        StreamName: streamName, PartitionKey: "k", ExplicitHashKey: "0", Data: Buffer.from("pushed"),
      }));
      seen.put_while_open = !ended;
    }
  }
  ended = true;
  seen.pushed_sequence = pushed && pushed.SequenceNumber;

  // A subscription the client cancels mid-way.
  const abort = new AbortController();
  const second = await client.send(new SubscribeToShardCommand({
    ConsumerARN: consumerArn, ShardId: "shardId-000000000001",
    StartingPosition: { Type: "LATEST" },
  }), { abortSignal: abort.signal });
  try {
    for await (const event of second.EventStream) {
      if (event.SubscribeToShardEvent) {
        seen.second_first_event = true;
        abort.abort();
      }
    }
  } catch (e) {
    if (e.name !== "AbortError") throw e;
  }
  seen.cancelled = abort.signal.aborted;
  console.log(JSON.stringify(seen));
  // Report, then wait for the caller's go to end (it counts the server's threads meanwhile).
  process.stdin.once("data", () => {
    client.destroy();
    process.exit(0);
  });
}

main().catch((e) => {
  console.error(e && e.stack ? e.stack : e);
  process.exit(1);
});
