/* Private declarations of design optimisation (opt_load.c, opt_run.c, opt_out.c). */
#ifndef ORF_OPT_IMPL_H
#define ORF_OPT_IMPL_H

#include "oreflow/optimize.h"

#include "base/base_impl.h"

#include "oreflow/econ.h"
#include "oreflow/flowsheet.h"
#include "oreflow/node.h"
#include "oreflow/unit.h"

#include <nlopt.h>

/* The loaded problem and the state of a run. */
typedef struct opt_model {
    orf_ctx *ctx;
    orf_flowsheet *fs;
    orf_econ *e;
    orf_doc *spec_doc; /* the separate file holding `optimize:` (NULL: the flowsheet's own) */
    const orf_opt_opts *o;
    orf_opt_result *r;
    /* settings of the section */
    orf_opt_method method;
    size_t max_evals; /* per optimisation (each integer combination, each Pareto point) */
    double xtol;      /* on the variables scaled to [0, 1] */
    double fd_step;   /* central-difference step on the scaled variables */
    size_t pareto_n;
    /* slots and the base case */
    double **slot; /* nvar */
    int any_fs;
    double *state;
    size_t nspec;
    double **spec_slot, *spec_base, **spec_on;
    /* result paths: objective, constraints (ncon), objective2 */
    size_t npaths;
    const char **paths;
    /* the current optimisation */
    size_t nfree;
    size_t *free_idx; /* continuous variables */
    double *x;        /* nvar: the full point being evaluated */
    int obj;          /* 0: the objective, 1: the second objective */
    int eps_on;
    double eps;
    nlopt_opt cur;
    int interrupted;
    int nomem; /* a trial ran out of memory: the run ends with ORF_E_NOMEM */
    /* cache of the last point and its central differences */
    double *cu, *cvals;
    int cok, cfail;
    double *gu, *gvals; /* nfree × npaths */
    int gok;
    double *vals, *tmpu;
    /* best of the current optimisation */
    double best_f, best_viol;
    double *best_x, *best_vals;
    int best_set;
} opt_model;

/* Parse the `optimize:` section into m->r (variables, constraints, objectives, settings). */
orf_status orf__opt_load(opt_model *m, const orf_node *sec);
/* Numeric slot of a variable path (unit.param, unit.table.key, economics.…); *is_fs for a unit
 * parameter. */
double *orf__opt_slot(opt_model *m, const char *path, int *is_fs);
char *orf__opt_strdup(orf_ctx *ctx, const char *s);

#endif
