#!/usr/bin/env bash
# Compiled data files (issue 20, goal 1): the data files' trees compiled into the library are used
# only for a file of exactly the compiled text. A copy of data/ gives the same JSON as data/ (the
# compiled trees are the parser's), and an edit of the copy's materials.yaml (chromite's density)
# is seen at once: the results change, and a bad edit is reported at file:line:column of the copy.
# usage: bash compiled_data.sh OREFLOW_BINARY SOURCE_DIR WORK_DIR
set -u
bin=$1 src=$2 work=$3
cd "$src" || exit 1
rm -rf "$work" && mkdir -p "$work" || exit 1
fail() { echo "FAIL: $*"; exit 1; }
fs=examples/recycle/grinding_loop.yaml
cp -r data "$work/data" || fail "copy of data/"
ORF_DATA_DIR="$src/data" "$bin" run "$fs" --json > "$work/a.json" 2> "$work/a.err" || fail "run rc=$?"
ORF_DATA_DIR="$work/data" "$bin" run "$fs" --json > "$work/b.json" 2> "$work/b.err" || fail "copy rc=$?"
cmp "$work/a.json" "$work/b.json" || fail "a copy of data/ gives another JSON"
# chromite 4600 -> 4100 kg/m3: the cyclone's cut (Plitt: density difference) moves
line=$(grep -n '^  chromite:$' "$work/data/materials.yaml" | cut -d: -f1)
[ -n "$line" ] || fail "chromite not found"
sed -i "$((line + 2))s/density_kg_m3: 4600 /density_kg_m3: 4100 /" "$work/data/materials.yaml"
sed -n "$((line + 2))p" "$work/data/materials.yaml" | grep -q 'density_kg_m3: 4100' ||
  fail "chromite's density not edited"
ORF_DATA_DIR="$work/data" "$bin" run "$fs" --json > "$work/c.json" 2> "$work/c.err" || fail "edit rc=$?"
cmp -s "$work/a.json" "$work/c.json" && fail "the edited density changed nothing (a stale tree?)"
# a bad edit is reported at its place in the copy
sed -i "$((line + 2))s/density_kg_m3: 4100 /density_kg_m3: heavy /" "$work/data/materials.yaml"
ORF_DATA_DIR="$work/data" "$bin" run "$fs" --json > /dev/null 2> "$work/d.err" && fail "a bad density was taken"
grep -q "$work/data/materials.yaml:$((line + 2)):" "$work/d.err" ||
  fail "the bad density is not located in the copy: $(cat "$work/d.err")"
grep -q "heavy" "$work/d.err" || fail "the bad value is not named: $(cat "$work/d.err")"
echo ok
