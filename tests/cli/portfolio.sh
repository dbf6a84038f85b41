#!/usr/bin/env bash
# A portfolio of projects for the state (issue 18, part 5; docs/format.md "Portfolio"): the
# chromite chain (with its life-of-mine schedule), copper concentrate to cathode and the
# tungsten chain, plus the tungsten chain started four years later, summed per calendar year.
# Every yearly sum (CAPEX, taxes and each tax, exports = revenue, net cash flow) equals the sum of
# the projects' own cash-flow columns of `oreflow run --json` in that calendar year (1e-12
# relative); the value added of a project without a schedule is its stages' value added × the
# year's production; jobs count the projects producing; per-project NPV/IRR are the runs' own;
# the report page carries the tables and the stacked charts.
# Usage: portfolio.sh OREFLOW_BINARY SOURCE_DIR WORK_DIR
set -euo pipefail
bin=$1 src=$2 work=$3
rm -rf "$work" && mkdir -p "$work"
cr=$src/examples/chromite/chain.yaml
cu=$src/examples/copper/cathode.yaml
tw=$src/examples/tungsten/chain.yaml
python3 - "$tw" "$work/tw_late.yaml" <<'PY'
import sys
t = open(sys.argv[1]).read()
n = t.count("start_year: 2026")
assert n >= 2, n  # the timeline and its phases
open(sys.argv[2], "w").write(t.replace("start_year: 2026", "start_year: 2030"))
PY
files=("$cr" "$cu" "$tw" "$work/tw_late.yaml")
"$bin" portfolio "${files[@]}" --json --report "$work/rep" > "$work/pf.json" 2> "$work/pf.err"
"$bin" portfolio "${files[@]}" > "$work/pf.txt" 2>/dev/null
grep -q '^  total ' "$work/pf.txt"
i=0
for f in "${files[@]}"; do
    "$bin" run "$f" --json > "$work/run$i.json" 2>/dev/null
    i=$((i + 1))
done
grep -q '<section id="portfolio">' "$work/rep/report.html"
grep -q 'Value added per year, by project' "$work/rep/report.html"
grep -q 'Taxes per year, by tax' "$work/rep/report.html"
"$bin" report "$work/pf.json" "$work/rep2" 2>/dev/null
cmp "$work/rep/report.html" "$work/rep2/report.html"
python3 - "$work" "${#files[@]}" <<'PY'
import json, sys
w, n = sys.argv[1], int(sys.argv[2])
pf = json.load(open(w + "/pf.json"))
runs = [json.load(open("%s/run%d.json" % (w, i)))["economics"] for i in range(n)]
years = [y["year"] for y in pf["years"]]
first = min(r["cashflow"][0]["year"] for r in runs)
last = max(r["cashflow"][-1]["year"] for r in runs)
assert years == list(range(first, last + 1)), (years[0], years[-1], first, last)
assert runs[3]["cashflow"][0]["year"] == runs[2]["cashflow"][0]["year"] + 4
def close(a, b, what):
    assert abs(a - b) <= 1e-12 * max(abs(a), abs(b), 1.0), (what, a, b)
taxkeys = list(pf["years"][0]["taxes"])
assert "met" in taxkeys and "cit" in taxkeys, taxkeys
assert all(k in runs[0]["cashflow"][0] for k in taxkeys), taxkeys
tot = {k: 0.0 for k in ("capex_usd", "taxes_usd", "exports_usd", "net_usd", "gva_usd")}
for y in pf["years"]:
    rows = [(r, c) for r in runs for c in r["cashflow"] if c["year"] == y["year"]]
    assert y["projects"] == len(rows), (y["year"], y["projects"], len(rows))
    for key, col in (("capex_usd", "capex"), ("taxes_usd", "taxes"), ("exports_usd", "revenue"),
                     ("net_usd", "net"), ("gva_usd", "gva")):
        close(y[key], sum(c[col] for _, c in rows), (y["year"], key))
        tot[key] += y[key]
    for k in taxkeys:
        close(y["taxes"][k], sum(c[k] for _, c in rows), (y["year"], k))
    close(y["jobs"], sum(r["jobs"] for r, c in rows if c["production"] > 0), (y["year"], "jobs"))
    # value added: projects without a schedule, their stages' sum × the year's production
    va_plain = sum(c["production"] * sum(g["value_added_usd_per_year"] for g in r["stages"])
                   for r, c in rows if "schedule" not in r)
    va_sched = [pf["projects"][i]["value_added_usd"][years.index(y["year"])]
                for i, r in enumerate(runs) if "schedule" in r]
    close(y["value_added_usd"], va_plain + sum(va_sched), (y["year"], "value added"))
for key in tot:
    close(pf["total"][key], tot[key], ("total", key))
# the chromite chain's value added per year: its periods' value added, each by the year's
# share; over the life it lies between the leanest and the richest period's rate × life years
sch = runs[0]["schedule"]
vas = [p["value_added_usd_per_year"] for p in sch["periods"]]
life = sum(c["production"] for c in runs[0]["cashflow"])
va_cr = sum(pf["projects"][0]["value_added_usd"])
assert min(vas) * life <= va_cr * (1 + 1e-12) and va_cr <= max(vas) * life * (1 + 1e-12), (va_cr, vas, life)
for p, r in zip(pf["projects"], runs):
    assert p["npv_usd"] == r["npv_usd"] and p["irr"] == r["irr"], (p["name"], p["npv_usd"], r["npv_usd"])
    assert p["first_year"] == r["cashflow"][0]["year"] and p["last_year"] == r["cashflow"][-1]["year"]
    assert abs(sum(p["taxes_usd"]) - sum(c["taxes"] for c in r["cashflow"])) <= 1e-9 * abs(sum(p["taxes_usd"]))
PY
# a project without economics, and a file that does not exist: located errors, exit 2
set +e
"$bin" portfolio "$cr" "$src/examples/recycle/scavenger_loop.yaml" > /dev/null 2> "$work/noecon.err"
rc=$?
set -e
[ "$rc" -eq 2 ] || { echo "FAIL: a project without economics exits $rc, want 2"; exit 1; }
grep -q "scavenger_loop.yaml: the flowsheet has no 'economics' section" "$work/noecon.err"
echo "portfolio: ok"
