#!/usr/bin/env bash
# The HTML report in a real browser: headless Chromium loads report.html (of a solved example and
# of the sample result with every optional section), the page must log no console message at
# all, and the DOM must hold an SVG element for every unit (id unit-NAME) and every stream (id
# stream-NAME, and its band in the solids Sankey). Screenshots are saved under WORK_DIR
# (report.png, sample.png) for people to look at.
# Skipped (exit 77) only when Chromium is absent; set ORF_CHROMIUM to use another binary.
# Usage: bash browser_report.sh OREFLOW SOURCE_DIR WORK_DIR
set -euo pipefail
ORF=$1 SRC=$2 WORK=$3
CHROMIUM=${ORF_CHROMIUM:-/usr/bin/chromium}
if [ ! -x "$CHROMIUM" ]; then
    echo "SKIPPED: Chromium not found at $CHROMIUM (make test-browser installs Debian's" \
         "chromium; ORF_CHROMIUM=/path selects another) - the report was not checked in a browser"
    exit 77
fi
rm -rf "$WORK" && mkdir -p "$WORK"
fail() { echo "FAIL: $*"; exit 1; }

chromium() { # chromium OUTPUT_STDERR ARGS...
    local err=$1 profile
    shift
    profile=$(mktemp -d "$WORK/profile.XXXXXX")
    timeout 120 "$CHROMIUM" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
        --disable-background-networking --disable-component-update --disable-sync \
        --hide-scrollbars --user-data-dir="$profile" --enable-logging=stderr --v=0 "$@" 2> "$err"
    rm -rf "$profile"
}

# Keys of the "units" and "streams" objects of a result JSON, as "units<TAB>name" lines.
names() {
    awk '{ text = text $0 "\n" }
         END {
             n = length(text); depth = 0; instr = 0; esc = 0
             for (i = 1; i <= n; i++) {
                 c = substr(text, i, 1)
                 if (instr) {
                     if (esc) { esc = 0; buf = buf c }
                     else if (c == "\\") esc = 1
                     else if (c == "\"") { instr = 0; last = buf }
                     else buf = buf c
                     continue
                 }
                 if (c == "\"") { instr = 1; buf = "" }
                 else if (c == ":") {
                     if (depth == 1) top = last
                     else if (depth == 2 && (top == "units" || top == "streams")) print top "\t" last
                 }
                 else if (c == "{" || c == "[") depth++
                 else if (c == "}" || c == "]") depth--
             }
         }' "$1"
}

# The page's id for a name (src/report/jnode.c orf__xml_id_buf: [A-Za-z0-9_-] kept).
idof() {
    printf '%s%s' "$1" "$2" | od -An -tx1 -v | tr -s ' \n' ' ' | awk -v p="$1" '{
        out = p; plen = length(p)
        for (i = plen + 1; i <= NF; i++) {
            h = $i; v = 0
            for (k = 1; k <= 2; k++) v = v * 16 + index("0123456789abcdef", substr(h, k, 1)) - 1
            if ((v >= 48 && v <= 57) || (v >= 65 && v <= 90) || (v >= 97 && v <= 122) || v == 45 || v == 95)
                out = out sprintf("%c", v)
            else out = out "_" h
        }
        print out }'
}

check() { # check RESULT.json REPORT_DIR SCREENSHOT
    local json=$1 dir=$2 png=$3 kind name id count=0
    chromium "$WORK/console.log" --dump-dom "file://$dir/report.html" > "$WORK/dom.html" ||
        fail "Chromium could not load $dir/report.html"
    grep -q '</html>' "$WORK/dom.html" || fail "no DOM dumped for $dir/report.html"
    if grep -E ':CONSOLE[:(]' "$WORK/console.log"; then
        fail "the page logged console messages (above)"
    fi
    grep -q 'id="sankey-solids"' "$WORK/dom.html" || fail "no solids Sankey in the DOM"
    while IFS=$'\t' read -r kind name; do
        if [ "$kind" = units ]; then
            id=$(idof unit- "$name")
            # feed and product units are drawn as terminals, with the same id
            grep -q "<g id=\"$id\" class=\"node\"" "$WORK/dom.html" || fail "no SVG node $id"
        else
            id=$(idof stream- "$name")
            grep -q "<g id=\"$id\" class=\"edge\"" "$WORK/dom.html" || fail "no SVG edge $id"
            id=$(idof sankey-solids-link- "$name")
            grep -q "id=\"$id\"" "$WORK/dom.html" || fail "no Sankey band $id"
        fi
        count=$((count + 1))
    done < <(names "$json")
    [ "$count" -ge 4 ] || fail "found only $count units and streams in $json"
    chromium "$WORK/shot.log" --screenshot="$png" --window-size=1300,4200 \
        "file://$dir/report.html" > /dev/null || fail "no screenshot"
    [ "$(head -c 8 "$png" | od -An -tx1 | tr -d ' \n')" = 89504e470d0a1a0a ] || fail "$png is not a PNG"
    [ "$(stat -c %s "$png")" -gt 20000 ] || fail "$png is nearly empty"
    echo "ok: $dir/report.html: $count units and streams drawn, no console message; $png"
}

"$ORF" run "$SRC/examples/recycle/scavenger_loop.yaml" --json > "$WORK/run.json" 2>/dev/null ||
    fail "oreflow run failed"
"$ORF" report "$WORK/run.json" "$WORK/run" 2>/dev/null || fail "oreflow report failed"
check "$WORK/run.json" "$WORK/run" "$WORK/report.png"

"$ORF" report "$SRC/tests/cases/report_sample.json" "$WORK/sample" 2>/dev/null ||
    fail "oreflow report of the sample failed"
check "$SRC/tests/cases/report_sample.json" "$WORK/sample" "$WORK/sample.png"

# The flagships (gravity/magnetic/flotation with recycles; the chain to ferrochrome and chromium
# metal that `make run` reports), when present.
for name in donskoy_tailings chain; do
    FLAG="$SRC/examples/chromite/$name.yaml"
    [ -f "$FLAG" ] || continue
    "$ORF" run "$FLAG" --json > "$WORK/$name.json" 2>/dev/null || fail "oreflow run of $name failed"
    "$ORF" report "$WORK/$name.json" "$WORK/$name" 2>/dev/null || fail "oreflow report of $name failed"
    check "$WORK/$name.json" "$WORK/$name" "$WORK/$name.png"
done
