/* The O(N) separable-breakage kernels (breakage_sep.c) against the dense matrices of
 * comminution_model.c: Austin's mill (mixers in series), the Whiten crusher's t10 power law and
 * Vogel & Peukert's function as Dyssol normalises it. The two paths differ only in the order of
 * the floating-point additions, so every class must agree to 1e-12 relative, on geometric and
 * irregular grids up to 1,000 classes and random parameters. */
#include <math.h>
#include <stdlib.h>

#include "orf_test.h"
#include "units/grinding_model.h"
#include "units/units_cc.h"

#define NMAX 1000

static unsigned long long rng_state = 88172645463325252ULL;
static double urand(void) /* xorshift64, uniform in (0, 1) */
{
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return ((double)(rng_state >> 11) + 0.5) / 9007199254740992.0;
}

/* Strictly decreasing upper bounds from 100 mm: geometric (ratio r) or with random steps. */
static void grid(size_t n, int irregular, double *upper, double *mid)
{
    double r = pow(1e4, 1.0 / (double)(n > 1 ? n - 1 : 1)); /* 100 mm down to 10 µm */
    upper[0] = 1e5;
    for (size_t i = 1; i < n; i++)
        upper[i] = upper[i - 1] / (irregular ? 1.0 + (r - 1.0) * (0.05 + 1.9 * urand()) : r);
    for (size_t i = 0; i < n; i++)
        mid[i] = i + 1 < n ? 0.5 * (upper[i] + upper[i + 1]) : 0.5 * upper[i];
}

/* max over classes of |a - b| / |b| (b = dense), with 0 where both are 0 */
static double max_rel(size_t n, const double *a, const double *b)
{
    double m = 0.0;
    for (size_t i = 0; i < n; i++) {
        double d = fabs(a[i] - b[i]), s = fabs(b[i]);
        if (d > 0.0)
            m = fmax(m, s > 0.0 ? d / s : HUGE_VAL);
    }
    return m;
}

static const size_t sizes[] = {2, 3, 12, 57, 200, 1000};
#define NSIZES (sizeof sizes / sizeof sizes[0])

static void austin_mill_matches_dense(void **state)
{
    (void)state;
    double *b = malloc(NMAX * NMAX * sizeof *b);
    double up[NMAX], mid[NMAX], s[NMAX], xd[NMAX], xs[NMAX], a[2 * NMAX], w[2 * NMAX];
    assert_non_null(b);
    for (size_t t = 0; t < 2 * NSIZES; t++) {
        size_t n = sizes[t / 2];
        grid(n, (int)(t % 2), up, mid);
        double phi = urand(), gamma = 0.3 + 1.2 * urand(), beta = 2.0 + 4.0 * urand();
        orf__austin_breakage_matrix(n, up, phi, gamma, beta, b);
        assert_int_equal(orf__austin_sep_factors(n, up, phi, gamma, beta, a, w), 0);
        for (size_t i = 0; i < n; i++) {
            s[i] = orf__austin_selection(up[i] / 1000.0, 0.7, 1.0, 3.0, 2.5);
            xd[i] = xs[i] = urand() < 0.1 ? 0.0 : 100.0 * urand();
        }
        int nmix = 1 + (int)(t % 3);
        double tau = 0.5 + 10.0 * urand();
        orf__mill_solve_mixers(n, s, b, tau, nmix, xd);
        orf__mill_solve_mixers_sep(n, s, a, w, tau, nmix, xs);
        assert_true(max_rel(n, xs, xd) < 1e-12);
        /* the factors rebuild the dense matrix below the diagonal, to rounding: b_ij is a
         * difference of cumulative values B(x_i/y_j) - B(x_{i+1}/y_j), so both forms carry an
         * error of a few ulp of B(x_i/y_j) (relatively larger where the two nearly cancel) */
        double m = 0.0;
        for (size_t i = 1; i < n; i++)
            for (size_t j = 0; j < i; j++) {
                double v = a[i] * w[j] + a[n + i] * w[n + j];
                double hi = orf__austin_cumulative(up[i] / up[j + 1], phi, gamma, beta);
                m = fmax(m, fabs(v - b[i * n + j]) / hi);
            }
        assert_true(m < 1e-13);
    }
    free(b);
}

static void whiten_crusher_matches_dense(void **state)
{
    (void)state;
    double *b = malloc(NMAX * NMAX * sizeof *b);
    double up[NMAX], mid[NMAX], c[NMAX], f[NMAX], pd[NMAX], ps[NMAX], a[NMAX], w[NMAX], d[NMAX];
    assert_non_null(b);
    for (size_t t = 0; t < 2 * NSIZES; t++) {
        size_t n = sizes[t / 2];
        grid(n, (int)(t % 2), up, mid);
        double t10 = 0.05 + 0.6 * urand();
        orf__crusher_breakage_matrix(n, up, t10, b);
        assert_int_equal(orf__crusher_sep_factors(n, up, t10, a, w, d), 0);
        double k1 = mid[n / 2], k2 = 3.0 * k1;
        for (size_t i = 0; i < n; i++) {
            c[i] = orf__whiten_classification(mid[i], k1, k2, 2.3);
            f[i] = urand() < 0.1 ? 0.0 : 100.0 * urand();
        }
        double bd = 0.0, bs = 0.0;
        orf__crusher_solve(n, c, b, f, pd, &bd);
        orf__crusher_solve_sep(n, c, a, w, d, f, ps, &bs);
        assert_true(max_rel(n, ps, pd) < 1e-12);
        ORF_ASSERT_REL(bs, bd, 1e-12);
        for (size_t i = 0; i < n; i++)
            ORF_ASSERT_REL(d[i], b[i * n + i], 0.0);
    }
    free(b);
}

static void vogel_matches_dense(void **state)
{
    (void)state;
    double *b = malloc(NMAX * NMAX * sizeof *b);
    double up[NMAX], x[NMAX], s[NMAX], f[NMAX], pd[NMAX], ps[NMAX], g[NMAX], gs[NMAX];
    assert_non_null(b);
    for (size_t t = 0; t < 2 * NSIZES; t++) {
        size_t n = sizes[t / 2];
        grid(n, (int)(t % 2), up, x);
        double dmin = 3000.0 * (0.1 + 3.0 * urand()), q = 2.0 * urand();
        orf__vogel_breakage_matrix(n, x, dmin, q, b);
        assert_int_equal(orf__vogel_sep_factors(n, x, dmin, q, g, gs), 0);
        for (size_t i = 0; i < n; i++) {
            s[i] = urand();
            f[i] = urand() < 0.1 ? 0.0 : 100.0 * urand();
            pd[i] = ps[i] = (1.0 - s[i]) * f[i];
        }
        for (size_t j = 0; j < n; j++) /* crusher_king's dense product */
            for (size_t i = j + 1; i < n; i++)
                pd[i] += s[j] * f[j] * b[j * n + i];
        double r = 0.0; /* and its O(N) form */
        for (size_t i = 0; i < n; i++) {
            ps[i] += g[i] * r;
            r += s[i] * f[i] / gs[i];
        }
        assert_true(max_rel(n, ps, pd) < 1e-12);
        for (size_t j = 0; j < n; j++) { /* rows of b still sum to 1 */
            double row = 0.0;
            for (size_t k = j; k < n; k++)
                row += g[k] / gs[j];
            ORF_ASSERT_REL(row, 1.0, 1e-12);
        }
    }
    free(b);
}

/* The SAG mill's perfect-mixing balance and the HPGR's pre-crushing step (Whiten's form with
 * Austin's b) on the same factors. */
static void austin_perfect_mixing_and_precrush_match_dense(void **state)
{
    (void)state;
    double *b = malloc(NMAX * NMAX * sizeof *b);
    double up[NMAX], mid[NMAX], r[NMAX], c[NMAX], f[NMAX], a[2 * NMAX], w[2 * NMAX];
    double sd[NMAX], pd[NMAX], ss[NMAX], ps[NMAX];
    assert_non_null(b);
    for (size_t t = 0; t < 2 * NSIZES; t++) {
        size_t n = sizes[t / 2];
        grid(n, (int)(t % 2), up, mid);
        double phi = urand(), gamma = 0.3 + 1.2 * urand(), beta = 2.0 + 4.0 * urand();
        orf__austin_breakage_matrix(n, up, phi, gamma, beta, b);
        assert_int_equal(orf__austin_sep_factors(n, up, phi, gamma, beta, a, w), 0);
        for (size_t i = 0; i < n; i++) {
            r[i] = 60.0 * orf__austin_selection(mid[i] / 1000.0, 0.7, 1.0, 3.0, 2.5);
            c[i] = urand() < 0.2 ? 0.0 : urand();
            f[i] = urand() < 0.1 ? 0.0 : 100.0 * urand();
        }
        double dmax = pow(10.0, -3.0 + 6.0 * urand());
        double hd = orf__perfect_mixing_solve(n, f, r, c, dmax, b, sd, pd);
        double hs = orf__perfect_mixing_solve_sep(n, f, r, c, dmax, a, w, ss, ps);
        ORF_ASSERT_REL(hs, hd, 1e-12);
        assert_true(max_rel(n, ss, sd) < 1e-12);
        assert_true(max_rel(n, ps, pd) < 1e-12);
        orf__crusher_solve(n, c, b, f, pd, NULL);
        orf__crusher_solve_austin_sep(n, c, a, w, f, ps);
        assert_true(max_rel(n, ps, pd) < 1e-12);
    }
    free(b);
}

/* Where the separable form does not apply the factors are refused and the units keep the dense
 * matrix: bounds not strictly decreasing, φ outside 0..1, powers out of range. */
static void refusals(void **state)
{
    (void)state;
    double up[4] = {1000.0, 500.0, 500.0, 100.0}, ok[4] = {1000.0, 500.0, 250.0, 100.0};
    double a[8], w[8], d[4];
    assert_int_equal(orf__austin_sep_factors(4, up, 0.5, 1.0, 3.0, a, w), -1);
    assert_int_equal(orf__crusher_sep_factors(4, up, 0.2, a, w, d), -1);
    assert_int_equal(orf__austin_sep_factors(4, ok, 1.5, 1.0, 3.0, a, w), -1);
    assert_int_equal(orf__austin_sep_factors(4, ok, 0.5, 1.0, 300.0, a, w), -1);
    assert_int_equal(orf__crusher_sep_factors(4, ok, 1.0, a, w, d), -1);
    assert_int_equal(orf__austin_sep_factors(4, ok, 0.5, 1.0, 3.0, a, w), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(austin_mill_matches_dense),
        cmocka_unit_test(whiten_crusher_matches_dense),
        cmocka_unit_test(vogel_matches_dense),
        cmocka_unit_test(austin_perfect_mixing_and_precrush_match_dense),
        cmocka_unit_test(refusals),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
