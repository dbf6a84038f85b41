/* One-at-a-time sensitivity (tornado) of project economics: each uncertain parameter at its P10
 * and P90 with all others at their base values.
 */
#include "mc/mc_impl.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Unit of measure of the parameter at path: from the economics section's own registry, or from
 * the unit type's parameter table; "" when neither names one. */
static const char *param_unit(const mc_model *m, const char *path)
{
    if (orf__mc_econ_path(path)) {
        const char *u = orf_econ_param_unit(m->e, path);
        return u ? u : "";
    }
    const orf_param_def *d = orf__mc_param_def(m, path);
    return d && d->unit && strcmp(d->unit, "-") != 0 ? d->unit : "";
}

static int row_cmp(const void *a, const void *b)
{
    double x = fabs(((const orf_sens_row *)a)->swing_usd);
    double y = fabs(((const orf_sens_row *)b)->swing_usd);
    return (x < y) - (x > y);
}

orf_status orf_sensitivity_run(orf_ctx *ctx, const char *path, orf_sens_result *res)
{
    memset(res, 0, sizeof *res);
    res->ctx = ctx;
    size_t noom0 = ctx->noom;
    mc_model m;
    mc_spec s;
    memset(&s, 0, sizeof s);
    orf_status st = orf__mc_model_open(ctx, path, NULL, 0, &m);
    if (st == ORF_OK)
        st = orf__mc_spec_load(ctx, &m, &s);
    if (st != ORF_OK) {
        orf__mc_spec_free(ctx, &s);
        orf__mc_model_close(&m);
        return ctx->noom != noom0 ? ORF_E_NOMEM : st; /* a failure after a refused allocation */
    }
    /* Re-resolve the slots on this model. */
    m.k = s.k;
    orf_free(ctx, m.slot);
    orf_free(ctx, m.base);
    m.slot = orf_calloc(ctx, s.k, sizeof *m.slot);
    m.base = orf_calloc(ctx, s.k, sizeof *m.base);
    res->rows = orf_calloc(ctx, s.k, sizeof *res->rows);
    if (!m.slot || !m.base || !res->rows) {
        orf__mc_spec_free(ctx, &s);
        orf__mc_model_close(&m);
        orf_sens_result_fini(res);
        return ORF_E_NOMEM;
    }
    for (size_t i = 0; i < s.k; i++) {
        int f;
        m.slot[i] = orf__mc_resolve(&m, s.p[i].path, &f);
        m.base[i] = *m.slot[i];
        m.any_fs |= f;
    }
    orf_econ_eval(m.e);
    res->base_npv_usd = orf_econ_result_get(m.e)->npv_usd;
    double *v = orf_malloc(ctx, s.k * sizeof *v);
    if (!v) {
        orf__mc_spec_free(ctx, &s);
        orf__mc_model_close(&m);
        orf_sens_result_fini(res);
        return ORF_E_NOMEM;
    }
    for (size_t i = 0; i < s.k; i++) {
        orf_sens_row *r = &res->rows[res->nrows++];
        r->path = s.p[i].path;
        r->unit = param_unit(&m, r->path);
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
            orf__mc_model_eval(&mi, &one, &v[i], &npv, &irr, &solved);
            if (side)
                r->npv_high_usd = npv;
            else
                r->npv_low_usd = npv;
            orf__mc_model_restore_base(&m);
        }
        r->swing_usd = r->npv_high_usd - r->npv_low_usd;
    }
    orf_free(ctx, v);
    qsort(res->rows, res->nrows, sizeof *res->rows, row_cmp);
    orf__mc_spec_free(ctx, &s);
    orf__mc_model_close(&m);
    if (ctx->noom != noom0) { /* a solve or evaluation may have failed on it: no silent NaN */
        orf_sens_result_fini(res);
        return orf_diag_emit(ctx, ORF_E_NOMEM, NULL, NULL, "out of memory in the sensitivity");
    }
    if (orf_ctx_stopped(ctx)) { /* orf_ctx_set_stop: the solves stopped, the swings are not known */
        orf_sens_result_fini(res);
        return orf_diag_emit(ctx, ORF_E_STOPPED, NULL, NULL, "sensitivity stopped by request");
    }
    return ORF_OK;
}

void orf_sens_result_fini(orf_sens_result *r)
{
    orf_free(r->ctx, r->rows);
    memset(r, 0, sizeof *r);
}

/* ---------------------------------------------------------------- output */

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
        orf_json_key_string(j, "unit", w->unit ? w->unit : "");
        orf_json_key_number(j, "npv_low_usd", w->npv_low_usd);
        orf_json_key_number(j, "npv_high_usd", w->npv_high_usd);
        orf_json_key_number(j, "swing_usd", w->swing_usd);
        orf_json_end_object(j);
    }
    orf_json_end_array(j);
    orf_json_end_object(j);
    orf_json_end(j);
}

/* "180 / 200 / 220 USD/t"; an amount of money of a million or more in millions ("270 / 300 /
 * 330 M USD"), as the report shows money. */
static void values_text(const orf_sens_row *w, char *buf, size_t size)
{
    const char *u = w->unit ? w->unit : "";
    int money = strlen(u) == 3 && u[0] >= 'A' && u[0] <= 'Z' && u[1] >= 'A' && u[1] <= 'Z' &&
                u[2] >= 'A' && u[2] <= 'Z';
    double f = money && fmax(fabs(w->low), fmax(fabs(w->base), fabs(w->high))) >= 1e6 ? 1e-6 : 1;
    char a[3][32];
    const double v[3] = {w->low * f, w->base * f, w->high * f};
    for (int k = 0; k < 3; k++) /* whole numbers from 1000 up: 11690, not 1.169e+04 */
        snprintf(a[k], sizeof a[k], fabs(v[k]) >= 1e3 && fabs(v[k]) < 1e15 ? "%.0f" : "%.4g", v[k]);
    snprintf(buf, size, "%s / %s / %s%s%s%s", a[0], a[1], a[2], *u ? " " : "", f < 1 ? "M " : "",
             u);
}

void orf_sens_print(const orf_sens_result *r, FILE *fp)
{
    static const char *const head[] = {"parameter", "P10 / base / P90", "NPV@P10 M USD",
                                       "NPV@P90 M USD", "swing M USD"};
    int wp = orf__utf8_width(head[0]), wv = orf__utf8_width(head[1]);
    char buf[160];
    for (size_t i = 0; i < r->nrows; i++) {
        values_text(&r->rows[i], buf, sizeof buf);
        int a = orf__utf8_width(r->rows[i].path), b = orf__utf8_width(buf);
        wp = a > wp ? a : wp;
        wv = b > wv ? b : wv;
    }
    fprintf(fp, "Sensitivity of NPV (each parameter at its P10 and P90, others at base)\n");
    fprintf(fp, "  base NPV %.2f M USD\n  ", r->base_npv_usd / 1e6);
    orf__fput_padded(fp, head[0], wp, 1);
    fputs("  ", fp);
    orf__fput_padded(fp, head[1], wv, 1);
    fprintf(fp, " %14s %14s %12s\n", head[2], head[3], head[4]);
    for (size_t i = 0; i < r->nrows; i++) {
        const orf_sens_row *w = &r->rows[i];
        fputs("  ", fp);
        orf__fput_padded(fp, w->path, wp, 1);
        fputs("  ", fp);
        values_text(w, buf, sizeof buf);
        orf__fput_padded(fp, buf, wv, 1);
        fprintf(fp, " %14.2f %14.2f %12.2f\n", w->npv_low_usd / 1e6, w->npv_high_usd / 1e6,
                w->swing_usd / 1e6);
    }
}
