#!/usr/bin/env bash
# oreflow reconcile / twoproduct: exit codes, exact located diagnostics for bad data, outputs,
# a planted gross error. Usage: reconcile.sh OREFLOW SOURCE_DIR WORK_DIR
set -u
BIN=$1; SRC=$2; WORK=$3
rm -rf "$WORK"; mkdir -p "$WORK"; cd "$SRC" || exit 1
FS=examples/recycle/scavenger_loop.yaml
DATA=tests/cases/recon/scavenger_loop_measured.yaml
fail() { echo "FAIL: $*"; exit 1; }

# 1. the synthetic survey reconciles; JSON and CSV written; chi2 below its critical value
"$BIN" reconcile $FS $DATA --json "$WORK/r.json" --csv "$WORK/r.csv" > "$WORK/out.txt" || fail "reconcile rc=$?"
grep -q "22 measurements, 22 redundant" "$WORK/out.txt" || fail "summary line"
python3 - "$WORK/r.json" <<'PY' || fail "json checks"
import json, sys
d = json.load(open(sys.argv[1]))["reconciliation"]
assert d["converged"] and d["dof"] == 7, d["dof"]
assert d["chi2"] < d["chi2_critical"] and d["suspects"] == []
assert d["balance_residual"] < 1e-9
s = d["streams"]
# node balances of the reconciled values (solids and Cr2O3 flow) close
def f(n, k): return s[n]["solids_tph"]["value"] * (1 if k is None else s[n]["assay." + k]["value"] / 100)
for k in (None, "Cr2O3", "MgO"):
    assert abs(f("rougher_feed", k) - f("concentrate", k) - f("rougher_tails", k)) < 1e-9 * f("rougher_feed", k)
    assert abs(f("plant_feed", k) + f("scav_conc", k) - f("rougher_feed", k)) < 1e-9 * f("rougher_feed", k)
# the unsampled rougher feed is estimated within 3 SD of the simulation's 111.6646 t/h
rf = s["rougher_feed"]["solids_tph"]
assert rf["observable"] and abs(rf["value"] - 111.6646) < 3 * rf["sd"], rf
PY
head -1 "$WORK/r.csv" | grep -q '^measurement,stream,measured,sd,reconciled' || fail "csv header"
[ "$(wc -l < "$WORK/r.csv")" -eq 23 ] || fail "csv rows"
ls "$WORK" | grep -q tmp && fail "temporary file left"

# 2. a planted gross error (final tailings 32.5 -> 40.5 % solids, 8 SD) is flagged. (A 12-SD
# error on the final tailings' Cr2O3 assay is NOT detectable in this survey: that assay is almost
# non-redundant, leverage ~0.99, as the reconciled SD shows.)
sed 's/pct_solids: 32.5/pct_solids: 40.5/' $DATA > "$WORK/gross.yaml"
"$BIN" reconcile $FS "$WORK/gross.yaml" --json "$WORK/g.json" > "$WORK/g.txt" || fail "gross rc"
python3 - "$WORK/g.json" <<'PY' || fail "gross error not flagged"
import json, sys
d = json.load(open(sys.argv[1]))["reconciliation"]
assert d["chi2"] > d["chi2_critical"], d["chi2"]
assert d["worst"] == "final_tailings.pct_solids", d["worst"]
assert "final_tailings.pct_solids" in d["suspects"]
PY

# 3. bad data: exact file:line:col diagnostics, exit code 2 (YAML and CSV forms)
"$BIN" reconcile $FS tests/errors/recon_bad_data.yaml > /dev/null 2> "$WORK/e1.txt"; rc=$?
[ $rc -eq 2 ] || fail "bad yaml rc=$rc"
grep -q "recon_bad_data.yaml:4:34: error: plant_feed: standard deviation of 'plant_feed.solids_tph' must be positive (got -2)" "$WORK/e1.txt" || fail "negative sd"
grep -q "recon_bad_data.yaml:5:20: error: plant_feed: 'plant_feed.assay.Cr2O3' is a percentage and cannot exceed 100 (got 115)" "$WORK/e1.txt" || fail "assay > 100"
grep -q "recon_bad_data.yaml:6:3: error: rougher_tail: unknown stream 'rougher_tail' in Rougher-scavenger recycle loop (did you mean 'rougher_tails'?)" "$WORK/e1.txt" || fail "unknown stream"
"$BIN" reconcile $FS tests/errors/recon_bad_data.csv > /dev/null 2> "$WORK/e2.txt"; rc=$?
[ $rc -eq 2 ] || fail "bad csv rc=$rc"
grep -q "recon_bad_data.csv:2:27: error: plant_feed: standard deviation" "$WORK/e2.txt" || fail "csv sd"
grep -q "recon_bad_data.csv:3:1: error: concentrat: unknown stream 'concentrat'" "$WORK/e2.txt" || fail "csv stream"
grep -q "recon_bad_data.csv:4:25: error: concentrate: 'concentrate.assay.Cr2O3' is a percentage" "$WORK/e2.txt" || fail "csv assay"

# 4. two-product formula: C/F = (2 - 0.5)/(25 - 0.5) = 6.122 %, recovery 76.531 %
"$BIN" twoproduct --feed 2 --conc 25 --tail 0.5 > "$WORK/tp.txt" || fail "twoproduct rc"
grep -q "conc         6.122" "$WORK/tp.txt" || fail "two-product split"
grep -q "76.531" "$WORK/tp.txt" || fail "two-product recovery"
"$BIN" twoproduct --feed 2 --conc 2 --tail 2 > /dev/null 2>&1; [ $? -eq 1 ] || fail "singular rc"
"$BIN" twoproduct --feed 2 --conc 125 --tail 0.5 > /dev/null 2>&1; [ $? -eq 2 ] || fail "assay > 100 rc"
# 5. calibration recovers the parameters that generated the synthetic survey (rougher and
# scavenger chromite recovery 0.80 and 0.60, rougher water recovery 0.15) within their 95 %
# intervals, starting from wrong values, and writes the calibrated flowsheet
sed 's/chromite: 0.80/chromite: 0.70/; s/chromite: 0.60/chromite: 0.50/' $FS > "$WORK/off.yaml"
"$BIN" calibrate "$WORK/off.yaml" $DATA --fit rougher.recovery.chromite \
    --fit scavenger.recovery.chromite --fit rougher.water_recovery --out "$WORK/cal.yaml" \
    > "$WORK/cal.txt" || fail "calibrate rc"
python3 - "$WORK/cal.txt" <<'PY' || fail "calibrated values"
import re, sys
truth = {"rougher.recovery.chromite": 0.80, "scavenger.recovery.chromite": 0.60,
         "rougher.water_recovery": 0.15}
seen = 0
for line in open(sys.argv[1]):
    m = re.match(r"(\S+)\s+\S+\s+(\S+)\s+(\S+)\s+\[(\S+), (\S+)\]", line)
    if m and m.group(1) in truth:
        lo, hi = float(m.group(4)), float(m.group(5))
        assert lo <= truth[m.group(1)] <= hi, line
        assert hi - lo < 0.1, line
        seen += 1
assert seen == 3
PY
grep -q "chromite: 0.70," "$WORK/cal.yaml" && fail "calibrated file unchanged"
"$BIN" run "$WORK/cal.yaml" > /dev/null || fail "calibrated flowsheet does not run"
"$BIN" calibrate $FS $DATA --fit rougher.nonsense > /dev/null 2> "$WORK/ce.txt"; [ $? -eq 2 ] || fail "unknown param rc"
grep -q "unit 'rougher' has no numeric parameter 'nonsense'" "$WORK/ce.txt" || fail "unknown param message"
echo "reconcile.sh: all passed"
