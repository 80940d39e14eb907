#!/usr/bin/env bash
# HTTP/2 against HTTP/1.1 on `kinesisctl serve`, with one load tool for both: h2load (Debian's
# nghttp2-client) sends the same PutRecords request (500 records x 100 random bytes, ~70 KB of
# JSON) to a 4-shard stream over HTTP/1.1 (--h1) and over h2c (prior knowledge), alternating,
# ROUNDS times each, and prints the requests per second of every run and the medians, and the
# server's CPU time per request (user + system, from /proc), which a busy machine disturbs less.
#   bench/h2_vs_h1.sh KINESISCTL_BIN [REQUESTS=2000] [ROUNDS=3]
# Loopback only; the server checks no signatures, so a fixed Authorization header does.
set -euo pipefail
BIN="$1" N="${2:-2000}" ROUNDS="${3:-3}"
work="$(mktemp -d)"
trap 'kill "$pid" 2>/dev/null || true; rm -rf "$work"' EXIT
"$BIN" serve --port 0 --create-delay-ms 0 >"$work/out" 2>"$work/err" &
pid=$!
for _ in $(seq 100); do grep -q listening "$work/out" 2>/dev/null && break; sleep 0.05; done
url="$(grep -o 'http://[^ ]*' "$work/out")/"
auth='authorization: AWS4-HMAC-SHA256 Credential=AKIDBENCH/20260101/us-east-1/kinesis/aws4_request, SignedHeaders=host;x-amz-date, Signature=0'
hdr=(-H 'content-type: application/x-amz-json-1.1' -H 'x-amz-date: 20260101T000000Z' -H "$auth")
echo '{"StreamName":"h2-bench","ShardCount":4}' >"$work/create.json"
curl -sf "${hdr[@]}" -H 'x-amz-target: Kinesis_20131202.CreateStream' --data-binary @"$work/create.json" "$url" >/dev/null
/usr/bin/python3 - "$work/put.json" <<'PY'
import base64, json, os, sys
records = [{"Data": base64.b64encode(os.urandom(100)).decode(), "PartitionKey": os.urandom(8).hex()}
           for _ in range(500)]
open(sys.argv[1], "w").write(json.dumps({"StreamName": "h2-bench", "Records": records}))
PY
cpu_ticks() { awk '{print $14 + $15}' "/proc/$pid/stat"; }
run() {  # $@: protocol flags; prints "req/s server-CPU-ms-per-request"
  local before after rps
  before="$(cpu_ticks)"
  rps="$(h2load -n "$N" -c 4 -t 1 "$@" -d "$work/put.json" "${hdr[@]}" \
    -H 'x-amz-target: Kinesis_20131202.PutRecords' "$url" |
    awk '/^finished in/ {gsub(",", "", $4); rps=$4} /^status codes:/ {ok=$3}
         END {if (ok != "'"$N"'") {print "h2load: only " ok " of '"$N"' answers were 2xx" > "/dev/stderr"; exit 1}
              print rps}')"
  after="$(cpu_ticks)"
  echo "$rps/$(awk -v t="$((after - before))" -v hz="$(getconf CLK_TCK)" -v n="$N" \
    'BEGIN {printf "%.2f", t * 1000 / hz / n}')"
}
h1=() h2=() h2m=()
for r in $(seq "$ROUNDS"); do
  h1+=("$(run --h1 -m 1)")
  h2+=("$(run -m 1)")
  h2m+=("$(run -c 1 -m 4)")
done
median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
report() {  # $1 label, rest: "rps/cpu" pairs
  local label="$1" rps=() cpu=()
  shift
  for x in "$@"; do rps+=("${x%/*}") cpu+=("${x#*/}"); done
  echo "$label: ${rps[*]} req/s (median $(median "${rps[@]}")); server CPU ms/request ${cpu[*]} (median $(median "${cpu[@]}"))"
}
report "HTTP/1.1, 4 connections x 1" "${h1[@]}"
report "HTTP/2, 4 connections x 1" "${h2[@]}"
report "HTTP/2, 1 connection x 4 streams" "${h2m[@]}"
