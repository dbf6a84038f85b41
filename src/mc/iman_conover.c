/* Iman–Conover rank correlation.
 *
 * Iman, R.L. & Conover, W.J. (1982), "A distribution-free approach to inducing rank correlation
 * among input variables", Communications in Statistics — Simulation and Computation 11(3),
 * 311–334. With S the n×k matrix of van der Waerden scores Phi^-1(i/(n+1)), each column randomly
 * permuted, T = corr(S) = Q Q^T and the target C = P P^T (Cholesky), the scores
 * S* = S (P Q^-1)^T have correlation C; each input column is then reordered to the ranks of
 * the matching column of S*. The marginal samples are untouched, only their pairing changes.
 */
#include "mc/mc_impl.h"

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_linalg.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include <math.h>
#include <stdlib.h>

typedef struct {
    double v;
    size_t i;
} keyed;

static int keyed_cmp(const void *pa, const void *pb)
{
    const keyed *a = pa, *b = pb;
    if (a->v < b->v)
        return -1;
    if (a->v > b->v)
        return 1;
    return a->i < b->i ? -1 : (a->i > b->i);
}

static int dbl_cmp(const void *pa, const void *pb)
{
    double a = *(const double *)pa, b = *(const double *)pb;
    return (a > b) - (a < b);
}

/* Correlation matrix of the columns of s (n × k) into c (k × k). */
static void corr_matrix(const double *s, size_t n, size_t k, gsl_matrix *c)
{
    for (size_t a = 0; a < k; a++) {
        for (size_t b = a; b < k; b++) {
            double ma = 0, mb = 0;
            for (size_t i = 0; i < n; i++) {
                ma += s[i * k + a];
                mb += s[i * k + b];
            }
            ma /= (double)n;
            mb /= (double)n;
            double sab = 0, saa = 0, sbb = 0;
            for (size_t i = 0; i < n; i++) {
                double da = s[i * k + a] - ma, db = s[i * k + b] - mb;
                sab += da * db;
                saa += da * da;
                sbb += db * db;
            }
            double r = (saa > 0 && sbb > 0) ? sab / sqrt(saa * sbb) : (a == b ? 1.0 : 0.0);
            gsl_matrix_set(c, a, b, r);
            gsl_matrix_set(c, b, a, r);
        }
    }
}

orf_status orf__iman_conover(orf_ctx *ctx, double *x, size_t n, size_t k, const double *target,
                             unsigned long seed)
{
    if (k < 2)
        return ORF_OK;
    if (n < k + 2)
        return ORF_E_INPUT;
    orf_status st = ORF_OK;
    double *s = orf_malloc(ctx, n * k * sizeof *s);
    double *score = orf_malloc(ctx, n * sizeof *score);
    double *col = orf_malloc(ctx, n * sizeof *col);
    keyed *key = orf_malloc(ctx, n * sizeof *key);
    /* GSL objects come from GSL's own malloc, out of reach of the context's allocator hook; a
     * NULL from them is the same ORF_E_NOMEM. */
    gsl_matrix *P = gsl_matrix_alloc(k, k), *Q = gsl_matrix_alloc(k, k),
               *M = gsl_matrix_alloc(k, k);
    gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
    if (!s || !score || !col || !key || !P || !Q || !M || !r) {
        st = ORF_E_NOMEM;
        goto done;
    }
    gsl_rng_set(r, seed);
    for (size_t i = 0; i < n; i++)
        score[i] = gsl_cdf_ugaussian_Pinv((double)(i + 1) / (double)(n + 1));
    for (size_t j = 0; j < k; j++) {
        for (size_t i = 0; i < n; i++)
            col[i] = score[i];
        if (j > 0)
            gsl_ran_shuffle(r, col, n, sizeof *col);
        for (size_t i = 0; i < n; i++)
            s[i * k + j] = col[i];
    }
    for (size_t a = 0; a < k; a++)
        for (size_t b = 0; b < k; b++)
            gsl_matrix_set(P, a, b, target[a * k + b]);
    if (gsl_linalg_cholesky_decomp1(P) != GSL_SUCCESS) {
        st = ORF_E_INPUT;
        goto done;
    }
    corr_matrix(s, n, k, Q);
    if (gsl_linalg_cholesky_decomp1(Q) != GSL_SUCCESS) {
        st = ORF_E_NUMERIC;
        goto done;
    }
    /* M = P_L * Q_L^-1 (lower triangular factors). Solve M Q_L = P_L row by row: Q_L^T m_row^T
     * = p_row^T. Zero the upper triangles that the decomposition left holding the transposes. */
    for (size_t a = 0; a < k; a++)
        for (size_t b = a + 1; b < k; b++) {
            gsl_matrix_set(P, a, b, 0.0);
            gsl_matrix_set(Q, a, b, 0.0);
        }
    for (size_t a = 0; a < k; a++) {
        /* m_a Q = p_a, Q lower triangular: back-substitute from the last column. */
        for (size_t b = k; b-- > 0;) {
            double v = gsl_matrix_get(P, a, b);
            for (size_t c = b + 1; c < k; c++)
                v -= gsl_matrix_get(M, a, c) * gsl_matrix_get(Q, c, b);
            gsl_matrix_set(M, a, b, v / gsl_matrix_get(Q, b, b));
        }
    }
    /* S* row = M * S row; reorder each column of x to the ranks of S*. */
    for (size_t j = 0; j < k; j++) {
        for (size_t i = 0; i < n; i++) {
            double v = 0;
            for (size_t c = 0; c <= j; c++)
                v += gsl_matrix_get(M, j, c) * s[i * k + c];
            key[i].v = v;
            key[i].i = i;
        }
        qsort(key, n, sizeof *key, keyed_cmp);
        for (size_t i = 0; i < n; i++)
            col[i] = x[i * k + j];
        qsort(col, n, sizeof *col, dbl_cmp);
        for (size_t rnk = 0; rnk < n; rnk++)
            x[key[rnk].i * k + j] = col[rnk];
    }
done:
    if (r)
        gsl_rng_free(r);
    if (M)
        gsl_matrix_free(M);
    if (Q)
        gsl_matrix_free(Q);
    if (P)
        gsl_matrix_free(P);
    orf_free(ctx, key);
    orf_free(ctx, col);
    orf_free(ctx, score);
    orf_free(ctx, s);
    return st;
}

orf_status orf_iman_conover(double *x, size_t n, size_t k, const double *target, unsigned long seed)
{
    orf_ctx *ctx = orf_ctx_alloc();
    if (!ctx)
        return ORF_E_NOMEM;
    orf_status st = orf__iman_conover(ctx, x, n, k, target, seed);
    orf_ctx_free(ctx);
    return st;
}

double orf_rank_corr(const double *x, size_t n, size_t k, size_t a, size_t b)
{
    orf_ctx *ctx = orf_ctx_alloc();
    if (!ctx)
        return (double)NAN;
    keyed *key = orf_malloc(ctx, n * sizeof *key);
    double *ra = orf_malloc(ctx, n * sizeof *ra), *rb = orf_malloc(ctx, n * sizeof *rb);
    double out = (double)NAN;
    if (!key || !ra || !rb || n < 2)
        goto done;
    for (int pass = 0; pass < 2; pass++) {
        size_t c = pass ? b : a;
        double *rk = pass ? rb : ra;
        for (size_t i = 0; i < n; i++) {
            key[i].v = x[i * k + c];
            key[i].i = i;
        }
        qsort(key, n, sizeof *key, keyed_cmp);
        for (size_t i = 0; i < n;) {
            size_t e = i;
            while (e + 1 < n && key[e + 1].v == key[i].v)
                e++;
            double mid = 0.5 * (double)(i + e) + 1.0;
            for (size_t q = i; q <= e; q++)
                rk[key[q].i] = mid;
            i = e + 1;
        }
    }
    double m = 0.5 * (double)(n + 1), sab = 0, saa = 0, sbb = 0;
    for (size_t i = 0; i < n; i++) {
        sab += (ra[i] - m) * (rb[i] - m);
        saa += (ra[i] - m) * (ra[i] - m);
        sbb += (rb[i] - m) * (rb[i] - m);
    }
    out = (saa > 0 && sbb > 0) ? sab / sqrt(saa * sbb) : (double)NAN;
done:
    orf_free(ctx, key);
    orf_free(ctx, ra);
    orf_free(ctx, rb);
    orf_ctx_free(ctx);
    return out;
}
