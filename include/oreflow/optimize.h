/* oreflow — design optimisation (`oreflow optimize`, docs/optimize.md).
 *
 * The `optimize:` section of a flowsheet file (or of a separate file holding an `optimize:` map)
 * names an objective (`maximize:` or `minimize:` a result path of the run's JSON), variables
 * (numeric parameters by the paths `uncertainty:` uses: "unit.param", "unit.table.key",
 * "economics.…", with bounds, a start and `integer: true` for small integers such as cell
 * counts), constraints (`at_least` / `at_most` on result paths) and values fixed for the run
 * (`set:`, e.g. a design spec switched off). orf_opt_run loads the file, solves the base case
 * (the file as given), applies `set:`, then lets NLopt (Johnson, The NLopt nonlinear-optimization
 * package) drive re-solves warm-started from the base case's streams: COBYLA (Powell 1994), SLSQP
 * (Kraft 1988, gradients by central differences of re-solves), a multi-start (a Halton population,
 * then COBYLA from its best members) or ISRES (Runarsson & Yao 2005) followed by COBYLA from its
 * best point. The evaluations that do not depend on each other can be spread over processes
 * (orf_opt_share). Integer variables are enumerated (every combination, at
 * most ORF_OPT_MAX_COMBOS), the continuous ones optimised for each. A trial point whose solve or
 * evaluation fails is infeasible there, never fatal. A `pareto:` map adds a second objective and
 * traces the front by the ε-constraint method.
 *
 * Ownership: results own their arrays (orf_opt_result_fini), allocated through the context
 * given to the run, which must outlive them; paths are interned in that context. Thread safety:
 * one context per thread.
 */
#ifndef OREFLOW_OPTIMIZE_H
#define OREFLOW_OPTIMIZE_H

#include "common.h"
#include "econ.h"
#include "output.h"
#include <signal.h>
#include <stdio.h>

#ifdef __cplusplus
extern "C" {
#endif

#define ORF_OPT_MAX_COMBOS 256 /* integer combinations enumerated at most */

/* ORF_OPT_GLOBAL: a deterministic multi-start (a Halton population evaluated as one batch, then
 * COBYLA from its best members, each an independent run); ORF_OPT_ISRES: ISRES for the budget,
 * then COBYLA from its best point (the `global` method of oreflow 0.x before the multi-start). */
typedef enum {
    ORF_OPT_DEFAULT = 0,
    ORF_OPT_COBYLA,
    ORF_OPT_SLSQP,
    ORF_OPT_GLOBAL,
    ORF_OPT_ISRES
} orf_opt_method;

/* Why an evaluation failed (orf_opt_result.fail_count, first_cause; orf_opt_fail_name). */
typedef enum {
    ORF_OPT_FAIL_NONE = 0,
    ORF_OPT_FAIL_NOT_CONVERGED, /* a recycle loop did not converge (ORF_E_NOT_CONVERGED) */
    ORF_OPT_FAIL_SPEC,          /* a design spec could not be met (ORF_E_SPEC) */
    ORF_OPT_FAIL_UNIT,          /* a unit or the solver failed otherwise (ORF_E_NUMERIC, ...) */
    ORF_OPT_FAIL_ECON,          /* the economics could not be evaluated */
    ORF_OPT_FAIL_LOOKUP,        /* an objective or constraint path gave no value */
    ORF_OPT_FAIL_NOT_FINITE,    /* an objective or constraint value is NaN or infinite */
    ORF_OPT_NFAIL
} orf_opt_fail;

/* The cause's name in the JSON ("design_spec", ...); "none" for ORF_OPT_FAIL_NONE. */
ORF_API const char *orf_opt_fail_name(orf_opt_fail f);

typedef struct orf_opt_var {
    const char *path;
    double lo, hi, start; /* bounds and start (the file's value when not given) */
    double base;          /* the value in the file */
    double value;         /* at the best point */
    int integer;
    int start_given;     /* else the start is the base case's value (after its design specs) */
    double failed_value; /* at the first failed evaluation (orf_opt_result.first_failed) */
    orf_loc loc;         /* of the variable's entry */
} orf_opt_var;

typedef struct orf_opt_con {
    const char *path;
    int at_least; /* 1: value >= bound; 0: value <= bound */
    double bound;
    double base;  /* value of the base case */
    double value; /* at the best point */
    int active;   /* at the best point, within the tolerance of its bound */
    orf_loc loc;
} orf_opt_con;

typedef struct orf_opt_set {
    const char *path; /* a value fixed for the run (`set:`) */
    double value;
    double base;  /* the file's */
    double *slot; /* borrowed, valid during the run only */
} orf_opt_set;

typedef struct orf_opt_point {
    double f, f2; /* objective and second objective */
    double eps;   /* the ε bound on the second objective (NaN at the ends of the front) */
    int feasible;
    double *x; /* nvar */
} orf_opt_point;

typedef struct orf_opt_result {
    const char *file;
    const char *objective;
    int maximize;
    orf_opt_method method;
    double base_value; /* objective of the base case */
    double value;      /* at the best point */
    size_t nvar, ncon, nset;
    orf_opt_var *var;
    orf_opt_set *set;
    orf_opt_con *con;
    int feasible;         /* the best point meets every constraint */
    int base_feasible;    /* the base case does */
    double max_violation; /* of the best point (0 when feasible) */
    double tol;           /* constraint tolerance (absolute, in the result's unit) */
    size_t evaluations;   /* re-solves */
    size_t failed;        /* of which failed (infeasible there) */
    size_t combos;        /* integer combinations tried (1 without integers) */
    const char *status;   /* "optimal", "infeasible", "max_evaluations", "interrupted", "failed" */
    char message[256];    /* NLopt's stop reason or why it failed */
    /* The failed evaluations by cause (out of memory: none), and the first failed one in the
     * run's order (the same for any number of processes): its 1-based index (0: none failed),
     * cause and diagnostic (re-derived by solving that point again after the run); the
     * variables' values there are var[i].failed_value. */
    size_t fail_count[ORF_OPT_NFAIL];
    size_t first_failed;
    orf_opt_fail first_cause;
    char first_failure[512];
    /* Pareto front (pareto: in the file), sorted by the second objective */
    const char *objective2;
    int maximize2;
    size_t npoints;
    orf_opt_point *points;
    orf_ctx *ctx;
} orf_opt_result;

/* Result lookup: out[i] = the value at paths[i] of the solved flowsheet (economics e evaluated,
 * NULL when there is none). 0 when all were found. The CLI passes orf_result_lookup (output.h). */
typedef int (*orf_opt_lookup_fn)(void *ud, orf_flowsheet *fs, const orf_solve_info *info,
                                 orf_econ *e, size_t n, const char *const *paths, double *out);

/* A run spread over several processes (MPI ranks: cli/mpi_share.c; docs/cluster.md). Every
 * process runs the same optimisation from the same file; whenever the optimiser needs several
 * independent evaluations at once (the 2 n + 1 points of a central-difference gradient, the
 * population of the global method) or several independent optimisations (the integer
 * combinations, the global method's local runs), process `rank` computes the contiguous block
 * [n rank / size, n (rank + 1) / size) of the n items and `gather` makes them whole on every
 * process, so every process follows the same path and reaches the same result, bit for bit,
 * whatever `size`. Each evaluation starts from the base case's converged state, never from
 * another evaluation's, so its numbers do not depend on which process computed it. A single
 * evaluation (COBYLA's, ISRES's) is one item. The library itself holds no MPI code. */
typedef struct orf_opt_share {
    int rank, size; /* this process, of size (>= 1) */
    /* rows: n × len doubles, this process's block filled; on return every row holds what its
     * owner wrote, bit for bit. *stop: this process's stop request in, the OR over the
     * processes out. Called on every process at the same points of the run (also once after
     * the load, with n = size and len = 1: each process's status). 0 ok, else the run fails. */
    int (*gather)(void *ud, size_t n, size_t len, double *rows, int *stop);
    void *ud;
} orf_opt_share;

typedef struct orf_opt_opts {
    orf_opt_method method; /* ORF_OPT_DEFAULT: the file's `method`, else COBYLA */
    const char *spec_path; /* a separate file with the `optimize:` map (NULL: the flowsheet's) */
    orf_opt_lookup_fn lookup;
    void *lookup_ud;
    volatile sig_atomic_t *stop; /* set (by a SIGINT handler) to stop and keep the best point */
    const orf_opt_share *share;  /* NULL: the whole run in this process */
} orf_opt_opts;

/* ORF_OK (also when the run found no feasible point or was stopped: see res->status),
 * ORF_E_INPUT (bad file or section, a path that names no result of the base case), ORF_E_NOMEM,
 * or the base case's solve failure. */
ORF_API orf_status orf_opt_run(orf_ctx *ctx, const char *path, const orf_opt_opts *o,
                               orf_opt_result *res);
ORF_API void orf_opt_result_fini(orf_opt_result *res);
/* Validate the flowsheet's own `optimize:` section without solving (`oreflow check`): its keys,
 * variables (paths, bounds, specs), constraints' form, `set:`. Result paths are checked by a run
 * (they need the solved base case). ORF_OK when the section is absent. */
ORF_API orf_status orf_opt_check(orf_ctx *ctx, orf_flowsheet *fs, orf_econ *e);
/* `"optimize": {...}` into an open JSON object (docs/optimize.md). */
ORF_API void orf_opt_write_json(const orf_opt_result *r, orf_json *j);
ORF_API void orf_opt_print(const orf_opt_result *r, FILE *fp);
/* The flowsheet file `in` with each variable's value replaced by the optimum, in place in the
 * text (comments and layout kept), written atomically to `out` (which must differ from `in`
 * unless `overwrite`). Variables under economics and units only. */
ORF_API orf_status orf_opt_write_optimum(orf_ctx *ctx, const orf_opt_result *r, const char *in,
                                         const char *out, int overwrite);

#ifdef __cplusplus
}
#endif
#endif
