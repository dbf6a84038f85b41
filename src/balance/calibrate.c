/* Model calibration: fit unit parameters of a flowsheet to reconciled plant data.
 *
 * Weighted nonlinear least squares (GSL multifit_nlinear, trust-region Levenberg–Marquardt with
 * a finite-difference Jacobian; Moré 1978, Lecture Notes in Math 630:105):
 *     min_p  sum_i ((sim_i(p) - rec_i) / sd_i)^2
 * over the measured quantities i (solids and water flows, % solids, assays) where rec_i is the
 * reconciled value and sd_i the measurement's SD, sim_i the value of the solved flowsheet with
 * parameters p (each set through orf_flowsheet_param_ref, the flowsheet re-solved each time).
 * Covariance of p: (J^T W J)^-1 at the optimum (SDs taken as known, Bard 1974, Nonlinear
 * Parameter Estimation, ch. 7); 95 % intervals are 1.96 SD. Size distributions and size-by-assay
 * are used when the file's sieves are size-class boundaries of the flowsheet (src/balance/
 * survey.c maps them), and left out with a warning otherwise.
 */
#include "oreflow/calibrate.h"
#include "balance/balance_impl.h"
#include "oreflow/output.h"

#include <gsl/gsl_blas.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_multifit_nlinear.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

typedef struct fitctx {
    orf_plant_data *pd;
    orf_flowsheet *fs;
    size_t np;
    orf_calib_param *p;
    size_t *use; /* measurement indices used */
    size_t nuse;
    double *target, *sd;
    double *all; /* simulated value of every measurement (orf_plant_truth) */
    int solve_failed;
} fitctx;

static int sim_value(orf_flowsheet *fs, int kind, int stream, const char *assay, double *out)
{
    const orf_stream *s = orf_flowsheet_stream(fs, (size_t)stream);
    switch (kind) {
    case ORF__PQ_SOLIDS:
        *out = orf_stream_solids_tph(s);
        return 0;
    case ORF__PQ_WATER:
        *out = orf_stream_water_tph(s);
        return 0;
    case ORF__PQ_PCT_SOLIDS:
        *out = orf_stream_pct_solids(s);
        return 0;
    case ORF__PQ_ASSAY:
        return orf_stream_assay(s, assay, out) ? -1 : 0;
    default:
        return -1;
    }
}

static int resid_f(const gsl_vector *x, void *params, gsl_vector *f)
{
    fitctx *c = params;
    for (size_t k = 0; k < c->np; k++)
        *c->p[k].ref = gsl_vector_get(x, k);
    orf_ctx *ctx = orf_flowsheet_ctx(c->fs);
    if (orf_flowsheet_solve(c->fs, NULL) != ORF_OK) {
        orf_ctx_clear_diags(ctx);
        c->solve_failed = 1;
        return GSL_EDOM;
    }
    if (c->all && orf_plant_truth(ctx, c->pd, c->all) != ORF_OK) {
        orf_ctx_clear_diags(ctx);
        return GSL_EDOM;
    }
    for (size_t i = 0; i < c->nuse; i++) {
        int stream;
        const char *assay;
        int kind = orf__plant_meas_info(c->pd, c->use[i], &stream, &assay);
        double v;
        if (c->all)
            v = c->all[c->use[i]];
        else if (sim_value(c->fs, kind, stream, assay, &v))
            return GSL_EDOM;
        if (!isfinite(v))
            return GSL_EDOM;
        gsl_vector_set(f, i, (v - c->target[i]) / c->sd[i]);
    }
    return GSL_SUCCESS;
}

orf_status orf_plant_calibrate(orf_ctx *ctx, orf_plant_data *pd, size_t np, orf_calib_param *p,
                               orf_calib_info *info)
{
    orf_flowsheet *fs = orf__plant_flowsheet(pd);
    const orf_recon *r = orf_plant_recon(pd);
    memset(info, 0, sizeof *info);
    if (!r)
        return orf_diag_emit(ctx, ORF_E_INPUT, NULL, NULL, "calibrate: reconcile first");
    for (size_t k = 0; k < np; k++) {
        p[k].ref = orf_flowsheet_param_ref(fs, p[k].unit, p[k].param);
        if (!p[k].ref)
            return orf_diag_emit(ctx, ORF_E_UNKNOWN_NAME, NULL, p[k].unit,
                                 "calibrate: unit '%s' has no numeric parameter '%s'", p[k].unit,
                                 p[k].param);
        p[k].initial = *p[k].ref;
    }
    size_t nm = orf_recon_meas_count(r);
    fitctx c = {pd, fs, np, p, NULL, 0, NULL, NULL, NULL, 0};
    c.use = orf_malloc(ctx, nm * sizeof *c.use);
    c.target = orf_malloc(ctx, nm * sizeof *c.target);
    c.sd = orf_malloc(ctx, nm * sizeof *c.sd);
    c.all = orf_malloc(ctx, nm * sizeof *c.all);
    if (!c.use || !c.target || !c.sd || !c.all) {
        orf_free(ctx, c.use);
        orf_free(ctx, c.target);
        orf_free(ctx, c.sd);
        orf_free(ctx, c.all);
        return orf_diag_emit(ctx, ORF_E_NOMEM, NULL, NULL, "out of memory");
    }
    /* size data are simulated when the sieves are class boundaries of the flowsheet */
    int sized = 0;
    for (size_t i = 0; i < nm; i++) {
        int stream;
        const char *assay;
        sized |= orf__plant_meas_info(pd, i, &stream, &assay) == ORF__PQ_OTHER;
    }
    if (sized && orf_plant_truth(ctx, pd, c.all) != ORF_OK) {
        orf_ctx_clear_diags(ctx);
        sized = 0;
    }
    if (!sized) {
        orf_free(ctx, c.all);
        c.all = NULL;
    }
    for (size_t i = 0; i < nm; i++) {
        int stream;
        const char *assay;
        int kind = orf__plant_meas_info(pd, i, &stream, &assay);
        if (kind < 0 || (kind == ORF__PQ_OTHER && !sized))
            continue;
        orf_recon_meas_result m;
        orf_recon_meas_get(r, i, &m);
        c.use[c.nuse] = i;
        c.target[c.nuse] = m.reconciled;
        c.sd[c.nuse] = m.sd;
        c.nuse++;
    }
    orf_status st = ORF_OK;
    if (c.nuse < np) {
        st = orf_diag_emit(ctx, ORF_E_INPUT, NULL, NULL,
                           "calibrate: %zu usable measurements for %zu parameters", c.nuse, np);
        goto out;
    }
    {
        const gsl_multifit_nlinear_type *T = gsl_multifit_nlinear_trust;
        gsl_multifit_nlinear_parameters fp = gsl_multifit_nlinear_default_parameters();
        /* GSL objects come from GSL's own malloc, out of reach of the context's allocator hook; a
         * NULL from them is handled as ORF_E_NOMEM like any other. */
        gsl_multifit_nlinear_workspace *w = gsl_multifit_nlinear_alloc(T, &fp, c.nuse, np);
        gsl_vector *x0 = gsl_vector_alloc(np);
        gsl_matrix *cov = gsl_matrix_alloc(np, np);
        if (!w || !x0 || !cov) {
            gsl_multifit_nlinear_free(w);
            gsl_vector_free(x0);
            gsl_matrix_free(cov);
            st = orf_diag_emit(ctx, ORF_E_NOMEM, NULL, NULL, "out of memory");
            goto out;
        }
        for (size_t k = 0; k < np; k++)
            gsl_vector_set(x0, k, p[k].initial);
        gsl_multifit_nlinear_fdf fdf = {resid_f, NULL, NULL, c.nuse, np, &c, 0, 0, 0};
        int e = gsl_multifit_nlinear_init(x0, &fdf, w), gi = 0;
        if (!e)
            e = gsl_multifit_nlinear_driver(200, 1e-10, 1e-10, 1e-12, NULL, NULL, &gi, w);
        if (e) {
            st = orf_diag_emit(ctx, ORF_E_NUMERIC, NULL, orf_flowsheet_name(fs),
                               "calibrate: the fit failed (%s)%s", gsl_strerror(e),
                               c.solve_failed ? "; the flowsheet did not solve at some trial "
                                                "parameters"
                                              : "");
        } else {
            gsl_vector *x = gsl_multifit_nlinear_position(w);
            gsl_vector *f = gsl_multifit_nlinear_residual(w);
            gsl_matrix *J = gsl_multifit_nlinear_jac(w);
            gsl_multifit_nlinear_covar(J, 0.0, cov);
            double chi2;
            gsl_blas_ddot(f, f, &chi2);
            for (size_t k = 0; k < np; k++) {
                p[k].value = gsl_vector_get(x, k);
                p[k].sd = sqrt(gsl_matrix_get(cov, k, k));
                p[k].ci95 = 1.96 * p[k].sd;
                *p[k].ref = p[k].value;
            }
            info->chi2 = chi2;
            info->dof = (int)(c.nuse - np);
            info->iterations = (int)gsl_multifit_nlinear_niter(w);
            info->nresid = c.nuse;
            info->size_data_used = c.all != NULL;
            /* leave the flowsheet solved at the fitted parameters */
            if (orf_flowsheet_solve(fs, NULL) != ORF_OK)
                st = ORF_E_NOT_CONVERGED;
        }
        gsl_multifit_nlinear_free(w);
        gsl_vector_free(x0);
        gsl_matrix_free(cov);
    }
out:
    orf_free(ctx, c.use);
    orf_free(ctx, c.target);
    orf_free(ctx, c.sd);
    orf_free(ctx, c.all);
    return st;
}

/* The YAML node that holds parameter `param` ("d50c_um", "recovery.chromite") of unit `u`. */
static const orf_node *param_node(const orf_unit *u, const char *param)
{
    const orf_node *map = u->params_node ? u->params_node : u->node;
    char buf[128];
    snprintf(buf, sizeof buf, "%s", param);
    for (char *tok = strtok(buf, "."); tok && map; tok = strtok(NULL, ".")) {
        if (map->kind != ORF_NODE_MAP)
            return NULL;
        map = orf_node_get(map, tok);
    }
    return map && map->kind == ORF_NODE_SCALAR ? map : NULL;
}

orf_status orf_calib_write_yaml(orf_ctx *ctx, orf_flowsheet *fs, size_t np,
                                const orf_calib_param *p, const char *path)
{
    const char *src = orf_flowsheet_path(fs);
    /* the text as read (orf_input_read: capped, kept by the context) */
    const char *text = NULL;
    size_t len = 0;
    if (!src)
        return orf_diag_emit(ctx, ORF_E_IO, NULL, NULL, "cannot read the flowsheet file '(none)'");
    orf_status rst = orf_input_read(ctx, src, &text, &len);
    if (rst)
        return rst; /* ORF_E_NOMEM stays out of memory (exit 3), not an I/O error */
    /* offsets of the values to replace, in file order */
    size_t *off = orf_calloc(ctx, np ? np : 1, sizeof *off),
           *vlen = orf_calloc(ctx, np ? np : 1, sizeof *vlen);
    size_t *ord = orf_calloc(ctx, np ? np : 1, sizeof *ord);
    orf_status st = ORF_OK;
    if (!off || !vlen || !ord) {
        st = orf_diag_emit(ctx, ORF_E_NOMEM, NULL, NULL, "out of memory");
        goto done;
    }
    for (size_t k = 0; k < np; k++) {
        int ui = orf_flowsheet_unit_index(fs, p[k].unit);
        const orf_node *n =
            ui >= 0 ? param_node(orf_flowsheet_unit(fs, (size_t)ui), p[k].param) : NULL;
        if (!n || n->quoted) {
            st = orf_diag_emit(ctx, ORF_E_INPUT, NULL, p[k].unit,
                               "calibrate: parameter '%s' of unit '%s' is not written in the "
                               "flowsheet file (give it explicitly to calibrate it)",
                               p[k].param, p[k].unit);
            goto done;
        }
        size_t o = 0;
        for (int line = 1; line < n->loc.line && o < (size_t)len; o++)
            if (text[o] == '\n')
                line++;
        o += (size_t)n->loc.col - 1;
        if (o + strlen(n->str) > (size_t)len || strncmp(text + o, n->str, strlen(n->str))) {
            st =
                orf_diag_emit(ctx, ORF_E_INTERNAL, &n->loc, p[k].unit,
                              "calibrate: cannot locate the value of '%s' in the file", p[k].param);
            goto done;
        }
        off[k] = o;
        vlen[k] = strlen(n->str);
        ord[k] = k;
    }
    for (size_t i = 1; i < np; i++) /* insertion sort by offset */
        for (size_t j = i; j > 0 && off[ord[j - 1]] > off[ord[j]]; j--) {
            size_t t = ord[j];
            ord[j] = ord[j - 1];
            ord[j - 1] = t;
        }
    orf_atomic a;
    if ((st = orf_atomic_open(ctx, &a, path)))
        goto done;
    fprintf(a.fp, "# Calibrated by oreflow calibrate from %s:", src);
    for (size_t k = 0; k < np; k++)
        fprintf(a.fp, "%s %s.%s = %.6g ± %.2g (95 %%)", k ? "," : "", p[k].unit, p[k].param,
                p[k].value, p[k].ci95);
    fputc('\n', a.fp);
    size_t pos = 0;
    for (size_t i = 0; i < np; i++) {
        size_t k = ord[i];
        fwrite(text + pos, 1, off[k] - pos, a.fp);
        fprintf(a.fp, "%.6g", p[k].value);
        pos = off[k] + vlen[k];
    }
    fwrite(text + pos, 1, (size_t)len - pos, a.fp);
    st = orf_atomic_commit(ctx, &a);
done:
    orf_free(ctx, off);
    orf_free(ctx, vlen);
    orf_free(ctx, ord);
    return st;
}
