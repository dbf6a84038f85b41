#!/usr/bin/env bash
# A flowsheet's materials_db extends the default database (issue 17): `oreflow check` takes the
# default's minerals with the file's, warns where a file's entry overrides a default one (naming
# both file:line:column), and refuses a file with a typo, each error located and saying what an
# entry needs.
# usage: bash materials_db.sh OREFLOW_BINARY SOURCE_DIR WORK_DIR
set -u
bin=$1 src=$2 work=$3
cd "$src" || exit 1
rm -rf "$work" && mkdir -p "$work" || exit 1
fail() { echo "FAIL: $*"; exit 1; }
qline=$(grep -n '^  quartz:$' data/materials.yaml | cut -d: -f1)
[ -n "$qline" ] || fail "quartz not found in data/materials.yaml"

cat > "$work/fs.yaml" <<'YAML'
name: copper ore with a user's mineral
materials_db: mydb.yaml
materials: [chalcopyrite, pyrite, quartz, tennantite]
feeds:
  ore: {solids_tph: 100, pct_solids: 30, mineralogy: {chalcopyrite: 3, pyrite: 5, quartz: 90, tennantite: 2}}
units:
  - {name: rougher, type: recovery_separator, in: [ore], out: [conc, tails],
     recovery: {chalcopyrite: 0.9, pyrite: 0.3, tennantite: 0.8}, default_recovery: 0.02}
  - {name: c, type: product, in: [conc]}
  - {name: t, type: product, in: [tails]}
YAML
# 1. a good file: one new mineral, one override (a warning naming both locations), one unchanged copy
cat > "$work/mydb.yaml" <<'YAML'
materials:
  tennantite: {density_kg_m3: 4620, formula: Cu12As4S13, source: "Handbook of Mineralogy"}
  quartz: {density_kg_m3: 2620, formula: SiO2, source: "my plant's pycnometer"}
  pyrite:
    phase: solid
    density_kg_m3: 5010
    formula: FeS2
    props: {hardness_mohs: 6.25}
YAML
"$bin" check "$work/fs.yaml" > "$work/out" 2> "$work/err"
rc=$?
[ "$rc" -eq 0 ] || fail "check of a good materials_db exited $rc: $(cat "$work/err")"
want="$work/mydb.yaml:3:3: warning: quartz: material 'quartz' overrides the default database's entry at $src/data/materials.yaml:$qline:3"
grep -qxF "$want" "$work/err" || fail "override warning: expected '$want', got: $(cat "$work/err")"
[ "$(grep -c 'warning' "$work/err")" -eq 1 ] || fail "expected one warning (pyrite is unchanged): $(cat "$work/err")"
grep -q 'ok (4 units, 3 streams, 5 materials' "$work/out" || fail "check output: $(cat "$work/out")"

# 2. a typo: every error located in the user's file and saying what an entry needs
cat > "$work/mydb.yaml" <<'YAML'
materials:
  tennantite: {densty_kg_m3: 4620, formula: Cu12As4S13}
  quartz: {density_kg_m3: 2620}
YAML
"$bin" check "$work/fs.yaml" > "$work/out" 2> "$work/err"
rc=$?
[ "$rc" -eq 2 ] || fail "check of a bad materials_db exited $rc, expected 2"
for want in \
    "$work/mydb.yaml:2:16: error: unknown key 'densty_kg_m3' in material 'tennantite' (did you mean 'density_kg_m3'?)" \
    "$work/mydb.yaml:2:3: error: tennantite: material 'tennantite' needs density_kg_m3 (grain density, kg/m³)" \
    "$work/mydb.yaml:3:3: error: quartz: material 'quartz' needs exactly one of 'formula' (e.g. CuFeS2) or 'analysis' (oxide mass %, e.g. {SiO2: 60, Al2O3: 40})"; do
    grep -qxF "$want" "$work/err" || fail "expected '$want', got: $(cat "$work/err")"
done
grep -q "did you mean 'density_kg_m3'?" "$work/err" || fail "no did-you-mean for the typo"
[ -s "$work/out" ] && fail "a refused file printed on stdout"

# 3. a materials_db that is not there: located in the flowsheet
sed -i 's/mydb.yaml/nodb.yaml/' "$work/fs.yaml"
"$bin" check "$work/fs.yaml" > "$work/out" 2> "$work/err"
[ $? -eq 2 ] || fail "a missing materials_db: expected exit 2"
grep -qF "$work/fs.yaml:2:15: error: materials_db: cannot open 'nodb.yaml'" "$work/err" ||
    fail "missing file: $(cat "$work/err")"
echo "ok: materials_db extends the default"
