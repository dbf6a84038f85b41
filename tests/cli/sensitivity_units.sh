#!/usr/bin/env bash
# Sensitivity with units (issue 15, finding 14a): each parameter's P10 / base / P90 values carry
# their unit of measure and currency, taken from where the parameter is defined (the economics
# section's registry, orf_econ_param_unit; the unit type's parameter table), and the NPV columns
# are in M USD, the report's convention, not "M$".
# usage: bash sensitivity_units.sh OREFLOW_BINARY SOURCE_DIR WORK_DIR
set -u
bin=$1 src=$2 work=$3
cd "$src" || exit 1
rm -rf "$work" && mkdir -p "$work" || exit 1
fail() { echo "FAIL: $*"; exit 1; }
"$bin" sensitivity examples/chromite/donskoy_tailings.yaml > "$work/s.txt" 2>&1 || fail "rc=$?"
"$bin" sensitivity examples/chromite/chain.yaml > "$work/c.txt" 2>&1 || fail "chain rc=$?"
"$bin" sensitivity examples/chromite/chain.yaml --json > "$work/c.json" 2>&1 || fail "json rc=$?"
# the electricity tariff is per kWh (opex = kW × h × tariff; docs/format.md): its label says so
# (it said "/MWh" before)
sed 's/^uncertainty:$/uncertainty:\n  - {param: economics.costs.electricity.tariff, dist: normal, sd: 2}/' \
    examples/chromite/donskoy_tailings.yaml > "$work/tariff.yaml"
grep -q "param: economics.costs.electricity.tariff" "$work/tariff.yaml" || fail "tariff copy"
"$bin" sensitivity "$work/tariff.yaml" --json > "$work/t.json" 2>&1 || fail "tariff rc=$?"
python3 - "$work/t.json" <<'PY' || fail "tariff unit"
import json, sys
u = {r["param"]: r["unit"] for r in json.load(open(sys.argv[1]))["tornado"]}
assert u["economics.costs.electricity.tariff"] == "KZT/kWh", u
PY
python3 - "$work/s.txt" "$work/c.txt" "$work/c.json" <<'PY' || fail "units"
import json, re, sys
s = open(sys.argv[1], encoding="utf-8").read()
c = open(sys.argv[2], encoding="utf-8").read()
assert "M$" not in s + c, "NPV columns must be in M USD"
assert "NPV@P10 M USD" in s, s
def row(text, param):
    m = re.search(r"^  " + re.escape(param) + r" +(\S+) / (\S+) / (\S+) ([^ ].*?) {2,}", text, re.M)
    assert m, (param, text)
    return m.groups()
assert row(s, "economics.products.concentrate.price")[3] == "CNY/t"
assert row(s, "economics.fx.KZT")[3] == "KZT/USD"
lo, base, hi, u = row(s, "economics.timeline.phases.gravity_plant.capex")
assert u == "M KZT" and base == "25100", (lo, base, hi, u)
assert row(s, "spiral_rougher.cut_density_kg_m3")[3] == "kg/m³"
assert row(c, "economics.timeline.phases.ferrochrome_phase1.capex")[1:] == ("150", "297.6", "M USD")
assert "e+" not in c, c
j = json.load(open(sys.argv[3]))
units = {r["param"]: r["unit"] for r in j["tornado"]}
assert units["economics.products.chromium_metal.price"] == "USD/t", units
assert units["economics.fx.CNY"] == "CNY/USD", units
PY
echo "sensitivity_units: ok"
