/* Capacity of the separators (src/units/capacity_model.c): the load per machine, the load
 * correction of a spiral's or table's cut density and Ep and of a WHIMS capture velocity, checked
 * against hand-computed values; and on the units, that a run at load ratio q equals a run at the
 * nominal load with the corrected parameters typed in (so the correction is exactly neutral at
 * the nominal load and is the documented relation elsewhere). */
#include "orf_test.h"
#include "units/capacity_model.h"
#include "units/sep_models.h"
#include "sep_fixture.h"
#include "units/units_impl.h"

#include <math.h>

static void load_per_machine_and_machines_needed(void **state)
{
    (void)state;
    double n, l;
    /* 206.8 t/h on 42 installed starts: 4.923809... t/h per start */
    orf__capacity_load(206.8, 42.0, 5.0, &n, &l);
    ORF_ASSERT_REL(n, 42.0, 0.0);
    ORF_ASSERT_REL(l, 206.8 / 42.0, 1e-15);
    /* machines 0: load = nominal exactly, machines = ceil(206.8/5) = 42 */
    orf__capacity_load(206.8, 0.0, 5.0, &n, &l);
    assert_true(n == 42.0);
    assert_true(l == 5.0);
    orf__capacity_load(10.0, 0.0, 5.0, &n, &l); /* exactly two machines */
    assert_true(n == 2.0 && l == 5.0);
    orf__capacity_load(0.0, 0.0, 5.0, &n, &l); /* no feed: none needed */
    assert_true(n == 0.0 && l == 5.0);
    orf__capacity_load(12.0, 0.0, 0.0, &n, &l); /* no nominal: one machine takes it all */
    assert_true(n == 1.0 && l == 12.0);
    orf__capacity_load((double)NAN, 3.0, 5.0, &n, &l);
    assert_true(n == 3.0 && l == 0.0);
    ORF_ASSERT_REL(orf__capacity_ratio(9.6, 5.0), 1.92, 1e-15);
    assert_true(orf__capacity_ratio(9.6, 0.0) == 1.0);
    assert_true(orf__capacity_ratio((double)NAN, 5.0) == 1.0);
}

static void flowing_film_correction_is_neutral_at_nominal_and_a_power_law_elsewhere(void **state)
{
    (void)state;
    double r50 = 3300.0, ep = 300.0;
    orf__capacity_gravity_cut(1.0, 0.5, 0.1, 1000.0, &r50, &ep);
    assert_true(r50 == 3300.0 && ep == 300.0); /* bit for bit */
    /* q = 2: rho50 = 1000 + 2300·2^0.1 = 3465.0789638334741, Ep = 300·√2 = 424.26406871192853 */
    orf__capacity_gravity_cut(2.0, 0.5, 0.1, 1000.0, &r50, &ep);
    ORF_ASSERT_REL(r50, 3465.0789638334741, 1e-14);
    ORF_ASSERT_REL(ep, 424.26406871192853, 1e-14);
    /* q = 0.8 (a cleaner run below its nominal rate): sharper and lower; I = Ep/(rho50 - rho_f)
     * scales as q^(a-b) = 0.8^0.4 = 0.91461... */
    r50 = 3300.0;
    ep = 300.0;
    orf__capacity_gravity_cut(0.8, 0.5, 0.1, 1000.0, &r50, &ep);
    ORF_ASSERT_REL(ep / (r50 - 1000.0), (300.0 / 2300.0) * 0.9146101038546527, 1e-13);
    assert_true(r50 < 3300.0 && ep < 300.0);
    /* zero exponents: no load effect; q <= 0 treated as nominal */
    r50 = 3300.0;
    ep = 300.0;
    orf__capacity_gravity_cut(3.0, 0.0, 0.0, 1000.0, &r50, &ep);
    orf__capacity_gravity_cut(-1.0, 0.5, 0.1, 1000.0, &r50, &ep);
    assert_true(r50 == 3300.0 && ep == 300.0);
}

static void whims_capture_velocity_scales_with_the_slurry_velocity(void **state)
{
    (void)state;
    assert_true(orf__capacity_whims_vc(1.0, 1.0, 1.907e-2) == 1.907e-2);
    ORF_ASSERT_REL(orf__capacity_whims_vc(2.0, 1.0, 1.907e-2), 3.814e-2, 1e-15);
    ORF_ASSERT_REL(orf__capacity_whims_vc(0.5, 1.0, 1.907e-2), 0.9535e-2, 1e-15);
    assert_true(orf__capacity_whims_vc(2.0, 0.0, 1.907e-2) == 1.907e-2);
    /* capture 1 - exp(-v_m/v_c) at twice the load: 1 - (1 - c)^(1/2) for a particle captured
     * with probability c at the nominal load, c = 0.75 -> 0.5 */
    double vm = -log(0.25) * 1.907e-2;
    ORF_ASSERT_REL(orf__whims_capture(vm, orf__capacity_whims_vc(2.0, 1.0, 1.907e-2)), 0.5, 1e-14);
}

static void range_check(void **state)
{
    (void)state;
    assert_true(orf__capacity_out_of_range(0.5, 1.0, 7.0) == 1.0);
    assert_true(orf__capacity_out_of_range(7.5, 1.0, 7.0) == 1.0);
    assert_true(orf__capacity_out_of_range(5.0, 1.0, 7.0) == 0.0);
    assert_true(orf__capacity_out_of_range(7.0, 1.0, 7.0) == 0.0);
    assert_true(orf__capacity_out_of_range(99.0, 1.0, 0.0) == 0.0); /* no upper bound */
    assert_true(orf__capacity_out_of_range(0.1, 0.0, 7.0) == 0.0);  /* no lower bound */
    assert_true(orf__capacity_out_of_range((double)NAN, 1.0, 7.0) == 0.0);
}

/* Run the fixture's unit (set up anew) and copy out the first three products. */
static void run_copy(sep_fixture *f, double out[3][256])
{
    assert_int_equal(sep_fixture_run(f), 0);
    sep_fixture_assert_balance(f);
    for (int k = 0; k < 3; k++)
        memcpy(out[k], f->xs[1 + k], sizeof out[k]);
}

static void assert_same_products(const sep_fixture *f, double a[3][256], double b[3][256], int nout,
                                 double tol)
{
    const orf_system *y = &f->sys;
    for (int k = 0; k < nout; k++)
        for (size_t i = 0; i < y->npart + y->nm; i++)
            ORF_ASSERT_ABS(a[k][i], b[k][i], tol * (fabs(b[k][i]) + 1e-300));
}

/* The fixture feeds 100 t/h of solids with 300 t/h of water (25 % solids). A spiral on 10 starts
 * (nominal 5 t/h) runs at q = 2: its products equal those of a spiral at the nominal load (machines
 * 0, or 20 starts) with rho50 - 1000 and the middlings cut scaled by 2^0.1 and Ep by 2^0.5 typed
 * in; it recovers less chromite and raises the load warning. */
static void spiral_at_twice_the_nominal_load_is_the_corrected_partition(void **state)
{
    (void)state;
    static double nominal[3][256], twenty[3][256], twice[3][256], typed[3][256];
    sep_fixture f;
    sep_fixture_init(&f);
    sep_fixture_unit(&f, &orf_unit_spiral);
    run_copy(&f, nominal);
    ORF_ASSERT_REL(f.r[5], 20.0, 0.0); /* machines = ceil(100/5) */
    ORF_ASSERT_REL(f.r[6], 5.0, 0.0);  /* load = nominal */
    assert_true(f.r[7] == 0.0 && f.r[8] == 0.0);
    double rec_nominal = f.r[2];
    sep_fixture_set(&f, "machines", 20.0);
    run_copy(&f, twenty);
    assert_same_products(&f, twenty, nominal, 3, 0.0);
    sep_fixture_set(&f, "machines", 10.0);
    run_copy(&f, twice);
    ORF_ASSERT_REL(f.r[6], 10.0, 1e-15);
    assert_true(f.r[7] == 1.0); /* 10 t/h per start > 7 */
    assert_true(f.r[2] < rec_nominal - 1.0);
    double imperf_twice = f.r[3];
    sep_fixture_set(&f, "machines", 0.0);
    sep_fixture_set(&f, "cut_density_kg_m3", 1000.0 + 2800.0 * pow(2.0, 0.1));
    sep_fixture_set(&f, "middlings_cut_density_kg_m3", 1000.0 + 2200.0 * pow(2.0, 0.1));
    sep_fixture_set(&f, "ep_kg_m3", 150.0 * sqrt(2.0));
    run_copy(&f, typed);
    assert_same_products(&f, twice, typed, 3, 1e-13);
    ORF_ASSERT_REL(imperf_twice, (150.0 / 2800.0) * pow(2.0, 0.4), 1e-13);
    sep_fixture_fini(&f);
}

static void spiral_warns_on_pulp_density_and_rejects_fractional_machines(void **state)
{
    (void)state;
    sep_fixture f;
    sep_fixture_init(&f);
    sep_fixture_unit(&f, &orf_unit_spiral);
    f.xs[0][f.sys.npart + 2] = 600.0; /* 100/(100 + 600) = 14.3 % solids < 20 */
    assert_int_equal(sep_fixture_run(&f), 0);
    assert_true(f.r[8] == 1.0);
    f.xs[0][f.sys.npart + 2] = 200.0; /* 33 % */
    assert_int_equal(sep_fixture_run(&f), 0);
    assert_true(f.r[8] == 0.0);
    f.xs[0][f.sys.npart + 2] = 100.0; /* 50 % > 40 */
    assert_int_equal(sep_fixture_run(&f), 0);
    assert_true(f.r[8] == 1.0);
    sep_fixture_set(&f, "machines", 12.5);
    assert_int_not_equal(unit_host_setup(&f.host, &f.u, f.ctx), ORF_OK);
    sep_fixture_set(&f, "machines", 12.0);
    sep_fixture_set(&f, "min_tph_per_machine", 8.0);
    assert_int_not_equal(unit_host_setup(&f.host, &f.u, f.ctx), ORF_OK);
    sep_fixture_fini(&f);
}

/* The jig has no published load relation (GAP): its exponents default to 0, so its products do
 * not depend on the number of units; the count is still reported. */
static void jig_load_is_reported_but_does_not_change_the_split(void **state)
{
    (void)state;
    static double a[3][256], b[3][256];
    sep_fixture f;
    sep_fixture_init(&f);
    sep_fixture_unit(&f, &orf_unit_jig);
    run_copy(&f, a);
    ORF_ASSERT_REL(f.r[5], 5.0, 0.0); /* ceil(100/20) */
    sep_fixture_set(&f, "machines", 1.0);
    run_copy(&f, b);
    ORF_ASSERT_REL(f.r[6], 100.0, 1e-15);
    assert_true(f.r[7] == 0.0); /* no range for jigs */
    assert_same_products(&f, a, b, 2, 0.0);
    sep_fixture_fini(&f);
}

/* WHIMS on 10 machines at 100 t/h (nominal 20 t/h per machine): q = 0.5, the capture velocity
 * halves; the products equal a run at the nominal load with v_c/2 typed in, and it recovers more
 * chromite than at the nominal load. */
static void whims_at_half_load_is_the_halved_capture_velocity(void **state)
{
    (void)state;
    static double nominal[3][256], half[3][256], typed[3][256];
    sep_fixture f;
    sep_fixture_init(&f);
    sep_fixture_unit(&f, &orf_unit_whims);
    sep_fixture_set(&f, "force_factor_t2_m", 200.0);
    run_copy(&f, nominal);
    ORF_ASSERT_REL(f.r[3], 5.0, 0.0);
    ORF_ASSERT_REL(f.r[4], 20.0, 0.0);
    double rec = f.r[1];
    sep_fixture_set(&f, "machines", 10.0);
    run_copy(&f, half);
    ORF_ASSERT_REL(f.r[4], 10.0, 1e-15);
    assert_true(f.r[5] == 0.0); /* 10 t/h within 5–30 */
    assert_true(f.r[1] > rec);
    sep_fixture_set(&f, "machines", 0.0);
    sep_fixture_set(&f, "capture_velocity_m_s", 1.907e-2 * 0.5);
    run_copy(&f, typed);
    assert_same_products(&f, half, typed, 2, 1e-13);
    sep_fixture_set(&f, "machines", 2.0); /* 50 t/h per machine > 30 */
    assert_int_equal(sep_fixture_run(&f), 0);
    assert_true(f.r[5] == 1.0);
    sep_fixture_fini(&f);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(load_per_machine_and_machines_needed),
        cmocka_unit_test(flowing_film_correction_is_neutral_at_nominal_and_a_power_law_elsewhere),
        cmocka_unit_test(whims_capture_velocity_scales_with_the_slurry_velocity),
        cmocka_unit_test(range_check),
        cmocka_unit_test(spiral_at_twice_the_nominal_load_is_the_corrected_partition),
        cmocka_unit_test(spiral_warns_on_pulp_density_and_rejects_fractional_machines),
        cmocka_unit_test(jig_load_is_reported_but_does_not_change_the_split),
        cmocka_unit_test(whims_at_half_load_is_the_halved_capture_velocity),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
