#!/usr/bin/env bash
# Graphviz and libxlsxwriter are opened only when a run writes a diagram or a workbook (issue 20,
# goal 1; src/report/lazy_libs.c): a plain run loads neither (the dynamic loader's own list of the
# objects it maps, LD_DEBUG=files), --report loads Graphviz and --xlsx libxlsxwriter, and the files
# written are those of a linked build (the report's diagram is there; the workbook opens as a zip
# with its sheets). Skipped when the program links them (-DORF_LAZY_REPORT_LIBS=OFF, or a build
# without them).
# usage: bash lazy_report_libs.sh OREFLOW_BINARY SOURCE_DIR WORK_DIR
set -u
bin=$1 src=$2 work=$3
cd "$src" || exit 1
rm -rf "$work" && mkdir -p "$work" || exit 1
if ldd "$bin" 2>/dev/null | grep -qE 'libgvc|libxlsxwriter'; then
  echo "SKIP: $bin links Graphviz or libxlsxwriter"; exit 77
fi
if ! "$bin" units >/dev/null 2>&1; then echo "FAIL: $bin does not run"; exit 1; fi
f=examples/recycle/grinding_loop.yaml
fail=0
loaded() { grep -oE 'file=lib(gvc|cgraph|xlsxwriter)\.so[^ ]*' "$1" | sort -u | tr '\n' ' '; }

LD_DEBUG=files "$bin" run "$f" --json > "$work/plain.json" 2> "$work/plain.ld" || { echo "FAIL: plain run"; fail=1; }
[ -z "$(loaded "$work/plain.ld")" ] || { echo "FAIL: a plain run loaded $(loaded "$work/plain.ld")"; fail=1; }

LD_DEBUG=files "$bin" run "$f" --quiet --report "$work/rep" 2> "$work/rep.ld" || { echo "FAIL: --report run"; fail=1; }
l=$(loaded "$work/rep.ld")
case "$l" in *libgvc*) ;; *) echo "FAIL: --report did not load Graphviz ($l)"; fail=1 ;; esac
case "$l" in *xlsxwriter*) echo "FAIL: --report loaded libxlsxwriter"; fail=1 ;; esac
grep -q '<g id="unit-ball_mill"' "$work/rep/report.html" || { echo "FAIL: no diagram in the report"; fail=1; }

LD_DEBUG=files "$bin" run "$f" --quiet --xlsx "$work/out.xlsx" 2> "$work/xlsx.ld" || { echo "FAIL: --xlsx run"; fail=1; }
l=$(loaded "$work/xlsx.ld")
case "$l" in *xlsxwriter*) ;; *) echo "FAIL: --xlsx did not load libxlsxwriter ($l)"; fail=1 ;; esac
case "$l" in *libgvc*) echo "FAIL: --xlsx loaded Graphviz"; fail=1 ;; esac
python3 - "$work/out.xlsx" <<'PY' || { echo "FAIL: the workbook is not a workbook with sheets"; fail=1; }
import sys, zipfile
z = zipfile.ZipFile(sys.argv[1])
sheets = [n for n in z.namelist() if n.startswith("xl/worksheets/sheet")]
assert sheets and b"<sheetData>" in z.read(sheets[0]), sheets
PY
[ $fail = 0 ] && echo "lazy_report_libs: plain run loads neither library; --report Graphviz, --xlsx libxlsxwriter"
exit $fail
