#!/usr/bin/env bash
# Chemistry on the command line: an unbalanced equation (and an out-of-range conversion) are
# rejected at load time with their exact file:line:column and exit code 2; the chromite examples
# load, every equation in them balances, and the runs report the furnace's specific energy and
# the aluminothermic results in the JSON.
# Usage: chem_reactions.sh OREFLOW_BINARY SOURCE_DIR WORK_DIR
set -euo pipefail
bin=$1 src=$2 work=$3
mkdir -p "$work"
cat > "$work/bad.yaml" <<'YAML'
name: unbalanced
materials: [Cr2O3, C, Cr, CO]
feeds:
  oxide: {bulk: {Cr2O3: 1.0, C: 0.3}}
units:
  - name: smelter
    type: reactor
    in: [oxide]
    out: [metal, gas]
    reactions:
      - equation: Cr2O3 + 2 C -> 2 Cr + 3 CO
        key: Cr2O3
        conversion: 0.5
      - {equation: "Cr2O3 + 3 C -> 2 Cr + 3 CO", key: Cr2O3, conversion: 1.5}
    route: {gas: gas, default: metal}
YAML
set +e
"$bin" check "$work/bad.yaml" > "$work/out.txt" 2> "$work/err.txt"
rc=$?
set -e
[ "$rc" -eq 2 ] || { echo "expected exit 2, got $rc"; cat "$work/err.txt"; exit 1; }
grep -qF "$work/bad.yaml:11:19: error: smelter: equation 'Cr2O3 + 2 C -> 2 Cr + 3 CO' does not balance: C 2 -> 3" "$work/err.txt" \
  || { echo "missing located balance error"; cat "$work/err.txt"; exit 1; }
grep -qF "$work/bad.yaml:14:74: error: smelter: conversion is a fraction 0..1, found 1.5" "$work/err.txt" \
  || { echo "missing located conversion error"; cat "$work/err.txt"; exit 1; }

for f in ferrochrome chromium_metal; do
  "$bin" check "$src/examples/chromite/$f.yaml" > /dev/null
done
"$bin" run "$src/examples/chromite/ferrochrome.yaml" --json > "$work/fecr.json"
"$bin" run "$src/examples/chromite/chromium_metal.yaml" --json > "$work/cr.json"
python3 - "$work/fecr.json" "$work/cr.json" <<'PY'
import json, sys
fe = json.load(open(sys.argv[1])); cr = json.load(open(sys.argv[2]))
for d in (fe, cr):
    assert d["converged"], "not converged"
    assert d["balance"]["max_relative_error"] < 1e-9, d["balance"]
saf = fe["units"]["saf"]["results"]
# 3.1-4.2 MWh/t HC FeCr (du Preez et al., Minerals 13(6) 809, 2023)
assert 3100 <= saf["specific_energy_kwh_per_t"] <= 4200, saf
assert abs(fe["streams"]["ferrochrome"]["total_tph"] - saf["alloy_tph"]) <= 1e-9 * saf["alloy_tph"]
th = cr["units"]["thermit"]["results"]
assert th["cr_in_metal_pct"] > 99 and 0 < th["cr_recovery_pct"] <= 100, th
assert cr["streams"]["chromium_metal"]["total_tph"] > 0
rx = cr["units"]["roaster"]["reactions"]
assert rx[2]["equation"].startswith("2 Cr2O3") and rx[2]["extent_kmol_h"] > 0, rx
PY
