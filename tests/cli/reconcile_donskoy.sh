#!/usr/bin/env bash
# Reconciliation and calibration on the flagship (examples/chromite/donskoy_tailings.yaml: 11
# nodes, 22 streams, two recycles, 5 composition classes) with its synthetic survey
# (examples/chromite/donskoy_measured.yaml: flows, % solids, 4 assays, sizes on 5 streams,
# Cr2O3 by size on 3). Usage: reconcile_donskoy.sh OREFLOW SOURCE_DIR WORK_DIR
set -u
BIN=$1; SRC=$2; WORK=$3
rm -rf "$WORK"; mkdir -p "$WORK"; cd "$SRC" || exit 1
FS=examples/chromite/donskoy_tailings.yaml
PLAN=examples/chromite/donskoy_survey_plan.yaml
DATA=examples/chromite/donskoy_measured.yaml
fail() { echo "FAIL: $*"; exit 1; }

"$BIN" run $FS --json > "$WORK/sim.json" || fail "flagship run rc=$?"

# 1. the example file is what the documented pipeline writes (scripts/donskoy_survey.sh)
"$BIN" survey $FS $PLAN --seed 2026 --out "$WORK/regen.yaml" || fail "survey rc=$?"
cmp -s "$WORK/regen.yaml" $DATA || fail "donskoy_measured.yaml differs from the survey of seed 2026"

# 2. reconcile: converges, chi2 reported and below its 95 % critical value, no suspect, the
# reconciled flows, component flows and size-class flows balance at every node
"$BIN" reconcile $FS $DATA --json "$WORK/r.json" --csv "$WORK/r.csv" > "$WORK/r.txt" || fail "reconcile rc=$?"
grep -Eq "^Reconciliation of .*: 125 measurements, [0-9]+ redundant, chi2 = [0-9.]+ on [0-9]+ dof" "$WORK/r.txt" || fail "summary line"
# an adjustment that rounds to zero prints 0.00, never -0.00 (its sign is round-off)
! grep -Eq " -0\.00 " "$WORK/r.txt" || fail "a -0.00 adjustment in the table"
python3 - "$WORK/r.json" "$WORK/sim.json" <<'PY' || fail "reconciliation checks"
import json, sys
d = json.load(open(sys.argv[1]))["reconciliation"]
sim = json.load(open(sys.argv[2]))
assert d["converged"], "not converged"
assert d["dof"] > 30 and 0 < d["chi2"] < d["chi2_critical"], (d["chi2"], d["dof"])
assert 0.05 < d["p_value"] <= 1 and d["suspects"] == [], d["suspects"]
assert d["balance_residual"] < 1e-9, d["balance_residual"]
s = d["streams"]
def flows(n):
    x = s[n]; S = x["solids_tph"]["value"]
    f = {"solids": S, "water": x["water_tph"]["value"]}
    for k in ("Cr2O3", "FeO", "SiO2", "MgO"):
        f[k] = S * x["assay." + k]["value"] / 100
    for c in range(6):
        sc = S * x["size.%d" % c]["value"] / 100
        f["size%d" % c] = sc
        f["Cr2O3_size%d" % c] = sc * x["size_assay.Cr2O3.%d" % c]["value"] / 100
    return f
nodes = 0
for name, u in sim["units"].items():
    ins, outs = u["in"], list(u["out"].values())
    if not ins or not outs:
        continue
    nodes += 1
    fi = [flows(n) for n in ins]; fo = [flows(n) for n in outs]
    for q in fi[0]:
        if q == "water" and u["type"] == "water_addition":
            continue  # the dilution water ahead of the spirals comes from no stream
        a = sum(f[q] for f in fi); b = sum(f[q] for f in fo)
        scale = max(abs(f[q]) for f in fi + fo)
        assert abs(a - b) <= 1e-9 * scale, (name, q, a, b)
assert nodes == 11, nodes  # 9 separators and mixers, 2 dilutions
# flows are estimated (10 of them unmeasured) wherever the data fix them, each within 3 of its
# SDs of the simulation that generated the survey
obs = 0
for n, x in s.items():
    v, t = x["solids_tph"], sim["streams"][n]["solids_tph"]
    if v["observable"]:
        assert abs(v["value"] - t) < 3 * v["sd"], (n, v, t)
        obs += 1
assert obs == 14, obs  # with rougher_feed (the solids of spiral_feed)
# the recycle streams no one sampled are reported unobservable, not invented
assert not s["cleaner_tails"]["solids_tph"]["observable"]
# the rougher middlings' % solids and assays are the only data on that stream: the balances do
# not check them (adjustment ~1e-14 SD), so they are not redundant and have no MT (round-off once
# left their redundancy at ~2e-6 and counted them as redundant with MT = 0)
for m in d["measurements"]:
    if m["stream"] in ("rougher_mids", "rougher_conc"):
        assert not m["redundant"] and m["mt"] is None and not m["suspect"], m
        assert abs(m["adjustment_sd"]) < 1e-9, m
assert d["redundant_count"] == 113, d["redundant_count"]  # the dilution water is unmeasured
PY
[ "$(wc -l < "$WORK/r.csv")" -eq 126 ] || fail "csv rows"

# 3. the noise-free plan (the simulation's values, rounded to 4 digits) reconciles to chi2 ~ 0
"$BIN" reconcile $FS $PLAN --json "$WORK/p.json" --quiet || fail "plan reconcile rc=$?"
python3 -c "import json,sys; d=json.load(open(sys.argv[1]))['reconciliation']; assert d['chi2'] < 0.01, d['chi2']" "$WORK/p.json" || fail "noise-free chi2"

# 4. calibration recovers the rougher spiral's cut density and Ep and the desliming cyclone's
# d50c that generated the survey (3300 kg/m3, 300 kg/m3, 40 µm) within their 95 % intervals,
# from a flowsheet whose values are wrong (3500, 380, 48), and writes the calibrated flowsheet
sed 's/cut_density_kg_m3: 3300/cut_density_kg_m3: 3500/; s/d50c_um: 40/d50c_um: 48/' $FS |
    awk '/name: spiral_rougher/{f=1} f&&/ep_kg_m3: 300/{sub(/300/,"380"); f=0} {print}' > "$WORK/off.yaml"
[ "$(diff $FS "$WORK/off.yaml" | grep -c '^>')" -eq 3 ] || fail "perturbed flowsheet"
"$BIN" calibrate "$WORK/off.yaml" $DATA --fit spiral_rougher.cut_density_kg_m3 \
    --fit spiral_rougher.ep_kg_m3 --fit deslime.d50c_um --out "$WORK/cal.yaml" > "$WORK/cal.txt" || fail "calibrate rc=$?"
grep -q "125 residuals with size data" "$WORK/cal.txt" || fail "size data not used by the calibration"
python3 - "$WORK/cal.txt" <<'PY' || fail "calibrated values"
import re, sys
truth = {"spiral_rougher.cut_density_kg_m3": 3300, "spiral_rougher.ep_kg_m3": 300,
         "deslime.d50c_um": 40}
seen = 0
for line in open(sys.argv[1]):
    m = re.match(r"(\S+)\s+(\S+)\s+(\S+)\s+(\S+)\s+\[(\S+), (\S+)\]", line)
    if m and m.group(1) in truth:
        t, fit, lo, hi = truth[m.group(1)], float(m.group(3)), float(m.group(5)), float(m.group(6))
        assert lo <= t <= hi, (m.group(1), lo, t, hi)
        assert hi - lo < 0.15 * t, ("interval too wide to mean anything", m.group(1), lo, hi)
        seen += 1
assert seen == 3, seen
PY
"$BIN" run "$WORK/cal.yaml" --quiet > /dev/null || fail "calibrated flowsheet does not run"
grep -q "^# Calibrated by oreflow calibrate" "$WORK/cal.yaml" || fail "calibrated header"

# 5. a survey whose sieves are not class boundaries of the flowsheet: located error, exit 2
sed 's/sieves_um: \[500, 250, 125, 63, 45\]/sieves_um: [500, 250, 125, 63, 38]/' $PLAN > "$WORK/badsieve.yaml"
"$BIN" survey $FS "$WORK/badsieve.yaml" > /dev/null 2> "$WORK/e.txt"; rc=$?
[ $rc -eq 2 ] || fail "bad sieve rc=$rc"
grep -q "badsieve.yaml:30:32: error: sieve 38 µm is not a size-class boundary of the flowsheet (nearest 44.19 µm)" "$WORK/e.txt" || { cat "$WORK/e.txt"; fail "bad sieve diagnostic"; }
ls "$WORK" | grep -q tmp && fail "temporary file left"
echo "reconcile_donskoy: ok"
