#!/usr/bin/env bash
# Economics of the flagship and the chain on the command line: `oreflow run --json` carries
# economics.npv_usd / irr / payback_years and one entry per stage (tailings → concentrate →
# ferrochrome → chromium metal) whose value added is value out − value in; the terminal shows the
# economics block; `oreflow mc --json` reports P10 ≤ P50 ≤ P90 of NPV and the same P50 on 1 and 2
# threads for a fixed seed; the CSV cash flow is written.
# Usage: flagship_econ.sh OREFLOW_BINARY SOURCE_DIR WORK_DIR
set -euo pipefail
bin=$1 src=$2 work=$3
mkdir -p "$work"
"$bin" run "$src/examples/chromite/donskoy_tailings.yaml" > "$work/flagship.txt"
grep -q "^Economics (real USD" "$work/flagship.txt"
grep -q "NPV .* IRR .* payback" "$work/flagship.txt"
"$bin" run "$src/examples/chromite/donskoy_tailings.yaml" --json > "$work/flagship.json"
"$bin" run "$src/examples/chromite/chain.yaml" --json --csv "$work/chain_csv" > "$work/chain.json"
test -s "$work/chain_csv/economics.csv"
"$bin" mc "$src/examples/chromite/donskoy_tailings.yaml" -n 100 -j 1 --seed 3 --json > "$work/mc1.json"
"$bin" mc "$src/examples/chromite/donskoy_tailings.yaml" -n 100 -j 2 --seed 3 --json > "$work/mc2.json"
python3 - "$work" <<'PY'
import json, math, sys
w = sys.argv[1]
f = json.load(open(w + "/flagship.json"))["economics"]
for k in ("npv_usd", "irr", "payback_years"):
    assert isinstance(f[k], float) and math.isfinite(f[k]), (k, f[k])
assert [s["name"] for s in f["stages"]] == ["concentrate"]
c = json.load(open(w + "/chain.json"))["economics"]
st = {s["name"]: s for s in c["stages"]}
assert list(st) == ["concentrate", "ferrochrome", "chromium_metal"], list(st)
for s in st.values():
    va = s["value_out_usd_per_year"] - s["value_in_usd_per_year"]
    assert abs(s["value_added_usd_per_year"] - va) <= 1e-9 * abs(va), s
    assert s["value_added_usd_per_year"] > 0 and s["jobs"] > 0, s
assert st["concentrate"]["value_in_usd_per_year"] == 0
assert st["chromium_metal"]["value_added_usd_per_t_element"] > st["ferrochrome"]["value_added_usd_per_t_element"]
m1, m2 = (json.load(open(w + "/mc%d.json" % i)) for i in (1, 2))
n = m1["npv_usd"]
assert n["p10"] <= n["p50"] <= n["p90"], n
assert m1["npv_usd"]["p50"] == m2["npv_usd"]["p50"] and m1["irr"]["p50"] == m2["irr"]["p50"]
assert m1["samples"] == 100 and m1["solves"] == 100
PY
echo "flagship_econ: ok"
