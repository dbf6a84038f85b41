#!/usr/bin/env bash
# Equipment sizing and the factored CAPEX (issue 19, parts 1 and 3) on the flagship:
#  - the JSON's "design" lists the sized equipment (spiral starts, table decks, WHIMS, cyclones,
#    flotation cells, filter, furnace MVA) with method and source, and the factored CAPEX with its
#    AACE class; the run table and the HTML report ("Equipment and capital") show them;
#  - doubling the concentrator's feed (212.5 -> 425 t/h) changes the spirals' and tables' counts
#    and performance, and the factored CAPEX rises by between 2^0.5 and 2^1 (the cost-capacity
#    rule: counts scale by 2, sizes by 2^n with n = 0.6-0.9);
#  - economics phases with `capex: factored` take the installed cost of their units (a stage's
#    costed units, or a `units:` list), fixed from the base solve (Monte Carlo samples keep it);
#    a unit with no cost curve is a located error.
# usage: bash design.sh OREFLOW_BINARY SOURCE_DIR WORK_DIR
set -u
bin=$1 src=$2 work=$3
cd "$src" || exit 1
rm -rf "$work" && mkdir -p "$work" || exit 1
fail() { echo "FAIL: $*"; exit 1; }
ex=examples/chromite/chain.yaml
"$bin" run "$ex" --json > "$work/base.json" 2>/dev/null || fail "--json rc=$?"
"$bin" run "$ex" --report "$work/rep" > "$work/base.txt" 2>&1 || fail "--report rc=$?"
grep -q '^equipment (design' "$work/base.txt" || fail "no equipment table in the run output"
grep -Eq '^factored CAPEX [0-9.]+ M USD .*AACE class 5' "$work/base.txt" || fail "no CAPEX line"
grep -q 'Equipment and capital' "$work/rep/report.html" || fail "report: no Equipment and capital"
grep -q 'AACE class 5' "$work/rep/report.html" || fail "report: no AACE class"
grep -q 'tbl-design-equipment' "$work/rep/report.html" || fail "report: no equipment table"
sed 's/solids_tph: 212.5 /solids_tph: 425.0 /' "$ex" > "$work/double.yaml"
grep -q 'solids_tph: 425.0 ' "$work/double.yaml" || fail "the feed line was not found"
cp "$work/double.yaml" examples/chromite/.design_double.yaml
"$bin" run examples/chromite/.design_double.yaml --json > "$work/double.json" 2>/dev/null
rc=$?
rm -f examples/chromite/.design_double.yaml
[ $rc -eq 0 ] || fail "doubled feed rc=$rc"
python3 - "$work/base.json" "$work/double.json" <<'PY' || fail "design / doubling"
import json, math, sys
b, d = (json.load(open(p)) for p in sys.argv[1:3])
def items(r): return {i["unit"]: i for i in r["design"]["equipment"]}
bi, di = items(b), items(d)
for u, eq in [("spiral_rougher", "spiral_start"), ("table", "table_deck"), ("whims", "whims"),
              ("deslime", "hydrocyclone"), ("flot_rougher", "flotation_cell"),
              ("conc_filter", "filter"), ("saf", "saf")]:
    assert bi[u]["equipment"] == eq and bi[u]["method"] and bi[u]["source"], bi[u]
    assert bi[u]["count"] >= 1 and bi[u]["installed_usd"] > 0, bi[u]
# counts by hand: spiral starts needed = ceil(solids t/h into the unit / 5 t/h per start, the
# unit's nominal_tph_per_machine); the starts it runs are the unit's own `machines`
feed = b["units"]["spiral_rougher"]["results"]["load_tph_per_machine"] * b["units"]["spiral_rougher"]["results"]["machines"]
assert bi["spiral_rougher"]["count"] == math.ceil(feed / 5 - 1e-9), (feed, bi["spiral_rougher"])
for u in ("spiral_rougher", "table", "whims"):
    assert bi[u]["installed"] == b["units"][u]["results"]["machines"], (u, bi[u])
    assert di[u]["installed"] == d["units"][u]["results"]["machines"] == bi[u]["installed"], u
# SAF: MVA per furnace from the unit's result, count = furnaces
assert abs(bi["saf"]["size"] - b["units"]["saf"]["results"]["furnace_mva"]) < 1e-9 * bi["saf"]["size"]
c = b["design"]["capex"]
assert c["aace_class"] == 5 and c["accuracy_low_pct"] == -50 and c["accuracy_high_pct"] == 100, c
assert abs(c["installed_usd"] - sum(i["installed_usd"] for i in bi.values())) < 1e-6 * c["installed_usd"]
assert abs(c["installed_usd"] - 3.63 * c["purchased_usd"]) < 1e-9 * c["installed_usd"], c
# doubling: more starts and decks, and the separators' performance moves
for u in ("spiral_rougher", "spiral_cleaner", "table", "flot_rougher", "deslime"):
    assert di[u]["count"] > bi[u]["count"], (u, bi[u]["count"], di[u]["count"])
r = d["design"]["capex"]["installed_usd"] / c["installed_usd"]
assert 2 ** 0.5 <= r <= 2.0, r
print("factored CAPEX", round(c["installed_usd"] / 1e6, 2), "->",
      round(d["design"]["capex"]["installed_usd"] / 1e6, 2), "M USD, ratio", round(r, 4))
PY
# economics: the concentrate phase factored from its stage, flotation from a units list
sed -e 's/- {name: gravity_plant, capex: 25.1e9, currency: KZT, start_year: 2026, years: 2, stage: concentrate}/- {name: gravity_plant, capex: factored, start_year: 2026, years: 2, stage: concentrate}/' \
    -e 's/- {name: flotation_unit, capex: 20.6e9, currency: KZT, start_year: 2027, years: 1, stage: concentrate}/- {name: flotation_unit, capex: factored, units: [flot_rougher, flot_cleaner], start_year: 2027, years: 1}/' \
    "$ex" > examples/chromite/.design_fac.yaml
grep -c 'capex: factored' examples/chromite/.design_fac.yaml | grep -q 2 || { rm -f examples/chromite/.design_fac.yaml; fail "phase lines not found"; }
"$bin" run examples/chromite/.design_fac.yaml --json > "$work/fac.json" 2>"$work/fac.err"
rc=$?
"$bin" mc examples/chromite/.design_fac.yaml -n 12 -j 2 --seed 3 --json > "$work/mc.json" 2>"$work/mc.err"
mrc=$?
sed 's/units: \[flot_rougher, flot_cleaner\]/units: [flot_rougher, conc_blend]/' examples/chromite/.design_fac.yaml > examples/chromite/.design_bad.yaml
"$bin" run examples/chromite/.design_bad.yaml > "$work/bad.txt" 2>&1
brc=$?
rm -f examples/chromite/.design_fac.yaml examples/chromite/.design_bad.yaml
[ $rc -eq 0 ] || fail "factored economics rc=$rc: $(head -3 "$work/fac.err")"
[ $mrc -eq 0 ] || fail "mc with factored phases rc=$mrc: $(head -3 "$work/mc.err")"
[ $brc -ne 0 ] || fail "a unit with no cost curve was accepted"
grep -Eq "\.design_bad\.yaml:[0-9]+:[0-9]+: .*unit 'conc_blend' \(mixer\) has no sizing rule or cost curve" "$work/bad.txt" \
    || fail "no located error: $(head -3 "$work/bad.txt")"
python3 - "$work/fac.json" "$work/mc.json" <<'PY' || fail "factored phases"
import json, sys
r = json.load(open(sys.argv[1])); m = json.load(open(sys.argv[2]))
it = {i["unit"]: i["installed_usd"] for i in r["design"]["equipment"]}
ph = {p["name"]: p for p in r["economics"]["capital_phases"]}
stage = ["deslime", "spiral_rougher", "spiral_cleaner", "table", "whims", "flot_rougher",
         "flot_cleaner", "conc_filter"]
want = sum(it[u] for u in stage)
assert ph["gravity_plant"]["capex_from"] == "design (factored)", ph
assert abs(ph["gravity_plant"]["capex_usd"] - want) < 1e-9 * want, (ph["gravity_plant"], want)
want = it["flot_rougher"] + it["flot_cleaner"]
assert abs(ph["flotation_unit"]["capex_usd"] - want) < 1e-9 * want, (ph["flotation_unit"], want)
assert ph["ferrochrome_phase1"]["capex_from"] == "typed" and ph["ferrochrome_phase1"]["capex_usd"] == 150e6
npv = r["economics"]["npv_usd"]
base = m.get("base_npv_usd", m.get("base", {}).get("npv_usd"))
assert base is not None and abs(base - npv) < 1e-6 * abs(npv), (base, npv)
PY
# a bad design option is a located error, an unknown one names the key
printf 'design: {filter_rate_kg_m2_h: -1, tabel_tph_per_deck: 2}\n' | cat examples/recycle/scavenger_loop.yaml - > "$work/badopt.yaml"
"$bin" run "$work/badopt.yaml" > "$work/badopt.txt" 2>&1 && fail "a negative spiral capacity was accepted"
grep -Eq 'badopt\.yaml:[0-9]+:[0-9]+: .*design\.filter_rate_kg_m2_h = -1 is outside' "$work/badopt.txt" ||
    fail "no located range error: $(head -3 "$work/badopt.txt")"
grep -q "tabel_tph_per_deck" "$work/badopt.txt" || fail "the unknown key is not named"
"$bin" check "$work/badopt.yaml" > "$work/check.txt" 2>&1 && fail "oreflow check accepted the bad design option"
grep -q 'design\.filter_rate_kg_m2_h = -1 is outside' "$work/check.txt" || fail "check: $(head -3 "$work/check.txt")"
echo "design: ok"
