"""Salt's boto_kinesis reshard algorithm (integer semantics; docs/design/resharding.md), re-stated
for the benchmark, and the Salt-style loop around it: call reshard(name, D, force=True) until it
returns False. Each call waits for ACTIVE, describes the whole stream (DescribeStream pages, as
Salt's _get_full_stream), then does at most one split or merge. Salt's get_stream_when_active
sleeps U[0,1) s before its first check and backs off up to 10 s; `poll_s` replaces that with a
fixed interval (the default 0.05 s is a lower bound on Salt's wall time), while the API calls
are those Salt makes. Single-threaded; takes a boto3 Kinesis client.
"""
import time


def _full_stream(client, name):
    first = client.describe_stream(StreamName=name)["StreamDescription"]
    page = first
    while page["HasMoreShards"]:
        page = client.describe_stream(StreamName=name,
                                      ExclusiveStartShardId=page["Shards"][-1]["ShardId"]
                                      )["StreamDescription"]
        first["Shards"].extend(page["Shards"])
    return first


def _when_active(client, name, poll_s):
    while True:
        time.sleep(poll_s)
        page = client.describe_stream(StreamName=name)["StreamDescription"]
        if page["StreamStatus"] == "ACTIVE":
            return _full_stream(client, name) if page["HasMoreShards"] else page


def reshard_once(client, name, desired, poll_s=0.05):
    """One Salt reshard(force=True) call: returns "split", "merge" or None (nothing to do)."""
    details = _when_active(client, name, poll_s)
    open_shards = []
    max_key = 0
    for shard in details["Shards"]:
        if "EndingSequenceNumber" in shard["SequenceNumberRange"]:
            continue
        start = int(shard["HashKeyRange"]["StartingHashKey"])
        end = int(shard["HashKeyRange"]["EndingHashKey"])
        max_key = max(max_key, end)
        open_shards.append((start, end, shard["ShardId"]))
    open_shards.sort(key=lambda s: s[0])
    q = max_key // desired  # min_hash_key is always 0 in Salt
    for i, (start, end, sid) in enumerate(open_shards):
        exp_start = q * i + i
        exp_end = min(q * (i + 1) + i, max_key)
        if start != exp_start:
            raise RuntimeError("starting hash keys mismatch, don't know what to do!")
        if end == exp_end:
            continue
        if end > exp_end + 1:
            client.split_shard(StreamName=name, ShardToSplit=sid,
                               NewStartingHashKey=str(exp_end + 1))
            return "split"
        if i + 1 >= len(open_shards):
            raise RuntimeError(f"failed to find next shard after {sid}")
        client.merge_shards(StreamName=name, ShardToMerge=sid,
                            AdjacentShardToMerge=open_shards[i + 1][2])
        return "merge"
    return None


def reshard_loop(client, name, desired, poll_s=0.05, max_ops=1000):
    """Loops Salt-style until nothing is left to do; returns the number of splits and merges."""
    ops = 0
    while reshard_once(client, name, desired, poll_s):
        ops += 1
        if ops > max_ops:
            raise RuntimeError("Salt's loop did not converge")
    return ops
