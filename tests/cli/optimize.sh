#!/usr/bin/env bash
# Design optimisation (issue 21, part 1; docs/optimize.md): `oreflow optimize`.
#  - an analytical case (tests/cases/optimize/blend.yaml, the optimum derived in its comment:
#    a = 1, b = 2/3, blend 500/3 t/h, the assay constraint active) reproduced to 1e-6 by SLSQP
#    and COBYLA, and to 1e-5 by the global method;
#  - its Pareto front (pareto.yaml) on the analytical front solids = 100 (1 + min(1, (100-g)/g));
#  - an infeasible case reported as such (status, max violation, exit 1, no optimum written);
#  - an integer variable (flot.yaml) equal to the best of every cell count run by hand;
#  - the flagship (examples/chromite/optimize/npv.yaml): a higher NPV than the shipped design
#    (computed here with `oreflow run`) with >= 48.5 % Cr2O3 and <= 7 % SiO2; the optimum written
#    as a new file (comments kept, the input untouched) gives the same NPV when run;
#  - located errors, and Ctrl-C (SIGINT) keeping the best point.
# Usage: optimize.sh OREFLOW_BINARY SOURCE_DIR WORK_DIR
set -euo pipefail
bin=$1 src=$2 work=$3
rm -rf "$work" && mkdir -p "$work"
cases=$src/tests/cases/optimize
blend=$cases/blend.yaml

# ---- the analytical case
"$bin" optimize "$blend" --json "$work/slsqp.json" > "$work/slsqp.txt"
"$bin" optimize "$blend" --method cobyla --json "$work/cobyla.json" > /dev/null
"$bin" optimize "$blend" --method global --json "$work/global.json" > /dev/null
grep -q 'streams.blended.assay.chromite .*active' "$work/slsqp.txt"
"$bin" optimize "$blend" --report "$work/rep1" > /dev/null 2>&1
grep -q '<td[^>]*>active</td>' "$work/rep1/report.html"
python3 - "$work" <<'PY'
import json, sys
w = sys.argv[1]
for name, tol in (("slsqp", 1e-6), ("cobyla", 1e-6), ("global", 1e-5)):
    o = json.load(open(f"{w}/{name}.json"))["optimize"]
    a, b = (v["value"] for v in o["variables"])
    f = o["objective"]["value"]
    assert o["feasible"] and o["status"] in ("optimal", "max_evaluations"), (name, o["status"])
    assert abs(a - 1) < tol and abs(b - 2 / 3) < tol, (name, a, b)
    assert abs(f - 500 / 3) < tol * 500 / 3, (name, f)
    c = o["constraints"][0]
    assert c["active"] and abs(c["value"] - 60) < tol * 60, (name, c)
    assert o["evaluations"] > 0 and o["failed_evaluations"] == 0
print("analytical optimum reproduced")
PY

# ---- the Pareto front (epsilon-constraint) of the same case
"$bin" optimize "$blend" --spec "$cases/pareto.yaml" --json "$work/pareto.json" \
    --report "$work/rep" > /dev/null 2>&1
grep -q '<section id="optimize">' "$work/rep/report.html"
grep -q 'id="tbl-opt-pareto"' "$work/rep/report.html"
python3 - "$work/pareto.json" <<'PY'
import json, sys
p = json.load(open(sys.argv[1]))["optimize"]["pareto"]["points"]
assert len(p) == 5, p
for q in p:
    g, s = q["objective2"], q["objective"]
    want = 100 * (1 + min(1, (100 - g) / g))
    assert q["feasible"] and abs(s - want) < 1e-5 * want, (g, s, want)
assert abs(p[0]["objective2"] - 50) < 1e-6 and p[-1]["objective2"] > 99.99, p
print("Pareto front on the analytical front")
PY

# ---- no feasible point: said so, exit 1, no optimum written
set +e
"$bin" optimize "$blend" --spec "$cases/infeasible.yaml" --json "$work/inf.json" \
    --write-optimum "$work/inf.yaml" > "$work/inf.txt" 2> "$work/inf.err"
rc=$?
set -e
[ "$rc" = 1 ]
[ ! -e "$work/inf.yaml" ]
grep -q 'infeasible' "$work/inf.err"
grep -q 'NOT FEASIBLE' "$work/inf.txt"
python3 -c "
import json; o = json.load(open('$work/inf.json'))['optimize']
assert o['status'] == 'infeasible' and not o['feasible'], o['status']
assert abs(o['max_violation'] - 50) < 1e-6, o['max_violation']   # 250 asked, 200 t/h at most
assert not o['constraints'][0]['met']"

# ---- failing points (specfail.yaml): the design spec 'grade' cannot be met for a > 0.75 (its
# comment); the failures counted by cause and the first one (the Halton population's 4th member,
# a = 0.3 + 0.7 * 3/4 = 0.825: start, 1/2, 1/4, 3/4) named with its spec, file:line:col and point
"$bin" optimize "$cases/specfail.yaml" --json "$work/sf.json" --report "$work/repsf" \
    > "$work/sf.txt" 2> /dev/null
grep -q "first failure (evaluation 4, design_spec): .*specfail.yaml:27:5: grade: design spec 'grade' cannot be met" "$work/sf.txt"
grep -q 'split_a.fractions.0 = 0.825$' "$work/sf.txt"
grep -q 'id="opt-first-failure"' "$work/repsf/report.html"
grep -q "design spec &#39;grade&#39; cannot be met\|design spec 'grade' cannot be met" "$work/repsf/report.html"
python3 - "$work/sf.json" <<'PY'
import json, sys
o = json.load(open(sys.argv[1]))["optimize"]
f, ff = o["failures"], o["first_failure"]
assert o["failed_evaluations"] > 0 and f["design_spec"] == o["failed_evaluations"], f
assert sum(f.values()) == o["failed_evaluations"], f
assert ff["evaluation"] == 4 and ff["cause"] == "design_spec", ff
assert "specfail.yaml:27:5: grade: design spec 'grade' cannot be met" in ff["diagnostic"], ff
a = ff["variables"]["split_a.fractions.0"]
assert abs(a - 0.825) < 1e-12 and 100 * a / (a + 0.5) > 60, a   # unreachable with b <= 0.5
a = o["variables"][0]["value"]   # the optimum: at most 0.75, near it
assert o["feasible"] and 0.74 < a <= 0.75 + 1e-9, a
PY
# none failed: no first failure
python3 -c "
import json; o = json.load(open('$work/slsqp.json'))['optimize']
assert o['first_failure'] is None and not any(o['failures'].values()), o['failures']"

# ---- an integer variable: the best of every cell count, each run by hand
"$bin" optimize "$cases/flot.yaml" --json "$work/flot.json" > /dev/null
for c in $(seq 1 12); do
  sed "s/^    cells: 4$/    cells: $c/" "$cases/flot.yaml" > "$work/flot_$c.yaml"
  "$bin" run "$work/flot_$c.yaml" --json > "$work/flot_$c.json"
done
python3 - "$work" <<'PY'
import json, sys
w = sys.argv[1]
o = json.load(open(f"{w}/flot.json"))["optimize"]
best = None
for c in range(1, 13):
    s = json.load(open(f"{w}/flot_{c}.json"))["streams"]["conc"]
    if s["solids_tph"] <= 20 and (best is None or s["assay"]["Cr2O3"] > best[1]):
        best = (c, s["assay"]["Cr2O3"])
assert o["integer_combinations"] == 12 and o["variables"][0]["integer"]
assert o["variables"][0]["value"] == best[0], (o["variables"][0]["value"], best)
assert abs(o["objective"]["value"] - best[1]) < 1e-9 * best[1], (o["objective"]["value"], best)
print("integer optimum", best)
PY

# ---- the flagship: a higher NPV than the shipped design within both limits
chain=$src/examples/chromite/chain.yaml
sum_before=$(sha256sum "$chain" | cut -d' ' -f1)
"$bin" run "$chain" --json > "$work/shipped.json"
"$bin" optimize "$chain" --spec "$src/examples/chromite/optimize/npv.yaml" --json "$work/fl.json" \
    --write-optimum "$work/chain_optimum.yaml" > "$work/fl.txt"
[ "$(sha256sum "$chain" | cut -d' ' -f1)" = "$sum_before" ]
"$bin" run "$work/chain_optimum.yaml" --json > "$work/optimum_run.json"
python3 - "$work" "$chain" <<'PY'
import json, sys
w, chain = sys.argv[1], sys.argv[2]
shipped = json.load(open(f"{w}/shipped.json"))["economics"]["npv_usd"]
o = json.load(open(f"{w}/fl.json"))["optimize"]
npv = o["objective"]["value"]
assert abs(o["objective"]["base"] - shipped) < 1e-9 * abs(shipped), (o["objective"]["base"], shipped)
assert o["feasible"] and npv > shipped, (npv, shipped)
c = {x["path"]: x for x in o["constraints"]}
assert c["streams.concentrate.assay.Cr2O3"]["value"] >= 48.5 - 1e-6
assert c["streams.concentrate.assay.SiO2"]["value"] <= 7 + 1e-6
# every failed re-solve has a cause; the first one's diagnostic is located (docs/optimize.md: the
# metal line at 1 % of the concentrate cannot meet aluminium_in_metal)
assert sum(o["failures"].values()) == o["failed_evaluations"], o["failures"]
ff = o["first_failure"]
assert ff is None or ("chain.yaml:" in ff["diagnostic"] and ff["cause"] in o["failures"]), ff
run = json.load(open(f"{w}/optimum_run.json"))
assert abs(run["economics"]["npv_usd"] - npv) < 1e-6 * abs(npv), (run["economics"]["npv_usd"], npv)
assert run["streams"]["concentrate"]["assay"]["Cr2O3"] >= 48.5 - 1e-6
a, b = open(chain).read().splitlines(), open(f"{w}/chain_optimum.yaml").read().splitlines()
ca = [l[l.index("#"):] for l in a if "#" in l]
cb = [l[l.index("#"):] for l in b if "#" in l and "set by oreflow optimize" not in l]
assert ca == cb, "comments lost"
print(f"flagship NPV {shipped/1e6:.2f} -> {npv/1e6:.2f} M USD, SiO2 "
      f"{c['streams.concentrate.assay.SiO2']['base']:.2f} -> {c['streams.concentrate.assay.SiO2']['value']:.2f} %")
PY

# ---- located errors
bad() { # bad NAME EXPECTED-PATTERN [FLOWSHEET]: the spec NAME (stdin) fails with exit 2
  cat > "$work/$1.yaml"
  set +e
  "$bin" optimize "${3:-$blend}" --spec "$work/$1.yaml" > /dev/null 2> "$work/$1.err"
  local rc=$?
  set -e
  [ "$rc" = 2 ] || { echo "$1: exit $rc"; cat "$work/$1.err"; exit 1; }
  grep -q "$2" "$work/$1.err" || { echo "$1: no '$2'"; cat "$work/$1.err"; exit 1; }
}
bad unknown_param 'unknown_param.yaml:3:.*no numeric parameter .split_c.fractions.0' <<'Y'
optimize:
  maximize: streams.blended.solids_tph
  variables: [{param: split_c.fractions.0, min: 0, max: 1}]
Y
bad unknown_result "unknown_result.yaml:4:.*result path 'streams.blended.nonsense'" <<'Y'
optimize:
  maximize: streams.blended.solids_tph
  variables: [{param: split_a.fractions.0, min: 0, max: 1}]
  constraints: [{path: streams.blended.nonsense, at_most: 1}]
Y
bad bounds "bounds.yaml:3:.*leaves the parameter's range" "$cases/flot.yaml" <<'Y'
optimize:
  minimize: streams.conc.solids_tph
  variables: [{param: bank.cells, min: 0, max: 4, integer: true}]
Y
bad two_objectives "two_objectives.yaml:2:.*exactly one of 'maximize' or 'minimize'" <<'Y'
optimize:
  minimize: streams.blended.solids_tph
  maximize: streams.blended.solids_tph
  variables: [{param: split_a.fractions.0, min: 0, max: 1}]
Y
set +e
"$bin" optimize "$chain" --spec /dev/stdin > /dev/null 2> "$work/spec.err" <<'Y'
optimize:
  maximize: economics.npv_usd
  variables: [{param: spiral_cleaner.cut_density_kg_m3, min: 3400, max: 4400}]
Y
rc=$?
set -e
[ "$rc" = 2 ] && grep -q "adjusted by design spec 'concentrate_grade'" "$work/spec.err"
# `oreflow check` reads the section through the same loader
"$bin" check "$blend" > /dev/null
sed 's/param: split_b.fractions.0, min: 0, max: 1/param: split_q.fractions.0, min: 0, max: 1/' \
    "$blend" > "$work/check_bad.yaml"
set +e
"$bin" check "$work/check_bad.yaml" > /dev/null 2> "$work/check_bad.err"
rc=$?
set -e
[ "$rc" = 2 ] && grep -q "check_bad.yaml:32:.*no numeric parameter 'split_q.fractions.0'" \
    "$work/check_bad.err"
cp "$blend" "$work/blend.yaml"
set +e
"$bin" optimize "$work/blend.yaml" --write-optimum "$work/blend.yaml" > /dev/null 2> "$work/same.err"
rc=$?
set -e
[ "$rc" = 2 ] && grep -q 'is the input file: refused' "$work/same.err"
cmp "$blend" "$work/blend.yaml"

# ---- Ctrl-C: the run stops and keeps its best point
cat > "$work/long.yaml" <<'Y'
optimize:
  maximize: streams.blended.solids_tph
  method: isres
  max_evaluations: 100000000
  variables:
    - {param: split_a.fractions.0, min: 0, max: 1}
    - {param: split_b.fractions.0, min: 0, max: 1}
  constraints: [{path: streams.blended.assay.chromite, at_least: 60}]
Y
"$bin" optimize "$blend" --spec "$work/long.yaml" --json "$work/long.json" > /dev/null \
    2> "$work/long.err" &
pid=$!
sleep 3
kill -INT "$pid"
set +e
wait "$pid"
rc=$?
set -e
[ "$rc" = 1 ] || { echo "interrupted run: exit $rc"; cat "$work/long.err"; exit 1; }
python3 -c "
import json; o = json.load(open('$work/long.json'))['optimize']
assert o['status'] == 'interrupted' and o['evaluations'] > 0, o['status']
assert o['feasible'] and o['objective']['value'] > 100, o['objective']"
echo "optimize: ok"
