/* LIMS: magnetisation of magnetite grains, drum field, velocity to the drum
 * (src/units/magnetic_model.c) and the unit on streams (src/units/lims.c). */
#include "orf_test.h"
#include "units/sep_models.h"
#include "sep_fixture.h"
#include "units/units_impl.h"

/* Magnetite: sigma_s 92 A·m²/kg (Banerjee & Moskowitz 1985) × 5180 kg/m³ (Deer, Howie &
 * Zussman; data/materials.yaml) = 476,560 A/m (mu0·M_s = 0.599 T, the handbook 0.6 T). A sphere
 * (N = 1/3) in H = 100 kA/m: H/N = 300 kA/m, M = 300e3·476560/776560 = 184,104.25 A/m by hand;
 * weak fields give M = 3H (demagnetisation-limited, Svoboda 1987), strong fields saturate. */
static void magnetite_magnetisation_limits_and_by_hand(void **state)
{
    (void)state;
    double ms = 92.0 * 5180.0;
    ORF_ASSERT_REL(ms * ORF__MU0, 0.59887, 1e-4);
    double m = orf__ferro_magnetisation_a_m(1e5, ms, 1.0 / 3.0);
    ORF_ASSERT_REL(m, 3e5 * ms / (ms + 3e5), 1e-14);
    ORF_ASSERT_REL(m, 184104.2547, 1e-9);
    ORF_ASSERT_REL(orf__ferro_magnetisation_a_m(100.0, ms, 1.0 / 3.0), 300.0, 1e-3);
    ORF_ASSERT_REL(orf__ferro_magnetisation_a_m(1e9, ms, 1.0 / 3.0), ms, 1e-3);
    assert_true(orf__ferro_magnetisation_a_m(1e5, 0.0, 1.0 / 3.0) == 0.0); /* quartz */
}

/* Drum field B = B0·exp(−pi·x/p): 0.3 T at the surface (3 kOe, the iron-ore industry's drum for
 * the magnetic fraction), gradient pi/p·B = 9.42478 T/m for p = 100 mm; one pitch out,
 * B0·exp(−pi). Velocity to the drum by hand: M 1e5 A/m, ∇B 3 T/m, Δrho 4180, d 20 µm,
 * eta 1e-3: 4e-10·(3e5 − 4180·9.80665)/0.018 = 5.75574e-3 m/s. */
static void drum_field_and_velocity_by_hand(void **state)
{
    (void)state;
    double b, g;
    orf__drum_field(0.3, 100.0, 0.0, &b, &g);
    ORF_ASSERT_REL(b, 0.3, 1e-15);
    ORF_ASSERT_REL(g, 9.42477796076938, 1e-12);
    orf__drum_field(0.3, 100.0, 100.0, &b, &g);
    ORF_ASSERT_REL(b, 0.3 * exp(-3.14159265358979323846), 1e-14);
    double v = orf__lims_velocity_m_s(1e5, 3.0, 4180.0, 20.0, 1e-3);
    ORF_ASSERT_REL(v, 4e-10 * (3e5 - 4180.0 * 9.80665) / 0.018, 1e-14);
    ORF_ASSERT_REL(v, 5.755738e-3, 1e-6);
    /* quartz (no magnetisation) sinks: negative, never captured */
    assert_true(orf__lims_velocity_m_s(0.0, 3.0, 1650.0, 50.0, 1e-3) < 0.0);
    assert_true(orf__whims_capture(orf__lims_velocity_m_s(0.0, 3.0, 1650.0, 50.0, 1e-3), 5e-4) ==
                0.0);
}

/* Locked particles report by their magnetite content: at the default drum (0.3 T, 100 mm pitch,
 * 40 mm pickup) a magnetite-quartz particle is lifted only above the volume fraction where
 * phi·M·∇B = Δrho(phi)·g, and its velocity rises monotonically with phi. */
static void locked_particles_report_by_magnetite_content(void **state)
{
    (void)state;
    double b, g;
    orf__drum_field(0.3, 100.0, 40.0, &b, &g);
    double mm = orf__ferro_magnetisation_a_m(b / ORF__MU0, 92.0 * 5180.0, 1.0 / 3.0);
    double prev = -1e30, phi0 = -1.0;
    for (double phi = 0.0; phi <= 1.0 + 1e-12; phi += 0.01) {
        double rho = phi * 5180.0 + (1.0 - phi) * 2650.0;
        double v = orf__lims_velocity_m_s(phi * mm, g, rho - 1000.0, 40.0, 1e-3);
        assert_true(v > prev);
        if (phi0 < 0.0 && v > 0.0)
            phi0 = phi;
        prev = v;
    }
    /* threshold by hand: phi·mm·g_B = (1650 + 2530·phi)·9.80665 */
    double phi_c = 1650.0 * 9.80665 / (mm * g - 2530.0 * 9.80665);
    assert_true(phi0 >= phi_c && phi0 < phi_c + 0.0100001);
    assert_true(phi_c > 0.01 && phi_c < 0.2); /* a few % magnetite suffices, barren rock sinks */
}

/* The unit: balance per cell, liberated magnetite captured almost completely above 10 µm,
 * gangue only by entrainment (3 %), composites in between; water by water_to_mags_pct. */
static void lims_unit_balances_and_captures_magnetite(void **state)
{
    (void)state;
    sep_fixture f;
    sep_fixture_init(&f);
    f.props[0][0].name = "saturation_magnetisation_am2_kg"; /* material 0 as magnetite */
    f.props[0][0].value = 92.0;
    f.mat[0].density_kg_m3 = 5180.0;
    f.props[1][0].name = "saturation_magnetisation_am2_kg"; /* serpentine: none */
    f.props[1][0].value = 0.0;
    sep_fixture_unit(&f, &orf_unit_lims);
    assert_int_equal(sep_fixture_run(&f), 0);
    sep_fixture_assert_balance(&f);
    const orf_system *y = &f.sys;
    for (size_t s = 0; s < 6; s++) {
        double rm = f.xs[1][orf_ix(y, 0, s, 0)] / f.xs[0][orf_ix(y, 0, s, 0)];
        double rg = f.xs[1][orf_ix(y, 1, s, 0)] / f.xs[0][orf_ix(y, 1, s, 0)];
        double rx = f.xs[1][orf_ix(y, 0, s, 1)] / f.xs[0][orf_ix(y, 0, s, 1)];
        ORF_ASSERT_REL(rg, 0.03, 1e-12);
        assert_true(rx <= rm && rx >= rg);
        if (y->mid_um[s] > 10.0)
            assert_true(rm > 0.999);
    }
    ORF_ASSERT_REL(f.xs[1][y->npart + 2], 45.0, 1e-14); /* 15 % of 300 t/h water */
    double vin = 0.0, vout = 0.0;
    for (size_t s = 0; s < 6; s++)
        for (size_t c = 0; c < 2; c++) {
            vin += f.xs[0][orf_ix(y, 0, s, c)];
            vout += f.xs[1][orf_ix(y, 0, s, c)];
        }
    ORF_ASSERT_REL(f.r[1], 100.0 * vout / vin, 1e-12); /* valuable_recovery_pct */
    assert_true(f.r[1] > 70.0 && f.r[1] < 100.0);      /* slimes below ~5 µm are lost */
    sep_fixture_fini(&f);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(magnetite_magnetisation_limits_and_by_hand),
        cmocka_unit_test(drum_field_and_velocity_by_hand),
        cmocka_unit_test(locked_particles_report_by_magnetite_content),
        cmocka_unit_test(lims_unit_balances_and_captures_magnetite),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
