#!/usr/bin/env bash
# Liberation through breakage (issue 19, part 4): the grind study of
# examples/iron/regrind_liberation.yaml. As the ball mill grinds finer (tau_min 1 → 16 min) its
# P80 falls, the liberated share of the magnetite rises, and the LIMS concentrate's Fe recovery
# and grade rise; every stream's liberation spectrum sums to 100 %; each material closes over the
# plant; the HTML report draws the liberation spectrum of the products.
# usage: bash liberation.sh OREFLOW_BINARY SOURCE_DIR WORK_DIR
set -u
bin=$1 src=$2 work=$3
cd "$src" || exit 1
rm -rf "$work" && mkdir -p "$work" || exit 1
fail() { echo "FAIL: $*"; exit 1; }
ex=examples/iron/regrind_liberation.yaml
for t in 1 2 4 8 16; do
    sed "s/tau_min: 4\$/tau_min: $t/; s/tau_min: 4 /tau_min: $t /" "$ex" > "$work/t$t.yaml"
    grep -q "tau_min: $t" "$work/t$t.yaml" || fail "tau_min not set to $t"
    "$bin" run "$work/t$t.yaml" --json > "$work/t$t.json" 2>"$work/t$t.err" || fail "tau $t: rc=$?"
done
python3 - "$work" <<'PY' || fail "grind study"
import json, sys
w = sys.argv[1]
prev = None
for t in (1, 2, 4, 8, 16):
    r = json.load(open(f"{w}/t{t}.json"))
    m = r["units"]["ball_mill"]["results"]
    s = r["streams"]
    row = (m["p80_um"], m["liberated_pct"], r["summary"]["products"]["concentrate"]["recovery_pct"],
           s["concentrate"]["assay"]["Fe"])
    print(f"tau {t:2d} min: P80 {row[0]:7.1f} µm, liberated {row[1]:5.2f} %, Fe recovery "
          f"{row[2]:5.2f} %, Fe grade {row[3]:5.2f} %")
    if prev:
        assert row[0] < prev[0] and row[1] > prev[1] and row[2] > prev[2] and row[3] > prev[3], (prev, row)
    prev = row
    for name, st in s.items():
        lib = st.get("liberation")
        if lib:
            assert abs(sum(lib["valuable_pct_by_class"]) - 100.0) < 1e-9, (name, lib)
            assert abs(lib["liberated_pct"] - lib["valuable_pct_by_class"][0]) < 1e-12
    ore, conc, tail = s["ore"], s["concentrate"], s["tailings"]
    for mat in ("magnetite", "quartz"):
        a = ore["materials_tph"][mat]
        b = conc["materials_tph"][mat] + tail["materials_tph"][mat]
        assert abs(a - b) <= 1e-9 * a, (t, mat, a, b)
    assert abs(m["liberated_pct"] - s["ground"]["liberation"]["liberated_pct"]) < 1e-9
    # the mill's Bond power (Rowland's factors applied) is in the plant's power total
    tot = sum(u["results"].get("power_kw") or 0 for u in r["units"].values())
    assert m["power_kw"] > 0 and abs(r["summary"]["power_kw"] - tot) <= 1e-9 * tot, (tot, r["summary"])
    assert m["bond_efficiency_factor"] >= 1.0
PY
"$bin" run "$ex" --report "$work/rep" > /dev/null 2>&1 || fail "report rc=$?"
grep -q "Liberation spectrum of the valuable mineral in each product" "$work/rep/report.html" ||
    fail "no liberation chart in the report"
# a grain size of 0 is an error at the parameter's line and column
sed 's/grain_size_um: 60 /grain_size_um: 0 /' "$ex" > "$work/bad.yaml"
"$bin" run "$work/bad.yaml" > "$work/bad.out" 2>&1
rc=$?
[ $rc -eq 2 ] || fail "grain_size_um 0: rc=$rc"
grep -q "bad.yaml:[0-9]*:[0-9]*.*grain_size_um must be > 0" "$work/bad.out" || { cat "$work/bad.out"; fail "diagnostic"; }
sed 's/efficiency_factors: rowland/efficiency_factors: bogus/' "$ex" > "$work/bad2.yaml"
"$bin" run "$work/bad2.yaml" > "$work/bad2.out" 2>&1
rc=$?
[ $rc -eq 2 ] || fail "efficiency_factors bogus: rc=$rc"
grep -q "bad2.yaml:[0-9]*:[0-9]*.*efficiency_factors must be 'none' or 'rowland'" "$work/bad2.out" ||
    { cat "$work/bad2.out"; fail "diagnostic"; }
echo "liberation: ok"
