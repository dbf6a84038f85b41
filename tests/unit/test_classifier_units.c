/* Classification and solid–liquid units on real streams: hydrocyclone (fixed and Plitt modes),
 * screen, hydrosizer, thickener, filter. Balances per cell to 1e-12; partition curves monotone;
 * Plitt's density term and volume split carried through the stream split. */
#include <math.h>

#include "units/units_cc.h"
#include "units_fixture.h"

static double feed_mean_density(uf_fixture *f)
{
    const orf_system *y = &f->sys;
    double m = 0.0, v = 0.0;
    for (size_t s = 0; s < y->ns; s++) {
        for (size_t k = 0; k < 2; k++) {
            double x = f->xs[0][orf_ix(y, k, s, 0)] + f->xs[0][orf_ix(y, k, s, 1)];
            m += x;
            v += x / f->mat[k].density_kg_m3;
        }
    }
    return m / v;
}

/* Fixed mode: Y = Rf + (1-Rf)(1 - exp(-ln2 (d/d50c(ρ))^m)), d50c(ρ) = d50c ((ρs-1000)/(ρ-1000))^½
 * (Plitt 1976's density term) for liberated chromite and serpentine; balance closes. */
static void cyclone_fixed_mode_partition_and_balance(void **state)
{
    (void)state;
    uf_fixture f;
    uf_init(&f, 300.0);
    uf_unit(&f, &orf_unit_hydrocyclone, 1);
    uf_set(&f, "d50c_um", 60.0);
    uf_set(&f, "sharpness_m", 2.2);
    uf_set(&f, "water_split_underflow", 0.25);
    uf_run(&f);
    uf_assert_balance(&f);
    double rho_s = feed_mean_density(&f);
    for (size_t s = 0; s < UF_NS; s++)
        for (size_t m = 0; m < 2; m++) {
            double rho = f.mat[m].density_kg_m3;
            double d50 = 60.0 * sqrt((rho_s - 1000.0) / (rho - 1000.0));
            double y = 0.25 + 0.75 * orf__plitt_efficiency(f.mid[s] / d50, 2.2);
            ORF_ASSERT_REL(uf_partition(&f, 1, m, s, 0), y, 1e-12);
        }
    /* denser particles are cut finer; composites fall between; curves rise with size */
    for (size_t s = 0; s < UF_NS; s++) {
        double pc = uf_partition(&f, 1, 0, s, 0), ps = uf_partition(&f, 1, 1, s, 0);
        double pm = uf_partition(&f, 1, 0, s, 1);
        assert_true(pc >= ps);
        assert_true(pm <= pc + 1e-15 && pm >= ps - 1e-15);
        if (s > 0)
            assert_true(uf_partition(&f, 1, 1, s, 0) <= uf_partition(&f, 1, 1, s - 1, 0));
    }
    ORF_ASSERT_REL(uf_result(&f, "water_split_underflow"), 0.25, 0.0);
    ORF_ASSERT_REL(f.xs[2][f.sys.npart + 2], 75.0, 1e-15);
    uf_fini(&f);
}

/* Plitt mode: the flow split reached in the streams (underflow/overflow slurry volume) is the
 * S of Plitt's equation at the computed pressure and the feed's φ and pulp density: the closed
 * form for Rf carries through the split exactly. */
static void cyclone_plitt_mode_reaches_the_split(void **state)
{
    (void)state;
    uf_fixture f;
    uf_init(&f, 300.0);
    uf_unit(&f, &orf_unit_hydrocyclone, 1);
    uf_set(&f, "dc_cm", 38.0);
    uf_set(&f, "di_cm", 10.0);
    uf_set(&f, "do_cm", 13.0);
    uf_set(&f, "du_cm", 6.5);
    uf_set(&f, "h_cm", 110.0);
    uf_set(&f, "n_cyclones", 2.0);
    uf_run(&f);
    uf_assert_balance(&f);
    double slurry = orf_stream_slurry_m3h(&f.st[0]);
    double ms = orf_stream_particulate_tph(&f.st[0]);
    double vs = 1000.0 * ms / feed_mean_density(&f);
    double phi = 100.0 * vs / slurry;
    orf_plitt_geom g = {38, 10, 13, 6.5, 110};
    double q = slurry * 1000.0 / 60.0 / 2.0;
    double press = orf__plitt_pressure_kpa(&g, q, phi, 1.0);
    ORF_ASSERT_REL(uf_result(&f, "pressure_kpa"), press, 1e-12);
    ORF_ASSERT_REL(uf_result(&f, "feed_solids_vol_pct"), phi, 1e-12);
    double rho_pulp = orf_stream_total_tph(&f.st[0]) / slurry;
    double split = orf__plitt_split(&g, press, phi, rho_pulp, 1.0);
    ORF_ASSERT_REL(uf_result(&f, "flow_split"), split, 1e-10);
    ORF_ASSERT_REL(orf_stream_slurry_m3h(&f.st[2]) / orf_stream_slurry_m3h(&f.st[1]), split, 1e-10);
    double rho_s = feed_mean_density(&f);
    ORF_ASSERT_REL(uf_result(&f, "d50c_um"),
                   orf__plitt_d50c_um(&g, q, phi, 1.0, rho_s / 1000.0, 1.0, 0.5, 1.0), 1e-12);
    ORF_ASSERT_REL(uf_result(&f, "sharpness_m"), orf__plitt_sharpness(&g, split, q, 1.0), 1e-12);
    uf_fini(&f);
}

/* Flow from pressure: the number of cyclones at 100 kPa is total flow / flow per cyclone. */
static void cyclone_flow_from_pressure(void **state)
{
    (void)state;
    uf_fixture f;
    uf_init(&f, 300.0);
    uf_unit(&f, &orf_unit_hydrocyclone, 1);
    uf_set_str(&f, "model", "plitt");
    uf_set(&f, "pressure_kpa", 100.0);
    uf_run(&f);
    uf_assert_balance(&f);
    double slurry = orf_stream_slurry_m3h(&f.st[0]);
    ORF_ASSERT_REL(uf_result(&f, "n_cyclones") * uf_result(&f, "flow_per_cyclone_m3h"), slurry,
                   1e-12);
    ORF_ASSERT_REL(uf_result(&f, "pressure_kpa"), 100.0, 0.0);
    uf_fini(&f);
}

static void cyclone_rejects_an_unknown_model(void **state)
{
    (void)state;
    uf_fixture f;
    uf_init(&f, 300.0);
    uf_unit(&f, &orf_unit_hydrocyclone, 1);
    uf_set_str(&f, "model", "plit");
    assert_int_equal(uf_setup(&f), ORF_E_INPUT);
    assert_true(orf_ctx_error_count(f.ctx) >= 1);
    uf_fini(&f);
}

/* Screen: with α → ∞ and no bypass, a perfect cut at d50 (class mid sizes on either side);
 * water split as given; balance closes; the curve rises with size. */
static void screen_sharp_limit_and_water(void **state)
{
    (void)state;
    uf_fixture f;
    uf_init(&f, 100.0);
    uf_unit(&f, &orf_unit_screen, 1);
    uf_set(&f, "d50_um", 300.0);
    uf_set(&f, "alpha", 1e5);
    uf_set(&f, "water_to_undersize_pct", 85.0);
    uf_run(&f);
    uf_assert_balance(&f);
    for (size_t s = 0; s < UF_NS; s++)
        for (size_t m = 0; m < 2; m++)
            ORF_ASSERT_ABS(uf_partition(&f, 0, m, s, 0), f.mid[s] > 300.0 ? 1.0 : 0.0, 1e-12);
    ORF_ASSERT_REL(f.xs[2][f.sys.npart + 2], 85.0, 1e-14);
    ORF_ASSERT_REL(uf_result(&f, "undersize_efficiency_pct"), 100.0, 1e-12);
    uf_fini(&f);

    uf_init(&f, 100.0);
    uf_unit(&f, &orf_unit_screen, 1);
    uf_set(&f, "d50_um", 300.0);
    uf_set(&f, "fines_bypass_pct", 10.0);
    uf_run(&f);
    uf_assert_balance(&f);
    for (size_t s = 1; s < UF_NS; s++)
        assert_true(uf_partition(&f, 0, 1, s, 0) <= uf_partition(&f, 0, 1, s - 1, 0));
    ORF_ASSERT_REL(uf_partition(&f, 0, 1, UF_NS - 1, 0), 0.1, 1e-2); /* E(0.0065) ≈ 5e-4 */
    uf_fini(&f);
}

/* Hydrosizer: teeter water (stream 1) joins the balance; chromite reports to the spigot at
 * finer sizes than serpentine; spigot at the target % solids. */
static void hydrosizer_density_cut_and_balance(void **state)
{
    (void)state;
    uf_fixture f;
    uf_init(&f, 150.0);
    f.xs[1][f.sys.npart + 2] = 80.0; /* teeter water, t/h */
    uf_unit(&f, &orf_unit_hydrosizer, 2);
    uf_set(&f, "area_m2", 3.0);
    uf_run(&f);
    uf_assert_balance(&f);
    ORF_ASSERT_REL(uf_result(&f, "rise_velocity_mm_s"), 80.0 / 3600.0 / 3.0 * 1000.0, 1e-12);
    for (size_t s = 0; s < UF_NS; s++) {
        /* outlet 1 = underflow */
        size_t i0 = orf_ix(&f.sys, 0, s, 0), i1 = orf_ix(&f.sys, 1, s, 0);
        double pc = f.xs[3][i0] / f.xs[0][i0], ps = f.xs[3][i1] / f.xs[0][i1];
        assert_true(pc >= ps);
    }
    double us = orf_stream_particulate_tph(&f.st[3]), uw = orf_stream_water_tph(&f.st[3]);
    ORF_ASSERT_REL(100.0 * us / (us + uw), 65.0, 1e-12);
    uf_fini(&f);
}

/* Thickener: recovery and underflow density as set; overflow clarity from the lost solids.
 * Filter: cake moisture as set. */
static void thickener_and_filter_targets(void **state)
{
    (void)state;
    uf_fixture f;
    uf_init(&f, 400.0);
    uf_unit(&f, &orf_unit_thickener, 1);
    uf_set(&f, "solids_recovery_pct", 99.0);
    uf_set(&f, "underflow_pct_solids", 55.0);
    uf_run(&f);
    uf_assert_balance(&f);
    double us = orf_stream_particulate_tph(&f.st[2]), uw = orf_stream_water_tph(&f.st[2]);
    ORF_ASSERT_REL(us, 99.0, 1e-12);
    ORF_ASSERT_REL(100.0 * us / (us + uw), 55.0, 1e-12);
    ORF_ASSERT_REL(uf_result(&f, "overflow_solids_mg_l"), 1e6 * 1.0 / (400.0 - 99.0 * 45.0 / 55.0),
                   1e-12);
    uf_fini(&f);

    uf_init(&f, 60.0);
    uf_unit(&f, &orf_unit_filter, 1);
    uf_set(&f, "cake_moisture_pct", 9.0);
    uf_run(&f);
    uf_assert_balance(&f);
    us = orf_stream_particulate_tph(&f.st[1]);
    uw = orf_stream_water_tph(&f.st[1]);
    ORF_ASSERT_REL(100.0 * uw / (us + uw), 9.0, 1e-12);
    ORF_ASSERT_REL(uf_result(&f, "cake_moisture_pct"), 9.0, 1e-12);
    uf_fini(&f);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(cyclone_fixed_mode_partition_and_balance),
        cmocka_unit_test(cyclone_plitt_mode_reaches_the_split),
        cmocka_unit_test(cyclone_flow_from_pressure),
        cmocka_unit_test(cyclone_rejects_an_unknown_model),
        cmocka_unit_test(screen_sharp_limit_and_water),
        cmocka_unit_test(hydrosizer_density_cut_and_balance),
        cmocka_unit_test(thickener_and_filter_targets),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
