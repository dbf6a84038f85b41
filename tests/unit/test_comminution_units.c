/* Crusher, ball mill and rod mill on real streams: mass closes per material and composition
 * class, bulk and water pass through, the product is finer, Bond power is consistent with the
 * streams' F80 and P80, and the limiting cases hold. */
#include <math.h>

#include "units/units_cc.h"
#include "units_fixture.h"

static void crusher_breaks_and_conserves(void **state)
{
    (void)state;
    uf_fixture f;
    uf_init(&f, 5.0);
    uf_unit(&f, &orf_unit_crusher, 1);
    uf_set(&f, "k1_mm", 0.3);
    uf_set(&f, "k2_mm", 1.2);
    uf_set(&f, "ecs_kwh_per_t", 0.8);
    uf_run(&f);
    uf_assert_column_balance(&f);
    /* nothing coarser than K2 survives */
    for (size_t m = 0; m < 2; m++)
        ORF_ASSERT_ABS(f.xs[1][orf_ix(&f.sys, m, 0, 0)], 0.0, 0.0);
    assert_true(uf_result(&f, "p80_um") < uf_result(&f, "f80_um"));
    double t10 = 0.6 * (1.0 - exp(-0.8));
    ORF_ASSERT_REL(uf_result(&f, "t10_pct"), 100.0 * t10, 1e-12);
    ORF_ASSERT_REL(uf_result(&f, "power_kw"), 0.8 * uf_result(&f, "broken_tph"), 1e-12);
    uf_fini(&f);
}

/* K1 above the top size: nothing is broken, product = feed, no power. */
static void crusher_open_setting_passes_feed(void **state)
{
    (void)state;
    uf_fixture f;
    uf_init(&f, 5.0);
    uf_unit(&f, &orf_unit_crusher, 1);
    uf_set(&f, "k1_mm", 5.0);
    uf_set(&f, "k2_mm", 9.0);
    uf_run(&f);
    for (size_t i = 0; i < f.sys.nvar; i++)
        ORF_ASSERT_REL(f.xs[1][i], f.xs[0][i], 0.0);
    ORF_ASSERT_ABS(uf_result(&f, "broken_tph"), 0.0, 0.0);
    uf_fini(&f);
}

static void crusher_rejects_k2_below_k1(void **state)
{
    (void)state;
    uf_fixture f;
    uf_init(&f, 5.0);
    uf_unit(&f, &orf_unit_crusher, 1);
    uf_set(&f, "k1_mm", 5.0);
    uf_set(&f, "k2_mm", 4.0);
    assert_int_equal(uf_setup(&f), ORF_E_RANGE);
    uf_fini(&f);
}

/* Ball mill: τ = 60 · holdup / feed t/h; Bond W = 10 Wi (1/√P80 − 1/√F80) with the streams'
 * sizes; power = W × feed t/h; mass closes per material and composition class. */
static void ball_mill_population_balance_and_bond_power(void **state)
{
    (void)state;
    uf_fixture f;
    uf_init(&f, 50.0);
    uf_unit(&f, &orf_unit_ball_mill, 1);
    uf_set(&f, "holdup_t", 25.0);
    uf_set(&f, "wi_kwh_per_t", 13.5);
    uf_run(&f);
    uf_assert_column_balance(&f);
    double fs = orf_stream_particulate_tph(&f.st[0]);
    ORF_ASSERT_REL(uf_result(&f, "tau_min"), 60.0 * 25.0 / fs, 1e-14);
    double f80 = orf_stream_pxx_um(&f.st[0], 80.0), p80 = orf_stream_pxx_um(&f.st[1], 80.0);
    assert_true(p80 < f80);
    double w = 10.0 * 13.5 * (1.0 / sqrt(p80) - 1.0 / sqrt(f80));
    ORF_ASSERT_REL(uf_result(&f, "specific_energy_kwh_per_t"), w, 1e-12);
    ORF_ASSERT_REL(uf_result(&f, "power_kw"), w * fs, 1e-12);
    uf_fini(&f);
}

/* Zero residence time (zero breakage): product = feed and zero Bond energy. More mixers in
 * series at the same τ leave less top size (closer to plug flow). */
static void mill_limits(void **state)
{
    (void)state;
    uf_fixture f;
    uf_init(&f, 50.0);
    uf_unit(&f, &orf_unit_ball_mill, 1);
    uf_set(&f, "tau_min", 0.0);
    uf_run(&f);
    for (size_t i = 0; i < f.sys.nvar; i++)
        ORF_ASSERT_REL(f.xs[1][i], f.xs[0][i], 0.0);
    ORF_ASSERT_ABS(uf_result(&f, "power_kw"), 0.0, 1e-12);
    uf_fini(&f);

    double top[2];
    const orf_unit_type *types[2] = {&orf_unit_ball_mill, &orf_unit_rod_mill};
    for (int k = 0; k < 2; k++) {
        uf_init(&f, 50.0);
        uf_unit(&f, types[k], 1);
        uf_set(&f, "tau_min", 4.0);
        uf_set(&f, "mu_mm", 3.0);
        uf_run(&f);
        uf_assert_column_balance(&f);
        top[k] = f.xs[1][orf_ix(&f.sys, 1, 0, 0)];
        uf_fini(&f);
    }
    assert_true(top[1] < top[0]); /* rod mill: 3 mixers by default */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(crusher_breaks_and_conserves),
        cmocka_unit_test(crusher_open_setting_passes_feed),
        cmocka_unit_test(crusher_rejects_k2_below_k1),
        cmocka_unit_test(ball_mill_population_balance_and_bond_power),
        cmocka_unit_test(mill_limits),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
