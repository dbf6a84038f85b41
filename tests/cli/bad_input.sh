#!/usr/bin/env bash
# Bad input as a user produces it, across the commands: a directory or an empty file given as the
# input, an output path that cannot be written, a Windows (CRLF) or BOM-prefixed file, non-UTF-8
# bytes, NaN/inf strings, duplicated names, UTF-8 names. Each must exit 2 with a message that
# names the file (and line:column when there is one), leave no temporary file behind, and never
# crash; good files with CRLF or a BOM run exactly as the plain file.
# usage: bash bad_input.sh OREFLOW_BINARY SOURCE_DIR WORK_DIR
set -u
bin=$1 src=$2 work=$3
cd "$src" || exit 1
rm -rf "$work" && mkdir -p "$work" || exit 1
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }
ex=examples/recycle/scavenger_loop.yaml
meas=examples/recycle/scavenger_loop_measured.yaml
econ=examples/chromite/donskoy_tailings.yaml
# expect RC PATTERN ARGS...: exit status RC and stderr matching PATTERN (grep -E)
expect() {
    local want=$1 pat=$2
    shift 2
    "$bin" "$@" >"$work/out" 2>"$work/err"
    local rc=$?
    [ "$rc" -eq "$want" ] || fail "oreflow $*: exit $rc, expected $want ($(head -n 1 "$work/err"))"
    grep -Eq -- "$pat" "$work/err" || fail "oreflow $*: stderr lacks /$pat/: $(head -n 2 "$work/err")"
    grep -Eq 'Sanitizer|runtime error' "$work/err" && fail "oreflow $*: sanitizer report"
    return 0
}

# a directory where a file is expected
mkdir -p "$work/dir.yaml"
d="$work/dir.yaml"
expect 2 "^$d: error: cannot read: Is a directory" check "$d"
expect 2 "^$d: error: cannot read: Is a directory" run "$d"
expect 2 "^$d: error: cannot read: Is a directory" reconcile $ex "$d"
expect 2 "^$d: error: cannot read: Is a directory" report "$d" "$work/rep"
expect 2 "^$d: error: cannot read: Is a directory" mc "$d" -n 2

# an empty file: located, names what is missing
: >"$work/empty.yaml"
expect 2 "empty.yaml:1:1: error: missing 'materials'" run "$work/empty.yaml"
expect 2 "empty.yaml:1:1: error: measurement file has no 'streams' section" reconcile $ex "$work/empty.yaml"
expect 2 "empty.yaml:1:1: error: not a run result" report "$work/empty.yaml" "$work/rep"

# outputs that cannot be written: a regular file stands where a directory must be (works as root
# too, unlike permissions); exit 2, the path named, nothing left behind
blk="$work/blocker"
: >"$blk"
expect 2 "^$blk/csv: error: cannot create directory: Not a directory" run $ex --csv "$blk/csv"
expect 2 "^$blk/rep: error: cannot create directory: Not a directory" run $ex --report "$blk/rep"
expect 2 "^$blk/x.xlsx: error: cannot create output file: Not a directory" run $ex --xlsx "$blk/x.xlsx"
expect 2 "^$blk/x.json: error: cannot create output file" reconcile $ex $meas --json "$blk/x.json"
expect 2 "^$blk/x.yaml: error: cannot create output file" calibrate $ex $meas \
    --fit rougher.water_recovery --out "$blk/x.yaml"
expect 2 "^$blk/x.yaml: error: cannot create output file" survey $ex $meas --out "$blk/x.yaml"
expect 2 "^$blk/x.csv: error: cannot create output file" mc $econ -n 20 --csv "$blk/x.csv"
"$bin" run $ex --json >"$work/r.json" || fail "run --json"
expect 2 "^$blk/x.xlsx: error: cannot create output file" report "$work/r.json" --xlsx "$blk/x.xlsx"
find "$work" -name '*.tmp*' | grep -q . && fail "temporary files left: $(find "$work" -name '*.tmp*')"

# Windows line ends and a UTF-8 byte-order mark: the same run as the plain file
sed 's/$/\r/' $ex >"$work/crlf.yaml"
printf '\357\273\277' | cat - $ex >"$work/bom.yaml"
"$bin" run $ex >"$work/plain.txt" || fail "plain run"
for f in crlf bom; do
    "$bin" run "$work/$f.yaml" >"$work/$f.txt" 2>"$work/err" || fail "$f run: $(head -n 1 "$work/err")"
    cmp -s "$work/plain.txt" "$work/$f.txt" || fail "$f run differs from the plain file"
done
# a CRLF file with an error: the column is right and the caret line carries no CR
sed 's/recovery_separator/recovery_seperator/' "$work/crlf.yaml" >"$work/crlf_bad.yaml"
expect 2 "crlf_bad.yaml:16:11: error: rougher: unknown unit type 'recovery_seperator' \(did you mean 'recovery_separator'\?\)" check "$work/crlf_bad.yaml"
grep -q $'\r' "$work/err" && fail "CRLF file: diagnostic echoes a carriage return"

# bytes that are not UTF-8
printf 'name: caf\351\nmaterials: [quartz]\n' >"$work/latin1.yaml"
expect 2 "latin1.yaml:1:1: error: YAML syntax error: invalid" check "$work/latin1.yaml"

# NaN and infinity are not numbers of a flowsheet
for v in .nan NaN .inf -.inf 1e999; do
    sed "s/solids_tph: 100/solids_tph: $v/" $ex >"$work/num.yaml"
    expect 2 "num.yaml:9:17: error: .*solids_tph" check "$work/num.yaml"
done

# two units of one name; a unit named like a feed
sed 's/name: scavenger/name: rougher/' $ex >"$work/dup.yaml"
expect 2 "dup.yaml:21:11: error: rougher: name 'rougher' is used twice \(first at line 15\)" check "$work/dup.yaml"

# UTF-8 names run, and the table keeps its columns (display width, not bytes)
sed 's/plant_feed/питание/g' $ex >"$work/cyr.yaml"
"$bin" run "$work/cyr.yaml" >"$work/cyr.txt" 2>"$work/err" || fail "UTF-8 names: $(head -n 1 "$work/err")"
python3 - "$work/cyr.txt" "$work/plain.txt" <<'PY' || fail "UTF-8 names misalign the table"
import sys
a = open(sys.argv[1], encoding="utf-8").read().splitlines()
b = open(sys.argv[2], encoding="utf-8").read().splitlines()
rows = [l for l in a if l.startswith(("stream ", "питание", "concentrate "))]
assert len(rows) == 3, rows
assert len({len(r) for r in rows}) == 1, [len(r) for r in rows]
# every header is right-aligned over its numbers: same line length as the plain file's table
assert len(rows[0]) == len([l for l in b if l.startswith("stream ")][0]), rows[0]
PY

# commands without the section they need, and bad numbers on the command line
expect 2 "no 'economics' section" mc $ex -n 5
expect 2 "no 'economics' section" sensitivity $ex
expect 2 "needs a positive number" mc $econ -n 0
# too few samples to impose the rank correlations (it used to blame the correlation matrix)
expect 2 "rank correlations among [0-9]+ parameters need at least [0-9]+ samples \\(-n\\), found 3" mc $econ -n 3
expect 2 "needs 1 assay value" twoproduct --feed nan --conc 25 --tail 0.5
expect 2 "outside 0..100" twoproduct --feed -2 --conc 25 --tail 0.5
expect 2 "no numeric parameter 'nope'" calibrate $ex $meas --fit rougher.nope

echo "bad_input: $fails failure(s)"
[ "$fails" -eq 0 ]
