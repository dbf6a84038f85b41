#!/usr/bin/env bash
# MPI scale-out of `oreflow mc` (issue 21, part 2; docs/cluster.md): under mpirun the samples
# spread over the ranks, and the JSON for a seed is the same byte for byte as one process's with
# `-j 1` on 4 ranks (and the same as `-j 2` on 2 ranks of 2 threads each: only the "threads" field,
# which echoes -j, differs from -j 1); with failed samples (3 ranks) the counts, the
# first failed sample and its diagnostic are the lowest over all ranks, as on one process; a bad
# file fails on every rank with one diagnostic; a plain run of the MPI build never touches MPI.
# `oreflow optimize` under mpirun gives the JSON of one process whatever the ranks and threads.
# Skipped (exit 0 with a message) when mpirun is missing or the binary was built without MPI.
# usage: bash mpi.sh OREFLOW_BINARY SOURCE_DIR WORK_DIR
set -u
bin=$1 src=$2 work=$3
cd "$src" || exit 1
rm -rf "$work" && mkdir -p "$work" || exit 1
fail() { echo "FAIL: $*"; exit 1; }
if ! command -v mpirun > /dev/null 2>&1; then
  echo "SKIP: mpirun not found (install openmpi-bin, libopenmpi-dev: scripts/install-deps.sh)"
  exit 0
fi
if [ ! -e "$(dirname "$bin")/oreflow-mpi.so" ]; then
  echo "SKIP: $bin was built without MPI (configure found no libopenmpi-dev; no oreflow-mpi.so)"
  exit 0
fi
# the program itself links no MPI library: the plug-in is opened only under a launcher (issue 20)
ldd "$bin" 2> /dev/null | grep -q 'libmpi' && fail "$bin links libmpi (a plain run would load it)"
# OpenMPI's own allocations at MPI_Init / MPI_Finalize that it never frees (not oreflow's) are
# suppressed by tests/support/lsan-openmpi.supp. The suppressions need whole allocation stacks:
# OpenMPI's plug-ins have no frame pointers (ASan's fast unwinder stops in them, leaving frames
# of no known module), and must stay loaded past MPI_Finalize to be named.
export LSAN_OPTIONS="suppressions=$src/tests/support/lsan-openmpi.supp:print_suppressions=0${LSAN_OPTIONS:+:$LSAN_OPTIONS}"
export ASAN_OPTIONS="fast_unwind_on_malloc=0${ASAN_OPTIONS:+:$ASAN_OPTIONS}"
export OMPI_MCA_mca_base_component_disable_dlclose=1
# a container runs as root; ranks may outnumber the cores; no network interfaces needed
mpi=(mpirun --allow-run-as-root --oversubscribe --mca btl self,vader --mca btl_vader_single_copy_mechanism none)
export OMPI_MCA_rmaps_base_oversubscribe=1
chain=examples/chromite/chain.yaml
n=12
"$bin" mc "$chain" -n $n --seed 3 --json > "$work/j1.json" 2> "$work/j1.err" || fail "-j 1 rc=$?"
"$bin" mc "$chain" -n $n --seed 3 -j 2 --json > "$work/j2.json" 2> /dev/null || fail "-j 2 rc=$?"
for ranks in 4; do
  "${mpi[@]}" -n $ranks "$bin" mc "$chain" -n $n --seed 3 --json > "$work/n$ranks.json" \
    2> "$work/n$ranks.err" || { cat "$work/n$ranks.err"; fail "mpirun -n $ranks rc=$?"; }
  cmp "$work/j1.json" "$work/n$ranks.json" || fail "-n $ranks JSON differs from -j 1"
done
# ranks x threads
"${mpi[@]}" -n 2 "$bin" mc "$chain" -n $n --seed 3 -j 2 --json > "$work/n2j2.json" \
  2> "$work/n2j2.err" || { cat "$work/n2j2.err"; fail "mpirun -n 2 -j 2"; }
cmp "$work/j2.json" "$work/n2j2.json" || fail "-n 2 -j 2 JSON differs from -j 2"
python3 - "$work" <<'PY' || fail "field comparison"
import json, sys
w = sys.argv[1]
a = json.load(open(w + "/j1.json"))
b = json.load(open(w + "/n2j2.json"))
assert a["samples"] == 12 and a["failed"] == 0 and a["solves"] == 12, a
assert a["threads"] == 1 and b["threads"] == 2
b["threads"] = 1
assert a == b, "ranks x threads differ from -j 1 beyond the threads field"
PY
# failed samples: half the draws of a recovery lie above 1 (as tests/cli/mc_failures.sh)
sed 's/dist: uniform, min: 0.85, max: 0.95/dist: uniform, min: 0.85, max: 1.15/' \
  tests/cases/econ_two_stage.yaml > "$work/fail.yaml"
grep -q 'max: 1.15' "$work/fail.yaml" || fail "case not made"
"$bin" mc "$work/fail.yaml" -n 60 --seed 5 --json > "$work/f1.json" 2> "$work/f1.err" ||
  fail "fail -j 1"
"${mpi[@]}" -n 3 "$bin" mc "$work/fail.yaml" -n 60 --seed 5 --json > "$work/f3.json" \
  2> "$work/f3.err" || { cat "$work/f3.err"; fail "fail -n 3"; }
cmp "$work/f1.json" "$work/f3.json" || fail "failed samples: -n 3 JSON differs from -j 1"
python3 - "$work" <<'PY' || fail "failures"
import json, sys
w = sys.argv[1]
a = json.load(open(w + "/f1.json"))
assert 10 < a["failed"] < 50, a["failed"]
f = a["failures"]
assert f["first_sample"] >= 0 and "rougher.recovery.chromite = 1." in f["first_diagnostic"], f
PY
# the stderr summary of failures is printed once (rank 0), with the same first failure
[ "$(grep -c 'samples failed and are left out' "$work/f3.err")" = 1 ] || fail "failure summary"
diff <(grep 'samples failed' "$work/f1.err") <(grep 'samples failed' "$work/f3.err") ||
  fail "failure summary differs"
# a bad file: every rank fails, rank 0 says why, once
printf 'units:\n  a: {type: nosuchtype}\n' > "$work/bad.yaml"
"${mpi[@]}" -n 2 "$bin" mc "$work/bad.yaml" -n 10 > /dev/null 2> "$work/bad.err" &&
  fail "bad file accepted"
[ "$(grep -c 'bad.yaml:' "$work/bad.err")" = 1 ] || { cat "$work/bad.err"; fail "bad file diags"; }
# ---- oreflow optimize: the evaluations spread over ranks (and -j threads) give the JSON of one
# process byte for byte: SLSQP's gradient batches, the global method's population and local runs,
# the integer combinations, the Pareto front, the flagship (examples/chromite/optimize/npv.yaml
# with the global method and a small budget), and failing points (specfail.yaml: the failures by
# cause and the first one's diagnostic)
oc=tests/cases/optimize
sed 's/max_evaluations: 40/max_evaluations: 24/; s/method: cobyla/method: global/' \
  examples/chromite/optimize/npv.yaml > "$work/npv_global.yaml"
grep -q 'method: global' "$work/npv_global.yaml" || fail "npv case not made"
ocase() { # NAME RANKS THREADS ARGS...: optimize on RANKS ranks (0: no mpirun) into NAME.json
  local name=$1 ranks=$2 threads=$3
  shift 3
  local pre=()
  [ "$ranks" -gt 0 ] && pre=("${mpi[@]}" -n "$ranks")
  "${pre[@]}" "$bin" optimize "$@" -j "$threads" --json "$work/$name.json" > "$work/$name.out" \
    2> "$work/$name.err"
  local rc=$?
  [ "$rc" -le 1 ] || { cat "$work/$name.err"; fail "optimize $name rc=$rc"; }
  [ "$(grep -c '^Optimisation of' "$work/$name.out")" = 1 ] || fail "optimize $name: output"
}
# NAME, the ranks x threads to compare (0 ranks: no mpirun), then the arguments
for c in "slsqp 1x1,2x1,4x1,2x2,0x3 $oc/blend.yaml --method slsqp" \
         "global 1x1,2x1,4x1,2x2,0x3 $oc/blend.yaml --method global" \
         "int 3x1,0x2 $oc/flot.yaml" "pareto 2x2 $oc/blend.yaml --spec $oc/pareto.yaml" \
         "npv 2x1,4x1 $chain --spec $work/npv_global.yaml" "specfail 2x1,3x1,0x2 $oc/specfail.yaml"; do
  read -r -a a <<< "$c"
  name=${a[0]}
  ocase "o_$name" 0 1 "${a[@]:2}"
  for rt in ${a[1]//,/ }; do
    ranks=${rt%x*} threads=${rt#*x}
    ocase "o_${name}_$rt" "$ranks" "$threads" "${a[@]:2}"
    cmp "$work/o_$name.json" "$work/o_${name}_$rt.json" ||
      fail "optimize $name: $ranks ranks x $threads threads differ from one process"
  done
done
python3 - "$work" <<'PY' || fail "optimize results"
import json, sys
w = sys.argv[1]
for name in ("slsqp", "global"):
    o = json.load(open(f"{w}/o_{name}.json"))["optimize"]
    a, b = (v["value"] for v in o["variables"])
    assert o["feasible"] and abs(a - 1) < 1e-5 and abs(b - 2 / 3) < 1e-5, (name, a, b)
o = json.load(open(f"{w}/o_int.json"))["optimize"]
assert o["integer_combinations"] == 12 and o["variables"][0]["value"] == 10, o["variables"]
assert len(json.load(open(f"{w}/o_pareto.json"))["optimize"]["pareto"]["points"]) == 5
o = json.load(open(f"{w}/o_npv.json"))["optimize"]
assert o["method"] == "global" and o["evaluations"] == 24, (o["method"], o["evaluations"])
# failing points: the first failure (lowest evaluation, its diagnostic re-derived on every rank)
o = json.load(open(f"{w}/o_specfail.json"))["optimize"]
ff = o["first_failure"]
assert ff["evaluation"] == 4 and ff["cause"] == "design_spec" and "'grade'" in ff["diagnostic"], ff
assert o["failures"]["design_spec"] == o["failed_evaluations"] > 0, o["failures"]
PY
# a bad file: every rank fails, rank 0 says why, once
"${mpi[@]}" -n 2 "$bin" optimize "$work/bad.yaml" > /dev/null 2> "$work/obad.err" &&
  fail "optimize: bad file accepted"
[ "$(grep -c 'bad.yaml:' "$work/obad.err")" = 1 ] || { cat "$work/obad.err"; fail "optimize bad"; }
# SIGUSR1 to mpirun (which forwards it; it ends the job on SIGINT) stops every rank at the same
# batch and keeps the best point
cat > "$work/long.yaml" <<'Y'
optimize:
  maximize: streams.blended.solids_tph
  method: isres
  max_evaluations: 100000000
  variables:
    - {param: split_a.fractions.0, min: 0, max: 1}
    - {param: split_b.fractions.0, min: 0, max: 1}
  constraints: [{path: streams.blended.assay.chromite, at_least: 60}]
Y
"${mpi[@]}" -n 2 "$bin" optimize "$oc/blend.yaml" --spec "$work/long.yaml" \
  --json "$work/usr1.json" > /dev/null 2> "$work/usr1.err" &
pid=$!
sleep 4
kill -USR1 "$pid"
wait "$pid"
[ $? = 1 ] || { cat "$work/usr1.err"; fail "optimize: SIGUSR1 under mpirun: exit"; }
python3 -c "
import json; o = json.load(open('$work/usr1.json'))['optimize']
assert o['status'] == 'interrupted' and o['evaluations'] > 0, o['status']
assert o['feasible'] and o['objective']['value'] > 100, o['objective']" ||
  fail "optimize: SIGUSR1 did not keep the best point"
# a plain run needs no launcher and prints nothing of MPI
grep -qi 'mpi\|orte\|pmix' "$work/j1.err" && fail "MPI noise in a plain run: $(cat "$work/j1.err")"
echo "ok"
