#!/usr/bin/env bash
# Column names and sieve sizes (issue 15, finding 15): no CSV file and no worksheet has two
# columns of one name (streams.csv had water_tph twice: the stream's water and the material
# 'water'; the Streams sheet had 'water (t/h)', 'Cr (t/h)', 'Al (t/h)', ... twice: materials
# named like elements), and the workbook's size-class bounds carry 6 significant digits
# (353.553, not 353.55339059327378), as sizes.csv does; the terminal's class labels have a fixed
# precision for their magnitude.
# usage: bash column_names.sh OREFLOW_BINARY SOURCE_DIR WORK_DIR
set -u
bin=$1 src=$2 work=$3
cd "$src" || exit 1
rm -rf "$work" && mkdir -p "$work" || exit 1
fail() { echo "FAIL: $*"; exit 1; }
for f in examples/chromite/chain.yaml examples/recycle/grinding_loop.yaml examples/copper/matte_smelting.yaml; do
    n=$(basename "$f" .yaml)
    "$bin" run "$f" --quiet --csv "$work/$n" --xlsx "$work/$n.xlsx" > /dev/null 2>&1 || fail "$f rc=$?"
    python3 - "$work/$n" "$work/$n.xlsx" <<'PY' || fail "$f: column names / sieve sizes"
import csv, glob, re, sys, zipfile, collections
for p in glob.glob(sys.argv[1] + "/*.csv"):
    head = next(csv.reader(open(p, newline="")))
    d = [k for k, c in collections.Counter(head).items() if c > 1]
    assert not d, (p, d)
z = zipfile.ZipFile(sys.argv[2])
sst = [re.sub("<[^>]+>", "", x) for x in re.findall(r"<si>.*?</si>", z.read("xl/sharedStrings.xml").decode(), re.S)]
names = re.findall(r'<sheet name="([^"]*)"', z.read("xl/workbook.xml").decode())
for i, name in enumerate(names, 1):
    x = z.read(f"xl/worksheets/sheet{i}.xml").decode()
    row1 = re.search(r'<row r="1"[^>]*>(.*?)</row>', x, re.S)
    if not row1:
        continue
    cells = re.findall(r'<c r="([A-Z]+)1"([^>]*)><v>([^<]*)</v>', row1.group(1))
    head = [sst[int(v)] for c, a, v in cells if 't="s"' in a]
    if len(head) > 3 and name not in ("Units",):
        d = [k for k, c in collections.Counter(head).items() if c > 1]
        assert not d, (name, d)
    if name == "Size distributions":
        for col in "BCD":
            for v in re.findall(rf'<c r="{col}\d+"[^>]*><v>([^<]*)</v>', x):
                assert len(re.sub(r"[-.]|e.*$|^0+", "", "%.15g" % float(v)).rstrip("0")) <= 6, (col, v)
PY
done
# the terminal's size classes at a fixed precision for their magnitude: the √2 series' 7.81,
# 5.52 µm are '7.8', '5.5' (they were '8', '6'), whole µm from 10 µm up
"$bin" run examples/chromite/donskoy_tailings.yaml > "$work/d.txt" 2>&1 || fail "donskoy rc=$?"
for row in '354-500' '11-16' '7\.8-11' '5\.5-7\.8' '<5\.5'; do
    grep -Eq "^  $row +[0-9]" "$work/d.txt" || fail "size class $row: $(grep -E '^  (<|[0-9.]+-)' "$work/d.txt" | tail -n 3)"
done
echo "column_names: ok"
