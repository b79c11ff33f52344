#!/usr/bin/env python3
"""Draws the work-precision diagram (time against error, log-log, one line per method) from the
JSON that kode_perf_tests writes for the `workprecision/...` benchmarks:

    kode_perf_tests --benchmark_filter=workprecision --benchmark_out=wp.json --benchmark_out_format=json
    python3 perf_tests/work_precision.py wp.json work_precision.png [--title "..."]

Needs matplotlib (Debian: python3-matplotlib). Prints the numbers as a Markdown table too."""
import argparse
import json
from collections import defaultdict

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402


def load(path):
    with open(path) as f:
        data = json.load(f)
    runs = defaultdict(list)
    for b in data["benchmarks"]:
        if not b["name"].startswith("workprecision/") or b.get("run_type") == "aggregate":
            continue
        method = b["name"].split("/")[1]
        unit = {"ms": 1e-3, "us": 1e-6, "ns": 1e-9, "s": 1.0}[b.get("time_unit", "ms")]
        runs[method].append(
            dict(time=b["real_time"] * unit, error=b["error"], tol=b.get("tolerance", 0.0), dt=b.get("dt", 0.0),
                 steps=b.get("steps/traj", 0.0)))
    return data.get("context", {}), runs


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("json")
    ap.add_argument("png")
    ap.add_argument("--title", default=None)
    args = ap.parse_args()
    context, runs = load(args.json)
    fig, ax = plt.subplots(figsize=(7, 5))
    print("| method | tolerance / dt | error | steps/traj | time [ms] |")
    print("|---|---|---|---|---|")
    for method in sorted(runs):
        pts = sorted(runs[method], key=lambda r: r["time"])
        ax.loglog([p["error"] for p in pts], [p["time"] for p in pts], "o-", label=method)
        for p in sorted(runs[method], key=lambda r: -(r["tol"] or r["dt"])):
            setting = f"tol {p['tol']:.0e}" if p["tol"] > 0 else f"dt {p['dt']:.0e}"
            print(f"| {method} | {setting} | {p['error']:.2e} | {p['steps']:.1f} | {p['time'] * 1e3:.3f} |")
    ax.set_xlabel("largest relative error of the final states")
    ax.set_ylabel("time of kode::solve [s]")
    space = context.get("kokkos_execution_space", "?")
    ax.set_title(args.title or f"Lorenz ensemble, N = 65536, float64 ({space})")
    ax.grid(True, which="both", alpha=0.3)
    ax.legend()
    fig.tight_layout()
    fig.savefig(args.png, dpi=110)
    print(f"wrote {args.png}")


if __name__ == "__main__":
    main()
