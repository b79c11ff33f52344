#!/bin/sh
# The README's first command: install what is missing, build kode's examples with Debian's Kokkos,
# and solve a 100,000-trajectory Lorenz ensemble. Extra arguments go to the example
# (e.g. --double, --trajectories 1000000, --dt 0.001).
set -e
cd "$(dirname "$0")/.."
scripts/install-deps.sh
LAUNCHER=""  # ccache when it is installed
command -v ccache >/dev/null 2>&1 && LAUNCHER="-DCMAKE_CXX_COMPILER_LAUNCHER=ccache"
cmake -S . -B build -DKode_ENABLE_EXAMPLES=ON $LAUNCHER > build.log 2>&1 || { cat build.log; exit 1; }
cmake --build build -j "$(nproc)" --target lorenz_ensemble >> build.log 2>&1 || { cat build.log; exit 1; }
build/examples/lorenz_ensemble/lorenz_ensemble "$@"
