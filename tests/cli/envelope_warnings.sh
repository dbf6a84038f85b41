#!/usr/bin/env bash
# Valid but physically absurd inputs warn (and keep their exit status): flotation fed far too
# coarse, a recycle loop that receives no feed, and a loop whose circulating load grows without
# bound (issue 15, finding 13).
# usage: bash envelope_warnings.sh OREFLOW_BINARY SOURCE_DIR WORK_DIR
set -u
bin=$1 src=$2 work=$3
cd "$src" || exit 1
rm -rf "$work" && mkdir -p "$work" || exit 1
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }
run() { # expected-rc file
    "$bin" run "$2" >"$work/out" 2>"$work/err"
    local rc=$?
    [ "$rc" -eq "$1" ] || fail "run $2 exited $rc, expected $1: $(head -n 2 "$work/err")"
}

run 0 tests/cases/coarse_flotation.yaml
grep -Eq "^tests/cases/coarse_flotation.yaml:13:11: warning: rougher: unit 'rougher' \(flotation_bank\) is fed at a P80 of 8[0-9]{3} µm: .*above ~300 µm" "$work/err" ||
    fail "no warning for flotation fed at a P80 of 8 mm: $(cat "$work/err")"
"$bin" check tests/cases/coarse_flotation.yaml >/dev/null 2>&1 || fail "check of the coarse flotation feed failed"

run 0 tests/cases/no_feed_loop.yaml
grep -q "^tests/cases/no_feed_loop.yaml:14:12: warning: sump: the recycle loop through 'sump' (2 units) receives no feed" "$work/err" ||
    fail "no warning for a recycle loop without feed: $(cat "$work/err")"
"$bin" check tests/cases/no_feed_loop.yaml >"$work/out" 2>"$work/err" || fail "check of a loop without feed failed"
grep -q "receives no feed" "$work/err" || fail "check does not warn of a loop without feed"

run 1 tests/cases/runaway_loop.yaml
grep -Eq "warning: screen_os: circulating load grew to [0-9.]+ t/h through 'screen_os' \(feed 285.714 t/h\) and was still growing at the last iteration, mostly chromite .*: the loop has no exit for that material or size" "$work/err" ||
    fail "non-convergence does not explain the runaway circulating load: $(cat "$work/err")"
grep -q "did not converge in 200 iterations" "$work/err" || fail "non-convergence not reported"

# a loop that converges, and flotation fed fine, do not warn
for f in examples/recycle/scavenger_loop.yaml examples/chromite/donskoy_tailings.yaml; do
    run 0 "$f"
    grep -q "warning" "$work/err" && fail "$f warns: $(cat "$work/err")"
done

echo "$fails failure(s)"
[ "$fails" -eq 0 ]
