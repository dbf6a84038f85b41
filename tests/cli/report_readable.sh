#!/usr/bin/env bash
# A readable report at the default width (issue 15, finding 15). The flagship's flowsheet diagram
# (Graphviz): no two text labels overlap (boxes from font size × Helvetica character widths, 5 %
# wider for a browser's sans-serif), and at the page's default width (body max-width less its
# padding and the diagram box's) the smallest label is drawn at 9.5 px or more (the diagram's
# min-width stops it shrinking further; the box scrolls instead). Every <table> of the report,
# Monte Carlo and sensitivity sections included, sits in a scroll container whose CSS scrolls
# sideways with a visible hint (scrollbar colours and the scrolling-shadow backgrounds).
# usage: bash report_readable.sh OREFLOW_BINARY SOURCE_DIR WORK_DIR
set -u
bin=$1 src=$2 work=$3
cd "$src" || exit 1
rm -rf "$work" && mkdir -p "$work" || exit 1
fail() { echo "FAIL: $*"; exit 1; }
"$bin" run examples/chromite/chain.yaml --quiet --report "$work/chain" 2>/dev/null || fail "chain rc=$?"
"$bin" run tests/cases/econ_two_stage.yaml --json > "$work/r.json" 2>/dev/null || fail "run"
"$bin" mc tests/cases/econ_two_stage.yaml -n 50 --json > "$work/mc.json" 2>/dev/null || fail "mc"
"$bin" report "$work/r.json" "$work/two" --mc "$work/mc.json" > /dev/null 2>&1 || fail "report"
python3 - "$work/chain/report.html" "$work/two/report.html" <<'PY' || fail "readable"
import html, re, sys
chain = open(sys.argv[1], encoding="utf-8").read()
m = re.search(r'<div class="diagram">\s*<div style="min-width:(\d+)px">\s*(<svg[^>]*>.*?</svg>)',
              chain, re.S)
if not m:
    if "built without Graphviz" in chain:
        print("no Graphviz: diagram checks skipped")
    else:
        raise AssertionError("no diagram")
else:
    minw, svg = float(m.group(1)), m.group(2)
    natural = float(re.search(r'<svg width="([\d.]+)pt"', svg).group(1)) * 4 / 3
    def cw(c):
        if c in ".,:;il|!' /tfjI·-[]()": return 0.28
        if c in "mwMW%@": return 0.89
        return 0.68 if c.isupper() else 0.56
    boxes, sizes = [], []
    for t in re.finditer(r"<text([^>]*)>([^<]*)</text>", svg):
        a = dict(re.findall(r'([\w-]+)="([^"]*)"', t.group(1)))
        s, fs = html.unescape(t.group(2)), float(a.get("font-size", "14"))
        x, y, wd = float(a["x"]), float(a["y"]), 1.05 * fs * sum(cw(c) for c in s)
        anchor = a.get("text-anchor", "start")
        x0 = x - wd / 2 if anchor == "middle" else x - wd if anchor == "end" else x
        boxes.append((x0, y - 0.75 * fs, x0 + wd, y + 0.2 * fs, s))
        sizes.append(fs)
    assert len(boxes) > 100, len(boxes)
    over = [(a[4], b[4]) for i, a in enumerate(boxes) for b in boxes[i + 1:]
            if a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]]
    assert not over, over[:10]
    css = re.search(r"<style>(.*?)</style>", chain, re.S).group(1)
    body = int(re.search(r"body\{[^}]*max-width:(\d+)px", css).group(1))
    avail = body - 2 * 28 - 2 * (6 + 1)          # body padding, diagram padding and border
    shown = max(minw, min(natural, avail))
    px = min(sizes) * 4 / 3 * shown / natural
    assert px >= 9.5, f"smallest diagram label {px:.1f} px at {avail} px (natural {natural:.0f})"
for f in sys.argv[1:]:
    p = open(f, encoding="utf-8").read()
    css = re.search(r"<style>(.*?)</style>", p, re.S).group(1)
    rule = " ".join(b for s, b in re.findall(r"([^{}]+)\{([^{}]*)\}", css)
                    if ".tablewrap" in s.split(","))
    assert "overflow-x:auto" in rule and "background-attachment:local" in rule, rule
    assert "scrollbar-color" in rule, rule
    tables = [t.start() for t in re.finditer(r"<table\b", p)]
    assert len(tables) >= 5, (f, len(tables))
    for i in tables:
        assert re.search(r'<div class="tablewrap">\s*$', p[max(0, i - 40):i]), (f, p[i - 80:i + 60])
PY
echo "report_readable: ok"
