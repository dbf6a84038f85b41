#!/usr/bin/env bash
# oreflow equilibrium: the Gibbs minimiser from the command line — table and JSON of a sweep,
# element balance of the JSON, the Boudouard figure (CO > 99 % of CO + CO2 over graphite at
# 1000 °C and above: Gaskell, "Introduction to the Thermodynamics of Materials", 5th ed.), and
# located errors (an unknown species names the nearest one).
# usage: bash equilibrium.sh OREFLOW_BINARY SOURCE_DIR WORK_DIR
set -u
bin=$1 src=$2 work=$3
cd "$src" || exit 1
rm -rf "$work" && mkdir -p "$work" || exit 1
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }
expect_rc() { # expected command...
    local want=$1
    shift
    "$@" >"$work/out" 2>"$work/err"
    local rc=$?
    [ "$rc" -eq "$want" ] || fail "'$*' exited $rc, expected $want: $(head -n 2 "$work/err")"
}

# the table: species by temperature
expect_rc 0 "$bin" equilibrium "C=1 O2=0.5 N2=2" --t 800:1600:100
head -n 2 "$work/out" | grep -q ' 800 .* 1600 ' || fail "table: no 800..1600 °C header"
grep -Eq '^CO +gas ' "$work/out" || fail "table: no CO row"
grep -Eq '^N2 +gas +2 +2 ' "$work/out" || fail "table: N2 is not 2 kmol"

# JSON: every temperature, element balance, Boudouard
expect_rc 0 "$bin" equilibrium "C=2 CO2=1 N2=1" --t 700:1300:100 --p-bar 1 --json
python3 - "$work/out" <<'PY' || fail "JSON checks failed"
import json, sys
d = json.load(open(sys.argv[1]))
assert d["p_bar"] == 1 and len(d["results"]) == 7, "seven temperatures at 1 bar"
for r in d["results"]:
    a = r["amounts_kmol"]
    c = a.get("C", 0) + a.get("CO", 0) + a.get("CO2", 0) + a.get("CH4", 0)
    o = a.get("CO", 0) + 2 * a.get("CO2", 0) + 2 * a.get("O2", 0)
    assert abs(c - 3) < 1e-11 and abs(o - 2) < 1e-11, ("element balance", r["t_c"], c, o)
    assert abs(a["N2"] - 1) < 1e-12, "N2 inert"
    assert r["balance_error"] < 1e-12
    share = a["CO"] / (a["CO"] + a["CO2"])
    if r["t_c"] >= 1000:
        assert share > 0.99, ("Boudouard", r["t_c"], share)
    if r["t_c"] == 700:
        assert share < 0.8, ("Boudouard at 700 °C", share)
PY

# errors: located, exit 2
expect_rc 2 "$bin" equilibrium "C=1 O3=2" --t 1000
grep -q "unknown species 'O3'.*did you mean 'O2'" "$work/err" || fail "no nearest species: $(cat "$work/err")"
expect_rc 2 "$bin" equilibrium "C=1 O2" --t 1000
grep -q "'O2' is not SPECIES=AMOUNT" "$work/err" || fail "bad token not named"
expect_rc 2 "$bin" equilibrium "C=1 O2=-1" --t 1000
expect_rc 2 "$bin" equilibrium "C=1" --t 1600:800:100
grep -q -- "--t '1600:800:100'" "$work/err" || fail "bad --t not named"
expect_rc 2 "$bin" equilibrium "C=1" --t 1000 --p-bar 0
expect_rc 2 "$bin" equilibrium "C=1"
expect_rc 2 "$bin" equilibrium "C=1" --t 1000 --frobnicate
expect_rc 0 "$bin" equilibrium --help
grep -q 'temperatures in °C' "$work/out" || fail "--help: no option text"

[ "$fails" -eq 0 ] && echo "equilibrium CLI: all checks passed"
exit $((fails > 0))
