/* Comminution models on plain arrays: Whiten's crusher, Austin's mill population balance,
 * Bond's law. */
#include <math.h>
#include <gsl/gsl_linalg.h>

#include "orf_test.h"
#include "units/units_cc.h"

#define N 12
/* √2 sieve series from 4000 µm; class 11 is the pan */
static void sieves(double *upper, double *mid)
{
    for (size_t i = 0; i < N; i++) {
        upper[i] = 4000.0 / pow(sqrt(2.0), (double)i);
        mid[i] = upper[i] / pow(2.0, 0.25);
    }
}

static double sum(const double *x, size_t n)
{
    double s = 0.0;
    for (size_t i = 0; i < n; i++)
        s += x[i];
    return s;
}

/* Whiten's C(d) (Napier-Munn et al. 1996 ch. 6): 0 below K1, 1 above K2, and at the midpoint
 * 1 - 0.5^K3. */
static void whiten_classification_shape(void **state)
{
    (void)state;
    ORF_ASSERT_ABS(orf__whiten_classification(9.0, 10.0, 30.0, 2.3), 0.0, 0.0);
    ORF_ASSERT_ABS(orf__whiten_classification(31.0, 10.0, 30.0, 2.3), 1.0, 0.0);
    ORF_ASSERT_REL(orf__whiten_classification(20.0, 10.0, 30.0, 2.3), 1.0 - pow(0.5, 2.3), 1e-15);
}

/* t10 is the fraction passing one tenth of the parent size (Narayanan & Whiten 1988); the
 * A·b relation t10 = A(1 - e^{-b Ecs}) tends to A. */
static void t10_breakage_function(void **state)
{
    (void)state;
    ORF_ASSERT_REL(orf__t10_cumulative(0.1, 0.25), 0.25, 1e-14);
    ORF_ASSERT_REL(orf__t10_cumulative(1.0, 0.25), 1.0, 0.0);
    ORF_ASSERT_REL(orf__t10_from_ecs(50.0, 1.0, 1.0), 0.5 * (1.0 - exp(-1.0)), 1e-15);
    ORF_ASSERT_REL(orf__t10_from_ecs(50.0, 1.0, 100.0), 0.5, 1e-15);
    double upper[N], mid[N], b[N * N];
    sieves(upper, mid);
    orf__crusher_breakage_matrix(N, upper, 0.2, b);
    for (size_t j = 0; j < N; j++) {
        double col = 0.0;
        for (size_t i = 0; i < N; i++) {
            assert_true(b[i * N + j] >= 0.0);
            col += b[i * N + j];
        }
        ORF_ASSERT_REL(col, 1.0, 1e-14);
    }
}

/* The forward substitution equals the matrix form P = (I - C)(I - B C)^{-1} F solved with an
 * LU factorisation (GSL), and closes the mass balance. */
static void crusher_solve_matches_matrix_form(void **state)
{
    (void)state;
    double upper[N], mid[N], b[N * N], c[N], f[N], p[N];
    sieves(upper, mid);
    orf__crusher_breakage_matrix(N, upper, 0.15, b);
    for (size_t i = 0; i < N; i++) {
        c[i] = orf__whiten_classification(mid[i], 500.0, 3000.0, 2.3);
        f[i] = 10.0 + (double)i;
    }
    double broken;
    orf__crusher_solve(N, c, b, f, p, &broken);
    ORF_ASSERT_REL(sum(p, N), sum(f, N), 1e-12);

    gsl_matrix *a = gsl_matrix_alloc(N, N);
    gsl_vector *rhs = gsl_vector_alloc(N), *x = gsl_vector_alloc(N);
    gsl_permutation *perm = gsl_permutation_alloc(N);
    for (size_t i = 0; i < N; i++) {
        for (size_t j = 0; j < N; j++)
            gsl_matrix_set(a, i, j, (i == j ? 1.0 : 0.0) - b[i * N + j] * c[j]);
        gsl_vector_set(rhs, i, f[i]);
    }
    int sign;
    gsl_linalg_LU_decomp(a, perm, &sign);
    gsl_linalg_LU_solve(a, perm, rhs, x);
    double br = 0.0;
    for (size_t i = 0; i < N; i++) {
        ORF_ASSERT_REL(p[i], (1.0 - c[i]) * gsl_vector_get(x, i), 1e-12);
        br += c[i] * gsl_vector_get(x, i);
    }
    ORF_ASSERT_REL(broken, br, 1e-12);
    /* nothing in the product is coarser than K2 */
    for (size_t i = 0; i < N; i++)
        if (mid[i] >= 3000.0)
            ORF_ASSERT_ABS(p[i], 0.0, 0.0);
    gsl_matrix_free(a);
    gsl_vector_free(rhs);
    gsl_vector_free(x);
    gsl_permutation_free(perm);
}

/* Limiting case: a closed side setting above the top size (K1 > every particle) breaks
 * nothing: product = feed. */
static void crusher_with_open_gap_passes_feed(void **state)
{
    (void)state;
    double upper[N], mid[N], b[N * N], c[N], f[N], p[N];
    sieves(upper, mid);
    orf__crusher_breakage_matrix(N, upper, 0.3, b);
    for (size_t i = 0; i < N; i++) {
        c[i] = orf__whiten_classification(mid[i], 5000.0, 8000.0, 2.3);
        f[i] = 1.0 + 0.5 * (double)i;
    }
    double broken;
    orf__crusher_solve(N, c, b, f, p, &broken);
    for (size_t i = 0; i < N; i++)
        ORF_ASSERT_REL(p[i], f[i], 0.0);
    ORF_ASSERT_ABS(broken, 0.0, 0.0);
}

/* Austin, Klimpel & Luckie (1984): S(x) = a x^α for x << µ; the maximum-effect term halves S
 * at x = µ. B_ij normalised: B(1) = 1. */
static void austin_functions(void **state)
{
    (void)state;
    ORF_ASSERT_REL(orf__austin_selection(0.01, 0.7, 1.0, 3.0, 2.5), 0.7 * 0.01, 1e-4);
    ORF_ASSERT_REL(orf__austin_selection(3.0, 0.7, 1.0, 3.0, 2.5), 0.5 * 0.7 * 3.0, 1e-15);
    ORF_ASSERT_REL(orf__austin_cumulative(0.5, 0.6, 1.2, 4.0),
                   0.6 * pow(0.5, 1.2) + 0.4 * pow(0.5, 4.0), 1e-15);
    double upper[N], mid[N], b[N * N];
    sieves(upper, mid);
    orf__austin_breakage_matrix(N, upper, 0.6, 1.2, 4.0, b);
    for (size_t j = 0; j + 1 < N; j++) {
        double col = 0.0;
        for (size_t i = 0; i < N; i++) {
            if (i <= j)
                ORF_ASSERT_ABS(b[i * N + j], 0.0, 0.0);
            col += b[i * N + j];
        }
        ORF_ASSERT_REL(col, 1.0, 1e-14);
    }
}

/* Two classes, one fully mixed reactor: p1 = f1/(1 + S1 τ), p2 = f2 + f1 S1 τ/(1 + S1 τ)
 * (Austin et al. 1984 ch. 10, the fully mixed steady state). */
static void mill_single_mixer_analytic(void **state)
{
    (void)state;
    double s[2] = {0.8, 0.3}; /* the pan's selection is ignored: nowhere finer to go */
    double b[4] = {0, 0, 1, 0};
    double x[2] = {30.0, 5.0};
    orf__mill_solve_mixers(2, s, b, 4.0, 1, x);
    ORF_ASSERT_REL(x[0], 30.0 / (1.0 + 3.2), 1e-15);
    ORF_ASSERT_REL(x[1], 5.0 + 30.0 * 3.2 / 4.2, 1e-15);
}

/* N mixers in series tend to plug flow: top-size fraction unbroken → exp(-S τ). Zero residence
 * time (zero breakage) gives product = feed. Mass closes for any N. */
static void mill_mixers_plug_flow_limit_and_balance(void **state)
{
    (void)state;
    double upper[N], mid[N], b[N * N], s[N], x[N], f[N];
    sieves(upper, mid);
    orf__austin_breakage_matrix(N, upper, 0.6, 1.2, 4.0, b);
    for (size_t i = 0; i < N; i++) {
        s[i] = orf__austin_selection(upper[i] / 1000.0, 0.7, 1.0, 3.0, 2.5);
        f[i] = x[i] = 100.0 / N;
    }
    orf__mill_solve_mixers(N, s, b, 5.0, 2000, x);
    ORF_ASSERT_REL(x[0], f[0] * pow(1.0 + s[0] * 5.0 / 2000.0, -2000.0), 1e-12);
    /* (1 + Sτ/N)^-N = e^{-Sτ}(1 + O((Sτ)²/2N)); Sτ ≈ 4.6 here */
    ORF_ASSERT_REL(x[0], f[0] * exp(-s[0] * 5.0), 6e-3);
    const int ns[] = {1, 3, 10};
    for (size_t k = 0; k < 3; k++) {
        for (size_t i = 0; i < N; i++)
            x[i] = f[i];
        orf__mill_solve_mixers(N, s, b, 5.0, ns[k], x);
        ORF_ASSERT_REL(sum(x, N), 100.0, 1e-12);
    }
    for (size_t i = 0; i < N; i++)
        x[i] = f[i];
    orf__mill_solve_mixers(N, s, b, 0.0, 1, x);
    for (size_t i = 0; i < N; i++)
        ORF_ASSERT_REL(x[i], f[i], 0.0);
}

/* Bond (1961): the work index is the energy to grind from infinite size to 80 % passing
 * 100 µm, so W(F80 → ∞, P80 = 100) = Wi. Hand example: Wi 15 kWh/t, F80 2000 µm, P80 75 µm:
 * 150 (1/√75 - 1/√2000) = 13.9664 kWh/t. */
static void bond_law(void **state)
{
    (void)state;
    ORF_ASSERT_REL(orf__bond_specific_energy(13.0, 1e300, 100.0), 13.0, 1e-15);
    ORF_ASSERT_REL(orf__bond_specific_energy(15.0, 2000.0, 75.0),
                   150.0 * (1.0 / sqrt(75.0) - 1.0 / sqrt(2000.0)), 1e-15);
    ORF_ASSERT_REL(orf__bond_specific_energy(15.0, 2000.0, 75.0), 13.96641, 1e-6);
    ORF_ASSERT_ABS(orf__bond_specific_energy(15.0, 500.0, 500.0), 0.0, 0.0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(whiten_classification_shape),
        cmocka_unit_test(t10_breakage_function),
        cmocka_unit_test(crusher_solve_matches_matrix_form),
        cmocka_unit_test(crusher_with_open_gap_passes_feed),
        cmocka_unit_test(austin_functions),
        cmocka_unit_test(mill_single_mixer_analytic),
        cmocka_unit_test(mill_mixers_plug_flow_limit_and_balance),
        cmocka_unit_test(bond_law),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
