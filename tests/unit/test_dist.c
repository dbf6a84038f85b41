/* Distributions, per-sample seeding and Iman–Conover rank correlation.
 * Closed forms: normal quantile z(0.9) = 1.2815515655446004 (Abramowitz & Stegun 26.2);
 * PERT mean (min + 4 mode + max)/6 (Malcolm et al. 1959); triangular mean (a+b+c)/3.
 * Statistical tolerances: 5 standard errors of the mean for n = 20,000 samples. */
#include "orf_test.h"

#include "oreflow/dist.h"

#include <stdlib.h>

enum { NS = 20000 };

static void quantiles_match_closed_forms(void **state)
{
    (void)state;
    orf_dist n = {ORF_DIST_NORMAL, 100, 10, 0};
    ORF_ASSERT_REL(orf_dist_quantile(&n, 0.9), 100 + 10 * 1.2815515655446004, 1e-12);
    orf_dist ln = {ORF_DIST_LOGNORMAL, log(8000.0), 0.2, 0};
    ORF_ASSERT_REL(orf_dist_quantile(&ln, 0.5), 8000.0, 1e-12);
    orf_dist tri = {ORF_DIST_TRIANGULAR, 0, 2, 10};
    /* F(mode) = (mode-min)/(max-min) = 0.2 */
    ORF_ASSERT_REL(orf_dist_quantile(&tri, 0.2), 2.0, 1e-12);
    ORF_ASSERT_REL(orf_dist_quantile(&tri, 0.05), sqrt(0.05 * 10 * 2), 1e-12);
    orf_dist pert = {ORF_DIST_PERT, 0, 0.5, 1};
    ORF_ASSERT_REL(orf_dist_quantile(&pert, 0.5), 0.5, 1e-9);
    orf_dist u = {ORF_DIST_UNIFORM, 3, 7, 0};
    ORF_ASSERT_REL(orf_dist_quantile(&u, 0.25), 4.0, 1e-15);
}

static void degenerate_distributions_give_their_value(void **state)
{
    (void)state;
    orf_dist d[5] = {{ORF_DIST_FIXED, 42, 0, 0},
                     {ORF_DIST_UNIFORM, 42, 42, 0},
                     {ORF_DIST_TRIANGULAR, 42, 42, 42},
                     {ORF_DIST_NORMAL, 42, 0, 0},
                     {ORF_DIST_PERT, 42, 42, 42}};
    double x[50 * 5];
    assert_int_equal(orf_mc_sample_matrix(d, 5, NULL, 50, 7, x), ORF_OK);
    for (size_t i = 0; i < 50 * 5; i++)
        ORF_ASSERT_REL(x[i], 42.0, 0.0);
}

static void bad_parameters_are_rejected(void **state)
{
    (void)state;
    const char *why;
    orf_dist t = {ORF_DIST_TRIANGULAR, 5, 9, 7};
    assert_int_equal(orf_dist_check(&t, &why), ORF_E_RANGE);
    assert_non_null(why);
    orf_dist n = {ORF_DIST_NORMAL, 5, -1, 0};
    assert_int_equal(orf_dist_check(&n, &why), ORF_E_RANGE);
    orf_dist ok = {ORF_DIST_PERT, 1, 1, 3};
    assert_int_equal(orf_dist_check(&ok, &why), ORF_OK);
}

static void sample_means_and_sds_match_each_distribution(void **state)
{
    (void)state;
    orf_dist d[5] = {{ORF_DIST_UNIFORM, 10, 20, 0},
                     {ORF_DIST_TRIANGULAR, 7000, 8100, 9500},
                     {ORF_DIST_NORMAL, 505, 25, 0},
                     {ORF_DIST_LOGNORMAL, log(9000.0), 0.15, 0},
                     {ORF_DIST_PERT, 120e6, 150e6, 210e6}};
    double *x = malloc(NS * 5 * sizeof *x);
    assert_non_null(x);
    assert_int_equal(orf_mc_sample_matrix(d, 5, NULL, NS, 2026, x), ORF_OK);
    for (size_t j = 0; j < 5; j++) {
        double m = 0, v = 0;
        for (size_t i = 0; i < NS; i++)
            m += x[i * 5 + j];
        m /= NS;
        for (size_t i = 0; i < NS; i++)
            v += (x[i * 5 + j] - m) * (x[i * 5 + j] - m);
        double sd = sqrt(v / (NS - 1));
        double mu = orf_dist_mean(&d[j]), sigma = orf_dist_sd(&d[j]);
        ORF_ASSERT_ABS(m, mu, 5 * sigma / sqrt((double)NS));
        ORF_ASSERT_REL(sd, sigma, 0.03);
    }
    /* Independent columns: rank correlations near zero (se ~ 1/sqrt(n) = 0.007). */
    ORF_ASSERT_ABS(orf_rank_corr(x, NS, 5, 0, 1), 0.0, 0.035);
    free(x);
}

static void same_seed_same_samples_different_seed_different(void **state)
{
    (void)state;
    orf_dist d[2] = {{ORF_DIST_UNIFORM, 0, 1, 0}, {ORF_DIST_NORMAL, 0, 1, 0}};
    double a[200], b[200], c[200];
    assert_int_equal(orf_mc_sample_matrix(d, 2, NULL, 100, 11, a), ORF_OK);
    assert_int_equal(orf_mc_sample_matrix(d, 2, NULL, 100, 11, b), ORF_OK);
    assert_int_equal(orf_mc_sample_matrix(d, 2, NULL, 100, 12, c), ORF_OK);
    int differ = 0;
    for (size_t i = 0; i < 200; i++) {
        ORF_ASSERT_REL(a[i], b[i], 0.0);
        differ += a[i] != c[i];
    }
    assert_true(differ > 190);
    /* Row i depends only on (seed, i): the first 50 rows of a 50-row run equal those above. */
    double e[100];
    assert_int_equal(orf_mc_sample_matrix(d, 2, NULL, 50, 11, e), ORF_OK);
    for (size_t i = 0; i < 100; i++)
        ORF_ASSERT_REL(e[i], a[i], 0.0);
}

static void iman_conover_induces_target_rank_correlation(void **state)
{
    (void)state;
    orf_dist d[3] = {{ORF_DIST_TRIANGULAR, 7000, 8100, 9500},
                     {ORF_DIST_LOGNORMAL, log(505.0), 0.05, 0},
                     {ORF_DIST_UNIFORM, 0, 1, 0}};
    const double c[9] = {1.0, 0.7, -0.3, 0.7, 1.0, 0.0, -0.3, 0.0, 1.0};
    double *x = malloc(NS * 3 * sizeof *x), *y = malloc(NS * 3 * sizeof *y);
    assert_non_null(x);
    assert_non_null(y);
    assert_int_equal(orf_mc_sample_matrix(d, 3, NULL, NS, 5, y), ORF_OK);
    assert_int_equal(orf_mc_sample_matrix(d, 3, c, NS, 5, x), ORF_OK);
    ORF_ASSERT_ABS(orf_rank_corr(x, NS, 3, 0, 1), 0.7, 0.03);
    ORF_ASSERT_ABS(orf_rank_corr(x, NS, 3, 0, 2), -0.3, 0.03);
    ORF_ASSERT_ABS(orf_rank_corr(x, NS, 3, 1, 2), 0.0, 0.03);
    /* Marginals untouched: each column holds the same multiset of values (same sums). */
    for (size_t j = 0; j < 3; j++) {
        double sx = 0, sy = 0;
        for (size_t i = 0; i < NS; i++) {
            sx += x[i * 3 + j];
            sy += y[i * 3 + j];
        }
        ORF_ASSERT_REL(sx, sy, 1e-12);
    }
    free(x);
    free(y);
}

static void iman_conover_rejects_non_positive_definite_target(void **state)
{
    (void)state;
    orf_dist d[3] = {
        {ORF_DIST_UNIFORM, 0, 1, 0}, {ORF_DIST_UNIFORM, 0, 1, 0}, {ORF_DIST_UNIFORM, 0, 1, 0}};
    const double c[9] = {1.0, 0.9, -0.9, 0.9, 1.0, 0.9, -0.9, 0.9, 1.0};
    double x[300];
    assert_int_equal(orf_mc_sample_matrix(d, 3, c, 100, 5, x), ORF_E_INPUT);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(quantiles_match_closed_forms),
        cmocka_unit_test(degenerate_distributions_give_their_value),
        cmocka_unit_test(bad_parameters_are_rejected),
        cmocka_unit_test(sample_means_and_sds_match_each_distribution),
        cmocka_unit_test(same_seed_same_samples_different_seed_different),
        cmocka_unit_test(iman_conover_induces_target_rank_correlation),
        cmocka_unit_test(iman_conover_rejects_non_positive_definite_target),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
