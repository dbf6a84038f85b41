#!/usr/bin/env bash
# ctest `python`: the Python bindings' pytest suite (tests/python/test_oreflow.py) against the
# shared library and the program of this build.
#   run.sh LIBOREFLOW_SO ORFLOW_CLI SOURCE_DIR
# Skipped (exit 77) when Debian's python3 lacks cffi, numpy or pytest (scripts/install-deps.sh
# installs python3-cffi python3-numpy python3-pytest). A sanitizer build's library needs the ASan
# runtime loaded first into an uninstrumented python (LD_PRELOAD), and leak checks off (the
# interpreter keeps its objects to the end by design).
set -euo pipefail
lib=$1 cli=$2 src=$3
py=${ORF_PYTHON:-/usr/bin/python3}
if ! [ -x "$py" ] || ! "$py" -c 'import cffi, numpy, pytest' 2>/dev/null; then
  echo "python: $py cannot import cffi, numpy and pytest: skipped (apt install python3-cffi python3-numpy python3-pytest)"
  exit 77
fi
export ORF_LIB=$lib ORF_CLI=$cli PYTHONPATH=$src/python${PYTHONPATH:+:$PYTHONPATH}
export ORF_DATA_DIR=${ORF_DATA_DIR:-$src/data}
if ldd "$lib" | grep -q libasan; then
  asan=$(${CC:-gcc} -print-file-name=libasan.so)
  export LD_PRELOAD=$asan${LD_PRELOAD:+:$LD_PRELOAD}
  export ASAN_OPTIONS=detect_leaks=0${ASAN_OPTIONS:+:$ASAN_OPTIONS}
fi
cd "$src"
# --capture=sys: what the library writes to file descriptor 2 (a sanitizer's report before it
# ends the process) reaches the log instead of dying with pytest's capture.
exec "$py" -m pytest -q -p no:cacheprovider --capture=sys tests/python
