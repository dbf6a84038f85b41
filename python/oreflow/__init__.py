"""oreflow from Python: load a flowsheet, set parameters, solve, read streams as numpy arrays
and tables, get the same JSON result as `oreflow run --json`, run Monte Carlo and optimisation.

Bindings over the C library (liboreflow.so.0) through cffi in ABI mode (docs/python.md).

    import oreflow
    fs = oreflow.load("examples/chromite/chain.yaml")
    fs.solve()
    fs.stream("concentrate").assay("Cr2O3")   # mass %
    fs.lookup("economics.npv_usd")            # USD

Errors of the library raise oreflow.Error, whose message is the library's diagnostics as the
command line prints them (file:line:column: error: ..., the source line and a caret).
"""

import json
import math
import threading

import numpy as np

from ._lib import RESULT_BYTES, ffi, lib, libc
from ._lib import path as library_path

__all__ = ["Error", "Flowsheet", "Interrupted", "Stream", "calibrate", "load", "mc", "optimize",
           "reconcile", "scenarios", "sensitivity", "version", "library_path"]


class Error(Exception):
    """A failure of the library: `status` is its name ("ORF_E_INPUT"), `code` its number and
    the message the diagnostics text (file:line:column: ...)."""

    def __init__(self, message, code=0):
        super().__init__(message)
        self.code = code
        self.status = _str(lib.orf_status_name(code)) if code else ""


class Interrupted(KeyboardInterrupt):
    """Ctrl-C (KeyboardInterrupt) stopped a run of mc() or optimize(): the library was asked to
    stop (its stop flag, as the command line's SIGINT handler sets it) and returned promptly.
    `result` is what the run kept: for optimize() the dict with the best point found so far
    (status "interrupted"), for mc() None (no partial statistics)."""

    def __init__(self, result=None):
        super().__init__("interrupted")
        self.result = result


def _call(fn, stop):
    """fn() — one C call (cffi releases the GIL during it) — on a worker thread, while the main
    thread waits; a KeyboardInterrupt there sets the library's stop flag stop[0] and waits for
    fn to return. Returns (fn's value, whether it was interrupted). Off the main thread (where
    no KeyboardInterrupt arrives) fn runs directly."""
    if threading.current_thread() is not threading.main_thread():
        return fn(), False
    box = {}
    done = threading.Event()

    def run():
        try:
            box["value"] = fn()
        except BaseException as e:  # re-raised in the caller's thread
            box["error"] = e
        finally:
            done.set()

    t = threading.Thread(target=run, name="oreflow-run", daemon=True)
    t.start()
    hit = False
    # an Event, not Thread.is_alive(): a KeyboardInterrupt inside Thread.join can leave the
    # thread marked as ended while it runs (CPython issue 90882)
    while not done.is_set():
        try:
            done.wait(0.05)
        except KeyboardInterrupt:
            stop[0] = 1
            hit = True
    t.join()
    if "error" in box:
        raise box["error"]
    return box["value"], hit


def version():
    """The version of the library loaded ("0.1.0 ...")."""
    return _str(lib.orf_libversion())


def _str(p):
    return ffi.string(p).decode() if p != ffi.NULL else None


def _capture(write):
    """What write(FILE *) writes, as text (an open_memstream buffer)."""
    buf = ffi.new("char **")
    size = ffi.new("size_t *")
    fp = libc.open_memstream(buf, size)
    if fp == ffi.NULL:
        raise MemoryError("open_memstream failed")
    try:
        write(fp)
    finally:
        libc.fclose(fp)
    try:
        return ffi.string(buf[0], size[0]).decode() if buf[0] != ffi.NULL else ""
    finally:
        libc.free(buf[0])


def _diags(ctx):
    return _capture(lambda fp: lib.orf_ctx_print_diags(ctx, fp))


def _fail(ctx, code, what):
    text = _diags(ctx).strip()
    msg = _str(lib.orf_status_message(code))
    raise Error(f"{text}\n{what}: {msg}" if text else f"{what}: {msg}", code)


def _json_of(write_fn):
    """Parse the JSON that write_fn(orf_json *) writes (compact, through the library's writer)."""

    def write(fp):
        j = ffi.new("orf_json *")
        lib.orf_json_init(j, fp, 0)
        write_fn(j)
        lib.orf_json_end(j)

    return json.loads(_capture(write))


class Stream:
    """One stream of a solved flowsheet. Values are read when asked (after the last solve)."""

    def __init__(self, fs, index, ptr):
        self._fs = fs  # keeps the flowsheet (which owns the stream) alive
        self.index = index
        self._p = ptr
        self.name = _str(ptr.name)

    solids_tph = property(lambda s: lib.orf_stream_solids_tph(s._p), doc="solids, t/h")
    particulate_tph = property(lambda s: lib.orf_stream_particulate_tph(s._p),
                               doc="particulate solids (the x block), t/h")
    water_tph = property(lambda s: lib.orf_stream_water_tph(s._p), doc="water, t/h")
    total_tph = property(lambda s: lib.orf_stream_total_tph(s._p), doc="everything, t/h")
    pct_solids = property(lambda s: lib.orf_stream_pct_solids(s._p), doc="mass % solids")

    def assay(self, name):
        """Assay of the solids, mass %: element ("Cr"), oxide ("Cr2O3"), material, or a ratio
        "Cr/Fe". NaN when the stream holds no solids; KeyError for an unknown name."""
        out = ffi.new("double *")
        st = lib.orf_stream_assay(self._p, name.encode(), out)
        if st:
            raise KeyError(f"stream {self.name}: no assay '{name}'")
        return out[0]

    def p80_um(self, pct=80.0):
        """Size below which pct % of the particulate solids passes, µm."""
        return lib.orf_stream_pxx_um(self._p, pct)

    def _values(self):
        n = self._p.sys.nvar
        return np.frombuffer(ffi.buffer(self._p.x, n * 8), dtype=np.float64).copy()

    @property
    def x(self):
        """Particulate mass flows, t/h, shape (particulate materials, size classes, composition
        classes) — a copy, in the order of Flowsheet.particulate_materials, size classes coarse
        to fine (Flowsheet.sizes_um), composition classes as Flowsheet.vfrac."""
        sys = self._p.sys
        v = self._values()[: sys.npart]
        return v.reshape(sys.npm, sys.ns, sys.nc)

    @property
    def bulk(self):
        """Bulk mass flows, t/h, of every material (water, melts, gases; not by size): a dict."""
        sys = self._p.sys
        v = self._values()[sys.npart : sys.npart + sys.nm]
        return dict(zip(self._fs.materials, v.tolist()))

    @property
    def temperature_c(self):
        sys = self._p.sys
        return self._p.x[sys.npart + sys.nm]

    def __repr__(self):
        return f"<oreflow.Stream {self.name}: {self.solids_tph:.6g} t/h solids>"


class Flowsheet:
    """A loaded flowsheet with its economics section (when it has one)."""

    def __init__(self, path):
        self.path = str(path)
        self._ctx = lib.orf_ctx_alloc()
        if self._ctx == ffi.NULL:
            raise MemoryError("oreflow: out of memory")
        self._fs = ffi.NULL
        self._econ = ffi.NULL
        self._design = ffi.NULL
        self._info = ffi.new("orf_solve_info *")
        self._solved = False
        out = ffi.new("orf_flowsheet **")
        st = lib.orf_flowsheet_load(self._ctx, self.path.encode(), out)
        if st < 0:
            self._fail(st, f"load {self.path}")
        self._fs = out[0]
        econ = ffi.new("orf_econ **")
        st = lib.orf_econ_load(self._ctx, self._fs, econ)
        if st < 0:
            self._fail(st, f"economics of {self.path}")
        self._econ = econ[0]
        # the run's extra JSON sections, as `oreflow run` writes them (cli/cmd_run.c)
        self._sections = ffi.callback("void(void *, orf_json *)", self._write_sections)

    def _fail(self, st, what):
        try:
            _fail(self._ctx, st, what)
        finally:
            if self._fs == ffi.NULL:
                self.close()

    def close(self):
        """Free the C objects now (else when the object is collected)."""
        if getattr(self, "_design", ffi.NULL) != ffi.NULL:
            lib.orf_design_free(self._design)
        if getattr(self, "_econ", ffi.NULL) != ffi.NULL:
            lib.orf_econ_free(self._econ)
        if getattr(self, "_fs", ffi.NULL) != ffi.NULL:
            lib.orf_flowsheet_free(self._fs)
        if getattr(self, "_ctx", ffi.NULL) != ffi.NULL:
            lib.orf_ctx_free(self._ctx)
        self._design = self._econ = self._fs = self._ctx = ffi.NULL

    def __del__(self):
        self.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    # --------------------------------------------------------------------- description
    @property
    def name(self):
        return _str(lib.orf_flowsheet_name(self._fs))

    @property
    def streams(self):
        """Stream names, in the file's order."""
        n = lib.orf_flowsheet_stream_count(self._fs)
        return [_str(lib.orf_flowsheet_stream(self._fs, i).name) for i in range(n)]

    @property
    def materials(self):
        sys = lib.orf_flowsheet_system(self._fs)
        return [_str(sys.mat[m].name) for m in range(sys.nm)]

    @property
    def particulate_materials(self):
        """The materials of the x block's first axis."""
        sys = lib.orf_flowsheet_system(self._fs)
        return [_str(sys.mat[sys.pmat[k]].name) for k in range(sys.npm)]

    @property
    def sizes_um(self):
        """(upper, lower) bounds of each size class, µm, coarse to fine."""
        sys = lib.orf_flowsheet_system(self._fs)
        return [(sys.upper_um[s], sys.lower_um[s]) for s in range(sys.ns)]

    @property
    def vfrac(self):
        """Volume fraction of the valuable mineral in each composition class."""
        sys = lib.orf_flowsheet_system(self._fs)
        return [sys.vfrac[c] for c in range(sys.nc)]

    @property
    def assays(self):
        """The assays of the report (report.assays)."""
        n = lib.orf_flowsheet_assay_count(self._fs)
        return [_str(lib.orf_flowsheet_assay_name(self._fs, i)) for i in range(n)]

    def stream(self, name):
        i = lib.orf_flowsheet_stream_index(self._fs, name.encode())
        if i < 0:
            raise KeyError(f"no stream '{name}' in {self.path}")
        return Stream(self, i, lib.orf_flowsheet_stream(self._fs, i))

    # --------------------------------------------------------------------- parameters
    def _slot(self, path):
        if path.startswith("economics.") or path.startswith("schedule."):
            p = lib.orf_econ_param_ref(self._econ, path.encode()) if self._econ else ffi.NULL
        else:
            unit, dot, param = path.partition(".")
            p = ffi.NULL
            if unit and dot and param:
                p = lib.orf_flowsheet_param_ref(self._fs, unit.encode(), param.encode())
        if p == ffi.NULL:
            raise KeyError(f"no numeric parameter '{path}' in {self.path}")
        return p

    def get(self, path):
        """A numeric parameter by the path `uncertainty:` and `optimize:` use: "unit.param",
        "unit.table.key", "specs.NAME.enabled", "economics.…"."""
        return self._slot(path)[0]

    def set(self, path, value):
        """Set a numeric parameter (as get); the next solve() uses it. Note that a design spec
        adjusting that parameter overrides it (switch it off: set("specs.NAME.enabled", 0))."""
        value = float(value)
        if not math.isfinite(value):
            raise ValueError(f"{path}: {value} is not a finite number")
        self._slot(path)[0] = value
        self._solved = False

    # --------------------------------------------------------------------- solving
    def solve(self):
        """Solve (warm-started from the last solve), then the equipment list and the economics,
        as `oreflow run` does. Raises Error when the solve or the economics fail."""
        lib.orf_ctx_clear_diags(self._ctx)
        if self._design != ffi.NULL:
            lib.orf_design_free(self._design)
            self._design = ffi.NULL
        self._solved = False
        st = lib.orf_flowsheet_solve(self._fs, self._info)
        if st < 0:
            _fail(self._ctx, st, f"solve {self.path}")
        design = ffi.new("orf_design **")
        ds = lib.orf_design_compute(self._ctx, self._fs, design)
        if ds < 0:
            _fail(self._ctx, ds, f"equipment of {self.path}")
        self._design = design[0]
        if self._econ != ffi.NULL:
            es = lib.orf_econ_eval(self._econ)
            if es < 0:
                _fail(self._ctx, es, f"economics of {self.path}")
        self._solved = True
        return self

    def _need_solved(self):
        if not self._solved:
            raise Error(f"{self.path}: not solved since it was loaded or changed: call solve()")

    @property
    def converged(self):
        return bool(self._info.converged)

    @property
    def iterations(self):
        return self._info.iterations

    def diagnostics(self):
        """The warnings (and errors) of the last load or solve, as the command line prints them."""
        return _diags(self._ctx)

    def _write_sections(self, ud, j):
        if self._design != ffi.NULL:
            lib.orf_design_json_section(self._design, j)
        if self._econ != ffi.NULL:
            lib.orf_econ_json_section(self._econ, j)

    def result_json(self):
        """The run's result as a dict: the JSON of `oreflow run --json` (docs/json.md), written
        by the same writer."""
        self._need_solved()
        text = _capture(
            lambda fp: lib.orf_result_write_json(self._fs, self._info, fp, self._sections, ffi.NULL)
        )
        return json.loads(text)

    def lookup(self, *paths):
        """The number at a dotted path of the run's JSON ("economics.npv_usd",
        "streams.concentrate.assay.Cr2O3"); several paths give a list. KeyError for a path that
        names no number."""
        self._need_solved()
        keep = [ffi.new("char[]", p.encode()) for p in paths]
        cpaths = ffi.new("const char *[]", keep)
        out = ffi.new("double[]", len(paths))
        rc = lib.orf_result_lookup(self._fs, self._info, self._sections, ffi.NULL, len(paths),
                                   cpaths, out)
        if rc == -2:
            raise MemoryError("oreflow: out of memory")
        vals = [out[i] for i in range(len(paths))]
        if rc != 0:
            missing = [p for p, v in zip(paths, vals) if math.isnan(v)]
            raise KeyError(f"no result at {', '.join(missing)}")
        return vals[0] if len(paths) == 1 else vals

    def table(self, assays=None):
        """The stream table: a dict of columns (stream, solids_tph, water_tph, pct_solids, then
        one column per assay, mass %), or a pandas DataFrame when pandas is installed."""
        self._need_solved()
        assays = self.assays if assays is None else list(assays)
        cols = {"stream": [], "solids_tph": [], "water_tph": [], "pct_solids": []}
        for a in assays:
            cols[a] = []
        for name in self.streams:
            s = self.stream(name)
            cols["stream"].append(name)
            cols["solids_tph"].append(s.solids_tph)
            cols["water_tph"].append(s.water_tph)
            cols["pct_solids"].append(s.pct_solids)
            for a in assays:
                cols[a].append(s.assay(a))
        try:
            import pandas
        except ImportError:
            return cols
        return pandas.DataFrame(cols).set_index("stream")

    def __repr__(self):
        return f"<oreflow.Flowsheet {self.path}>"


def load(path):
    """Load a flowsheet file (and its economics section). Raises Error with the located
    diagnostics when the file is wrong."""
    return Flowsheet(path)


def mc(path, n=1000, seed=1, threads=1, hist_bins=0):
    """Monte Carlo on the file's `uncertainty:` section (orf_mc_run): the dict that
    `oreflow mc FILE -n N --seed S -j THREADS --json` prints. Ctrl-C stops the workers after
    the samples they hold and raises Interrupted (a KeyboardInterrupt)."""
    ctx = lib.orf_ctx_alloc()
    if ctx == ffi.NULL:
        raise MemoryError("oreflow: out of memory")
    try:
        o = ffi.new("orf_mc_opts *")
        o.n, o.seed, o.threads, o.hist_bins = int(n), int(seed), int(threads), int(hist_bins)
        buf = ffi.new("char[]", RESULT_BYTES)
        res = ffi.cast("orf_mc_result *", buf)
        cpath = ffi.new("char[]", str(path).encode())  # lives as long as the result
        stop = ffi.new("int *")
        o.stop = stop
        st, hit = _call(lambda: lib.orf_mc_run(ctx, cpath, o, res), stop)
        if hit:
            if not st:
                lib.orf_mc_result_fini(res)
            raise Interrupted()
        if st:
            _fail(ctx, st, f"mc {path}")
        try:
            return _json_of(lambda j: lib.orf_mc_write_json(res, o, j))
        finally:
            lib.orf_mc_result_fini(res)
    finally:
        lib.orf_ctx_free(ctx)


_METHODS = {None: 0, "cobyla": 1, "slsqp": 2, "global": 3, "isres": 4}


def optimize(path, spec=None, method=None, write_optimum=None, overwrite=False):
    """Optimisation by the `optimize:` section of the file, or of `spec` (orf_opt_run): the dict
    that `oreflow optimize FILE --json -` prints ({"optimize": {...}}). write_optimum: a path to
    write the flowsheet with the optimum's values (when a feasible point was found). Ctrl-C
    stops the run and raises Interrupted, whose `result` is the dict with the best point found
    so far (status "interrupted"; write_optimum is then written when that point is feasible)."""
    if method not in _METHODS:
        raise ValueError(f"method {method!r} is not cobyla, slsqp, global or isres")
    ctx = lib.orf_ctx_alloc()
    if ctx == ffi.NULL:
        raise MemoryError("oreflow: out of memory")

    @ffi.callback("int(void *, orf_flowsheet *, const orf_solve_info *, orf_econ *, size_t, "
                  "const char *const *, double *)")
    def lookup(ud, fs, info, e, n, paths, out):
        sect = ffi.addressof(lib, "orf_econ_json_section") if e != ffi.NULL else ffi.NULL
        return lib.orf_result_lookup(fs, info, sect, e, n, paths, out)

    try:
        o = ffi.new("orf_opt_opts *")
        o.method = _METHODS[method]
        keep = ffi.new("char[]", str(spec).encode()) if spec else ffi.NULL
        o.spec_path = keep
        o.lookup = lookup
        buf = ffi.new("char[]", RESULT_BYTES)
        res = ffi.cast("orf_opt_result *", buf)
        cpath = ffi.new("char[]", str(path).encode())  # the result borrows it (res->file)
        stop = ffi.new("int *")
        o.stop = stop
        st, hit = _call(lambda: lib.orf_opt_run(ctx, cpath, o, res), stop)
        try:
            if st:
                _fail(ctx, st, f"optimize {path}")

            def write(j):
                lib.orf_json_begin_object(j)
                lib.orf_opt_write_json(res, j)
                lib.orf_json_end_object(j)

            out = _json_of(write)
            if write_optimum and out["optimize"].get("feasible"):
                st = lib.orf_opt_write_optimum(ctx, res, cpath,
                                               str(write_optimum).encode(), int(overwrite))
                if st:
                    _fail(ctx, st, f"write {write_optimum}")
            if hit:
                raise Interrupted(out)
            return out
        finally:
            lib.orf_opt_result_fini(res)
    finally:
        lib.orf_ctx_free(ctx)


ORF_E_NOT_CONVERGED = -9


def reconcile(path, data, alpha=0.05):
    """Data reconciliation of the plant measurements in `data` (YAML or CSV) on the flowsheet at
    `path` (orf_plant_reconcile; docs/reconcile.md): the dict that
    `oreflow reconcile FILE DATA --alpha A --json OUT` writes. A reconciliation that did not
    converge is returned (its "converged" says so), as the program writes it."""
    if not 0 < alpha < 1:
        raise ValueError("alpha must be in (0, 1)")
    with Flowsheet(path) as fs:
        ctx = fs._ctx
        # a simulation, when it converges, seeds the reconciliation (guesses only)
        if lib.orf_flowsheet_solve(fs._fs, ffi.NULL) != 0:
            lib.orf_ctx_clear_diags(ctx)
            lib.orf_flowsheet_reset(fs._fs)
        pd = ffi.new("orf_plant_data **")
        st = lib.orf_plant_data_load(ctx, fs._fs, str(data).encode(), pd)
        if st:
            _fail(ctx, st, f"measurements {data}")
        try:
            opts = ffi.new("orf_recon_opts *", {"max_iter": 0, "tol": 0.0, "alpha": float(alpha)})
            buf = ffi.new("char[]", RESULT_BYTES)  # held: the cast does not keep it alive
            info = ffi.cast("orf_recon_info *", buf)
            st = lib.orf_plant_reconcile(ctx, pd[0], opts, info)
            if st and st != ORF_E_NOT_CONVERGED:
                _fail(ctx, st, f"reconcile {data}")

            def write(j):
                lib.orf_json_begin_object(j)
                lib.orf_plant_write_json_section(pd[0], j)
                lib.orf_json_end_object(j)

            section = _json_of(write)
        finally:
            lib.orf_plant_data_free(pd[0])
        out = {"oreflow_version": version().split()[0],
               "flowsheet": {"name": fs.name, "file": str(path)}, "data": str(data)}
        out.update(section)
        return out


def sensitivity(path):
    """One-at-a-time sensitivity (tornado) of the file's `uncertainty:` parameters
    (orf_sensitivity_run): the dict that `oreflow sensitivity FILE --json` prints."""
    ctx = lib.orf_ctx_alloc()
    if ctx == ffi.NULL:
        raise MemoryError("oreflow: out of memory")
    try:
        buf = ffi.new("char[]", RESULT_BYTES)
        res = ffi.cast("orf_sens_result *", buf)
        cpath = ffi.new("char[]", str(path).encode())
        st = lib.orf_sensitivity_run(ctx, cpath, res)
        if st:
            _fail(ctx, st, f"sensitivity {path}")
        try:
            return _json_of(lambda j: lib.orf_sens_write_json(res, j))
        finally:
            lib.orf_sens_result_fini(res)
    finally:
        lib.orf_ctx_free(ctx)


def scenarios(path, scenarios_file=None):
    """The base case and each scenario side by side (orf_scenarios_run): those of the file's own
    `scenarios:` section, then those of `scenarios_file`; the dict that
    `oreflow scenarios FILE [SCENARIOS.yaml] --json` prints."""
    ctx = lib.orf_ctx_alloc()
    if ctx == ffi.NULL:
        raise MemoryError("oreflow: out of memory")
    try:
        buf = ffi.new("char[]", RESULT_BYTES)
        res = ffi.cast("orf_scenario_result *", buf)
        cpath = ffi.new("char[]", str(path).encode())  # the result borrows it
        cscen = ffi.new("char[]", str(scenarios_file).encode()) if scenarios_file else ffi.NULL
        st = lib.orf_scenarios_run(ctx, cpath, cscen, res)
        if st:
            _fail(ctx, st, f"scenarios {path}")
        try:
            return _json_of(lambda j: lib.orf_scenarios_write_json(res, j))
        finally:
            lib.orf_scenario_result_fini(res)
    finally:
        lib.orf_ctx_free(ctx)


def calibrate(path, data, fit, out=None):
    """Fit unit parameters to the reconciled plant data (as `oreflow calibrate FILE DATA --fit
    UNIT.PARAM ... [--out OUT]`): the flowsheet is solved, the measurements in `data` reconciled,
    then the parameters `fit` ("unit.param" strings, at most 16) fitted (orf_plant_calibrate).
    Returns {"calibration": {"flowsheet", "residuals", "size_data_used", "chi2", "dof",
    "iterations", "parameters": [{"path", "initial", "value", "sd", "ci95"}]}}, the numbers the
    program prints; `out` writes the flowsheet file with the fitted values."""
    fit = [fit] if isinstance(fit, str) else list(fit)
    if not fit or len(fit) > 16 or any("." not in f for f in fit):
        raise ValueError("fit: 1 to 16 parameters as 'unit.param'")
    with Flowsheet(path) as fs:
        ctx = fs._ctx
        if lib.orf_flowsheet_solve(fs._fs, ffi.NULL) != 0:
            _fail(ctx, -9, f"calibrate {path}: the flowsheet must solve")
        pd = ffi.new("orf_plant_data **")
        st = lib.orf_plant_data_load(ctx, fs._fs, str(data).encode(), pd)
        if st:
            _fail(ctx, st, f"measurements {data}")
        try:
            buf = ffi.new("char[]", RESULT_BYTES)
            st = lib.orf_plant_reconcile(ctx, pd[0], ffi.NULL, ffi.cast("orf_recon_info *", buf))
            if st:
                _fail(ctx, st, f"reconcile {data}")
            keep = [(ffi.new("char[]", f.split(".", 1)[0].encode()),
                     ffi.new("char[]", f.split(".", 1)[1].encode())) for f in fit]
            p = ffi.new("orf_calib_param[]", len(fit))
            for i, (u, q) in enumerate(keep):
                p[i].unit, p[i].param = u, q
            info = ffi.new("orf_calib_info *")
            st = lib.orf_plant_calibrate(ctx, pd[0], len(fit), p, info)
            if st:
                _fail(ctx, st, f"calibrate {path}")
            if out:
                st = lib.orf_calib_write_yaml(ctx, fs._fs, len(fit), p, str(out).encode())
                if st:
                    _fail(ctx, st, f"write {out}")
        finally:
            lib.orf_plant_data_free(pd[0])
        params = [{"path": f, "initial": p[i].initial, "value": p[i].value, "sd": p[i].sd,
                   "ci95": p[i].ci95} for i, f in enumerate(fit)]
        return {"calibration": {"flowsheet": fs.name, "residuals": info.nresid,
                                "size_data_used": bool(info.size_data_used), "chi2": info.chi2,
                                "dof": info.dof, "iterations": info.iterations,
                                "parameters": params}}
