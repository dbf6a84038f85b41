#!/usr/bin/env bash
# Report legends (issue 15, finding 15): only what is there. A flotation bank's recovery-by-size
# curve gives a line per material the model knows; coke, quartzite and Cr2O3 are not in its feed
# and must not be in its legend. The plant recovery-by-size chart has a line only for the products
# that carry sized solids (not ferrochrome, a slag or a gas).
# usage: bash report_legends.sh OREFLOW_BINARY SOURCE_DIR WORK_DIR
set -u
bin=$1 src=$2 work=$3
cd "$src" || exit 1
rm -rf "$work" && mkdir -p "$work" || exit 1
fail() { echo "FAIL: $*"; exit 1; }
"$bin" run examples/chromite/chain.yaml --quiet --report "$work/rep" 2>/dev/null || fail "report rc=$?"
python3 - "$work/rep/report.html" <<'PY' || fail "legends"
import re, sys
p = open(sys.argv[1], encoding="utf-8").read()
def legend(title):
    m = re.search(r'aria-label="' + re.escape(title) + r'".*?</figure>', p, re.S)
    assert m, title
    g = re.findall(r'<g class="legend">(.*?)</g>', m.group(0), re.S)
    return re.findall(r"<text[^>]*>([^<]*)</text>", g[0]) if g else []
for u in ("flot_rougher", "flot_cleaner"):
    l = legend(f"{u} — recovery by size")
    assert "chromite" in l and "serpentine" in l, (u, l)
    for absent in ("coke", "quartzite", "Cr2O3"):
        assert absent not in l, (u, absent, l)
l = legend("Plant recovery by size into each product")
assert l == ["concentrate", "final_tailings"], l
PY
echo "report_legends: ok"
