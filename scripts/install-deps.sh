#!/bin/sh
# Installs what kode's default build needs from Debian's archive (bookworm): a compiler, CMake,
# Kokkos + Kokkos Kernels 3.4.1 (Serial) as packaged with Trilinos, GoogleTest and Google Benchmark.
# Does nothing when everything is there; uses sudo when not run as root.
set -e
PKGS="cmake g++ make git libtrilinos-kokkos-dev libtrilinos-kokkos-kernels-dev libgtest-dev libbenchmark-dev"
missing=""
for p in $PKGS; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
[ -z "$missing" ] && exit 0
SUDO=""
[ "$(id -u)" -ne 0 ] && SUDO=sudo
echo "install-deps: installing$missing"
$SUDO apt-get update -qq
$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $missing
