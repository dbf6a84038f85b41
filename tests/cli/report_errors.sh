#!/usr/bin/env bash
# oreflow report on bad input: usage errors and documents that are no run result exit 2 with a
# located message, and leave no report behind; so does a missing file (orf_cli_fail).
# Usage: bash report_errors.sh OREFLOW SOURCE_DIR WORK_DIR
set -uo pipefail
ORF=$1 SRC=$2 WORK=$3
rm -rf "$WORK" && mkdir -p "$WORK"
fail() { echo "FAIL: $*"; exit 1; }
expect() { # expect CODE STDERR_SUBSTRING ARGS...
    local code=$1 want=$2 rc
    shift 2
    "$ORF" "$@" > "$WORK/out" 2> "$WORK/err"
    rc=$?
    [ "$rc" -eq "$code" ] || { cat "$WORK/err"; fail "oreflow $* exited $rc, expected $code"; }
    grep -qF -- "$want" "$WORK/err" || { cat "$WORK/err"; fail "oreflow $*: no '$want' on stderr"; }
}
expect 2 "usage: oreflow report RESULT.json" report
expect 2 "usage: oreflow report RESULT.json" report "$SRC/tests/cases/report_sample.json"
expect 2 "unknown or incomplete option '--pdf'" report "$SRC/tests/cases/report_sample.json" "$WORK/r" --pdf x
expect 2 "cannot open" report "$WORK/none.json" "$WORK/r"
printf '{"streams": {"a": [1,\n' > "$WORK/broken.json"
expect 2 "broken.json:2:1: error:" report "$WORK/broken.json" "$WORK/r"
# a flowsheet file is YAML but not a result: located at its first key
cp "$SRC/examples/recycle/scavenger_loop.yaml" "$WORK/flowsheet.yaml"
line=$(grep -n '^name:' "$WORK/flowsheet.yaml" | head -1 | cut -d: -f1)
expect 2 "flowsheet.yaml:$line:1: error: not a run result: no 'streams' object" report "$WORK/flowsheet.yaml" "$WORK/r"
# asked for the page and the workbook: the same document is said to be no result once
expect 2 "not a run result: no 'streams' object" report "$WORK/flowsheet.yaml" "$WORK/r" --xlsx "$WORK/r.xlsx"
[ "$(grep -c "not a run result" "$WORK/err")" -eq 1 ] || { cat "$WORK/err"; fail "no-result error not said once"; }
[ ! -e "$WORK/r.xlsx" ] || fail "a workbook was written for bad input"
[ ! -e "$WORK/r/report.html" ] || fail "a report was written for bad input"
ls "$WORK/r" 2>/dev/null | grep '\.tmp\.' >/dev/null && fail "temporary file left behind"
echo "ok: report errors"
