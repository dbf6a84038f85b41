#!/usr/bin/env bash
# A generated flowsheet of 20,000 units (a feed, then mixers and splitters in turn, as in
# bench/bench_load.c, whose rows time 100,000) checks, with every unit and stream counted and the
# memory of its streams (2 particulate materials x 4 sizes + 3 bulk + temperature = 12 doubles)
# (issue 15, finding 9: the loader's memory layout was rebuilt). Kept at 20,000 units so that
# it stays quick under ASan; not timed.
# Usage: bash large_chain.sh OREFLOW SOURCE_DIR WORK_DIR
set -uo pipefail
ORF=$1 WORK=$3
rm -rf "$WORK" && mkdir -p "$WORK"
fail() { echo "FAIL: $*"; exit 1; }
f="$WORK/chain.yaml"
awk -v n=20000 'BEGIN {
    print "name: generated chain\nmaterials: [chromite, serpentine]"
    print "sizes: {top_um: 1000, ratio: 2, count: 4}\nfeeds:"
    print "  chain_0: {solids_tph: 100, pct_solids: 40, mineralogy: {chromite: 30, serpentine: 70}, psd: {model: rosin_rammler, d63_um: 200, n: 1.0}}"
    print "units:"
    for (i = 0; i < n / 2; i++) {
        printf "  - {name: mix_%d, type: mixer, in: [chain_%d], out: [mixed_%d]}\n", i, i, i
        printf "  - {name: split_%d, type: splitter, in: [mixed_%d], out: [chain_%d, side_%d], fractions: [0.9, 0.1]}\n", i, i, i + 1, i
    }
}' > "$f"
"$ORF" check "$f" > "$WORK/out" 2> "$WORK/err" || { head -c 2000 "$WORK/err"; fail "check of 20,000 units failed"; }
want="$f: ok (20001 units, 30001 streams, 3 materials, 4 size × 1 composition classes)
memory: 96 bytes per stream (12 values), 2.88 MB for the 30001 streams"
[ "$(cat "$WORK/out")" = "$want" ] || fail "got '$(cat "$WORK/out")', expected '$want'"
# the last unit's side stream misspelt as an inlet: found and located at the last line
sed -i '$ s/in: \[mixed_9999\]/in: [mixed_9999x]/' "$f"
"$ORF" check "$f" > "$WORK/out" 2> "$WORK/err"
[ $? -eq 2 ] || fail "a misspelt inlet was not refused"
grep -qF "chain.yaml:20006:" "$WORK/err" && grep -qF "stream 'mixed_9999x' flows into 'split_9999'" "$WORK/err" \
    || { head -c 2000 "$WORK/err"; fail "the misspelt inlet is not reported at line 20006"; }
echo "large_chain: ok"
