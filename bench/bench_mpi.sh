#!/usr/bin/env bash
# Benchmark: parallel efficiency of `oreflow mc` spread over MPI ranks on this machine (issue 21,
# part 2; docs/cluster.md). The same run (FILE, N samples, seed 2026) on one process with -j 1,
# then under mpirun on 2 and 4 ranks (oversubscribed when the machine has fewer cores) and on
# one process with -j 2 threads for comparison; each line gives the wall time, the speed-up
# T1 / Tp and the parallel efficiency T1 / (p Tp), and checks that the JSON equals the -j 1 one.
# Wall times on a shared machine vary with its load: run it on an idle one. The times include
# mpirun's start (about 0.5 s) and each rank's own load and base-case solve. The CPU time (user +
# system of every process, from bash's `time`) does not depend on the load: the CPU efficiency
# T1cpu / Tpcpu is the parallel efficiency an idle machine with p free cores would reach at most.
# CMake copies it to the build folder as bench_mpi (run by `make bench`).
# usage: bench_mpi [OREFLOW] [FILE] [N]
set -u
here=$(cd "$(dirname "$0")" && pwd)
bin=${1:-$here/oreflow}
src=@PROJECT_SOURCE_DIR@
file=${2:-$src/examples/chromite/chain.yaml}
n=${3:-400}
export ORF_DATA_DIR=${ORF_DATA_DIR:-$src/data}
if ! command -v mpirun > /dev/null 2>&1; then
  echo "bench_mpi: skipped: mpirun not found (openmpi-bin)"
  exit 0
fi
if [ ! -e "$(dirname "$bin")/oreflow-mpi.so" ]; then # the MPI plug-in (cli/mpi_ops.h)
  echo "bench_mpi: skipped: $bin was built without MPI (no oreflow-mpi.so beside it)"
  exit 0
fi
cores=$(nproc)
work=$(mktemp -d) || exit 1
trap 'rm -rf "$work"' EXIT
mpi=(mpirun --allow-run-as-root --oversubscribe --mca btl self,vader
     --mca btl_vader_single_copy_mechanism none)
TIMEFORMAT='%R %U %S'
run() { # name, then the command; prints the wall seconds and the CPU seconds (all processes)
  local t
  { time "${@:2}" > "$work/$1.json" 2> "$work/$1.err"; } 2> "$work/$1.time" ||
    { cat "$work/$1.err" >&2; return 1; }
  t=$(tail -n 1 "$work/$1.time")
  awk -v t="$t" 'BEGIN { split(t, a, " "); print a[1], a[2] + a[3] }'
}
args=(mc "$file" -n "$n" --seed 2026 --json)
read -r t1 c1 <<< "$(run j1 "$bin" "${args[@]}")" || exit 1
[ -n "$c1" ] || exit 1
printf 'bench_mpi: %s: %s samples on 1 process, 1 thread in %.2f s, %.2f s CPU (%d cores)\n' \
  "$(basename "$file")" "$n" "$t1" "$c1" "$cores"
report() { # name, processes x threads, label, wall seconds, CPU seconds
  local same="equals the -j 1 JSON"
  if [ "$1" = j2 ]; then
    python3 - "$work/j1.json" "$work/j2.json" <<'PY' || same="DIFFERS from the -j 1 JSON"
import json, sys
a, b = (json.load(open(p)) for p in sys.argv[1:])
b["threads"] = a["threads"]
sys.exit(a != b)
PY
  else
    cmp -s "$work/j1.json" "$work/$1.json" || same="DIFFERS from the -j 1 JSON"
  fi
  local fig
  fig=$(awk -v t1="$t1" -v tp="$4" -v p="$2" -v c1="$c1" -v cp="$5" \
    'BEGIN { printf "speed-up %.2f, parallel efficiency %.0f %%; %.2f s CPU, CPU efficiency %.0f %%",
             t1 / tp, 100 * t1 / (p * tp), cp, 100 * c1 / cp }')
  printf 'bench_mpi: %s: %s samples on %s in %.2f s: %s (%s)\n' "$(basename "$file")" "$n" "$3" \
    "$4" "$fig" "$same"
}
for p in 2 4; do
  over=""
  [ "$p" -gt "$cores" ] && over=", oversubscribed"
  read -r tp cp <<< "$(run "n$p" "${mpi[@]}" -n "$p" "$bin" "${args[@]}")" || exit 1
  [ -n "$cp" ] || exit 1
  report "n$p" "$p" "$p MPI ranks$over" "$tp" "$cp"
done
read -r tp cp <<< "$(run j2 "$bin" "${args[@]}" -j 2)" || exit 1
[ -n "$cp" ] || exit 1
report j2 2 "1 process, 2 threads" "$tp" "$cp"

# ---- oreflow optimize spread over ranks (cli/opt_share.c): the flagship's design
# (examples/chromite/optimize/npv.yaml) by the global method (a population of 50 evaluated as one
# batch, then COBYLA from its 4 best members, each a task) with a budget of OPT_EVALS evaluations,
# on 1 process, on 2 MPI ranks and on 1 process with 2 threads; the JSON must equal the serial
# one. BENCH lines: the wall times and the parallel efficiency T1 / (p Tp).
evals=${OPT_EVALS:-120}
[ -n "${BENCH_QUICK:-}" ] && [ "${BENCH_QUICK}" != 0 ] && evals=60
sed "s/max_evaluations: 40/max_evaluations: $evals/; s/method: cobyla/method: global/" \
  "$src/examples/chromite/optimize/npv.yaml" > "$work/npv.yaml"
oargs=(optimize "$src/examples/chromite/chain.yaml" --spec "$work/npv.yaml" --json -)
read -r o1 oc1 <<< "$(run o1 "$bin" "${oargs[@]}")" || exit 1
[ -n "$oc1" ] || exit 1
printf 'BENCH name=opt_mpi.flagship_global.wall_p1 value=%g unit=s desc="optimize (flagship, global, %s evaluations) on 1 process" note="%.2f s CPU"\n' \
  "$o1" "$evals" "$oc1"
for cfg in "n2 2 2 MPI ranks" "t2 2 1 process, 2 threads"; do
  read -r name p label <<< "$cfg"
  if [ "$name" = n2 ]; then
    read -r tp cp <<< "$(run "o$name" "${mpi[@]}" -n 2 "$bin" "${oargs[@]}")" || exit 1
  else
    read -r tp cp <<< "$(run "o$name" "$bin" "${oargs[@]}" -j 2)" || exit 1
  fi
  [ -n "$cp" ] || exit 1
  same="identical JSON"
  cmp -s "$work/o1.json" "$work/o$name.json" || same="JSON DIFFERS"
  awk -v t1="$o1" -v tp="$tp" -v p="$p" -v c1="$oc1" -v cp="$cp" -v n="$name" -v l="$label" \
    -v s="$same" -v e="$evals" 'BEGIN {
      printf "BENCH name=opt_mpi.flagship_global.wall_%s value=%g unit=s desc=\"optimize (flagship, global, %s evaluations) on %s\" note=\"speed-up %.2f; %s\"\n", n, tp, e, l, t1 / tp, s
      printf "BENCH name=opt_mpi.flagship_global.efficiency_%s value=%.1f unit=%% desc=\"optimize parallel efficiency T1/(p Tp) on %s\" note=\"CPU efficiency %.0f %%\"\n", n, 100 * t1 / (p * tp), l, 100 * c1 / cp }'
done
