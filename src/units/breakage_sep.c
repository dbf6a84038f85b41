/* oreflow — O(N) population-balance kernels for separable breakage functions.
 *
 * A cumulative breakage function that factorises, B(x, y) = Σ_k a_k(x) w_k(y), turns every
 * lower-triangular product Σ_{j<i} b_ij g_j with b_ij = B(x_i, y_j) − B(x_{i+1}, y_j) into
 *   Σ_k [a_k(x_i) − a_k(x_{i+1})] · R_k(i),   R_k(i) = Σ_{j<i} w_k(y_j) g_j,
 * a running sum updated once per class, so a forward substitution costs O(N) instead of O(N²).
 * Austin's normalised function B = φ (x/y)^γ + (1 − φ)(x/y)^β is such a sum of two power laws
 * (Austin, L.G., Klimpel, R.R. & Luckie, P.T. 1984 "Process Engineering of Size Reduction: Ball
 * Milling", SME-AIME, ch. 3–4), the t10 power law of the Whiten crusher is one, and Vogel &
 * Peukert's function as Dyssol normalises it is a function of the progeny size over a function of
 * the parent. The matrix formulation the substitutions solve is King's (King, R.P. 2001 "Modeling
 * and Simulation of Mineral Processing Systems", Butterworth-Heinemann, ch. 5) and Whiten's
 * (1974). The results equal the dense matrices' (comminution_model.c) but for the order of the
 * floating-point additions (tests/unit/test_breakage_sep.c compares them).
 *
 * Powers are taken relative to the coarsest size (x/x_0 ≤ 1 and x_0/y ≥ 1) so that they stay
 * within range; a grid and exponent whose powers would leave ±1e280 is refused (the caller
 * keeps the dense matrix).
 */
#include <math.h>

#include "units_cc.h"

#define SEP_BIG 1e280

/* (x/ref)^e for the class upper bounds, with the bound below the pan taken as 0. */
static int sep_powers(size_t n, const double *upper_um, double e, double *a, double *w)
{
    double ref = upper_um[0];
    for (size_t i = 0; i < n; i++) {
        if (!(upper_um[i] > 0.0) || (i > 0 && !(upper_um[i] < upper_um[i - 1])))
            return -1; /* the formulas assume strictly decreasing positive bounds */
        double r = upper_um[i] / ref;
        a[i] = pow(r, e);
        w[i] = pow(1.0 / r, e);
        if (!(w[i] < SEP_BIG) || !(a[i] > 1.0 / SEP_BIG))
            return -1;
    }
    return 0;
}

int orf__austin_sep_factors(size_t n, const double *upper_um, double phi, double gamma, double beta,
                            double *a, double *w)
{
    /* a[k*n + i] = c_k ((x_i/x0)^e_k − (x_{i+1}/x0)^e_k), w[k*n + j] = (x0/x_{j+1})^e_k:
     * b_ij = Σ_k a[k*n+i] w[k*n+j] for i > j (Austin's parent size is the bottom of class j). */
    if (n < 2 || !(phi >= 0.0 && phi <= 1.0) || !(gamma > 0.0) || !(beta > 0.0))
        return -1;
    const double c[2] = {phi, 1.0 - phi}, e[2] = {gamma, beta};
    for (int k = 0; k < 2; k++) {
        double *ak = a + (size_t)k * n, *wk = w + (size_t)k * n;
        if (sep_powers(n, upper_um, e[k], ak, wk))
            return -1;
        for (size_t j = 0; j + 1 < n; j++)
            wk[j] = wk[j + 1];
        wk[n - 1] = 0.0; /* the pan breaks into nothing */
        for (size_t i = 0; i < n; i++)
            ak[i] = c[k] * (ak[i] - (i + 1 < n ? ak[i + 1] : 0.0));
    }
    return 0;
}

void orf__mill_solve_mixers_sep(size_t n, const double *s, const double *a, const double *w,
                                double tau_min, int n_mixers, double *x)
{
    if (n == 0 || n_mixers < 1 || !(tau_min > 0.0))
        return;
    double t = tau_min / n_mixers;
    const double *a0 = a, *a1 = a + n, *w0 = w, *w1 = w + n;
    for (int m = 0; m < n_mixers; m++) {
        double r0 = 0.0, r1 = 0.0; /* Σ_{j<i} w_k(j) S_j x_j of this mixer's product */
        for (size_t i = 0; i < n; i++) {
            double src = x[i] + t * (a0[i] * r0 + a1[i] * r1);
            double si = i + 1 < n ? s[i] : 0.0; /* the pan cannot break into a finer class */
            double xi = src / (1.0 + si * t);
            x[i] = xi;
            r0 += w0[i] * s[i] * xi;
            r1 += w1[i] * s[i] * xi;
        }
    }
}

int orf__crusher_sep_factors(size_t n, const double *upper_um, double t10, double *a, double *w,
                             double *d)
{
    /* B(x/y) = (x/y)^m, m = −log10 t10: a[i] = (x_i/x0)^m − (x_{i+1}/x0)^m (the pan: all below
     * x_{n−1}), w[j] = (x0/x_j)^m, and the diagonal d[j] = b_jj kept as the dense matrix has it. */
    if (n == 0 || !(t10 > 0.0 && t10 < 1.0))
        return -1;
    if (sep_powers(n, upper_um, -log10(t10), a, w))
        return -1;
    for (size_t i = 0; i < n; i++) {
        d[i] = i + 1 < n ? orf__t10_cumulative(1.0, t10) -
                               orf__t10_cumulative(upper_um[i + 1] / upper_um[i], t10)
                         : orf__t10_cumulative(1.0, t10);
        a[i] -= i + 1 < n ? a[i + 1] : 0.0;
    }
    return 0;
}

void orf__crusher_solve_sep(size_t n, const double *c, const double *a, const double *w,
                            const double *d, const double *f, double *p, double *broken_tph)
{
    /* forward substitution for x = f + B C x; x is kept in p */
    double r = 0.0; /* Σ_{j<i} w_j c_j x_j */
    for (size_t i = 0; i < n; i++) {
        double src = f[i] + a[i] * r;
        double diag = 1.0 - d[i] * c[i];
        double xi = diag > 1e-300 ? src / diag : 0.0;
        p[i] = xi;
        r += w[i] * c[i] * xi;
    }
    double broken = 0.0;
    for (size_t i = 0; i < n; i++) {
        broken += c[i] * p[i];
        p[i] *= 1.0 - c[i];
    }
    if (broken_tph)
        *broken_tph = broken;
}

/* Vogel & Peukert's weight (x_j/x_k)^q · ½(1 + tanh((x_k − d')/d')) as Dyssol writes it. */
void orf__vogel_breakage_matrix(size_t n, const double *x, double dmin, double q, double *b)
{
    for (size_t j = 0; j < n; j++) {
        double *row = b + j * n, sum = 0.0;
        for (size_t k = 0; k < n; k++) {
            double wt = 0.0;
            if (k >= j && x[k] > 0.0)
                wt = pow(x[j] / x[k], q) * 0.5 * (1.0 + tanh((x[k] - dmin) / dmin));
            row[k] = wt;
            sum += wt;
        }
        if (sum > 0.0)
            for (size_t k = j; k < n; k++)
                row[k] /= sum;
    }
}

int orf__vogel_sep_factors(size_t n, const double *x, double dmin, double q, double *g,
                           double *gsum)
{
    /* The parent's (x_j)^q cancels in the normalisation: b_jk = g_k / G_j with
     * g_k = (x0/x_k)^q ½(1 + tanh((x_k − d')/d')) and G_j = Σ_{k≥j} g_k. */
    if (n == 0 || !(x[0] > 0.0) || !(q >= 0.0))
        return -1;
    for (size_t k = 0; k < n; k++) {
        double wt = 0.0;
        if (x[k] > 0.0)
            wt = pow(x[0] / x[k], q) * 0.5 * (1.0 + tanh((x[k] - dmin) / dmin));
        if (!(wt < SEP_BIG))
            return -1;
        g[k] = wt;
    }
    double acc = 0.0;
    for (size_t k = n; k-- > 0;) {
        acc += g[k];
        gsum[k] = acc;
    }
    return 0;
}

void orf__crusher_solve_austin_sep(size_t n, const double *c, const double *a, const double *w,
                                   const double *f, double *p)
{
    /* orf__crusher_solve with Austin's b (b_ii = 0, so the diagonal is 1); x kept in p */
    const double *a0 = a, *a1 = a + n, *w0 = w, *w1 = w + n;
    double r0 = 0.0, r1 = 0.0;
    for (size_t i = 0; i < n; i++) {
        double xi = f[i] + (a0[i] * r0 + a1[i] * r1);
        p[i] = xi;
        r0 += w0[i] * c[i] * xi;
        r1 += w1[i] * c[i] * xi;
    }
    for (size_t i = 0; i < n; i++)
        p[i] *= 1.0 - c[i];
}

double orf__perfect_mixing_solve_sep(size_t n, const double *f, const double *r, const double *c,
                                     double dmax, const double *a, const double *w, double *s,
                                     double *p)
{
    const double *a0 = a, *a1 = a + n, *w0 = w, *w1 = w + n;
    double total = 0.0, r0 = 0.0, r1 = 0.0;
    for (size_t i = 0; i < n; i++) {
        double src = f[i] + (a0[i] * r0 + a1[i] * r1);
        double ri = i + 1 < n ? r[i] : 0.0; /* the pan cannot break into a finer class */
        double di = i + 1 < n ? dmax * c[i] : dmax;
        double out = ri + di;
        double si = out > 0.0 ? src / out : 0.0;
        s[i] = si;
        p[i] = di * si;
        total += si;
        r0 += w0[i] * r[i] * si;
        r1 += w1[i] * r[i] * si;
    }
    return total;
}
