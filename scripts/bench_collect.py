#!/usr/bin/env python3
"""Run every benchmark program (BUILD/bench_*) from the source tree's root and collect their result
lines (bench/README.md, "Result lines") into bench/results.json, with the machine, the date and the
commit. `make bench` calls it; BENCH_QUICK=1 in the environment asks each benchmark for its reduced
run (fewer samples or repetitions), and results.json says so ("quick": true).

usage: bench_collect.py BUILD_DIR OUT_JSON [BENCH ...]   (BENCH: only these programs, e.g. bench_startup)
"""
import datetime
import glob
import json
import os
import re
import shlex
import subprocess
import sys

LINE = re.compile(r"^BENCH\s+(.*)$")
NAME = re.compile(r"^[a-z0-9_.]+$")


def parse_line(text):
    """The fields of one result line, or None when it is not one; raises ValueError when malformed."""
    m = LINE.match(text)
    if not m:
        return None
    fields = {}
    for tok in shlex.split(m.group(1)):
        if "=" not in tok:
            raise ValueError(f"not key=value: {tok!r}")
        k, v = tok.split("=", 1)
        fields[k] = v
    for k in ("name", "value", "unit", "desc"):
        if k not in fields:
            raise ValueError(f"missing {k}= in {text!r}")
    if not NAME.match(fields["name"]):
        raise ValueError(f"bad name {fields['name']!r}")
    fields["value"] = float(fields["value"])
    fields.setdefault("note", "")
    return fields


def machine():
    model, cores = "unknown CPU", 0
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    cores += 1
                    model = line.split(":", 1)[1].strip()
    except OSError:
        pass
    try:
        with open("/proc/meminfo") as f:
            mem_kb = int(f.readline().split()[1])
    except (OSError, ValueError, IndexError):
        mem_kb = 0
    return f"{model}, {cores or os.cpu_count()} cores, {round(mem_kb / 1048576)} GiB"


def commit():
    try:
        return subprocess.run(["git", "describe", "--always", "--dirty"], capture_output=True,
                              text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


def main(argv):
    if len(argv) < 3:
        print(__doc__, file=sys.stderr)
        return 2
    build, out = argv[1], argv[2]
    progs = sorted(p for p in glob.glob(os.path.join(build, "bench_*"))
                   if os.path.isfile(p) and os.access(p, os.X_OK))
    if len(argv) > 3:
        progs = [p for p in progs if os.path.basename(p) in argv[3:]]
    if not progs:
        print(f"bench_collect: no benchmark programs in {build}/", file=sys.stderr)
        return 1
    quick = os.environ.get("BENCH_QUICK", "0") not in ("", "0")
    date = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d")
    host, rev = machine(), commit()
    results, seen = [], set()
    for p in progs:
        prog = os.path.basename(p)
        print(f"== {prog}", flush=True)
        r = subprocess.run([p], stdout=subprocess.PIPE, text=True)
        sys.stdout.write(r.stdout)
        sys.stdout.flush()
        if r.returncode != 0:
            print(f"bench_collect: {prog} failed (exit {r.returncode})", file=sys.stderr)
            return 1
        n = 0
        for line in r.stdout.splitlines():
            f = parse_line(line)
            if f is None:
                continue
            if f["name"] in seen:
                print(f"bench_collect: {prog}: result {f['name']} given twice", file=sys.stderr)
                return 1
            seen.add(f["name"])
            n += 1
            results.append({"name": f["name"], "bench": prog, "value": f["value"],
                            "unit": f["unit"], "desc": f["desc"], "note": f["note"],
                            "machine": host, "date": date, "commit": rev, "quick": quick})
        if n == 0:
            print(f"bench_collect: warning: {prog} printed no BENCH line", file=sys.stderr)
    if len(argv) > 3 and os.path.exists(out):
        # a partial run: the other programs' results stay as they were
        ran = {os.path.basename(p) for p in progs}
        with open(out) as f:
            kept = [r for r in json.load(f)["results"] if r["bench"] not in ran]
        results = kept + results
        results.sort(key=lambda r: r["bench"])
    with open(out, "w") as f:
        json.dump({"results": results}, f, indent=2, ensure_ascii=False)
        f.write("\n")
    print(f"bench_collect: {len(results)} results from {len(progs)} programs -> {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
