/* Design optimisation: the run. Each trial point sets the variables, restores the base case's
 * converged streams (a warm start, as the Monte Carlo does) and the design specs' adjusted
 * parameters, re-solves, evaluates the economics and reads the objective and constraint values by
 * their result paths. NLopt (S. G. Johnson, "The NLopt nonlinear-optimization package") drives it:
 *  - COBYLA (M. J. D. Powell, "A direct search optimization method that models the objective and
 *    constraint functions by linear interpolation", 1994): derivative-free, the default;
 *  - SLSQP (D. Kraft, "A software package for sequential quadratic programming", DFVLR-FB 88-28,
 *    1988) with gradients by central differences of re-solves, step fd_step on the variables
 *    scaled to [0, 1] (1e-6 by default: truncation O(h²) against the solver's noise / h), one-
 *    sided at a bound;
 *  - global: ISRES (T. P. Runarsson & X. Yao, "Search biases in constrained evolutionary
 *    optimization", IEEE Trans. SMC C 35(2) 233–243, 2005) for the budget, then COBYLA from its
 *    best point.
 * Variables are scaled to [0, 1] by their bounds. A point whose solve fails, or whose result
 * paths are not numbers, is infeasible there (every constraint violated by 1e10). The best point
 * is the feasible one with the best objective (else the least violating one), whatever NLopt
 * returns. Integer variables: every combination is enumerated, the continuous ones optimised for
 * each. Pareto: the ε-constraint method (Haimes, Lasdon & Wismer 1971) between the two ends. */
#include "opt/opt_impl.h"

#include <float.h>
#include <math.h>
#include <string.h>

#define FAIL_VIOL ORF__OPT_FAIL_VIOL
#define con_g orf__opt_con_g
#define max_viol orf__opt_max_viol
#define fmin_of orf__opt_fmin_of

/* Evaluate at scaled u (nfree; NULL without continuous variables), through the batch layer. */
static int eval_u(opt_model *m, const double *u, double *vals)
{
    int fail;
    orf__opt_eval_batch(m, 1, u ? u : m->tmpu, vals, &fail);
    return fail;
}

/* Central differences of every path at u into m->gvals (nfree × npaths): the 2 n + 1 points as
 * one batch (spread over the processes of a shared run). */
static void gradients(opt_model *m, const double *u)
{
    if (m->gok && !memcmp(u, m->gu, m->nfree * sizeof *u))
        return;
    size_t nf = m->nfree, np = m->npaths;
    double *us = m->bus, *b = m->bvals;
    memcpy(us, u, nf * sizeof *u);
    for (size_t k = 0; k < nf; k++) {
        double h = m->fd_step;
        double *p = us + (1 + 2 * k) * nf, *q = p + nf;
        memcpy(p, u, nf * sizeof *u);
        memcpy(q, u, nf * sizeof *u);
        p[k] = fmin(u[k] + h, 1.0);
        q[k] = fmax(u[k] - h, 0.0);
    }
    orf__opt_eval_batch(m, 1 + 2 * nf, us, b, m->bfail);
    int fb = m->bfail[0];
    for (size_t k = 0; k < nf; k++) {
        double up = us[(1 + 2 * k) * nf + k], um = us[(2 + 2 * k) * nf + k];
        const double *vp = b + (1 + 2 * k) * np, *vm = b + (2 + 2 * k) * np;
        int fp = m->bfail[1 + 2 * k], fm = m->bfail[2 + 2 * k];
        for (size_t i = 0; i < np; i++) {
            double d = 0;
            if (!fp && !fm)
                d = (vp[i] - vm[i]) / (up - um);
            else if (!fp)
                d = (vp[i] - b[i]) / (up - u[k]);
            else if (!fm)
                d = (b[i] - vm[i]) / (u[k] - um);
            m->gvals[k * np + i] = isfinite(d) ? d : 0;
        }
    }
    /* the cache holds u again (its values b), so the caller's next look-up needs no solve */
    memcpy(m->cu, u, nf * sizeof *u);
    memcpy(m->cvals, b, np * sizeof *b);
    m->cfail = fb;
    memcpy(m->gu, u, nf * sizeof *u);
    m->gok = 1;
}

static double nl_obj(unsigned n, const double *u, double *grad, void *ud)
{
    opt_model *m = ud;
    (void)n;
    double *v = m->vals + 2 * m->npaths;
    int fail = eval_u(m, u, v);
    size_t oi = m->obj ? 1 + m->r->ncon : 0;
    int mx = m->obj ? m->r->maximize2 : m->r->maximize;
    if (grad) {
        gradients(m, u);
        for (size_t k = 0; k < m->nfree; k++)
            grad[k] = (mx ? -1 : 1) * m->gvals[k * m->npaths + oi];
    }
    return fail ? 1e30 : fmin_of(m, v);
}

static void nl_cons(unsigned nc, double *res, unsigned n, const double *u, double *grad, void *ud)
{
    opt_model *m = ud;
    (void)n;
    double *v = m->vals + 2 * m->npaths;
    int fail = eval_u(m, u, v);
    for (unsigned i = 0; i < nc; i++)
        res[i] = fail ? FAIL_VIOL : con_g(m, v, i);
    if (grad) {
        gradients(m, u);
        for (unsigned i = 0; i < nc; i++) {
            size_t pi = i < m->r->ncon ? 1 + i : 1 + m->r->ncon;
            int sign =
                i < m->r->ncon ? (m->r->con[i].at_least ? -1 : 1) : (m->r->maximize2 ? -1 : 1);
            for (size_t k = 0; k < m->nfree; k++)
                grad[i * m->nfree + k] = sign * m->gvals[k * m->npaths + pi];
        }
    }
}

static const char *nlopt_reason(nlopt_result res)
{
    switch (res) {
    case NLOPT_SUCCESS:
        return "converged";
    case NLOPT_STOPVAL_REACHED:
        return "objective reached its stop value";
    case NLOPT_FTOL_REACHED:
        return "converged (objective tolerance)";
    case NLOPT_XTOL_REACHED:
        return "converged (variable tolerance)";
    case NLOPT_MAXEVAL_REACHED:
        return "stopped at max_evaluations";
    case NLOPT_MAXTIME_REACHED:
        return "stopped at the time limit";
    case NLOPT_ROUNDOFF_LIMITED:
        return "converged as far as round-off allows";
    case NLOPT_FORCED_STOP:
        return "interrupted";
    case NLOPT_INVALID_ARGS:
        return "invalid arguments";
    case NLOPT_OUT_OF_MEMORY:
        return "out of memory";
    default:
        return "failed";
    }
}

/* One continuous optimisation from m->x (integer values fixed there): the best point into
 * m->best_x; the NLopt result. */
nlopt_result orf__opt_optimise(opt_model *m, orf_opt_method method, size_t evals)
{
    unsigned n = (unsigned)m->nfree;
    m->cok = m->gok = 0;
    if (n == 0) { /* integers only: one evaluation */
        double *v = m->vals + 2 * m->npaths;
        eval_u(m, NULL, v);
        return NLOPT_SUCCESS;
    }
    if (method == ORF_OPT_GLOBAL)
        return orf__opt_multistart(m, evals);
    nlopt_algorithm alg = method == ORF_OPT_SLSQP   ? NLOPT_LD_SLSQP
                          : method == ORF_OPT_ISRES ? NLOPT_GN_ISRES
                                                    : NLOPT_LN_COBYLA;
    if (method == ORF_OPT_ISRES)
        nlopt_srand(20260101UL); /* a fixed seed: a global run repeats (NLopt's state is global) */
    nlopt_opt opt = nlopt_create(alg, n);
    if (!opt)
        return NLOPT_OUT_OF_MEMORY;
    m->cur = opt;
    double lb[64], ub[64], u[64], ctol[65];
    for (unsigned k = 0; k < n; k++) {
        const orf_opt_var *v = &m->r->var[m->free_idx[k]];
        lb[k] = 0;
        ub[k] = 1;
        u[k] = (m->x[m->free_idx[k]] - v->lo) / (v->hi - v->lo);
    }
    unsigned nc = (unsigned)(m->r->ncon + (m->eps_on ? 1 : 0));
    for (unsigned i = 0; i < nc; i++)
        ctol[i] = m->r->tol * 0.01;
    nlopt_set_lower_bounds(opt, lb);
    nlopt_set_upper_bounds(opt, ub);
    nlopt_set_min_objective(opt, nl_obj, m);
    if (nc)
        nlopt_add_inequality_mconstraint(opt, nc, nl_cons, m, ctol);
    nlopt_set_xtol_abs1(opt, m->xtol);
    nlopt_set_maxeval(opt, (int)evals);
    if (method == ORF_OPT_COBYLA) {
        double step[64];
        for (unsigned k = 0; k < n; k++)
            step[k] = 0.1;
        nlopt_set_initial_step(opt, step);
    }
    double f;
    nlopt_result res = nlopt_optimize(opt, u, &f);
    nlopt_destroy(opt);
    m->cur = NULL;
    if (method == ORF_OPT_ISRES && !m->interrupted && m->best_set) {
        memcpy(m->x, m->best_x, m->r->nvar * sizeof *m->x);
        res = orf__opt_optimise(m, ORF_OPT_COBYLA, evals);
    }
    return res;
}

typedef struct combo_ctx {
    orf_opt_method method;
    const double *start;
} combo_ctx;

/* Integer combination c (the first variable counting fastest) from the start. */
static nlopt_result combo_task(opt_model *m, size_t c, void *ud)
{
    const combo_ctx *cc = ud;
    orf_opt_result *r = m->r;
    size_t rest = c;
    for (size_t i = 0; i < r->nvar; i++) {
        m->x[i] = cc->start[i];
        if (r->var[i].integer) {
            size_t w = (size_t)(r->var[i].hi - r->var[i].lo + 1);
            m->x[i] = r->var[i].lo + (double)(rest % w);
            rest /= w;
        }
    }
    return orf__opt_optimise(m, cc->method, m->max_evals);
}

static size_t combo_count(const orf_opt_result *r)
{
    size_t combos = 1;
    for (size_t i = 0; i < r->nvar; i++)
        if (r->var[i].integer)
            combos *= (size_t)(r->var[i].hi - r->var[i].lo + 1);
    return combos;
}

/* Optimise over the integer combinations, each an independent task: the best point left in
 * m->best_x / best_vals. */
static nlopt_result run_all(opt_model *m, orf_opt_method method, const double *start)
{
    m->best_set = 0;
    m->r->combos = combo_count(m->r);
    combo_ctx cc = {method, start};
    return orf__opt_tasks(m, m->r->combos, combo_task, &cc);
}

static void finish(opt_model *m, nlopt_result res)
{
    orf_opt_result *r = m->r;
    if (!m->best_set) {
        r->status = "failed";
        snprintf(r->message, sizeof r->message, "no point was evaluated");
        return;
    }
    for (size_t i = 0; i < r->nvar; i++)
        r->var[i].value = r->var[i].integer ? nearbyint(m->best_x[i]) : m->best_x[i];
    r->value = m->best_vals[0];
    r->max_violation = m->best_viol >= FAIL_VIOL ? (double)INFINITY : fmax(m->best_viol, 0);
    r->feasible = m->best_viol <= r->tol;
    for (size_t i = 0; i < r->ncon; i++) {
        r->con[i].value = m->best_vals[1 + i];
        r->con[i].active = r->feasible && fabs(con_g(m, m->best_vals, i)) <= r->tol;
    }
    snprintf(r->message, sizeof r->message, "%s", nlopt_reason(res));
    if (m->interrupted)
        r->status = "interrupted";
    else if (!r->feasible)
        r->status = "infeasible";
    else if (res == NLOPT_MAXEVAL_REACHED)
        r->status = "max_evaluations";
    else if (res < 0 && res != NLOPT_ROUNDOFF_LIMITED)
        r->status = "failed";
    else
        r->status = "optimal";
    if (!r->feasible && m->best_viol >= FAIL_VIOL)
        snprintf(r->message, sizeof r->message, "the flowsheet failed at every point tried");
}

/* The Pareto front between the objective's optimum and the second objective's. */
static orf_status pareto(opt_model *m, const double *start)
{
    orf_opt_result *r = m->r;
    size_t n = m->pareto_n, nv = r->nvar;
    r->points = orf_calloc(m->ctx, n, sizeof *r->points);
    double *xs = orf_calloc(m->ctx, n * nv, sizeof *xs);
    if (!r->points || !xs) {
        orf_free(m->ctx, xs);
        return ORF_E_NOMEM;
    }
    for (size_t k = 0; k < n; k++)
        r->points[k].x = xs + k * nv;
    double f2a = m->best_vals[1 + r->ncon];
    /* the other end: the second objective's optimum under the same constraints */
    m->obj = 1;
    run_all(m, m->method, start);
    double f2b = m->best_vals[1 + r->ncon];
    m->obj = 0;
    for (size_t k = 0; k < n && !m->interrupted; k++) {
        orf_opt_point *p = &r->points[k];
        if (k == n - 1) { /* the second objective's end, its own optimum */
            m->eps_on = 1;
            m->eps = f2b - (r->maximize2 ? 1 : -1) * r->tol;
        } else {
            m->eps_on = k > 0;
            m->eps = f2a + (f2b - f2a) * (double)k / (double)(n - 1);
        }
        p->eps = m->eps_on ? m->eps : (double)NAN;
        run_all(m, m->method, k ? r->points[k - 1].x : start);
        memcpy(p->x, m->best_x, nv * sizeof *p->x);
        p->f = m->best_vals[0];
        p->f2 = m->best_vals[1 + r->ncon];
        p->feasible = m->best_viol <= r->tol;
        r->npoints++;
    }
    m->eps_on = 0;
    return ORF_OK;
}

static void close_model(opt_model *m)
{
    orf_ctx *c = m->ctx;
    orf_econ_free(m->e);
    orf_flowsheet_free(m->fs);
    if (m->spec_doc)
        orf_doc_free(m->spec_doc);
    void *bufs[] = {m->slot,     m->state, m->spec_slot, m->spec_base, m->spec_on, m->paths,
                    m->free_idx, m->x,     m->cu,        m->cvals,     m->gu,      m->gvals,
                    m->vals,     m->tmpu,  m->best_x,    m->best_vals};
    for (size_t i = 0; i < sizeof bufs / sizeof *bufs; i++)
        orf_free(c, bufs[i]);
    orf__opt_batch_free(m);
}

static orf_status open_model(opt_model *m, const char *path)
{
    orf_ctx *ctx = m->ctx;
    orf_status st = orf_flowsheet_load(ctx, path, &m->fs);
    if (st != ORF_OK)
        return st;
    if ((st = orf_econ_load(ctx, m->fs, &m->e)) != ORF_OK)
        return st;
    const orf_node *sec = NULL;
    if (m->o->spec_path) {
        if ((st = orf_doc_load(ctx, m->o->spec_path, &m->spec_doc)) != ORF_OK)
            return st;
        const orf_node *root = orf_doc_root(m->spec_doc);
        sec = orf_node_get(root, "optimize");
        if (!sec)
            return orf_diag_emit(ctx, ORF_E_INPUT, &root->loc, NULL, "%s: no 'optimize' section",
                                 m->o->spec_path);
    } else if (!(sec = orf_flowsheet_section(m->fs, "optimize")))
        return orf_diag_emit(ctx, ORF_E_INPUT, NULL, NULL,
                             "%s: the flowsheet has no 'optimize' section (or give --spec FILE)",
                             path);
    if ((st = orf__opt_load(m, sec)) != ORF_OK)
        return st;
    orf_opt_result *r = m->r;
    size_t nv = r->nvar, np = m->npaths;
    if (nv > 64 || np > 64)
        return orf_diag_emit(ctx, ORF_E_INPUT, &sec->loc, NULL,
                             "optimize: at most 64 variables and 63 constraints");
    m->slot = orf_calloc(ctx, nv, sizeof *m->slot);
    m->free_idx = orf_calloc(ctx, nv, sizeof *m->free_idx);
    m->x = orf_calloc(ctx, nv, sizeof *m->x);
    m->cu = orf_calloc(ctx, nv, sizeof *m->cu);
    m->gu = orf_calloc(ctx, nv, sizeof *m->gu);
    m->tmpu = orf_calloc(ctx, nv, sizeof *m->tmpu);
    m->best_x = orf_calloc(ctx, nv, sizeof *m->best_x);
    m->cvals = orf_calloc(ctx, np, sizeof *m->cvals);
    m->best_vals = orf_calloc(ctx, np, sizeof *m->best_vals);
    m->vals = orf_calloc(ctx, 3 * np, sizeof *m->vals);
    m->gvals = orf_calloc(ctx, nv * np, sizeof *m->gvals);
    m->state = orf_malloc(ctx, (orf_flowsheet_state_size(m->fs) + 1) * sizeof *m->state);
    m->nspec = orf_flowsheet_spec_count(m->fs);
    m->spec_slot = orf_calloc(ctx, m->nspec + 1, sizeof *m->spec_slot);
    m->spec_base = orf_calloc(ctx, m->nspec + 1, sizeof *m->spec_base);
    m->spec_on = orf_calloc(ctx, m->nspec + 1, sizeof *m->spec_on);
    if (!m->slot || !m->free_idx || !m->x || !m->cu || !m->gu || !m->tmpu || !m->best_x ||
        !m->cvals || !m->best_vals || !m->vals || !m->gvals || !m->state || !m->spec_slot ||
        !m->spec_base || !m->spec_on)
        return ORF_E_NOMEM;
    for (size_t i = 0; i < r->nset; i++) /* the base case is the file as given */
        *r->set[i].slot = r->set[i].base;
    for (size_t i = 0; i < nv; i++) {
        int f;
        m->slot[i] = orf__opt_slot(m, r->var[i].path, &f);
        m->any_fs |= f;
        if (!r->var[i].integer)
            m->free_idx[m->nfree++] = i;
    }
    orf_solve_info info;
    memset(&info, 0, sizeof info);
    st = orf_flowsheet_solve(m->fs, &info);
    if (st < 0)
        return st;
    orf_flowsheet_state_save(m->fs, m->state);
    for (size_t s = 0; s < m->nspec; s++) {
        const orf_spec_info *si = orf_flowsheet_spec(m->fs, s);
        m->spec_slot[s] = orf_flowsheet_param_ref(m->fs, si->unit, si->param);
        if (m->spec_slot[s])
            m->spec_base[s] = *m->spec_slot[s];
        m->spec_on[s] = orf_flowsheet_spec_switch(m->fs, s);
    }
    if (m->e && (st = orf_econ_eval(m->e)) != ORF_OK)
        return st;
    /* the base case: every result path must name a number */
    double *v = m->vals;
    m->o->lookup(m->o->lookup_ud, m->fs, &info, m->e, np, m->paths, v);
    for (size_t i = 0; i < np; i++)
        if (isnan(v[i])) {
            const orf_loc *loc = i == 0 ? &sec->loc : i <= r->ncon ? &r->con[i - 1].loc : &sec->loc;
            return orf_diag_emit(ctx, ORF_E_INPUT, loc, NULL,
                                 "optimize: result path '%s' names no number of the base case's "
                                 "results (see docs/json.md)",
                                 m->paths[i]);
        }
    r->base_value = v[0];
    for (size_t i = 0; i < r->ncon; i++)
        r->con[i].base = v[1 + i];
    r->base_feasible = max_viol(m, v, 0) <= r->tol;
    for (size_t i = 0; i < nv; i++) { /* after the design specs of the base case */
        r->var[i].base = *m->slot[i];
        if (!r->var[i].start_given)
            r->var[i].start = fmin(fmax(r->var[i].base, r->var[i].lo), r->var[i].hi);
        r->var[i].value = r->var[i].start;
    }
    for (size_t i = 0; i < r->nset; i++) /* a spec switched off keeps the base's value */
        *r->set[i].slot = r->set[i].value;
    return orf__opt_batch_alloc(m, combo_count(r));
}

/* Every process's load outcome (a shared run): the run goes on only when all loaded. */
static orf_status sync_status(opt_model *m, orf_status st)
{
    const orf_opt_share *sh = m->share;
    double one[256], *rows = (size_t)sh->size <= 256 ? one : NULL;
    if (!rows) /* a failure here leaves this process's row to the others' wait: none is lost */
        rows = orf_calloc(m->ctx, (size_t)sh->size, sizeof *rows);
    if (!rows)
        return orf_diag_emit(m->ctx, ORF_E_NOMEM, NULL, NULL, "out of memory");
    memset(rows, 0, (size_t)sh->size * sizeof *rows);
    rows[sh->rank] = (double)st;
    int stop = 0;
    if (sh->gather(sh->ud, (size_t)sh->size, 1, rows, &stop) != 0)
        st = st ? st
                : orf_diag_emit(m->ctx, ORF_E_INTERNAL, NULL, NULL, "the processes' gather failed");
    for (int p = 0; st == ORF_OK && p < sh->size; p++)
        if (rows[p] != 0)
            st = orf_diag_emit(m->ctx, (orf_status)(int)rows[p], NULL, NULL,
                               "process %d of %d failed (%s): its diagnostics are on its standard "
                               "error",
                               p, sh->size, orf_status_name((orf_status)(int)rows[p]));
    if (rows != one)
        orf_free(m->ctx, rows);
    return st;
}

orf_status orf_opt_run(orf_ctx *ctx, const char *path, const orf_opt_opts *o, orf_opt_result *res)
{
    memset(res, 0, sizeof *res);
    res->ctx = ctx;
    res->file = path;
    opt_model m;
    memset(&m, 0, sizeof m);
    m.ctx = ctx;
    m.o = o;
    m.r = res;
    m.share = o->share && o->share->size > 1 ? o->share : NULL;
    orf_status st = open_model(&m, path);
    if (m.share)
        st = sync_status(&m, st);
    if (st == ORF_OK) {
        if (o->method != ORF_OPT_DEFAULT)
            m.method = o->method;
        res->method = m.method;
        double start[64];
        for (size_t i = 0; i < res->nvar; i++)
            start[i] = res->var[i].start;
        nlopt_result nr = run_all(&m, m.method, start);
        size_t combos = res->combos;
        finish(&m, nr);
        if (res->objective2 && !m.interrupted) {
            double keep_x[64], keep_v[65], keep_viol = m.best_viol;
            memcpy(keep_x, m.best_x, res->nvar * sizeof *keep_x);
            memcpy(keep_v, m.best_vals, m.npaths * sizeof *keep_v);
            st = pareto(&m, start);
            memcpy(m.best_x, keep_x, res->nvar * sizeof *keep_x);
            memcpy(m.best_vals, keep_v, m.npaths * sizeof *keep_v);
            m.best_viol = keep_viol;
            if (m.interrupted)
                res->status = "interrupted";
        }
        res->combos = combos;
        if (!m.nomem && !m.gather_bad)
            orf__opt_first_failure(&m);
        if (m.nomem)
            st = orf_diag_emit(ctx, ORF_E_NOMEM, NULL, NULL, "out of memory");
        else if (m.gather_bad)
            st = orf_diag_emit(ctx, ORF_E_INTERNAL, NULL, NULL, "the processes' gather failed");
    }
    close_model(&m);
    return st;
}

void orf_opt_result_fini(orf_opt_result *r)
{
    if (!r->ctx)
        return;
    for (size_t i = 0; r->var && i < r->nvar; i++)
        orf_free(r->ctx, (void *)r->var[i].path);
    for (size_t i = 0; r->con && i < r->ncon; i++)
        orf_free(r->ctx, (void *)r->con[i].path);
    for (size_t i = 0; r->set && i < r->nset; i++)
        orf_free(r->ctx, (void *)r->set[i].path);
    orf_free(r->ctx, r->set);
    orf_free(r->ctx, (void *)r->objective);
    orf_free(r->ctx, (void *)r->objective2);
    if (r->points)
        orf_free(r->ctx, r->points[0].x);
    orf_free(r->ctx, r->points);
    orf_free(r->ctx, r->var);
    orf_free(r->ctx, r->con);
    memset(r, 0, sizeof *r);
}
