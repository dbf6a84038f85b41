#!/usr/bin/env bash
# Allocation failures are never silent (issue 15, findings 4 and 18). Every command, in every output
# format, is run once fault-free (its reference) and then with allocation N refused
# (ORF_FAIL_ALLOC_AT=N, cli/cli_alloc.c: compiled into the sanitizer build only) for N = 1, 1 + S,
# 1 + 2S, ... up to the number of allocations the command makes, S the stride of the command
# (ORF_ALLOC_STRIDE=1 in the environment: every N). For each N the run must either
#   - exit 0 with stdout, stderr and every output file identical to the reference (an allocation
#     that has a fallback), or
#   - exit 3 (out of memory) with "out of memory" on stderr and no output file that is not
#     identical to the reference's (no partial file, no temporary left behind);
# never another exit status, a sanitizer report (ASan/UBSan abort, a leak) or a "nan" on stdout
# that the reference does not have.
# The count of allocations is read off ORF_ALLOC_COUNT=1 (printed at exit).
# usage: bash alloc_faults.sh OREFLOW_BINARY SOURCE_DIR WORK_DIR
set -u
bin=$1 src=$2 work=$3
cd "$src" || exit 1
rm -rf "$work" && mkdir -p "$work" || exit 1
ORF_FAIL_ALLOC_AT=1 "$bin" units >/dev/null 2>&1
if [ $? -eq 0 ]; then
    echo "SKIP: $bin has no allocation-failure injector (configure with -DORF_SANITIZE=ON)"
    exit 77
fi
export ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=1
fails=0 total=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }

# the outputs of one run, comparable between runs: the workbook's parts but its creation time
snapshot() { # DIR -> DIR.snap (one file per output, sorted)
    local d=$1 f
    rm -rf "$d.snap" && mkdir -p "$d.snap"
    (cd "$d" && find . -type f | sort) | while read -r f; do
        local name=${f#./}
        name=${name//\//_}
        case "$f" in
        *.xlsx) unzip -p "$d/$f" 'xl/*' '[[]Content_Types].xml' 2>/dev/null >"$d.snap/$name" ||
            echo "unreadable workbook" >"$d.snap/$name" ;;
        *) cp "$d/$f" "$d.snap/$name" ;;
        esac
    done
}

# check NAME STRIDE ARGS...: ARGS may name @OUT@, a fresh empty directory for output files
check() {
    local name=$1 stride=$2
    shift 2
    [ -n "${ORF_ALLOC_STRIDE:-}" ] && stride=$ORF_ALLOC_STRIDE
    local d=$work/$name args=() a
    rm -rf "$d" && mkdir -p "$d"
    for a in "$@"; do args+=("${a//@OUT@/$d/out}"); done
    mkdir -p "$d/out"
    ORF_ALLOC_COUNT=1 "$bin" "${args[@]}" >"$d/ref.stdout" 2>"$d/ref.stderr"
    local rc=$? count
    count=$(sed -n 's/^oreflow: \([0-9]*\) allocations$/\1/p' "$d/ref.stderr" | tail -n 1)
    sed -i '/^oreflow: [0-9]* allocations$/d' "$d/ref.stderr"
    [ "$rc" -eq 0 ] || { fail "$name: the fault-free run exits $rc: $(head -n 3 "$d/ref.stderr")"; return; }
    [ -n "$count" ] || { fail "$name: no count of allocations"; return; }
    local nan0
    nan0=$(grep -ciw nan "$d/ref.stdout") # `units` documents results that are NaN in some modes
    snapshot "$d/out" && mv "$d/out.snap" "$d/ref.snap"
    local n covered=0
    for ((n = 1; n <= count; n += stride)); do
        covered=$((covered + 1))
        rm -rf "$d/out" && mkdir -p "$d/out"
        ORF_FAIL_ALLOC_AT=$n timeout 60 "$bin" "${args[@]}" >"$d/stdout" 2>"$d/stderr"
        rc=$?
        local what="$name, allocation $n of $count"
        if grep -Eq 'Sanitizer|runtime error' "$d/stderr"; then
            fail "$what: sanitizer report: $(grep -m 1 -E 'Sanitizer|runtime error' "$d/stderr")"
            continue
        fi
        [ "$(grep -ciw nan "$d/stdout")" -gt "$nan0" ] && fail "$what: nan on stdout (exit $rc)"
        snapshot "$d/out"
        if [ "$rc" -eq 0 ]; then
            cmp -s "$d/stdout" "$d/ref.stdout" || fail "$what: exit 0, stdout differs from the fault-free run: $(diff "$d/ref.stdout" "$d/stdout" | head -n 3 | tr '\n' ' ')"
            cmp -s "$d/stderr" "$d/ref.stderr" || fail "$what: exit 0, stderr differs from the fault-free run: $(diff "$d/ref.stderr" "$d/stderr" | head -n 3 | tr '\n' ' ')"
            diff -r "$d/ref.snap" "$d/out.snap" >/dev/null || fail "$what: exit 0, output files differ from the fault-free run: $(diff -rq "$d/ref.snap" "$d/out.snap" | head -n 2 | tr '\n' ' ')"
        elif [ "$rc" -eq 3 ]; then
            grep -q "out of memory" "$d/stderr" || fail "$what: exit 3 without 'out of memory' on stderr: $(head -n 2 "$d/stderr" | tr '\n' ' ')"
            local f
            for f in "$d/out.snap"/*; do
                [ -e "$f" ] || continue
                cmp -s "$f" "$d/ref.snap/${f##*/}" || fail "$what: exit 3 left a partial output file ${f##*/}"
            done
        else
            fail "$what: exit $rc (0 or 3 expected): $(head -n 2 "$d/stderr" | tr '\n' ' ')"
        fi
    done
    echo "$name: $covered of $count allocations refused (stride $stride)"
    total=$((total + covered))
}

fs=examples/recycle/scavenger_loop.yaml
meas=examples/recycle/scavenger_loop_measured.yaml
econ=tests/cases/alloc/econ_small.yaml
# strides: about a dozen N per command keeps the script near a minute under ASan; prime and
# different, so that the commands' common first steps (loading the flowsheet) are hit at many points
check units 1 units
check units_type 1 units recovery_separator
check check 23 check "$econ"
check run 23 run "$econ"
check run_json 37 run "$econ" --json
check run_csv 37 run "$econ" --csv @OUT@/csv
check run_report 41 run "$econ" --report @OUT@/rep
check run_xlsx 41 run "$econ" --xlsx @OUT@/book.xlsx
check mc 43 mc "$econ" -n 8 -j 1 --seed 1
check mc_json_csv 47 mc "$econ" -n 8 -j 1 --seed 1 --json --csv @OUT@/samples.csv
check sensitivity 29 sensitivity "$econ" --json
check scenarios 31 scenarios "$econ" tests/cases/alloc/econ_scen.yaml --json --report @OUT@/rep
check portfolio 29 portfolio "$econ" "$econ" --report @OUT@/rep
check reconcile 31 reconcile "$fs" "$meas"
check reconcile_files 37 reconcile "$fs" "$meas" --json @OUT@/r.json --csv @OUT@/r.csv
check calibrate 29 calibrate "$fs" "$meas" --fit rougher.recovery.chromite --out @OUT@/cal.yaml
check survey 23 survey "$fs" "$meas" --seed 1 --out @OUT@/survey.yaml
"$bin" run "$econ" --json >"$work/result.json" 2>/dev/null || fail "run --json for report"
check report 19 report "$work/result.json" @OUT@/rep --xlsx @OUT@/book.xlsx
# twoproduct and threeproduct allocate nothing (their GSL permutation is on the stack): refusing
# allocation 1 changes nothing
for args in "twoproduct --feed 2 --conc 40 --tail 1 --sd 0.1,1,0.05" \
    "threeproduct --feed 2,5 --conc1 40,3 --conc2 3,30 --tail 1,1"; do
    # shellcheck disable=SC2086
    ORF_ALLOC_COUNT=1 "$bin" $args >"$work/ref" 2>"$work/ref.err" || fail "$args: exit $?"
    grep -q allocations "$work/ref.err" && fail "$args: allocates: $(cat "$work/ref.err")"
    # shellcheck disable=SC2086
    ORF_FAIL_ALLOC_AT=1 "$bin" $args >"$work/out" 2>&1 || fail "$args, allocation 1 refused: exit $?"
    cmp -s "$work/ref" "$work/out" || fail "$args, allocation 1 refused: output differs"
done
echo "$total runs with an allocation refused, $fails failure(s)"
[ "$fails" -eq 0 ]
