/* Design optimisation: the evaluation layer and its spreading over processes (orf_opt_share,
 * docs/cluster.md).
 *
 * Every trial point goes through orf__opt_eval_batch, which evaluates a batch of independent
 * points (one point for COBYLA and ISRES, the 2 n + 1 points of a central-difference gradient,
 * the population of the global method): each point re-solves from the base case's converged
 * streams, with the design specs' adjusted parameters reset to the base case's values, so its
 * numbers do not depend on what was solved before it nor where. Spread over processes, process r
 * of p solves the block [n r / p, n (r + 1) / p) of the batch's distinct points and the share's
 * gather makes the values whole on every process; then every process counts the points and
 * updates the running best in point order, exactly as one process does. Independent
 * optimisations (the integer combinations, the global method's local runs) are tasks: process r
 * runs its block of them alone, each from a fresh best, and every process folds the gathered
 * bests in task order by the running best's rule (the best feasible objective, else the least
 * violation; ties keep the earlier), which is the rule applied to all the points in one
 * sequence. The result is therefore the same, bit for bit, for any number of processes.
 *
 * The global method is a deterministic multi-start (assumption: a space-filling population finds
 * the basin of the global optimum for the smooth, few-variable designs it is meant for; it is no
 * proof of global optimality): a Halton sequence (J. H. Halton, "On the efficiency of certain
 * quasi-random sequences of points in evaluating multi-dimensional integrals", Numer. Math. 2,
 * 84-90, 1960) of 10 (n + 1) points (20 to 200, at most half the budget) with the start as its
 * first member, evaluated as one batch, then COBYLA (Powell 1994) from the ORF__OPT_STARTS best
 * members, sharing the rest of the budget (Rinnooy Kan & Timmer, "Stochastic global optimization
 * methods part I: clustering methods", Math. Prog. 39, 27-56, 1987, for multi-start). */
#include "opt/opt_impl.h"

#include <float.h>
#include <string.h>

/* First item of process r's block of n. */
static size_t block_lo(size_t n, int r, int size)
{
    return (size_t)((unsigned long long)n * (unsigned long long)r / (unsigned long long)size);
}

static int shared(const opt_model *m)
{
    return m->share && m->share->size > 1 && !m->local;
}

/* The running best's rule: is (f, viol) better than the best (set, bf, bviol)? */
static int better(const opt_model *m, double f, double viol, int set, double bf, double bviol)
{
    double tol = m->r->tol;
    int feas = viol <= tol, bfeas = set && bviol <= tol;
    return !set || (feas && (!bfeas || f < bf)) || (!feas && !bfeas && viol < bviol);
}

/* The first error diagnostic of the context into why[size] (file:line:col: object: message). */
static void first_error(const orf_ctx *ctx, char *why, size_t size)
{
    for (size_t i = 0; i < orf_ctx_diag_count(ctx); i++) {
        const orf_diag *d = orf_ctx_diag_get(ctx, i);
        if (d->severity != ORF_SEV_ERROR)
            continue;
        int n = 0;
        if (d->loc.file && d->loc.line > 0)
            n = snprintf(why, size, "%s:%d:%d: ", d->loc.file, d->loc.line, d->loc.col);
        snprintf(why + n, size - (size_t)n, "%s%s%s", d->object ? d->object : "",
                 d->object ? ": " : "", d->message);
        return;
    }
}

/* Solve at m->x into vals[npaths]: 0 ok, ORF__OPT_NOMEM out of memory, else why the point failed
 * (orf_opt_fail). With why (the first failure re-derived after the run), the diagnostic there. */
static int solve_at(opt_model *m, double *vals, char *why, size_t why_size)
{
    orf_opt_result *r = m->r;
    for (size_t i = 0; i < r->nvar; i++)
        *m->slot[i] = r->var[i].integer ? nearbyint(m->x[i]) : m->x[i];
    orf_solve_info info;
    memset(&info, 0, sizeof info);
    /* from the base case's state whatever was solved before: the same numbers on any process */
    orf_flowsheet_state_restore(m->fs, m->state);
    for (size_t s = 0; s < m->nspec; s++)
        if (m->spec_slot[s] && !(m->spec_on[s] && *m->spec_on[s] == 0.0))
            *m->spec_slot[s] = m->spec_base[s];
    orf_status st = orf_flowsheet_solve(m->fs, &info), est = ORF_OK;
    if (st >= 0 && m->e)
        est = orf_econ_eval(m->e);
    /* the economics re-solve the flowsheet for each period of a schedule: their solve
     * failures are the flowsheet's */
    orf_status fst = st < 0 ? st : est;
    int code = fst == ORF_E_NOMEM           ? ORF__OPT_NOMEM
               : fst == ORF_E_NOT_CONVERGED ? ORF_OPT_FAIL_NOT_CONVERGED
               : fst == ORF_E_SPEC          ? ORF_OPT_FAIL_SPEC
               : st < 0                     ? ORF_OPT_FAIL_UNIT
               : est != ORF_OK              ? ORF_OPT_FAIL_ECON
                                            : 0,
        lk = 0;
    if (!code &&
        (lk = m->o->lookup(m->o->lookup_ud, m->fs, &info, m->e, m->npaths, m->paths, vals)) != 0)
        code = lk == -2 ? ORF__OPT_NOMEM : ORF_OPT_FAIL_LOOKUP;
    size_t bad = m->npaths;
    for (size_t i = 0; !code && i < m->npaths; i++)
        if (!isfinite(vals[i])) {
            code = ORF_OPT_FAIL_NOT_FINITE;
            bad = i;
        }
    if (why) {
        if (bad < m->npaths)
            snprintf(why, why_size, "'%s' is %g there", m->paths[bad], vals[bad]);
        else if (code == ORF_OPT_FAIL_ECON)
            snprintf(why, why_size, "the economics could not be evaluated (%s)",
                     orf_status_message(est));
        else if (code)
            snprintf(why, why_size, "%s",
                     orf_status_message(code == ORF_OPT_FAIL_LOOKUP ? lk : st));
        first_error(m->ctx, why, why_size);
    }
    orf_ctx_clear_diags(m->ctx);
    if (!code)
        return 0;
    for (size_t i = 0; i < m->npaths; i++)
        vals[i] = (double)NAN;
    /* out of memory is no infeasible point: the run stops */
    return code;
}

void orf__opt_first_failure(opt_model *m)
{
    orf_opt_result *r = m->r;
    if (!r->first_failed)
        return;
    for (size_t i = 0; i < r->nvar; i++)
        m->x[i] = r->var[i].failed_value;
    snprintf(r->first_failure, sizeof r->first_failure, "the point failed");
    if (solve_at(m, m->brows, r->first_failure, sizeof r->first_failure) == 0)
        snprintf(r->first_failure, sizeof r->first_failure,
                 "the point failed during the run but solved when re-evaluated");
}

static void set_x(opt_model *m, const double *u)
{
    for (size_t k = 0; k < m->nfree; k++)
        m->x[m->free_idx[k]] = orf__opt_to_x(&m->r->var[m->free_idx[k]], u[k]);
}

/* An evaluated point: counts, the cache, the running best. */
static void record(opt_model *m, const double *u, const double *vals, int code)
{
    orf_opt_result *r = m->r;
    int fail = code != 0;
    r->evaluations++;
    if (fail)
        r->failed++;
    if (code == ORF__OPT_NOMEM) {
        m->nomem = 1;
        m->interrupted = 1;
    }
    set_x(m, u);
    if (fail && code < ORF_OPT_NFAIL) {
        r->fail_count[code]++;
        if (!r->first_failed) {
            r->first_failed = r->evaluations;
            r->first_cause = (orf_opt_fail)code;
            for (size_t i = 0; i < r->nvar; i++)
                r->var[i].failed_value = r->var[i].integer ? nearbyint(m->x[i]) : m->x[i];
        }
    }
    if (m->nfree)
        memcpy(m->cu, u, m->nfree * sizeof *u);
    memcpy(m->cvals, vals, m->npaths * sizeof *vals);
    m->cok = 1;
    m->cfail = fail;
    m->gok = 0;
    double viol = orf__opt_max_viol(m, vals, fail), f = fail ? DBL_MAX : orf__opt_fmin_of(m, vals);
    if (better(m, f, viol, m->best_set, m->best_f, m->best_viol)) {
        m->best_set = 1;
        m->best_f = f;
        m->best_viol = viol;
        memcpy(m->best_x, m->x, m->r->nvar * sizeof *m->x);
        memcpy(m->best_vals, vals, m->npaths * sizeof *vals);
    }
}

/* The share's gather, and the stop request ORed over the processes. */
static void gather(opt_model *m, size_t n, size_t len, double *rows)
{
    int stop = (m->o->stop && *m->o->stop) || m->interrupted;
    if (m->share->gather(m->share->ud, n, len, rows, &stop) != 0) {
        m->gather_bad = 1;
        stop = 1;
    }
    if (stop)
        m->interrupted = 1;
}

void orf__opt_eval_batch(opt_model *m, size_t n, const double *us, double *vals, int *fails)
{
    size_t nf = m->nfree, np = m->npaths, len = np + 1, nd = 0;
    for (size_t i = 0; i < n; i++) { /* the distinct points */
        const double *u = us + i * nf;
        const double *prev = i ? us + (i - 1) * nf : m->cok ? m->cu : NULL;
        int dup = prev && (nf == 0 || !memcmp(u, prev, nf * sizeof *u));
        fails[i] = dup ? -1 : 0;
        if (!dup)
            m->bpt[nd++] = i;
    }
    int sh = shared(m);
    size_t lo = sh ? block_lo(nd, m->share->rank, m->share->size) : 0;
    size_t hi = sh ? block_lo(nd, m->share->rank + 1, m->share->size) : nd;
    for (size_t d = lo; d < hi; d++) {
        double *row = m->brows + d * len;
        set_x(m, us + m->bpt[d] * nf);
        row[np] = solve_at(m, row, NULL, 0);
    }
    if (sh)
        gather(m, nd, len, m->brows);
    for (size_t i = 0, d = 0; i < n; i++) { /* in point order, as one after the other */
        double *v = vals + i * np;
        if (fails[i] < 0) {
            memcpy(v, i ? v - np : m->cvals, np * sizeof *v);
            fails[i] = i ? fails[i - 1] : m->cfail;
            continue;
        }
        const double *row = m->brows + d++ * len;
        memcpy(v, row, np * sizeof *v);
        fails[i] = row[np] != 0;
        record(m, us + i * nf, v, (int)row[np]);
    }
    if (!sh && m->o->stop && *m->o->stop)
        m->interrupted = 1;
    if (m->interrupted && m->cur)
        nlopt_force_stop(m->cur);
}

/* A task's row: ran, best_set, best_f, best_viol, evaluations, failed, NLopt result,
 * interrupted, out of memory, best_x (nvar), best_vals (npaths), then the failures: the count
 * per cause (ORF_OPT_NFAIL), the task's first failed evaluation (1-based in the task, 0: none),
 * its cause and its variables (nvar). */
#define T_HEAD 9
#define T_FAIL(nv, np) (T_HEAD + (nv) + (np))

/* The first failure and the counts per cause of r into (or from) buf[ORF_OPT_NFAIL + 2 + nvar],
 * the first failure's index less e0. */
static void fail_put(const orf_opt_result *r, size_t e0, double *buf)
{
    for (size_t k = 0; k < ORF_OPT_NFAIL; k++)
        buf[k] = (double)r->fail_count[k];
    buf[ORF_OPT_NFAIL] = r->first_failed ? (double)(r->first_failed - e0) : 0;
    buf[ORF_OPT_NFAIL + 1] = (double)r->first_cause;
    for (size_t i = 0; i < r->nvar; i++)
        buf[ORF_OPT_NFAIL + 2 + i] = r->var[i].failed_value;
}

static void fail_get(orf_opt_result *r, size_t e0, const double *buf)
{
    for (size_t k = 0; k < ORF_OPT_NFAIL; k++)
        r->fail_count[k] = (size_t)buf[k];
    r->first_failed = buf[ORF_OPT_NFAIL] != 0 ? e0 + (size_t)buf[ORF_OPT_NFAIL] : 0;
    r->first_cause = (orf_opt_fail)(int)buf[ORF_OPT_NFAIL + 1];
    for (size_t i = 0; i < r->nvar; i++)
        r->var[i].failed_value = buf[ORF_OPT_NFAIL + 2 + i];
}

nlopt_result orf__opt_tasks(opt_model *m, size_t n, orf__opt_task_fn fn, void *ud)
{
    orf_opt_result *r = m->r;
    size_t nv = r->nvar, np = m->npaths, len = m->tlen;
    int lvl = m->depth++;
    double *rows = m->trows[lvl], *save = m->tsave[lvl];
    memset(rows, 0, n * len * sizeof *rows);
    save[0] = m->best_set;
    save[1] = m->best_f;
    save[2] = m->best_viol;
    memcpy(save + 3, m->best_x, nv * sizeof *save);
    memcpy(save + 3 + nv, m->best_vals, np * sizeof *save);
    fail_put(r, 0, save + 3 + nv + np);
    int sh = shared(m) && n > 1;
    size_t lo = sh ? block_lo(n, m->share->rank, m->share->size) : 0;
    size_t hi = sh ? block_lo(n, m->share->rank + 1, m->share->size) : n;
    size_t ev0 = r->evaluations, fl0 = r->failed;
    int was_local = m->local;
    m->local |= sh;
    for (size_t t = lo; t < hi && !m->interrupted; t++) {
        double *row = rows + t * len;
        size_t e0 = r->evaluations, f0 = r->failed;
        m->best_set = 0;
        memset(r->fail_count, 0, sizeof r->fail_count);
        r->first_failed = 0;
        nlopt_result res = fn(m, t, ud);
        row[0] = 1;
        row[1] = m->best_set;
        row[2] = m->best_f;
        row[3] = m->best_viol;
        row[4] = (double)(r->evaluations - e0);
        row[5] = (double)(r->failed - f0);
        row[6] = (double)res;
        row[7] = m->interrupted;
        row[8] = m->nomem;
        memcpy(row + T_HEAD, m->best_x, nv * sizeof *row);
        memcpy(row + T_HEAD + nv, m->best_vals, np * sizeof *row);
        fail_put(r, e0, row + T_FAIL(nv, np));
    }
    m->local = was_local;
    if (sh)
        gather(m, n, len, rows);
    m->best_set = save[0] != 0;
    m->best_f = save[1];
    m->best_viol = save[2];
    memcpy(m->best_x, save + 3, nv * sizeof *save);
    memcpy(m->best_vals, save + 3 + nv, np * sizeof *save);
    fail_get(r, 0, save + 3 + nv + np);
    r->evaluations = ev0;
    r->failed = fl0;
    nlopt_result last = NLOPT_SUCCESS;
    int first = 1;
    for (size_t t = 0; t < n; t++) { /* fold in task order */
        const double *row = rows + t * len;
        if (row[0] == 0)
            continue;
        const double *fr = row + T_FAIL(nv, np);
        for (size_t k = 0; k < ORF_OPT_NFAIL; k++)
            r->fail_count[k] += (size_t)fr[k];
        if (!r->first_failed && fr[ORF_OPT_NFAIL] != 0) { /* the first in the run's order */
            size_t keep[ORF_OPT_NFAIL];
            memcpy(keep, r->fail_count, sizeof keep);
            fail_get(r, r->evaluations, fr);
            memcpy(r->fail_count, keep, sizeof keep);
        }
        r->evaluations += (size_t)row[4];
        r->failed += (size_t)row[5];
        if (row[7] != 0)
            m->interrupted = 1;
        if (row[8] != 0)
            m->nomem = m->interrupted = 1;
        nlopt_result res = (nlopt_result)(int)row[6];
        /* the worst outcome over the tasks: a failure, else a budget stop */
        if (first || (res < 0 && last >= 0) ||
            (res == NLOPT_MAXEVAL_REACHED && last > 0 && last != NLOPT_MAXEVAL_REACHED))
            last = res;
        first = 0;
        if (row[1] != 0 && better(m, row[2], row[3], m->best_set, m->best_f, m->best_viol)) {
            m->best_set = 1;
            m->best_f = row[2];
            m->best_viol = row[3];
            memcpy(m->best_x, row + T_HEAD, nv * sizeof *row);
            memcpy(m->best_vals, row + T_HEAD + nv, np * sizeof *row);
        }
    }
    m->cok = m->gok = 0; /* the processes' caches differ after their own tasks */
    m->depth--;
    return last;
}

/* Radical inverse of i in base b: the Halton coordinate. */
static double radical_inverse(size_t i, unsigned b)
{
    double f = 1, v = 0;
    while (i) {
        f /= b;
        v += f * (double)(i % b);
        i /= b;
    }
    return v;
}

static const unsigned short primes[64] = {
    2,   3,   5,   7,   11,  13,  17,  19,  23,  29,  31,  37,  41,  43,  47,  53,
    59,  61,  67,  71,  73,  79,  83,  89,  97,  101, 103, 107, 109, 113, 127, 131,
    137, 139, 149, 151, 157, 163, 167, 173, 179, 181, 191, 193, 197, 199, 211, 223,
    227, 229, 233, 239, 241, 251, 257, 263, 269, 271, 277, 281, 283, 293, 307, 311};

typedef struct ms_ctx {
    size_t budget;
    const double *starts;
} ms_ctx;

static nlopt_result start_task(opt_model *m, size_t t, void *ud)
{
    const ms_ctx *c = ud;
    set_x(m, c->starts + t * m->nfree);
    return orf__opt_optimise(m, ORF_OPT_COBYLA, c->budget);
}

nlopt_result orf__opt_multistart(opt_model *m, size_t evals)
{
    size_t nf = m->nfree, np = m->npaths;
    size_t pop = 10 * (nf + 1);
    pop = pop < 20 ? 20 : pop > ORF__OPT_POP_MAX ? ORF__OPT_POP_MAX : pop;
    if (pop > evals / 2)
        pop = evals / 2 ? evals / 2 : 1;
    double *us = m->bus;
    for (size_t k = 0; k < nf; k++) { /* member 0: the start */
        const orf_opt_var *v = &m->r->var[m->free_idx[k]];
        us[k] = fmin(fmax((m->x[m->free_idx[k]] - v->lo) / (v->hi - v->lo), 0.0), 1.0);
    }
    for (size_t p = 1; p < pop; p++)
        for (size_t k = 0; k < nf; k++)
            us[p * nf + k] = radical_inverse(p, primes[k]);
    orf__opt_eval_batch(m, pop, us, m->bvals, m->bfail);
    if (m->interrupted)
        return NLOPT_FORCED_STOP;
    /* the best members by the running best's rule (ties: the earlier member) */
    size_t ns = pop < ORF__OPT_STARTS ? pop : ORF__OPT_STARTS, pick[ORF__OPT_STARTS] = {0};
    double starts[ORF__OPT_STARTS * 64];
    for (size_t j = 0; j < ns; j++) {
        int set = 0;
        double bf = 0, bv = 0;
        for (size_t p = 0; p < pop; p++) {
            int taken = 0;
            for (size_t q = 0; q < j; q++)
                taken |= pick[q] == p;
            const double *v = m->bvals + p * np;
            double viol = orf__opt_max_viol(m, v, m->bfail[p]);
            double f = m->bfail[p] ? DBL_MAX : orf__opt_fmin_of(m, v);
            if (!taken && better(m, f, viol, set, bf, bv)) {
                set = 1;
                bf = f;
                bv = viol;
                pick[j] = p;
            }
        }
        memcpy(starts + j * nf, us + pick[j] * nf, nf * sizeof *starts);
    }
    if (evals <= pop)
        return NLOPT_MAXEVAL_REACHED;
    size_t budget = (evals - pop) / ns;
    ms_ctx c = {budget ? budget : 1, starts};
    return orf__opt_tasks(m, ns, start_task, &c);
}

orf_status orf__opt_batch_alloc(opt_model *m, size_t combos)
{
    orf_ctx *ctx = m->ctx;
    size_t nf = m->nfree, np = m->npaths, nv = m->r->nvar;
    m->maxb = 2 * nf + 1 > ORF__OPT_POP_MAX ? 2 * nf + 1 : ORF__OPT_POP_MAX;
    m->bus = orf_calloc(ctx, m->maxb * (nf ? nf : 1), sizeof *m->bus);
    m->bvals = orf_calloc(ctx, m->maxb * np, sizeof *m->bvals);
    m->brows = orf_calloc(ctx, m->maxb * (np + 1), sizeof *m->brows);
    m->bpt = orf_calloc(ctx, m->maxb, sizeof *m->bpt);
    m->bfail = orf_calloc(ctx, m->maxb, sizeof *m->bfail);
    m->tlen = T_FAIL(nv, np) + ORF_OPT_NFAIL + 2 + nv;
    m->trows[0] = orf_calloc(ctx, combos * m->tlen, sizeof *m->trows[0]);
    m->trows[1] = orf_calloc(ctx, ORF__OPT_STARTS * m->tlen, sizeof *m->trows[1]);
    m->tsave[0] = orf_calloc(ctx, 3 + nv + np + ORF_OPT_NFAIL + 2 + nv, sizeof *m->tsave[0]);
    m->tsave[1] = orf_calloc(ctx, 3 + nv + np + ORF_OPT_NFAIL + 2 + nv, sizeof *m->tsave[1]);
    if (!m->bus || !m->bvals || !m->brows || !m->bpt || !m->bfail || !m->trows[0] || !m->trows[1] ||
        !m->tsave[0] || !m->tsave[1])
        return ORF_E_NOMEM;
    return ORF_OK;
}

void orf__opt_batch_free(opt_model *m)
{
    void *bufs[] = {m->bus,      m->bvals,    m->brows,    m->bpt,     m->bfail,
                    m->trows[0], m->trows[1], m->tsave[0], m->tsave[1]};
    for (size_t i = 0; i < sizeof bufs / sizeof *bufs; i++)
        orf_free(m->ctx, bufs[i]);
}
