"""The Python bindings (python/oreflow) against the command-line program on the same files:
the same JSON result, parameters that move the result the way the model says, stream arrays that
close the mass balance, located errors, Monte Carlo and optimisation (docs/python.md).

Run by ctest (tests/python/run.sh) or by hand:
    PYTHONPATH=python /usr/bin/python3 -m pytest -q tests/python
ORF_LIB names the library (default: build/liboreflow.so.0), ORF_CLI the program (build/oreflow).
"""

import json
import math
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

import oreflow

ROOT = Path(__file__).resolve().parents[2]
FLAGSHIP = ROOT / "examples" / "chromite" / "chain.yaml"
BLEND = ROOT / "tests" / "cases" / "optimize" / "blend.yaml"
CLI = os.environ.get("ORF_CLI", str(ROOT / "build" / "oreflow"))


def cli_json(*args):
    out = subprocess.run([CLI, *map(str, args)], check=True, capture_output=True, text=True)
    return json.loads(out.stdout)


@pytest.fixture(scope="module")
def flagship():
    fs = oreflow.load(FLAGSHIP)
    fs.solve()
    yield fs
    fs.close()


def test_same_json_as_cli(flagship):
    mine = flagship.result_json()
    theirs = cli_json("run", FLAGSHIP, "--json")
    assert mine == theirs  # the same writer: field for field, number for number
    npv = flagship.lookup("economics.npv_usd")
    assert npv == theirs["economics"]["npv_usd"]
    grade = flagship.stream("concentrate").assay("Cr2O3")
    assert grade == flagship.lookup("streams.concentrate.assay.Cr2O3")
    assert math.isfinite(npv) and grade > 40


def test_stream_array_closes_mass(flagship):
    for name in ("concentrate", "spiral_feed", "slimes"):
        s = flagship.stream(name)
        x = s.x
        sysdims = (len(flagship.particulate_materials), len(flagship.sizes_um),
                   len(flagship.vfrac))
        assert isinstance(x, np.ndarray) and x.dtype == np.float64 and x.shape == sysdims
        assert (x >= 0).all()
        # the particulate block sums to the particulate solids; with the solid-phase bulk
        # materials (none in these gravity streams) to the solids
        assert abs(x.sum() - s.particulate_tph) <= 1e-9 * max(1.0, s.particulate_tph)
        assert abs(x.sum() - s.solids_tph) <= 1e-9 * max(1.0, s.solids_tph)
        # a material's slice is that material's mass flow: the chromite assay by mass
        k = flagship.particulate_materials.index("chromite")
        if s.solids_tph > 0:
            assert abs(100 * x[k].sum() / s.solids_tph - s.assay("chromite")) < 1e-9
        x[:] = 0  # a copy: the stream keeps its values
        assert s.x.sum() == pytest.approx(s.particulate_tph, rel=1e-12)


def test_table(flagship):
    t = flagship.table(assays=["Cr2O3"])
    if isinstance(t, dict):
        names, solids, cr = t["stream"], t["solids_tph"], t["Cr2O3"]
    else:
        names, solids, cr = list(t.index), list(t["solids_tph"]), list(t["Cr2O3"])
    i = names.index("concentrate")
    assert solids[i] == flagship.stream("concentrate").solids_tph
    assert cr[i] == flagship.stream("concentrate").assay("Cr2O3")


def test_parameter_change_moves_result():
    # A higher rougher spiral cut density sends fewer (the lighter, composite) particles to the
    # rougher concentrate (Tromp curve of the spiral, docs/models.md): less mass at a higher
    # grade. The numbers equal a run of the file with that value written in it.
    fs = oreflow.load(FLAGSHIP)
    fs.solve()
    path = "spiral_rougher.cut_density_kg_m3"
    assert fs.get(path) == 3300
    tph, grade = fs.lookup("streams.rougher_conc.solids_tph", "streams.rougher_conc.assay.Cr2O3")
    fs.set(path, 3600)
    assert fs.get(path) == 3600
    fs.solve()
    assert fs.stream("rougher_conc").solids_tph < tph
    assert fs.stream("rougher_conc").assay("Cr2O3") > grade
    text = FLAGSHIP.read_text().replace("cut_density_kg_m3: 3300", "cut_density_kg_m3: 3600", 1)
    changed = FLAGSHIP.parent / "_pytest_chain_3600.yaml"
    changed.write_text(text)
    try:
        theirs = cli_json("run", changed, "--json")
    finally:
        changed.unlink()
    ours = fs.lookup("streams.concentrate.solids_tph", "economics.npv_usd")
    assert ours[0] == pytest.approx(theirs["streams"]["concentrate"]["solids_tph"], rel=1e-9)
    assert ours[1] == pytest.approx(theirs["economics"]["npv_usd"], rel=1e-9)
    fs.close()


def test_economics_parameter():
    # NPV = sum CF_t / (1 + r)^t: a higher discount rate lowers it when the later cash flows are
    # positive (the flagship's are).
    fs = oreflow.load(FLAGSHIP)
    fs.solve()
    npv = fs.lookup("economics.npv_usd")
    fs.set("economics.discount_rate_pct", fs.get("economics.discount_rate_pct") + 2)
    fs.solve()
    assert fs.lookup("economics.npv_usd") < npv
    fs.close()


def test_unknown_names():
    fs = oreflow.load(BLEND)
    with pytest.raises(KeyError):
        fs.set("split_a.no_such_param", 1)
    with pytest.raises(KeyError):
        fs.stream("no_such_stream")
    with pytest.raises(oreflow.Error):
        fs.lookup("streams.blended.solids_tph")  # not solved yet
    fs.solve()
    with pytest.raises(KeyError):
        fs.lookup("streams.nowhere.solids_tph")
    fs.close()


def test_error_is_located(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text(BLEND.read_text().replace("type: mixer, in: [a_take", "type: mixr, in: [a_take"))
    with pytest.raises(oreflow.Error) as e:
        oreflow.load(bad)
    msg = str(e.value)
    line = next(i for i, l in enumerate(bad.read_text().splitlines(), 1) if "mixr" in l)
    assert f"{bad}:{line}:" in msg  # file:line:column
    assert "mixr" in msg
    assert e.value.status.startswith("ORF_E_")


def test_mc_same_as_cli():
    mine = oreflow.mc(FLAGSHIP, n=16, seed=3, threads=2)
    theirs = cli_json("mc", FLAGSHIP, "-n", 16, "--seed", 3, "-j", 2, "--json")
    for d in (mine, theirs):
        d.pop("seconds", None)
    assert mine == theirs
    assert mine["samples"] == 16


def test_optimize_analytical():
    r = oreflow.optimize(BLEND, method="slsqp")["optimize"]
    theirs = cli_json("optimize", BLEND, "--method", "slsqp", "--json", "-")["optimize"]
    assert r == theirs
    # the optimum derived in blend.yaml's comment: a = 1, b = 2/3, blend 500/3 t/h
    assert r["status"] == "optimal" and r["feasible"]
    assert abs(r["objective"]["value"] - 500 / 3) < 1e-6
    x = {v["param"]: v["value"] for v in r["variables"]}
    assert abs(x["split_a.fractions.0"] - 1) < 1e-6
    assert abs(x["split_b.fractions.0"] - 2 / 3) < 1e-6


def test_reconcile_same_as_cli(tmp_path):
    fs = "examples/recycle/scavenger_loop.yaml"
    meas = "examples/recycle/scavenger_loop_measured.yaml"
    mine = oreflow.reconcile(ROOT / fs, ROOT / meas)
    subprocess.run([CLI, "reconcile", fs, meas, "--quiet", "--json", tmp_path / "r.json"],
                   check=True, cwd=ROOT)
    theirs = json.loads((tmp_path / "r.json").read_text())
    for d in (mine, theirs):
        d.pop("flowsheet")
        d.pop("data")
    assert mine == theirs


def test_declarations_match_headers(tmp_path):
    # _lib.py copies the layout of the structures it reads or fills from the headers (ABI mode:
    # cffi cannot check them): every size and member offset against the C compiler's, and the
    # opaque result buffers against the results' sizes.
    import shutil

    from oreflow._lib import RESULT_BYTES, ffi

    cc = shutil.which(os.environ.get("CC", "cc")) or shutil.which("gcc")
    if not cc:
        pytest.skip("no C compiler to read the headers' layouts")
    full = ["orf_system", "orf_stream", "orf_tear_info", "orf_solve_info", "orf_json",
            "orf_mc_opts", "orf_opt_opts", "orf_recon_opts", "orf_calib_param", "orf_calib_info"]
    partial = ["orf_material"]  # leading members only
    lines = ['#include "oreflow/flowsheet.h"', '#include "oreflow/output.h"',
             '#include "oreflow/mc.h"', '#include "oreflow/optimize.h"',
             '#include "oreflow/balance.h"', '#include "oreflow/calibrate.h"',
             '#include "oreflow/scenario.h"', "#include <stddef.h>", "#include <stdio.h>",
             "int main(void) {"]
    expect = []
    for t in full + partial:
        if t in full:
            lines.append(f'printf("%zu\\n", sizeof({t}));')
            expect.append(ffi.sizeof(t))
        for name, _ in ffi.typeof(t).fields:
            lines.append(f'printf("%zu\\n", offsetof({t}, {name}));')
            expect.append(ffi.offsetof(t, name))
    for t in ("orf_mc_result", "orf_opt_result", "orf_recon_info", "orf_sens_result",
              "orf_scenario_result"):
        lines.append(f'printf("%d\\n", sizeof({t}) <= {RESULT_BYTES});')
        expect.append(1)
    lines.append("return 0; }")
    src = tmp_path / "layout.c"
    src.write_text("\n".join(lines) + "\n")
    exe = tmp_path / "layout"
    subprocess.run([cc, "-std=c11", "-D_POSIX_C_SOURCE=200809L", "-I", str(ROOT / "include"),
                    str(src), "-o", str(exe)], check=True)
    got = [int(v) for v in subprocess.run([exe], check=True, capture_output=True,
                                          text=True).stdout.split()]
    assert got == expect


def test_sensitivity_same_as_cli():
    mine = oreflow.sensitivity(FLAGSHIP)
    theirs = cli_json("sensitivity", FLAGSHIP, "--json")
    assert mine == theirs
    rows = mine["tornado"]
    assert len(rows) >= 3
    # a tornado: sorted by the swing, largest first, each swing = NPV high - NPV low
    swings = [abs(r["swing_usd"]) for r in rows]
    assert swings == sorted(swings, reverse=True)
    for r in rows:
        assert r["swing_usd"] == pytest.approx(r["npv_high_usd"] - r["npv_low_usd"], rel=1e-12)


def test_scenarios_same_as_cli():
    mine = oreflow.scenarios(FLAGSHIP)
    theirs = cli_json("scenarios", FLAGSHIP, "--json")
    assert mine == theirs
    cases = mine["cases"]
    assert cases[0]["name"] == "base" and len(cases) >= 2
    # the base case is the plain run's NPV
    run = cli_json("run", FLAGSHIP, "--json")["economics"]["npv_usd"]
    assert cases[0]["npv_usd"] == pytest.approx(run, rel=1e-12)


def test_calibrate_same_as_cli(tmp_path):
    # tests/cli/reconcile.sh's case: recoveries 0.80 / 0.60 and water 0.15 generated the survey
    src = (ROOT / "examples" / "recycle" / "scavenger_loop.yaml").read_text()
    off = tmp_path / "off.yaml"
    off.write_text(src.replace("chromite: 0.80", "chromite: 0.70")
                   .replace("chromite: 0.60", "chromite: 0.50"))
    data = ROOT / "tests" / "cases" / "recon" / "scavenger_loop_measured.yaml"
    fit = ["rougher.recovery.chromite", "scavenger.recovery.chromite", "rougher.water_recovery"]
    mine = oreflow.calibrate(off, data, fit, out=tmp_path / "py.yaml")["calibration"]
    args = [CLI, "calibrate", off, data, "--out", tmp_path / "cli.yaml"]
    for f in fit:
        args += ["--fit", f]
    text = subprocess.run(list(map(str, args)), check=True, capture_output=True,
                          text=True).stdout
    assert (tmp_path / "py.yaml").read_text() == (tmp_path / "cli.yaml").read_text()
    truth = dict(zip(fit, (0.80, 0.60, 0.15)))
    printed = {}
    for line in text.splitlines():
        w = line.replace("[", " ").replace("]", " ").replace(",", " ").split()
        if w and w[0] in truth:
            printed[w[0]] = [float(v) for v in w[1:]]
    assert len(printed) == 3
    for p in mine["parameters"]:
        initial, value, sd, lo, hi = printed[p["path"]]  # %.6g: 6 significant digits
        assert p["initial"] == pytest.approx(initial, rel=1e-5)
        assert p["value"] == pytest.approx(value, rel=1e-5)
        assert p["sd"] == pytest.approx(sd, rel=1e-2)
        assert p["value"] - p["ci95"] == pytest.approx(lo, rel=1e-5)
        assert p["value"] - p["ci95"] <= truth[p["path"]] <= p["value"] + p["ci95"]
    assert f"chi2 = {mine['chi2']:.3g} on {mine['dof']} dof" in text
    assert f"{mine['iterations']} iterations" in text


def test_optimize_methods_same_as_cli():
    for method in ("global", "isres"):
        mine = oreflow.optimize(BLEND, method=method)
        assert mine == cli_json("optimize", BLEND, "--method", method, "--json", "-")
        x = {v["param"]: v["value"] for v in mine["optimize"]["variables"]}
        assert abs(x["split_b.fractions.0"] - 2 / 3) < 1e-5, (method, x)


LONG_SPEC = """optimize:
  maximize: streams.blended.solids_tph
  method: isres
  max_evaluations: 100000000
  variables:
    - {param: split_a.fractions.0, min: 0, max: 1}
    - {param: split_b.fractions.0, min: 0, max: 1}
  constraints: [{path: streams.blended.assay.chromite, at_least: 60}]
"""

INTERRUPT = r"""
import json, os, signal, sys, threading, time
import oreflow
what, path, spec = sys.argv[1:4]
t0 = time.monotonic()
def ctrl_c():  # the terminal's Ctrl-C: SIGINT to the process, once the C call is running
    # (a loaded machine can take longer than any fixed delay to reach it: a SIGINT before the
    # call is Python's own KeyboardInterrupt, not the library's stop)
    while not any(t.name == "oreflow-run" for t in threading.enumerate()):
        time.sleep(0.05)
    time.sleep(1.0)
    os.kill(os.getpid(), signal.SIGINT)
threading.Thread(target=ctrl_c, daemon=True).start()
try:
    if what == "optimize":
        oreflow.optimize(path, spec=spec)
    else:
        oreflow.mc(path, n=20000, seed=1, threads=1)
    print(json.dumps({"outcome": "finished"}))
except oreflow.Interrupted as e:
    print(json.dumps({"outcome": "interrupted", "after_s": time.monotonic() - t0,
                      "result": e.result, "is_kbi": isinstance(e, KeyboardInterrupt)}))
"""


@pytest.mark.parametrize("what", ["optimize", "mc"])
def test_ctrl_c_stops_promptly(tmp_path, what):
    spec = tmp_path / "long.yaml"
    spec.write_text(LONG_SPEC)
    path = BLEND if what == "optimize" else FLAGSHIP
    env = dict(os.environ)
    env["PYTHONPATH"] = str(ROOT / "python") + os.pathsep + env.get("PYTHONPATH", "")
    p = subprocess.run([sys.executable, "-c", INTERRUPT, what, str(path), str(spec)],
                       capture_output=True, text=True, timeout=120, env=env)
    assert p.returncode == 0, p.stderr
    out = json.loads(p.stdout)
    assert out["outcome"] == "interrupted" and out["is_kbi"], out
    assert out["after_s"] < 30, out  # runs of hours (2 10^4 samples, 10^8 evaluations) stopped
    if what == "optimize":
        o = out["result"]["optimize"]
        assert o["status"] == "interrupted" and o["evaluations"] > 0
        assert o["feasible"] and o["objective"]["value"] > 100  # the best point is kept
    else:
        assert out["result"] is None
