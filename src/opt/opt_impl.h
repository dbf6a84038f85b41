/* Private declarations of design optimisation (opt_load.c, opt_run.c, opt_batch.c, opt_out.c). */
#ifndef ORF_OPT_IMPL_H
#define ORF_OPT_IMPL_H

#include "oreflow/optimize.h"

#include "base/base_impl.h"

#include "oreflow/econ.h"
#include "oreflow/flowsheet.h"
#include "oreflow/node.h"
#include "oreflow/unit.h"

#include <math.h>
#include <nlopt.h>

#define ORF__OPT_FAIL_VIOL 1e10 /* violation of a point whose solve failed */
#define ORF__OPT_STARTS 4       /* local runs of the global method */
#define ORF__OPT_POP_MAX 200    /* population of the global method at most */
#define ORF__OPT_NOMEM 100      /* an evaluation's code when it ran out of memory */

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
    int nomem;      /* a trial ran out of memory: the run ends with ORF_E_NOMEM */
    int gather_bad; /* the share's gather failed: the run ends with ORF_E_INTERNAL */
    /* spreading over processes (opt_batch.c) */
    const orf_opt_share *share;  /* NULL or size 1: alone */
    int local;                   /* inside a task of a spread run: this process evaluates alone */
    size_t maxb;                 /* points of a batch at most */
    double *bus, *bvals, *brows; /* maxb × nfree, maxb × npaths, maxb × (npaths + 1) */
    size_t *bpt;                 /* maxb: the point of each distinct evaluation */
    int *bfail;                  /* maxb */
    size_t tlen;                 /* doubles of a task's row */
    double *trows[2], *tsave[2]; /* tasks' rows (combinations, starts) and the saved best */
    int depth;                   /* of nested task runs */
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

static inline double orf__opt_to_x(const orf_opt_var *v, double u)
{
    double x = v->lo + u * (v->hi - v->lo);
    return fmin(fmax(x, v->lo), v->hi);
}

/* Violation of inequality i (> 0: violated) from the values. */
static inline double orf__opt_con_g(const opt_model *m, const double *vals, size_t i)
{
    const orf_opt_result *r = m->r;
    if (i < r->ncon) {
        const orf_opt_con *c = &r->con[i];
        return c->at_least ? c->bound - vals[1 + i] : vals[1 + i] - c->bound;
    }
    double f2 = vals[1 + r->ncon]; /* the ε constraint */
    return r->maximize2 ? m->eps - f2 : f2 - m->eps;
}

static inline double orf__opt_max_viol(const opt_model *m, const double *vals, int failed)
{
    if (failed)
        return ORF__OPT_FAIL_VIOL;
    double v = 0;
    size_t nc = m->r->ncon + (m->eps_on ? 1 : 0);
    for (size_t i = 0; i < nc; i++) {
        double g = orf__opt_con_g(m, vals, i);
        v = fmax(v, isnan(g) ? ORF__OPT_FAIL_VIOL : g);
    }
    return v;
}

/* The minimised objective of the current optimisation. */
static inline double orf__opt_fmin_of(const opt_model *m, const double *vals)
{
    int mx = m->obj ? m->r->maximize2 : m->r->maximize;
    double f = vals[m->obj ? 1 + m->r->ncon : 0];
    return mx ? -f : f;
}

/* Evaluate the points us[0..n) (n × nfree, scaled) as one after the other would be, the points
 * spread over the processes when the run is shared: vals n × npaths, fails n (1: the point
 * failed). A point equal to the one before it (or, first, to the last point evaluated) is not
 * re-solved. Each evaluated point counts, updates the cache and the running best in order. */
void orf__opt_eval_batch(opt_model *m, size_t n, const double *us, double *vals, int *fails);
/* Solve the run's first failed point again for its diagnostic (r->first_failure). */
void orf__opt_first_failure(opt_model *m);
/* One independent optimisation: task t of a task run. */
typedef nlopt_result (*orf__opt_task_fn)(opt_model *m, size_t t, void *ud);
/* Run tasks 0..n-1 (spread over the processes when shared), each from a fresh best; fold their
 * bests into the current best and their counts into the result in task order. The worst NLopt
 * outcome over the tasks (a failure, else a budget stop). */
nlopt_result orf__opt_tasks(opt_model *m, size_t n, orf__opt_task_fn fn, void *ud);
/* The global method from m->x: a population evaluated as one batch, then COBYLA from its best
 * members (tasks) with budget evals in all. */
nlopt_result orf__opt_multistart(opt_model *m, size_t evals);
/* One continuous optimisation (opt_run.c) from m->x (integer values fixed there). */
nlopt_result orf__opt_optimise(opt_model *m, orf_opt_method method, size_t evals);
/* Buffers of the batch and task layer (after the load; combos: integer combinations). */
orf_status orf__opt_batch_alloc(opt_model *m, size_t combos);
void orf__opt_batch_free(opt_model *m);

/* Parse the `optimize:` section into m->r (variables, constraints, objectives, settings). */
orf_status orf__opt_load(opt_model *m, const orf_node *sec);
/* Numeric slot of a variable path (unit.param, unit.table.key, economics.…); *is_fs for a unit
 * parameter. */
double *orf__opt_slot(opt_model *m, const char *path, int *is_fs);
char *orf__opt_strdup(orf_ctx *ctx, const char *s);

#endif
