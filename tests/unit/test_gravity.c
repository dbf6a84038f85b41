/* Gravity separators: the Tromp curve and its size dependence (src/units/gravity_model.c), and
 * the spiral/table/jig units on real streams (src/units/gravity.c). */
#include "orf_test.h"
#include "units/sep_models.h"

/* Tromp (1937) / King (2001, §7.2) definition of the écart probable: the partition number is
 * 0.25 and 0.75 at rho50 -/+ Ep, and 0.5 at the cut density. */
static void tromp_curve_passes_quartiles_at_ep(void **state)
{
    (void)state;
    ORF_ASSERT_REL(orf__tromp(3800.0, 3800.0, 150.0), 0.5, 1e-15);
    ORF_ASSERT_REL(orf__tromp(3950.0, 3800.0, 150.0), 0.75, 1e-14);
    ORF_ASSERT_REL(orf__tromp(3650.0, 3800.0, 150.0), 0.25, 1e-14);
    /* Ep = (rho75 - rho25)/2 recovered by bisection on the curve */
    double lo = 2000.0, hi = 6000.0;
    for (int i = 0; i < 200; i++) {
        double mid = 0.5 * (lo + hi);
        if (orf__tromp(mid, 3800.0, 150.0) < 0.75)
            lo = mid;
        else
            hi = mid;
    }
    double r75 = 0.5 * (lo + hi);
    ORF_ASSERT_REL((r75 - (2.0 * 3800.0 - r75)) / 2.0, 150.0, 1e-9);
}

static void tromp_with_zero_ep_is_a_perfect_split(void **state)
{
    (void)state;
    assert_true(orf__tromp(3799.999, 3800.0, 0.0) == 0.0);
    assert_true(orf__tromp(3800.001, 3800.0, 0.0) == 1.0);
    ORF_ASSERT_REL(orf__tromp(3800.0, 3800.0, 0.0), 0.5, 0.0);
    /* and the limit Ep -> 0 of the logistic is the same step */
    ORF_ASSERT_ABS(orf__tromp(3790.0, 3800.0, 1e-3), 0.0, 1e-300);
    ORF_ASSERT_ABS(orf__tromp(3810.0, 3800.0, 1e-3), 1.0, 1e-15);
}

static void tromp_curve_is_monotone_in_density(void **state)
{
    (void)state;
    double prev = -1.0;
    for (double rho = 1000.0; rho <= 8000.0; rho += 10.0) {
        double p = orf__tromp(rho, 3600.0, 120.0);
        assert_true(p >= prev);
        assert_true(p >= 0.0 && p <= 1.0);
        prev = p;
    }
}

/* Equal-settling size effect: imperfection I = Ep/(rho50 - rho_w) is constant with size
 * (Wills & Finch 2016 ch. 10 define I for water-based separators), the cut density rises and
 * the curve widens as particles get finer. n = 1: halving the size doubles rho50 - rho_w. */
static void cut_density_rises_and_ep_widens_for_fine_particles(void **state)
{
    (void)state;
    double r50, ep, r50f, epf;
    orf__gravity_cut_at_size(150.0, 150.0, 3800.0, 140.0, 1.0, 1000.0, &r50, &ep);
    ORF_ASSERT_REL(r50, 3800.0, 1e-15);
    ORF_ASSERT_REL(ep, 140.0, 1e-15);
    orf__gravity_cut_at_size(75.0, 150.0, 3800.0, 140.0, 1.0, 1000.0, &r50f, &epf);
    ORF_ASSERT_REL(r50f, 1000.0 + 2.0 * 2800.0, 1e-14);
    ORF_ASSERT_REL(epf, 280.0, 1e-14);
    ORF_ASSERT_REL(epf / (r50f - 1000.0), ep / (r50 - 1000.0), 1e-14);
    /* n = 0: no size effect */
    orf__gravity_cut_at_size(20.0, 150.0, 3800.0, 140.0, 0.0, 1000.0, &r50f, &epf);
    ORF_ASSERT_REL(r50f, 3800.0, 1e-15);
    /* chromite (4600 kg/m3) recovery falls monotonically with size below d_ref */
    double prev = 2.0;
    for (double d = 1000.0; d > 5.0; d /= 1.2) {
        orf__gravity_cut_at_size(d, 150.0, 3800.0, 140.0, 0.4, 1000.0, &r50f, &epf);
        double p = orf__tromp(4600.0, r50f, epf);
        assert_true(p <= prev + 1e-15);
        prev = p;
    }
    assert_true(prev < 0.2);
}

static void three_product_split_sums_to_one_and_orders_products(void **state)
{
    (void)state;
    orf__gravity_params g = {.rho50_conc_kg_m3 = 4000.0, .rho50_mid_kg_m3 = 3300.0,
                             .ep_kg_m3 = 150.0, .d_ref_um = 150.0, .size_exp = 0.3,
                             .d_bypass_um = 8.0, .water_conc = 0.1, .water_mid = 0.2,
                             .rho_fluid_kg_m3 = 1000.0};
    double f[3];
    for (double rho = 2000.0; rho < 6000.0; rho += 100.0)
        for (double d = 2.0; d < 2000.0; d *= 1.5) {
            orf__gravity_partition3(&g, rho, d, f);
            ORF_ASSERT_REL(f[0] + f[1] + f[2], 1.0, 1e-14);
            assert_true(f[0] >= 0.0 && f[1] >= 0.0 && f[2] >= 0.0);
        }
    /* dense coarse particles go to conc, light ones to tails, in-between to middlings */
    orf__gravity_partition3(&g, 4700.0, 300.0, f);
    assert_true(f[0] > 0.95);
    orf__gravity_partition3(&g, 2400.0, 300.0, f);
    assert_true(f[2] > 0.95);
    orf__gravity_partition3(&g, 3650.0, 150.0, f);
    assert_true(f[1] > 0.6);
    /* ultrafines follow the water split (bypass exp(-d/d_bypass) -> 1) */
    orf__gravity_partition3(&g, 4700.0, 1e-3, f);
    ORF_ASSERT_REL(f[0], 0.1, 1e-3);
    ORF_ASSERT_REL(f[1], 0.2, 1e-3);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(tromp_curve_passes_quartiles_at_ep),
        cmocka_unit_test(tromp_with_zero_ep_is_a_perfect_split),
        cmocka_unit_test(tromp_curve_is_monotone_in_density),
        cmocka_unit_test(cut_density_rises_and_ep_widens_for_fine_particles),
        cmocka_unit_test(three_product_split_sums_to_one_and_orders_products),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
