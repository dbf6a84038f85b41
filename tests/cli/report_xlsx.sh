#!/usr/bin/env bash
# The Excel workbook read back: unzip the .xlsx, resolve the shared strings, and check the numbers
# against the flowsheet. The recycle example feeds 100 t/h of solids (examples/recycle/
# scavenger_loop.yaml), so the Streams sheet must show 100 for the feed, the products must add up
# to it (mass balance to 1e-9), numbers must be stored as numbers, the header row frozen, and the
# Size distributions sheet must carry the feed's 100 t/h over its size classes.
# Usage: bash report_xlsx.sh OREFLOW SOURCE_DIR WORK_DIR
set -euo pipefail
ORF=$1 SRC=$2 WORK=$3
rm -rf "$WORK" && mkdir -p "$WORK"
command -v unzip >/dev/null || { echo "FAIL: unzip is needed (scripts/install-deps.sh)"; exit 1; }
fail() { echo "FAIL: $*"; exit 1; }

# Sheet N of a workbook as lines "ROW<TAB>COL<TAB>KIND<TAB>VALUE", KIND s (text) or n (number).
cells() {
    local book=$1 sheet=$2
    unzip -p "$book" xl/sharedStrings.xml | sed 's/<si>/\n<si>/g' |
        sed -n 's/^<si><t[^>]*>\([^<]*\)<\/t><\/si>.*/\1/p' > "$WORK/sst.txt"
    unzip -p "$book" "xl/worksheets/sheet$sheet.xml" | sed 's/<c r=/\n<c r=/g' |
        sed -n 's/^<c r="\([A-Z]*\)\([0-9]*\)"\([^>]*\)><v>\([^<]*\)<\/v>.*/\2\t\1\t\3\t\4/p' |
        awk -F'\t' 'NR == FNR { s[FNR - 1] = $0; next }
                    { kind = ($3 ~ /t="s"/) ? "s" : "n"; v = (kind == "s") ? s[$4] : $4;
                      print $1 "\t" $2 "\t" kind "\t" v }' "$WORK/sst.txt" -
}
# Value in sheet cells ($1 file) at the row whose column A is $2 and the column headed $3.
lookup() {
    awk -F'\t' -v name="$2" -v head="$3" '
        $1 == 1 && $4 == head { col = $2 }
        $2 == "A" && $4 == name { row = $1 }
        { cell[$1 "," $2] = $4; kind[$1 "," $2] = $3 }
        END { if (col == "" || row == "") exit 1; print kind[row "," col] "\t" cell[row "," col] }' "$1"
}

"$ORF" run "$SRC/examples/recycle/scavenger_loop.yaml" --quiet --xlsx "$WORK/run.xlsx" 2>/dev/null ||
    fail "oreflow run --xlsx failed"
[ -s "$WORK/run.xlsx" ] || fail "no workbook written"
ls "$WORK" | grep '\.tmp\.' >/dev/null && fail "temporary file left behind"
unzip -tq "$WORK/run.xlsx" >/dev/null || fail "the workbook is not a valid zip"
sheets=$(unzip -p "$WORK/run.xlsx" xl/workbook.xml | grep -o '<sheet name="[^"]*"' | cut -d'"' -f2 | tr '\n' '|')
[ "$sheets" = "Streams|Units|Balance|Size distributions|Design|" ] || fail "sheets are '$sheets'"

cells "$WORK/run.xlsx" 1 > "$WORK/streams.tsv"
read -r kind feed < <(lookup "$WORK/streams.tsv" plant_feed "solids (t/h)") || fail "no plant_feed solids cell"
[ "$kind" = n ] || fail "solids stored as $kind, not as a number"
awk -v v="$feed" 'BEGIN { exit !(v == 100) }' || fail "plant_feed solids $feed, expected 100"
# products: streams that go to the product units
total=0
for s in concentrate final_tailings; do
    read -r kind v < <(lookup "$WORK/streams.tsv" "$s" "solids (t/h)") || fail "no $s row"
    total=$(awk -v a="$total" -v b="$v" 'BEGIN { printf "%.17g", a + b }')
done
awk -v t="$total" 'BEGIN { e = (t - 100) / 100; if (e < 0) e = -e; exit !(e <= 1e-9) }' ||
    fail "products carry $total t/h of solids, feed 100 t/h"
read -r kind to < <(lookup "$WORK/streams.tsv" concentrate "To") || fail "no To column"
[ "$kind/$to" = "s/conc_stockpile" ] || fail "concentrate goes to '$to'"
unzip -p "$WORK/run.xlsx" xl/worksheets/sheet1.xml | grep '<pane xSplit="1" ySplit="1"[^>]*state="frozen"' >/dev/null ||
    fail "Streams header row and name column not frozen"

# Size distributions: the feed's retained t/h over the classes add up to its solids; 100 % passes
# the top size.
cells "$WORK/run.xlsx" 4 > "$WORK/sizes.tsv"
col=$(awk -F'\t' '$1 == 1 && $4 == "plant_feed retained (t/h)" { print $2 }' "$WORK/sizes.tsv")
[ -n "$col" ] || fail "no 'plant_feed retained (t/h)' column"
sum=$(awk -F'\t' -v c="$col" '$1 > 1 && $2 == c && $3 == "n" { s += $4 } END { printf "%.17g", s }' "$WORK/sizes.tsv")
awk -v t="$sum" 'BEGIN { e = (t - 100) / 100; if (e < 0) e = -e; exit !(e <= 1e-9) }' ||
    fail "feed size classes add up to $sum t/h"
pcol=$(awk -F'\t' '$1 == 1 && $4 == "plant_feed passing (%)" { print $2 }' "$WORK/sizes.tsv")
top=$(awk -F'\t' -v c="$pcol" '$1 == 2 && $2 == c { print $4 }' "$WORK/sizes.tsv")
awk -v t="$top" 'BEGIN { e = t - 100; if (e < 0) e = -e; exit !(e <= 1e-9) }' || fail "top size passes $top %"

# A result with every optional section: economics, Monte Carlo (with samples), reconciliation.
"$ORF" report "$SRC/tests/cases/report_sample.json" --xlsx "$WORK/sample.xlsx" 2>/dev/null ||
    fail "oreflow report --xlsx failed"
sheets=$(unzip -p "$WORK/sample.xlsx" xl/workbook.xml | grep -o '<sheet name="[^"]*"' | cut -d'"' -f2 | tr '\n' '|')
[ "$sheets" = "Streams|Units|Balance|Size distributions|Economics|Monte Carlo|Monte Carlo samples|Reconciliation|" ] ||
    fail "sample sheets are '$sheets'"
cells "$WORK/sample.xlsx" 7 > "$WORK/samples.tsv"
rows=$(awk -F'\t' '$2 == "A" && $1 > 1' "$WORK/samples.tsv" | wc -l)
[ "$rows" -eq 60 ] || fail "Monte Carlo samples sheet has $rows rows, the sample result 60"
cells "$WORK/sample.xlsx" 5 > "$WORK/econ.tsv"
# the cash flow's year 0 carries the 38 M USD capital cost of the sample
capex=$(awk -F'\t' '$1 == 1 && $4 == "capex (USD)" { c = $2 } $1 == 2 { v[$2] = $4 } END { print v[c] }' "$WORK/econ.tsv")
awk -v v="$capex" 'BEGIN { exit !(v == -38000000) }' || fail "year-0 capex $capex"
echo "ok: workbook read back ($(wc -l < "$WORK/streams.tsv") cells in Streams)"
