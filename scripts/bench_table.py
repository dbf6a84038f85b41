#!/usr/bin/env python3
"""The README's speed table, rendered from bench/results.json (written by `make bench`).

usage: bench_table.py RESULTS_JSON README            rewrite the table between the markers
       bench_table.py --check RESULTS_JSON README    exit 1 when the README's table differs

The table lies between the lines `<!-- bench:begin -->` and `<!-- bench:end -->` of README.md;
everything between them is generated (edit bench/results.json's producers, not the README)."""
import json
import sys

BEGIN, END = "<!-- bench:begin -->", "<!-- bench:end -->"


def fmt_value(v):
    if v == 0 or 0.01 <= abs(v) < 1e6:
        s = f"{v:.3g}" if abs(v) < 100 else f"{v:.0f}"
    else:
        s = f"{v:.3g}"
    return s


def render(results):
    lines = [BEGIN,
             "<!-- generated from bench/results.json by scripts/bench_table.py; do not edit -->",
             "",
             "| benchmark | figure | machine | date, commit |",
             "|---|---|---|---|"]
    for r in results:
        desc = r["desc"].replace("|", "\\|")
        fig = f"{fmt_value(r['value'])} {r['unit']}"
        if r.get("note"):
            fig += f" ({r['note']})".replace("|", "\\|")
        if r.get("quick"):
            fig += " [quick run]"
        lines.append(f"| {desc} | {fig} | {r['machine']} | {r['date']}, {r['commit']} |")
    lines.append(END)
    return "\n".join(lines)


def split(text):
    b, e = text.find(BEGIN), text.find(END)
    if b < 0 or e < b:
        raise ValueError(f"README has no {BEGIN} ... {END} block")
    return text[:b], text[b:e + len(END)], text[e + len(END):]


def main(argv):
    check = len(argv) > 1 and argv[1] == "--check"
    args = argv[2:] if check else argv[1:]
    if len(args) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    with open(args[0]) as f:
        results = json.load(f)["results"]
    with open(args[1]) as f:
        text = f.read()
    head, table, tail = split(text)
    want = render(results)
    if check:
        if table != want:
            print(f"{args[1]}: the speed table differs from {args[0]}; run "
                  f"`python3 scripts/bench_table.py {args[0]} {args[1]}`", file=sys.stderr)
            return 1
        return 0
    with open(args[1], "w") as f:
        f.write(head + want + tail)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
