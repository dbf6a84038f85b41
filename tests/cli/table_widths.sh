#!/usr/bin/env bash
# Terminal tables align with non-ASCII text (issue 15, finding 14d): stream, product, stage,
# parameter and measurement names in Cyrillic, units such as µm, kg/m³ and the like are padded by
# their display width (orf__fput_padded), not printf's byte count. Every row of each table of the
# run (streams, unit results, products, economics' products and stages), sensitivity, Monte
# Carlo and reconciliation outputs must have the same display width as the table's header.
# usage: bash table_widths.sh OREFLOW_BINARY SOURCE_DIR WORK_DIR
set -u
bin=$1 src=$2 work=$3
cd "$src" || exit 1
rm -rf "$work" && mkdir -p "$work" || exit 1
fail() { echo "FAIL: $*"; exit 1; }
python3 - tests/cases/econ_two_stage.yaml "$work/cyr.yaml" <<'PY' || fail "case"
import sys
s = open(sys.argv[1], encoding="utf-8").read()
for a, b in [("  tailings:\n", "  хвосты:\n"), ("in: [tailings]", "in: [хвосты]"),
             ("concentrate: conc,", "concentrate: концентрат,"),
             ("stream: conc,", "stream: концентрат,"), ("out: [conc]", "out: [концентрат]"),
             ("name: concentrate,", "name: концентрат_т,"), ("base: concentrate", "base: концентрат_т"),
             ("products.concentrate.price", "products.концентрат_т.price"),
             ("name: roughing,", "name: обогащение_µ,"), ("stage: roughing", "stage: обогащение_µ"),
             ("name: rougher,", "name: основная,"), ("units: [rougher]", "units: [основная]"),
             ("param: rougher.recovery", "param: основная.recovery")]:
    assert a in s, a
    s = s.replace(a, b)
open(sys.argv[2], "w", encoding="utf-8").write(s)
PY
sed 's/plant_feed/питание_µ/g' examples/recycle/scavenger_loop.yaml > "$work/sc.yaml"
sed 's/plant_feed/питание_µ/g; s|^flowsheet: .*|flowsheet: sc.yaml|' \
  examples/recycle/scavenger_loop_measured.yaml > "$work/sc_m.yaml"
"$bin" run "$work/cyr.yaml" > "$work/run.txt" 2>&1 || fail "run rc=$?"
"$bin" sensitivity "$work/cyr.yaml" > "$work/sens.txt" 2>&1 || fail "sensitivity rc=$?"
"$bin" mc "$work/cyr.yaml" -n 40 > "$work/mc.txt" 2>&1 || fail "mc rc=$?"
"$bin" reconcile "$work/sc.yaml" "$work/sc_m.yaml" > "$work/rec.txt" 2>&1 || fail "reconcile rc=$?"
"$bin" run examples/recycle/grinding_loop.yaml > "$work/grind.txt" 2>&1 || fail "grinding rc=$?"
python3 - "$work" <<'PY' || fail "widths"
import re, sys
w = sys.argv[1]
def table(name, head, stop=r"^\s*$|^  \(", minrows=2, nonascii=True):
    lines = open(f"{w}/{name}", encoding="utf-8").read().split("\n")
    i = next((k for k, l in enumerate(lines) if re.search(head, l)), None)
    assert i is not None, (name, head)
    rows = [lines[i]]
    for l in lines[i + 1:]:
        if re.search(stop, l):
            break
        rows.append(l.replace("  <-- suspect", ""))
    assert len(rows) > minrows, (name, head, rows)
    if nonascii:
        assert any(ord(c) > 127 for r in rows for c in r), (name, head, "no non-ASCII text")
    widths = {len(r) for r in rows}   # code points = display columns for this text
    assert len(widths) == 1, (name, head, [(len(r), r) for r in rows])
table("run.txt", r"^stream +solids t/h")
table("run.txt", r"^  +solids t/h +mass pull %")
table("run.txt", r"^  product +stream +sold")
table("run.txt", r"^  stage +in M")
table("run.txt", r"^  year +prod", nonascii=False)
table("sens.txt", r"^  parameter +P10 / base / P90", stop=r"^\s*$")
table("mc.txt", r"^ +base case +P50", stop=r"^  probability", nonascii=False)
table("rec.txt", r"^measurement +measured")
table("rec.txt", r"^stream +solids t/h")
table("grind.txt", r"^stream +solids t/h")
table("grind.txt", r"^  size µm", stop=r"^\s*$")
PY
echo "table_widths: ok"
