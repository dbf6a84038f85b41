#!/usr/bin/env bash
# Benchmark: the workbench's slider move (issue 23: "a slider move re-solves and redraws in
# < 100 ms"). `oreflow serve` on a copy of examples/chromite/, headless Chromium driven through
# chromedriver (tests/cli/browser_workbench.py --bench N): a what-if slider on the cleaner
# spiral's cut density is moved N times by the keyboard, one move at a time, and the page's own
# clock (performance.now from the input event to the frame after the redraw) gives each time;
# the BENCH line carries the median and, in its note, the maximum and the medians of the server's
# solve, the request with its JSON, and the redraw. Skips itself (exit 0) without Chromium,
# chromedriver or libmicrohttpd. CMake copies it to the build folder as bench_workbench.
# usage: bench_workbench [OREFLOW] [N]
set -u
here=$(cd "$(dirname "$0")" && pwd)
bin=${1:-$here/oreflow}
src=@PROJECT_SOURCE_DIR@
n=${2:-40}
export ORF_DATA_DIR=${ORF_DATA_DIR:-$src/data}
for b in "${ORF_CHROMIUM:-/usr/bin/chromium}" "${ORF_CHROMEDRIVER:-/usr/bin/chromedriver}"; do
  if [ ! -x "$b" ]; then
    echo "bench_workbench: skipped: $b not found (ORF_WITH_CHROMIUM=1 make deps installs it)"
    exit 0
  fi
done
work=$(mktemp -d) || exit 1
cp -r "$src/examples/chromite" "$work/served"
"$bin" serve "$work/served/chain.yaml" --port 0 > "$work/serve.out" 2> "$work/serve.err" &
pid=$!
trap 'kill "$pid" 2> /dev/null; wait "$pid" 2> /dev/null; rm -rf "$work"' EXIT
url=""
for _ in $(seq 1 300); do
  url=$(sed -n 's/^oreflow workbench: \(http[^ ]*\)$/\1/p' "$work/serve.out" | head -n 1)
  [ -n "$url" ] && break
  if ! kill -0 "$pid" 2> /dev/null; then
    echo "bench_workbench: skipped: oreflow serve did not start: $(head -c 300 "$work/serve.err")"
    exit 0
  fi
  sleep 0.1
done
[ -n "$url" ] || { echo "bench_workbench: oreflow serve printed no address" >&2; exit 1; }
/usr/bin/python3 "$src/tests/cli/browser_workbench.py" "$url" "$work/served" "$work" --bench "$n"
