#!/usr/bin/env bash
# Valid but implausible values a new user types (issue 15, finding 13): a fraction where a
# percentage belongs (pct_solids: 0.4) and millimetres typed as micrometres (d50c_um: 0.5, a feed's
# d63_um: 0.2) each give a located warning naming the likely intent; the file still checks (exit 0),
# and no example warns.
# usage: bash slip_warnings.sh OREFLOW_BINARY SOURCE_DIR WORK_DIR
set -u
bin=$1 src=$2 work=$3
cd "$src" || exit 1
rm -rf "$work" && mkdir -p "$work" || exit 1
fail() { echo "FAIL: $*"; exit 1; }
f=tests/cases/unit_slips.yaml
"$bin" check "$f" > "$work/out" 2> "$work/err" || fail "check exited $? (warnings must not fail it)"
grep -qF "$f:7:38: warning: ore: parameter 'pct_solids' of unit 'ore' is 0.4 mass %: that looks like a fraction (did you mean 40 mass %?)" "$work/err" ||
    { cat "$work/err"; fail "no fraction warning for pct_solids"; }
grep -qF "$f:9:100: warning: cyc: parameter 'd50c_um' of unit 'cyc' is 0.5 µm: that looks like millimetres (0.5 mm = 500 µm)" "$work/err" ||
    { cat "$work/err"; fail "no millimetre warning for d50c_um"; }
grep -qF "$f:7:123: warning: ore: psd.d63_um is 0.2 µm, finer than any ore feed" "$work/err" ||
    { cat "$work/err"; fail "no millimetre warning for the feed's d63_um"; }
for e in examples/*/*.yaml; do
  case "$e" in *_measured.yaml | *_survey_plan.yaml) continue ;; esac
  "$bin" check "$e" > /dev/null 2> "$work/ex.err"
  if grep -q 'looks like\|finer than any ore feed' "$work/ex.err"; then cat "$work/ex.err"; fail "$e warns"; fi
done
echo "slip_warnings: ok"
