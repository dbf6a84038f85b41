#!/usr/bin/env bash
# The report's "Grade–recovery of the final products" chart (issue 15, finding 2): in the flagship
# ferrochrome and chromium metal hold most of the Cr but have no Cr2O3 grade; they used to be
# dropped and the rest rescaled to 100 %. Every final product is drawn (at its Cr grade when one
# has no Cr2O3 grade, said in the caption), each labelled with its own recovery, which is the JSON
# summary's; the recovery axis says it is a share of the Cr in the ore feed.
# usage: bash grade_recovery.sh OREFLOW_BINARY SOURCE_DIR WORK_DIR
set -u
bin=$1 src=$2 work=$3
cd "$src" || exit 1
rm -rf "$work" && mkdir -p "$work" || exit 1
fail() { echo "FAIL: $*"; exit 1; }
for ex in chain donskoy_tailings; do
    f=examples/chromite/$ex.yaml
    "$bin" run "$f" --json > "$work/$ex.json" 2>/dev/null || fail "$ex --json rc=$?"
    "$bin" run "$f" --quiet --report "$work/$ex" 2>/dev/null || fail "$ex --report rc=$?"
    python3 - "$work/$ex.json" "$work/$ex/report.html" "$ex" <<'PY' || fail "$ex: grade-recovery chart"
import json, re, sys, html
r = json.load(open(sys.argv[1])); page = open(sys.argv[2], encoding="utf-8").read(); ex = sys.argv[3]
m = re.search(r'aria-label="Grade–recovery of the final products".*?</figure>', page, re.S)
assert m, "no grade-recovery chart"
svg = m.group(0)
assert "cumulative Cr recovery (% of the Cr in the ore feed)" in svg, "recovery axis label"
labels = {}
for t in re.findall(r'<text[^>]*>([^<]*) ([0-9.]+) %</text>', svg):
    labels[html.unescape(t[0])] = float(t[1])
units, st = r["units"], r["streams"]
feed_cr = sum(s["element_tph"].get("Cr", 0) for s in st.values()
              if s.get("from") is None or units.get(s["from"], {}).get("type") == "feed")
final = [n for n, s in st.items() if (s.get("to") is None or units.get(s["to"], {}).get("type") == "product")
         and s["solids_tph"] > 0]
assert final, "no final products"
for n in final:
    assert n in labels, (n, "missing from the chart", sorted(labels))
    want = 100 * st[n]["element_tph"].get("Cr", 0) / feed_cr
    assert abs(labels[n] - want) <= 0.05 + 1e-9, (n, labels[n], want)
    p = r["summary"]["products"].get(n)
    if p is not None:
        assert abs(labels[n] - p["recovery_pct"]) <= 0.05 + 1e-9, (n, labels[n], p["recovery_pct"])
if ex == "chain":
    for n in ("ferrochrome", "chromium_metal"):
        assert n in labels, n
    assert "No Cr2O3 grade for" in svg and "ferrochrome" in svg, "caption"
    assert "cumulative grade, Cr (%)" in svg, "grade axis"
else:
    assert "cumulative grade, Cr2O3 (%)" in svg, "grade axis"
PY
done
echo "grade_recovery: ok"
