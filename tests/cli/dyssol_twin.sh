#!/usr/bin/env bash
# The Dyssol twin (examples/dyssol/closed_crushing_circuit.yaml: King/Vogel "Cone" crusher and a
# Plitt screen in closed circuit) agrees in every size class of the product with an independent
# implementation of Dyssol's equations (tests/cli/dyssol_twin.py) to 1e-8 relative; the circuit
# balances to 1e-9; the crusher's and screen's options fail with located errors when misspelt;
# a user-given breakage matrix equal to the Vogel weights without the parent's own class gives a
# product that conserves mass without a rescale.
# Usage: dyssol_twin.sh OREFLOW_BINARY SOURCE_DIR WORK_DIR
set -euo pipefail
bin=$1 src=$2 work=$3
mkdir -p "$work"
ex="$src/examples/dyssol/closed_crushing_circuit.yaml"
"$bin" run "$ex" --json > "$work/run.json"
python3 - "$work/run.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
assert d["converged"], "not converged"
assert d["balance"]["max_relative_error"] < 1e-9, d["balance"]
s = d["streams"]
f, p = s["fresh_feed"]["solids_tph"], s["product"]["solids_tph"]
assert abs(f - p) <= 1e-9 * f, (f, p)
cr = d["units"]["crusher"]["results"]
assert 0 < cr["selected_pct"] < 100 and cr["dyssol_rescale"] >= 1.0, cr
# arithmetic class means, as Dyssol's
sc = d["system"]["size_classes"]
for lo, up, mid in zip(sc["lower_um"], sc["upper_um"], sc["mid_um"]):
    assert abs(mid - 0.5 * (lo + up)) <= 1e-12 * up, (lo, up, mid)
PY
python3 "$src/tests/cli/dyssol_twin.py" "$work/run.json"

# misspelt options: located errors, exit 2
bad() { # $1 sed expression, $2 expected message (grep -E)
  sed "$1" "$ex" > "$work/bad.yaml"
  set +e; "$bin" run "$work/bad.yaml" > "$work/bad.out" 2>&1; rc=$?; set -e
  [ "$rc" -eq 2 ] || { echo "expected exit 2, got $rc for $1"; cat "$work/bad.out"; exit 1; }
  grep -Eq "bad.yaml:[0-9]+:[0-9]+: error: .*$2" "$work/bad.out" || { cat "$work/bad.out"; exit 1; }
}
bad 's/    model: plitt/    model: plit/' "model: expected 'whiten' or 'plitt'"
bad 's/    breakage: vogel/    breakage: vogle/' "breakage: expected 'vogel' or 'matrix'"
bad 's/    breakage: vogel/    breakage: matrix/' "breakage: matrix needs breakage_matrix"
bad 's/  mean: arithmetic/  mean: harmonic/' "sizes.mean: expected 'geometric' or 'arithmetic'"
bad 's/    alpha2: 2$/    alpha2: 0.5/' "alpha2 \\(0.5\\) must exceed alpha1"

# breakage: matrix on a 4-class grid, checked by hand: rows are parents (coarse -> fine)
cat > "$work/matrix.yaml" <<'Y'
materials: [quartz]
sizes: {mean: arithmetic, sieves_um: [40000, 30000, 20000, 10000]}
feeds:
  ore: {solids_tph: 100, mineralogy: {quartz: 100}, psd: {table: [[40000, 100], [30000, 60], [20000, 30], [10000, 10]]}}
units:
  - name: crusher
    type: crusher_king
    in: [ore]
    out: [p]
    css_mm: 10
    alpha1: 1.0
    alpha2: 3.0
    n: 1
    breakage: matrix
    breakage_matrix: [[0, 0.5, 0.3, 0.2], [0, 0, 0.6, 0.4], [0, 0, 0, 1], [0, 0, 0, 0]]
Y
"$bin" run "$work/matrix.yaml" --json > "$work/matrix.json"
python3 - "$work/matrix.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
f = d["streams"]["ore"]["size"]["tph"]
p = d["streams"]["p"]["size"]["tph"]
x = d["system"]["size_classes"]["mid_um"]           # 35, 25, 15, 5 mm
css = 10000.0
s = [min(1.0, max(0.0, 1 - (3 * css - xi) / (2 * css))) for xi in x]   # n = 1
b = [[0, 0.5, 0.3, 0.2], [0, 0, 0.6, 0.4], [0, 0, 0, 1], [0, 0, 0, 0]]
want = [(1 - s[k]) * f[k] + sum(s[j] * f[j] * b[j][k] for j in range(k)) for k in range(4)]
assert s[3] == 0.0  # the pan (5 mm) is below alpha1 CSS: no rescale
for a, w in zip(p, want):
    assert abs(a - w) <= 1e-12 * sum(f), (p, want)
assert abs(d["units"]["crusher"]["results"]["dyssol_rescale"] - 1.0) < 1e-12
PY
sed 's/\[0, 0, 0.6, 0.4\]/[0, 0, 0.6, 0.3]/' "$work/matrix.yaml" > "$work/bad.yaml"
set +e; "$bin" run "$work/bad.yaml" > "$work/bad.out" 2>&1; rc=$?; set -e
[ "$rc" -eq 2 ] && grep -Eq "bad.yaml:[0-9]+:[0-9]+: error: .*row 2 sums to 0.9" "$work/bad.out" || {
  cat "$work/bad.out"; exit 1; }
sed 's/\[0, 0.5, 0.3, 0.2\]/[0.5, 0, 0.3, 0.2]/' "$work/matrix.yaml" > "$work/bad.yaml"
set +e; "$bin" run "$work/bad.yaml" > "$work/bad.out" 2>&1; rc=$?; set -e
[ "$rc" -eq 2 ] && grep -Eq "bad.yaml:[0-9]+:[0-9]+: error: .*not finer than its parent" "$work/bad.out" || {
  cat "$work/bad.out"; exit 1; }
echo ok
