#!/usr/bin/env bash
# The command-line program: help, version, units, run (table, JSON, CSV), check, exit codes.
# usage: bash basic.sh OREFLOW_BINARY SOURCE_DIR WORK_DIR
set -u
bin=$1 src=$2 work=$3
cd "$src" || exit 1
rm -rf "$work" && mkdir -p "$work" || exit 1
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }
expect_rc() { # expected command...
    local want=$1
    shift
    "$@" >"$work/out" 2>"$work/err"
    local rc=$?
    [ "$rc" -eq "$want" ] || fail "'$*' exited $rc, expected $want: $(head -n 2 "$work/err")"
}
ex=examples/recycle/scavenger_loop.yaml

# help and version
expect_rc 0 "$bin" --help
grep -q '^usage: oreflow COMMAND' "$work/out" || fail "--help: no usage line"
for verb in run check units; do
    grep -q "oreflow $verb" "$work/out" || fail "--help does not list '$verb'"
done
expect_rc 0 "$bin" --version
grep -Eq '^oreflow [0-9]+\.[0-9]+\.[0-9]+$' "$work/out" || fail "--version: $(cat "$work/out")"
expect_rc 2 "$bin"
expect_rc 2 "$bin" frobnicate
grep -q "unknown command 'frobnicate'" "$work/err" || fail "unknown command not named"
expect_rc 2 "$bin" rnu "$ex"
grep -q "did you mean 'run'" "$work/err" || fail "no did-you-mean for a misspelt command"

# units
expect_rc 0 "$bin" units
for t in feed product mixer splitter water_addition recovery_separator; do
    grep -q "$t" "$work/out" || fail "units does not list $t"
done
expect_rc 0 "$bin" units splitter
grep -q fractions "$work/out" || fail "units splitter does not show 'fractions'"
expect_rc 0 "$bin" units recovery_separator
grep -q water_recovery "$work/out" || fail "units recovery_separator does not show water_recovery"
expect_rc 2 "$bin" units no_such_unit

# run: table
expect_rc 0 "$bin" run "$ex"
grep -q '^converged after' "$work/out" || fail "run: no 'converged after' line"
grep -q '^final_tailings' "$work/out" || fail "run: stream table lacks final_tailings"
grep -q 'mass balance:' "$work/out" || fail "run: no mass balance line"
expect_rc 0 "$bin" run "$ex" --quiet
[ -s "$work/out" ] && fail "run --quiet printed a table"

# run --json parses, and says converged with a closed balance
expect_rc 0 "$bin" run "$ex" --json
python3 -m json.tool "$work/out" >/dev/null || fail "run --json is not valid JSON"
python3 - "$work/out" <<'PY' || fail "run --json content"
import json, sys
d = json.load(open(sys.argv[1]))
assert d["converged"] is True, d["converged"]
assert d["iterations"] >= 1
assert d["balance"]["max_relative_error"] < 1e-9
s = d["streams"]["final_tailings"]
for k in ("solids_tph", "water_tph", "assay", "p80_um"):
    assert k in s, k
assert "Cr2O3" in s["assay"]
assert d["units"]["rougher"]["type"] == "recovery_separator"
feed = d["streams"]["plant_feed"]["solids_tph"]
out = d["streams"]["concentrate"]["solids_tph"] + s["solids_tph"]
assert abs(feed - out) <= 1e-9 * feed, (feed, out)
PY

# run --csv writes three files (atomically: no temporaries left), nothing on a failed run
expect_rc 0 "$bin" run "$ex" --csv "$work/csv" --quiet
for f in streams.csv units.csv balance.csv; do
    [ -s "$work/csv/$f" ] || fail "--csv did not write $f"
done
ls "$work/csv" | grep -q '\.tmp\.' && fail "--csv left temporaries: $(ls "$work/csv")"
head -n 1 "$work/csv/streams.csv" | grep -q '^stream,from,to,solids_tph,water_tph' ||
    fail "streams.csv header: $(head -n 1 "$work/csv/streams.csv")"
[ "$(wc -l <"$work/csv/streams.csv")" -eq 7 ] || fail "streams.csv should hold 6 streams + header"
grep -q '^overall,' "$work/csv/balance.csv" || fail "balance.csv has no overall row"
# rewriting over existing files works and keeps them whole
expect_rc 0 "$bin" run "$ex" --csv "$work/csv" --quiet
[ "$(wc -l <"$work/csv/streams.csv")" -eq 7 ] || fail "rewritten streams.csv"

# a run that does not converge: exit 1, residual named, no CSV
cat >"$work/runaway.yaml" <<'YAML'
name: runaway
materials: [quartz]
feeds:
  feed: {solids_tph: 10, mineralogy: {quartz: 100}}
units:
  - {name: sump, type: mixer, in: [feed, back], out: [s]}
  - {name: split, type: splitter, in: [s], out: [out, back], fractions: [0.0, 1.0]}
solver: {max_iter: 10}
YAML
expect_rc 1 "$bin" run "$work/runaway.yaml" --csv "$work/csv_runaway"
grep -q "tear stream 'back' did not converge in 10 iterations" "$work/err" ||
    fail "not converged: $(cat "$work/err")"
grep -q '^NOT CONVERGED' "$work/out" || fail "table does not say NOT CONVERGED"
[ -e "$work/csv_runaway" ] && fail "a failed run wrote CSV"
expect_rc 1 "$bin" run "$work/runaway.yaml" --json
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["converged"] is False' \
    "$work/out" || fail "--json of a failed run"

# check
expect_rc 0 "$bin" check "$ex"
grep -q ': ok (' "$work/out" || fail "check: no ok line"
expect_rc 2 "$bin" check tests/errors/unknown_unit_type.yaml
expect_rc 2 "$bin" check "$work/no_such_file.yaml"
expect_rc 2 "$bin" run
expect_rc 2 "$bin" run "$ex" --bogus

# the annotated example of docs/format.md is a valid, converging flowsheet
python3 - "$work/doc_example.yaml" <<'PY' || fail "cannot extract the example of docs/format.md"
import re, sys
text = open("docs/format.md").read()
block = re.search(r"## Complete annotated example.*?```yaml\n(.*?)```", text, re.S).group(1)
open(sys.argv[1], "w").write(block)
PY
expect_rc 0 "$bin" run "$work/doc_example.yaml" --json
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["converged"] and d["balance"]["max_relative_error"] < 1e-9' \
    "$work/out" || fail "the docs/format.md example does not converge with a closed balance"

echo "$fails failure(s)"
[ "$fails" -eq 0 ]
