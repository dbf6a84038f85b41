/* n-product formulas: mass split of a node's feed among its products from assays alone.
 *
 * Two-product formula (Wills & Finch 2016, Mineral Processing Technology 8th ed., §3.6):
 *     C/F = (f - t) / (c - t),   recovery R = c (f - t) / (f (c - t)).
 * Three-product formula (same source; Wills 1985): two components a, b give the split among
 * concentrates 1, 2 and tailing t by solving
 *     f_k - t_k = s1 (c1_k - t_k) + s2 (c2_k - t_k),   k = a, b.
 * In general the splits s_p (sum 1) solve sum_p s_p x_pk = f_k; with more components than
 * np - 1 the system is solved by weighted least squares (weights 1/var(f_k - x_last,k)), which
 * is the "least-squares two-product formula" for several assays (Wills & Finch 2016, §3.6).
 * Error propagation: first order, sd(z)^2 = sum_x (dz/dx)^2 sd(x)^2 over every assay, with
 * central-difference derivatives of the full solution.
 */
#include "oreflow/balance.h"

#include "base/base_impl.h"

#include <gsl/gsl_errno.h>
#include <gsl/gsl_linalg.h>
#include <math.h>
#include <string.h>

enum { MAXP = 8 };

/* Splits from assays; returns 0 or -1 if singular. */
static int splits(size_t np, size_t nk, const double *f, const double *x, const double *wk,
                  double *s)
{
    size_t m = np - 1, last = np - 1;
    double A[MAXP * MAXP] = {0}, bvec[MAXP] = {0};
    for (size_t k = 0; k < nk; k++) {
        double rhs = f[k] - x[last * nk + k];
        for (size_t p = 0; p < m; p++) {
            double ap = x[p * nk + k] - x[last * nk + k];
            bvec[p] += wk[k] * ap * rhs;
            for (size_t q = 0; q < m; q++)
                A[p * m + q] += wk[k] * ap * (x[q * nk + k] - x[last * nk + k]);
        }
    }
    gsl_matrix_view Av = gsl_matrix_view_array(A, m, m);
    gsl_vector_view bv = gsl_vector_view_array(bvec, m);
    double sv[MAXP];
    gsl_vector_view sol = gsl_vector_view_array(sv, m);
    /* the permutation on the stack, as the matrix: a GSL allocation (GSL's own malloc, out of reach
     * of the allocator hook) refused here once read as "singular system" (issue 15, finding 4) */
    size_t pdata[MAXP];
    gsl_permutation pv = {m, pdata}, *perm = &pv;
    gsl_permutation_init(perm);
    int signum, bad = 0;
    double amax = 0;
    for (size_t i = 0; i < m * m; i++)
        amax = fmax(amax, fabs(A[i]));
    if (gsl_linalg_LU_decomp(&Av.matrix, perm, &signum))
        bad = 1;
    for (size_t i = 0; i < m && !bad; i++)
        if (fabs(A[i * m + i]) <= 1e-12 * amax)
            bad = 1;
    if (!bad && gsl_linalg_LU_solve(&Av.matrix, perm, &bv.vector, &sol.vector))
        bad = 1;
    if (bad)
        return -1;
    double tot = 0;
    for (size_t p = 0; p < m; p++)
        tot += s[p] = sv[p];
    s[last] = 1.0 - tot;
    return 0;
}

static int solve_all(size_t np, size_t nk, const double *f, const double *x, const double *wk,
                     double *split, double *rec)
{
    if (splits(np, nk, f, x, wk, split))
        return -1;
    for (size_t p = 0; p < np; p++)
        for (size_t k = 0; k < nk; k++)
            rec[p * nk + k] = f[k] != 0 ? split[p] * x[p * nk + k] / f[k] : (double)NAN;
    return 0;
}

orf_status orf_nproduct(size_t np, size_t nk, const double *feed, const double *feed_sd,
                        const double *prod, const double *prod_sd, orf_nproduct_result *out)
{
    orf__gsl_init(); /* callable without a context */
    memset(out, 0, sizeof *out);
    if (np < 2 || np > MAXP || nk < np - 1 || nk > MAXP)
        return ORF_E_INPUT;
    double wk[MAXP];
    for (size_t k = 0; k < nk; k++) {
        double v = 0;
        if (feed_sd)
            v += feed_sd[k] * feed_sd[k];
        if (prod_sd)
            v += prod_sd[(np - 1) * nk + k] * prod_sd[(np - 1) * nk + k];
        wk[k] = v > 0 ? 1.0 / v : 1.0;
    }
    if (solve_all(np, nk, feed, prod, wk, out->split, out->recovery))
        return ORF_E_NUMERIC;
    if (!feed_sd && !prod_sd)
        return ORF_OK;
    /* first-order propagation over every assay (feed first, then products) */
    double f[MAXP], x[MAXP * MAXP], sp[MAXP], sm[MAXP], rp[MAXP * MAXP], rm[MAXP * MAXP];
    double vs[MAXP] = {0}, vr[MAXP * MAXP] = {0};
    memcpy(f, feed, nk * sizeof *f);
    memcpy(x, prod, np * nk * sizeof *x);
    for (size_t i = 0; i < nk + np * nk; i++) {
        double sd = i < nk ? (feed_sd ? feed_sd[i] : 0) : (prod_sd ? prod_sd[i - nk] : 0);
        if (!(sd > 0))
            continue;
        double *v = i < nk ? &f[i] : &x[i - nk];
        double v0 = *v, h = 1e-6 * fmax(fabs(v0), 1e-3);
        *v = v0 + h;
        int e1 = solve_all(np, nk, f, x, wk, sp, rp);
        *v = v0 - h;
        int e2 = solve_all(np, nk, f, x, wk, sm, rm);
        *v = v0;
        if (e1 || e2)
            return ORF_E_NUMERIC;
        for (size_t p = 0; p < np; p++) {
            double ds = (sp[p] - sm[p]) / (2 * h);
            vs[p] += ds * ds * sd * sd;
            for (size_t k = 0; k < nk; k++) {
                double dr = (rp[p * nk + k] - rm[p * nk + k]) / (2 * h);
                vr[p * nk + k] += dr * dr * sd * sd;
            }
        }
    }
    for (size_t p = 0; p < np; p++) {
        out->split_sd[p] = sqrt(vs[p]);
        for (size_t k = 0; k < nk; k++)
            out->recovery_sd[p * nk + k] = sqrt(vr[p * nk + k]);
    }
    return ORF_OK;
}
