// The AWS SDK for JavaScript v3 (@aws-sdk/client-kinesis from .peers/) with its DEFAULT request
// handler, which speaks HTTP/2 (h2c prior knowledge for http://, ALPN h2 for https://), against
// `kinesisctl serve`: a stream's lifecycle, PutRecords/GetRecords and a split.
//   node sdk_v3.js ENDPOINT PEERS_DIR
// Prints one JSON line with what it saw; exits non-zero on the first failure.
"use strict";
const path = require("path");
const assert = require("assert");

const [endpoint, peersDir] = process.argv.slice(2);
const {
  KinesisClient, CreateStreamCommand, DescribeStreamSummaryCommand, PutRecordsCommand,
  ListShardsCommand, GetShardIteratorCommand, GetRecordsCommand, SplitShardCommand,
  DeleteStreamCommand, ListStreamsCommand,
} = require(path.join(peersDir, "node_modules/@aws-sdk/client-kinesis"));

const client = new KinesisClient({
  endpoint, region: "us-east-1", maxAttempts: 1,
  credentials: { accessKeyId: "AKIDTESTKEY", secretAccessKey: "test-secret" },
});

async function waitStatus(name, want) {
  for (let i = 0; i < 500; i++) {
    const s = await client.send(new DescribeStreamSummaryCommand({ StreamName: name }));
    if (s.StreamDescriptionSummary.StreamStatus === want) return s.StreamDescriptionSummary;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`${name} never became ${want}`);
}

async function main() {
  const seen = { handler: client.config.requestHandler.constructor.name };
  const name = "h2-sdk-" + process.pid;
  await client.send(new CreateStreamCommand({ StreamName: name, ShardCount: 1 }));
  await waitStatus(name, "ACTIVE");
  const records = [];
  for (let i = 0; i < 20; i++) {
    records.push({ Data: Buffer.from(`record-${i}`), PartitionKey: `pk-${i}` });
  }
  // Concurrent calls share the one HTTP/2 connection as separate streams.
  const puts = await Promise.all([0, 1].map((half) => client.send(new PutRecordsCommand({
    StreamName: name, Records: records.slice(half * 10, half * 10 + 10),
  }))));
  seen.failed = puts.reduce((n, p) => n + p.FailedRecordCount, 0);
  assert.strictEqual(seen.failed, 0);
  const shards = (await client.send(new ListShardsCommand({ StreamName: name }))).Shards;
  assert.strictEqual(shards.length, 1);
  const it = await client.send(new GetShardIteratorCommand({
    StreamName: name, ShardId: shards[0].ShardId, ShardIteratorType: "TRIM_HORIZON",
  }));
  const got = await client.send(new GetRecordsCommand({ ShardIterator: it.ShardIterator }));
  const data = got.Records.map((r) => Buffer.from(r.Data).toString()).sort();
  assert.deepStrictEqual(data, records.map((r) => r.Data.toString()).sort());
  seen.records = data.length;
  // A split: half of the hash key range.
  await client.send(new SplitShardCommand({
    StreamName: name, ShardToSplit: shards[0].ShardId,
    NewStartingHashKey: "170141183460469231731687303715884105728",
  }));
  await waitStatus(name, "ACTIVE");
  seen.shards = (await client.send(new ListShardsCommand({ StreamName: name }))).Shards.length;
  assert.strictEqual(seen.shards, 3);
  await client.send(new DeleteStreamCommand({ StreamName: name }));
  for (let i = 0; i < 500; i++) {
    const l = await client.send(new ListStreamsCommand({}));
    if (!l.StreamNames.includes(name)) { seen.deleted = true; break; }
    await new Promise((r) => setTimeout(r, 20));
  }
  assert.ok(seen.deleted, "the stream was never deleted");
  // An error travels back over HTTP/2 as an AWS error.
  try {
    await client.send(new DescribeStreamSummaryCommand({ StreamName: name }));
    assert.fail("DescribeStreamSummary of a deleted stream succeeded");
  } catch (e) {
    seen.error = e.name;
  }
  client.destroy();
  console.log(JSON.stringify(seen));
}

main().catch((e) => {
  console.error(e && e.stack ? e.stack : e);
  process.exit(1);
});
