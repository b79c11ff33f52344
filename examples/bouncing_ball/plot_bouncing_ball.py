#!/usr/bin/env python3
"""Plots a few balls of the bouncing_ball example, with their impacts:

    bouncing_ball --double --output balls.csv --events impacts.csv
    python3 plot_bouncing_ball.py balls.csv impacts.csv balls.png

Needs matplotlib (Debian: python3-matplotlib)."""
import csv
import sys
from collections import defaultdict

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402


def main(states, events, png, show=(0, 1, 300, 700, 999)):
    path = defaultdict(lambda: ([], []))
    with open(states) as f:
        for r in csv.DictReader(f):
            i = int(r["trajectory"])
            if i in show:
                path[i][0].append(float(r["t"]))
                path[i][1].append(float(r["h"]))
    hits = defaultdict(list)
    with open(events) as f:
        for r in csv.DictReader(f):
            if int(r["trajectory"]) in show:
                hits[int(r["trajectory"])].append(float(r["t"]))
    fig, ax = plt.subplots(figsize=(8, 4.5))
    for i in sorted(path):
        (line,) = ax.plot(*path[i], lw=1.2, label=f"ball {i}" + (" (e = 0.9)" if i == 0 else ""))
        ax.plot(hits[i], [0] * len(hits[i]), "o", ms=3, color=line.get_color())
    ax.set_xlabel("t [s]")
    ax.set_ylabel("height [m]")
    ax.set_title("kode: bouncing balls, impacts found by a ContinuousCallback")
    ax.legend()
    ax.grid(alpha=0.3)
    fig.tight_layout()
    fig.savefig(png, dpi=110)
    print(f"wrote {png}")


if __name__ == "__main__":
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    main(*sys.argv[1:])
