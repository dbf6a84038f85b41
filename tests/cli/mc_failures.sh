#!/usr/bin/env bash
# Monte Carlo summaries (issue 15, finding 14b, 14c). (b) When samples fail, the summary says why:
# a recovery drawn above 1 is outside the parameter's declared range (the loader would reject it
# in the file, so a draw must not silently create mass): the first failure's diagnostic, and the
# input whose failed draws lie outside the range of the successful ones, in the terminal and the
# JSON. (c) std, min and max of NPV and IRR in the JSON, filled in the report's Monte Carlo
# table; the base-case NPV beside the median in the terminal and the report's key figures.
# usage: bash mc_failures.sh OREFLOW_BINARY SOURCE_DIR WORK_DIR
set -u
bin=$1 src=$2 work=$3
cd "$src" || exit 1
rm -rf "$work" && mkdir -p "$work" || exit 1
fail() { echo "FAIL: $*"; exit 1; }
# rougher.recovery.chromite uniform on 0.85..1.15: half the draws are impossible recoveries
sed 's/dist: uniform, min: 0.85, max: 0.95/dist: uniform, min: 0.85, max: 1.15/' \
  tests/cases/econ_two_stage.yaml > "$work/fail.yaml"
grep -q 'max: 1.15' "$work/fail.yaml" || fail "case not made"
"$bin" mc "$work/fail.yaml" -n 200 -j 2 > "$work/mc.txt" 2> "$work/mc.err" || fail "mc rc=$?"
"$bin" mc "$work/fail.yaml" -n 200 -j 3 --json > "$work/mc.json" 2> /dev/null || fail "json rc=$?"
"$bin" mc tests/cases/econ_two_stage.yaml -n 100 --json > "$work/ok.json" 2> /dev/null || fail "ok"
"$bin" run tests/cases/econ_two_stage.yaml --json > "$work/r.json" 2> /dev/null || fail "run"
"$bin" report "$work/r.json" "$work/rep" --mc "$work/ok.json" > /dev/null 2>&1 || fail "report"
python3 - "$work" <<'PY' || fail "summary"
import json, re, sys
w = sys.argv[1]
t = open(w + "/mc.txt", encoding="utf-8").read()
err = open(w + "/mc.err", encoding="utf-8").read()
m = re.search(r"^  (\d+) of 200 samples failed", t, re.M)
assert m and 50 < int(m.group(1)) < 150, t
assert re.search(r"first failure \(sample \d+\): rougher\.recovery\.chromite = 1\.\d+ is outside "
                 r"its range \[0, 1\]", t), t
# the culprit heads the list of inputs outside the successful range, all its failures above
m = re.search(r"successful ones:\n      rougher\.recovery\.chromite: successful 0\.8\d* \.\. "
              r"0\.9\d*; failed samples below 0, above (\d+)", t)
assert m, t
assert "rougher.recovery.chromite = 1." in err, err
head = re.search(r"^ +base case +P50 +P10 +P90 +mean +std +min +max$", t, re.M)
assert head, t
npv = re.search(r"^  NPV M USD( +-?\d+\.\d\d){8}$", t, re.M)
assert npv and "nan" not in npv.group(0), t
j = json.load(open(w + "/mc.json"))
f = j["failures"]
assert f["first_diagnostic"].startswith("rougher.recovery.chromite = 1."), f
rec = [q for q in f["inputs"] if q["param"] == "rougher.recovery.chromite"][0]
assert rec["successful_max"] <= 1 and rec["failed_above"] == j["failed"], rec
assert f["samples"] and f["samples"][0]["sample"] == f["first_sample"], f
assert f["samples"][0]["values"]["rougher.recovery.chromite"] > 1, f
ok = json.load(open(w + "/ok.json"))
assert "failures" not in ok and ok["failed"] == 0
for v in ("npv_usd", "irr"):
    for k in ("mean", "std", "min", "max"):
        assert isinstance(ok[v].get(k), float), (v, k, ok[v])
    assert ok[v]["min"] <= ok[v]["p10"] <= ok[v]["p50"] <= ok[v]["p90"] <= ok[v]["max"], ok[v]
    assert ok[v]["std"] > 0
p = open(w + "/rep/report.html", encoding="utf-8").read()
tb = re.search(r'<table id="tbl-mc-stats">.*?</table>', p, re.S).group(0)
rows = re.findall(r"<tr><td>[^<]*</td>(.*?)</tr>", tb)
assert len(rows) == 2, rows
for r in rows:
    cells = re.findall(r"<td[^>]*>([^<]*)</td>", r)
    assert len(cells) == 7 and all(c.strip() for c in cells), r
card = re.search(r"<span>NPV P50 \(Monte Carlo; base case ([0-9.]+) M USD\)</span>", p)
assert card and abs(float(card.group(1)) - ok["base"]["npv_usd"] / 1e6) < 0.01, card
PY
echo "mc_failures: ok"
