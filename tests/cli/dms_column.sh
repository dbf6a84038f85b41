#!/usr/bin/env bash
# Dense-medium cyclones and a flotation column (examples/separation/dms_column.yaml): every unit
# balances to 1e-9; the DMS cyclone count is ceil(slurry / one cyclone's capacity) with the 510 mm
# cyclone's Bernoulli capacity recomputed here; the figures lie in published ranges:
#  - DMS preconcentration rejects most of the mass and keeps the sulphide: mass pull < 15 %,
#    chalcopyrite recovery > 90 % (DMS preconcentration of base-metal ores, Wills & Finch 2016
#    ch. 11);
#  - the column cleaner makes a concentrate of > 20 % Cu (chalcopyrite is 34.6 % Cu) and its
#    concentrate stays below the carrying capacity (Espinosa-Gomez et al. 1988);
#  - the concentrate's water is the wash water less the bias (Finch & Dobby 1990).
# A column far too small for its concentrate is capped at its carrying capacity with a warning.
# Usage: dms_column.sh OREFLOW_BINARY SOURCE_DIR WORK_DIR
set -euo pipefail
bin=$1 src=$2 work=$3
mkdir -p "$work"
ex="$src/examples/separation/dms_column.yaml"
"$bin" run "$ex" --json > "$work/run.json"
python3 - "$work/run.json" <<'PY'
import json, math, sys
d = json.load(open(sys.argv[1]))
assert d["balance"]["unit_max_error"] < 1e-9, d["balance"]
dms = d["units"]["dms"]["results"]
col = d["units"]["column"]["results"]
s = d["streams"]
q1 = 3600 * 0.6 * math.pi / 4 * (0.2 * 0.51) ** 2 * math.sqrt(2 * 9.80665 * 9 * 0.51)
assert abs(dms["cyclone_capacity_m3h"] - q1) <= 1e-9 * q1, dms
assert dms["cyclones"] == math.ceil(dms["slurry_m3h"] / q1), dms
assert dms["mass_pull_pct"] < 15 and dms["valuable_recovery_pct"] > 90, dms
assert abs(dms["medium_loss_tph"] - 0.3 * 250 / 1000) <= 1e-12, dms
assert dms["fines_in_feed"] == 0
assert s["column_conc"]["assay"]["Cu"] > 20, s["column_conc"]["assay"]
assert col["carrying_capacity_limited"] == 0
assert col["concentrate_tph"] < col["carrying_capacity_tph"]
assert abs(s["column_conc"]["water_tph"] - 0.7 * 60) <= 1e-9 * 42, s["column_conc"]["water_tph"]
assert 50 <= col["valuable_recovery_pct"] <= 100, col
PY
sed 's/^    diameter_m: 3.0/    diameter_m: 0.5/' "$ex" > "$work/small.yaml"
"$bin" run "$work/small.yaml" --json > "$work/small.json"
"$bin" run "$work/small.yaml" > "$work/small.txt" 2>&1
grep -q "warning: unit .*carrying_capacity_limited" "$work/small.txt" || { echo "no carrying-capacity warning"; exit 1; }
python3 - "$work/small.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
assert d["balance"]["unit_max_error"] < 1e-9, d["balance"]
col = d["units"]["column"]["results"]
assert col["carrying_capacity_limited"] == 1
assert abs(col["concentrate_tph"] - col["carrying_capacity_tph"]) <= 1e-9 * col["concentrate_tph"]
PY
# a misspelt medium is a located error naming the line
sed 's/medium: ferrosilicon/medium: ferosilicon/' "$ex" > "$work/bad.yaml"
set +e
"$bin" run "$work/bad.yaml" > /dev/null 2> "$work/bad.err"
rc=$?
set -e
[ "$rc" -eq 2 ] || { echo "expected exit 2, got $rc"; cat "$work/bad.err"; exit 1; }
grep -q "bad.yaml:[0-9]*:[0-9]*" "$work/bad.err" && grep -q "ferrosilicon" "$work/bad.err"
