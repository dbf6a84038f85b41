/* Private layout of a flowsheet (core only). */
#ifndef ORF_FLOWSHEET_IMPL_H
#define ORF_FLOWSHEET_IMPL_H

#include "core_impl.h"

typedef struct orf__block {
    size_t first, n;          /* range in fs->order */
    size_t tear_first, ntear; /* range in fs->tears */
    int is_loop;
    int loop; /* its outermost loop in fs->loops for nested sequencing (plan_nest.c), or -1 */
    int acc;  /* a recycle block: its accelerator history in fs->accel; -1 for the others */
} orf__block;

/* A recycle loop of the nested sequencing (plan_nest.c): its head is its first unit; its own
 * tears are the streams into the head from inside it; the loops nested in it are converged
 * inside each of its iterations. */
typedef struct orf__loop {
    size_t first, n;   /* its units, nested loops' included: range in fs->norder */
    size_t tfirst, nt; /* its own tears: range in fs->ltears (which hold indices into fs->tears) */
    size_t cfirst, nc; /* the loops directly inside it, in evaluation order: range in fs->loops */
    size_t nsub;       /* an outermost loop: it and the loops inside it are loops[this .. + nsub) */
    int it;            /* tear updates made in this solve of its block (Wegstein needs two) */
} orf__loop;

/* The secant history of one tear set (a flat block's tears, or one loop's own tears) for the
 * multisecant accelerator (tear_accel.c): the Gram matrix of the stored ΔF, weighted, in ring
 * slots; the ΔX and ΔF themselves are in fs->hist. Depth 7 (was 5; docs/models.md): the
 * flagship's spiral loop spreads its spectrum over many particle types, and more pairs save
 * sweeps there and on the iron/hbi gas loop (measured, first solves: 87 → 81 and 350 → 157 sweeps;
 * 3 to 16 pairs measured: 7 and 8 cost least per Monte Carlo sample, and with 8 the calibration of
 * tests/cli/reconcile_donskoy.sh ran out of iterations). */
#define ORF_ACCEL_DEPTH 7
typedef struct orf__accel {
    int n;         /* stored pairs */
    int head;      /* ring slot of the newest pair, -1 when none */
    int restarts;  /* histories dropped by the safeguard in this solve */
    int on;        /* auto: Wegstein stalled on this loop in this solve of its block */
    int off;       /* auto: Anderson did not pay on this loop in this solve: Wegstein's for good */
    double r_prev; /* weighted norm of the residual at the last iteration */
    double gram[ORF_ACCEL_DEPTH * ORF_ACCEL_DEPTH];
    unsigned long long stamp[ORF_ACCEL_DEPTH]; /* fs->accel_steps when each slot was written */
} orf__accel;

typedef struct orf__spec {
    orf_spec_info info;
    double *param; /* into the adjusted unit's storage */
    double lo, hi;
    int prefer_max; /* a constraint spec: 1 toward hi, 0 toward lo */
    double enabled; /* 1 on, 0 off (`enabled:`; samplable as specs.NAME.enabled) */
    int stream;
    const char *assay;    /* or NULL */
    const char *quantity; /* solids_tph, water_tph, pct_solids, total_tph, or NULL */
    const char *result;   /* unit result name (target on a unit) or NULL */
    int result_unit, result_index;
    orf_loc loc;
    unsigned char *blocks; /* per block: 1 when downstream of the adjusted unit and upstream of
                              (or holding) the target, so re-solved at every trial value of the
                              parameter (set by the planner) */
    unsigned char *rest;   /* per block: downstream of the adjusted unit but not of use to the
                              target: solved once, at the root */
} orf__spec;

/* A name → index table: open addressing with linear probing, in the flowsheet's arena, built once
 * at load (flowsheet.c). Lookups are O(1) on average, so loading is linear in the number of names.
 */
typedef struct orf__names {
    size_t cap; /* a power of two, at least 1.5 times the number of names; 0 before it is built */
    const char **key;
    int *idx;
} orf__names;

struct orf_flowsheet {
    orf_ctx *ctx;
    orf__arena arena;
    orf_doc *doc;
    orf_matdb *db;
    const char *name, *path;
    orf_system sys;

    size_t nstreams;
    orf_stream *streams;
    int *src_unit, *src_port, *dst_unit, *dst_port;
    orf_loc *stream_loc;
    double *block; /* nstreams * nvar */

    orf__names stream_names; /* stream name → index into streams */

    size_t nunits;
    orf_unit *units;
    orf__names unit_names;   /* unit (and feed) name → index into units */
    const orf_stream ***uin; /* per unit: inlet pointers */
    struct orf__memo *memo;  /* per unit: last compute of an ORF_UNIT_MEMO unit (else unused) */
    size_t memo_hits;        /* computes skipped by it in the last solve */
    orf_stream ***uout;      /* per unit: outlet pointers (tear outlets point at shadows) */
    const orf_stream **plant_in, **plant_out; /* feeds and final products (overall balance) */
    size_t nplant_in, nplant_out;

    /* evaluation plan */
    size_t *order;
    size_t nblocks;
    orf__block *blocks;
    size_t ntears;
    int *tears;         /* stream indices */
    int *unit_block;    /* nunits: block of each unit (tear residual scaling) */
    orf_stream *shadow; /* ntears: g(x) buffers */
    double *wk; /* workspace: x_prev and g_prev per tear (2 × ntears × nvar), a flat block's
                   external feed (ntears × nvar), 2 per tear (runaway_warn) */
    /* ORF_ACCEL_DEPTH × ntears × nvar ΔX, then as many ΔF (tear_accel.c; not zeroed) */
    double *hist;
    orf__accel *accel; /* naccb + nloops: per recycle block (block.acc), then per nested loop */
    size_t naccb;      /* the recycle blocks */
    double *accel_w;   /* nvar: squared weights of a stream's variables (tear_accel.c) */
    const orf__accel *accel_w_of; /* the tear set whose last step wrote accel_w (or NULL) */
    double *accel_f;              /* nvar: a tear's residual g − x (tear_accel.c) */
    double *accel_wdf;            /* nvar: a tear's newest ΔF times the weights */
    size_t *accel_idx; /* ntears × (1 + nvar): per tear the count, then the variables a step
                          runs over (tear_accel.c) */
    /* ntears × nvar: the last step (accel_steps) at which a tear variable's x, g, x_prev or
     * g_prev was not +0 (tear_accel.c skips those that are +0 in every stored pair) */
    unsigned long long *accel_nz;
    unsigned char *accel_nz_ok;     /* ntears: the tear's accel_nz was zeroed (its first step) */
    unsigned long long accel_steps; /* accelerator steps taken since the load (its clock) */
    orf_tear_info *tear_info;
    int planned;
    /* nested sequencing (plan_nest.c): the units in nested evaluation order (each loop's units
     * contiguous) and each unit's position in it; the loops; their own tears; per loop its
     * external feed per material, t/h (nloops × nm) */
    size_t *norder, *npos;
    orf__loop *loops;
    size_t nloops;
    size_t *ltears;
    double *lext;

    orf_solver_opts opts;
    double tol_now; /* the tear tolerance of the block solves in progress: opts.tol, or looser for
                       a design spec's trial away from its root (specs.c) */
    int inexact;    /* set when a loop stopped at tol_now without reaching opts.tol */
    size_t nspecs;
    orf__spec *specs;
    size_t nassays;
    const char **assays;
    const char *valuable_element;
    size_t nreport_streams; /* report.products: streams for the products/recovery tables */
    int *report_streams;
    int unit_evals;
    int envelope_warned; /* the operating-envelope warnings were given (once per flowsheet) */
};

/* flowsheet.c: arena allocation of n objects of `size` bytes (zeroed; NULL on overflow or OOM) and
 * the out-of-memory diagnostic */
void *orf__fs_alloc(orf_flowsheet *fs, size_t n, size_t size);

/* The last compute of an ORF_UNIT_MEMO unit: its inlets, parameters, outlets and results. */
typedef struct orf__memo {
    int valid;
    double *in, *p, *out, *r; /* nin × nvar, nparams, nout × nvar, nresults */
} orf__memo;
orf_status orf__fs_oom(orf_ctx *ctx);
/* flowsheet.c: a name table for up to n names (ORF_OK, or the out-of-memory diagnostic); the index
 * of a name (-1 when absent); adding a name: -1 when it was new, else the index it already has
 * (the table keeps that one) */
orf_status orf__names_init(orf_flowsheet *fs, orf__names *t, size_t n);
int orf__names_find(const orf__names *t, const char *name);
int orf__names_add(orf__names *t, const char *name, int idx);
/* the stages of loading (each emits located diagnostics) */
orf_status orf__load_system(orf_flowsheet *fs, const orf_node *root); /* load_system.c */
orf_status orf__load_units(orf_flowsheet *fs, const orf_node *root,
                           orf_status top_st);                        /* load_units.c */
orf_status orf__load_solver(orf_flowsheet *fs, const orf_node *root); /* load_options.c */
orf_status orf__load_report(orf_flowsheet *fs, const orf_node *root);
/* load_options.c: 1 when `a` is an assay the streams define */
int orf__assay_valid(orf_flowsheet *fs, const char *a);              /* load_options.c */
orf_status orf__load_specs(orf_flowsheet *fs, const orf_node *root); /* specs.c */
/* planner.c: evaluation order, recycle blocks, tears, per-spec block masks */
orf_status orf__flowsheet_plan(orf_flowsheet *fs);
/* plan_nest.c: the nested loops of every recycle block (after the planner has torn them) */
orf_status orf__plan_nest(orf_flowsheet *fs, const int *is_tear, const int *dfn);
/* solver.c: solve the blocks in order; with a mask, only those it marks; with skip, not those */
orf_status orf__solve_blocks(orf_flowsheet *fs, orf_solve_info *info, const unsigned char *mask,
                             const unsigned char *skip);
/* tear_accel.c: the next tear values of the tear set tl[0..nt) (indices into fs->tears; NULL:
 * tear_first .. tear_first + nt) at iteration k (1: the first of this solve, which drops the
 * history) of its solve, with the set's external feed per material ext_m; wegstein: 1 when the
 * previous x and g (fs->wk) are those of this solve, for Wegstein's slopes */
void orf__accel_step(orf_flowsheet *fs, orf__accel *A, size_t nt, const size_t *tl,
                     size_t tear_first, const double *ext_m, int k, int wegstein);
/* specs.c: the current value of a spec's target quantity, and meeting one spec */
double orf__spec_value(orf_flowsheet *fs, const orf__spec *sp);
orf_status orf__spec_solve(orf_flowsheet *fs, orf__spec *sp, orf_solve_info *info);
/* specs.c: the blocks that the first enabled spec from index `from` on re-solves at its root
 * whatever its search does (its `rest`), which a solve before it may leave; NULL when none */
const unsigned char *orf__spec_deferred(const orf_flowsheet *fs, size_t from);

#endif
