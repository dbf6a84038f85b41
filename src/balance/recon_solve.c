/* Reconciliation: the solution (null space of the incidence matrix, Levenberg–Marquardt on the
 * bilinear measurement equations, then the statistics of the solution). The method and its
 * references are described at the top of recon.c. */
#include "balance/recon_impl.h"

#include <gsl/gsl_blas.h>
#include <gsl/gsl_cdf.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_linalg.h>
#include <gsl/gsl_matrix.h>
#include <gsl/gsl_permutation.h>
#include <gsl/gsl_vector.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* ---- null spaces of the incidence matrices --------------------------------------------------- */

/* Orthonormal basis of the null space of the incidence matrix restricted to the nodes that
 * conserve basic `rep` (rows i with open[i][rep] == 0): *Nout (nst x *dout, allocated). */
static orf_status null_space_of(orf_recon *r, size_t rep, double **Nout, size_t *dout)
{
    size_t nst = r->nst, nn = 0;
    for (size_t i = 0; i < r->nn; i++)
        nn += !r->open[i * r->nb + rep];
    *Nout = NULL;
    if (nn == 0) {
        *dout = nst;
        double *N = orf_calloc(r->ctx, nst * nst, sizeof *N);
        if (!N)
            return ORF_E_NOMEM;
        for (size_t j = 0; j < nst; j++)
            N[j * nst + j] = 1.0;
        *Nout = N;
        return ORF_OK;
    }
    /* GSL objects come from GSL's own malloc, out of reach of the context's allocator hook; a NULL
     * from them is handled as ORF_E_NOMEM like any other. */
    gsl_matrix *A = gsl_matrix_alloc(nst, nn); /* M^T */
    gsl_matrix *Q = gsl_matrix_alloc(nst, nst);
    gsl_matrix *R = gsl_matrix_alloc(nst, nn);
    size_t kmin = nst < nn ? nst : nn;
    gsl_vector *tau = gsl_vector_alloc(kmin);
    gsl_vector *norm = gsl_vector_alloc(nn);
    gsl_permutation *perm = gsl_permutation_alloc(nn);
    orf_status st = ORF_OK;
    if (!A || !Q || !R || !tau || !norm || !perm) {
        st = ORF_E_NOMEM;
        goto out;
    }
    for (size_t i = 0, row = 0; i < r->nn; i++) {
        if (r->open[i * r->nb + rep])
            continue;
        for (size_t j = 0; j < nst; j++)
            gsl_matrix_set(A, j, row, r->inc[i * nst + j]);
        row++;
    }
    int signum;
    if (gsl_linalg_QRPT_decomp2(A, Q, R, tau, perm, &signum, norm)) {
        orf__recon_set_err(r, "QR of the incidence matrix failed");
        st = ORF_E_NUMERIC;
        goto out;
    }
    size_t rank = 0;
    double r0 = kmin ? fabs(gsl_matrix_get(R, 0, 0)) : 0.0;
    for (size_t k = 0; k < kmin; k++)
        if (fabs(gsl_matrix_get(R, k, k)) > 1e-10 * r0)
            rank++;
    size_t d = nst - rank;
    if (d == 0) {
        orf__recon_set_err(r, "the balances leave no freedom: every stream flow is forced to zero");
        st = ORF_E_INPUT;
        goto out;
    }
    double *N = orf_malloc(r->ctx, nst * d * sizeof *N);
    if (!N) {
        st = ORF_E_NOMEM;
        goto out;
    }
    for (size_t j = 0; j < nst; j++)
        for (size_t l = 0; l < d; l++)
            N[j * d + l] = gsl_matrix_get(Q, j, rank + l);
    *Nout = N;
    *dout = d;
out:
    gsl_matrix_free(A);
    gsl_matrix_free(Q);
    gsl_matrix_free(R);
    gsl_vector_free(tau);
    gsl_vector_free(norm);
    gsl_permutation_free(perm);
    return st;
}

/* The bases of every basic: basics conserved at the same nodes share one (all of them when no
 * node exchanges anything, the usual case). Sets bd, boff, bnoff, P and N. */
static orf_status null_spaces(orf_recon *r)
{
    size_t nb = r->nb, nn = r->nn, nst = r->nst;
    r->bd = orf_malloc(r->ctx, (3 * nb + 1) * sizeof *r->bd);
    size_t *rep = orf_malloc(r->ctx, nb * sizeof *rep); /* basic -> first basic of its set */
    if (!r->bd || !rep) {
        orf_free(r->ctx, rep);
        return ORF_E_NOMEM;
    }
    r->boff = r->bd + nb;
    r->bnoff = r->boff + nb + 1;
    orf_status st = ORF_OK;
    size_t ntot = 0;
    for (size_t b = 0; b < nb; b++) {
        rep[b] = b;
        for (size_t c = 0; c < b && rep[b] == b; c++) {
            if (rep[c] != c)
                continue;
            size_t i = 0;
            while (i < nn && r->open[i * nb + b] == r->open[i * nb + c])
                i++;
            if (i == nn)
                rep[b] = c;
        }
        if (rep[b] != b) {
            r->bd[b] = r->bd[rep[b]];
            r->bnoff[b] = r->bnoff[rep[b]];
            continue;
        }
        double *Nb;
        size_t d;
        st = null_space_of(r, b, &Nb, &d);
        if (st)
            break;
        double *N = orf_realloc(r->ctx, r->N, (ntot + nst * d) * sizeof *N);
        if (!N) {
            orf_free(r->ctx, Nb);
            st = ORF_E_NOMEM;
            break;
        }
        memcpy(N + ntot, Nb, nst * d * sizeof *N);
        orf_free(r->ctx, Nb);
        r->N = N;
        r->bd[b] = d;
        r->bnoff[b] = ntot;
        ntot += nst * d;
    }
    orf_free(r->ctx, rep);
    if (st)
        return st;
    r->boff[0] = 0;
    for (size_t b = 0; b < nb; b++)
        r->boff[b + 1] = r->boff[b] + r->bd[b];
    r->P = r->boff[nb];
    return ORF_OK;
}

/* ---- model evaluation ---------------------------------------------------------------------- */

typedef struct work {
    size_t P;
    double *H, *g, *delta, *theta_try, *coef; /* coef: nb per measurement row */
    size_t *mstart, *morder;                  /* measurements grouped by stream */
    size_t *inv;                              /* involved basics of a stream */
    int *mark;
    double *C;  /* nb x nb per-stream curvature */
    double *gb; /* nb per-stream gradient weights */
    gsl_matrix_view Hv;
    gsl_vector_view dv, gv;
} work;

static void flows_at(const orf_recon *r, const double *theta, double *q)
{
    size_t nb = r->nb;
    for (size_t j = 0; j < r->nst; j++) {
        for (size_t b = 0; b < nb; b++) {
            const double *nj = orf__recon_nrow(r, b, j), *tb = theta + r->boff[b];
            double s = 0;
            for (size_t l = 0; l < r->bd[b]; l++)
                s += nj[l] * tb[l];
            q[j * nb + b] = s;
        }
    }
}

/* Value of measurement m at flows q; *ok = 0 when the denominator is not positive. */
static double meas_value(const orf_recon *r, const meas *m, const double *q, double *den_out)
{
    const double *qj = q + m->stream * r->nb;
    double n = 0, dd = 0;
    for (size_t i = 0; i < m->nnum; i++)
        n += qj[r->pool[m->num + i]];
    if (m->nden == 0) {
        *den_out = 1.0;
        return m->scale * n;
    }
    for (size_t i = 0; i < m->nden; i++)
        dd += qj[r->pool[m->den + i]];
    *den_out = dd;
    return m->scale * n / dd;
}

/* Derivative coefficients of measurement m with respect to each basic flow of its stream
 * (coef, nb entries, zero for basics not involved). Linear mode (init): the residual is
 * scale*num - y*den, whose coefficients do not depend on q. */
static void meas_coef(const orf_recon *r, const meas *m, const double *q, int linear, double *coef)
{
    const double *qj = q + m->stream * r->nb;
    for (size_t i = 0; i < m->nnum; i++)
        coef[r->pool[m->num + i]] = 0;
    for (size_t i = 0; i < m->nden; i++)
        coef[r->pool[m->den + i]] = 0;
    if (m->nden == 0 || linear) {
        for (size_t i = 0; i < m->nnum; i++)
            coef[r->pool[m->num + i]] += m->scale;
        for (size_t i = 0; i < m->nden; i++)
            coef[r->pool[m->den + i]] -= m->value;
        return;
    }
    double n = 0, dd = 0;
    for (size_t i = 0; i < m->nnum; i++)
        n += qj[r->pool[m->num + i]];
    for (size_t i = 0; i < m->nden; i++)
        dd += qj[r->pool[m->den + i]];
    for (size_t i = 0; i < m->nnum; i++)
        coef[r->pool[m->num + i]] += m->scale / dd;
    for (size_t i = 0; i < m->nden; i++)
        coef[r->pool[m->den + i]] -= m->scale * n / (dd * dd);
}

/* Weighted cost 0.5*sum w r^2; +inf when a ratio's denominator is not positive. In linear mode
 * the residual is scale*num - y*den with SD sd*den_guess. */
static double cost_at(const orf_recon *r, const double *q, int linear, const double *lin_sd)
{
    double c = 0;
    for (size_t i = 0; i < r->nm; i++) {
        const meas *m = &r->m[i];
        double den, f = meas_value(r, m, q, &den), res;
        if (linear) {
            res = m->nden ? (f * den - m->value * den) / lin_sd[i] : (f - m->value) / m->sd;
        } else {
            if (m->nden && !(den > 0))
                return INFINITY;
            res = (f - m->value) / m->sd;
        }
        c += 0.5 * res * res;
    }
    return c;
}

/* Build H = J^T W J and g = J^T W r at q (block structure: per stream, the basics it involves). */
static void assemble(const orf_recon *r, work *w, const double *q, int linear, const double *lin_sd)
{
    size_t nb = r->nb, P = w->P;
    memset(w->H, 0, P * P * sizeof *w->H);
    memset(w->g, 0, P * sizeof *w->g);
    for (size_t j = 0; j < r->nst; j++) {
        size_t a = w->mstart[j], e = w->mstart[j + 1];
        if (a == e)
            continue;
        size_t ninv = 0;
        for (size_t k = a; k < e; k++) {
            const meas *m = &r->m[w->morder[k]];
            for (size_t i = 0; i < m->nnum + m->nden; i++) {
                size_t b = i < m->nnum ? r->pool[m->num + i] : r->pool[m->den + i - m->nnum];
                if (!w->mark[b]) {
                    w->mark[b] = 1;
                    w->inv[ninv++] = b;
                    w->gb[b] = 0;
                }
            }
        }
        for (size_t x = 0; x < ninv; x++)
            for (size_t y = 0; y < ninv; y++)
                w->C[w->inv[x] * nb + w->inv[y]] = 0;
        for (size_t k = a; k < e; k++) {
            const meas *m = &r->m[w->morder[k]];
            size_t mi = w->morder[k];
            double den, f = meas_value(r, m, q, &den), res, wt;
            meas_coef(r, m, q, linear, w->coef);
            if (linear && m->nden) {
                res = f * den - m->value * den;
                wt = 1.0 / (lin_sd[mi] * lin_sd[mi]);
            } else {
                res = f - m->value;
                wt = 1.0 / (m->sd * m->sd);
            }
            size_t nt = m->nnum + m->nden;
            for (size_t x = 0; x < nt; x++) {
                size_t b = x < m->nnum ? r->pool[m->num + x] : r->pool[m->den + x - m->nnum];
                /* a basic listed twice (num and den) appears twice: count it once */
                int dup = 0;
                for (size_t z = 0; z < x && !dup; z++)
                    dup = (z < m->nnum ? r->pool[m->num + z] : r->pool[m->den + z - m->nnum]) == b;
                if (dup)
                    continue;
                w->gb[b] += wt * w->coef[b] * res;
                for (size_t y = 0; y < nt; y++) {
                    size_t c = y < m->nnum ? r->pool[m->num + y] : r->pool[m->den + y - m->nnum];
                    int dup2 = 0;
                    for (size_t z = 0; z < y && !dup2; z++)
                        dup2 = (z < m->nnum ? r->pool[m->num + z]
                                            : r->pool[m->den + z - m->nnum]) == c;
                    if (!dup2)
                        w->C[b * nb + c] += wt * w->coef[b] * w->coef[c];
                }
            }
        }
        for (size_t x = 0; x < ninv; x++) {
            size_t b = w->inv[x], db = r->bd[b], ob = r->boff[b];
            const double *nj = orf__recon_nrow(r, b, j);
            w->mark[b] = 0;
            double gbv = w->gb[b];
            for (size_t l = 0; l < db; l++)
                w->g[ob + l] += gbv * nj[l];
            for (size_t y = 0; y < ninv; y++) {
                size_t c = w->inv[y], dc = r->bd[c];
                const double *njc = orf__recon_nrow(r, c, j);
                double cbc = w->C[b * nb + c];
                if (cbc == 0)
                    continue;
                for (size_t l = 0; l < db; l++) {
                    double *row = w->H + (ob + l) * P + r->boff[c];
                    double s = cbc * nj[l];
                    for (size_t k = 0; k < dc; k++)
                        row[k] += s * njc[k];
                }
            }
        }
    }
}

/* Solve (H + mu*diag(dscale)) delta = -g; H is kept. Returns 0 or -1. */
static int damped_solve(const orf_recon *r, work *w, double mu, bchol *c)
{
    if (orf__bchol_factor(c, w->H, mu, r->dscale))
        return -1;
    for (size_t i = 0; i < w->P; i++)
        w->delta[i] = -w->g[i];
    orf__bchol_solve(c, w->delta, 1);
    return 0;
}

static void set_dscale(orf_recon *r, const work *w)
{
    size_t P = w->P;
    double mx = 0;
    for (size_t i = 0; i < P; i++)
        if (w->H[i * P + i] > mx)
            mx = w->H[i * P + i];
    double floor = mx > 0 ? 1e-12 * mx : 1.0;
    for (size_t i = 0; i < P; i++)
        r->dscale[i] = w->H[i * P + i] > floor ? w->H[i * P + i] : floor;
}

orf_status orf_recon_solve(orf_recon *r, const orf_recon_opts *opts, orf_recon_info *info)
{
    orf_recon_opts o = {200, 1e-10, 0.05};
    if (opts) {
        if (opts->max_iter > 0)
            o.max_iter = opts->max_iter;
        if (opts->tol > 0)
            o.tol = opts->tol;
        if (opts->alpha > 0 && opts->alpha < 1)
            o.alpha = opts->alpha;
    }
    orf__recon_free_solution(r);
    memset(&r->info, 0, sizeof r->info);
    r->info.worst = -1;
    r->err[0] = 0;
    if (r->nm == 0) {
        orf__recon_set_err(r, "no measurements");
        return ORF_E_INPUT;
    }
    orf_status st = null_spaces(r);
    if (st) {
        orf__recon_free_solution(r);
        return st;
    }
    size_t nb = r->nb, P = r->P, nst = r->nst;
    work w = {0};
    bchol bc = {0};
    bc.ctx = r->ctx;
    w.P = P;
    w.H = orf_malloc(r->ctx, P * P * sizeof *w.H);
    double *L = orf_malloc(r->ctx, P * P * sizeof *L);
    w.g = orf_malloc(r->ctx, P * sizeof *w.g);
    w.delta = orf_malloc(r->ctx, P * sizeof *w.delta);
    w.theta_try = orf_malloc(r->ctx, P * sizeof *w.theta_try);
    w.coef = orf_calloc(r->ctx, nb, sizeof *w.coef);
    w.mstart = orf_calloc(r->ctx, nst + 1, sizeof *w.mstart);
    w.morder = orf_malloc(r->ctx, r->nm * sizeof *w.morder);
    w.inv = orf_malloc(r->ctx, nb * sizeof *w.inv);
    w.mark = orf_calloc(r->ctx, nb, sizeof *w.mark);
    w.C = orf_calloc(r->ctx, nb * nb, sizeof *w.C);
    w.gb = orf_calloc(r->ctx, nb, sizeof *w.gb);
    double *lin_sd = orf_malloc(r->ctx, r->nm * sizeof *lin_sd);
    double *qtry = orf_malloc(r->ctx, nst * nb * sizeof *qtry);
    r->theta = orf_calloc(r->ctx, P, sizeof *r->theta);
    r->q = orf_malloc(r->ctx, nst * nb * sizeof *r->q);
    r->dscale = orf_malloc(r->ctx, P * sizeof *r->dscale);
    r->fhat = orf_malloc(r->ctx, r->nm * sizeof *r->fhat);
    r->varf = orf_malloc(r->ctx, r->nm * sizeof *r->varf);
    r->est_b = orf_malloc(r->ctx, nb * sizeof *r->est_b);
    r->est_c = orf_malloc(r->ctx, nb * sizeof *r->est_c);
    if (!w.H || !L || !w.g || !w.delta || !w.theta_try || !w.coef || !w.mstart || !w.morder ||
        !w.inv || !w.mark || !w.C || !w.gb || !lin_sd || !qtry || !r->theta || !r->q ||
        !r->dscale || !r->fhat || !r->varf || !r->est_b || !r->est_c) {
        st = ORF_E_NOMEM;
        orf__recon_set_err(r, "out of memory (%zu parameters)", P);
        goto out;
    }
    /* group measurements by stream (counting sort) */
    for (size_t i = 0; i < r->nm; i++)
        w.mstart[r->m[i].stream + 1]++;
    for (size_t j = 0; j < nst; j++)
        w.mstart[j + 1] += w.mstart[j];
    {
        size_t *fill = orf_malloc(r->ctx, (nst + 1) * sizeof *fill);
        if (!fill) {
            st = ORF_E_NOMEM;
            goto out;
        }
        memcpy(fill, w.mstart, (nst + 1) * sizeof *fill);
        for (size_t i = 0; i < r->nm; i++)
            w.morder[fill[r->m[i].stream]++] = i;
        orf_free(r->ctx, fill);
    }

    {
        unsigned char *pat = orf_calloc(r->ctx, nb * nb, 1);
        if (!pat) {
            st = ORF_E_NOMEM;
            goto out;
        }
        for (size_t b = 0; b < nb; b++)
            pat[b * nb + b] = 1;
        for (size_t i = 0; i < r->nm; i++) {
            const meas *m = &r->m[i];
            size_t nt = m->nnum + m->nden;
            for (size_t x = 0; x < nt; x++)
                for (size_t y = 0; y < nt; y++) {
                    size_t b = x < m->nnum ? r->pool[m->num + x] : r->pool[m->den + x - m->nnum];
                    size_t c = y < m->nnum ? r->pool[m->num + y] : r->pool[m->den + y - m->nnum];
                    pat[b * nb + c] = 1;
                }
        }
        int e = orf__bchol_symbolic(&bc, pat, nb, r->bd, r->boff);
        orf_free(r->ctx, pat);
        if (e) {
            st = ORF_E_NOMEM;
            goto out;
        }
    }

    /* Start: project the guesses onto the balanced subspace (N is orthonormal), then one or two
     * linear least-squares passes in which each ratio y = n/d is written n - y d = 0 with SD
     * sd*d(guess) (the classical linearisation, used here only as a starting point). */
    for (size_t b = 0; b < nb; b++)
        for (size_t l = 0; l < r->bd[b]; l++) {
            double s = 0;
            for (size_t j = 0; j < nst; j++)
                s += orf__recon_nrow(r, b, j)[l] * r->guess[b * nst + j];
            r->theta[r->boff[b] + l] = s;
        }
    flows_at(r, r->theta, r->q);
    for (int pass = 0; pass < 2; pass++) {
        for (size_t i = 0; i < r->nm; i++) {
            const meas *m = &r->m[i];
            double den = 0;
            for (size_t k = 0; k < m->nden; k++) {
                size_t b = r->pool[m->den + k];
                double qg = pass ? r->q[m->stream * nb + b] : r->guess[b * nst + m->stream];
                den += qg;
            }
            if (!(den > 0)) { /* fall back on the guesses */
                den = 0;
                for (size_t k = 0; k < m->nden; k++)
                    den += fabs(r->guess[r->pool[m->den + k] * nst + m->stream]);
            }
            lin_sd[i] = m->sd * (den > 0 ? den : 1.0);
        }
        assemble(r, &w, r->q, 1, lin_sd);
        set_dscale(r, &w);
        if (damped_solve(r, &w, 1e-9, &bc) == 0) {
            for (size_t i = 0; i < P; i++)
                w.theta_try[i] = r->theta[i] + w.delta[i];
            flows_at(r, w.theta_try, qtry);
            if (isfinite(cost_at(r, qtry, 0, NULL))) {
                memcpy(r->theta, w.theta_try, P * sizeof *r->theta);
                memcpy(r->q, qtry, nst * nb * sizeof *r->q);
            }
        }
    }
    double cost = cost_at(r, r->q, 0, NULL);
    if (!isfinite(cost)) {
        orf__recon_set_err(
            r, "no starting point with positive flows in every ratio's denominator: give "
               "guesses (e.g. a simulation) or more flow measurements");
        st = ORF_E_NUMERIC;
        goto out;
    }

    /* Levenberg–Marquardt on the exact (bilinear) residuals. */
    double mu = 1e-8;
    int it, converged = 0;
    for (it = 0; it < o.max_iter && !converged; it++) {
        assemble(r, &w, r->q, 0, NULL);
        set_dscale(r, &w);
        for (;;) {
            if (damped_solve(r, &w, mu, &bc) != 0) {
                mu *= 10;
                if (mu > 1e20)
                    break;
                continue;
            }
            for (size_t i = 0; i < P; i++)
                w.theta_try[i] = r->theta[i] + w.delta[i];
            flows_at(r, w.theta_try, qtry);
            double ct = cost_at(r, qtry, 0, NULL);
            if (ct <= cost) {
                /* converged when the step is negligible against every basic's scale */
                double worst = 0;
                for (size_t b = 0; b < nb; b++) {
                    double sc = 0, dm = 0;
                    for (size_t l = r->boff[b]; l < r->boff[b + 1]; l++) {
                        sc = fmax(sc, fabs(r->theta[l]));
                        dm = fmax(dm, fabs(w.delta[l]));
                    }
                    if (sc > 0)
                        worst = fmax(worst, dm / sc);
                }
                double dc = cost - ct;
                memcpy(r->theta, w.theta_try, P * sizeof *r->theta);
                memcpy(r->q, qtry, nst * nb * sizeof *r->q);
                cost = ct;
                mu = fmax(mu / 10, 1e-14);
                if (worst <= o.tol ||
                    (mu <= 1e-6 && dc <= 1e-15 * (cost + 1e-300) && worst <= 1e-8))
                    converged = 1;
                break;
            }
            mu *= 4;
            if (mu > 1e20)
                break;
        }
        if (mu > 1e20) {
            converged = (cost == 0); /* nothing left to improve */
            break;
        }
    }
    r->info.iterations = it;
    r->info.converged = converged;

    /* Covariance of theta at the solution: (H + ridge*dscale)^-1. */
    assemble(r, &w, r->q, 0, NULL);
    set_dscale(r, &w);
    r->ridge = 1e-10;
    if (orf__bchol_factor(&bc, w.H, r->ridge, r->dscale)) {
        orf__recon_set_err(r, "covariance: normal matrix not positive definite");
        st = ORF_E_NUMERIC;
        goto out;
    }
    memset(L, 0, P * P * sizeof *L);
    for (size_t i = 0; i < P; i++)
        L[i * P + i] = 1.0;
    orf__bchol_solve(&bc, L, P);
    r->hinv = L;
    L = NULL;
    r->solved = 1;

    /* Per-measurement statistics. */
    size_t n = r->nm, nred = 0, nsus = 0;
    double chi2 = 0, sum_h = 0;
    for (size_t i = 0; i < n; i++) {
        double var = 0;
        const meas *m = &r->m[i];
        orf_recon_qty qq = {m->stream,        r->pool + m->num, m->nnum,
                            r->pool + m->den, m->nden,          m->scale};
        st = orf_recon_estimate(r, &qq, &r->fhat[i], &var, NULL);
        if (st) { /* out of memory: no statistic may be computed from an unset value */
            orf__recon_set_err(r, "out of memory (statistics of measurement %zu)", i);
            goto out;
        }
        var *= var;
        r->varf[i] = var;
        double h = orf__recon_h(var, m->sd);
        sum_h += fmin(h, 1.0);
        double a = (r->fhat[i] - m->value) / m->sd;
        chi2 += a * a;
        if (1.0 - h > REDUNDANCY_MIN)
            nred++;
    }
    int dof = (int)lround((double)n - sum_h);
    r->info.nmeas = n;
    r->info.nredundant = nred;
    r->info.dof = dof;
    r->info.chi2 = chi2;
    r->info.chi2_crit = dof > 0 ? gsl_cdf_chisq_Qinv(o.alpha, dof) : (double)NAN;
    r->info.p_value = dof > 0 ? gsl_cdf_chisq_Q(chi2, dof) : (double)NAN;
    double beta = nred ? 1.0 - pow(1.0 - o.alpha, 1.0 / (double)nred) : o.alpha;
    r->info.mt_crit = gsl_cdf_ugaussian_Qinv(beta / 2);
    double worst = 0;
    for (size_t i = 0; i < n; i++) {
        orf_recon_meas_result mr;
        orf_recon_meas_get(r, i, &mr);
        if (mr.suspect)
            nsus++;
        if (mr.redundant && fabs(mr.mt) > worst) {
            worst = fabs(mr.mt);
            r->info.worst = (int)i;
        }
    }
    r->info.nsuspect = nsus;
    r->info.max_balance_residual = orf_recon_balance_residual(r);
    if (!converged) {
        orf__recon_set_err(r, "reconciliation did not converge in %d iterations", it);
        st = ORF_E_NOT_CONVERGED;
    }
out:
    if (info)
        *info = r->info;
    orf_free(r->ctx, w.H);
    orf_free(r->ctx, L);
    orf_free(r->ctx, w.g);
    orf_free(r->ctx, w.delta);
    orf_free(r->ctx, w.theta_try);
    orf_free(r->ctx, w.coef);
    orf_free(r->ctx, w.mstart);
    orf_free(r->ctx, w.morder);
    orf_free(r->ctx, w.inv);
    orf_free(r->ctx, w.mark);
    orf_free(r->ctx, w.C);
    orf_free(r->ctx, w.gb);
    orf_free(r->ctx, lin_sd);
    orf_free(r->ctx, qtry);
    orf__bchol_free(&bc);
    if (st && st != ORF_E_NOT_CONVERGED)
        orf__recon_free_solution(r);
    return st;
}
