#!/usr/bin/env bash
# No fixed cap on size classes: a crushing and grinding circuit on 1,000 size classes (a closed
# circuit of the King crusher and a Plitt screen, then a Whiten crusher and a ball mill in open
# circuit) loads, solves, writes its JSON, CSV, HTML and Excel results and closes every balance to 1e-9; the
# 1,000 classes are in the JSON. Speed is not tested (docs/models.md gives the measured figure).
# Usage: size_classes_1000.sh OREFLOW_BINARY SOURCE_DIR WORK_DIR
set -euo pipefail
bin=$1 src=$2 work=$3
mkdir -p "$work"
cat > "$work/c1000.yaml" <<'Y'
name: 1,000 size classes
materials: [quartz, magnetite]
sizes: {top_um: 100000, ratio: 1.01, count: 1000}
feeds:
  ore:
    solids_tph: 250
    pct_solids: 97
    mineralogy: {quartz: 70, magnetite: 30}
    psd: {model: rosin_rammler, d63_um: 40000, n: 1.2}
units:
  - {name: crusher, type: crusher_king, in: [ore, oversize], out: [crushed], css_mm: 12}
  - name: screen
    type: screen
    in: [crushed]
    out: {oversize: oversize, undersize: screened}
    model: plitt
    d50_um: 10000
    alpha: 6
    water_to_undersize_pct: 100
  - {name: secondary, type: crusher, in: [screened], out: [to_mill], k1_mm: 2, k2_mm: 8}
  - {name: mill, type: ball_mill, in: [to_mill], out: [product], holdup_t: 30}
solver: {tol: 1.0e-12, max_iter: 2000}
Y
"$bin" run "$work/c1000.yaml" --json --csv "$work/csv" > "$work/run.json"
"$bin" run "$work/c1000.yaml" --report "$work/report" > "$work/run.txt"
"$bin" run "$work/c1000.yaml" --xlsx "$work/c1000.xlsx" -q
[ -s "$work/report/report.html" ] && [ -s "$work/c1000.xlsx" ] || { echo "no HTML report written"; exit 1; }
python3 - "$work/run.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
assert d["converged"], "not converged"
assert len(d["system"]["size_classes"]["mid_um"]) == 1000
b = d["balance"]
assert b["max_relative_error"] < 1e-9, b
s = d["streams"]
fin, fout = s["ore"]["solids_tph"], s["product"]["solids_tph"]
assert abs(fin - fout) <= 1e-9 * fin, (fin, fout)
for m in ("quartz", "magnetite"):
    a, c = s["ore"]["materials_tph"][m], s["product"]["materials_tph"][m]
    assert abs(a - c) <= 1e-9 * a, (m, a, c)
t = s["product"]["size"]["tph"]
assert len(t) == 1000 and min(t) >= 0 and abs(sum(t) - fout) <= 1e-9 * fout
assert s["product"]["p80_um"] < s["screened"]["p80_um"] < s["ore"]["p80_um"]
PY
ls "$work/csv" | grep . >/dev/null || { echo "no CSV written"; exit 1; }
echo ok
