#!/usr/bin/env bash
# Plant summary ratios and discounted payback (issue 15, finding 15), each against a hand
# calculation: ratio of concentration F/C = ore solids fed / product solids, enrichment ratio
# c/f = product's Cr grade / ore feed's Cr grade (Wills & Finch 2016, §1.5), per product in the
# JSON summary and as terminal columns; discounted payback = when the cumulative discounted cash
# flow (economics.csv's discounted_usd) turns >= 0, interpolated in the year.
# usage: bash summary_ratios.sh OREFLOW_BINARY SOURCE_DIR WORK_DIR
set -u
bin=$1 src=$2 work=$3
cd "$src" || exit 1
rm -rf "$work" && mkdir -p "$work" || exit 1
fail() { echo "FAIL: $*"; exit 1; }
ex=examples/chromite/donskoy_tailings.yaml
"$bin" run "$ex" --json > "$work/d.json" 2>/dev/null || fail "--json rc=$?"
"$bin" run "$ex" --csv "$work/csv" > "$work/d.txt" 2>&1 || fail "--csv rc=$?"
python3 - "$work/d.json" "$work/csv/economics.csv" <<'PY' || fail "ratios / discounted payback"
import csv, json, sys
r = json.load(open(sys.argv[1])); s = r["summary"]; st = r["streams"]
F = s["feed_solids_tph"]
fcr = sum(v["element_tph"]["Cr"] for v in st.values() if v.get("from") in (None, "tailings") or
          r["units"].get(v.get("from"), {}).get("type") == "feed")
f = fcr / F
for p, v in s["products"].items():
    C = st[p]["solids_tph"]
    assert abs(v["ratio_of_concentration"] - F / C) <= 1e-12 * F / C, (p, v, F / C)
    c = st[p]["element_tph"]["Cr"] / C
    assert abs(v["enrichment_ratio"] - c / f) <= 1e-12 * c / f, (p, v, c / f)
# by hand from the cash-flow table
rows = list(csv.DictReader(open(sys.argv[2])))
cum, want = 0.0, None
for t, row in enumerate(rows):
    d = float(row["discounted_usd"]); prev = cum; cum += d
    if prev < 0 <= cum:
        want = (t - 1) + (-prev / d); break
e = r["economics"]
assert want is not None and abs(e["discounted_payback_years"] - want) < 1e-9, (e["discounted_payback_years"], want)
assert e["discounted_payback_years"] > e["payback_years"], e
PY
grep -Eq '^ +solids t/h +mass pull % +F/C +Cr rec\. % +c/f$' "$work/d.txt" || fail "table header: $(grep 'solids t/h' "$work/d.txt")"
# concentrate: F/C = 212.5 / 52.544 = 4.044, c/f = 65.53 / 24.73 = 2.650
grep -Eq '^  concentrate +52\.544 +24\.73 +4\.044 +65\.53 +2\.650$' "$work/d.txt" ||
    fail "concentrate row: $(grep '^  concentrate' "$work/d.txt")"
grep -Eq 'payback [0-9.]+ years \(discounted [0-9.]+ years\)' "$work/d.txt" || fail "payback line"
echo "summary_ratios: ok"
