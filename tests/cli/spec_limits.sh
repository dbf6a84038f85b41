#!/usr/bin/env bash
# A design spec with a limit (target at_most / at_least, adjust.prefer): two sources blended so
# the concentrate's SiO2 stays within a limit, checked against the blend worked by hand.
# Source A 100 t/h (50 % chromite, 50 % quartz), source B x t/h (30 % / 70 %), one separator
# recovering 90 % of the chromite and 10 % of the quartz; chromite carries 0.3 % SiO2
# (data/materials.yaml). Concentrate SiO2 % = 100 (0.0027 (50 + 0.3x) + 0.1 (50 + 0.7x)) /
# (0.9 (50 + 0.3x) + 0.1 (50 + 0.7x)) = (513.5 + 7.081x) / (50 + 0.34x):
#  - at most 12 %, B as much as possible (prefer max, x in [0, 100]): the limit binds at
#    x = 86.5 / 3.001 = 28.8237...;
#  - at most 15 %: not binding, x = 100 (SiO2 14.5400 %);
#  - at least 11 %, B as little as possible (prefer min): x = 36.5 / 3.341 = 10.9249...;
# and the errors are located: a limit without prefer, prefer with an equality target, both value
# and at_most, an unknown prefer.
# Usage: spec_limits.sh OREFLOW_BINARY SOURCE_DIR WORK_DIR
set -euo pipefail
bin=$1 src=$2 work=$3
mkdir -p "$work"
mk() { # name, target line, adjust extra
    cat > "$work/$1.yaml" <<YAML
name: blend to a silica limit
materials: [chromite, quartz]
feeds:
  source_a: {solids_tph: 100, mineralogy: {chromite: 50, quartz: 50}}
  source_b: {solids_tph: 50, mineralogy: {chromite: 30, quartz: 70}}
units:
  - {name: blend, type: mixer, in: [source_a, source_b], out: [plant_feed]}
  - name: sep
    type: recovery_separator
    in: [plant_feed]
    out: [concentrate, tailings]
    recovery: {chromite: 0.9, quartz: 0.1}
specs:
  - name: silica
    adjust: {unit: source_b, param: solids_tph, min: 0, max: 100$3}
    target: {stream: concentrate, assay: SiO2, $2}
YAML
}
mk tight "at_most: 12" ", prefer: max"
mk loose "at_most: 15" ", prefer: max"
mk least "at_least: 11" ", prefer: min"
for f in tight loose least; do "$bin" run "$work/$f.yaml" --json > "$work/$f.json"; done
python3 - "$work" <<'PY'
import json, sys
w = sys.argv[1]
def spec(f):
    d = json.load(open(f"{w}/{f}.json"))
    assert d["specs_met"], d["specs"]
    return d["specs"][0]
s = spec("tight")
assert abs(s["value"] - 86.5 / 3.001) < 1e-6 * 28.8, s
assert abs(s["achieved"] - 12) < 1e-6 and s["limit"] == "at_most" and s["active"] is True, s
s = spec("loose")
assert s["value"] == 100 and s["active"] is False, s
assert abs(s["achieved"] - (513.5 + 708.1) / 84.0) < 1e-9, s
s = spec("least")
assert abs(s["value"] - 36.5 / 3.341) < 1e-6 * 10.9, s
assert abs(s["achieved"] - 11) < 1e-6 and s["limit"] == "at_least" and s["active"], s
print("limits: as worked by hand")
PY
"$bin" run "$work/tight.yaml" | grep "(at most 12: the limit binds)" >/dev/null || { echo "FAIL: summary line"; exit 1; }
mk noprefer "at_most: 12" ""
mk prefval "value: 12" ", prefer: max"
mk both "value: 12, at_most: 12" ", prefer: max"
mk badprefer "at_most: 12" ", prefer: more"
chk() { # file, pattern
    if "$bin" run "$work/$1.yaml" > "$work/$1.out" 2>&1; then echo "FAIL: $1 accepted"; exit 1; fi
    grep -Eq "$2" "$work/$1.out" || { echo "FAIL: $1:"; cat "$work/$1.out"; exit 1; }
}
chk noprefer "noprefer\.yaml:[0-9]+:[0-9]+: .*needs adjust\.prefer: min or max"
chk prefval "prefval\.yaml:[0-9]+:[0-9]+: .*adjust\.prefer applies to a limit"
chk both "both\.yaml:[0-9]+:[0-9]+: .*exactly one of 'value'"
chk badprefer "badprefer\.yaml:[0-9]+:[0-9]+: .*expected min or max \(found 'more'\)"
echo "spec limits: OK"
