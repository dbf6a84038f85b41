#!/usr/bin/env bash
# The workbench server `oreflow serve` (issue 23, parts 1 and 4; docs/serve.md): every endpoint of
# the JSON API over loopback with the standard library's urllib as the client, bad input included
# (malformed JSON, missing fields, bad YAML with its located diagnostic, unknown unit/param in
# "set", oversize body, path traversal: ../, absolute, symlink, %2e%2e; wrong Origin and Host, a
# missing token), numbers checked against the CLI (/api/solve is `oreflow run --json`, /api/mc,
# /api/sensitivity, /api/reconcile, /api/optimize are their commands' --json), the save round-trip
# (the same text PUT back gives identical bytes; an edit keeps the comments), etag conflicts,
# a Monte Carlo job cancelled, and a clean stop on SIGTERM (exit 0; the test build is ASan/LSan,
# so a leak or an error at exit fails it). tests/cli/serve_api.py does the work.
# Skipped (exit 0) when the binary was built without libmicrohttpd.
# Usage: serve.sh OREFLOW_BINARY SOURCE_DIR WORK_DIR
set -u
bin=$1 src=$2 work=$3
rm -rf "$work" && mkdir -p "$work" || exit 1
if "$bin" serve --port none 2>&1 | grep -q "built without the workbench server"; then
  echo "SKIP: $bin was built without libmicrohttpd (oreflow serve)"
  exit 0
fi
exec /usr/bin/python3 "$src/tests/cli/serve_api.py" "$bin" "$src" "$work"
