/* Monte Carlo and sensitivity: the model each run evaluates (a loaded flowsheet and its economics,
 * the base case's converged state, the slots of the uncertain parameters) and the `uncertainty:`
 * section that gives those parameters their distributions (docs/format.md, "Uncertainty").
 */
#include "mc/mc_impl.h"

#include <math.h>
#include <string.h>

/* ---------------------------------------------------------------- a model per thread */

int orf__mc_econ_path(const char *path)
{
    return strncmp(path, "economics.", 10) == 0 || strncmp(path, "schedule.", 9) == 0;
}

double *orf__mc_resolve(mc_model *m, const char *path, int *is_fs)
{
    *is_fs = 0;
    if (orf__mc_econ_path(path))
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

const orf_param_def *orf__mc_param_def(const mc_model *m, const char *path)
{
    if (strncmp(path, "schedule.", 9) == 0) { /* schedule.PERIOD.UNIT.PARAM: the unit's range */
        const char *q = strchr(path + 9, '.');
        if (!q)
            return NULL;
        path = q + 1;
    }
    const char *dot = strchr(path, '.');
    char unit[256];
    size_t len = dot ? (size_t)(dot - path) : 0;
    if (!dot || len >= sizeof unit || strncmp(path, "economics.", 10) == 0)
        return NULL;
    memcpy(unit, path, len);
    unit[len] = 0;
    return orf_flowsheet_param_def(m->fs, unit, dot + 1);
}

/* The first error on the context, as "object: message", into buf. */
static void first_error(const orf_ctx *ctx, char *buf, size_t size, const char *dflt)
{
    for (size_t i = 0; i < orf_ctx_diag_count(ctx); i++) {
        const orf_diag *d = orf_ctx_diag_get(ctx, i);
        if (d->severity == ORF_SEV_ERROR) {
            snprintf(buf, size, "%s%s%s", d->object ? d->object : "", d->object ? ": " : "",
                     d->message);
            return;
        }
    }
    snprintf(buf, size, "%s", dflt);
}

void orf__mc_model_close(mc_model *m)
{
    if (!m->ctx)
        return;
    orf_econ_free(m->e);
    orf_flowsheet_free(m->fs);
    orf_free(m->ctx, m->slot);
    orf_free(m->ctx, m->state);
    orf_free(m->ctx, m->spec_slot);
    orf_free(m->ctx, m->spec_base);
    orf_free(m->ctx, m->spec_on);
    orf_free(m->ctx, m->base);
    orf__predict_free(m->ctx, &m->pred);
    memset(m, 0, sizeof *m);
}

/* The samples' warm start: a first-order prediction along the sampled flowsheet parameters (with
 * a schedule, its periods' sampled settings), its columns taken here, once, from the base case
 * (src/econ/econ_predict.c): every worker and rank starts each sample from the same numbers. */
static orf_status predict_setup(mc_model *m, const orf_mc_param *p)
{
    if (m->sched)
        return orf__econ_schedule_predict(m->e, m->slot, m->k);
    size_t n = 0;
    for (size_t i = 0; i < m->k; i++)
        n += p[i].flowsheet != 0;
    if (n == 0)
        return ORF_OK;
    double **slot = orf_calloc(m->ctx, n, sizeof *slot);
    orf_status st = slot ? ORF_OK : ORF_E_NOMEM;
    n = 0;
    for (size_t i = 0; slot && i < m->k; i++)
        if (p[i].flowsheet)
            slot[n++] = m->slot[i];
    if (st == ORF_OK)
        st = orf__predict_init(m->ctx, m->fs, slot, n, &m->pred);
    orf_free(m->ctx, slot);
    for (size_t i = 0, j = 0; st == ORF_OK && i < m->k; i++)
        if (p[i].flowsheet)
            orf__predict_column(&m->pred, j++, m->state, m->spec_base, p[i].hi);
    orf_flowsheet_state_restore(m->fs, m->state); /* the base case's, as before */
    for (size_t s = 0; s < m->nspec; s++)
        if (m->spec_slot[s] && !(m->spec_on[s] && *m->spec_on[s] == 0.0))
            *m->spec_slot[s] = m->spec_base[s];
    return st;
}

orf_status orf__mc_model_open(orf_ctx *ctx, const char *path, const orf_mc_param *p, size_t k,
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
    m->spec_on = orf_calloc(ctx, m->nspec + 1, sizeof *m->spec_on);
    if (!m->slot || !m->base || !m->state || !m->spec_slot || !m->spec_base || !m->spec_on)
        return ORF_E_NOMEM;
    for (size_t i = 0; i < k; i++) {
        int f;
        m->slot[i] = orf__mc_resolve(m, p[i].path, &f);
        if (!m->slot[i])
            return orf_diag_emit(ctx, ORF_E_UNKNOWN_NAME, NULL, NULL,
                                 "uncertainty: no numeric parameter '%s'", p[i].path);
        m->any_fs |= f;
        m->base[i] = *m->slot[i];
    }
    st = orf_flowsheet_solve(m->fs, NULL);
    if (st < 0)
        return st;
    st = orf_econ_fix_design_capex(m->e); /* factored capital: the base case's equipment */
    if (st != ORF_OK)
        return st;
    /* a schedule solves its periods inside the economics: the base case is not needed again */
    orf_econ_schedule_restore(m->e, 0);
    m->sched = orf_econ_has_schedule(m->e);
    if (m->sched) { /* every worker's periods warm-start from the base case's: same numbers */
        st = orf_econ_eval(m->e);
        if (st != ORF_OK)
            return st;
    }
    orf_flowsheet_state_save(m->fs, m->state);
    for (size_t s = 0; s < m->nspec; s++) {
        const orf_spec_info *si = orf_flowsheet_spec(m->fs, s);
        m->spec_slot[s] = orf_flowsheet_param_ref(m->fs, si->unit, si->param);
        if (m->spec_slot[s])
            m->spec_base[s] = *m->spec_slot[s];
        m->spec_on[s] = orf_flowsheet_spec_switch(m->fs, s);
    }
    return predict_setup(m, p);
}

int orf__mc_model_eval(mc_model *m, const orf_mc_param *p, const double *v, double *npv,
                       double *irr, int *solved)
{
    int need = 0;
    m->why[0] = 0;
    for (size_t i = 0; i < m->k; i++) {
        if (!(v[i] >= p[i].lo && v[i] <= p[i].hi)) { /* as the loader would reject it */
            snprintf(m->why, sizeof m->why, "%s = %g is outside its range [%g, %g]", p[i].path,
                     v[i], p[i].lo, p[i].hi);
            *solved = 0;
            *npv = *irr = (double)NAN;
            return -1;
        }
    }
    for (size_t i = 0; i < m->k; i++) {
        *m->slot[i] = v[i];
        if (p[i].flowsheet)
            need = 1;
    }
    *solved = need || m->sched; /* a schedule re-solves its periods in orf_econ_eval */
    if (need && !m->sched) {
        orf_flowsheet_state_restore(m->fs, m->state);
        for (size_t s = 0; s < m->nspec; s++)
            if (m->spec_slot[s] && !(m->spec_on[s] && *m->spec_on[s] == 0.0))
                *m->spec_slot[s] = m->spec_base[s]; /* a spec off keeps what is set */
        orf__predict_start(&m->pred, m->state, m->spec_base);
        orf_status st = orf_flowsheet_solve(m->fs, NULL);
        if (st < 0) {
            first_error(m->ctx, m->why, sizeof m->why, "the flowsheet did not solve");
            orf_ctx_clear_diags(m->ctx);
            *npv = *irr = (double)NAN;
            return -1;
        }
    }
    orf_status st = orf_econ_eval(m->e);
    const orf_econ_result *R = orf_econ_result_get(m->e);
    *npv = R->npv_usd;
    *irr = R->irr;
    if (st != ORF_OK) {
        first_error(m->ctx, m->why, sizeof m->why, "the economics could not be evaluated");
        orf_ctx_clear_diags(m->ctx);
        return -1;
    }
    return 0;
}

void orf__mc_model_restore_base(mc_model *m)
{
    for (size_t i = 0; i < m->k; i++)
        *m->slot[i] = m->base[i];
    if (m->any_fs) {
        orf_flowsheet_state_restore(m->fs, m->state);
        for (size_t s = 0; s < m->nspec; s++)
            if (m->spec_slot[s] && !(m->spec_on[s] && *m->spec_on[s] == 0.0))
                *m->spec_slot[s] = m->spec_base[s]; /* a spec off keeps what is set */
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

void orf__mc_spec_free(orf_ctx *ctx, mc_spec *s)
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

orf_status orf__mc_spec_load(orf_ctx *ctx, mc_model *m, mc_spec *s)
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
        double *slot = orf__mc_resolve(m, path, &isfs);
        if (!slot) {
            orf_diag_emit(ctx, ORF_E_UNKNOWN_NAME, &pn->loc, NULL,
                          "uncertainty: no numeric parameter '%s' (economics values by path, "
                          "e.g. economics.fx.KZT; unit parameters as unit.param)",
                          path);
            if (m->e && orf__mc_econ_path(path)) {
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
        if (isfs && orf_econ_has_schedule(m->e) &&
            orf_econ_schedule_sets(m->e, slot) == orf_econ_schedule_periods(m->e)) {
            orf_diag_emit(ctx, ORF_E_INPUT, &pn->loc, NULL,
                          "uncertainty: '%s' is set by every period of the schedule, so sampling "
                          "it changes nothing; sample the periods' values instead "
                          "(schedule.PERIOD.%s)",
                          path, path);
            continue;
        }
        orf_mc_param *p = &s->p[s->k];
        p->path = orf_ctx_strdup(ctx, path);
        if (!p->path)
            return ORF_E_NOMEM;
        p->flowsheet = isfs;
        p->base = *slot;
        p->lo = -(double)INFINITY;
        p->hi = (double)INFINITY;
        const orf_param_def *def = orf__mc_param_def(m, path);
        if (def && (def->kind == ORF_PARAM_NUMBER || def->kind == ORF_PARAM_TABLE) &&
            def->min < def->max) {
            p->lo = def->min;
            p->hi = def->max;
        }
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

/* ---------------------------------------------------------------- check without running */

orf_status orf_mc_check(orf_ctx *ctx, orf_flowsheet *fs, orf_econ *e)
{
    const orf_node *u = orf_flowsheet_section(fs, "uncertainty");
    if (!u)
        return ORF_OK;
    if (!e)
        return orf_diag_emit(ctx, ORF_E_INPUT, &u->loc, NULL,
                             "uncertainty: the flowsheet has no 'economics' section (Monte Carlo "
                             "samples its NPV)");
    mc_model m;
    memset(&m, 0, sizeof m);
    m.ctx = ctx;
    m.fs = fs;
    m.e = e;
    mc_spec s;
    orf_status st = orf__mc_spec_load(ctx, &m, &s);
    if (st == ORF_OK && s.corr && s.k >= 2) { /* the smallest sample that can be correlated */
        size_t n = s.k + 2;
        orf_dist *d = orf_malloc(ctx, s.k * sizeof *d);
        double *x = orf_malloc(ctx, n * s.k * sizeof *x);
        if (!d || !x)
            st = ORF_E_NOMEM;
        for (size_t j = 0; !st && j < s.k; j++)
            d[j] = s.p[j].dist;
        if (!st)
            st = orf__mc_sample_matrix(ctx, d, s.k, s.corr, n, 1, x);
        if (st == ORF_E_INPUT)
            orf_diag_emit(ctx, st, NULL, NULL, /* as orf_mc_run says it */
                          "uncertainty: the rank correlations are not consistent (matrix not "
                          "positive definite)");
        orf_free(ctx, d);
        orf_free(ctx, x);
    }
    orf__mc_spec_free(ctx, &s);
    return st;
}
