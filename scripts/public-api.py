#!/usr/bin/env python3
"""The public C API: the functions declared in include/oreflow.h and include/oreflow/*.h.

  public-api.py list SOURCE_DIR          print every public function's name, one a line
  public-api.py check SOURCE_DIR LIB.so  the shared library exports exactly those (`nm -D`), every
                                         exported symbol is prefixed orf_, none is internal (orf__)
  public-api.py mark SOURCE_DIR          put ORF_API (include/oreflow/common.h) in front of every
                                         public function declaration that lacks it (after a merge
                                         that added declarations); run clang-format after it

A declaration is a statement at file level (inside `extern "C" { }` counts as file level) whose first
parenthesis follows an orf_ name: function pointer typedefs, structs, enums, macros and `static
inline` helpers (compiled into the caller) are not exported functions.
"""
import os
import re
import subprocess
import sys

# names that are not orf_ but may be exported: the sanitizer runtime's hooks and instrumentation
# (present only in the ASan/UBSan test build) and the linker's own (__bss_start, _edata, _end)
TOOL_SYMBOLS = re.compile(r"^(__odr_asan[._]|__asan_|__lsan_|__ubsan_|__sancov_|_init$|_fini$|"
                          r"__bss_start$|_edata$|_end$)")


def headers(src):
    inc = os.path.join(src, "include")
    out = [os.path.join(inc, "oreflow.h")]
    d = os.path.join(inc, "oreflow")
    out += sorted(os.path.join(d, f) for f in os.listdir(d) if f.endswith(".h"))
    return out


def strip_comments(text):
    """Comments and string literals blanked (same length, newlines kept) so offsets stay valid."""
    def blank(m):
        return re.sub(r"[^\n]", " ", m.group(0))
    return re.sub(r'/\*.*?\*/|//[^\n]*|"(?:\\.|[^"\\\n])*"', blank, text, flags=re.S)


def statements(text):
    """(start, end, code) of each file-level statement: code up to ';' or a top-level '{'."""
    code = strip_comments(text)
    out, depth, start, i = [], 0, None, 0
    n = len(code)
    while i < n:
        c = code[i]
        if c == "#" and (i == 0 or code[code.rfind("\n", 0, i) + 1:i].strip() == ""):
            while True:  # a preprocessor line, with its continuations
                j = code.find("\n", i)
                if j < 0:
                    j = n
                if code[j - 1:j] == "\\":
                    i = j + 1
                    continue
                break
            i = j + 1
            continue
        if start is None and not c.isspace() and depth == 0:
            if c == "}":  # the closing brace of extern "C"
                i += 1
                continue
            start = i
        if c == "{":
            if depth == 0 and start is not None and re.match(r'extern\s+$', code[start:i]):
                start = None  # extern "C" {: its contents are file level
            else:
                depth += 1
        elif c == "}":
            depth -= 1
            if depth == 0 and start is not None and "(" in code[start:code.find("{", start)]:
                start = None  # the body of a `static inline` function: no declaration
        elif c == ";" and depth == 0 and start is not None:
            out.append((start, i + 1, code[start:i + 1]))
            start = None
        i += 1
    return out


def declarations(path):
    """(offset, name, marked) of each function declaration in the header."""
    text = open(path, encoding="utf-8").read()
    out = []
    for start, _, code in statements(text):
        if re.match(r"\s*(typedef|struct|enum|union|static)\b", code):
            continue
        m = re.search(r"\(", code)
        if not m:
            continue
        name = re.search(r"(\w+)\s*$", code[:m.start()])
        if not name or not name.group(1).startswith("orf_"):
            continue
        out.append((start, name.group(1), re.match(r"\s*ORF_API\b", code) is not None))
    return text, out


def public_names(src):
    names = []
    for h in headers(src):
        names += [n for _, n, _ in declarations(h)[1]]
    return names


def main():
    cmd, src = sys.argv[1], sys.argv[2]
    if cmd == "list":
        print("\n".join(sorted(public_names(src))))
        return 0
    if cmd == "mark":
        for h in headers(src):
            text, decls = declarations(h)
            for off, _, marked in reversed(decls):
                if not marked:
                    text = text[:off] + "ORF_API " + text[off:]
            open(h, "w", encoding="utf-8").write(text)
        return 0
    if cmd == "check":
        lib = sys.argv[3]
        problems = []
        for h in headers(src):
            for _, name, marked in declarations(h)[1]:
                if not marked:
                    problems.append(f"{os.path.relpath(h, src)}: {name} is declared without ORF_API "
                                    "(scripts/public-api.py mark fixes it)")
        nm = subprocess.run(["nm", "-D", "--defined-only", lib], capture_output=True, text=True,
                            check=True).stdout
        exported = set()
        for line in nm.splitlines():
            f = line.split()
            if len(f) == 3:
                exported.add(f[2].split("@")[0])
        for s in sorted(exported):
            if TOOL_SYMBOLS.match(s):
                continue
            if not s.startswith("orf_"):
                problems.append(f"{lib}: exports {s}, not prefixed orf_")
            elif s.startswith("orf__"):
                problems.append(f"{lib}: exports the internal {s}")
        declared = set(public_names(src))
        for s in sorted(declared - exported):
            problems.append(f"{lib}: does not export the public {s}")
        for s in sorted(e for e in exported - declared if e.startswith("orf_") and
                        not e.startswith("orf__")):
            problems.append(f"{lib}: exports {s}, which no public header declares")
        for p in problems:
            print("public-api:", p)
        print(f"public-api: {len(declared)} public functions, {len(exported)} exported symbols; "
              f"{len(problems)} problem(s)")
        return 1 if problems else 0
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main())
