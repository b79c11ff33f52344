#!/bin/sh
# The README's second command: install what is missing, build kode's unit tests, examples and
# benchmarks with Debian's Kokkos, and run them all under ctest (benchmarks as small smoke runs).
# Compiler flags may be added through the CXXFLAGS environment variable (CI adds -Werror).
set -e
cd "$(dirname "$0")/.."
scripts/install-deps.sh
# ccache when it is installed (docs/architecture.md, "Building": when two clones share a cache)
LAUNCHER=""
command -v ccache >/dev/null 2>&1 && LAUNCHER="-DCMAKE_CXX_COMPILER_LAUNCHER=ccache"
cmake -S . -B build-tests -DKode_ENABLE_TESTS=ON -DKode_ENABLE_EXAMPLES=ON -DKode_ENABLE_PERF_TESTS=ON $LAUNCHER
cmake --build build-tests -j "$(nproc)"
ctest --test-dir build-tests --output-on-failure -j "$(nproc)"
