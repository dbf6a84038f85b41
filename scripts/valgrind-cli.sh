#!/usr/bin/env bash
# Valgrind memcheck over the command-line paths (STYLE.md "Tests"): run (table, --json, --csv),
# check of a bad file, units. Any leak or memory error fails (exit 1).
# usage: bash scripts/valgrind-cli.sh [OREFLOW_BINARY]   (default build/oreflow; run from the
# source root; use a build without sanitizers — `make valgrind` does)
set -u
bin=${1:-build/oreflow}
cd "$(dirname "$0")/.." || exit 1
command -v valgrind >/dev/null || { echo "valgrind-cli: valgrind is not installed"; exit 1; }
[ -x "$bin" ] || { echo "valgrind-cli: no binary at $bin (run make build)"; exit 1; }
export ORF_DATA_DIR=${ORF_DATA_DIR:-$PWD/data}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
ex=examples/recycle/scavenger_loop.yaml
[ -f examples/chromite/donskoy_tailings.yaml ] && big=examples/chromite/donskoy_tailings.yaml || big=$ex
fails=0
# vg EXPECTED_EXIT ARGS...: memcheck must find nothing (error exit 99), the program its own code
vg() {
    local want=$1
    shift
    valgrind --quiet --leak-check=full --show-leak-kinds=definite,indirect,possible \
        --errors-for-leak-kinds=definite,indirect,possible --error-exitcode=99 \
        "$bin" "$@" >"$work/out" 2>"$work/err"
    local rc=$?
    if [ "$rc" -eq 99 ] || [ "$rc" -ne "$want" ]; then
        echo "FAIL: oreflow $* (exit $rc, expected $want)"
        grep -E '==[0-9]+==' "$work/err" | head -n 40
        fails=$((fails + 1))
    else
        echo "ok:   oreflow $*"
    fi
}
vg 0 run "$ex"
vg 0 run "$ex" --json
vg 0 run "$ex" --csv "$work/csv" --quiet
vg 0 run "$big"
vg 0 run "$big" --json
vg 2 check tests/errors/unknown_unit_type.yaml
vg 2 check tests/errors/syntax.yaml
vg 2 run tests/errors/stream_fed_twice.yaml --csv "$work/none"
vg 0 units
vg 0 units recovery_separator
vg 0 --help
echo "valgrind-cli: $fails failure(s)"
[ "$fails" -eq 0 ]
