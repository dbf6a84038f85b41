#!/usr/bin/env bash
# Exact diagnostics: for every tests/errors/NAME.yaml, `oreflow check` exits 2 and prints the line
# of NAME.expected (file:line:col: error: ...) first on stderr; `oreflow run NAME.yaml --csv DIR`
# exits 2 too and writes nothing.
# usage: bash errors.sh OREFLOW_BINARY SOURCE_DIR WORK_DIR
set -u
bin=$1 src=$2 work=$3
cd "$src" || exit 1
rm -rf "$work" && mkdir -p "$work" || exit 1
fails=0 n=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }
for yaml in tests/errors/*.yaml; do
    name=${yaml%.yaml}
    # files without NAME.expected belong to other commands' tests (e.g. reconcile)
    [ -f "$name.expected" ] || continue
    n=$((n + 1))
    expected=$(head -n 1 "$name.expected")
    "$bin" check "$yaml" >"$work/out" 2>"$work/err"
    rc=$?
    [ "$rc" -eq 2 ] || fail "$yaml: check exited $rc, expected 2"
    first=$(head -n 1 "$work/err")
    if [ "$first" != "$expected" ]; then
        fail "$yaml: first diagnostic differs"
        echo "  expected: $expected"
        echo "  got:      $first"
    fi
    [ -s "$work/out" ] && fail "$yaml: check printed on stdout: $(head -n 1 "$work/out")"
    # the source line and a caret follow a located diagnostic
    sed -n 3p "$work/err" | grep -q '^ *\^$' || fail "$yaml: no caret line under the diagnostic"
    out="$work/csv_$(basename "$name")"
    "$bin" run "$yaml" --csv "$out" >"$work/out" 2>"$work/err"
    rc=$?
    [ "$rc" -eq 2 ] || fail "$yaml: run exited $rc, expected 2"
    [ -e "$out" ] && fail "$yaml: run on a bad file created $out"
    [ -s "$work/out" ] && fail "$yaml: run on a bad file printed results on stdout"
    grep -qxF "$expected" "$work/err" || fail "$yaml: run did not print the diagnostic"
done
[ "$n" -ge 12 ] || fail "expected at least 12 error cases, found $n"
echo "$n error cases, $fails failure(s)"
[ "$fails" -eq 0 ]
