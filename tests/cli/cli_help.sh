#!/usr/bin/env bash
# Help and guidance on the command line (issue 15, finding 14): every command's --help prints its
# usage and options and exits 0; a unit type given as the start of a real one gets a hint; a
# plant-data file given to run is recognised as such.
# usage: bash cli_help.sh OREFLOW_BINARY SOURCE_DIR WORK_DIR
set -u
bin=$1 src=$2 work=$3
cd "$src" || exit 1
rm -rf "$work" && mkdir -p "$work" || exit 1
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }

# every command listed by `oreflow --help` has its own --help (and -h)
"$bin" --help >"$work/top" || fail "oreflow --help failed"
cmds=$(sed -n 's/^  oreflow \([a-z]*\) .*/\1/p' "$work/top" | sort -u)
[ "$(echo "$cmds" | wc -w)" -ge 11 ] || fail "fewer commands than expected in --help: $cmds"
for c in $cmds; do
    for h in --help -h; do
        "$bin" "$c" "$h" >"$work/out" 2>"$work/err"
        rc=$?
        [ "$rc" -eq 0 ] || fail "oreflow $c $h exited $rc"
        head -n 1 "$work/out" | grep -q "^usage: oreflow $c" || fail "oreflow $c $h: no usage line"
        grep -q "^options" "$work/out" || fail "oreflow $c $h: no options"
        [ -s "$work/err" ] && fail "oreflow $c $h wrote to stderr: $(head -n 1 "$work/err")"
    done
done
# --help after other arguments too, and the options a command takes are listed
"$bin" run examples/recycle/scavenger_loop.yaml --help >"$work/out" 2>&1 || fail "run FILE --help failed"
for o in --json --csv --report --xlsx --quiet; do
    grep -q -- "^  $o" "$work/out" || fail "run --help does not list $o"
done
"$bin" mc --help >"$work/out" 2>&1
for o in --samples --threads --seed --json --csv; do
    grep -q -- "$o" "$work/out" || fail "mc --help does not list $o"
done

# a prefix of a unit type: did you mean
"$bin" check tests/errors/unit_type_prefix.yaml >"$work/out" 2>"$work/err"
[ $? -eq 2 ] || fail "check of an unknown unit type did not exit 2"
grep -q "unknown unit type 'flotation' (did you mean 'flotation_bank'?)" "$work/err" ||
    fail "no hint for a unit type prefix: $(head -n 1 "$work/err")"

# a plant-data file given to run or check
for verb in run check; do
    "$bin" $verb examples/recycle/scavenger_loop_measured.yaml >"$work/out" 2>"$work/err"
    rc=$?
    [ "$rc" -eq 2 ] || fail "$verb of a plant-data file exited $rc, expected 2"
    grep -q "this is a plant-data file .*use \`oreflow reconcile FLOWSHEET DATA\`" "$work/err" ||
        fail "$verb does not recognise a plant-data file: $(head -n 1 "$work/err")"
    [ "$(grep -c 'error:' "$work/err")" -eq 1 ] || fail "$verb of a plant-data file: more than one error"
done

echo "$fails failure(s)"
[ "$fails" -eq 0 ]
