#!/usr/bin/env bash
# Output files and inputs that are not plain files (issue 15, finding 11): temporaries a killed run
# left (NAME.tmp.XXXXXX) do not survive the next run; replacing an output keeps its permissions;
# a FIFO given as input is read once, so a bad flowsheet through one gives the located error with
# its source line and caret instead of hanging.
# Usage: bash output_files.sh OREFLOW SOURCE_DIR WORK_DIR
set -uo pipefail
ORF=$1 SRC=$2 WORK=$3
rm -rf "$WORK" && mkdir -p "$WORK/csv" "$WORK/rep"
fail() { echo "FAIL: $*"; exit 1; }
FS=$SRC/examples/recycle/scavenger_loop.yaml
DATA=$SRC/tests/cases/recon/scavenger_loop_measured.yaml

# temporaries of a run killed while writing, and files that only look like them
stale=(csv/streams.csv.tmp.AbC123 csv/units.csv.tmp.000000 rep/report.html.tmp.Zz9yX8
       book.xlsx.tmp.q1W2e3 r.json.tmp.k9J8h7)
keep=(csv/streams.csv.tmp.AbC12 csv/streams.csv.tmp.AbC1234 csv/other.csv.tmp.AbC123
      csv/streams.csv.bak.AbC123)
for f in "${stale[@]}" "${keep[@]}"; do echo partial > "$WORK/$f"; done
# outputs that exist with mode 0600 (private results) must stay 0600 when replaced
for f in csv/streams.csv csv/units.csv rep/report.html book.xlsx r.json r.csv; do
    echo old > "$WORK/$f" && chmod 600 "$WORK/$f"
done
"$ORF" run "$FS" --csv "$WORK/csv" --report "$WORK/rep" --xlsx "$WORK/book.xlsx" --quiet \
    > "$WORK/out" 2> "$WORK/err" || { cat "$WORK/err"; fail "run exited $?"; }
"$ORF" reconcile "$FS" "$DATA" --json "$WORK/r.json" --csv "$WORK/r.csv" > "$WORK/out" 2> "$WORK/err" ||
    { cat "$WORK/err"; fail "reconcile exited $?"; }
for f in "${stale[@]}"; do [ ! -e "$WORK/$f" ] || fail "stale temporary $f survived the run"; done
for f in "${keep[@]}"; do [ -e "$WORK/$f" ] || fail "$f is no temporary of ours but was removed"; done
for f in csv/streams.csv csv/units.csv rep/report.html book.xlsx r.json r.csv; do
    grep -qx old "$WORK/$f" && fail "$f was not replaced"
    mode=$(stat -c %a "$WORK/$f")
    [ "$mode" = 600 ] || fail "$f: mode $mode after replacing a 0600 file, expected 600"
done
# a new output gets 0644 (less the umask)
[ "$(umask 022; "$ORF" run "$FS" --csv "$WORK/new" --quiet > /dev/null 2>&1; stat -c %a "$WORK/new/streams.csv")" = 644 ] ||
    fail "a new output is not 0644"
# no temporary of this run is left either
for f in "${keep[@]}"; do rm "$WORK/$f"; done
find "$WORK" -name '*.tmp.??????' | grep . >/dev/null && fail "temporary left: $(find "$WORK" -name '*.tmp.??????')"

# a FIFO: the bad flowsheet is read once and its error printed with the line and caret
mkfifo "$WORK/fifo.yaml"
cat "$SRC/tests/errors/duplicate_key.yaml" > "$WORK/fifo.yaml" &
writer=$!
timeout 10 "$ORF" check "$WORK/fifo.yaml" > "$WORK/out" 2> "$WORK/err"
rc=$?
kill "$writer" 2> /dev/null
wait "$writer" 2> /dev/null
[ "$rc" -ne 124 ] || fail "check of a FIFO hung (killed after 10 s)"
[ "$rc" -eq 2 ] || { cat "$WORK/err"; fail "check of a FIFO exited $rc, expected 2"; }
want=$(head -n 1 "$SRC/tests/errors/duplicate_key.expected" | sed "s|^tests/errors/duplicate_key.yaml|$WORK/fifo.yaml|")
[ "$(head -n 1 "$WORK/err")" = "$want" ] || { cat "$WORK/err"; fail "FIFO: first line differs from '$want'"; }
line=$(echo "$want" | cut -d: -f2)
src_line=$(sed -n "${line}p" "$SRC/tests/errors/duplicate_key.yaml")
[ "$(sed -n 2p "$WORK/err")" = "  $src_line" ] || { cat "$WORK/err"; fail "FIFO: no source line"; }
sed -n 3p "$WORK/err" | grep -q '^ *\^$' || { cat "$WORK/err"; fail "FIFO: no caret"; }
echo "ok: output files"
