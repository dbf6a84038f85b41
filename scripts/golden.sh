#!/usr/bin/env bash
# Golden outputs: every example's terminal output, --json result and CSV files, plus the Monte Carlo,
# sensitivity and reconciliation outputs of the examples that carry those sections. Written once from
# the code before a refactoring and compared after it (tests/cli/golden.sh): a change of structure
# must change no result. Fields that hold the program's version are dropped.
# usage: bash scripts/golden.sh OREFLOW_BINARY OUTDIR
set -u
bin=$1 out=$2
mkdir -p "$out" || exit 1
strip_version() { sed -E 's/"oreflow_version": "[^"]*"/"oreflow_version": "-"/'; }
# diagnostics that name a data file (data/thermo.yaml) carry the checkout's absolute path: drop it
strip_root() { sed "s|$PWD/||g"; }
for f in examples/*/*.yaml; do
  case "$f" in *_measured.yaml | *_survey_plan.yaml) continue ;; esac
  n=$(echo "${f#examples/}" | sed 's|/|__|; s|\.yaml$||')
  "$bin" run "$f" 2>&1 | strip_root > "$out/$n.txt"; echo "rc=${PIPESTATUS[0]}" >> "$out/$n.txt"
  "$bin" run "$f" --json 2>/dev/null | strip_version > "$out/$n.json"
  rm -rf "$out/$n.csv" && mkdir -p "$out/$n.csv"
  "$bin" run "$f" --csv "$out/$n.csv" > /dev/null 2>&1
  if grep -q '^uncertainty:' "$f"; then
    "$bin" mc "$f" -n 64 -j 2 --seed 7 --json 2>/dev/null | strip_version > "$out/$n.mc.json"
    "$bin" sensitivity "$f" 2>&1 | strip_root > "$out/$n.sensitivity.txt"
  fi
done
"$bin" reconcile examples/chromite/donskoy_tailings.yaml examples/chromite/donskoy_measured.yaml \
  > "$out/reconcile_donskoy.txt" 2>&1
"$bin" reconcile examples/recycle/scavenger_loop.yaml examples/recycle/scavenger_loop_measured.yaml \
  --json "$out/reconcile_scavenger.json" > "$out/reconcile_scavenger.txt" 2>&1
sed -i -E 's/"oreflow_version": "[^"]*"/"oreflow_version": "-"/' "$out/reconcile_scavenger.json"
# the HTML reports of the flagship and the concentrator (both sides of report/ and of the result view)
for f in chromite/chain chromite/donskoy_tailings; do
  n=$(echo "$f" | sed 's|/|__|')
  rm -rf "$out/$n.report" && "$bin" run "examples/$f.yaml" --report "$out/$n.report" > /dev/null 2>&1
  [ -f "$out/$n.report/report.html" ] && strip_version < "$out/$n.report/report.html" > "$out/$n.report.html"
  rm -rf "$out/$n.report"
done
exit 0
