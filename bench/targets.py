"""The performance targets, judged from scripts/bench's results: each is met or not, with the
ratio that decides it. Pure functions over the results dict.
"""
import util


def _verdict(ok):
    return "**met**" if ok else "**not met**"


def judge(r):
    """A list of (target, measured, verdict)."""
    out = []
    cli = r.get("cli")
    if cli:
        for op, by in cli["times"].items():
            k = util.median(by.get("kinesisctl", []))
            floor = util.median(by.get("curl floor", []))
            v2 = util.median(by.get("aws v2", []))
            if k == k and floor == floor:
                out.append((f"CLI {op} within 1.5x of the curl floor",
                            f"{k * 1000:.1f} / {floor * 1000:.1f} ms = {k / floor:.2f}x",
                            _verdict(k <= 1.5 * floor)))
            if k == k and v2 == v2:
                out.append((f"CLI {op} at least 30x faster than the AWS CLI v2",
                            f"{v2 * 1000:.0f} / {k * 1000:.1f} ms = {v2 / k:.1f}x",
                            _verdict(v2 >= 30 * k)))
    servers = {row["config"]: row for row in r.get("server", []) if "put" in row}
    for ours, theirs in (("kinesisctl serve (memory)", "kinesalite (memory)"),
                         ("kinesisctl serve --data-dir", "kinesalite --path")):
        a, b = servers.get(ours), servers.get(theirs)
        if a and b:
            for kind in ("put", "get"):
                ra, rb = a[kind]["rate"], b[kind]["rate"]
                name = "PutRecords" if kind == "put" else "GetRecords"
                out.append((f"{name} {ours} at least 10x {theirs}",
                            f"{ra:,.0f} / {rb:,.0f} rec/s = {ra / rb:.1f}x" if rb else "n/a",
                            _verdict(rb > 0 and ra >= 10 * rb)))
    for label in ("kinesisctl serve (memory)", "kinesisctl serve --data-dir"):
        a = servers.get(label)
        if a:
            out.append((f"start-up under 20 ms, {label}", f"{a['startup_ms']:.1f} ms "
                        f"= {a['startup_ms'] / 20:.2f}x the limit",
                        _verdict(a["startup_ms"] < 20)))
            out.append((f"idle RSS under 10 MB, {label}", f"{a['idle_rss_mb']:.1f} MB "
                        f"= {a['idle_rss_mb'] / 10:.2f}x the limit",
                        _verdict(a["idle_rss_mb"] < 10)))
    a = servers.get("kinesisctl serve --data-dir")
    if a:
        n = a["put"]["records"]
        full = n >= 1_000_000
        out.append(("RSS with 1,000,000 durable records under 64 MB",
                    f"{a['rss_after_put_mb']:.1f} MB with {n:,} records "
                    f"= {a['rss_after_put_mb'] / 64:.2f}x the limit",
                    _verdict(full and a["rss_after_put_mb"] < 64) if full
                    else "not measured at 1,000,000 records"))
    for row in r.get("reshard", []):
        n, m = (int(x) for x in row["case"].split("->"))
        if row["method"] == "kinesisctl auto" and m == n + 1:
            out.append((f"reshard {row['case']} (delay {row['delay_ms']} ms) in at most 2 "
                        "resharding calls, kinesisctl auto",
                        f"{row['ops']} ops ({row['calls']} calls in all)",
                        _verdict(not row["error"] and row["ops"] <= 2)))
    d = r.get("describe")
    if d:
        x = d.get("kinesisctl describe_stream", {})
        calls = sum((x.get("calls") or {}).values())
        out.append((f"describe {d['shards']:,} shards in at most 3 calls", f"{calls} calls",
                    _verdict(not x.get("error") and 0 < calls <= 3)))
    return out


def section(r):
    rows = judge(r)
    if not rows:
        return []
    out = ["## Performance targets", "", "| target | measured | verdict |", "|---|---|---|"]
    out += [f"| {t} | {m} | {v} |" for t, m, v in rows]
    return out + [""]
