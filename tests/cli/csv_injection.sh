#!/usr/bin/env bash
# CSV injection (issue 15, finding 10): stream and unit names such as '=HYPERLINK(...)' or '+cmd'
# come out of every CSV file as text with a leading single quote (OWASP), not as formulas a
# spreadsheet runs; negative numbers (a year's net cash flow, an NPV) stay plain numbers.
# usage: bash csv_injection.sh OREFLOW_BINARY SOURCE_DIR WORK_DIR
set -u
bin=$1 src=$2 work=$3
cd "$src" || exit 1
rm -rf "$work" && mkdir -p "$work" || exit 1
fail() { echo "FAIL: $*"; exit 1; }
cat > "$work/inj.yaml" <<'YAML'
materials: [quartz, calcite]
feeds:
  "=HYPERLINK(\"http://evil.example\",\"x\")": {solids_tph: 40, water_tph: 60, mineralogy: {quartz: 70, calcite: 30}}
units:
  - {name: "+cmd|' /C calc'!A0", type: recovery_separator, in: ["=HYPERLINK(\"http://evil.example\",\"x\")"],
     out: ["@conc", "-tails"], recovery: {quartz: 0.1, calcite: 0.9}}
YAML
"$bin" run "$work/inj.yaml" --csv "$work/csv" > /dev/null 2>&1 || fail "run --csv rc=$?"
# no cell of any file begins with a formula character (after an optional opening quote)
for f in "$work"/csv/*.csv; do
    python3 - "$f" <<'PY' || fail "$(basename "$f"): formula cell"
import csv, sys
for row in csv.reader(open(sys.argv[1], newline="")):
    for c in row:
        if c and c[0] in "=+@\t\r":
            raise SystemExit(f"formula cell {c!r}")
        if c.startswith("-"):
            float(c)  # a '-' cell must be a number
PY
done
grep -q "^\"'=HYPERLINK(\"\"http://evil.example\"\",\"\"x\"\")\",\"'=HYPERLINK" "$work/csv/streams.csv" ||
    fail "streams.csv: $(sed -n 2p "$work/csv/streams.csv")"
grep -q "^\"'-tails\",\"'+cmd|' /C calc'!A0\"," "$work/csv/streams.csv" || fail "streams.csv tails row"
grep -q "^\"'+cmd|' /C calc'!A0\",recovery_separator," "$work/csv/units.csv" || fail "units.csv"
# negative numbers stay numbers: the economics cash flow and the Monte Carlo NPVs
"$bin" run examples/chromite/donskoy_tailings.yaml --csv "$work/don" > /dev/null 2>&1 || fail "donskoy --csv"
grep -Eq '^[0-9]+,([^,]*,)*-[0-9]' "$work/don/economics.csv" || fail "no negative number in economics.csv"
grep -q "'" "$work/don/economics.csv" && fail "economics.csv: a quoted number"
"$bin" mc examples/chromite/donskoy_tailings.yaml -n 8 -j 1 --seed 7 --csv "$work/mc.csv" > /dev/null 2>&1 ||
    fail "mc --csv"
python3 - "$work/mc.csv" <<'PY' || fail "mc.csv"
import csv, sys
rows = list(csv.reader(open(sys.argv[1], newline="")))
assert rows[0][-2:] == ["npv_usd", "irr"], rows[0]
for r in rows[1:]:
    [float(c) for c in r if c]
PY
echo "csv_injection: ok"
