#!/usr/bin/env bash
# Economics values that fail validation never reach use (issue 15, finding 5): each
# tests/cases/crashes/econ_*.yaml once made `run` allocate until the machine's memory was gone or
# convert an out-of-range double to int (undefined behaviour). Each must now give the located
# diagnostic of its .expected file first on stderr and exit 2, in bounded memory and time, from
# both `run` and `check`, with no sanitizer report.
# The memory cap: prlimit --as where the binary runs under it; an ASan build reserves terabytes of
# shadow address space and cannot, so there ASan's own allocation and RSS limits cap it instead.
# usage: bash econ_crashes.sh OREFLOW_BINARY SOURCE_DIR WORK_DIR
set -u
bin=$1 src=$2 work=$3
cd "$src" || exit 1
rm -rf "$work" && mkdir -p "$work" || exit 1
fails=0 n=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }
cap=(prlimit --as=4000000000)
if ! { "${cap[@]}" "$bin" --version >/dev/null 2>&1; } 2>/dev/null; then
    cap=(env "ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}max_allocation_size_mb=4000:hard_rss_limit_mb=4000")
fi
for yaml in tests/cases/crashes/econ_*.yaml; do
    name=${yaml%.yaml}
    [ -f "$name.expected" ] || { fail "$yaml: no $name.expected"; continue; }
    n=$((n + 1))
    expected=$(head -n 1 "$name.expected")
    for verb in run check; do
        timeout 60 "${cap[@]}" "$bin" $verb "$yaml" >"$work/out" 2>"$work/err"
        rc=$?
        [ "$rc" -eq 2 ] || fail "$verb $yaml: exit $rc, expected 2 ($(grep -m1 -E 'ERROR|error' "$work/err"))"
        first=$(head -n 1 "$work/err")
        [ "$first" = "$expected" ] || fail "$verb $yaml: first diagnostic differs
  expected: $expected
  got:      $first"
        grep -Eq 'Sanitizer|runtime error' "$work/err" && fail "$verb $yaml: sanitizer report"
        [ -s "$work/out" ] && fail "$verb $yaml: printed on stdout: $(head -n 1 "$work/out")"
    done
done
[ "$n" -ge 3 ] || fail "expected at least 3 crash cases, found $n"
echo "$n crash cases, $fails failure(s)"
[ "$fails" -eq 0 ]
