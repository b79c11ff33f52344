#!/bin/sh
# Compile-time log of every translation unit: used as CMake's compiler launcher, it runs the
# compile command it is given and appends "seconds<TAB>output file" to $KODE_TU_TIMES.
#   KODE_TU_TIMES=$PWD/tu-times.tsv cmake -S . -B build-times -DKode_ENABLE_TESTS=ON \
#     -DKode_ENABLE_EXAMPLES=ON -DKode_ENABLE_PERF_TESTS=ON -DCMAKE_CXX_COMPILER_LAUNCHER=$PWD/scripts/time_tu.sh
#   KODE_TU_TIMES=$PWD/tu-times.tsv cmake --build build-times -j1      # -j1: one compile at a time
#   sort -rn tu-times.tsv | head
out=""
prev=""
for a in "$@"; do
  [ "$prev" = "-o" ] && out="$a"
  prev="$a"
done
start=$(date +%s.%N)
"$@"
rc=$?
end=$(date +%s.%N)
if [ -n "${KODE_TU_TIMES:-}" ]; then
  awk -v s="$start" -v e="$end" -v o="$out" 'BEGIN { printf "%.1f\t%s\n", e - s, o }' >> "$KODE_TU_TIMES"
fi
exit $rc
