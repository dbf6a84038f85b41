#!/usr/bin/env bash
# Two- and three-product formulas on impossible assays (issue 15, finding 7b): a feed that is no
# mixture of the products (a mass split outside 0..100 %) is bad input, exit 2, with a message
# that names the assays, and nothing on stdout; consistent assays still give the split (exit 0).
# The usage text prints a plain '%', not a literal '%%'.
# usage: bash twoproduct.sh OREFLOW_BINARY SOURCE_DIR WORK_DIR
set -u
bin=$1 src=$2 work=$3
cd "$src" || exit 1
rm -rf "$work" && mkdir -p "$work" || exit 1
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }
# expect RC PATTERN ARGS...: exit status RC and stderr matching PATTERN (grep -E)
expect() {
    local want=$1 pat=$2
    shift 2
    "$bin" "$@" >"$work/out" 2>"$work/err"
    local rc=$?
    [ "$rc" -eq "$want" ] || fail "oreflow $*: exit $rc, expected $want ($(head -n 1 "$work/err"))"
    grep -Eq -- "$pat" "$work/err" || fail "oreflow $*: stderr lacks /$pat/: $(head -n 2 "$work/err")"
    grep -q '%%' "$work/out" "$work/err" && fail "oreflow $*: a literal %% in the output"
    return 0
}
# feed richer than the concentrate: split 200 %
expect 2 '^oreflow: twoproduct: impossible assays: the mass split of conc would be 200 %; feed 30 conc 20 tail 10 \(the feed assay must lie between the concentrate and tail assays\)$' \
    twoproduct --feed 30 --conc 20 --tail 10
[ -s "$work/out" ] && fail "twoproduct on impossible assays printed a table"
# feed poorer than the tail: split negative
expect 2 'impossible assays: the mass split of conc would be -[0-9.]+ %; feed 1 conc 20 tail 2 ' \
    twoproduct --feed 1 --conc 20 --tail 2
# the same with standard deviations
expect 2 'impossible assays' twoproduct --feed 30 --conc 20 --tail 10 --sd 0.5,0.5,0.5
# three products: a feed outside the triangle of the products
expect 2 '^oreflow: threeproduct: impossible assays: .* feed 90,90 conc1 50,5 conc2 5,50 tail 1,1 \(the feed must be a mixture of the products\)$' \
    threeproduct --feed 90,90 --conc1 50,5 --conc2 5,50 --tail 1,1
# consistent assays: the split, exit 0
"$bin" twoproduct --feed 10 --conc 40 --tail 2 >"$work/out" 2>"$work/err" || fail "twoproduct on consistent assays: exit $?"
[ -s "$work/err" ] && fail "twoproduct on consistent assays: stderr: $(head -n 1 "$work/err")"
grep -Eq '^conc +21\.053' "$work/out" || fail "twoproduct split: $(cat "$work/out")"
# usage: a plain %
expect 2 'assays in % \(one component' twoproduct
echo "$fails failure(s)"
[ "$fails" -eq 0 ]
