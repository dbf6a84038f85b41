#!/usr/bin/env bash
# Scenarios side by side (issue 18, part 4; docs/format.md "Scenarios"): each scenario's figures
# equal those of the same file with the value edited by hand and run on its own (`oreflow run
# --json`), for an economics value, a schedule value (part 6) and a unit parameter that
# re-solves the flowsheet (a splitter's fraction); the base case equals `oreflow run`; scenarios
# from a separate file; located diagnostics for unknown paths (did you mean), values outside
# their range, duplicate names and values the schedule or a design spec overrides, from
# `oreflow scenarios` and `oreflow check`; the report page with the NPV chart.
# Usage: scenarios.sh OREFLOW_BINARY SOURCE_DIR WORK_DIR
set -euo pipefail
bin=$1 src=$2 work=$3
rm -rf "$work" && mkdir -p "$work"
chain=$src/examples/chromite/chain.yaml
"$bin" scenarios "$chain" --json --report "$work/rep" > "$work/chain.json" 2> "$work/chain.err"
"$bin" scenarios "$chain" > "$work/chain.txt"
grep -q '^  met_factor_1.0 ' "$work/chain.txt"
grep -q 'metal_line_10pct: conc_split.fractions.0 = 0.9 (flowsheet re-solved)' "$work/chain.txt"
grep -q 'id="scenarios"' "$work/rep/report.html"
grep -q 'NPV per scenario' "$work/rep/report.html"
# the same page from the saved JSON, and as a section of the run's own report
"$bin" report "$work/chain.json" "$work/rep2" 2>/dev/null
cmp "$work/rep/report.html" "$work/rep2/report.html"
"$bin" run "$chain" --json > "$work/base.json"
"$bin" report "$work/base.json" "$work/rep3" --scenarios "$work/chain.json" 2>/dev/null
grep -q '<section id="scenarios">' "$work/rep3/report.html"
grep -q '<section id="economics">' "$work/rep3/report.html"

# hand-edited copies of the flagship, one per scenario
python3 - "$chain" "$work" <<'PY'
import sys
src, w = sys.argv[1], sys.argv[2]
t = open(src).read()
def edit(name, old, new, count=1):
    assert t.count(old) == count, (name, old, t.count(old))
    open("%s/%s.yaml" % (w, name), "w").write(t.replace(old, new))
edit("met_factor_1.0", "man_made_factor: 0.1, base", "man_made_factor: 1.0, base")
edit("phase2_capex_120M", "chromium_metal_phase2, capex: 60.0e6", "chromium_metal_phase2, capex: 120.0e6")
edit("metal_line_10pct", "fractions: [0.95, 0.05]", "fractions: [0.90, 0.10]")
# phase 2 not built: the split, the aluminium spec switched off in the file, no phase-2 capital
np2 = t
for old, new in (("fractions: [0.95, 0.05]", "fractions: [1.0, 0.0]"),
                 ("  - name: aluminium_in_metal\n", "  - name: aluminium_in_metal\n    enabled: false\n"),
                 ("chromium_metal_phase2, capex: 60.0e6", "chromium_metal_phase2, capex: 0"),
                 ("soda_ash: {bulk: {Na2CO3: 2.15}}", "soda_ash: {bulk: {Na2CO3: 0}}"),
                 ("roast_air: {bulk: {O2: 0.9, N2: 2.98}}", "roast_air: {bulk: {O2: 0, N2: 0}}"),
                 ("leach_water: {water_tph: 9}", "leach_water: {water_tph: 0}"),
                 ("acid: {bulk: {H2SO4: 1.30}}", "acid: {bulk: {H2SO4: 0}}"),
                 ("reductant_carbon: {bulk: {C: 0.19}}", "reductant_carbon: {bulk: {C: 0}}"),
                 ("wash_water: {water_tph: 4}", "wash_water: {water_tph: 0}"),
                 ("bulk: {Al: 0.40}", "bulk: {Al: 0}"),
                 ("lime: {bulk: {CaO: 0.09}}", "lime: {bulk: {CaO: 0}}")):
    assert np2.count(old) == 1, old
    np2 = np2.replace(old, new)
open(w + "/no_phase2.yaml", "w").write(np2)
lean = t
for old, new in (("set: {tailings.mineralogy.chromite: 27,", "set: {tailings.mineralogy.chromite: 24,"),
                 ("set: {tailings.mineralogy.chromite: 30}", "set: {tailings.mineralogy.chromite: 26}"),
                 ("set: {tailings.mineralogy.chromite: 33,", "set: {tailings.mineralogy.chromite: 29,")):
    assert lean.count(old) == 1, old
    lean = lean.replace(old, new)
open(w + "/lean_dam.yaml", "w").write(lean)
PY
grep -q 'fractions: \[0.90, 0.10\]' "$work/metal_line_10pct.yaml"
for s in met_factor_1.0 phase2_capex_120M no_phase2 metal_line_10pct lean_dam; do
    "$bin" run "$work/$s.yaml" --json > "$work/$s.run.json"
done
python3 - "$work" <<'PY'
import json, math, sys
w = sys.argv[1]
r = json.load(open(w + "/chain.json"))
sc = {s["name"]: s for s in r["cases"]}
assert list(sc) == ["base", "met_factor_1.0", "phase2_capex_120M", "no_phase2", "metal_line_10pct",
                   "lean_dam"], list(sc)
assert [c["key"] for c in r["columns"]][:3] == ["npv_usd", "irr", "payback_years"]
def close(a, b, rtol, what):
    assert abs(a - b) <= rtol * max(abs(a), abs(b)), (what, a, b, abs(a - b) / abs(b))
def same(s, run, rtol):
    e = run["economics"]
    close(s["npv_usd"], e["npv_usd"], rtol, (s["name"], "npv"))
    close(s["irr"], e["irr"], rtol, (s["name"], "irr"))
    close(s["capex_usd"], e["capex_usd"], rtol, (s["name"], "capex"))
    close(s["revenue_usd_per_year"], e["revenue_usd_per_year"], rtol, (s["name"], "revenue"))
    close(s["taxes_life_usd"], e["taxes_life_usd"]["total"], rtol, (s["name"], "taxes"))
    va = sum(g["value_added_usd_per_year"] for g in e["stages"])
    close(s["value_added_usd_per_year"], va, rtol, (s["name"], "value added"))
    close(s["gross_value_added_usd_per_year"], e["gross_value_added_usd_per_year"], rtol, (s["name"], "GVA"))
    close(s["jobs"], e["jobs"], 1e-15, (s["name"], "jobs"))
# the base case: the file as given, solved as `oreflow run` solves it
same(sc["base"], json.load(open(w + "/base.json")), 1e-12)
# economics-only changes evaluate on the same solution: the same numbers
for n in ("met_factor_1.0", "phase2_capex_120M"):
    assert not sc[n]["resolved"] and not sc[n]["failed"], sc[n]
    same(sc[n], json.load(open("%s/%s.run.json" % (w, n))), 1e-12)
# the schedule's periods and the split re-solve warm-started from the base case (to the solver's
# 1e-12 tolerance): the same numbers to 1e-9
assert sc["metal_line_10pct"]["resolved"] and not sc["lean_dam"]["resolved"]
for n in ("metal_line_10pct", "lean_dam", "no_phase2"):
    same(sc[n], json.load(open("%s/%s.run.json" % (w, n))), 1e-9)
# and they move the way they must
b = sc["base"]
assert sc["met_factor_1.0"]["taxes_life_usd"] > b["taxes_life_usd"] and sc["met_factor_1.0"]["npv_usd"] < b["npv_usd"]
assert abs(sc["phase2_capex_120M"]["capex_usd"] - b["capex_usd"] - 60e6) <= 1e-6
assert sc["lean_dam"]["revenue_usd_per_year"] < b["revenue_usd_per_year"]
np2 = json.load(open(w + "/no_phase2.run.json"))
assert [x["status"] for x in np2["specs"] if x["name"] == "aluminium_in_metal"] == ["off"]
assert abs(sc["no_phase2"]["capex_usd"] - (b["capex_usd"] - 60e6)) <= 1e-6
assert sc["base"]["set"] == {} and sc["metal_line_10pct"]["set"] == {"conc_split.fractions.0": 0.9}
PY

# scenarios from a separate file, on a flowsheet without a schedule (the tungsten chain)
tw=$src/examples/tungsten/chain.yaml
cat > "$work/tw_scen.yaml" <<'YAML'
scenarios:
  - {name: apt_price_low, set: {economics.products.wc_powder.price: 40000}}
YAML
python3 - "$tw" "$work" <<'PY'
import re, sys
t = open(sys.argv[1]).read()
m = re.search(r"\{name: wc_powder,[^}]*price: ([0-9.e+]+)", t)
assert m, "wc_powder price not found"
open(sys.argv[2] + "/tw_edit.yaml", "w").write(t[:m.start(1)] + "40000" + t[m.end(1):])
PY
"$bin" scenarios "$tw" "$work/tw_scen.yaml" --json > "$work/tw.json"
"$bin" run "$work/tw_edit.yaml" --json > "$work/tw_edit.json"
"$bin" run "$tw" --json > "$work/tw_base.json"
python3 - "$work" <<'PY'
import json, sys
w = sys.argv[1]
sc = {s["name"]: s for s in json.load(open(w + "/tw.json"))["cases"]}
for name, f in (("base", "tw_base"), ("apt_price_low", "tw_edit")):
    e = json.load(open("%s/%s.json" % (w, f)))["economics"]
    assert abs(sc[name]["npv_usd"] - e["npv_usd"]) <= 1e-12 * abs(e["npv_usd"]), (name, sc[name]["npv_usd"], e["npv_usd"])
assert sc["apt_price_low"]["npv_usd"] < sc["base"]["npv_usd"]
PY

# located errors: unknown paths (did you mean), a value out of range, a duplicate name, the
# reserved name, values a schedule or a design spec overrides
cat > "$work/bad.yaml" <<'YAML'
scenarios:
  - {name: a, set: {economics.taxes.met.man_made_factr: 1.0}}
  - {name: b, set: {conc_splt.fractions.0: 0.9}}
  - {name: a, set: {economics.taxes.met.man_made_factor: 2.0}}
  - {name: c, set: {economics.taxes.met.man_made_factor: 2.0}}
  - {name: d, set: {conc_split.fractions.0: 1.5, spiral_cleaner.cut_density_kg_m3: 3000}}
  - {name: base, set: {}}
  - {name: e, set: {tailings.mineralogy.chromite: 20}}
YAML
set +e
"$bin" scenarios "$chain" "$work/bad.yaml" > "$work/bad.out" 2> "$work/bad.err"
rc=$?
set -e
[ "$rc" -eq 2 ] || { echo "FAIL: bad scenarios exit $rc, want 2"; exit 1; }
[ ! -s "$work/bad.out" ] || { echo "FAIL: output on bad input"; exit 1; }
b=$work/bad.yaml
grep -E '^(/|[a-z])' "$work/bad.err" | grep -v 'thermo.yaml' > "$work/bad.got" || true
cat > "$work/bad.want" <<WANT
$b:2:21: error: scenario 'a': no numeric parameter 'economics.taxes.met.man_made_factr' (economics values by path, e.g. economics.fx.KZT; unit parameters as unit.param) (did you mean 'economics.taxes.met.man_made_factor'?)
$b:3:21: error: scenario 'b': no unit 'conc_splt' for 'conc_splt.fractions.0' (economics values by path, e.g. economics.fx.KZT; unit parameters as unit.param) (did you mean 'conc_split'?)
$b:4:12: error: scenario 'a' is given twice (first at $b:2:12)
$b:5:58: error: scenario 'c': economics.taxes.met.man_made_factor = 2 is outside its range [0, 1]
$b:6:45: error: scenario 'd': conc_split.fractions.0 = 1.5 is outside its range [0, 1]
$b:6:50: error: scenario 'd': 'spiral_cleaner.cut_density_kg_m3' is adjusted by the design spec 'concentrate_grade', which would override the value; change the spec's target instead, or switch it off in the same scenario (specs.concentrate_grade.enabled: 0)
$b:7:12: error: scenario 'base': the name is kept for the file as given
$b:8:21: error: scenario 'e': 'tailings.mineralogy.chromite' is set by every period of the schedule, so changing it changes nothing; set the periods' values instead (schedule.PERIOD.tailings.mineralogy.chromite)
WANT
diff "$work/bad.want" "$work/bad.got"

# `oreflow check` validates the file's own section
python3 - "$chain" "$work" <<'PY'
import sys
t = open(sys.argv[1]).read()
old = "{name: met_factor_1.0, set: {economics.taxes.met.man_made_factor: 1.0}}"
assert t.count(old) == 1
open(sys.argv[2] + "/check_bad.yaml", "w").write(t.replace(old, "{name: met_factor_1.0, set: {economics.taxes.met.man_made_factor: -1}}"))
PY
set +e
"$bin" check "$work/check_bad.yaml" > /dev/null 2> "$work/check.err"
rc=$?
set -e
[ "$rc" -eq 2 ] || { echo "FAIL: check exit $rc, want 2"; exit 1; }
line=$(grep -n 'man_made_factor: -1' "$work/check_bad.yaml" | cut -d: -f1)
grep -q "^$work/check_bad.yaml:$line:[0-9]*: error: scenario 'met_factor_1.0': economics.taxes.met.man_made_factor = -1 is outside its range \[0, 1\]" "$work/check.err"
# no scenarios at all
set +e
"$bin" scenarios "$tw" > /dev/null 2> "$work/none.err"
rc=$?
set -e
[ "$rc" -eq 2 ] && grep -q "no scenarios" "$work/none.err"
echo "scenarios: ok"
