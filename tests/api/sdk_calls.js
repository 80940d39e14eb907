// Runs Kinesis operations through the AWS SDK for JavaScript v3 (the release pinned by
// scripts/setup, from .peers/ via NODE_PATH), over HTTP/1.1 (NodeHttpHandler), against the
// endpoint in argv[2]. argv[3] is a JSON list of [operation, input] pairs; a "Data" member of the
// form {"bytes": N} becomes N bytes of "x". Prints one JSON line per call:
//   {"op": ..., "ok": true, "out": {...}}  or  {"op": ..., "ok": false, "error": "Name", "message": ...}
// Runs on Node 18. Loopback only (the caller passes a 127.0.0.1 endpoint).
"use strict";
const kinesis = require("@aws-sdk/client-kinesis");
const { NodeHttpHandler } = require("@smithy/node-http-handler");

async function main() {
  const [endpoint, callsJson] = process.argv.slice(2);
  const client = new kinesis.KinesisClient({
    endpoint,
    region: "us-east-1",
    credentials: { accessKeyId: "AKIDTESTKEY", secretAccessKey: "test-secret" },
    requestHandler: new NodeHttpHandler(),
    maxAttempts: 1,
  });
  for (const [op, input] of JSON.parse(callsJson)) {
    const Command = kinesis[op + "Command"];
    if (!Command) throw new Error("the SDK has no operation " + op);
    if (input.Data && typeof input.Data === "object") {
      input.Data = new Uint8Array(input.Data.bytes).fill(0x78);
    }
    try {
      const out = await client.send(new Command(input));
      delete out.$metadata;
      console.log(JSON.stringify({ op, ok: true, out }));
    } catch (e) {
      console.log(JSON.stringify({ op, ok: false, error: e.name, message: e.message }));
    }
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
