// Run by test_limits.py: the AWS SDK for JavaScript v3 (from .peers/) against a server whose
// next three PutRecord calls answer ProvisionedThroughputExceededException. Prints one JSON line:
// whether the first error is the SDK's own class, and how many attempts the standard retry mode
// made for the second call.
const path = require("path");
const peers = process.env.KINESISCTL_PEERS_DIR || path.join(__dirname, "../../.peers");
const sdk = require(path.join(peers, "node_modules/@aws-sdk/client-kinesis"));
// The Kinesis client speaks HTTP/2 by default; this server speaks HTTP/1.1.
const {NodeHttpHandler} = require(path.join(peers, "node_modules/@smithy/node-http-handler"));

const endpoint = process.argv[2];
const make = (maxAttempts) => new sdk.KinesisClient({
  endpoint, region: "us-east-1", maxAttempts, retryMode: "standard",
  requestHandler: new NodeHttpHandler(),
  credentials: {accessKeyId: "AKIDTESTKEY", secretAccessKey: "test-secret"},
});
const put = () => new sdk.PutRecordCommand({
  StreamName: "js", Data: Buffer.from("x"), PartitionKey: "p"});

(async () => {
  const out = {};
  try {
    await make(1).send(put());
    out.first = "no error";
  } catch (e) {
    out.first = e.name;
    out.own_class = e instanceof sdk.ProvisionedThroughputExceededException;
    out.status = e.$metadata && e.$metadata.httpStatusCode;
  }
  const ok = await make(3).send(put());
  out.attempts = ok.$metadata.attempts;
  console.log(JSON.stringify(out));
})().catch((e) => {
  console.log(JSON.stringify({unexpected: String(e)}));
  process.exit(1);
});
