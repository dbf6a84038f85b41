/* Monte Carlo risk analysis and one-at-a-time sensitivity of project economics.
 *
 * Sampling: inverse-CDF draws per parameter from a per-sample seeded MT19937 (dist.c), rank
 * correlation by Iman & Conover (1982) (iman_conover.c). Reporting follows the usual practice
 * for mining project risk (P10/P50/P90 of NPV, probability of a loss; Saługa & Kicki 2002,
 * WIT Trans. Model. Simul. 31; Davis, "(Mis)use of Monte Carlo simulations in NPV analysis",
 * Mining Engineering 1995). Percentiles: Hyndman & Fan (1996) type 7.
 */
#include "oreflow/mc.h"

#include "oreflow/econ.h"
#include "oreflow/flowsheet.h"

#include <gsl/gsl_errno.h>
#include <math.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* ---------------------------------------------------------------- a model per thread */

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
    double *base; /* k base values */
    int any_fs;
} mc_model;

static double *resolve(mc_model *m, const char *path, int *is_fs)
{
    *is_fs = 0;
    if (strncmp(path, "economics.", 10) == 0)
        return m->e ? orf_econ_param_ref(m->e, path) : NULL;
    const char *dot = strchr(path, '.');
    if (!dot || dot == path || !dot[1])
        return NULL;
    char unit[256];
    size_t len = (size_t)(dot - path);
    if (len >= sizeof unit)
        return NULL;
    memcpy(unit, path, len);
    unit[len] = 0;
    *is_fs = 1;
    return orf_flowsheet_param_ref(m->fs, unit, dot + 1);
}

static void model_close(mc_model *m)
{
    if (!m->ctx)
        return;
    orf_econ_free(m->e);
    orf_flowsheet_free(m->fs);
    orf_free(m->ctx, m->slot);
    orf_free(m->ctx, m->state);
    orf_free(m->ctx, m->spec_slot);
    orf_free(m->ctx, m->spec_base);
    orf_free(m->ctx, m->base);
    memset(m, 0, sizeof *m);
}

/* Load, solve the base case, keep its state; resolve the k parameter paths (NULL when k == 0:
 * resolution is then done by the caller through resolve()). */
static orf_status model_open(orf_ctx *ctx, const char *path, const orf_mc_param *p, size_t k,
                             mc_model *m)
{
    memset(m, 0, sizeof *m);
    m->ctx = ctx;
    orf_status st = orf_flowsheet_load(ctx, path, &m->fs);
    if (st != ORF_OK)
        return st;
    st = orf_econ_load(ctx, m->fs, &m->e);
    if (st != ORF_OK)
        return st;
    if (!m->e)
        return orf_diag_emit(ctx, ORF_E_INPUT, NULL, NULL,
                             "%s: the flowsheet has no 'economics' section", path);
    m->k = k;
    m->slot = orf_calloc(ctx, k ? k : 1, sizeof *m->slot);
    m->base = orf_calloc(ctx, k ? k : 1, sizeof *m->base);
    m->state = orf_malloc(ctx, (orf_flowsheet_state_size(m->fs) + 1) * sizeof *m->state);
    m->nspec = orf_flowsheet_spec_count(m->fs);
    m->spec_slot = orf_calloc(ctx, m->nspec + 1, sizeof *m->spec_slot);
    m->spec_base = orf_calloc(ctx, m->nspec + 1, sizeof *m->spec_base);
    if (!m->slot || !m->base || !m->state || !m->spec_slot || !m->spec_base)
        return ORF_E_NOMEM;
    for (size_t i = 0; i < k; i++) {
        int f;
        m->slot[i] = resolve(m, p[i].path, &f);
        if (!m->slot[i])
            return orf_diag_emit(ctx, ORF_E_UNKNOWN_NAME, NULL, NULL,
                                 "uncertainty: no numeric parameter '%s'", p[i].path);
        m->any_fs |= f;
        m->base[i] = *m->slot[i];
    }
    st = orf_flowsheet_solve(m->fs, NULL);
    if (st < 0)
        return st;
    orf_flowsheet_state_save(m->fs, m->state);
    for (size_t s = 0; s < m->nspec; s++) {
        const orf_spec_info *si = orf_flowsheet_spec(m->fs, s);
        m->spec_slot[s] = orf_flowsheet_param_ref(m->fs, si->unit, si->param);
        if (m->spec_slot[s])
            m->spec_base[s] = *m->spec_slot[s];
    }
    return ORF_OK;
}

/* Set the sampled values, re-solve when needed (warm start from the base state), evaluate. */
static int model_eval(mc_model *m, const orf_mc_param *p, const double *v, double *npv, double *irr,
                      int *solved)
{
    int need = 0;
    for (size_t i = 0; i < m->k; i++) {
        *m->slot[i] = v[i];
        if (p[i].flowsheet)
            need = 1;
    }
    *solved = need;
    if (need) {
        orf_flowsheet_state_restore(m->fs, m->state);
        for (size_t s = 0; s < m->nspec; s++)
            if (m->spec_slot[s])
                *m->spec_slot[s] = m->spec_base[s];
        orf_status st = orf_flowsheet_solve(m->fs, NULL);
        if (st < 0) {
            orf_ctx_clear_diags(m->ctx);
            *npv = *irr = (double)NAN;
            return -1;
        }
    }
    orf_status st = orf_econ_eval(m->e);
    const orf_econ_result *R = orf_econ_result_get(m->e);
    *npv = R->npv_usd;
    *irr = R->irr;
    return st == ORF_OK ? 0 : -1;
}

static void model_restore_base(mc_model *m)
{
    for (size_t i = 0; i < m->k; i++)
        *m->slot[i] = m->base[i];
    if (m->any_fs) {
        orf_flowsheet_state_restore(m->fs, m->state);
        for (size_t s = 0; s < m->nspec; s++)
            if (m->spec_slot[s])
                *m->spec_slot[s] = m->spec_base[s];
        orf_flowsheet_solve(m->fs, NULL);
    }
}

/* ---------------------------------------------------------------- the uncertainty section */

static orf_status want_num(orf_ctx *ctx, const orf_node *m, const char *key, const char *path,
                           double *out)
{
    const orf_node *n = orf_node_get(m, key);
    if (!n)
        return orf_diag_emit(ctx, ORF_E_INPUT, &m->loc, NULL,
                             "uncertainty '%s': this distribution needs '%s'", path, key);
    return orf_node_number(ctx, n, key, out);
}

static orf_status parse_dist(orf_ctx *ctx, const orf_node *m, const char *path, double base,
                             orf_dist *d)
{
    const orf_node *dn = orf_node_get(m, "dist");
    const char *s;
    if (!dn)
        return orf_diag_emit(ctx, ORF_E_INPUT, &m->loc, NULL,
                             "uncertainty '%s' needs 'dist' (uniform, triangular, normal, "
                             "lognormal, pert)",
                             path);
    if (orf_node_string(ctx, dn, "dist", &s) != ORF_OK)
        return ORF_E_INPUT;
    memset(d, 0, sizeof *d);
    if (orf_dist_kind_from_name(s, &d->kind) != 0) {
        static const char *const names[] = {"fixed",  "uniform",   "triangular",
                                            "normal", "lognormal", "pert"};
        orf_diag_emit(ctx, ORF_E_UNKNOWN_NAME, &dn->loc, NULL, "unknown distribution '%s'", s);
        orf_diag_hint_nearest(ctx, s, names, 6);
        return ORF_E_UNKNOWN_NAME;
    }
    orf_status st = ORF_OK;
    switch (d->kind) {
    case ORF_DIST_FIXED:
        d->a = base;
        if (orf_node_get(m, "value"))
            st = want_num(ctx, m, "value", path, &d->a);
        break;
    case ORF_DIST_UNIFORM:
        if ((st = want_num(ctx, m, "min", path, &d->a)) == ORF_OK)
            st = want_num(ctx, m, "max", path, &d->b);
        break;
    case ORF_DIST_TRIANGULAR:
    case ORF_DIST_PERT:
        d->b = base;
        if ((st = want_num(ctx, m, "min", path, &d->a)) == ORF_OK &&
            (st = want_num(ctx, m, "max", path, &d->c)) == ORF_OK && orf_node_get(m, "mode"))
            st = want_num(ctx, m, "mode", path, &d->b);
        break;
    case ORF_DIST_NORMAL:
        d->a = base;
        if (orf_node_get(m, "mean"))
            st = want_num(ctx, m, "mean", path, &d->a);
        if (st == ORF_OK)
            st = want_num(ctx, m, "sd", path, &d->b);
        break;
    case ORF_DIST_LOGNORMAL: {
        double mean = base, sd;
        if (orf_node_get(m, "sd")) { /* mean and sd of the value itself */
            if (orf_node_get(m, "mean"))
                st = want_num(ctx, m, "mean", path, &mean);
            if (st == ORF_OK && (st = want_num(ctx, m, "sd", path, &sd)) == ORF_OK) {
                if (!(mean > 0))
                    return orf_diag_emit(ctx, ORF_E_RANGE, &m->loc, NULL,
                                         "uncertainty '%s': a lognormal needs mean > 0", path);
                d->b = sqrt(log1p(sd * sd / (mean * mean)));
                d->a = log(mean) - 0.5 * d->b * d->b;
            }
        } else { /* median (default: the base value) and sigma of ln */
            double med = base;
            if (orf_node_get(m, "median"))
                st = want_num(ctx, m, "median", path, &med);
            if (st == ORF_OK && (st = want_num(ctx, m, "sigma", path, &d->b)) == ORF_OK) {
                if (!(med > 0))
                    return orf_diag_emit(ctx, ORF_E_RANGE, &m->loc, NULL,
                                         "uncertainty '%s': a lognormal needs median > 0", path);
                d->a = log(med);
            }
        }
        break;
    }
    }
    if (st != ORF_OK)
        return st;
    const char *why;
    if (orf_dist_check(d, &why) != ORF_OK)
        return orf_diag_emit(ctx, ORF_E_RANGE, &m->loc, NULL, "uncertainty '%s': %s", path, why);
    return ORF_OK;
}

typedef struct {
    size_t k;
    orf_mc_param *p;
    const char **alias;
    double *corr; /* k × k or NULL */
} mc_spec;

static void spec_free(orf_ctx *ctx, mc_spec *s)
{
    orf_free(ctx, s->p);
    orf_free(ctx, s->alias);
    orf_free(ctx, s->corr);
    memset(s, 0, sizeof *s);
}

static int spec_find(const mc_spec *s, const char *name)
{
    for (size_t i = 0; i < s->k; i++)
        if (strcmp(s->p[i].path, name) == 0 || (s->alias[i] && strcmp(s->alias[i], name) == 0))
            return (int)i;
    return -1;
}

/* Parse `uncertainty:` against a loaded model (to check paths and read base values). */
static orf_status spec_load(orf_ctx *ctx, mc_model *m, mc_spec *s)
{
    memset(s, 0, sizeof *s);
    const orf_node *u = orf_flowsheet_section(m->fs, "uncertainty");
    if (!u)
        return orf_diag_emit(ctx, ORF_E_INPUT, NULL, NULL,
                             "the flowsheet has no 'uncertainty' section");
    if (orf_node_expect(ctx, u, ORF_NODE_SEQ, "uncertainty") != ORF_OK)
        return ORF_E_INPUT;
    size_t errs0 = orf_ctx_error_count(ctx);
    s->p = orf_calloc(ctx, u->n + 1, sizeof *s->p);
    s->alias = orf_calloc(ctx, u->n + 1, sizeof *s->alias);
    if (!s->p || !s->alias)
        return ORF_E_NOMEM;
    static const char *const keys[] = {"param", "name", "dist",   "min",   "mode",  "max",
                                       "mean",  "sd",   "median", "sigma", "value", NULL};
    static const char *const ckeys[] = {"correlate", "rho", NULL};
    for (size_t i = 0; i < u->n; i++) {
        const orf_node *it = u->items[i];
        if (orf_node_expect(ctx, it, ORF_NODE_MAP, "uncertainty[]") != ORF_OK)
            continue;
        if (orf_node_get(it, "correlate"))
            continue;
        orf_node_check_keys(ctx, it, keys, "uncertainty[]");
        const orf_node *pn = orf_node_get(it, "param");
        const char *path;
        if (!pn) {
            orf_diag_emit(ctx, ORF_E_INPUT, &it->loc, NULL, "uncertainty[%zu] needs 'param'", i);
            continue;
        }
        if (orf_node_string(ctx, pn, "param", &path) != ORF_OK)
            continue;
        int isfs;
        double *slot = resolve(m, path, &isfs);
        if (!slot) {
            orf_diag_emit(ctx, ORF_E_UNKNOWN_NAME, &pn->loc, NULL,
                          "uncertainty: no numeric parameter '%s' (economics values by path, "
                          "e.g. economics.fx.KZT; unit parameters as unit.param)",
                          path);
            if (m->e && strncmp(path, "economics.", 10) == 0) {
                size_t np = orf_econ_param_count(m->e);
                const char **names = orf_malloc(ctx, (np + 1) * sizeof *names);
                if (names) {
                    for (size_t q = 0; q < np; q++)
                        names[q] = orf_econ_param_path(m->e, q);
                    orf_diag_hint_nearest(ctx, path, names, np);
                    orf_free(ctx, names);
                }
            }
            continue;
        }
        orf_mc_param *p = &s->p[s->k];
        p->path = orf_ctx_strdup(ctx, path);
        p->flowsheet = isfs;
        p->base = *slot;
        if (spec_find(s, path) >= 0) {
            orf_diag_emit(ctx, ORF_E_INPUT, &pn->loc, NULL,
                          "uncertainty: '%s' is given a distribution twice", path);
            continue;
        }
        if (parse_dist(ctx, it, path, p->base, &p->dist) != ORF_OK)
            continue;
        const orf_node *nn = orf_node_get(it, "name");
        if (nn)
            orf_node_string(ctx, nn, "name", &s->alias[s->k]);
        s->k++;
    }
    for (size_t i = 0; i < u->n; i++) {
        const orf_node *it = u->items[i];
        const orf_node *cn = orf_node_get(it, "correlate");
        if (it->kind != ORF_NODE_MAP || !cn)
            continue;
        orf_node_check_keys(ctx, it, ckeys, "uncertainty[]");
        if (orf_node_expect(ctx, cn, ORF_NODE_SEQ, "correlate") != ORF_OK)
            continue;
        if (cn->n != 2) {
            orf_diag_emit(ctx, ORF_E_INPUT, &cn->loc, NULL,
                          "correlate: give exactly two parameters");
            continue;
        }
        int ab[2] = {-1, -1};
        for (int q = 0; q < 2; q++) {
            const char *nm;
            if (orf_node_string(ctx, cn->items[q], "correlate", &nm) != ORF_OK)
                continue;
            ab[q] = spec_find(s, nm);
            if (ab[q] < 0)
                orf_diag_emit(ctx, ORF_E_UNKNOWN_NAME, &cn->items[q]->loc, NULL,
                              "correlate: '%s' is not an uncertain parameter of this list", nm);
        }
        double rho;
        const orf_node *rn = orf_node_get(it, "rho");
        if (!rn) {
            orf_diag_emit(ctx, ORF_E_INPUT, &it->loc, NULL, "correlate needs 'rho'");
            continue;
        }
        if (orf_node_number(ctx, rn, "rho", &rho) != ORF_OK)
            continue;
        if (!(rho > -1 && rho < 1)) {
            orf_diag_emit(ctx, ORF_E_RANGE, &rn->loc, NULL, "rho must lie strictly in (-1, 1)");
            continue;
        }
        if (ab[0] < 0 || ab[1] < 0 || ab[0] == ab[1])
            continue;
        if (!s->corr) {
            s->corr = orf_calloc(ctx, s->k * s->k, sizeof *s->corr);
            if (!s->corr)
                return ORF_E_NOMEM;
            for (size_t d = 0; d < s->k; d++)
                s->corr[d * s->k + d] = 1.0;
        }
        s->corr[(size_t)ab[0] * s->k + (size_t)ab[1]] = rho;
        s->corr[(size_t)ab[1] * s->k + (size_t)ab[0]] = rho;
    }
    if (orf_ctx_error_count(ctx) > errs0)
        return ORF_E_INPUT;
    if (s->k == 0)
        return orf_diag_emit(ctx, ORF_E_INPUT, &u->loc, NULL,
                             "uncertainty: no parameter has a distribution");
    return ORF_OK;
}

/* ---------------------------------------------------------------- percentiles */

static int dcmp(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

double orf_percentile_sorted(const double *v, size_t n, double pct)
{
    if (n == 0)
        return (double)NAN;
    double h = (double)(n - 1) * pct / 100.0;
    size_t lo = (size_t)floor(h);
    if (lo + 1 >= n)
        return v[n - 1];
    return v[lo] + (h - (double)lo) * (v[lo + 1] - v[lo]);
}

/* ---------------------------------------------------------------- workers */

typedef struct {
    const char *path;
    const orf_mc_param *p;
    size_t k, n;
    const double *x;
    double *npv, *irr;
    atomic_size_t next, done, solves, failed;
    atomic_int error; /* first worker setup failure */
} mc_job;

static void *worker(void *arg)
{
    mc_job *J = arg;
    orf_ctx *ctx = orf_ctx_alloc();
    mc_model m;
    memset(&m, 0, sizeof m);
    if (!ctx) {
        atomic_store(&J->error, ORF_E_NOMEM);
        goto drain;
    }
    orf_status st = model_open(ctx, J->path, J->p, J->k, &m);
    if (st != ORF_OK) {
        atomic_store(&J->error, st < 0 ? st : ORF_E_INTERNAL);
        goto drain;
    }
    for (;;) {
        size_t i = atomic_fetch_add(&J->next, 1);
        if (i >= J->n)
            break;
        int solved;
        if (model_eval(&m, J->p, &J->x[i * J->k], &J->npv[i], &J->irr[i], &solved) != 0) {
            J->npv[i] = J->irr[i] = (double)NAN;
            atomic_fetch_add(&J->failed, 1);
        }
        if (solved)
            atomic_fetch_add(&J->solves, 1);
        atomic_fetch_add(&J->done, 1);
    }
    model_close(&m);
    orf_ctx_free(ctx);
    return NULL;
drain:
    /* Leave the samples to the other workers; if none can run, the caller sees the error. */
    model_close(&m);
    orf_ctx_free(ctx);
    return NULL;
}

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

orf_status orf_mc_run(orf_ctx *ctx, const char *path, const orf_mc_opts *o, orf_mc_result *res)
{
    memset(res, 0, sizeof *res);
    gsl_set_error_handler_off();
    mc_model base;
    mc_spec s;
    memset(&s, 0, sizeof s);
    orf_status st = model_open(ctx, path, NULL, 0, &base);
    if (st == ORF_OK)
        st = spec_load(ctx, &base, &s);
    if (st != ORF_OK) {
        spec_free(ctx, &s);
        model_close(&base);
        return st;
    }
    orf_econ_eval(base.e);
    res->base_npv_usd = orf_econ_result_get(base.e)->npv_usd;
    res->base_irr = orf_econ_result_get(base.e)->irr;
    model_close(&base);

    size_t n = o->n, k = s.k;
    res->n = n;
    res->k = k;
    res->params = malloc(k * sizeof *res->params);
    res->x = malloc((n * k + 1) * sizeof *res->x);
    res->npv_usd = malloc((n + 1) * sizeof *res->npv_usd);
    res->irr = malloc((n + 1) * sizeof *res->irr);
    res->hist_bins = o->hist_bins ? o->hist_bins : 20;
    res->hist = calloc(res->hist_bins, sizeof *res->hist);
    double *sorted = malloc((n + 1) * sizeof *sorted);
    if (!res->params || !res->x || !res->npv_usd || !res->irr || !res->hist || !sorted) {
        free(sorted);
        spec_free(ctx, &s);
        orf_mc_result_fini(res);
        return orf_diag_emit(ctx, ORF_E_NOMEM, NULL, NULL, "out of memory for %zu samples", n);
    }
    memcpy(res->params, s.p, k * sizeof *res->params);
    orf_dist *d = malloc(k * sizeof *d);
    if (!d) {
        free(sorted);
        spec_free(ctx, &s);
        orf_mc_result_fini(res);
        return ORF_E_NOMEM;
    }
    for (size_t j = 0; j < k; j++)
        d[j] = s.p[j].dist;
    double t0 = now_s();
    /* Iman & Conover need n >= k + 2 rows to correlate k columns: say so, rather than blame
     * the user's correlation matrix */
    st = s.corr && k >= 2 && n < k + 2 ? ORF_E_RANGE
                                       : orf_mc_sample_matrix(d, k, s.corr, n, o->seed, res->x);
    free(d);
    spec_free(ctx, &s);
    if (st == ORF_E_RANGE) {
        free(sorted);
        orf_mc_result_fini(res);
        return orf_diag_emit(ctx, st, NULL, NULL,
                             "uncertainty: rank correlations among %zu parameters need at least "
                             "%zu samples (-n), found %zu",
                             k, k + 2, n);
    }
    if (st != ORF_OK) {
        free(sorted);
        orf_mc_result_fini(res);
        return orf_diag_emit(ctx, st, NULL, NULL,
                             st == ORF_E_INPUT ? "uncertainty: the rank correlations are not "
                                                 "consistent (matrix not positive definite)"
                                               : "sampling failed");
    }

    mc_job J;
    memset(&J, 0, sizeof J);
    J.path = path;
    J.p = res->params;
    J.k = k;
    J.n = n;
    J.x = res->x;
    J.npv = res->npv_usd;
    J.irr = res->irr;
    atomic_init(&J.next, 0);
    atomic_init(&J.done, 0);
    atomic_init(&J.solves, 0);
    atomic_init(&J.failed, 0);
    atomic_init(&J.error, 0);
    int nt = o->threads > 0 ? o->threads : 1;
    pthread_t *th = malloc((size_t)nt * sizeof *th);
    if (!th) {
        free(sorted);
        orf_mc_result_fini(res);
        return ORF_E_NOMEM;
    }
    int started = 0;
    for (int t = 0; t < nt; t++)
        if (pthread_create(&th[started], NULL, worker, &J) == 0)
            started++;
    if (started == 0) {
        free(th);
        free(sorted);
        orf_mc_result_fini(res);
        return orf_diag_emit(ctx, ORF_E_INTERNAL, NULL, NULL, "cannot start worker threads");
    }
    if (o->progress) {
        struct timespec ts = {0, 100000000L};
        for (;;) {
            size_t done = atomic_load(&J.done);
            o->progress(o->progress_ud, done, n);
            if (done >= n || (atomic_load(&J.error) && done == atomic_load(&J.next)))
                break;
            nanosleep(&ts, NULL);
        }
    }
    for (int t = 0; t < started; t++)
        pthread_join(th[t], NULL);
    free(th);
    res->seconds = now_s() - t0;
    if (atomic_load(&J.done) < n) {
        free(sorted);
        orf_mc_result_fini(res);
        return orf_diag_emit(ctx, ORF_E_INTERNAL, NULL, NULL,
                             "Monte Carlo workers could not load '%s'", path);
    }
    res->failed = atomic_load(&J.failed);
    res->solves = atomic_load(&J.solves);

    /* Statistics over successful samples. */
    size_t m = 0, loss = 0;
    double sum = 0;
    for (size_t i = 0; i < n; i++) {
        if (!isfinite(res->npv_usd[i]))
            continue;
        sorted[m++] = res->npv_usd[i];
        sum += res->npv_usd[i];
        loss += res->npv_usd[i] < 0;
    }
    qsort(sorted, m, sizeof *sorted, dcmp);
    res->npv_mean = m ? sum / (double)m : (double)NAN;
    res->npv_p10 = orf_percentile_sorted(sorted, m, 10);
    res->npv_p50 = orf_percentile_sorted(sorted, m, 50);
    res->npv_p90 = orf_percentile_sorted(sorted, m, 90);
    res->prob_loss = m ? (double)loss / (double)m : (double)NAN;
    res->hist_lo = m ? sorted[0] : 0;
    res->hist_hi = m ? sorted[m - 1] : 0;
    double w = (res->hist_hi - res->hist_lo) / (double)res->hist_bins;
    for (size_t i = 0; i < m; i++) {
        size_t b = w > 0 ? (size_t)((sorted[i] - res->hist_lo) / w) : 0;
        if (b >= res->hist_bins)
            b = res->hist_bins - 1;
        res->hist[b]++;
    }
    size_t mi = 0;
    for (size_t i = 0; i < n; i++)
        if (isfinite(res->irr[i]))
            sorted[mi++] = res->irr[i];
    qsort(sorted, mi, sizeof *sorted, dcmp);
    res->irr_p10 = orf_percentile_sorted(sorted, mi, 10);
    res->irr_p50 = orf_percentile_sorted(sorted, mi, 50);
    res->irr_p90 = orf_percentile_sorted(sorted, mi, 90);
    free(sorted);
    return ORF_OK;
}

void orf_mc_result_fini(orf_mc_result *r)
{
    free(r->params);
    free(r->x);
    free(r->npv_usd);
    free(r->irr);
    free(r->hist);
    memset(r, 0, sizeof *r);
}

/* ---------------------------------------------------------------- sensitivity */

static int row_cmp(const void *a, const void *b)
{
    double x = fabs(((const orf_sens_row *)a)->swing_usd);
    double y = fabs(((const orf_sens_row *)b)->swing_usd);
    return (x < y) - (x > y);
}

orf_status orf_sensitivity_run(orf_ctx *ctx, const char *path, orf_sens_result *res)
{
    memset(res, 0, sizeof *res);
    gsl_set_error_handler_off();
    mc_model m;
    mc_spec s;
    memset(&s, 0, sizeof s);
    orf_status st = model_open(ctx, path, NULL, 0, &m);
    if (st == ORF_OK)
        st = spec_load(ctx, &m, &s);
    if (st != ORF_OK) {
        spec_free(ctx, &s);
        model_close(&m);
        return st;
    }
    /* Re-resolve the slots on this model. */
    m.k = s.k;
    orf_free(ctx, m.slot);
    orf_free(ctx, m.base);
    m.slot = orf_calloc(ctx, s.k, sizeof *m.slot);
    m.base = orf_calloc(ctx, s.k, sizeof *m.base);
    res->rows = calloc(s.k, sizeof *res->rows);
    if (!m.slot || !m.base || !res->rows) {
        spec_free(ctx, &s);
        model_close(&m);
        orf_sens_result_fini(res);
        return ORF_E_NOMEM;
    }
    for (size_t i = 0; i < s.k; i++) {
        int f;
        m.slot[i] = resolve(&m, s.p[i].path, &f);
        m.base[i] = *m.slot[i];
        m.any_fs |= f;
    }
    orf_econ_eval(m.e);
    res->base_npv_usd = orf_econ_result_get(m.e)->npv_usd;
    double *v = malloc(s.k * sizeof *v);
    if (!v) {
        spec_free(ctx, &s);
        model_close(&m);
        orf_sens_result_fini(res);
        return ORF_E_NOMEM;
    }
    for (size_t i = 0; i < s.k; i++) {
        orf_sens_row *r = &res->rows[res->nrows++];
        r->path = s.p[i].path;
        r->base = s.p[i].base;
        r->low = orf_dist_quantile(&s.p[i].dist, 0.1);
        r->high = orf_dist_quantile(&s.p[i].dist, 0.9);
        for (int side = 0; side < 2; side++) {
            for (size_t q = 0; q < s.k; q++)
                v[q] = m.base[q];
            v[i] = side ? r->high : r->low;
            /* Only this parameter decides whether to re-solve. */
            orf_mc_param one = s.p[i];
            mc_model mi = m;
            mi.k = 1;
            mi.slot = &m.slot[i];
            double npv, irr;
            int solved;
            model_eval(&mi, &one, &v[i], &npv, &irr, &solved);
            if (side)
                r->npv_high_usd = npv;
            else
                r->npv_low_usd = npv;
            model_restore_base(&m);
        }
        r->swing_usd = r->npv_high_usd - r->npv_low_usd;
    }
    free(v);
    qsort(res->rows, res->nrows, sizeof *res->rows, row_cmp);
    spec_free(ctx, &s);
    model_close(&m);
    return ORF_OK;
}

void orf_sens_result_fini(orf_sens_result *r)
{
    free(r->rows);
    memset(r, 0, sizeof *r);
}

/* ---------------------------------------------------------------- output */

void orf_mc_write_json(const orf_mc_result *r, const orf_mc_opts *o, orf_json *j)
{
    orf_json_begin_object(j);
    orf_json_key(j, "samples");
    orf_json_int(j, (long)r->n);
    orf_json_key(j, "failed");
    orf_json_int(j, (long)r->failed);
    orf_json_key(j, "solves");
    orf_json_int(j, (long)r->solves);
    orf_json_key(j, "seed");
    orf_json_int(j, (long)o->seed);
    orf_json_key(j, "threads");
    orf_json_int(j, o->threads);
    orf_json_key(j, "base");
    orf_json_begin_object(j);
    orf_json_key_number(j, "npv_usd", r->base_npv_usd);
    orf_json_key_number(j, "irr", r->base_irr);
    orf_json_end_object(j);
    orf_json_key(j, "npv_usd");
    orf_json_begin_object(j);
    orf_json_key_number(j, "mean", r->npv_mean);
    orf_json_key_number(j, "p10", r->npv_p10);
    orf_json_key_number(j, "p50", r->npv_p50);
    orf_json_key_number(j, "p90", r->npv_p90);
    orf_json_key(j, "histogram");
    orf_json_begin_object(j);
    orf_json_key_number(j, "lo", r->hist_lo);
    orf_json_key_number(j, "hi", r->hist_hi);
    orf_json_key(j, "counts");
    orf_json_begin_array(j);
    for (size_t b = 0; b < r->hist_bins; b++)
        orf_json_int(j, (long)r->hist[b]);
    orf_json_end_array(j);
    orf_json_end_object(j);
    orf_json_end_object(j);
    orf_json_key(j, "irr");
    orf_json_begin_object(j);
    orf_json_key_number(j, "p10", r->irr_p10);
    orf_json_key_number(j, "p50", r->irr_p50);
    orf_json_key_number(j, "p90", r->irr_p90);
    orf_json_end_object(j);
    orf_json_key_number(j, "prob_loss", r->prob_loss);
    orf_json_key(j, "parameters");
    orf_json_begin_array(j);
    for (size_t i = 0; i < r->k; i++) {
        const orf_mc_param *p = &r->params[i];
        orf_json_begin_object(j);
        orf_json_key_string(j, "param", p->path);
        orf_json_key_string(j, "dist", orf_dist_kind_name(p->dist.kind));
        orf_json_key_number(j, "base", p->base);
        orf_json_key_number(j, "mean", orf_dist_mean(&p->dist));
        orf_json_key_number(j, "p10", orf_dist_quantile(&p->dist, 0.1));
        orf_json_key_number(j, "p90", orf_dist_quantile(&p->dist, 0.9));
        orf_json_key(j, "resolves_flowsheet");
        orf_json_bool(j, p->flowsheet);
        orf_json_end_object(j);
    }
    orf_json_end_array(j);
    orf_json_end_object(j);
    orf_json_end(j);
}

void orf_mc_print(const orf_mc_result *r, FILE *fp)
{
    fprintf(fp, "Monte Carlo: %zu samples (%zu failed, %zu re-solved the flowsheet), %.2f s\n",
            r->n, r->failed, r->solves, r->seconds);
    fprintf(fp, "  base case   NPV %12.2f M USD   IRR %6.2f %%\n", r->base_npv_usd / 1e6,
            100 * r->base_irr);
    fprintf(fp, "  NPV M USD   P10 %10.2f   P50 %10.2f   P90 %10.2f   mean %10.2f\n",
            r->npv_p10 / 1e6, r->npv_p50 / 1e6, r->npv_p90 / 1e6, r->npv_mean / 1e6);
    fprintf(fp, "  IRR %%       P10 %10.2f   P50 %10.2f   P90 %10.2f\n", 100 * r->irr_p10,
            100 * r->irr_p50, 100 * r->irr_p90);
    fprintf(fp, "  probability of a loss (NPV < 0): %.1f %%\n", 100 * r->prob_loss);
    size_t mx = 1;
    for (size_t b = 0; b < r->hist_bins; b++)
        if (r->hist[b] > mx)
            mx = r->hist[b];
    double w = (r->hist_hi - r->hist_lo) / (double)r->hist_bins;
    for (size_t b = 0; b < r->hist_bins; b++) {
        fprintf(fp, "  %10.2f |", (r->hist_lo + w * (double)b) / 1e6);
        size_t bar = r->hist[b] * 50 / mx;
        for (size_t q = 0; q < bar; q++)
            fputc('#', fp);
        fprintf(fp, " %zu\n", r->hist[b]);
    }
}

orf_status orf_mc_write_csv(orf_ctx *ctx, const orf_mc_result *r, const char *path)
{
    orf_atomic a;
    orf_status st = orf_atomic_open(ctx, &a, path);
    if (st != ORF_OK)
        return st;
    fprintf(a.fp, "sample");
    for (size_t j = 0; j < r->k; j++)
        fprintf(a.fp, ",%s", r->params[j].path);
    fprintf(a.fp, ",npv_usd,irr\n");
    for (size_t i = 0; i < r->n; i++) {
        fprintf(a.fp, "%zu", i);
        for (size_t j = 0; j < r->k; j++)
            fprintf(a.fp, ",%.17g", r->x[i * r->k + j]);
        fprintf(a.fp, ",%.17g,%.17g\n", r->npv_usd[i], r->irr[i]);
    }
    if (ferror(a.fp)) {
        orf_atomic_abort(&a);
        return orf_diag_emit(ctx, ORF_E_IO, NULL, NULL, "cannot write '%s'", path);
    }
    return orf_atomic_commit(ctx, &a);
}

void orf_sens_write_json(const orf_sens_result *r, orf_json *j)
{
    orf_json_begin_object(j);
    orf_json_key_number(j, "base_npv_usd", r->base_npv_usd);
    orf_json_key(j, "tornado");
    orf_json_begin_array(j);
    for (size_t i = 0; i < r->nrows; i++) {
        const orf_sens_row *w = &r->rows[i];
        orf_json_begin_object(j);
        orf_json_key_string(j, "param", w->path);
        orf_json_key_number(j, "base", w->base);
        orf_json_key_number(j, "low", w->low);
        orf_json_key_number(j, "high", w->high);
        orf_json_key_number(j, "npv_low_usd", w->npv_low_usd);
        orf_json_key_number(j, "npv_high_usd", w->npv_high_usd);
        orf_json_key_number(j, "swing_usd", w->swing_usd);
        orf_json_end_object(j);
    }
    orf_json_end_array(j);
    orf_json_end_object(j);
    orf_json_end(j);
}

void orf_sens_print(const orf_sens_result *r, FILE *fp)
{
    fprintf(fp, "Sensitivity of NPV (each parameter at its P10 and P90, others at base)\n");
    fprintf(fp, "  base NPV %.2f M USD\n", r->base_npv_usd / 1e6);
    fprintf(fp, "  %-48s %12s %12s %12s %12s %10s\n", "parameter", "P10 value", "P90 value",
            "NPV@P10 M$", "NPV@P90 M$", "swing M$");
    for (size_t i = 0; i < r->nrows; i++) {
        const orf_sens_row *w = &r->rows[i];
        fprintf(fp, "  %-48s %12.4g %12.4g %12.2f %12.2f %10.2f\n", w->path, w->low, w->high,
                w->npv_low_usd / 1e6, w->npv_high_usd / 1e6, w->swing_usd / 1e6);
    }
}
