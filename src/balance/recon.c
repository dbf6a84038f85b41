/* Mass-balance reconciliation by weighted least squares under node balances, bilinear case.
 *
 * Problem (Crowe, Garcia Campos & Hrymak 1983, AIChE J 29:881; Crowe 1986, AIChE J 32:616;
 * Hodouin & Everell 1980, Int J Miner Process 7:91 for mineral processing):
 *
 *     min  sum_i ((f_i(q) - y_i) / sd_i)^2     subject to  M q_b = 0 for every basic b,
 *
 * where M is the node-stream incidence matrix (+1 inlet, -1 outlet), q_b the flows of a
 * conserved "basic" quantity (solids or a size class, water, a component, a component in a size
 * class) in every stream, and f_i a flow (linear) or a ratio of flows (an assay, a size
 * fraction, % solids: bilinear once written as flow x assay). The linear node balances are
 * eliminated exactly with an orthonormal basis N of the null space of M (QR with column pivoting
 * of M^T): q_b = N theta_b. What remains is an unconstrained nonlinear least-squares problem in
 * theta, solved by Levenberg–Marquardt steps that become Gauss–Newton steps near the solution
 * (Marquardt 1963, SIAM J Appl Math 11:431). At convergence the gradient J^T W r vanishes, which
 * is exactly the KKT condition of the constrained problem: no linearisation shortcut remains.
 *
 * Statistics from the linearised problem at the solution: Cov(theta) = (J^T W J)^-1 (with a
 * 1e-10 relative ridge so that unobservable directions stay finite and can be detected: a
 * quantity whose variance grows as 1/ridge is unobservable); reconciled SDs; leverage
 * h_i = var(f_i)/sd_i^2 (h_i = 1: a non-redundant measurement); normalised adjustments
 * MT_i = (f_i - y_i) / sqrt(sd_i^2 - var(f_i)) — the measurement test, which for independent
 * errors is the maximum-power test (Mah & Tamhane 1982, AIChE J 28:828), with Sidak's critical
 * value (1 - alpha)^(1/n); the global test chi2 = sum r_i^2/sd_i^2 on dof = n - rank
 * (Reilly & Carpani 1963; Madron 1992, Process Plant Performance, ch. 6).
 *
 * Workspaces are sized once at solve time; the iteration loop allocates nothing.
 */
#include "oreflow/balance.h"

/* A measurement is redundant when its redundancy 1 - h_i = 1 - var(f_i)/sd_i^2 exceeds this.
 * The ridge and round-off leave 1 - h_i of order 1e-6 on measurements that the balances do not
 * check at all (their adjustments are ~1e-14 SD); a redundancy below 1e-4 could move a value by
 * at most 1 % of its SD, so such a measurement cannot be tested either (MT would be noise). */
#define REDUNDANCY_MIN 1e-4

#include <gsl/gsl_blas.h>
#include <gsl/gsl_cdf.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_linalg.h>
#include <gsl/gsl_matrix.h>
#include <gsl/gsl_permutation.h>
#include <gsl/gsl_vector.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct meas {
    size_t stream;
    size_t num, nnum, den, nden; /* offsets into the index pool */
    double scale, value, sd;
} meas;

struct orf_recon {
    size_t nst, nn, nb;
    double *inc;   /* nn x nst */
    double *guess; /* nb x nst */
    meas *m;
    size_t nm, capm;
    size_t *pool;
    size_t npool, cappool;
    /* solution */
    size_t d;       /* null-space dimension */
    double *N;      /* nst x d */
    double *theta;  /* nb x d */
    double *q;      /* nst x nb basic flows at theta */
    double *hinv;   /* P x P inverse of the regularised normal matrix */
    double *dscale; /* P: ridge scale */
    double ridge;
    double *fhat, *varf; /* per measurement */
    orf_recon_info info;
    int solved;
    char err[256];
};

static void set_err(orf_recon *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void set_err(orf_recon *r, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(r->err, sizeof r->err, fmt, ap);
    va_end(ap);
}

orf_recon *orf_recon_alloc(size_t nstreams, size_t nnodes, size_t nbasic)
{
    if (nstreams == 0 || nbasic == 0)
        return NULL;
    orf_recon *r = calloc(1, sizeof *r);
    if (!r)
        return NULL;
    r->nst = nstreams;
    r->nn = nnodes;
    r->nb = nbasic;
    r->inc = calloc(nnodes ? nnodes * nstreams : 1, sizeof *r->inc);
    r->guess = malloc(nbasic * nstreams * sizeof *r->guess);
    if (!r->inc || !r->guess) {
        orf_recon_free(r);
        return NULL;
    }
    for (size_t i = 0; i < nbasic * nstreams; i++)
        r->guess[i] = 1.0;
    return r;
}

static void free_solution(orf_recon *r)
{
    free(r->N);
    free(r->theta);
    free(r->q);
    free(r->hinv);
    free(r->dscale);
    free(r->fhat);
    free(r->varf);
    r->N = r->theta = r->q = r->hinv = r->dscale = r->fhat = r->varf = NULL;
    r->solved = 0;
}

void orf_recon_free(orf_recon *r)
{
    if (!r)
        return;
    free_solution(r);
    free(r->inc);
    free(r->guess);
    free(r->m);
    free(r->pool);
    free(r);
}

const char *orf_recon_error(const orf_recon *r)
{
    return r->err;
}
size_t orf_recon_meas_count(const orf_recon *r)
{
    return r->nm;
}

orf_status orf_recon_connect(orf_recon *r, size_t node, size_t stream, int sign)
{
    if (node >= r->nn || stream >= r->nst || (sign != 1 && sign != -1)) {
        set_err(r, "connect: node %zu / stream %zu / sign %d out of range", node, stream, sign);
        return ORF_E_RANGE;
    }
    r->inc[node * r->nst + stream] += sign;
    return ORF_OK;
}

orf_status orf_recon_set_guess(orf_recon *r, size_t basic, size_t stream, double tph)
{
    if (basic >= r->nb || stream >= r->nst || !isfinite(tph)) {
        set_err(r, "guess: basic %zu / stream %zu out of range", basic, stream);
        return ORF_E_RANGE;
    }
    r->guess[basic * r->nst + stream] = tph;
    return ORF_OK;
}

static int pool_push(orf_recon *r, const size_t *idx, size_t n, size_t *off)
{
    if (r->npool + n > r->cappool) {
        size_t cap = r->cappool ? r->cappool : 64;
        while (cap < r->npool + n)
            cap *= 2;
        size_t *p = realloc(r->pool, cap * sizeof *p);
        if (!p)
            return -1;
        r->pool = p;
        r->cappool = cap;
    }
    *off = r->npool;
    for (size_t i = 0; i < n; i++)
        r->pool[r->npool++] = idx[i];
    return 0;
}

int orf_recon_add_meas(orf_recon *r, const orf_recon_qty *q, double value, double sd)
{
    if (q->stream >= r->nst || q->nnum == 0) {
        set_err(r, "measurement: stream %zu out of range or empty numerator", q->stream);
        return ORF_E_RANGE;
    }
    for (size_t i = 0; i < q->nnum; i++)
        if (q->num[i] >= r->nb)
            return set_err(r, "measurement: basic %zu out of range", q->num[i]), ORF_E_RANGE;
    for (size_t i = 0; i < q->nden; i++)
        if (q->den[i] >= r->nb)
            return set_err(r, "measurement: basic %zu out of range", q->den[i]), ORF_E_RANGE;
    if (!(sd > 0) || !isfinite(sd) || !isfinite(value) || !isfinite(q->scale)) {
        set_err(r, "measurement: value %g and sd %g must be finite, sd > 0", value, sd);
        return ORF_E_INPUT;
    }
    if (r->nm == r->capm) {
        size_t cap = r->capm ? 2 * r->capm : 32;
        meas *p = realloc(r->m, cap * sizeof *p);
        if (!p)
            return ORF_E_NOMEM;
        r->m = p;
        r->capm = cap;
    }
    meas *m = &r->m[r->nm];
    m->stream = q->stream;
    m->nnum = q->nnum;
    m->nden = q->nden;
    m->scale = q->scale;
    m->value = value;
    m->sd = sd;
    if (pool_push(r, q->num, q->nnum, &m->num) || pool_push(r, q->den, q->nden, &m->den))
        return ORF_E_NOMEM;
    r->solved = 0;
    return (int)r->nm++;
}

/* ---- null space of the incidence matrix --------------------------------------------------- */

static orf_status null_space(orf_recon *r)
{
    size_t nst = r->nst, nn = r->nn;
    if (nn == 0) {
        r->d = nst;
        r->N = calloc(nst * nst, sizeof *r->N);
        if (!r->N)
            return ORF_E_NOMEM;
        for (size_t j = 0; j < nst; j++)
            r->N[j * nst + j] = 1.0;
        return ORF_OK;
    }
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
    for (size_t i = 0; i < nn; i++)
        for (size_t j = 0; j < nst; j++)
            gsl_matrix_set(A, j, i, r->inc[i * nst + j]);
    int signum;
    if (gsl_linalg_QRPT_decomp2(A, Q, R, tau, perm, &signum, norm)) {
        set_err(r, "QR of the incidence matrix failed");
        st = ORF_E_NUMERIC;
        goto out;
    }
    size_t rank = 0;
    double r0 = kmin ? fabs(gsl_matrix_get(R, 0, 0)) : 0.0;
    for (size_t k = 0; k < kmin; k++)
        if (fabs(gsl_matrix_get(R, k, k)) > 1e-10 * r0)
            rank++;
    r->d = nst - rank;
    if (r->d == 0) {
        set_err(r, "the balances leave no freedom: every stream flow is forced to zero");
        st = ORF_E_INPUT;
        goto out;
    }
    r->N = malloc(nst * r->d * sizeof *r->N);
    if (!r->N) {
        st = ORF_E_NOMEM;
        goto out;
    }
    for (size_t j = 0; j < nst; j++)
        for (size_t l = 0; l < r->d; l++)
            r->N[j * r->d + l] = gsl_matrix_get(Q, j, rank + l);
out:
    gsl_matrix_free(A);
    gsl_matrix_free(Q);
    gsl_matrix_free(R);
    gsl_vector_free(tau);
    gsl_vector_free(norm);
    gsl_permutation_free(perm);
    return st;
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
    size_t d = r->d, nb = r->nb;
    for (size_t j = 0; j < r->nst; j++) {
        const double *nj = r->N + j * d;
        for (size_t b = 0; b < nb; b++) {
            const double *tb = theta + b * d;
            double s = 0;
            for (size_t l = 0; l < d; l++)
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
    size_t d = r->d, nb = r->nb, P = w->P;
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
        const double *nj = r->N + j * d;
        for (size_t x = 0; x < ninv; x++) {
            size_t b = w->inv[x];
            w->mark[b] = 0;
            double gbv = w->gb[b];
            for (size_t l = 0; l < d; l++)
                w->g[b * d + l] += gbv * nj[l];
            for (size_t y = 0; y < ninv; y++) {
                size_t c = w->inv[y];
                double cbc = w->C[b * nb + c];
                if (cbc == 0)
                    continue;
                for (size_t l = 0; l < d; l++) {
                    double *row = w->H + (b * d + l) * P + c * d;
                    double s = cbc * nj[l];
                    for (size_t k = 0; k < d; k++)
                        row[k] += s * nj[k];
                }
            }
        }
    }
}

/* ---- block-sparse Cholesky -----------------------------------------------------------------
 * H is made of nb x nb blocks of size d; block (b, c) is non-zero only when some measurement
 * involves both basics b and c (e.g. an assay couples its component with solids; two
 * components never meet). Ordering the basics by ascending block degree (solids, the hub, goes
 * last) keeps the factor nearly free of fill, so a factorisation costs ~nb d^3 instead of
 * (nb d)^3 / 3. The symbolic pattern is fixed before the iterations. */
typedef struct bchol {
    size_t nb, d;
    size_t *perm; /* position -> basic */
    long *blk;    /* [i*nb + k], positions i >= k: offset of block L(i,k) or -1 */
    double *store;
    size_t *colstart; /* rows i > k with a block in column k: col[colstart[k] .. colstart[k+1]) */
    size_t *col;
} bchol;

static void bchol_free(bchol *c)
{
    free(c->perm);
    free(c->blk);
    free(c->store);
    free(c->colstart);
    free(c->col);
}

/* pat: nb x nb symmetric pattern over basics (diagonal set). 0 or -1 (memory). */
static int bchol_symbolic(bchol *c, const unsigned char *pat, size_t nb, size_t d)
{
    c->nb = nb;
    c->d = d;
    c->perm = malloc(nb * sizeof *c->perm);
    c->blk = malloc(nb * nb * sizeof *c->blk);
    c->colstart = calloc(nb + 1, sizeof *c->colstart);
    unsigned char *lp = calloc(nb * nb, 1);
    size_t *deg = calloc(nb, sizeof *deg);
    if (!c->perm || !c->blk || !c->colstart || !lp || !deg) {
        free(lp);
        free(deg);
        return -1;
    }
    for (size_t b = 0; b < nb; b++) {
        for (size_t e = 0; e < nb; e++)
            deg[b] += pat[b * nb + e];
        c->perm[b] = b;
    }
    for (size_t i = 1; i < nb; i++) { /* insertion sort by degree, stable */
        size_t v = c->perm[i], j = i;
        while (j > 0 && deg[c->perm[j - 1]] > deg[v]) {
            c->perm[j] = c->perm[j - 1];
            j--;
        }
        c->perm[j] = v;
    }
    for (size_t i = 0; i < nb; i++)
        for (size_t k = 0; k <= i; k++)
            lp[i * nb + k] = pat[c->perm[i] * nb + c->perm[k]] | (i == k);
    for (size_t k = 0; k < nb; k++) /* symbolic elimination: fill */
        for (size_t i = k + 1; i < nb; i++)
            if (lp[i * nb + k])
                for (size_t j = k + 1; j <= i; j++)
                    if (lp[j * nb + k])
                        lp[i * nb + j] = 1;
    size_t nblk = 0, ncol = 0;
    for (size_t i = 0; i < nb; i++)
        for (size_t k = 0; k < nb; k++) {
            c->blk[i * nb + k] = (k <= i && lp[i * nb + k]) ? (long)(nblk++ * d * d) : -1;
            if (k < i && lp[i * nb + k])
                ncol++;
        }
    c->store = malloc((nblk ? nblk : 1) * d * d * sizeof *c->store);
    c->col = malloc((ncol ? ncol : 1) * sizeof *c->col);
    free(lp);
    free(deg);
    if (!c->store || !c->col)
        return -1;
    size_t n = 0;
    for (size_t k = 0; k < nb; k++) {
        c->colstart[k] = n;
        for (size_t i = k + 1; i < nb; i++)
            if (c->blk[i * nb + k] >= 0)
                c->col[n++] = i;
    }
    c->colstart[nb] = n;
    return 0;
}

static gsl_matrix_view bview(bchol *c, size_t i, size_t k)
{
    return gsl_matrix_view_array(c->store + c->blk[i * c->nb + k], c->d, c->d);
}

/* Factor H + mu*diag(dscale) (H dense P x P, row-major). 0 or -1 (not positive definite). */
static int bchol_factor(bchol *c, const double *H, double mu, const double *dscale)
{
    size_t nb = c->nb, d = c->d, P = nb * d;
    for (size_t i = 0; i < nb; i++)
        for (size_t k = 0; k <= i; k++) {
            long o = c->blk[i * nb + k];
            if (o < 0)
                continue;
            size_t bi = c->perm[i], bk = c->perm[k];
            for (size_t l = 0; l < d; l++)
                memcpy(c->store + o + l * d, H + (bi * d + l) * P + bk * d, d * sizeof(double));
            if (i == k)
                for (size_t l = 0; l < d; l++)
                    c->store[o + l * d + l] += mu * dscale[bi * d + l];
        }
    for (size_t k = 0; k < nb; k++) {
        gsl_matrix_view Lkk = bview(c, k, k);
        if (gsl_linalg_cholesky_decomp1(&Lkk.matrix))
            return -1;
        for (size_t a = c->colstart[k]; a < c->colstart[k + 1]; a++) {
            gsl_matrix_view Lik = bview(c, c->col[a], k);
            gsl_blas_dtrsm(CblasRight, CblasLower, CblasTrans, CblasNonUnit, 1.0, &Lkk.matrix,
                           &Lik.matrix);
        }
        for (size_t a = c->colstart[k]; a < c->colstart[k + 1]; a++)
            for (size_t e = c->colstart[k]; e <= a; e++) {
                size_t i = c->col[a], j = c->col[e]; /* i >= j > k */
                gsl_matrix_view Lik = bview(c, i, k), Ljk = bview(c, j, k), Aij = bview(c, i, j);
                gsl_blas_dgemm(CblasNoTrans, CblasTrans, -1.0, &Lik.matrix, &Ljk.matrix, 1.0,
                               &Aij.matrix);
            }
    }
    return 0;
}

/* Solve (L L^T) X = X in place; X is P x nr row-major, rows grouped by basic. */
static void bchol_solve(bchol *c, double *X, size_t nr)
{
    size_t nb = c->nb, d = c->d;
#define XROW(pos) gsl_matrix_view_array(X + c->perm[pos] * d * nr, d, nr)
    for (size_t k = 0; k < nb; k++) {
        gsl_matrix_view Lkk = bview(c, k, k), Xk = XROW(k);
        gsl_blas_dtrsm(CblasLeft, CblasLower, CblasNoTrans, CblasNonUnit, 1.0, &Lkk.matrix,
                       &Xk.matrix);
        for (size_t a = c->colstart[k]; a < c->colstart[k + 1]; a++) {
            size_t i = c->col[a];
            gsl_matrix_view Lik = bview(c, i, k), Xi = XROW(i);
            gsl_blas_dgemm(CblasNoTrans, CblasNoTrans, -1.0, &Lik.matrix, &Xk.matrix, 1.0,
                           &Xi.matrix);
        }
    }
    for (size_t k = nb; k-- > 0;) {
        gsl_matrix_view Lkk = bview(c, k, k), Xk = XROW(k);
        for (size_t a = c->colstart[k]; a < c->colstart[k + 1]; a++) {
            size_t i = c->col[a];
            gsl_matrix_view Lik = bview(c, i, k), Xi = XROW(i);
            gsl_blas_dgemm(CblasTrans, CblasNoTrans, -1.0, &Lik.matrix, &Xi.matrix, 1.0,
                           &Xk.matrix);
        }
        gsl_blas_dtrsm(CblasLeft, CblasLower, CblasTrans, CblasNonUnit, 1.0, &Lkk.matrix,
                       &Xk.matrix);
    }
#undef XROW
}

/* Solve (H + mu*diag(dscale)) delta = -g; H is kept. Returns 0 or -1. */
static int damped_solve(const orf_recon *r, work *w, double mu, bchol *c)
{
    if (bchol_factor(c, w->H, mu, r->dscale))
        return -1;
    for (size_t i = 0; i < w->P; i++)
        w->delta[i] = -w->g[i];
    bchol_solve(c, w->delta, 1);
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
    free_solution(r);
    memset(&r->info, 0, sizeof r->info);
    r->info.worst = -1;
    r->err[0] = 0;
    if (r->nm == 0) {
        set_err(r, "no measurements");
        return ORF_E_INPUT;
    }
    orf_status st = null_space(r);
    if (st)
        return st;
    size_t d = r->d, nb = r->nb, P = nb * d, nst = r->nst;
    work w = {0};
    bchol bc = {0};
    w.P = P;
    w.H = malloc(P * P * sizeof *w.H);
    double *L = malloc(P * P * sizeof *L);
    w.g = malloc(P * sizeof *w.g);
    w.delta = malloc(P * sizeof *w.delta);
    w.theta_try = malloc(P * sizeof *w.theta_try);
    w.coef = calloc(nb, sizeof *w.coef);
    w.mstart = calloc(nst + 1, sizeof *w.mstart);
    w.morder = malloc(r->nm * sizeof *w.morder);
    w.inv = malloc(nb * sizeof *w.inv);
    w.mark = calloc(nb, sizeof *w.mark);
    w.C = calloc(nb * nb, sizeof *w.C);
    w.gb = calloc(nb, sizeof *w.gb);
    double *lin_sd = malloc(r->nm * sizeof *lin_sd);
    double *qtry = malloc(nst * nb * sizeof *qtry);
    r->theta = calloc(P, sizeof *r->theta);
    r->q = malloc(nst * nb * sizeof *r->q);
    r->dscale = malloc(P * sizeof *r->dscale);
    r->fhat = malloc(r->nm * sizeof *r->fhat);
    r->varf = malloc(r->nm * sizeof *r->varf);
    if (!w.H || !L || !w.g || !w.delta || !w.theta_try || !w.coef || !w.mstart || !w.morder ||
        !w.inv || !w.mark || !w.C || !w.gb || !lin_sd || !qtry || !r->theta || !r->q ||
        !r->dscale || !r->fhat || !r->varf) {
        st = ORF_E_NOMEM;
        set_err(r, "out of memory (%zu parameters)", P);
        goto out;
    }
    /* group measurements by stream (counting sort) */
    for (size_t i = 0; i < r->nm; i++)
        w.mstart[r->m[i].stream + 1]++;
    for (size_t j = 0; j < nst; j++)
        w.mstart[j + 1] += w.mstart[j];
    {
        size_t *fill = malloc((nst + 1) * sizeof *fill);
        if (!fill) {
            st = ORF_E_NOMEM;
            goto out;
        }
        memcpy(fill, w.mstart, (nst + 1) * sizeof *fill);
        for (size_t i = 0; i < r->nm; i++)
            w.morder[fill[r->m[i].stream]++] = i;
        free(fill);
    }

    {
        unsigned char *pat = calloc(nb * nb, 1);
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
        int e = bchol_symbolic(&bc, pat, nb, d);
        free(pat);
        if (e) {
            st = ORF_E_NOMEM;
            goto out;
        }
    }

    /* Start: project the guesses onto the balanced subspace (N is orthonormal), then one or two
     * linear least-squares passes in which each ratio y = n/d is written n - y d = 0 with SD
     * sd*d(guess) (the classical linearisation, used here only as a starting point). */
    for (size_t b = 0; b < nb; b++)
        for (size_t l = 0; l < d; l++) {
            double s = 0;
            for (size_t j = 0; j < nst; j++)
                s += r->N[j * d + l] * r->guess[b * nst + j];
            r->theta[b * d + l] = s;
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
        set_err(r, "no starting point with positive flows in every ratio's denominator: give "
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
                    for (size_t l = 0; l < d; l++) {
                        sc = fmax(sc, fabs(r->theta[b * d + l]));
                        dm = fmax(dm, fabs(w.delta[b * d + l]));
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
    if (bchol_factor(&bc, w.H, r->ridge, r->dscale)) {
        set_err(r, "covariance: normal matrix not positive definite");
        st = ORF_E_NUMERIC;
        goto out;
    }
    memset(L, 0, P * P * sizeof *L);
    for (size_t i = 0; i < P; i++)
        L[i * P + i] = 1.0;
    bchol_solve(&bc, L, P);
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
        orf_recon_estimate(r, &qq, &r->fhat[i], &var, NULL);
        var *= var;
        r->varf[i] = var;
        double h = var / (m->sd * m->sd);
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
        set_err(r, "reconciliation did not converge in %d iterations", it);
        st = ORF_E_NOT_CONVERGED;
    }
out:
    if (info)
        *info = r->info;
    free(w.H);
    free(L);
    free(w.g);
    free(w.delta);
    free(w.theta_try);
    free(w.coef);
    free(w.mstart);
    free(w.morder);
    free(w.inv);
    free(w.mark);
    free(w.C);
    free(w.gb);
    free(lin_sd);
    free(qtry);
    bchol_free(&bc);
    if (st && st != ORF_E_NOT_CONVERGED)
        free_solution(r);
    return st;
}

orf_status orf_recon_meas_get(const orf_recon *r, size_t i, orf_recon_meas_result *out)
{
    if (!r->solved || i >= r->nm)
        return ORF_E_RANGE;
    const meas *m = &r->m[i];
    double var = r->varf[i], s2 = m->sd * m->sd;
    out->measured = m->value;
    out->sd = m->sd;
    out->reconciled = r->fhat[i];
    out->sd_reconciled = sqrt(var);
    out->adjust_sd = (r->fhat[i] - m->value) / m->sd;
    out->redundant = s2 - var > REDUNDANCY_MIN * s2;
    out->mt = out->redundant ? (r->fhat[i] - m->value) / sqrt(s2 - var) : (double)NAN;
    out->suspect = out->redundant && fabs(out->mt) > r->info.mt_crit;
    return ORF_OK;
}

orf_status orf_recon_estimate(const orf_recon *r, const orf_recon_qty *q, double *value, double *sd,
                              int *observable)
{
    if (!r->solved || q->stream >= r->nst || q->nnum == 0)
        return ORF_E_RANGE;
    size_t nb = r->nb, d = r->d, P = nb * d;
    for (size_t i = 0; i < q->nnum; i++)
        if (q->num[i] >= nb)
            return ORF_E_RANGE;
    for (size_t i = 0; i < q->nden; i++)
        if (q->den[i] >= nb)
            return ORF_E_RANGE;
    const double *qj = r->q + q->stream * nb;
    double n = 0, dd = 0;
    for (size_t i = 0; i < q->nnum; i++)
        n += qj[q->num[i]];
    for (size_t i = 0; i < q->nden; i++)
        dd += qj[q->den[i]];
    double f = q->nden ? q->scale * n / dd : q->scale * n;
    /* gradient over the involved basics: one coefficient per distinct basic */
    size_t nt = q->nnum + q->nden, nbl = 0;
    size_t *bl = malloc(nt * sizeof *bl);
    double *cf = malloc(nt * sizeof *cf);
    if (!bl || !cf) {
        free(bl);
        free(cf);
        return ORF_E_NOMEM;
    }
    for (size_t x = 0; x < nt; x++) {
        size_t b = x < q->nnum ? q->num[x] : q->den[x - q->nnum];
        double c = x < q->nnum ? (q->nden ? q->scale / dd : q->scale) : -q->scale * n / (dd * dd);
        size_t k;
        for (k = 0; k < nbl && bl[k] != b; k++)
            ;
        if (k == nbl) {
            bl[nbl] = b;
            cf[nbl++] = 0;
        }
        cf[k] += c;
    }
    const double *nj = r->N + q->stream * d;
    /* var = a^T Hinv a over the support blocks of a */
    double var = 0;
    for (size_t x = 0; x < nbl; x++)
        for (size_t y = 0; y < nbl; y++) {
            double s = 0;
            for (size_t l = 0; l < d; l++) {
                const double *row = r->hinv + (bl[x] * d + l) * P + bl[y] * d;
                double t = 0;
                for (size_t k = 0; k < d; k++)
                    t += row[k] * nj[k];
                s += nj[l] * t;
            }
            var += cf[x] * cf[y] * s;
        }
    if (observable) {
        /* ridge indicator: ridge * |Hinv a|^2_D / var -> 1 for an unobservable quantity (its
         * variance grows as 1/ridge), -> 0 for an observable one */
        double pen = 0;
        for (size_t i = 0; i < P; i++) {
            const double *row = r->hinv + i * P;
            double hi = 0;
            for (size_t x = 0; x < nbl; x++) {
                const double *rb = row + bl[x] * d;
                double s = 0;
                for (size_t l = 0; l < d; l++)
                    s += rb[l] * nj[l];
                hi += cf[x] * s;
            }
            pen += hi * hi * r->dscale[i];
        }
        *observable = !(r->ridge * pen > 0.5 * var);
    }
    free(bl);
    free(cf);
    if (value)
        *value = f;
    if (sd)
        *sd = sqrt(fmax(var, 0));
    return ORF_OK;
}

double orf_recon_basic_tph(const orf_recon *r, size_t basic, size_t stream)
{
    if (!r->solved || basic >= r->nb || stream >= r->nst)
        return NAN;
    return r->q[stream * r->nb + basic];
}

double orf_recon_balance_residual(const orf_recon *r)
{
    if (!r->solved)
        return NAN;
    double worst = 0;
    for (size_t i = 0; i < r->nn; i++)
        for (size_t b = 0; b < r->nb; b++) {
            double s = 0, scale = 0;
            for (size_t j = 0; j < r->nst; j++) {
                double a = r->inc[i * r->nst + j];
                if (a != 0) {
                    s += a * r->q[j * r->nb + b];
                    scale = fmax(scale, fabs(r->q[j * r->nb + b]));
                }
            }
            if (scale > 0)
                worst = fmax(worst, fabs(s) / scale);
        }
    return worst;
}
