#!/usr/bin/env bash
# Carbon accounting and the EU CBAM cost (issue 18 part 2; docs/format.md "Carbon and CBAM").
#
# Worked example (a file written below): 10 t/h of alloy and a burner that burns 1.2 t/h of C
# to CO2 into a vent; 8000 h/yr; 1000 kW of extra_kw on a 0.5 t CO2/MWh grid; 50 % of the alloy
# to the EU; certificate price 75.36 EUR/t (the first CBAM price, Q1 2026, published by the
# Commission on 7 Apr 2026); EUR 0.8 per USD; CBAM benchmark 0.2 t CO2/t; domestic price 10 USD/t.
#   Scope 1 = 1.2 × 8000 × 44.0095/12.011 = 35,175.356 t CO2/yr; per t of alloy (80,000 t/yr)
#             0.4396919 t/t (direct)
#   Scope 2 = 8000 MWh × 0.5 = 4000 t/yr exactly; 0.05 t/t (extra_kw: no stage, shared to it)
#   CBAM 2026 = (40,000 t × 0.4396919 − 40,000 × 0.2 × 97.5 %) × 75.36 / 0.8
#             = (17,587.68 − 7,800) × 94.2 = 921,999 USD
#   CBAM 2034 = 17,587.68 × 94.2 = 1,656,759 USD (the CBAM factor is 0 from 2034)
#   domestic carbon price = 35,175.356 × 10 = 351,753.6 USD/yr
# With default values instead (2.0 t/t, benchmark 1.5; mark-ups 10/20/30 %):
#   2026: (40,000 × 2.0 × 1.10 − 40,000 × 1.5 × 0.975) × 94.2 = (88,000 − 58,500) × 94.2
#         = 2,778,900 USD
#   2028: (40,000 × 2.0 × 1.30 − 40,000 × 1.5 × 0.90) × 94.2 = 50,000 × 94.2 = 4,710,000 USD
#   2034: 104,000 × 94.2 = 9,796,800 USD
# Both costs are operating costs: the cash flow's opex and taxable profit move by exactly them.
# A reagent dosed at 500 g/t of the alloy at 2000 USD/t: 80,000 t × 0.0005 × 2000 = 80,000 USD/yr;
# with the electricity (8,000,000 kWh × 0.05 USD) the opex without carbon is 480,000 USD/yr.
#
# Flagship (examples/chromite/chain.yaml): the carbon balance closes (C in the feeds + electrode
# paste = C in the other final streams + C in the vents, 1e-9 relative), Scope 2 = MWh × factor
# exactly, the CBAM cost is in its cash flow (opex minus the same file without carbon), and its
# t CO2e per t of HC ferrochrome, on the grid factor the Glencore-Merafe Chrome Venture reported
# (0.926 t CO2/MWh, integrated report 2015), lies in the Venture's published 5.24-5.58 t CO2e/t
# (Scope 1 + 2, South African SAFs, integrated reports 2015-2021: 5.24, 5.51, 5.48, 5.58, 5.37,
# 5.46, 5.45, 5.29).
# Usage: carbon.sh OREFLOW_BINARY SOURCE_DIR WORK_DIR
set -euo pipefail
bin=$1 src=$2 work=$3
mkdir -p "$work"

cat > "$work/mini.yaml" <<'EOF'
name: CBAM worked example
materials: [Cr, C, O2, N2, CO2]
feeds:
  alloy_in: {bulk: {Cr: 10}}
  fuel: {bulk: {C: 1.2}}
  air: {bulk: {O2: 3.5, N2: 11.5}}
units:
  - name: burner
    type: reactor
    in: [fuel, air]
    out: [flue]
    reactions:
      - {equation: "C + O2 -> CO2", key: C, conversion: 1.0}
    temperature_c: 900
  - {name: cast, type: mixer, in: [alloy_in], out: [alloy]}
economics:
  fx: {EUR: 0.8}
  discount_rate_pct: 10
  timeline:
    start_year: 2025
    construction_years: 1
    operating_years: 9
    hours_per_year: 8000
    availability_pct: 100
    phases:
      - {name: plant, capex: 100.0e6, currency: USD, start_year: 2025, years: 1, stage: smelt}
  stages:
    - {name: smelt, in: [], out: [alloy], units: [burner, cast]}
  products:
    - {name: alloy, stream: alloy, price: 2000, currency: USD, stage: smelt}
  costs:
    electricity: {tariff: 0.05, currency: USD, units: all, extra_kw: 1000}
    items:
      - {name: flux_reagent, stream: alloy, dose_g_per_t: 500, price: 2000, currency: USD}
  taxes: {cit_pct: 20}
  carbon:
    grid_t_co2_per_mwh: 0.5
    vents: [flue]
    carbon_price_usd_per_t: 10
  cbam:
    product: alloy
    share_to_eu_pct: 50
    certificate_price_eur_per_t: 75.36
    currency: EUR
    benchmark_t_co2_per_t: 0.2
EOF
python3 - "$work" "$src/examples/chromite/chain.yaml" <<'PY'
import re, sys
w, chain = sys.argv[1], sys.argv[2]
t = open(f"{w}/mini.yaml").read()
open(f"{w}/dflt.yaml", "w").write(t.replace("benchmark_t_co2_per_t: 0.2",
    "benchmark_t_co2_per_t: 1.5\n    default_value_t_co2_per_t: 2.0"))
open(f"{w}/none.yaml", "w").write(t[: t.index("  carbon:")])
c = open(chain).read()
assert "  carbon:\n" in c and "\n  cbam:" in c and "grid_t_co2_per_mwh: 0.75" in c
open(f"{w}/chain.yaml", "w").write(c)
open(f"{w}/chain_merafe.yaml", "w").write(c.replace("grid_t_co2_per_mwh: 0.75",
                                                    "grid_t_co2_per_mwh: 0.926"))
a, b = c.index("  carbon:\n"), c.index("\nschedule:")
open(f"{w}/chain_none.yaml", "w").write(c[:a] + c[b:])
PY
for f in mini dflt none chain chain_merafe chain_none; do
    "$bin" run "$work/$f.yaml" --json > "$work/$f.json" 2> "$work/$f.err"
done
"$bin" run "$work/chain.yaml" > "$work/chain.out" 2>&1
grep -q '^Carbon (t CO2e/yr at full production; grid 0.750 t CO2/MWh)' "$work/chain.out"
grep -q '^  CBAM on ferrochrome: ' "$work/chain.out"

python3 - "$work" <<'PY'
import json, math, sys
w = sys.argv[1]
J = {k: json.load(open(f"{w}/{k}.json"))["economics"]
     for k in ("mini", "dflt", "none", "chain", "chain_merafe", "chain_none")}

def close(a, b, rel=1e-9, what=""):
    assert abs(a - b) <= rel * max(abs(a), abs(b), 1e-300), f"{what}: {a!r} != {b!r}"

# ---- the worked example
m = J["mini"]; c = m["carbon"]
s1 = 1.2 * 8000 * 44.0095 / 12.011
close(c["scope1_t_per_year"], s1, 1e-12, "scope 1")
close(c["scope1_t_per_year"], 35175.356, 1e-7, "scope 1 (hand)")
assert c["scope2_t_per_year"] == 8000 * 0.5 == c["electricity_mwh_per_year"] * 0.5
(st,) = [s for s in c["stages"] if s["name"] == "smelt"]
close(st["direct_t_co2e_per_t"], s1 / 80000, 1e-12, "direct per t")
close(st["indirect_t_co2e_per_t"], 0.05, 1e-12, "indirect per t")
factor = {2026: 97.5, 2027: 95, 2028: 90, 2029: 77.5, 2030: 51.5, 2031: 39, 2032: 26.5,
          2033: 14, 2034: 0}
cb = {y["year"]: y for y in m["cashflow"]}
for yr, f in factor.items():
    want = (40000 * s1 / 80000 - 40000 * 0.2 * f / 100) * 75.36 / 0.8
    close(cb[yr]["cbam"], want, 1e-12, f"cbam {yr}")
    close(cb[yr]["carbon_price"], s1 * 10, 1e-12, f"carbon price {yr}")
close(cb[2026]["cbam"], 921999.26, 1e-8, "cbam 2026 (hand)")
close(cb[2034]["cbam"], 1656759.0, 1e-6, "cbam 2034 (hand)")
assert cb[2025]["cbam"] == 0            # construction: nothing shipped
d = {y["year"]: y for y in J["dflt"]["cashflow"]}
close(d[2026]["cbam"], 2778900, 1e-9, "default 2026")
close(d[2028]["cbam"], 4710000, 1e-9, "default 2028")
close(d[2034]["cbam"], 9796800, 1e-9, "default 2034")
# operating costs, deductible: opex and taxable profit move by the carbon costs exactly
n = {y["year"]: y for y in J["none"]["cashflow"]}
close(n[2027]["opex"], 480000, 1e-12, "opex: electricity + reagent")
for yr in cb:
    extra = cb[yr]["cbam"] + cb[yr]["carbon_price"]
    close(cb[yr]["opex"] - n[yr]["opex"], extra, 1e-9, f"opex {yr}")
    close(n[yr]["net"] - cb[yr]["net"] + (n[yr]["cit"] - cb[yr]["cit"]), extra, 1e-9, f"net {yr}")
    if n[yr]["cit"] > 0 and cb[yr]["cit"] > 0 and yr > 2026:
        close(n[yr]["cit"] - cb[yr]["cit"], 0.2 * extra, 1e-6, f"cit {yr}")

# ---- the flagship
f = J["chain"]; c = f["carbon"]; bal = c["carbon_balance"]
close(bal["in_tph"], bal["products_tph"] + bal["emitted_tph"], 1e-9, "carbon balance")
assert bal["emitted_tph"] > 0.5 * bal["in_tph"]
# the stages' Scope 2 summed against the total MWh times the factor: equal up to round-off
close(c["scope2_t_per_year"], c["electricity_mwh_per_year"] * c["grid_t_co2_per_mwh"], 1e-14,
      "flagship scope 2")
(fecr,) = [p for p in c["products"] if p["name"] == "ferrochrome"]
mer = [p for p in J["chain_merafe"]["carbon"]["products"] if p["name"] == "ferrochrome"][0]
assert 5.24 <= mer["t_co2e_per_t"] <= 5.58, mer
assert fecr["t_co2e_per_t"] < mer["t_co2e_per_t"]      # Kazakh grid factor below Eskom's
close(mer["direct_t_co2e_per_t"], fecr["direct_t_co2e_per_t"], 1e-12, "direct: grid-independent")
yrs = {y["year"]: y for y in f["cashflow"]}
none = {y["year"]: y for y in J["chain_none"]["cashflow"]}
paid = [y for y in yrs.values() if y["cbam"] > 0]
assert len(paid) >= 9 and f["cbam"]["life_usd"] > 0
for yr, y in yrs.items():
    close(y["opex"] - none[yr]["opex"], y["cbam"] + y["carbon_price"], 1e-9, f"flagship opex {yr}")
print("FeCr t CO2e/t: %.3f (grid 0.75), %.3f (grid 0.926); CBAM over life %.2f M USD"
      % (fecr["t_co2e_per_t"], mer["t_co2e_per_t"], f["cbam"]["life_usd"] / 1e6))
PY

# located errors
cp "$work/mini.yaml" "$work/bad_vent.yaml"
sed -i 's/vents: \[flue\]/vents: [fuel]/' "$work/bad_vent.yaml"
if "$bin" run "$work/bad_vent.yaml" > "$work/bad_vent.out" 2>&1; then exit 1; fi
grep -q "bad_vent.yaml:[0-9]*:[0-9]*: .*economics.carbon.vents: stream 'fuel' goes on to a unit" \
    "$work/bad_vent.out"
cp "$work/mini.yaml" "$work/bad_prod.yaml"
sed -i 's/    product: alloy/    product: alloys/' "$work/bad_prod.yaml"
if "$bin" run "$work/bad_prod.yaml" > "$work/bad_prod.out" 2>&1; then exit 1; fi
grep -q "bad_prod.yaml:[0-9]*:[0-9]*: .*economics.cbam.product: no product named 'alloys'" \
    "$work/bad_prod.out"
cp "$work/mini.yaml" "$work/bad_fuel.yaml"
sed -i 's/    carbon_price_usd_per_t: 10/    carbon_price_usd_per_t: 10\n    fuels: [{name: gas, unit: burner, result: reaction_heat_kw, t_co2_per_mwh: 0.202},\n            {name: bad, unit: burner, result: specific_energy_kwh_per_t, t_co2_per_mwh: 0.2}]/' \
    "$work/bad_fuel.yaml"
if "$bin" run "$work/bad_fuel.yaml" > "$work/bad_fuel.out" 2>&1; then exit 1; fi
grep -q "bad_fuel.yaml:[0-9]*:[0-9]*: .*economics.carbon.fuels.bad: result 'specific_energy_kwh_per_t' is in kWh/t; a fuel needs one in kW" \
    "$work/bad_fuel.out"
[ "$(grep -c 'error' "$work/bad_fuel.out")" = 1 ]
echo "carbon: ok"
