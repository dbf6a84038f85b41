#!/usr/bin/env bash
# Size distributions and size-by-assay in the reconciliation, over many noise seeds: synthetic
# surveys of the Donskoy flagship (oreflow survey: the simulation + Gaussian noise of the plan's
# SDs) are reconciled and compared with the noise-free values (oreflow survey --exact).
# Checked: the balance of every size class and of Cr2O3 in every size class closes at every node
# after reconciliation; the reconciled size fractions and size-by-assays are closer to the truth
# than the measurements (mean squared error over seeds, in SD units); the chi-square statistic
# follows its distribution (its mean over seeds within 4 standard errors of the dof).
# Usage: reconcile_sizes.sh OREFLOW SOURCE_DIR WORK_DIR
set -u
BIN=$1; SRC=$2; WORK=$3
rm -rf "$WORK"; mkdir -p "$WORK"; cd "$SRC" || exit 1
FS=examples/chromite/donskoy_tailings.yaml
PLAN=examples/chromite/donskoy_survey_plan.yaml
SEEDS=12
fail() { echo "FAIL: $*"; exit 1; }

"$BIN" run $FS --json > "$WORK/sim.json" || fail "run rc=$?"
"$BIN" survey $FS $PLAN --exact --out "$WORK/truth.yaml" || fail "survey --exact rc=$?"
"$BIN" reconcile $FS "$WORK/truth.yaml" --json "$WORK/truth.json" --quiet || fail "truth reconcile rc=$?"
for s in $(seq 1 $SEEDS); do
    "$BIN" survey $FS $PLAN --seed $s --out "$WORK/m$s.yaml" || fail "survey seed $s rc=$?"
    "$BIN" reconcile $FS "$WORK/m$s.yaml" --json "$WORK/r$s.json" --quiet || fail "reconcile seed $s rc=$?"
done
python3 - "$WORK" $SEEDS <<'PY' || fail "size reconciliation checks"
import json, math, sys
work, n = sys.argv[1], int(sys.argv[2])
sim = json.load(open(work + "/sim.json"))
truth = {m["name"]: m["measured"] for m in
         json.load(open(work + "/truth.json"))["reconciliation"]["measurements"]}
nodes = [(u["in"], list(u["out"].values())) for u in sim["units"].values()
         if u["in"] and u["out"]]
err = {"size": [0.0, 0.0, 0], "size_assay": [0.0, 0.0, 0], "all": [0.0, 0.0, 0]}
chi2 = []
for seed in range(1, n + 1):
    d = json.load(open("%s/r%d.json" % (work, seed)))["reconciliation"]
    assert d["converged"], seed
    chi2.append(d["chi2"]); dof = d["dof"]
    s = d["streams"]
    # node balance of each size class and of Cr2O3 in each size class
    def f(st, c, assay):
        x = s[st]; v = x["solids_tph"]["value"] * x["size.%d" % c]["value"] / 100
        return v * x["size_assay.Cr2O3.%d" % c]["value"] / 100 if assay else v
    for ins, outs in nodes:
        for c in range(6):
            for assay in (0, 1):
                a = sum(f(t, c, assay) for t in ins); b = sum(f(t, c, assay) for t in outs)
                scale = max(abs(f(t, c, assay)) for t in ins + outs)
                assert abs(a - b) <= 1e-9 * scale, (seed, ins, outs, c, assay, a, b)
    for m in d["measurements"]:
        kind = m["name"].split(".")[1]
        t = truth[m["name"]]
        em = ((m["measured"] - t) / m["sd"]) ** 2
        er = ((m["reconciled"] - t) / m["sd"]) ** 2
        for k in (kind, "all"):
            if k in err:
                err[k][0] += em; err[k][1] += er; err[k][2] += 1
for k, (em, er, cnt) in err.items():
    print("%-10s %4d values: mean squared error (SD units) measured %.3f, reconciled %.3f"
          % (k, cnt, em / cnt, er / cnt))
    # expected ratios: about 0.4 for the size fractions (sized on five streams around two
    # nodes), 0.8 for Cr2O3 by size (three streams, one balance per class), 0.6 overall
    assert cnt > 0 and er < {"size": 0.6, "size_assay": 0.9, "all": 0.8}[k] * em, k
mean = sum(chi2) / n
print("chi2 over %d seeds: mean %.1f on %d dof" % (n, mean, dof))
assert abs(mean - dof) < 4 * math.sqrt(2 * dof / n), (mean, dof)
PY
echo "reconcile_sizes: ok"
