#!/usr/bin/env bash
# Install the Debian packages oreflow needs to build, test and render reports.
# Idempotent: does nothing (and needs no root) when everything is present.
set -euo pipefail
pkgs=(build-essential cmake pkg-config libyaml-dev libgsl-dev libcmocka-dev libxlsxwriter-dev
      libgraphviz-dev valgrind unzip)
# NLopt: the optimisers of `oreflow optimize` (src/opt/).
pkgs+=(libnlopt-dev)
# OpenMPI: `mpirun -n N oreflow mc` (cli/mpi_share.c, docs/cluster.md); without it oreflow builds
# without MPI and tests/cli/mpi.sh is skipped.
pkgs+=(libopenmpi-dev openmpi-bin)
# libmicrohttpd: the workbench server `oreflow serve` (cli/cmd_serve.c, docs/serve.md); without it
# oreflow builds without the server and tests/cli/serve*.sh are skipped.
pkgs+=(libmicrohttpd-dev)
# Python bindings (python/oreflow, docs/python.md) and their tests (ctest python): Debian's
# Python packages only, for /usr/bin/python3.
pkgs+=(python3-cffi python3-numpy python3-pytest)
# clang and its runtime (libFuzzer, sanitizers) build the fuzz targets (`make fuzz`, tests/fuzz/).
pkgs+=(clang libclang-rt-14-dev)
# Chromium renders report.html in the browser test (tests/cli/browser_report.sh), and with its
# chromedriver drives the workbench page (tests/cli/browser_workbench.sh), and nothing else:
# opt-in (ORF_WITH_CHROMIUM=1, as `make test-browser` and CI set it); without it those tests are skipped.
if [ "${ORF_WITH_CHROMIUM:-0}" = 1 ]; then pkgs+=(chromium chromium-driver); fi
missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi
echo "install-deps: installing ${missing[*]}" >&2
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then SUDO="sudo"; else
    echo "install-deps: need root (or sudo) to install: ${missing[*]}" >&2; exit 1; fi
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
