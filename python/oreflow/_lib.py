"""The C library through cffi in ABI mode: declarations of the public API used here and the
loading of liboreflow.so.0 (no compiler needed at import).

Only ORF_API functions of include/oreflow/*.h are declared. Structures the bindings read or
fill are declared with their full layout, copied from the headers (flowsheet.h, stream.h,
output.h, mc.h, optimize.h, balance.h, calibrate.h); the result structures (orf_mc_result,
orf_opt_result, orf_recon_info, orf_sens_result, orf_scenario_result) stay
opaque and live in a buffer far larger than they are (RESULT_BYTES), read only through the
library's JSON writers.
"""

import ctypes.util
import os
from pathlib import Path

import cffi

CDEF = r"""
typedef int orf_status;
typedef struct orf_ctx orf_ctx;
typedef struct orf_flowsheet orf_flowsheet;
typedef struct orf_econ orf_econ;
typedef struct orf_design orf_design;
typedef struct orf_mc_result orf_mc_result;
typedef struct orf_opt_result orf_opt_result;
typedef struct orf_matdb orf_matdb;

const char *orf_status_name(orf_status s);
const char *orf_status_message(orf_status s);
const char *orf_libversion(void);
int orf_abi_version(void);
const char *orf_data_dir(void);

orf_ctx *orf_ctx_alloc(void);
void orf_ctx_free(orf_ctx *ctx);
size_t orf_ctx_error_count(const orf_ctx *ctx);
size_t orf_ctx_diag_count(const orf_ctx *ctx);
void orf_ctx_clear_diags(orf_ctx *ctx);
void orf_ctx_print_diags(const orf_ctx *ctx, FILE *fp);

typedef enum { ORF_PHASE_SOLID, ORF_PHASE_LIQUID, ORF_PHASE_GAS, ORF_PHASE_AQUEOUS } orf_phase;
typedef struct orf_material {
    const char *name;
    const char *formula;
    const char *source;
    orf_phase phase;
    /* further members not read here */
} orf_material;

typedef struct orf_system {
    const orf_matdb *db;
    size_t nm, ns, nc;
    const orf_material **mat;
    int *mat_db_index;
    int water;
    int valuable;
    double *upper_um;
    double *lower_um;
    double *mid_um;
    double *vfrac;
    int *liberated;
    size_t nvar;
    size_t npm;
    int *pslot;
    int *pmat;
    size_t npart;
} orf_system;

typedef struct orf_stream {
    const char *name;
    const orf_system *sys;
    double *x;
} orf_stream;

typedef struct orf_tear_info { int stream; double residual; } orf_tear_info;
typedef struct orf_solve_info {
    int converged;
    int iterations;
    int unit_evals;
    size_t ntears;
    const orf_tear_info *tears;
    double max_residual;
    int specs_met;
} orf_solve_info;

orf_status orf_flowsheet_load(orf_ctx *ctx, const char *path, orf_flowsheet **out);
void orf_flowsheet_free(orf_flowsheet *fs);
const char *orf_flowsheet_name(const orf_flowsheet *fs);
const orf_system *orf_flowsheet_system(const orf_flowsheet *fs);
size_t orf_flowsheet_stream_count(const orf_flowsheet *fs);
orf_stream *orf_flowsheet_stream(const orf_flowsheet *fs, size_t i);
int orf_flowsheet_stream_index(const orf_flowsheet *fs, const char *name);
size_t orf_flowsheet_unit_count(const orf_flowsheet *fs);
size_t orf_flowsheet_assay_count(const orf_flowsheet *fs);
const char *orf_flowsheet_assay_name(const orf_flowsheet *fs, size_t i);
orf_status orf_flowsheet_solve(orf_flowsheet *fs, orf_solve_info *info);
double *orf_flowsheet_param_ref(orf_flowsheet *fs, const char *unit, const char *param);

double orf_stream_solids_tph(const orf_stream *st);
double orf_stream_particulate_tph(const orf_stream *st);
double orf_stream_water_tph(const orf_stream *st);
double orf_stream_total_tph(const orf_stream *st);
double orf_stream_pct_solids(const orf_stream *st);
double orf_stream_material_tph(const orf_stream *st, size_t m);
orf_status orf_stream_assay(const orf_stream *st, const char *name, double *out);
double orf_stream_pxx_um(const orf_stream *st, double pct);

typedef struct orf_json {
    FILE *fp;
    int depth;
    int first[64];
    int pretty;
    int after_key;
} orf_json;
void orf_json_init(orf_json *j, FILE *fp, int pretty);
void orf_json_begin_object(orf_json *j);
void orf_json_end_object(orf_json *j);
void orf_json_end(orf_json *j);
typedef void (*orf_json_section_fn)(void *ud, orf_json *j);
void orf_result_write_json(const orf_flowsheet *fs, const orf_solve_info *info, FILE *fp,
                           orf_json_section_fn extra, void *extra_ud);
int orf_result_lookup(const orf_flowsheet *fs, const orf_solve_info *info,
                      orf_json_section_fn extra, void *extra_ud, size_t n,
                      const char *const *paths, double *out);

void orf_flowsheet_reset(orf_flowsheet *fs);

typedef struct orf_plant_data orf_plant_data;
typedef struct orf_recon_info orf_recon_info;
typedef struct orf_recon_opts { int max_iter; double tol; double alpha; } orf_recon_opts;
orf_status orf_plant_data_load(orf_ctx *ctx, orf_flowsheet *fs, const char *path,
                               orf_plant_data **out);
void orf_plant_data_free(orf_plant_data *pd);
orf_status orf_plant_reconcile(orf_ctx *ctx, orf_plant_data *pd, const orf_recon_opts *opts,
                               orf_recon_info *info);
void orf_plant_write_json_section(void *pd, orf_json *j);

orf_status orf_econ_load(orf_ctx *ctx, orf_flowsheet *fs, orf_econ **out);
void orf_econ_free(orf_econ *e);
orf_status orf_econ_eval(orf_econ *e);
double *orf_econ_param_ref(orf_econ *e, const char *path);
void orf_econ_json_section(void *ud, orf_json *j);
orf_status orf_design_compute(orf_ctx *ctx, const orf_flowsheet *fs, orf_design **out);
void orf_design_free(orf_design *d);
void orf_design_json_section(void *ud, orf_json *j);

typedef struct orf_mc_share orf_mc_share;
typedef struct orf_mc_opts {
    size_t n;
    int threads;
    unsigned long seed;
    size_t hist_bins;
    void (*progress)(void *ud, size_t done, size_t n);
    void *progress_ud;
    const orf_mc_share *share;
    volatile int *stop;
} orf_mc_opts;
orf_status orf_mc_run(orf_ctx *ctx, const char *path, const orf_mc_opts *o, orf_mc_result *res);
void orf_mc_result_fini(orf_mc_result *res);
void orf_mc_write_json(const orf_mc_result *r, const orf_mc_opts *o, orf_json *j);

typedef enum {
    ORF_OPT_DEFAULT = 0,
    ORF_OPT_COBYLA,
    ORF_OPT_SLSQP,
    ORF_OPT_GLOBAL,
    ORF_OPT_ISRES
} orf_opt_method;
typedef int (*orf_opt_lookup_fn)(void *ud, orf_flowsheet *fs, const orf_solve_info *info,
                                 orf_econ *e, size_t n, const char *const *paths, double *out);
typedef struct orf_opt_opts {
    orf_opt_method method;
    const char *spec_path;
    orf_opt_lookup_fn lookup;
    void *lookup_ud;
    volatile int *stop;
    const void *share; /* orf_opt_share: NULL (the whole run here) */
} orf_opt_opts;
typedef struct orf_sens_result orf_sens_result;
orf_status orf_sensitivity_run(orf_ctx *ctx, const char *path, orf_sens_result *res);
void orf_sens_result_fini(orf_sens_result *res);
void orf_sens_write_json(const orf_sens_result *r, orf_json *j);

typedef struct orf_scenario_result orf_scenario_result;
orf_status orf_scenarios_run(orf_ctx *ctx, const char *path, const char *scen_path,
                             orf_scenario_result *res);
void orf_scenario_result_fini(orf_scenario_result *res);
void orf_scenarios_write_json(const orf_scenario_result *r, orf_json *j);

typedef struct orf_calib_param {
    const char *unit;
    const char *param;
    double initial;
    double value;
    double sd;
    double ci95;
    double *ref;
} orf_calib_param;
typedef struct orf_calib_info {
    double chi2;
    int dof;
    int iterations;
    size_t nresid;
    int size_data_used;
} orf_calib_info;

orf_status orf_opt_run(orf_ctx *ctx, const char *path, const orf_opt_opts *o,
                       orf_opt_result *res);
void orf_opt_result_fini(orf_opt_result *res);
void orf_opt_write_json(const orf_opt_result *r, orf_json *j);
orf_status orf_opt_write_optimum(orf_ctx *ctx, const orf_opt_result *r, const char *in,
                                 const char *out, int overwrite);
orf_status orf_plant_calibrate(orf_ctx *ctx, orf_plant_data *pd, size_t np, orf_calib_param *p,
                               orf_calib_info *info);
orf_status orf_calib_write_yaml(orf_ctx *ctx, orf_flowsheet *fs, size_t np,
                                const orf_calib_param *p, const char *path);
"""

LIBC_CDEF = r"""
FILE *open_memstream(char **ptr, size_t *sizeloc);
int fclose(FILE *fp);
void free(void *p);
"""

# orf_mc_result, orf_opt_result and orf_recon_info are a few hundred bytes (mc.h, optimize.h): the buffers the
# bindings give them are this large, so that a member added later still fits.
RESULT_BYTES = 1 << 16

SONAME = "liboreflow.so.0"

ffi = cffi.FFI()
ffi.cdef(CDEF)
ffi.cdef(LIBC_CDEF)


def _candidates():
    env = os.environ.get("ORF_LIB")
    if env:
        return [env]
    out = []
    here = Path(__file__).resolve().parent
    try:  # an installed package (cmake --install): the library of the same installation
        from ._installed import LIBRARY

        mine = (here / LIBRARY).resolve()
        if mine.exists():
            out.append(str(mine))
    except ImportError:  # the source tree: its build
        built = here.parents[1] / "build" / SONAME
        if built.exists():
            out.append(str(built))
    found = ctypes.util.find_library("oreflow")
    if found:
        out.append(found)
    out.append(SONAME)  # the system loader: LD_LIBRARY_PATH, ld.so.cache
    return out


def _open():
    errors = []
    for name in _candidates():
        try:
            return ffi.dlopen(name), name
        except OSError as e:
            errors.append(f"{name}: {e}")
    raise ImportError(
        "oreflow: cannot load the C library (set ORF_LIB to liboreflow.so.0, build it with "
        "`make build`, or install it with `cmake --install`): " + "; ".join(errors)
    )


lib, path = _open()
libc = ffi.dlopen(None)
