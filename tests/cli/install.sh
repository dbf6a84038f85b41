#!/usr/bin/env bash
# The installation (docs/install.md): `cmake --install` of this build into a temporary prefix, then
# from another directory and without ORF_DATA_DIR, the installed program runs every example, finds
# the installed data, agrees with the build tree; the shared library exports the public API only
# (prefixed orf_, SONAME liboreflow.so.ABI); a C program built with `pkg-config --cflags --libs
# oreflow` against the installed headers links (shared, and static with --static) and solves the
# flagship to the same NPV as the program; the Python package, installed in Debian's layout, imports
# with the installed library and gives the same NPV; man pages and bash completion are installed
# and work.
set -euo pipefail
bin=$(realpath "$1"); src=$(realpath "$2"); work=$3
build=$(dirname "$bin")
rm -rf "$work"; mkdir -p "$work"
fail() { echo "install: $*" >&2; exit 1; }
command -v pkg-config >/dev/null || { echo "install: no pkg-config: skipped"; exit 77; }
cache="$build/CMakeCache.txt"
[ -f "$cache" ] || fail "no $cache"
cc=$(sed -n 's/^CMAKE_C_COMPILER:[A-Z]*=//p' "$cache")
sanflags=""
if grep -q '^ORF_SANITIZE:BOOL=ON' "$cache"; then
  sanflags="-fsanitize=address,undefined,float-cast-overflow -fno-sanitize-recover=all"
fi

# build what the install needs (the test runs after the build, but man pages are a target of
# their own), then install
cmake --build "$build" --target oreflow_shared oreflow_man >/dev/null
prefix="$work/prefix"
cmake --install "$build" --prefix "$prefix" >"$work/install.log"
libdir=$(sed -n 's/^CMAKE_INSTALL_LIBDIR:[A-Z]*=//p' "$cache"); libdir=${libdir:-lib}
abi=$(sed -n 's/^#define ORF_ABI_VERSION \([0-9]*\)$/\1/p' "$src/include/oreflow/common.h")
version=$(sed -n 's/^#define ORF_VERSION_STRING "\(.*\)"$/\1/p' "$src/include/oreflow/common.h")
for f in bin/oreflow "$libdir/liboreflow.so" "$libdir/liboreflow.so.$abi" \
         "$libdir/liboreflow.so.$version" "$libdir/liboreflow.a" include/oreflow.h \
         include/oreflow/common.h include/oreflow/econ.h "$libdir/pkgconfig/oreflow.pc" \
         share/oreflow/data/materials.yaml share/oreflow/data/thermo.yaml \
         share/oreflow/examples/chromite/chain.yaml share/doc/oreflow/README.md \
         share/doc/oreflow/docs/format.md share/man/man1/oreflow.1 share/man/man5/oreflow-format.5 \
         share/bash-completion/completions/oreflow; do
  [ -e "$prefix/$f" ] || fail "not installed: $f"
done
# every public header installed
for h in "$src"/include/oreflow/*.h; do
  cmp -s "$h" "$prefix/include/oreflow/$(basename "$h")" || fail "header $(basename "$h") not installed"
done

# the shared library: SONAME, exports = the public API, all prefixed orf_
soname=$(objdump -p "$prefix/$libdir/liboreflow.so" | awk '$1 == "SONAME" {print $2}')
[ "$soname" = "liboreflow.so.$abi" ] || fail "SONAME '$soname', expected liboreflow.so.$abi"
if command -v python3 >/dev/null; then
  python3 "$src/scripts/public-api.py" check "$src" "$prefix/$libdir/liboreflow.so" >"$work/api.txt" \
    || { cat "$work/api.txt"; fail "exported symbols"; }
else
  bad=$(nm -D --defined-only "$prefix/$libdir/liboreflow.so" | awk 'NF == 3 {print $3}' |
        grep -Ev '^(orf_[a-z0-9]|__odr_asan|__asan|__lsan|__ubsan|_init$|_fini$|__bss_start$|_edata$|_end$)' || true)
  [ -z "$bad" ] || fail "exported symbols not prefixed orf_: $bad"
fi

# from another directory, without ORF_DATA_DIR: the installed data, every example
elsewhere="$work/elsewhere"; mkdir -p "$elsewhere"; cd "$elsewhere"
unset ORF_DATA_DIR
"$prefix/bin/oreflow" --version >"$work/version.txt"
head -1 "$work/version.txt" | grep -qx "oreflow $version" || fail "--version: $(cat "$work/version.txt")"
grep -q '^source: ' "$work/version.txt" || fail "--version gives no source: $(cat "$work/version.txt")"
grep -qx "data: $(realpath "$prefix/share/oreflow/data")" "$work/version.txt" \
  || fail "the installed program does not find the installed data: $(cat "$work/version.txt")"
n=0
while IFS= read -r f; do
  grep -qE '^(feeds|units):' "$f" || continue # plant surveys and plans are not flowsheets
  rc=0; "$prefix/bin/oreflow" run "$f" --quiet >"$work/run.out" 2>"$work/run.err" || rc=$?
  [ $rc -eq 0 ] || fail "installed oreflow run $f: exit $rc: $(head -5 "$work/run.err")"
  n=$((n + 1))
done < <(find "$prefix/share/oreflow/examples" -name '*.yaml' | sort)
[ $n -ge 5 ] || fail "only $n examples ran"
flagship="$prefix/share/oreflow/examples/chromite/chain.yaml"
"$prefix/bin/oreflow" run "$flagship" >"$work/installed.txt"
(cd "$src" && ORF_DATA_DIR="$src/data" "$bin" run examples/chromite/chain.yaml) >"$work/tree.txt"
sed "s|$prefix/share/oreflow/||g" "$work/installed.txt" | diff - "$work/tree.txt" >"$work/diff.txt" \
  || { head -20 "$work/diff.txt"; fail "the installed program's flagship differs from the build tree's"; }
"$prefix/bin/oreflow" run "$flagship" --json >"$work/flagship.json"
npv_cli=$(grep -o '"npv_usd": *[-0-9.eE+]*' "$work/flagship.json" | head -1 | sed 's/.*: *//')
[ -n "$npv_cli" ] || fail "no npv_usd in the flagship's JSON"

# the Python bindings, installed in Debian's layout (PREFIX/lib/python3/dist-packages/oreflow):
# `import oreflow` from elsewhere, with PYTHONPATH at the installation and no ORF_LIB, loads the
# installed library and solves the flagship to the program's NPV
pydir="$prefix/lib/python3/dist-packages"
for f in __init__.py _lib.py _installed.py; do
  [ -f "$pydir/oreflow/$f" ] || fail "not installed: lib/python3/dist-packages/oreflow/$f"
done
[ ! -e "$pydir/oreflow/__pycache__" ] || fail "a __pycache__ was installed"
py=${ORF_PYTHON:-/usr/bin/python3}
if [ -x "$py" ] && "$py" -c 'import cffi, numpy' 2>/dev/null; then
  pre=""
  # grep reads all of ldd's output: with -q it may exit first, ldd then dies of SIGPIPE and, under
  # pipefail, the sanitizer build looked unsanitized (1 run in ~200 on a loaded machine)
  if ldd "$prefix/$libdir/liboreflow.so" | grep libasan >/dev/null; then
    pre=$("$cc" -print-file-name=libasan.so) # the sanitizer build: its runtime first
  fi
  (cd "$elsewhere" && env -u ORF_LIB -u LD_LIBRARY_PATH PYTHONPATH="$pydir" LD_PRELOAD="$pre" \
     ASAN_OPTIONS=detect_leaks=0 "$py" -c '
import os, sys
import oreflow
want = os.path.realpath(sys.argv[1])
assert os.path.realpath(oreflow.library_path) == want, (oreflow.library_path, want)
assert oreflow.__file__.startswith(sys.argv[2]), oreflow.__file__
fs = oreflow.load(sys.argv[3])
fs.solve()
print(repr(fs.lookup("economics.npv_usd")))' "$prefix/$libdir/liboreflow.so.$abi" "$pydir" \
     "$flagship") >"$work/py.txt" 2>&1 || { cat "$work/py.txt"; fail "import oreflow from the installation"; }
  npv_py=$(tail -1 "$work/py.txt")
  awk -v a="$npv_cli" -v b="$npv_py" 'BEGIN { d = a - b; if (d < 0) d = -d; exit !(b != "" && d <= 1e-9 * (a < 0 ? -a : a)) }' \
    || fail "NPV: program $npv_cli USD, installed Python bindings $npv_py USD"
else
  echo "install: $py cannot import cffi and numpy: the Python import check is skipped"
fi

# a C program against the installed headers and pkg-config
export PKG_CONFIG_PATH="$prefix/$libdir/pkgconfig"
[ "$(pkg-config --modversion oreflow)" = "$version" ] || fail "pkg-config --modversion"
cflags=$(pkg-config --cflags oreflow); libs=$(pkg-config --libs oreflow)
# shellcheck disable=SC2086
"$cc" -std=c11 -Wall -Wextra -Werror $sanflags $cflags -o "$work/hello" "$src/tests/install/hello.c" \
  $libs 2>"$work/cc.txt" || { cat "$work/cc.txt"; fail "hello.c does not build with pkg-config"; }
LD_LIBRARY_PATH="$prefix/$libdir" "$work/hello" "$flagship" >"$work/hello.txt" \
  || { cat "$work/hello.txt"; fail "hello (shared) failed"; }
grep -q "^liboreflow $version .*data $(realpath "$prefix/share/oreflow/data")$" "$work/hello.txt" \
  || fail "the library does not find the installed data: $(head -1 "$work/hello.txt")"
npv_lib=$(sed -n 's/^npv_usd //p' "$work/hello.txt")
awk -v a="$npv_cli" -v b="$npv_lib" 'BEGIN { d = a - b; if (d < 0) d = -d; exit !(b != "" && d <= 1e-9 * (a < 0 ? -a : a)) }' \
  || fail "NPV: program $npv_cli USD, library $npv_lib USD"
LD_LIBRARY_PATH="$prefix/$libdir" ldd "$work/hello" >"$work/ldd.txt"
grep -q "liboreflow.so.$abi => $prefix/$libdir/" "$work/ldd.txt" || fail "hello does not use the installed liboreflow.so.$abi"
# statically: the static library and the private dependencies of the .pc file
slibs=$(pkg-config --static --libs oreflow | sed 's/-loreflow\b//')
# shellcheck disable=SC2086
"$cc" -std=c11 -Wall -Wextra -Werror $sanflags $cflags -o "$work/hello-static" \
  "$src/tests/install/hello.c" "$prefix/$libdir/liboreflow.a" $slibs 2>"$work/cc.txt" \
  || { cat "$work/cc.txt"; fail "hello.c does not link statically with pkg-config --static"; }
ORF_DATA_DIR="$prefix/share/oreflow/data" "$work/hello-static" "$flagship" >"$work/hello-static.txt"
grep -qx "npv_usd $npv_lib" "$work/hello-static.txt" || fail "static NPV differs from shared"

# man pages (render without warnings where groff is there) and bash completion
if command -v groff >/dev/null; then
  for m in man1/oreflow.1 man5/oreflow-format.5; do
    groff -man -Tutf8 -wmac -z "$prefix/share/man/$m" 2>"$work/groff.txt"
    [ ! -s "$work/groff.txt" ] || { cat "$work/groff.txt"; fail "groff warnings in $m"; }
  done
fi
for c in run check units mc reconcile equilibrium; do
  grep -q "^\.SS \"oreflow $c" "$prefix/share/man/man1/oreflow.1" || fail "oreflow.1 lacks $c"
done
grep -q '^\.SH "UNITS (' "$prefix/share/man/man5/oreflow-format.5" || fail "oreflow-format.5 lacks Units"
bash -n "$prefix/share/bash-completion/completions/oreflow" || fail "completion: syntax"
complete_words() { # the completions of a command line (its last word is being completed)
  bash -c 'source "$1"; shift; COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); COMP_LINE="$*";
           COMP_POINT=${#COMP_LINE}; _oreflow; printf "%s\n" "${COMPREPLY[@]}"' _ \
    "$prefix/share/bash-completion/completions/oreflow" "$@"
}
complete_words oreflow un >"$work/c1.txt"
grep -qx units "$work/c1.txt" || fail "completion: commands: $(cat "$work/c1.txt")"
complete_words oreflow units hydroc >"$work/c2.txt"
grep -qx hydrocyclone "$work/c2.txt" || fail "completion: unit types: $(cat "$work/c2.txt")"
complete_words oreflow run x.yaml --rep >"$work/c3.txt"
grep -qx -- --report "$work/c3.txt" || fail "completion: options: $(cat "$work/c3.txt")"

# the Debian changelog names this version
head -1 "$src/debian/changelog" | grep -q "($version-" || fail "debian/changelog is not at $version"
echo "install: $n examples run from $prefix; pkg-config program: npv_usd $npv_lib"
