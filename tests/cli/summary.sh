#!/usr/bin/env bash
# The plant summary ("final products" table and JSON `summary`), read as a metallurgist does:
# - mass pull C/F is relative to the ore fed (feeds that carry the valuable element), not to the
#   coke, quartzite, soda ash and aluminium added downstream (Wills & Finch 2016, §1.5);
# - the valuable element defaults to Cr when a material carries it, also when report.assays is
#   given (docs/format.md "Report");
# - an oxide assay (Cr2O3) of a metal or an alloy is null, not "101 %";
# - without a valuable element there is no recovery column (it used to print an empty header and
#   "nan"), and a product of a feed without solids shows '-' for its mass pull, never "nan".
# usage: bash summary.sh OREFLOW_BINARY SOURCE_DIR WORK_DIR
set -u
bin=$1 src=$2 work=$3
cd "$src" || exit 1
rm -rf "$work" && mkdir -p "$work" || exit 1
fail() { echo "FAIL: $*"; exit 1; }

"$bin" run examples/chromite/chain.yaml --json > "$work/chain.json" || fail "chain --json rc=$?"
"$bin" run examples/recycle/scavenger_loop.yaml --json > "$work/loop.json" || fail "loop --json rc=$?"
python3 - "$work/chain.json" "$work/loop.json" <<'PY' || fail "summary checks"
import json, sys
c = json.load(open(sys.argv[1])); s = c["summary"]; st = c["streams"]
# the ore feed is the tailings stream alone (the reagents carry no Cr)
assert abs(s["feed_solids_tph"] - st["tailings"]["solids_tph"]) <= 1e-12 * s["feed_solids_tph"], s
for p, v in s["products"].items():
    want = 100 * st[p]["solids_tph"] / st["tailings"]["solids_tph"]
    assert abs(v["mass_pull_pct"] - want) <= 1e-9 * want, (p, v, want)
# concentrate + final tailings = the ore fed
pull = s["products"]["concentrate"]["mass_pull_pct"] + s["products"]["final_tailings"]["mass_pull_pct"]
assert abs(pull - 100) < 1e-9, pull
# oxide assays of metals and alloys are not defined (null), element assays are: a 69 % Cr alloy
# is not "101 % Cr2O3"; oxide-bearing streams keep Cr2O3 = Cr × 151.99/103.99
for m in ("ferrochrome", "chromium_metal"):
    a = st[m]["assay"]
    assert a["Cr2O3"] is None and a["Cr"] > 60, (m, a)
for o in ("concentrate", "fecr_slag", "chromic_oxide"):
    a = st[o]["assay"]
    assert abs(a["Cr2O3"] - a["Cr"] * 151.9904 / (2 * 51.9961)) < 1e-3 * a["Cr2O3"], (o, a)
l = json.load(open(sys.argv[2]))
assert l["system"]["valuable_element"] == "Cr", l["system"]["valuable_element"]
assert l["summary"]["valuable_element"] == "Cr"
fe = l["streams"]["plant_feed"]["element_tph"]["Cr"]
r = sum(v["recovery_pct"] for v in l["summary"]["products"].values())
assert abs(r - 100) < 1e-9, r       # a closed loop: the two products hold all the Cr fed
rc = l["summary"]["products"]["concentrate"]["recovery_pct"]
assert abs(rc - 100 * l["streams"]["concentrate"]["element_tph"]["Cr"] / fe) < 1e-9, rc
PY

# no valuable element (quartz and calcite carry no Cr): no recovery column and no "nan"
cat > "$work/noel.yaml" <<'YAML'
materials: [quartz, calcite]
feeds:
  feed: {solids_tph: 40, water_tph: 60, mineralogy: {quartz: 70, calcite: 30}}
units:
  - {name: sep, type: recovery_separator, in: [feed], out: [conc, tails],
     recovery: {quartz: 0.1, calcite: 0.9}}
YAML
"$bin" run "$work/noel.yaml" > "$work/noel.txt" || fail "no-element run rc=$?"
grep -qi nan "$work/noel.txt" && fail "table prints nan: $(grep -i nan "$work/noel.txt" | head -n 2)"
grep -A1 '^final products' "$work/noel.txt" | tail -n 1 | grep -q 'mass pull % \+F/C$' || fail "no-element header"
grep -Eq '^  conc +13\.600 +34\.00 +2\.941$' "$work/noel.txt" || fail "no-element mass pull: $(grep '^  conc' "$work/noel.txt")"
# copper: report.valuable_element Cu, so the blister's Cu recovery is reported
"$bin" run examples/copper/matte_smelting.yaml > "$work/cu.txt" || fail "copper rc=$?"
grep -Eq 'Cu rec. % +c/f$' "$work/cu.txt" || fail "copper recovery column"

# a feed of zero solids: '-' rather than nan
sed 's/solids_tph: 100/solids_tph: 0/' examples/recycle/scavenger_loop.yaml > "$work/zero.yaml"
"$bin" run "$work/zero.yaml" > "$work/zero.txt" || fail "zero-flow rc=$?"
grep -qi nan "$work/zero.txt" && fail "zero-flow table prints nan"
grep -Eq '^  concentrate +0\.000 +- +-$' "$work/zero.txt" || fail "zero-flow mass pull: $(grep '^  concentrate' "$work/zero.txt")"
grep -q '^converged after 1 iteration (' "$work/zero.txt" || fail "iteration count wording"
# the report a metallurgist reads: IRR in %, the balance error as it is (not "0"), gas streams
# labelled with their own flow and phase rather than "0 t/h" of solids
"$bin" run examples/chromite/chain.yaml --quiet --report "$work/rep" 2>/dev/null || fail "chain --report"
grep -q '<th>IRR (%)</th><td>31.83</td>' "$work/rep/report.html" || fail "IRR not in % in the report"
grep -Eq '<b class="ok">[0-9.]+e-1[0-9]</b><span>worst mass balance' "$work/rep/report.html" ||
    fail "balance card: $(grep -o '<b class="ok">[^<]*</b><span>worst mass balance' "$work/rep/report.html")"
grep -Eq 'saf_offgas&#10;[0-9.]+ t/h gas' "$work/rep/report.html" || fail "off-gas label"
grep -q '<span>ore solids fed</span>' "$work/rep/report.html" || fail "ore-fed card"
echo "summary: ok"
