#!/usr/bin/env bash
# The whole chromite chain (tailings -> concentrate -> ferrochrome and chromium metal) and the
# copper smelting chain converge, close their element balances to 1e-9 and their unit energy
# balances to 1e-6, and land in the published ranges:
#  - SAF 3.1-4.2 MWh per t HC FeCr (du Preez et al., Minerals 13(6) 809, 2023); HC FeCr 60-70 %
#    Cr, 4-6 % C (Sizer Metal HC FeCr grades); concentrate 48.5 % Cr2O3 (Kazchrome 2023);
#  - copper: flash-furnace matte 55-70 % Cu, blister ≥ 98.5 % Cu, slag Fe/SiO2 1.2-1.5, ≈ 3 t
#    H2SO4 per t Cu from a 31 % S concentrate (Davenport et al., Extractive Metallurgy of Copper,
#    4th ed., 2002, ch. 4, 9, 14).
# Usage: chem_chains.sh OREFLOW_BINARY SOURCE_DIR WORK_DIR
set -euo pipefail
bin=$1 src=$2 work=$3
mkdir -p "$work"
"$bin" run "$src/examples/chromite/chain.yaml" --json > "$work/chain.json"
"$bin" run "$src/examples/copper/matte_smelting.yaml" --json > "$work/cu.json"
python3 - "$work/chain.json" "$work/cu.json" <<'PY'
import json, sys
ch = json.load(open(sys.argv[1])); cu = json.load(open(sys.argv[2]))
for d in (ch, cu):
    assert d["converged"], "not converged"
    assert d["balance"]["max_relative_error"] < 1e-9, d["balance"]
    for name, u in d["units"].items():
        r = u["results"]
        if "energy_balance_error" in r:
            assert r["energy_balance_error"] < 1e-6, (name, r)
s = ch["streams"]; u = ch["units"]
assert abs(s["concentrate"]["assay"]["Cr2O3"] - 48.5) < 1e-6
saf = u["saf"]["results"]
assert 3100 <= saf["specific_energy_kwh_per_t"] <= 4200, saf
# the predictive furnace in the plant ranges (../shared/domain/chromite-chain.md §4); the alloy's Cr
# follows the ore's Cr/Fe: this Kempirsai concentrate (Cr/Fe 3.3) gives ~72 %, above the generic
# 60–70 % (test_saf_predict shows 60–70 % for a Cr/Fe 2.4 ore)
assert 60 <= saf["cr_in_alloy_pct"] <= 75 and 4 <= saf["c_in_alloy_pct"] <= 6, saf
assert 80 <= saf["cr_recovery_pct"] <= 92 and 3 <= saf["slag_cr2o3_pct"] <= 12, saf
assert 1.0 <= saf["slag_per_t_alloy"] <= 1.6 and saf["si_in_alloy_pct"] < 4, saf
assert abs(s["ferrochrome"]["assay"]["C"] - 5.5) < 1e-6
th = u["thermit"]["results"]
assert th["cr_in_metal_pct"] > 99 and abs(s["chromium_metal"]["assay"]["Al"] - 0.3) < 1e-6, th
# per stage: tonnes, Cr recovery, energy, reductant/aluminium
assert s["ferrochrome"]["total_tph"] > 0 and s["chromium_metal"]["total_tph"] > 0
assert 0 < saf["cr_recovery_pct"] < 100 and 0 < th["cr_recovery_pct"] < 100
assert saf["reductant_t_per_t"] > 0 and th["al_kg_per_t_metal"] > 0
# Cr: everything that enters with the tailings leaves in some product
cr_in = s["tailings"]["element_tph"]["Cr"]
cr_out = sum(v["element_tph"].get("Cr", 0) for v in s.values() if v["to"] is None)
assert abs(cr_in - cr_out) <= 1e-9 * cr_in, (cr_in, cr_out)

cs = cu["streams"]
matte_cu = cs["matte"]["element_tph"]["Cu"] / cs["matte"]["total_tph"] * 100
assert 55 <= matte_cu <= 70, matte_cu
assert cs["blister"]["element_tph"]["Cu"] / cs["blister"]["total_tph"] >= 0.985
slag = cs["smelter_slag"]
fe_sio2 = slag["element_tph"]["Fe"] / slag["materials_tph"]["SiO2"]
assert 1.2 <= fe_sio2 <= 1.5, fe_sio2
acid = cs["sulfuric_acid"]["materials_tph"]["H2SO4"]
cu_t = cs["blister"]["element_tph"]["Cu"]
assert 2.8 <= acid / cu_t <= 3.6, acid / cu_t
assert cu["units"]["flash_smelter"]["results"]["duty_kw"] < 0   # autogenous with O2 enrichment
PY
