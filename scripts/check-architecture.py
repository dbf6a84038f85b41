#!/usr/bin/env python3
"""The floors of docs/architecture.md, checked on the built library and on the sources.

  base -> core -> thermo -> units -> modules (econ, mc, balance) -> output (io, report) -> cli

A folder may use its own floor and the floors below it, never one above: no #include of a private
header of a folder above, and no call of (or reference to) a symbol defined in a folder above (read off
the object files with nm, so a prototype written by hand cannot hide an upward call). The CLI includes
only the public headers. No source file is longer than MAX_LINES.

usage: check-architecture.py SOURCE_DIR OBJECT_DIR   (OBJECT_DIR: build/CMakeFiles/oreflow.dir)
"""
import collections
import glob
import os
import re
import subprocess
import sys

FLOORS = [["base"], ["core"], ["thermo"], ["units"], ["econ", "mc", "balance", "design", "opt"], ["io", "report"]]
FLOOR = {f: i for i, fl in enumerate(FLOORS) for f in fl}
MAX_LINES = 800

src, objdir = sys.argv[1], sys.argv[2]
problems = []

# 1. every folder under src/ has a floor
for d in sorted(os.listdir(os.path.join(src, "src"))):
    if os.path.isdir(os.path.join(src, "src", d)) and d not in FLOOR:
        problems.append(f"src/{d}/: a folder with no floor (add it to FLOORS and docs/architecture.md)")

# 2. includes of private headers
inc_re = re.compile(r'^\s*#\s*include\s+"([^"]+)"', re.M)
for path in sorted(glob.glob(os.path.join(src, "src", "*", "*.[ch]"))):
    folder = path.split(os.sep)[-2]
    text = open(path, encoding="utf-8").read()
    for inc in inc_re.findall(text):
        parts = os.path.normpath(os.path.join(folder, inc)).split(os.sep) if not inc.startswith(
            "oreflow") else []
        # "x_impl.h" is the folder's own; "core/flowsheet_impl.h" or "../thermo/x.h" name another
        target = parts[0] if len(parts) > 1 else folder
        if target in FLOOR and FLOOR[target] > FLOOR[folder]:
            problems.append(f"{os.path.relpath(path, src)}: includes \"{inc}\" from src/{target}/, "
                            f"a floor above src/{folder}/")
        # the output floor reads results through the public API: no private layout of the core
        if target != folder and target != "base" and FLOOR.get(folder) == len(FLOORS) - 1:
            problems.append(f"{os.path.relpath(path, src)}: includes the private \"{inc}\": the "
                            "output floor uses the public accessors (include/oreflow/*.h)")
    n = text.count("\n")
    if n > MAX_LINES:
        problems.append(f"{os.path.relpath(path, src)}: {n} lines (at most {MAX_LINES}: split it by topic)")
for path in sorted(glob.glob(os.path.join(src, "cli", "*.[ch]"))):
    for inc in inc_re.findall(open(path, encoding="utf-8").read()):
        if not (inc.startswith("oreflow") or os.path.exists(os.path.join(src, "cli", inc))):
            problems.append(f"{os.path.relpath(path, src)}: includes \"{inc}\": the CLI uses only the "
                            "public API (include/oreflow*.h)")
    n = open(path, encoding="utf-8").read().count("\n")
    if n > MAX_LINES:
        problems.append(f"{os.path.relpath(path, src)}: {n} lines (at most {MAX_LINES})")

# 3. symbols: who defines what, who uses it (objects of sources that no longer exist are ignored)
defs, uses = {}, collections.defaultdict(set)
objects = 0
for obj in glob.glob(os.path.join(objdir, "src", "*", "*.c.o")):
    folder, name = obj.split(os.sep)[-2], os.path.basename(obj)[:-2]
    if not os.path.exists(os.path.join(src, "src", folder, name)):
        continue
    objects += 1
    out = subprocess.run(["nm", obj], capture_output=True, text=True, check=True).stdout
    for line in out.splitlines():
        f = line.split()
        if len(f) == 3 and f[1] in "TDRBCV":
            defs[f[2]] = (folder, name)
        elif len(f) == 2 and f[0] == "U":
            uses[(folder, name)].add(f[1])
if objects == 0:
    problems.append(f"no object files under {objdir}/src: build the library first")
for (folder, name), syms in sorted(uses.items()):
    for s in sorted(syms):
        if s in defs:
            dfolder, dname = defs[s]
            if dfolder in FLOOR and folder in FLOOR and FLOOR[dfolder] > FLOOR[folder]:
                problems.append(f"src/{folder}/{name} uses {s} of src/{dfolder}/{dname}, a floor above")

for p in problems:
    print("architecture:", p)
print(f"architecture: {objects} objects, {len(defs)} symbols checked; {len(problems)} problem(s)")
sys.exit(1 if problems else 0)
