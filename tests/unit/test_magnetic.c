/* WHIMS: magnetic velocity and matrix capture (src/units/magnetic_model.c) and the unit. */
#include "orf_test.h"
#include "units/sep_models.h"
#include "sep_fixture.h"
#include "units/units_impl.h"

/* Svoboda (1987) force balance: v_m = chi·rho·d²·B∇B/(18·mu0·eta), by hand in SI units:
 * chi 1e-6 m3/kg, rho 4500 kg/m3, d 10 µm, B∇B 1000 T²/m, eta 1e-3 Pa·s
 * -> 1e-6·4500·1e-10·1000 / (18·1.25663706212e-6·1e-3) = 0.019894367... m/s. */
static void magnetic_velocity_matches_force_balance_by_hand(void **state)
{
    (void)state;
    double v = orf__magnetic_velocity_m_s(1e-6, 4500.0, 10.0, 1000.0, 1e-3);
    ORF_ASSERT_REL(v, 4.5e-10 / (18.0 * 1.25663706212e-6 * 1e-3), 1e-14);
    ORF_ASSERT_REL(v, 0.0198943678865, 1e-9);
    /* d² scaling and diamagnetic particles (quartz) are not attracted */
    ORF_ASSERT_REL(orf__magnetic_velocity_m_s(1e-6, 4500.0, 20.0, 1000.0, 1e-3), 4.0 * v, 1e-14);
    assert_true(orf__whims_capture(orf__magnetic_velocity_m_s(-6e-9, 2650.0, 50.0, 2000.0, 1e-3),
                                   0.01) == 0.0);
}

/* Longi-Multotec VRWHIMS (International Mining 2015): force factor 2×10^8 G²/mm, recovers down
 * to about 5 µm. 1 G = 1e-4 T and 1/mm = 1e3/m, so 2e8 G²/mm = 2000 T²/m. With the unit's default
 * capture velocity 1.907e-2 m/s, chromite (chi 1.3e-6 m3/kg, rho 4600: data/materials.yaml) is half
 * captured at 5 µm. */
static void whims_default_halves_chromite_capture_at_5_um(void **state)
{
    (void)state;
    double ff = 2e8 * 1e-8 * 1e3;
    ORF_ASSERT_REL(ff, 2000.0, 1e-15);
    double vm5 = orf__magnetic_velocity_m_s(1.3e-6, 4600.0, 5.0, ff, 1e-3);
    double vc = vm5 / 0.69314718055994531;
    ORF_ASSERT_REL(vc, 1.907e-2, 1e-3); /* the unit's default capture_velocity_m_s */
    ORF_ASSERT_REL(orf__whims_capture(vm5, vc), 0.5, 1e-12);
    /* capture rises monotonically with size and susceptibility */
    double prev = -1.0;
    for (double d = 0.5; d < 500.0; d *= 1.3) {
        double c = orf__whims_capture(orf__magnetic_velocity_m_s(1.3e-6, 4600.0, d, ff, 1e-3), vc);
        assert_true(c >= prev);
        prev = c;
    }
    assert_true(prev > 0.999);
    assert_true(orf__whims_capture(orf__magnetic_velocity_m_s(1.3e-6, 4600.0, 2.0, ff, 1e-3), vc) <
                0.15);
}

/* The WHIMS on real streams: balance per cell, chromite recovered better than serpentine,
 * capture rising with size, a composite (volume-weighted chi) between the two. */
static void whims_unit_balances_and_prefers_chromite(void **state)
{
    (void)state;
    sep_fixture f;
    sep_fixture_init(&f);
    sep_fixture_unit(&f, &orf_unit_whims);
    sep_fixture_set(&f, "force_factor_t2_m", 200.0);
    assert_int_equal(sep_fixture_run(&f), 0);
    sep_fixture_assert_balance(&f);
    const orf_system *y = &f.sys;
    for (size_t s = 1; s < 4; s++) {
        double rc = f.xs[1][orf_ix(y, 0, s, 0)] / f.xs[0][orf_ix(y, 0, s, 0)];
        double rs = f.xs[1][orf_ix(y, 1, s, 0)] / f.xs[0][orf_ix(y, 1, s, 0)];
        double rx = f.xs[1][orf_ix(y, 0, s, 1)] / f.xs[0][orf_ix(y, 0, s, 1)];
        assert_true(rc > rs);
        assert_true(rx < rc && rx > rs);
    }
    double prev = 2.0; /* down to 3 µm; finer classes gain the slimes misplacement */
    for (size_t s = 0; s < 4; s++) {
        double rc = f.xs[1][orf_ix(y, 0, s, 0)] / f.xs[0][orf_ix(y, 0, s, 0)];
        assert_true(rc <= prev);
        prev = rc;
    }
    ORF_ASSERT_REL(f.xs[1][y->npart + 2], 75.0, 1e-14); /* 25 % of the water to the mags */
    sep_fixture_fini(&f);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(magnetic_velocity_matches_force_balance_by_hand),
        cmocka_unit_test(whims_default_halves_chromite_capture_at_5_um),
        cmocka_unit_test(whims_unit_balances_and_prefers_chromite),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
