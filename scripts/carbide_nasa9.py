#!/usr/bin/env python3
# Derive the NASA9 records of data/thermo.yaml for Cr3C2, Cr7C3, Cr23C6 and SiC: Neumann-Kopp sum of
# the elements' NASA Glenn records (same file) plus a linear dfG = A + B T (sources in thermo.yaml).
# b1 += A/R (enthalpy offset), b2 -= B/R (entropy offset), so G = sum(nu G_el) + A + B T.
import re
R=8.314510
import os
y=open(os.path.join(os.path.dirname(__file__),'..','data','thermo.yaml')).read()
def recs(name):
    m=re.search(r'  - name: '+re.escape(name)+r'\n(.*?)(?=\n  - name:|\n\n)',y,re.S)
    out=[]
    for t0,t1,rec,a,b in re.findall(r't_k: \[([\d.]+), ([\d.]+)\], record: "([^"]+)", a: \[([^\]]+)\], b: \[([^\]]+)\]',m.group(1)):
        out.append((float(t0),float(t1),rec,[float(x) for x in a.split(',')],[float(x) for x in b.split(',')]))
    return out
def gen(name,els,A,B,tmin,tmax):
    E={e:recs(e) for e in els}
    if 'Si' in E: E['Si']=[r for r in E['Si'] if r[2]=='Si(cr)']; E['Si'][-1]=(E['Si'][-1][0],2500.0)+E['Si'][-1][2:]
    bounds=sorted(set([tmin,tmax]+[r[0] for e in els for r in E[e]]+[r[1] for e in els for r in E[e]]))
    bounds=[t for t in bounds if tmin<=t<=tmax]
    lines=[]
    for lo,hi in zip(bounds,bounds[1:]):
        a=[0.0]*7;b=[0.0,0.0];rn=[]
        for e,nu in els.items():
            r=[r for r in E[e] if r[0]<=lo and hi<=r[1]][0]
            rn.append(("%g "%nu if nu!=1 else "")+r[2])
            for i in range(7): a[i]+=nu*r[3][i]
            b[0]+=nu*r[4][0]; b[1]+=nu*r[4][1]
        b[0]+=A/R; b[1]+=-B/R
        f=lambda v:"%.9e"%v
        lines.append('      - {t_k: [%g, %g], record: "%s", a: [%s], b: [%s]}'%(lo,hi," + ".join(rn),", ".join(map(f,a)),", ".join(map(f,b))))
    return "\n".join(lines)
for nm,els,A,B,lo,hi in [("Cr3C2",{"Cr":3,"C":2},-72300,(-84300+72300)/1100,298.15,2000),
                         ("Cr7C3",{"Cr":7,"C":3},-144000,(-177000+144000)/1100,298.15,2000),
                         ("Cr23C6",{"Cr":23,"C":6},-344000,(-407000+344000)/1100,298.15,1800),
                         ("SiC",{"Si":1,"C":1},-73220,-(16.61-18.81-5.74),298.15,2000)]:
    print(nm,A,B); print(gen(nm,els,A,B,lo,hi))
