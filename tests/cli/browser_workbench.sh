#!/usr/bin/env bash
# The workbench (`oreflow serve`, web/, docs/workbench.md) in a real browser: the server runs on a
# copy of examples/chromite/ on a free loopback port, and browser_workbench.py drives Debian's
# headless Chromium through chromedriver's WebDriver API (Python's urllib; no npm, no selenium):
# edit the cleaner spiral's cut density and see the concentrate grade and NPV change, a located
# error, save and reload byte for byte, a save conflict, scenarios, Monte Carlo with cancel; and
# it prints the page's slider-move-to-redraw time as a BENCH line (no timed assertion).
# Skipped (exit 77) when Chromium or chromedriver is absent (make test-browser installs both;
# ORF_CHROMIUM and ORF_CHROMEDRIVER select other binaries). Screenshots land in WORK_DIR/shots.
# Usage: bash browser_workbench.sh OREFLOW SOURCE_DIR WORK_DIR
set -euo pipefail
ORF=$1 SRC=$2 WORK=$3
CHROMIUM=${ORF_CHROMIUM:-/usr/bin/chromium}
CHROMEDRIVER=${ORF_CHROMEDRIVER:-/usr/bin/chromedriver}
for b in "$CHROMIUM" "$CHROMEDRIVER"; do
    if [ ! -x "$b" ]; then
        echo "SKIPPED: $b not found (make test-browser installs Debian's chromium and" \
             "chromium-driver) - the workbench was not checked in a browser"
        exit 77
    fi
done
rm -rf "$WORK" && mkdir -p "$WORK/shots"
cp -r "$SRC/examples/chromite" "$WORK/served"

# the server's first line names its port: oreflow workbench: http://127.0.0.1:PORT/?file=chain.yaml
"$ORF" serve "$WORK/served/chain.yaml" --port 0 > "$WORK/serve.out" 2> "$WORK/serve.err" &
pid=$!
trap 'kill "$pid" 2> /dev/null; wait "$pid" 2> /dev/null || true' EXIT
url=""
for _ in $(seq 1 300); do
    url=$(sed -n 's/^oreflow workbench: \(http[^ ]*\)$/\1/p' "$WORK/serve.out" | head -n 1)
    [ -n "$url" ] && break
    if ! kill -0 "$pid" 2> /dev/null; then
        cat "$WORK/serve.err"
        if grep -q "built without the workbench server" "$WORK/serve.err"; then
            echo "SKIPPED: this oreflow has no server (libmicrohttpd was not found when it was built)"
            exit 77
        fi
        echo "FAIL: oreflow serve exited"
        exit 1
    fi
    sleep 0.1
done
[ -n "$url" ] || { echo "FAIL: oreflow serve printed no address"; exit 1; }
echo "server: $url"

/usr/bin/python3 "$SRC/tests/cli/browser_workbench.py" "$url" "$WORK/served" "$WORK" --shots "$WORK/shots"

# SIGTERM stops the server cleanly (exit 0)
kill -TERM "$pid"
rc=0
wait "$pid" || rc=$?
trap - EXIT
[ "$rc" -eq 0 ] || { cat "$WORK/serve.err"; echo "FAIL: oreflow serve exited $rc on SIGTERM"; exit 1; }
echo "ok: oreflow serve stopped cleanly on SIGTERM"
