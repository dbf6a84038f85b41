#!/usr/bin/env bash
# Input size is capped (issue 15, finding 8): /dev/zero, /dev/urandom, a sparse 2 GB file and a file
# over ORF_MAX_INPUT_BYTES give "FILE: input larger than N bytes" and exit 2, at once and in bounded
# memory, for a flowsheet, a result JSON (report) and plant data (CSV).
# Usage: bash input_limits.sh OREFLOW SOURCE_DIR WORK_DIR
set -uo pipefail
ORF=$1 SRC=$2 WORK=$3
rm -rf "$WORK" && mkdir -p "$WORK"
fail() { echo "FAIL: $*"; exit 1; }
# a memory cap where the binary runs under one (an ASan build reserves terabytes of address space)
CAP=()
(prlimit --as=2000000000 "$ORF" --version > /dev/null; exit $?) > /dev/null 2>&1 && CAP=(prlimit --as=2000000000)
expect() { # expect CODE STDERR_SUBSTRING ARGS...
    local code=$1 want=$2 rc
    shift 2
    timeout 60 "${CAP[@]}" "$ORF" "$@" > "$WORK/out" 2> "$WORK/err" < /dev/null
    rc=$?
    [ "$rc" -eq "$code" ] || { head -c 2000 "$WORK/err"; fail "oreflow $* exited $rc, expected $code"; }
    [ -z "$want" ] || grep -qF -- "$want" "$WORK/err" || { head -c 2000 "$WORK/err"; fail "oreflow $*: no '$want' on stderr"; }
}
msg="input larger than 67108864 bytes (set ORF_MAX_INPUT_BYTES to raise the limit)"
expect 2 "/dev/zero: error: $msg" check /dev/zero
expect 2 "/dev/zero: error: $msg" run /dev/zero
ORF_MAX_INPUT_BYTES=1M expect 2 "/dev/urandom: error: input larger than 1048576 bytes" check /dev/urandom
# a sparse 2 GB file: refused from its size, before a byte is read
truncate -s 2G "$WORK/big.yaml" && cp --sparse=always "$WORK/big.yaml" "$WORK/big.json"
start=$(date +%s)
expect 2 "big.yaml: error: $msg" check "$WORK/big.yaml"
expect 2 "big.json: error: $msg" report "$WORK/big.json" "$WORK/r"
[ $(($(date +%s) - start)) -le 20 ] || fail "a sparse 2 GB file took more than 20 s to refuse"
[ ! -e "$WORK/r/report.html" ] || fail "a report was written for an oversized result"
# plant data (CSV) goes through the same reader
truncate -s 2G "$WORK/big.csv"
expect 2 "big.csv: error: $msg" reconcile "$SRC/examples/recycle/scavenger_loop.yaml" "$WORK/big.csv"
# the limit is configurable: a small one refuses an ordinary flowsheet, a large one lets it through
cp "$SRC/examples/recycle/scavenger_loop.yaml" "$WORK/fs.yaml"
ORF_MAX_INPUT_BYTES=100 expect 2 "fs.yaml: error: input larger than 100 bytes" check "$WORK/fs.yaml"
ORF_MAX_INPUT_BYTES=1G expect 0 "" check "$WORK/fs.yaml"
# a file of exactly the limit is accepted (the flowsheet and the materials database it reads)
size=$(stat -c %s "$WORK/fs.yaml") dbsize=$(stat -c %s "$SRC/data/materials.yaml")
[ "$dbsize" -gt "$size" ] && size=$dbsize
ORF_MAX_INPUT_BYTES=$size expect 0 "" check "$WORK/fs.yaml"
ORF_MAX_INPUT_BYTES=$((size - 1)) expect 2 "error: input larger than $((size - 1)) bytes" check "$WORK/fs.yaml"
echo "ok: input limits"
