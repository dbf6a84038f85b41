#!/usr/bin/env bash
# `oreflow check` validates every section the other commands load, through the same functions
# (issue 15, finding 6): each tests/cases/check/*.yaml (a bad `uncertainty:` section) gives the
# same first diagnostic and exit 2 from `check` and from `mc`; every example passes `check`. The
# economics cases are in tests/errors/econ_*.yaml (tests/cli/errors.sh: `check` and `run`).
# usage: bash check_sections.sh OREFLOW_BINARY SOURCE_DIR WORK_DIR
set -u
bin=$1 src=$2 work=$3
cd "$src" || exit 1
rm -rf "$work" && mkdir -p "$work" || exit 1
fails=0 n=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }
for yaml in tests/cases/check/*.yaml; do
    n=$((n + 1))
    "$bin" check "$yaml" >"$work/out" 2>"$work/check.err"
    rc=$?
    [ "$rc" -eq 2 ] || fail "check $yaml: exit $rc, expected 2"
    [ -s "$work/out" ] && fail "check $yaml: printed on stdout: $(head -n 1 "$work/out")"
    "$bin" mc "$yaml" -n 50 >"$work/out" 2>"$work/mc.err"
    rc=$?
    [ "$rc" -eq 2 ] || fail "mc $yaml: exit $rc, expected 2"
    c=$(head -n 1 "$work/check.err") m=$(head -n 1 "$work/mc.err")
    [ -n "$c" ] && [ "$c" = "$m" ] || fail "$yaml: check and mc differ
  check: $c
  mc:    $m"
done
for yaml in examples/*/*.yaml; do
    case $yaml in *_measured.yaml | *_data.yaml) continue ;; esac
    grep -q '^materials:' "$yaml" || continue
    "$bin" check "$yaml" >/dev/null 2>"$work/err" || fail "check $yaml: $(head -n 1 "$work/err")"
done
[ "$n" -ge 2 ] || fail "expected at least 2 cases, found $n"
echo "$n cases, $fails failure(s)"
[ "$fails" -eq 0 ]
