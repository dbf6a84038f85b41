#!/usr/bin/env bash
# Every example's terminal output, --json result, CSV files, Monte Carlo, sensitivity, reconciliation
# and HTML report are identical to the outputs committed in tests/golden/ (written by
# scripts/golden.sh from the code before the restructuring of issue 14; the version field aside).
# A change that is meant to change results regenerates them and says why in its commit:
#   bash scripts/golden.sh build-asan/oreflow tests/golden
# usage: bash golden.sh OREFLOW_BINARY SOURCE_DIR WORK_DIR
set -u
bin=$1 src=$2 work=$3
cd "$src" || exit 1
rm -rf "$work" && mkdir -p "$work" || exit 1
bash scripts/golden.sh "$bin" "$work/out" || { echo "FAIL: golden.sh rc=$?"; exit 1; }
if ! diff -r tests/golden "$work/out" > "$work/diff.txt"; then
  head -60 "$work/diff.txt"
  echo "FAIL: outputs differ from tests/golden ($(wc -l < "$work/diff.txt") diff lines)"
  exit 1
fi
echo "golden: $(find tests/golden -type f | wc -l) files identical"
