#!/usr/bin/env bash
# The closed ball mill / hydrocyclone circuit converges, every unit balances to 1e-9, the units
# report their results, and a misspelt cyclone model is a located input error (exit 2).
# Usage: grinding_loop.sh OREFLOW_BINARY SOURCE_DIR WORK_DIR
set -euo pipefail
bin=$1 src=$2 work=$3
mkdir -p "$work"
"$bin" run "$src/examples/recycle/grinding_loop.yaml" --json > "$work/run.json"
python3 - "$work/run.json" <<'PY'
import json, math, sys
d = json.load(open(sys.argv[1]))
assert d["converged"], "not converged"
assert d["balance"]["unit_max_error"] < 1e-9, d["balance"]
mill = d["units"]["ball_mill"]["results"]
cyc = d["units"]["cyclones"]["results"]
s = d["streams"]
# Bond's law with the mill's own feed and product sizes, power on the mill's solids feed
w = 10 * 14 * (1 / math.sqrt(mill["p80_um"]) - 1 / math.sqrt(mill["f80_um"]))
assert abs(mill["specific_energy_kwh_per_t"] - w) <= 1e-9 * w, (mill, w)
feed_tph = s["fresh_feed"]["solids_tph"] + s["cyc_underflow"]["solids_tph"]
assert abs(mill["power_kw"] - w * feed_tph) <= 1e-6 * mill["power_kw"], mill
# the cyclone's flow split is what the streams carry
split = s["cyc_underflow"]["slurry_m3h"] / s["product"]["slurry_m3h"]
assert abs(cyc["flow_split"] - split) <= 1e-9 * split, (cyc, split)
assert s["product"]["p80_um"] < s["cyc_underflow"]["p80_um"]
assert 0 < cyc["water_split_underflow"] < 1
# partition curve from the run: monotone in size (sizes coarse -> fine), denser chromite
# reports to underflow at least as much as serpentine at every size (Plitt's density term)
pc = d["units"]["cyclones"]["partition_underflow"]
for mat in ("chromite", "serpentine", "olivine"):
    y = [v for v in pc[mat] if v is not None]
    assert all(a >= b - 1e-12 for a, b in zip(y, y[1:])), (mat, y)
    assert y[-1] >= cyc["water_split_underflow"] - 1e-12
for a, b in zip(pc["chromite"], pc["serpentine"]):
    if a is not None and b is not None:
        assert a >= b - 1e-12, (a, b)
PY
"$bin" units > "$work/units.txt"
for t in crusher ball_mill rod_mill screen hydrocyclone hydrosizer thickener filter; do
  grep -q "^$t (" "$work/units.txt" || { echo "oreflow units lacks $t"; exit 1; }
done
sed 's/    model: plitt/    model: plit/' "$src/examples/recycle/grinding_loop.yaml" > "$work/bad.yaml"
set +e
"$bin" run "$work/bad.yaml" > "$work/bad.out" 2>&1
rc=$?
set -e
[ "$rc" -eq 2 ] || { echo "expected exit 2, got $rc"; cat "$work/bad.out"; exit 1; }
grep -q "bad.yaml:[0-9]*:[0-9]*: error: .*model must be 'plitt' or 'fixed'" "$work/bad.out" || {
  cat "$work/bad.out"; exit 1; }
echo ok
