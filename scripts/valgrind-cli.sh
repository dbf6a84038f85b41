#!/usr/bin/env bash
# Valgrind memcheck over the command-line paths (STYLE.md "Tests"): run (table, --json, --csv),
# check of a bad file, units; the flagship chain (table, --json, --report and --xlsx with
# Graphviz's caches suppressed by scripts/valgrind-graphviz.supp); mc (small -n, 2 threads),
# sensitivity; reconcile, calibrate and survey on the Donskoy concentrator; report of a saved
# result. Any leak or memory error fails (exit 1).
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
        --suppressions=scripts/valgrind-graphviz.supp \
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
chain=examples/chromite/chain.yaml
if [ -f "$chain" ]; then
    vg 0 run "$chain"
    vg 0 run "$chain" --json
    vg 0 run "$chain" --quiet --report "$work/rep" --xlsx "$work/rep/chain.xlsx"
    vg 0 mc "$chain" -n 20 -j 2 --seed 3
    vg 0 mc "$chain" -n 20 -j 2 --seed 3 --json --csv "$work/mc.csv"
    vg 0 sensitivity "$chain" --json
    vg 2 mc "$chain" -n 3
fi
meas=examples/chromite/donskoy_measured.yaml
plan=examples/chromite/donskoy_survey_plan.yaml
if [ -f "$meas" ] && [ -f "$plan" ]; then
    vg 0 reconcile "$big" "$meas" --json "$work/rec.json" --csv "$work/rec.csv"
    vg 0 calibrate "$big" "$meas" --fit deslime.d50c_um --out "$work/cal.yaml"
    vg 0 survey "$big" "$plan" --seed 7 --out "$work/survey.yaml"
    vg 0 twoproduct --feed 2 --conc 25 --tail 0.5 --sd 0.1,0.5,0.05
    "$bin" run "$big" --json >"$work/result.json" 2>/dev/null
    vg 0 report "$work/result.json" "$work/rep2" --reconciliation "$work/rec.json" \
        --xlsx "$work/rep2/r.xlsx"
fi
mkdir -p "$work/dir.yaml"
: >"$work/blocker"
vg 2 run "$work/dir.yaml"
vg 2 run "$ex" --csv "$work/blocker/sub"
echo "valgrind-cli: $fails failure(s)"
[ "$fails" -eq 0 ]
