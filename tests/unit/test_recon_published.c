/* Published worked examples reproduced by the n-product formulas (src/balance/nproduct.c) and by
 * the reconciliation engine (src/balance/recon.c), each within the rounding of its source.
 *
 * Sources (every number below was read in them; nothing is recalled or invented):
 *  [2P] processconvert, "Two Product Formula Calculator", worked example,
 *       https://www.processconvert.com/calculators/two-product-formula :
 *       Cu circuit, feed 1.0 % Cu, concentrate 10.0 %, tailings 0.2 %;
 *       printed: yield 8.16327 % (8.163 %), recovery 81.6327 % (81.63 %),
 *       ratio of concentration 12.25, enrichment ratio 10.0.
 *  [3P] processconvert, "Three Product Formula Calculator", worked example,
 *       https://www.processconvert.com/calculators/three-product-formula :
 *       Pb-Zn circuit, feed Pb 3.0 % / Zn 6.0 %; lead concentrate 50 / 8; zinc concentrate
 *       2 / 55; tailings 0.2 / 0.5; printed: C1/F = 142.7 / 2700.6 = 5.28401 %,
 *       C2/F = 9.36459 %, T/F = 85.3514 %, Pb recovery to Con 1 88.0668 %, to Con 2
 *       6.24306 %, Zn recovery to Con 1 7.04535 %, to Con 2 85.842 %; closure per 100 t feed
 *       Pb 300, Zn 600.
 *
 * No published weighted-least-squares reconciliation with its adjusted values (Wills & Finch
 * §3.6, Smith & Ichiyen 1973, Hodouin & Everell 1980, Narasimhan & Jordache 2000) could be read
 * with its full digits, so none is claimed here; tests/unit/test_recon.c checks the redundant
 * case against closed forms and the KKT conditions instead.
 *
 * Tolerances: half a unit in the last printed digit of each published figure (absolute, in the
 * printed unit).
 */
#include "orf_test.h"
#include "oreflow/balance.h"

#include <stdlib.h>

/* [2P] by the two-product formula. */
static void two_product_published_example(void **state)
{
    (void)state;
    const double f = 1.0, prod[2] = {10.0, 0.2}; /* concentrate, tailings; % Cu */
    orf_nproduct_result o;
    assert_int_equal(orf_nproduct(2, 1, &f, NULL, prod, NULL, &o), ORF_OK);
    ORF_ASSERT_ABS(100.0 * o.split[0], 8.16327, 5e-6);    /* yield, % */
    ORF_ASSERT_ABS(100.0 * o.recovery[0], 81.6327, 5e-5); /* Cu recovery, % */
    ORF_ASSERT_ABS(1.0 / o.split[0], 12.25, 5e-3);        /* ratio of concentration */
    ORF_ASSERT_ABS(prod[0] / f, 10.0, 5e-2);              /* enrichment ratio */
    ORF_ASSERT_ABS(100.0 * (o.split[0] + o.split[1]), 100.0, 1e-12);
    ORF_ASSERT_ABS(100.0 * (o.recovery[0] + o.recovery[1]), 100.0, 1e-12);
}

/* [3P] by the three-product formula. Products: 0 lead concentrate, 1 zinc concentrate,
 * 2 tailings; components: 0 Pb, 1 Zn. */
static const double P3_FEED[2] = {3.0, 6.0};
static const double P3_PROD[6] = {50.0, 8.0, 2.0, 55.0, 0.2, 0.5};

static void three_product_published_example(void **state)
{
    (void)state;
    orf_nproduct_result o;
    assert_int_equal(orf_nproduct(3, 2, P3_FEED, NULL, P3_PROD, NULL, &o), ORF_OK);
    /* the source's intermediate: C1/F = 142.7 / 2700.6 */
    ORF_ASSERT_REL(o.split[0], 142.7 / 2700.6, 1e-12);
    ORF_ASSERT_ABS(100.0 * o.split[0], 5.28401, 5e-6);
    ORF_ASSERT_ABS(100.0 * o.split[1], 9.36459, 5e-6);
    ORF_ASSERT_ABS(100.0 * o.split[2], 85.3514, 5e-5);
    ORF_ASSERT_ABS(100.0 * o.recovery[0 * 2 + 0], 88.0668, 5e-5); /* Pb -> Con 1 */
    ORF_ASSERT_ABS(100.0 * o.recovery[1 * 2 + 0], 6.24306, 5e-6); /* Pb -> Con 2 */
    ORF_ASSERT_ABS(100.0 * o.recovery[0 * 2 + 1], 7.04535, 5e-6); /* Zn -> Con 1 */
    ORF_ASSERT_ABS(100.0 * o.recovery[1 * 2 + 1], 85.842, 5e-4);  /* Zn -> Con 2 */
    /* the source's closure check per 100 t of feed */
    for (size_t k = 0; k < 2; k++) {
        double metal_t = 0;
        for (size_t p = 0; p < 3; p++)
            metal_t += 100.0 * o.split[p] * P3_PROD[p * 2 + k];
        ORF_ASSERT_REL(metal_t, 100.0 * P3_FEED[k], 1e-12);
    }
}

/* [2P] and [3P] by the reconciliation engine: one node, feed solids measured (100 t/h, the
 * sources' "per 100 t feed" basis) and every assay measured. Both problems have exactly as many
 * measurements as unknowns (no redundancy), so the weighted least squares must reproduce the
 * measurements and give the published splits as solids flows whatever the SDs; chi-square 0. */
static orf_recon *single_node(size_t nprod, size_t ncomp, const double *feed, const double *prod,
                              const double *guess_split)
{
    size_t ns = nprod + 1, nb = ncomp + 1;
    orf_recon *r = orf_recon_alloc(ns, 1, nb);
    assert_non_null(r);
    assert_int_equal(orf_recon_connect(r, 0, 0, 1), ORF_OK);
    for (size_t p = 0; p < nprod; p++)
        assert_int_equal(orf_recon_connect(r, 0, p + 1, -1), ORF_OK);
    size_t *idx = malloc(nb * sizeof *idx);
    assert_non_null(idx);
    for (size_t b = 0; b < nb; b++)
        idx[b] = b; /* basic 0: solids; basic 1 + k: component k */
    orf_recon_qty qf = {0, &idx[0], 1, NULL, 0, 1.0};
    assert_true(orf_recon_add_meas(r, &qf, 100.0, 1.0) >= 0);
    for (size_t s = 0; s < ns; s++) {
        const double *a = s == 0 ? feed : prod + (s - 1) * ncomp;
        double solids_guess = s == 0 ? 100.0 : 100.0 * guess_split[s - 1];
        orf_recon_set_guess(r, 0, s, solids_guess);
        for (size_t k = 0; k < ncomp; k++) {
            orf_recon_qty qa = {s, &idx[1 + k], 1, &idx[0], 1, 100.0};
            assert_true(orf_recon_add_meas(r, &qa, a[k], 0.02 * a[k]) >= 0);
            orf_recon_set_guess(r, 1 + k, s, solids_guess * a[k] / 100.0);
        }
    }
    free(idx); /* the problem keeps its own copies */
    return r;
}

static void engine_reproduces_two_product_example(void **state)
{
    (void)state;
    const double f = 1.0, prod[2] = {10.0, 0.2}, guess[2] = {0.2, 0.8};
    orf_recon *r = single_node(2, 1, &f, prod, guess);
    orf_recon_info info;
    assert_int_equal(orf_recon_solve(r, NULL, &info), ORF_OK);
    assert_true(info.converged);
    assert_int_equal(info.dof, 0);
    ORF_ASSERT_ABS(info.chi2, 0.0, 1e-12);
    ORF_ASSERT_ABS(orf_recon_basic_tph(r, 0, 1), 8.16327, 5e-6); /* t/h per 100 t/h = % */
    ORF_ASSERT_ABS(100.0 * orf_recon_basic_tph(r, 1, 1) / orf_recon_basic_tph(r, 1, 0), 81.6327,
                   5e-5);
    assert_true(orf_recon_balance_residual(r) < 1e-12);
    orf_recon_free(r);
}

static void engine_reproduces_three_product_example(void **state)
{
    (void)state;
    const double guess[3] = {0.2, 0.2, 0.6};
    orf_recon *r = single_node(3, 2, P3_FEED, P3_PROD, guess);
    orf_recon_info info;
    assert_int_equal(orf_recon_solve(r, NULL, &info), ORF_OK);
    assert_true(info.converged);
    assert_int_equal(info.dof, 0);
    ORF_ASSERT_ABS(info.chi2, 0.0, 1e-12);
    ORF_ASSERT_ABS(orf_recon_basic_tph(r, 0, 1), 5.28401, 5e-6);
    ORF_ASSERT_ABS(orf_recon_basic_tph(r, 0, 2), 9.36459, 5e-6);
    ORF_ASSERT_ABS(orf_recon_basic_tph(r, 0, 3), 85.3514, 5e-5);
    double pb_feed = orf_recon_basic_tph(r, 1, 0), zn_feed = orf_recon_basic_tph(r, 2, 0);
    ORF_ASSERT_REL(pb_feed, 3.0, 1e-10); /* Pb 300 / Zn 600 per 100 t feed, in t/h per 100 */
    ORF_ASSERT_REL(zn_feed, 6.0, 1e-10);
    ORF_ASSERT_ABS(100.0 * orf_recon_basic_tph(r, 1, 1) / pb_feed, 88.0668, 5e-5);
    ORF_ASSERT_ABS(100.0 * orf_recon_basic_tph(r, 1, 2) / pb_feed, 6.24306, 5e-6);
    ORF_ASSERT_ABS(100.0 * orf_recon_basic_tph(r, 2, 1) / zn_feed, 7.04535, 5e-6);
    ORF_ASSERT_ABS(100.0 * orf_recon_basic_tph(r, 2, 2) / zn_feed, 85.842, 5e-4);
    assert_true(orf_recon_balance_residual(r) < 1e-12);
    orf_recon_free(r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(two_product_published_example),
        cmocka_unit_test(three_product_published_example),
        cmocka_unit_test(engine_reproduces_two_product_example),
        cmocka_unit_test(engine_reproduces_three_product_example),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
