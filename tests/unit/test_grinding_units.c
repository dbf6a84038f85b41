/* SAG/AG mill and HPGR (issue 19 part 5): the published equations against hand computations
 * (Austin's 1990 SAG power, Morrell's 2004 energy–size relation, the HPGR continuity and power
 * equations), the perfect-mixing mill's balance, and the units on real streams: mass closes per
 * material and composition class to 1e-12, the results are the equations of their own streams,
 * and the limiting cases hold. */
#include <math.h>

#include "units/grinding_model.h"
#include "units/units_cc.h"
#include "units_fixture.h"

/* Austin (1990) by hand for a 34 × 17 ft (10.36 m × 5.18 m) mill, J = 0.30, JB = 0.12, ρs = 2.7,
 * ρb = 7.75 t/m³, 75 % critical, eB = 0.3, wc = 0.8:
 *   10.6·10.36^2.5·5.18 = 18,971; (1 − 0.309) = 0.691;
 *   [0.7·3.375·0.30 + 0.6·0.12·(7.75 − 3.375)] = 0.70875 + 0.315 = 1.02375;
 *   0.75·(1 − 0.1/2^1.5) = 0.723483  →  P ≈ 9,709 kW (a 34-ft SAG mill draws 9-12 MW). */
static void austin_sag_power_by_hand(void **state)
{
    (void)state;
    double p = orf__austin_sag_power_kw(10.36, 5.18, 0.30, 0.12, 0.3, 0.8, 2.7, 7.75, 0.75);
    double expect = 10.6 * pow(10.36, 2.5) * 5.18 * (1.0 - 1.03 * 0.30) *
                    (0.7 * (2.7 / 0.8) * 0.30 + 0.6 * 0.12 * (7.75 - 2.7 / 0.8)) * 0.75 *
                    (1.0 - 0.1 / pow(2.0, 1.5));
    ORF_ASSERT_REL(p, expect, 1e-14);
    ORF_ASSERT_REL(p, 9709.0, 2e-3); /* the hand figures above, rounded */
    /* more balls draw more power; a speed of 0 draws none */
    assert_true(orf__austin_sag_power_kw(10.36, 5.18, 0.30, 0.15, 0.3, 0.8, 2.7, 7.75, 0.75) > p);
    ORF_ASSERT_ABS(orf__austin_sag_power_kw(10.36, 5.18, 0.30, 0.12, 0.3, 0.8, 2.7, 7.75, 0.0), 0.0,
                   0.0);
}

/* Morrell (2004): W = Mi·4·(x2^f(x2) − x1^f(x1)), f(x) = −(0.295 + x/1e6). Mi = 20 kWh/t, F80 =
 * 10 mm, P80 = 150 µm: 150^−0.29515 = 0.227921, 10000^−0.305 = 0.060256 → W = 13.413 kWh/t. */
static void morrell_energy_by_hand(void **state)
{
    (void)state;
    double w = orf__morrell_specific_energy(20.0, 10000.0, 150.0);
    double expect = 80.0 * (pow(150.0, -0.29515) - pow(10000.0, -0.305));
    ORF_ASSERT_REL(w, expect, 1e-14);
    ORF_ASSERT_REL(w, 13.413, 1e-3);
    ORF_ASSERT_ABS(orf__morrell_specific_energy(20.0, 500.0, 500.0), 0.0, 1e-15);
}

/* Grate classification: 1 below xm, 0 above xg, ln-linear between (½ at the geometric mean). */
static void grate_classification(void **state)
{
    (void)state;
    ORF_ASSERT_ABS(orf__grate_classification(0.5, 1.0, 16.0), 1.0, 0.0);
    ORF_ASSERT_ABS(orf__grate_classification(20.0, 1.0, 16.0), 0.0, 0.0);
    ORF_ASSERT_REL(orf__grate_classification(4.0, 1.0, 16.0), 0.5, 1e-14);
}

/* Perfect mixing, two classes by hand: f = (10, 0) t/h, r = (2, 0)/h, c = (0.25, 1), dmax = 4/h,
 * b21 = 1: s1 = 10/(2 + 1) = 3.3333, p1 = 1·s1 = 3.3333; s2 = (0 + 2·s1)/4 = 1.6667,
 * p2 = 6.6667; Σp = Σf. */
static void perfect_mixing_by_hand(void **state)
{
    (void)state;
    double f[2] = {10.0, 0.0}, r[2] = {2.0, 0.0}, c[2] = {0.25, 1.0}, b[4] = {0.0, 0.0, 1.0, 0.0};
    double s[2], p[2];
    double h = orf__perfect_mixing_solve(2, f, r, c, 4.0, b, s, p);
    ORF_ASSERT_REL(s[0], 10.0 / 3.0, 1e-15);
    ORF_ASSERT_REL(p[0], 10.0 / 3.0, 1e-15);
    ORF_ASSERT_REL(s[1], 5.0 / 3.0, 1e-15);
    ORF_ASSERT_REL(p[1], 20.0 / 3.0, 1e-15);
    ORF_ASSERT_REL(h, 5.0, 1e-15);
}

/* HPGR: continuity throughput G = 3600 ρg s0 L U; critical gap x_c = s0 ρg/ρa; the nip angle
 * puts the gap s0 + D(1 − cos a) at x_c; P = 2 F sin(a/2) U. For D = 1.7 m, L = 1.4 m, s0 =
 * 35 mm, ρg = 0.83·2.7 = 2.241, ρa = 0.6·2.7 = 1.62 t/m³, U = 1.5 m/s, F_sp = 3.5 N/mm² (F =
 * 8,330 kN): G = 593.0 t/h, x_c = 48.4 mm, a = 7.203°, P = 1,569.8 kW, E = 2.647 kWh/t. */
static void hpgr_equations_by_hand(void **state)
{
    (void)state;
    double g = orf__hpgr_throughput_tph(2.241, 0.035, 1.4, 1.5);
    ORF_ASSERT_REL(g, 3600.0 * 2.241 * 0.035 * 1.4 * 1.5, 1e-15);
    ORF_ASSERT_REL(g, 592.97, 1e-4);
    double xc = orf__hpgr_critical_gap_m(0.035, 1.62, 2.241);
    ORF_ASSERT_REL(xc, 0.035 * 2.241 / 1.62, 1e-15);
    double a = orf__hpgr_nip_angle_rad(1.7, 0.035, xc);
    ORF_ASSERT_REL(0.035 + 1.7 * (1.0 - cos(a)), xc, 1e-12);
    ORF_ASSERT_REL(a * 180.0 / 3.14159265358979323846, 7.2031, 1e-4);
    double pw = orf__hpgr_power_kw(8330.0, a, 1.5);
    ORF_ASSERT_REL(pw, 2.0 * 8330.0 * sin(a / 2.0) * 1.5, 1e-15);
    ORF_ASSERT_REL(pw / g, 2.6474, 1e-4); /* in the 1-4 kWh/t of hard-rock HPGRs */
    /* parabolic pressure profile: mean 1, symmetric, the edges lowest */
    double sum = 0.0;
    for (size_t k = 0; k < 10; k++)
        sum += orf__hpgr_block_pressure(k, 10);
    ORF_ASSERT_REL(sum, 10.0, 1e-14);
    ORF_ASSERT_REL(orf__hpgr_block_pressure(0, 10), orf__hpgr_block_pressure(9, 10), 1e-15);
    assert_true(orf__hpgr_block_pressure(0, 10) < orf__hpgr_block_pressure(4, 10));
    /* energy-specific selection: S1E at 1 mm, power law with ζ2 = 0 */
    ORF_ASSERT_REL(orf__energy_selection(1.0, 0.7, 0.5, 0.1), 0.7, 1e-15);
    ORF_ASSERT_REL(orf__energy_selection(4.0, 0.7, 0.5, 0.0), 1.4, 1e-14);
}

/* SAG mill on streams: the holdup equals the charge's ore, mass closes per material and
 * composition class, the power is Austin's with the feed's density, capacity = power/W, and the
 * product is finer than the feed; more feed → coarser product. */
static void sag_mill_on_streams(void **state)
{
    (void)state;
    double p80[2];
    for (int k = 0; k < 2; k++) {
        uf_fixture f;
        uf_init(&f, 50.0);
        if (k == 1)
            for (size_t i = 0; i < f.sys.npart; i++)
                f.xs[0][i] *= 3.0;
        uf_unit(&f, &orf_unit_sag_mill, 1);
        uf_set(&f, "diameter_m", 2.0); /* a pilot mill: the fixture's feed is 2 mm top size */
        uf_set(&f, "length_m", 1.0);
        uf_set(&f, "grate_mm", 1.0);
        uf_set(&f, "fines_mm", 0.1);
        uf_set(&f, "mu_mm", 1.0);
        uf_run(&f);
        uf_assert_column_balance(&f);
        double ms, mv;
        orf__solids_volume(&f.st[0], &ms, &mv);
        double rho = ms / mv;
        ORF_ASSERT_REL(uf_result(&f, "power_kw"),
                       orf__austin_sag_power_kw(2.0, 1.0, 0.28, 0.12, 0.3, 0.8, rho, 7.75, 0.75),
                       1e-14);
        ORF_ASSERT_REL(uf_result(&f, "ore_holdup_t"),
                       orf__sag_ore_holdup_t(2.0, 1.0, 0.28, 0.12, 0.3, 0.8, rho, 1.0), 1e-14);
        /* the solids held at the solved discharge rate (the perfect-mixing balance of each feed
         * column, independent of the unit's bisection) are the charge's ore */
        double dmax = uf_result(&f, "discharge_rate_per_h"), held = 0.0;
        double bm[UF_NS * UF_NS], rr[UF_NS], cc[UF_NS], col[UF_NS], sv[UF_NS], pv[UF_NS];
        orf__austin_breakage_matrix(UF_NS, f.upper, 0.6, 1.0, 4.0, bm);
        for (size_t s = 0; s < UF_NS; s++) {
            rr[s] = 60.0 * orf__austin_selection(f.mid[s] / 1000.0, 0.5, 0.9, 1.0, 2.5);
            cc[s] = orf__grate_classification(f.mid[s] / 1000.0, 0.1, 1.0);
        }
        for (size_t m = 0; m < 2; m++)
            for (size_t c = 0; c < 2; c++) {
                for (size_t s = 0; s < UF_NS; s++)
                    col[s] = f.xs[0][orf_ix(&f.sys, m, s, c)];
                held += orf__perfect_mixing_solve(UF_NS, col, rr, cc, dmax, bm, sv, pv);
                for (size_t s = 0; s < UF_NS; s++)
                    ORF_ASSERT_REL(f.xs[1][orf_ix(&f.sys, m, s, c)], pv[s], 1e-12);
            }
        ORF_ASSERT_REL(held, uf_result(&f, "ore_holdup_t"), 1e-11);
        double w =
            orf__morrell_specific_energy(19.0, uf_result(&f, "f80_um"), uf_result(&f, "p80_um"));
        ORF_ASSERT_REL(uf_result(&f, "specific_energy_kwh_per_t"), w, 1e-14);
        ORF_ASSERT_REL(uf_result(&f, "throughput_capacity_tph"), uf_result(&f, "power_kw") / w,
                       1e-14);
        assert_true(uf_result(&f, "p80_um") < uf_result(&f, "f80_um"));
        double fs = orf_stream_particulate_tph(&f.st[0]);
        ORF_ASSERT_ABS(uf_result(&f, "over_capacity"),
                       fs > uf_result(&f, "throughput_capacity_tph") ? 1.0 : 0.0, 0.0);
        p80[k] = uf_result(&f, "p80_um");
        uf_fini(&f);
    }
    assert_true(p80[1] > p80[0]);
}

/* The feed above the capacity of a small mill is flagged; a ball load above the total load is
 * a located range error. */
static void sag_mill_warnings_and_errors(void **state)
{
    (void)state;
    uf_fixture f;
    uf_init(&f, 50.0);
    uf_unit(&f, &orf_unit_sag_mill, 1);
    uf_set(&f, "diameter_m", 0.5);
    uf_set(&f, "length_m", 0.3);
    uf_set(&f, "grate_mm", 1.0);
    uf_set(&f, "fines_mm", 0.1);
    uf_run(&f);
    uf_assert_column_balance(&f);
    ORF_ASSERT_ABS(uf_result(&f, "over_capacity"), 1.0, 0.0);
    uf_fini(&f);

    uf_init(&f, 50.0);
    uf_unit(&f, &orf_unit_sag_mill, 1);
    uf_set(&f, "load_pct", 20.0);
    uf_set(&f, "ball_load_pct", 25.0);
    assert_int_equal(uf_setup(&f), ORF_E_RANGE);
    uf_fini(&f);
}

/* HPGR on streams: mass closes; power, specific energy, speed and critical gap are the equations
 * of its own feed; the edge product is coarser than the centre; more pressure, finer product. */
static void hpgr_on_streams(void **state)
{
    (void)state;
    double p80[2];
    for (int k = 0; k < 2; k++) {
        uf_fixture f;
        uf_init(&f, 5.0);
        uf_unit(&f, &orf_unit_hpgr, 1);
        uf_set(&f, "diameter_m", 0.25); /* a laboratory HPGR for the 2 mm feed */
        uf_set(&f, "length_m", 0.1);
        uf_set(&f, "gap_mm", 1.0);
        uf_set(&f, "specific_force_n_mm2", k ? 4.5 : 2.5);
        uf_run(&f);
        uf_assert_column_balance(&f);
        double ms, mv;
        orf__solids_volume(&f.st[0], &ms, &mv);
        double rho = ms / mv, rg = 0.83 * rho, ra = 0.60 * rho;
        double xc = 0.001 * rg / ra;
        ORF_ASSERT_REL(uf_result(&f, "critical_gap_mm"), 1000.0 * xc, 1e-14);
        double a = orf__hpgr_nip_angle_rad(0.25, 0.001, xc);
        double u = ms / (3600.0 * rg * 0.001 * 0.1);
        ORF_ASSERT_REL(uf_result(&f, "speed_m_s"), u, 1e-13);
        double force = 1000.0 * (k ? 4.5 : 2.5) * 0.25 * 0.1;
        ORF_ASSERT_REL(uf_result(&f, "power_kw"), 2.0 * force * sin(a / 2.0) * u, 1e-13);
        ORF_ASSERT_REL(uf_result(&f, "specific_energy_kwh_per_t"), uf_result(&f, "power_kw") / ms,
                       1e-14);
        ORF_ASSERT_REL(uf_result(&f, "throughput_capacity_tph"), 3600.0 * rg * 0.001 * 0.1 * 2.0,
                       1e-14);
        ORF_ASSERT_ABS(uf_result(&f, "over_capacity"), u > 2.0 ? 1.0 : 0.0, 0.0);
        assert_true(uf_result(&f, "p80_um") < uf_result(&f, "f80_um"));
        assert_true(uf_result(&f, "edge_p80_um") > uf_result(&f, "centre_p80_um"));
        /* nothing coarser than the critical gap survives single-particle breakage */
        for (size_t s = 0; s < UF_NS; s++)
            if (f.mid[s] > 1e6 * xc)
                for (size_t m = 0; m < 2; m++)
                    ORF_ASSERT_ABS(f.xs[1][orf_ix(&f.sys, m, s, 0)], 0.0, 1e-12);
        p80[k] = uf_result(&f, "p80_um");
        uf_fini(&f);
    }
    assert_true(p80[1] < p80[0]);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(austin_sag_power_by_hand),     cmocka_unit_test(morrell_energy_by_hand),
        cmocka_unit_test(grate_classification),         cmocka_unit_test(perfect_mixing_by_hand),
        cmocka_unit_test(hpgr_equations_by_hand),       cmocka_unit_test(sag_mill_on_streams),
        cmocka_unit_test(sag_mill_warnings_and_errors), cmocka_unit_test(hpgr_on_streams),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
