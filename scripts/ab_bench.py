#!/usr/bin/env python3
"""Side-by-side timing of two kode_perf_tests builds (before/after a change) on one machine.

The two binaries run alternately (A, B, A, B, ...) for --rounds rounds with the same Google
Benchmark filter, so that a load that drifts over the run hits both alike; the table gives each
benchmark's median cpu_time over the rounds and the ratio after/before.

  scripts/ab_bench.py BEFORE/kode_perf_tests AFTER/kode_perf_tests \\
      --filter 'lorenz_callback/tsit5/float/.*/N:256/' --rounds 5 [--min-time 0.05]
"""
import argparse
import json
import statistics
import subprocess
import sys


def run(binary, flt, min_time):
    out = subprocess.run(
        [binary, f"--benchmark_filter={flt}", f"--benchmark_min_time={min_time}", "--benchmark_format=json"],
        check=True, capture_output=True, text=True).stdout
    # Kokkos may print its own lines before the JSON document
    doc = json.loads(out[out.index("{"):])
    return {b["name"]: (b["cpu_time"], b["time_unit"]) for b in doc["benchmarks"] if b.get("run_type") != "aggregate"}


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("before")
    ap.add_argument("after")
    ap.add_argument("--filter", required=True)
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--min-time", default="0.05")
    a = ap.parse_args()
    times = {"before": {}, "after": {}}
    for r in range(a.rounds):
        for side, binary in (("before", a.before), ("after", a.after)):
            for name, (t, unit) in run(binary, a.filter, a.min_time).items():
                times[side].setdefault(name, []).append((t, unit))
        print(f"round {r + 1}/{a.rounds} done", file=sys.stderr)
    print(f"| benchmark | before (median of {a.rounds}) | after | after/before |")
    print("|---|---|---|---|")
    for name in times["after"]:
        if name not in times["before"]:
            print(f"| {name} | – | {statistics.median(t for t, _ in times['after'][name]):.4g} | – |")
            continue
        unit = times["after"][name][0][1]
        b = statistics.median(t for t, _ in times["before"][name])
        f = statistics.median(t for t, _ in times["after"][name])
        print(f"| {name} | {b:.4g} {unit} | {f:.4g} {unit} | {f / b:.3f} |")


if __name__ == "__main__":
    main()
