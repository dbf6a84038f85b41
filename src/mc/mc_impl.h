/* Private declarations shared by the Monte Carlo files (mc_model.c, mc_run.c, mc_sensitivity.c). */
#ifndef ORF_MC_IMPL_H
#define ORF_MC_IMPL_H

#include "oreflow/mc.h"

#include "base/base_impl.h"
#include "econ/econ_predict.h"

#include "oreflow/econ.h"
#include "oreflow/flowsheet.h"
#include "oreflow/unit.h"

/* A loaded model: one per worker thread (each with its own context), one for the base case. */
typedef struct {
    orf_ctx *ctx;
    orf_flowsheet *fs;
    orf_econ *e;
    size_t k;
    double **slot; /* k */
    double *state; /* base converged streams */
    size_t nspec;
    double **spec_slot; /* parameters adjusted by design specs, restored before each sample */
    double *spec_base;
    double **spec_on; /* each spec's switch (specs.NAME.enabled): a spec off keeps its value */
    double *base;     /* k base values */
    int any_fs;
    int sched;         /* the economics has a schedule: its periods are solved in orf_econ_eval */
    orf__predict pred; /* without a schedule: the warm start's predictor along the sampled unit
                        * parameters (n 0: none) */
    char why[256];     /* why the last orf__mc_model_eval failed */
} mc_model;

/* The parsed `uncertainty:` section. */
typedef struct {
    size_t k;
    orf_mc_param *p;
    const char **alias;
    double *corr; /* k × k or NULL */
} mc_spec;

/* Slot of the numeric parameter at `path` ("economics.x.y" or "unit.param"); *is_fs = 1 for a
 * unit parameter. NULL when there is none. */
double *orf__mc_resolve(mc_model *m, const char *path, int *is_fs);
/* 1 when path names a value of the economics model (economics.*, schedule.*). */
int orf__mc_econ_path(const char *path);
/* Load, solve the base case, keep its state; resolve the k parameter paths (NULL when k == 0:
 * resolution is then done by the caller through orf__mc_resolve()). */
orf_status orf__mc_model_open(orf_ctx *ctx, const char *path, const orf_mc_param *p, size_t k,
                              mc_model *m);
void orf__mc_model_close(mc_model *m);
/* The unit type's parameter definition behind "unit.param" or "unit.param.key" (a table's
 * entry), or NULL (an economics path, an unknown unit or parameter). */
const orf_param_def *orf__mc_param_def(const mc_model *m, const char *path);
/* Set the sampled values, re-solve when needed (warm start from the base state), evaluate.
 * Non-zero when the sample failed: a value outside its parameter's range, a failed solve or
 * evaluation; m->why says which. */
int orf__mc_model_eval(mc_model *m, const orf_mc_param *p, const double *v, double *npv,
                       double *irr, int *solved);
void orf__mc_model_restore_base(mc_model *m);
/* Parse `uncertainty:` against a loaded model (to check paths and read base values). */
orf_status orf__mc_spec_load(orf_ctx *ctx, mc_model *m, mc_spec *s);
void orf__mc_spec_free(orf_ctx *ctx, mc_spec *s);

/* orf_mc_sample_matrix and orf_iman_conover (dist.h), allocating through `ctx`: the public
 * functions call these with a private context of the default allocator. */
orf_status orf__mc_sample_matrix(orf_ctx *ctx, const orf_dist *d, size_t k, const double *rank_corr,
                                 size_t n, unsigned long seed, double *x);
orf_status orf__iman_conover(orf_ctx *ctx, double *x, size_t n, size_t k, const double *target,
                             unsigned long seed);

#endif
