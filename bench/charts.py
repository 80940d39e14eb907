"""PNG charts for docs/benchmarks.md, drawn with matplotlib (the Agg backend, no display).
Not thread-safe (pyplot state). Returns the file names written.
"""
import os

import util


def draw(plt, r, out_dir):
    names = []
    cli = r.get("cli")
    if cli:
        ops = list(cli["times"])
        tools = list(cli["commands"])
        fig, ax = plt.subplots(figsize=(8, 4))
        width = 0.8 / len(tools)
        for i, t in enumerate(tools):
            vals = [util.median(cli["times"][op].get(t, [])) * 1000 for op in ops]
            ax.bar([j + i * width for j in range(len(ops))], vals, width, label=t)
        ax.set_xticks([j + 0.4 - width / 2 for j in range(len(ops))], ops)
        ax.set_yscale("log")
        ax.set_ylabel("ms per operation, whole process (log)")
        ax.set_title("CLI cost per operation (median)")
        ax.legend(fontsize=8)
        names.append(_save(fig, plt, out_dir, "benchmarks-cli.png"))
    rows = r.get("reshard")
    if rows:
        methods = ["kinesisctl auto", "kinesisctl split_merge", "Salt loop", "UpdateShardCount"]
        cases = []
        for row in rows:
            key = f"{row['case']}\n{row['delay_ms']} ms"
            if key not in cases:
                cases.append(key)
        fig, axes = plt.subplots(2, 1, figsize=(10, 7))
        width = 0.2
        for i, method in enumerate(methods):
            ops, secs = [], []
            for key in cases:
                match = [x for x in rows if f"{x['case']}\n{x['delay_ms']} ms" == key
                         and x["method"] == method and not x["error"]]
                ops.append(match[0]["ops"] if match else 0)
                secs.append(match[0]["seconds"] if match else 0)
            xs = [j + i * width for j in range(len(cases))]
            axes[0].bar(xs, ops, width, label=method)
            axes[1].bar(xs, secs, width, label=method)
        for ax, label in ((axes[0], "resharding calls"), (axes[1], "wall seconds")):
            ax.set_xticks([j + 0.3 for j in range(len(cases))], cases, fontsize=7)
            ax.set_ylabel(label)
            ax.set_yscale("symlog")
        axes[0].legend(fontsize=8)
        axes[0].set_title("Resharding N -> M (0 = not allowed or failed)")
        names.append(_save(fig, plt, out_dir, "benchmarks-reshard.png"))
    servers = [x for x in r.get("server", []) if "put" in x]
    if servers:
        fig, axes = plt.subplots(1, 2, figsize=(11, 4))
        labels = [x["config"].replace(" ", "\n", 1) for x in servers]
        axes[0].bar(labels, [x["put"]["rate"] for x in servers], label="PutRecords")
        axes[0].set_title("PutRecords records/s")
        axes[1].bar(labels, [x["get"]["rate"] for x in servers], color="tab:orange")
        axes[1].set_title("GetRecords records/s")
        for ax in axes:
            ax.set_yscale("log")
            ax.tick_params(axis="x", labelsize=7)
        names.append(_save(fig, plt, out_dir, "benchmarks-server.png"))
    return names


def _save(fig, plt, out_dir, name):
    fig.tight_layout()
    fig.savefig(os.path.join(out_dir, name), dpi=100)
    plt.close(fig)
    return name
