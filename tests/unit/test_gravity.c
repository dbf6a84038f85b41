/* Gravity separators: the Tromp curve and its size dependence (src/units/gravity_model.c), and
 * the spiral/table/jig units on real streams (src/units/gravity.c). */
#include "orf_test.h"
#include "units/sep_models.h"
#include "sep_fixture.h"
#include "units/units_impl.h"
#include "units/capacity_model.h"

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
    orf__gravity_params g = {.rho50_conc_kg_m3 = 4000.0,
                             .rho50_mid_kg_m3 = 3300.0,
                             .ep_kg_m3 = 150.0,
                             .d_ref_um = 150.0,
                             .size_exp = 0.3,
                             .d_bypass_um = 8.0,
                             .water_conc = 0.1,
                             .water_mid = 0.2,
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

/* The units' kernel (orf__gravity_partition_rows: the middlings cut's exp from the concentrate
 * cut's by the constant factor exp(−ln3·(rho50_conc − rho50_mid)/Ep), exps reused along a row)
 * against orf__gravity_partition3_sized particle by particle, over densities 1000–8000 kg/m³, a
 * size grid below and above d_ref and parameter sets from blunt to sharper than a double resolves
 * (|z| > 700), equal cuts (the jig) and cuts 700 Ep-units apart (no factor: two exps). The
 * concentrate fraction has the model's arithmetic (equal to the bit); the middlings fraction of
 * the rest agrees to round-off (1e-13 relative where the cuts are apart). */
static void partition_kernel_equals_the_model_particle_by_particle(void **state)
{
    (void)state;
    enum { NS = 12, NR = 36 };
    static const double sets[][3] = {
        /* rho50_conc, rho50_mid, Ep */
        {3800.0, 3200.0, 150.0}, {3300.0, 2950.0, 300.0}, {3900.0, 3900.0, 120.0},
        {3800.0, 3200.0, 0.5},   {4000.0, 1100.0, 2.0},   {3600.0, 3599.0, 40.0},
    };
    double shift[NS], bypass[NS], rho[NR * NS], work[4 * NR * NS], f0[NR * NS], f1[NR * NS];
    double r50c[NS], r50m[NS], ep[NS], omb[NS], bwc[NS], bwm[NS], bwt[NS];
    orf__gravity_sized S = {NS, r50c, r50m, ep, omb, bwc, bwm, bwt, 0.0, 0, 0};
    double worst = 0;
    for (size_t k = 0; k < sizeof sets / sizeof sets[0]; k++) {
        orf__gravity_params g = {sets[k][0], sets[k][1], sets[k][2], 150.0, 0.5,
                                 8.0,        0.12,       0.18,       1000.0};
        for (int s = 0; s < NS; s++) /* 1000 µm down by √2: the first five share the cut */
            orf__gravity_size_terms(&g, 1000.0 / pow(sqrt(2.0), s), &shift[s], &bypass[s]);
        orf__gravity_sized_set(&S, &g, shift, bypass);
        assert_true(S.ok);
        for (int i = 0; i < NR * NS; i++)
            rho[i] = 1000.0 + 7000.0 * (double)(i / NS) / (NR - 1) + 0.37 * (double)(i % 5);
        orf__gravity_partition_rows(&S, NR, rho, work, f0, f1);
        for (int i = 0; i < NR * NS; i++) {
            double f[3];
            orf__gravity_partition3_sized(&g, rho[i], shift[i % NS], bypass[i % NS], f);
            double e0 = f[0] < 0 ? 0 : f[0] > 1 ? 1 : f[0];
            double rest = f[1] + f[2], e1 = rest > 0 ? f[1] / rest : 0;
            e1 = e1 < 0 ? 0 : e1 > 1 ? 1 : e1;
            assert_true(f0[i] == e0);
            double d = fabs(f1[i] - e1) / (fabs(e1) + 1e-300);
            worst = d > worst && k < 5 ? d : worst; /* cuts not 1 kg/m³ apart */
            /* the middlings' share of the feed, (1 − f0)·f1 = f[1], to 1e-14: where the two
             * cuts nearly coincide f[1] is a difference of two partition numbers, each carrying
             * the round-off of rho50 − rho (~1e-15 here, in the model as in the kernel) */
            assert_true(fabs(f1[i] - e1) * rest <= 1e-14);
        }
    }
    assert_true(worst < 1e-13);
}

/* The spiral on real streams: every cell balances, liberated chromite out-grades the composites
 * (whose density by the volume mixture rule is 3600 kg/m³), coarse liberated chromite reports to
 * the concentrate, ultrafines follow the water, and a higher cut density lowers the mass pull. */
static void spiral_unit_balances_and_splits_composites_between_products(void **state)
{
    (void)state;
    sep_fixture f;
    sep_fixture_init(&f);
    sep_fixture_unit(&f, &orf_unit_spiral);
    assert_int_equal(sep_fixture_run(&f), 0);
    sep_fixture_assert_balance(&f);
    const orf_system *y = &f.sys;
    /* size class 0 (mid 400 µm, coarser than d_ref: the reference cuts 3800/3200 apply):
     * liberated chromite to conc, serpentine to tails, composites (3600 kg/m³) to the middlings */
    size_t s = 0;
    assert_true(f.xs[1][orf_ix(y, 0, s, 0)] > 0.8 * f.xs[0][orf_ix(y, 0, s, 0)]);
    assert_true(f.xs[3][orf_ix(y, 1, s, 0)] > 0.8 * f.xs[0][orf_ix(y, 1, s, 0)]);
    assert_true(f.xs[2][orf_ix(y, 0, s, 1)] > f.xs[1][orf_ix(y, 0, s, 1)]);
    assert_true(f.xs[2][orf_ix(y, 0, s, 1)] > f.xs[3][orf_ix(y, 0, s, 1)]);
    /* water split 10/15/75 % */
    ORF_ASSERT_REL(f.xs[1][y->npart + 2], 30.0, 1e-14);
    ORF_ASSERT_REL(f.xs[2][y->npart + 2], 45.0, 1e-14);
    /* the pan (0.4 µm) follows the water: bypass exp(-0.39/8) ≈ 0.95 */
    double pan = f.xs[0][orf_ix(y, 0, 5, 0)];
    assert_true(f.xs[1][orf_ix(y, 0, 5, 0)] / pan < 0.15);
    /* temperature copied to every product */
    ORF_ASSERT_REL(f.xs[1][y->npart + 3], 20.0, 1e-15);
    ORF_ASSERT_REL(f.xs[3][y->npart + 3], 20.0, 1e-15);
    double pull = f.r[0];
    assert_true(pull > 0.0 && pull < 100.0);
    f.p[0] = 4300.0; /* cut_density_kg_m3 up: less to the concentrate (compute re-reads p[]) */
    const orf_stream *in[1] = {&f.st[0]};
    orf_stream *out[3] = {&f.st[1], &f.st[2], &f.st[3]};
    assert_int_equal(f.u.type->compute(&f.u, in, out), 0);
    assert_true(f.r[0] < pull);
    sep_fixture_assert_balance(&f);
    sep_fixture_fini(&f);
}

/* The spiral's one-pass three-product split (with the partition of liberated particles cached
 * per parameter set) equals the model applied particle type by particle type: concentrate
 * P_conc·w, middlings P_mid/(P_mid + P_tail) of the rest, tailings the remainder (King 2001 §7.2
 * partition; orf__gravity_partition3). Checked again after the cut density changes, so the cache
 * must follow the parameters. */
static void
spiral_split_equals_the_partition_model_before_and_after_a_parameter_change(void **state)
{
    (void)state;
    sep_fixture f;
    sep_fixture_init(&f);
    sep_fixture_unit(&f, &orf_unit_spiral);
    const orf_system *y = &f.sys;
    for (int pass = 0; pass < 2; pass++) {
        if (pass == 0) {
            assert_int_equal(sep_fixture_run(&f), 0);
        } else {
            f.p[0] = 4300.0; /* cut_density_kg_m3 (compute re-reads p[]) */
            const orf_stream *in[1] = {&f.st[0]};
            orf_stream *out[3] = {&f.st[1], &f.st[2], &f.st[3]};
            assert_int_equal(f.u.type->compute(&f.u, in, out), 0);
        }
        orf__gravity_params g = {f.p[0], f.p[1],         f.p[2],         f.p[3], f.p[4],
                                 f.p[5], f.p[6] / 100.0, f.p[7] / 100.0, 1000.0};
        if (y->water >= 0)
            g.rho_fluid_kg_m3 = y->mat[y->water]->density_kg_m3;
        size_t checked = 0;
        for (size_t s = 0; s < y->ns; s++)
            for (size_t c = 0; c < y->nc; c++) {
                double mass = 0, vol = 0;
                for (size_t m = 0; m < y->nm; m++) {
                    double w = f.xs[0][orf_ix(y, m, s, c)];
                    mass += w;
                    vol += w / y->mat[m]->density_kg_m3;
                }
                for (size_t m = 0; m < y->nm; m++) {
                    size_t i = orf_ix(y, m, s, c);
                    double w = f.xs[0][i];
                    if (!(w > 0))
                        continue;
                    double rho = y->liberated[c] ? y->mat[m]->density_kg_m3 : mass / vol, fr[3];
                    orf__gravity_partition3(&g, rho, y->mid_um[s], fr);
                    double conc = fr[0] * w, rest = w - conc;
                    double mid = fr[1] + fr[2] > 0 ? fr[1] / (fr[1] + fr[2]) * rest : 0.0;
                    ORF_ASSERT_REL(f.xs[1][i], conc, 1e-12);
                    ORF_ASSERT_REL(f.xs[2][i], mid, 1e-12);
                    ORF_ASSERT_REL(f.xs[3][i], rest - mid, 1e-12);
                    checked++;
                }
            }
        assert_true(checked > 0);
        sep_fixture_assert_balance(&f);
    }
    sep_fixture_fini(&f);
}

/* Ep = 0 and no size effect or bypass: a perfect split at the cut density on the unit. */
static void jig_with_zero_ep_splits_perfectly_at_the_cut(void **state)
{
    (void)state;
    sep_fixture f;
    sep_fixture_init(&f);
    sep_fixture_unit(&f, &orf_unit_jig);
    sep_fixture_set(&f, "ep_kg_m3", 0.0);
    sep_fixture_set(&f, "size_exponent", 0.0);
    sep_fixture_set(&f, "d_bypass_um", 0.0);
    sep_fixture_set(&f, "cut_density_kg_m3", 3700.0);
    assert_int_equal(sep_fixture_run(&f), 0);
    sep_fixture_assert_balance(&f);
    const orf_system *y = &f.sys;
    for (size_t s = 0; s < y->ns; s++) {
        ORF_ASSERT_REL(f.xs[1][orf_ix(y, 0, s, 0)], f.xs[0][orf_ix(y, 0, s, 0)], 1e-15);
        assert_true(f.xs[1][orf_ix(y, 1, s, 0)] == 0.0);
        assert_true(f.xs[1][orf_ix(y, 0, s, 1)] == 0.0); /* composites 3600 < 3700 */
    }
    sep_fixture_fini(&f);
}

/* The unit's split, particle type by particle type, against the partition model applied directly
 * (orf__gravity_partition3 with the load correction of orf__capacity_gravity_cut): nothing cached.
 * `three`: three products (spiral), else two (jig). */
static void assert_split_is_the_direct_model(sep_fixture *f, int three)
{
    const orf_system *y = &f->sys;
    double fs = 0;
    for (size_t i = 0; i < y->npart; i++)
        fs += f->xs[0][i];
    orf__gravity_params g = {f->p[0],
                             three ? f->p[1] : f->p[0],
                             f->p[2],
                             f->p[3],
                             f->p[4],
                             f->p[5],
                             f->p[6] / 100.0,
                             three ? f->p[7] / 100.0 : 0.0,
                             y->mat[y->water]->density_kg_m3};
    double mach, load, ep_mid = g.ep_kg_m3;
    orf__capacity_load(fs, f->p[9], f->p[10], &mach, &load);
    double q = orf__capacity_ratio(load, f->p[10]);
    orf__capacity_gravity_cut(q, f->p[13], f->p[14], g.rho_fluid_kg_m3, &g.rho50_conc_kg_m3,
                              &g.ep_kg_m3);
    orf__capacity_gravity_cut(q, f->p[13], f->p[14], g.rho_fluid_kg_m3, &g.rho50_mid_kg_m3,
                              &ep_mid);
    for (size_t s = 0; s < y->ns; s++)
        for (size_t c = 0; c < y->nc; c++) {
            double mass = 0, vol = 0;
            for (size_t m = 0; m < y->nm; m++) {
                double w = f->xs[0][orf_ix(y, m, s, c)];
                mass += w;
                vol += w / y->mat[m]->density_kg_m3;
            }
            for (size_t m = 0; m < y->nm; m++) {
                size_t i = orf_ix(y, m, s, c);
                double w = f->xs[0][i];
                if (!(w > 0))
                    continue;
                double rho = y->liberated[c] ? y->mat[m]->density_kg_m3 : mass / vol, fr[3];
                orf__gravity_partition3(&g, rho, y->mid_um[s], fr);
                double conc = fr[0] * w, rest = w - conc;
                ORF_ASSERT_REL(f->xs[1][i], conc, 1e-13);
                if (three) {
                    double mid = fr[1] + fr[2] > 0 ? fr[1] / (fr[1] + fr[2]) * rest : 0.0;
                    ORF_ASSERT_REL(f->xs[2][i], mid, 1e-13);
                    ORF_ASSERT_REL(f->xs[3][i], rest - mid, 1e-13);
                } else {
                    ORF_ASSERT_REL(f->xs[2][i], rest, 1e-13);
                }
            }
        }
    sep_fixture_assert_balance(f);
}

/* The gravity units cache the size terms (per d_ref, n, d_bypass) and the split of liberated
 * particles (per partition parameter set after the load correction, and mineral densities).
 * Each parameter that enters them is changed in turn between two computes of the same unit (as
 * design specs and Monte Carlo samples do) and the split must still be the direct model's: a
 * cache keyed on too little (a stale entry) fails here. The same for a change of feed rate on
 * installed machines (the load moves the cut) and of a mineral's density. */
static void gravity_caches_follow_every_parameter_change(void **state)
{
    (void)state;
    static const struct {
        const char *param;
        double v;
    } steps[] = {
        {"d_ref_um", 60.0},
        {"size_exponent", 1.2},
        {"d_bypass_um", 30.0},
        {"ep_kg_m3", 260.0},
        {"cut_density_kg_m3", 4100.0},
        {"machines", 3.0},
        {"capacity_ep_exponent", 1.5},
        {"capacity_cut_exponent", 0.8},
        {"water_to_conc_pct", 25.0},      /* the bypass terms of the kernel (gravity_model.c) */
        {"water_to_middlings_pct", 30.0}, /* (spiral; the jig has none) */
        {"middlings_cut_density_kg_m3", 2500.0}, /* the kernel's mid-cut factor (spiral) */
    };
    const orf_unit_type *types[2] = {&orf_unit_spiral, &orf_unit_jig};
    for (int t = 0; t < 2; t++) {
        sep_fixture f;
        sep_fixture_init(&f);
        sep_fixture_unit(&f, types[t]);
        int three = t == 0;
        if (three)
            sep_fixture_set(&f, "middlings_cut_density_kg_m3", 3000.0);
        assert_int_equal(sep_fixture_run(&f), 0);
        assert_split_is_the_direct_model(&f, three);
        const orf_stream *in[1] = {&f.st[0]};
        orf_stream *out[3] = {&f.st[1], &f.st[2], &f.st[3]};
        for (size_t k = 0; k < sizeof steps / sizeof steps[0]; k++) {
            sep_fixture_set(&f, steps[k].param, steps[k].v);
            assert_int_equal(f.u.type->compute(&f.u, in, out), 0);
            assert_split_is_the_direct_model(&f, three);
        }
        /* a larger feed on the 3 installed machines: a higher load, a higher cut */
        for (size_t i = 0; i < f.sys.npart; i++)
            f.xs[0][i] *= 1.7;
        assert_int_equal(f.u.type->compute(&f.u, in, out), 0);
        assert_split_is_the_direct_model(&f, three);
        f.mat[0].density_kg_m3 = 4300.0; /* another chromite */
        assert_int_equal(f.u.type->compute(&f.u, in, out), 0);
        assert_split_is_the_direct_model(&f, three);
        /* and back to the first parameters: the answer of the first compute again */
        sep_fixture_set(&f, "d_ref_um", types[t]->params[3].dflt);
        assert_int_equal(f.u.type->compute(&f.u, in, out), 0);
        assert_split_is_the_direct_model(&f, three);
        sep_fixture_fini(&f);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(tromp_curve_passes_quartiles_at_ep),
        cmocka_unit_test(tromp_with_zero_ep_is_a_perfect_split),
        cmocka_unit_test(tromp_curve_is_monotone_in_density),
        cmocka_unit_test(cut_density_rises_and_ep_widens_for_fine_particles),
        cmocka_unit_test(three_product_split_sums_to_one_and_orders_products),
        cmocka_unit_test(partition_kernel_equals_the_model_particle_by_particle),
        cmocka_unit_test(spiral_unit_balances_and_splits_composites_between_products),
        cmocka_unit_test(
            spiral_split_equals_the_partition_model_before_and_after_a_parameter_change),
        cmocka_unit_test(jig_with_zero_ep_splits_perfectly_at_the_cut),
        cmocka_unit_test(gravity_caches_follow_every_parameter_change),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
