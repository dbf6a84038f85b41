#!/usr/bin/env python3
# Derive the NASA9 records of data/thermo.yaml for WC and W2C: Neumann-Kopp sum of W (constant Cp,
# its constant_cp entry in the same file, written as a NASA9 record) and graphite (NASA Glenn record
# C(gr) of the same file), plus the linear dfG = A + B T measured by Gupta & Seigle (Metall. Trans. A
# 6 (1975) 1939: carbon activity in W + WC and W + W2C, iron-rod equilibration, 1150-1660 K):
#   WC : dfG = -42300 + 4.98 T J/mol (1150-1575 K)
#   W2C: dfG = -30500 - 2.34 T J/mol (1575-1660 K)
# b1 += A/R (enthalpy offset), b2 -= B/R (entropy offset), so G = sum(nu G_el) + A + B T; dfCp = 0.
# Same method as scripts/carbide_nasa9.py (chromium carbides).
import math, os, re
R = 8.314510
y = open(os.path.join(os.path.dirname(__file__), '..', 'data', 'thermo.yaml')).read()
def const_cp(name):
    m = re.search(r'  - name: ' + re.escape(name) + r'\n(?:.*\n)*?\s+constant_cp: \{dhf_kj_mol: ([-\d.]+), s_j_molk: ([-\d.]+), cp_j_molk: ([-\d.]+)', y)
    h, s, cp = (float(v) for v in m.groups())
    a3 = cp / R
    return [0, 0, a3, 0, 0, 0, 0], [(h * 1000 - cp * 298.15) / R, s / R - a3 * math.log(298.15)]
def graphite():
    m = re.search(r'  - name: C\n(.*?)(?=\n  - name:)', y, re.S)
    return [(float(t0), float(t1), [float(v) for v in a.split(',')], [float(v) for v in b.split(',')])
            for t0, t1, a, b in re.findall(r't_k: \[([\d.]+), ([\d.]+)\], record: "C\(gr\)", a: \[([^\]]+)\], b: \[([^\]]+)\]', m.group(1))]
def gen(nw, A, B, tmin, tmax):
    aw, bw = const_cp('W')
    out = []
    for t0, t1, ac, bc in graphite():
        lo, hi = max(t0, tmin), min(t1, tmax)
        if lo >= hi:
            continue
        a = [nw * aw[i] + ac[i] for i in range(7)]
        b = [nw * bw[0] + bc[0] + A / R, nw * bw[1] + bc[1] - B / R]
        f = lambda v: "%.9e" % v
        rec = ("%d W + C(gr)" % nw) if nw != 1 else "W + C(gr)"
        out.append('      - {t_k: [%g, %g], record: "%s", a: [%s], b: [%s]}' % (lo, hi, rec, ", ".join(map(f, a)), ", ".join(map(f, b))))
    return "\n".join(out)
for nm, nw, A, B, lo, hi in [("WC", 1, -42300.0, 4.98, 298.15, 3000), ("W2C", 2, -30500.0, -2.34, 298.15, 3000)]:
    print(nm, A, B)
    print(gen(nw, A, B, lo, hi))
