#!/usr/bin/env python3
"""Registers, stack frame and spills of every CUDA kernel in a build log made with -Xptxas -v.

Usage: scripts/ptxas_table.py BUILD_LOG [FILTER_REGEX]
       scripts/ptxas_table.py --compare BEFORE_LOG AFTER_LOG [FILTER_REGEX]
Prints one row per kernel entry ("kode::" kernels by default): a short name (the functor type with
kode's template arguments: method, Adaptive, Dense, scalar, callbacks), registers, stack frame
bytes, spill stores / loads. Used to compare kernels before and after a change of device code
(docs/performance.md); --compare prints both logs' figures side by side, kernel by kernel.
"""
import re
import subprocess
import sys


def demangle(names):
    out = subprocess.run(["c++filt"], input="\n".join(names), capture_output=True, text=True).stdout
    return out.splitlines()


def split_args(text):
    """The top-level comma-separated template arguments of `text` (which starts after a '<')."""
    out, depth, cur = [], 0, ""
    for ch in text:
        if ch == "<":
            depth += 1
        elif ch == ">":
            if depth == 0:
                break
            depth -= 1
        if ch == "," and depth == 0:
            out.append(cur.strip())
            cur = ""
        else:
            cur += ch
    out.append(cur.strip())
    return out


def kernels(path, flt):
    """(short name, registers, stack, spill stores, spill loads) of every kode kernel in a log."""
    log = open(path, errors="replace").read().splitlines()
    rows, cur, stack = [], None, None
    for line in log:
        m = re.search(r"Compiling entry function '([^']+)'", line)
        if m:
            cur = m.group(1)
            continue
        m = re.search(r"Function properties for (\S+)", line)
        if m:
            cur = m.group(1) if cur is None else cur
            continue
        m = re.search(r"(\d+) bytes stack frame, (\d+) bytes spill stores, (\d+) bytes spill loads", line)
        if m and cur:
            stack = tuple(int(x) for x in m.groups())
            continue
        m = re.search(r"Used (\d+) registers", line)
        if m and cur:
            rows.append((cur, int(m.group(1)), stack or (0, 0, 0)))
            cur, stack = None, None
    names = demangle([r[0] for r in rows])
    seen, out = set(), []
    for (mangled, regs, (st, sp, ld)), name in zip(rows, names):
        if "kode" not in name:
            continue
        short = re.sub(r"Kokkos::Impl::cuda_parallel_launch_\w+<Kokkos::Impl::ParallelFor<", "", name)
        short = re.sub(r"kode::Impl::|kode::|\(anonymous namespace\)::|Kokkos::", "", short)
        short = re.sub(r",\s*(Cuda|TeamPolicy<.*)$", "", short)
        m = re.search(r"EnsembleKernelFunctor<(.*)", short)
        if m:
            short = m.group(1)
            # method, Adaptive, Dense, then the scalar type from the problem's View
            parts = split_args(short)
            method = parts[0]
            sm = re.match(r"StiffMethod<(\w+), (\w+)Tableau, (\w+), (\w+)>", method)
            if sm:  # stiff methods: the tableau names the method; the policies matter
                method = "%s %s %s" % (sm.group(2), sm.group(3), sm.group(4))
            scalar = "double" if "View<double" in short else ("float" if "View<float" in short else "?")
            cb = "callbacks" if "ContinuousCallback" in short or "DiscreteCallback" in short else "-"
            system = re.search(r"EnsembleProblem<(?:\w+::)*(\w+)", short)
            lanes = parts[8] if len(parts) > 8 and parts[8].isdigit() else "1"
            short = "%s%s adaptive=%s dense=%s %s %s%s" % (system.group(1) + " " if system else "", method, parts[1],
                                                         parts[2], scalar, cb, "" if lanes == "1" else " lanes=" + lanes)
        if flt and not flt.search(short):
            continue
        key = (short, regs, st, sp, ld)
        if key in seen:
            continue
        seen.add(key)
        out.append(key)
    return out


def main():
    args = sys.argv[1:]
    if args and args[0] == "--compare":
        flt = re.compile(args[3]) if len(args) > 3 else None
        before = {k[0]: k[1:] for k in kernels(args[1], flt)}
        after = kernels(args[2], flt)
        print("| kernel | before: registers / stack / spill st/ld | after |")
        print("|---|---|---|")
        fmt = lambda r: "%d / %d / %d/%d" % r if r else "–"
        for k in after:
            print("| %s | %s | %s |" % (k[0], fmt(before.get(k[0])), fmt(k[1:])))
        return
    flt = re.compile(args[1]) if len(args) > 1 else None
    print("| kernel | registers | stack | spill st/ld |")
    print("|---|---|---|---|")
    for short, regs, st, sp, ld in kernels(args[0], flt):
        print("| %s | %d | %d | %d/%d |" % (short, regs, st, sp, ld))


if __name__ == "__main__":
    main()
