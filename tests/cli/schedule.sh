#!/usr/bin/env bash
# Life of mine (`schedule:`, issue 18 part 1), checked against hand arithmetic and against the same
# flowsheet run once per period without a schedule:
#  - the years are shared among periods as T / (f_k·H·F): tonnes T of a period, production
#    fraction f_k of the ramp-up, H operating hours, F dry t/h fed; a period given in years lasts
#    that many operating years; the life ends when the last period is worked out, closure follows;
#  - each period's revenue per year equals that of the flowsheet solved with the period's settings
#    (a separate run), and each year's revenue is the periods' revenues weighted by the shares of
#    the year and the ramp-up;
#  - the tonnes fed over the life equal the periods' tonnes (the resource is not exceeded);
#  - the errors are located: a schedule beyond the resource (file:line:col of the period), an
#    unknown parameter, a period with both tonnes and years, a period given in years that runs
#    past the resource, a sampled parameter every period overrides;
#  - the Monte Carlo samples a period's grade (schedule.PERIOD.UNIT.PARAM) and gives the same
#    numbers on 1 and 2 threads.
# Usage: schedule.sh OREFLOW_BINARY SOURCE_DIR WORK_DIR
set -euo pipefail
bin=$1 src=$2 work=$3
mkdir -p "$work"
base="$src/examples/chromite/donskoy_tailings.yaml"

# the flowsheet with a given feed grade and size (a period's settings written into the file)
python3 - "$base" "$work" <<'PY'
import sys, re
src, work = sys.argv[1], sys.argv[2]
t = open(src).read()
assert "mineralogy: {chromite: 30," in t and "d63_um: 150," in t
t = re.sub(r"\n    operating_years: 10[^\n]*\n[^\n]*\n", "\n", t)   # life from the resource
assert "operating_years" not in t
t = t[: t.index("\nuncertainty:")] + "\n"                        # its own sampling below
open(f"{work}/p_all.yaml", "w").write(t)
# a feed's mineralogy is normalised to 100 % when solved: chromite 27 beside the others' 70 is
# 27/97 of the solids; the separate runs write that normalised composition
def mineralogy(c):
    tot = c + 46 + 14 + 10
    return "mineralogy: {chromite: %.17g, serpentine: %.17g, olivine: %.17g, chlorite: %.17g}" % (
        100 * c / tot, 100 * 46 / tot, 100 * 14 / tot, 100 * 10 / tot)
old = "mineralogy: {chromite: 30, serpentine: 46, olivine: 14, chlorite: 10}"
open(f"{work}/p_a.yaml", "w").write(t.replace(old, mineralogy(27)))
open(f"{work}/p_c.yaml", "w").write(t.replace(old, mineralogy(33))
                                      .replace("d63_um: 150,", "d63_um: 170,"))
sched = """
schedule:
  feed: tailings
  resource_t: 14.5e6
  periods:
    - name: block_a
      tonnes: 3.0e6
      set: {tailings.mineralogy.chromite: 27}
    - {name: block_b, years: 2.5}
    - name: block_c
      tonnes: 4.0e6
      set: {tailings.mineralogy.chromite: 33, tailings.psd.d63_um: 170}
"""
open(f"{work}/sched.yaml", "w").write(t + sched)
# errors
open(f"{work}/over.yaml", "w").write(t + sched.replace("tonnes: 4.0e6", "tonnes: 12.0e6"))
open(f"{work}/unknown.yaml", "w").write(t + sched.replace("tailings.psd.d63_um", "tailings.psd.d65_um"))
open(f"{work}/both.yaml", "w").write(t + sched.replace("{name: block_b, years: 2.5}",
                                                       "{name: block_b, years: 2.5, tonnes: 1e6}"))
open(f"{work}/years_over.yaml", "w").write(t + sched.replace("years: 2.5", "years: 5.5"))
every = sched.replace("{name: block_b, years: 2.5}",
                      "{name: block_b, years: 2.5, set: {tailings.mineralogy.chromite: 30}}")
unc = "\nuncertainty:\n  - {param: tailings.mineralogy.chromite, dist: pert, min: 24, mode: 30, max: 34}\n"
open(f"{work}/mc_every.yaml", "w").write(t + every + unc)
unc2 = ("\nuncertainty:\n  - {param: schedule.block_a.tailings.mineralogy.chromite, dist: pert, "
        "min: 24, mode: 27, max: 30}\n  - {param: economics.fx.KZT, dist: lognormal, sigma: 0.08}\n")
open(f"{work}/mc_ok.yaml", "w").write(t + sched + unc2)
PY

for f in p_a p_all p_c sched; do
    "$bin" run "$work/$f.yaml" --json > "$work/$f.json" 2> "$work/$f.err"
done
"$bin" mc "$work/mc_ok.yaml" -n 40 -j 1 --seed 5 --json > "$work/mc1.json" 2> "$work/mc1.err"
"$bin" mc "$work/mc_ok.yaml" -n 40 -j 2 --seed 5 --json > "$work/mc2.json" 2> "$work/mc2.err"

python3 - "$work" <<'PY'
import json, sys
w = sys.argv[1]
J = {k: json.load(open(f"{w}/{k}.json")) for k in ("p_a", "p_all", "p_c", "sched")}
E = J["sched"]["economics"]
S = E["schedule"]
per = {p["name"]: p for p in S["periods"]}
rev = {"block_a": J["p_a"]["economics"]["revenue_usd_per_year"],
       "block_b": J["p_all"]["economics"]["revenue_usd_per_year"],
       "block_c": J["p_c"]["economics"]["revenue_usd_per_year"]}
for n in rev:  # each period as its own steady state
    assert abs(per[n]["revenue_usd_per_year"] - rev[n]) <= 1e-9 * rev[n], (n, per[n], rev[n])

# hand arithmetic of the years: H = 8760 h × 91.324 % ; F = 212.5 t/h ; ramp 60 %, 90 %
H = 8760 * 0.91324
F = 212.5
assert abs(per["block_a"]["feed_tph"] - F) < 1e-9 * F
ramp = [0.6, 0.9] + [1.0] * 100
amounts = [("block_a", "t", 3.0e6), ("block_b", "y", 2.5), ("block_c", "t", 4.0e6)]
shares = []          # per operating year: {period: share of the year}
k, left, p = 0, amounts[0][2], 0
while p < len(amounts):
    rem, sh = 1.0, {}
    while rem > 1e-12 and p < len(amounts):
        name, kind, _ = amounts[p]
        rate = 1.0 if kind == "y" else ramp[k] * H * F
        take = min(left, rem * rate)
        frac = rem * take / (rem * rate)
        sh[name] = sh.get(name, 0) + frac
        rem -= frac
        left -= take
        if left <= 1e-12 * amounts[p][2]:
            p += 1
            if p < len(amounts):
                left = amounts[p][2]
    shares.append(sh)
    k += 1
cf = E["cashflow"]
prod = [y for y in cf if y["year"] >= 2028]
assert len(prod) == len(shares) + 1, (len(prod), len(shares))   # + the closure year
for i, sh in enumerate(shares):
    y = prod[i]
    f = ramp[i]
    expect = sum(f * s * rev[n] for n, s in sh.items())
    assert abs(y["revenue"] - expect) <= 1e-9 * expect, (y["year"], y["revenue"], expect)
    assert abs(y["production"] - f * sum(sh.values())) < 1e-12
closure = prod[-1]
assert closure["revenue"] == 0 and closure["closure"] > 0, closure
life = sum(sum(sh.values()) for sh in shares)
assert abs(S["life_years"] - life) < 1e-9, (S["life_years"], life)
tb = 2.5 * H * F                     # block_b after the ramp-up: full production
assert abs(per["block_b"]["tonnes"] - tb) < 1e-6 * tb, per["block_b"]
tot = 3.0e6 + tb + 4.0e6
assert abs(S["processed_t"] - tot) < 1e-6 * tot and S["processed_t"] <= S["resource_t"], S
assert abs(sum(y["feed_t"] for y in cf) - tot) < 1e-6 * tot
assert S["unprocessed_t"] == 0
# the headline at full production is the period average weighted by operating years
W = {n: per[n]["operating_years"] for n in per}
avg = sum(W[n] * rev[n] for n in W) / sum(W.values())
assert abs(E["revenue_usd_per_year"] - avg) <= 1e-9 * avg
# the flowsheet printed is the file's own (block_b's settings): its streams equal p_all's
for name, st in J["p_all"]["streams"].items():
    a, b = st["solids_tph"], J["sched"]["streams"][name]["solids_tph"]
    assert abs(a - b) <= 1e-9 * max(1.0, abs(a)), (name, a, b)

m1 = json.load(open(f"{w}/mc1.json")); m2 = json.load(open(f"{w}/mc2.json"))
assert m1["failed"] == 0 and m2["failed"] == 0, (m1.get("failures"), m2.get("failures"))
assert m1["npv_usd"] == m2["npv_usd"], "Monte Carlo differs between 1 and 2 threads"
assert m1["npv_usd"]["std"] > 0
print("schedule: periods, years, revenue and tonnes as computed by hand")
PY

# located errors
expect_err() { # file, pattern
    if "$bin" run "$work/$1.yaml" > "$work/$1.out" 2>&1; then
        echo "FAIL: $1 was accepted"; exit 1
    fi
    grep -Eq "$2" "$work/$1.out" || { echo "FAIL: $1: no '$2' in:"; cat "$work/$1.out"; exit 1; }
}
expect_err over 'over\.yaml:[0-9]+:[0-9]+: .*periods up to .block_c. mine 1\.5e\+07 t, more than the resource'
expect_err unknown "unknown\.yaml:[0-9]+:[0-9]+: .*no numeric parameter 'tailings\.psd\.d65_um'"
expect_err both "both\.yaml:[0-9]+:[0-9]+: .*exactly one of 'tonnes'"
expect_err years_over "years_over\.yaml:[0-9]+:[0-9]+: .*more than the resource"
if "$bin" mc "$work/mc_every.yaml" -n 10 > "$work/mc_every.out" 2>&1; then
    echo "FAIL: a parameter every period sets was sampled"; exit 1
fi
grep -Eq "mc_every\.yaml:[0-9]+:[0-9]+: .*set by every period of the schedule" "$work/mc_every.out" ||
    { cat "$work/mc_every.out"; exit 1; }
echo "schedule: OK"
