#!/usr/bin/env bash
# Gross-error identification without overflow (issue 15, finding 7d): scavenger-loop data with
# one flow measured as 1e300 (an SD of 3 % of it squares to inf). The chi-squared test flags a
# gross error and the measurement test names the culprit, plant_feed.solids_tph, as the largest
# normalised adjustment and as a suspect.
# usage: bash reconcile_gross.sh OREFLOW_BINARY SOURCE_DIR WORK_DIR
set -u
bin=$1 src=$2 work=$3
cd "$src" || exit 1
rm -rf "$work" && mkdir -p "$work" || exit 1
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }
"$bin" reconcile examples/recycle/scavenger_loop.yaml tests/cases/recon/scavenger_loop_1e300.yaml \
    --json "$work/r.json" >"$work/out" 2>"$work/err"
rc=$?
[ "$rc" -le 1 ] || fail "reconcile exit $rc: $(head -n 2 "$work/err")"
grep -Eq 'Sanitizer|runtime error' "$work/err" && fail "sanitizer report"
grep -q 'GROSS ERROR LIKELY' "$work/out" || fail "no gross error flagged: $(head -n 1 "$work/out")"
grep -q '^Largest normalised adjustment: plant_feed.solids_tph ' "$work/out" ||
    fail "wrong culprit: $(grep 'Largest' "$work/out")"
python3 - "$work/r.json" <<'PY' || fail "json checks"
import json, math, sys
d = json.load(open(sys.argv[1]))["reconciliation"]
assert d["suspects"] == ["plant_feed.solids_tph"], d["suspects"]
PY
echo "$fails failure(s)"
[ "$fails" -eq 0 ]
