#!/usr/bin/env bash
# The README's speed table is the rendering of the committed bench/results.json (issue 20, goal 6):
# a figure cannot change in one without the other. Also: every result names its machine, date and
# commit, the names are unique, the collector reads the result-line format of bench/README.md, and
# the check does see a stale table (a changed figure, a hand-edited row).
# usage: bash bench_table.sh OREFLOW_BINARY SOURCE_DIR WORK_DIR
set -u
src=$2 work=$3
cd "$src" || exit 1
rm -rf "$work" && mkdir -p "$work" || exit 1
command -v python3 >/dev/null || { echo "SKIP: no python3"; exit 77; }
fail=0
python3 scripts/bench_table.py --check bench/results.json README.md || fail=1

python3 - bench/results.json <<'PY' || fail=1
import json, sys
res = json.load(open(sys.argv[1]))["results"]
assert res, "bench/results.json has no results"
names = [r["name"] for r in res]
assert len(names) == len(set(names)), "duplicate names"
for r in res:
    for k in ("name", "bench", "unit", "desc", "machine", "date", "commit"):
        assert isinstance(r.get(k), str) and r[k], f"{r.get('name')}: no {k}"
    assert isinstance(r["value"], (int, float)) and r["value"] == r["value"], r["name"]
    assert isinstance(r["quick"], bool), r["name"]
    assert len(r["date"]) == 10 and r["date"][4] == "-", r["date"]
assert any(r["name"].startswith("startup.") for r in res), "no start-up figure"
PY

# the result line format (bench/README.md) as the collector reads it
python3 - "$src/scripts" <<'PY' || fail=1
import sys
sys.path.insert(0, sys.argv[1])
from bench_collect import parse_line
f = parse_line('BENCH name=startup.x.wall value=1.25 unit=ms desc="a b | c" note=""')
assert f == {"name": "startup.x.wall", "value": 1.25, "unit": "ms", "desc": "a b | c", "note": ""}, f
assert parse_line("bench_mc: 10 samples") is None
for bad in ('BENCH name=X value=1 unit=ms desc="d"', 'BENCH name=a value=one unit=ms desc="d"',
            'BENCH name=a value=1 desc="d"'):
    try:
        parse_line(bad)
    except ValueError:
        continue
    raise AssertionError(f"accepted: {bad}")
PY

# a stale table is refused: another figure in the JSON, or a row edited by hand in the README
python3 - bench/results.json "$work/changed.json" <<'PY' || fail=1
import json, sys
d = json.load(open(sys.argv[1]))
d["results"][0]["value"] = d["results"][0]["value"] * 2 + 1
json.dump(d, open(sys.argv[2], "w"))
PY
if python3 scripts/bench_table.py --check "$work/changed.json" README.md 2>/dev/null; then
  echo "FAIL: a changed figure in the JSON passed the check"; fail=1
fi
sed 's/^\(| [^|]*| \)[0-9]/\19/' README.md > "$work/README.md"
if cmp -s README.md "$work/README.md"; then
  echo "FAIL: no table row to edit"; fail=1
elif python3 scripts/bench_table.py --check bench/results.json "$work/README.md" 2>/dev/null; then
  echo "FAIL: a hand-edited README row passed the check"; fail=1
fi
# and the regeneration makes them agree again
cp README.md "$work/README2.md" && python3 scripts/bench_table.py "$work/changed.json" "$work/README2.md" &&
  python3 scripts/bench_table.py --check "$work/changed.json" "$work/README2.md" || {
  echo "FAIL: the regenerated table does not check"; fail=1; }

[ $fail = 0 ] && echo "bench_table: README speed table = bench/results.json ($(grep -c '"name"' bench/results.json) figures)"
exit $fail
