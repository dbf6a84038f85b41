/* Flotation column and dense-medium cyclone (issue 19 part 5): the axial-dispersion recovery
 * against its limits (plug flow, mixed tank) and an independent evaluation of the published
 * Wehner–Wilhelm form, Finch & Dobby's dispersion coefficient and froth combination, Espinosa-
 * Gomez's carrying capacity, the DMS capacity and medium equations by hand; and both units on
 * real streams: mass closes to 1e-12, partitions are the equations, the carrying capacity caps the
 * concentrate with a warning. */
#include <math.h>

#include "units/column_dms_model.h"
#include "units/sep_models.h"
#include "units/units_cc.h"
#include "units_fixture.h"

/* The published form with its large exponentials, for moderate Nd (independent of the
 * overflow-free rewriting in the model). */
static double ww_published(double ktau, double nd)
{
    double a = sqrt(1.0 + 4.0 * ktau * nd);
    return 1.0 - 4.0 * a * exp(1.0 / (2.0 * nd)) /
                     ((1.0 + a) * (1.0 + a) * exp(a / (2.0 * nd)) -
                      (1.0 - a) * (1.0 - a) * exp(-a / (2.0 * nd)));
}

static void axial_dispersion_recovery(void **state)
{
    (void)state;
    for (double nd = 0.05; nd < 5.0; nd *= 1.7)
        for (double kt = 0.1; kt < 20.0; kt *= 2.3)
            ORF_ASSERT_REL(orf__axial_dispersion_recovery(kt, nd), ww_published(kt, nd), 1e-12);
    /* plug flow and mixed-tank limits */
    ORF_ASSERT_REL(orf__axial_dispersion_recovery(2.0, 0.0), 1.0 - exp(-2.0), 1e-15);
    ORF_ASSERT_REL(orf__axial_dispersion_recovery(2.0, 1e-6), 1.0 - exp(-2.0), 1e-5);
    ORF_ASSERT_REL(orf__axial_dispersion_recovery(2.0, 1e6), 2.0 / 3.0, 1e-5);
    /* more mixing, less recovery at the same kτ */
    assert_true(orf__axial_dispersion_recovery(2.0, 0.2) >
                orf__axial_dispersion_recovery(2.0, 1.0));
    ORF_ASSERT_ABS(orf__axial_dispersion_recovery(0.0, 0.5), 0.0, 0.0);
    /* no overflow for a nearly plug-flow column */
    double r = orf__axial_dispersion_recovery(3.0, 1e-4);
    assert_true(isfinite(r) && fabs(r - (1.0 - exp(-3.0))) < 1e-3);
}

/* Finch & Dobby: D = 0.063 dc (Jl/1.6)^0.3; dc = 3 m, Jl = 1.6 cm/s → 0.189 m²/s. Overall
 * recovery Rc·Rf/(Rc·Rf + 1 − Rc): Rc = 0.8, Rf = 0.5 → 0.4/0.6 = 2/3. Espinosa-Gomez:
 * Ca = 0.068·80·4.19 = 22.79 g/(min·cm²). */
static void column_correlations_by_hand(void **state)
{
    (void)state;
    ORF_ASSERT_REL(orf__column_dispersion_m2_s(3.0, 1.6), 0.189, 1e-14);
    ORF_ASSERT_REL(orf__column_dispersion_m2_s(3.0, 0.8), 0.189 * pow(0.5, 0.3), 1e-14);
    ORF_ASSERT_REL(orf__column_overall_recovery(0.8, 0.5), 2.0 / 3.0, 1e-15);
    ORF_ASSERT_REL(orf__column_overall_recovery(0.8, 1.0), 0.8, 1e-15);
    ORF_ASSERT_REL(orf__column_carrying_capacity(80.0, 4.19), 22.7936, 1e-12);
}

/* DMS: Q = Cd (π/4)(0.2 Dc)² sqrt(2 g 9 Dc): Dc = 0.51 m, Cd = 0.6 → A = 8.171e-3 m², v =
 * 9.488 m/s, Q = 167.5 m³/h. Ferrosilicon medium at 2,750 kg/m³: 6.9·1.75/5.9 = 2.0466 t/m³. */
static void dms_equations_by_hand(void **state)
{
    (void)state;
    double a = 3.14159265358979323846 / 4.0 * 0.102 * 0.102;
    double q = 3600.0 * 0.6 * a * sqrt(2.0 * 9.80665 * 9.0 * 0.51);
    ORF_ASSERT_REL(orf__dms_cyclone_capacity_m3h(0.51, 9.0, 0.2, 0.6), q, 1e-14);
    ORF_ASSERT_REL(q, 167.5, 1e-3);
    ORF_ASSERT_REL(orf__medium_solids_t_m3(2750.0, 6900.0, 1000.0), 6.9 * 1.75 / 5.9, 1e-14);
    ORF_ASSERT_ABS(orf__medium_solids_t_m3(900.0, 6900.0, 1000.0), 0.0, 0.0);
}

/* A MAP parameter written by hand into the fixture's YAML mapping. */
typedef struct mapnode {
    orf_node map, keys[2], vals[2];
    orf_node *kp[2], *vp[2];
} mapnode;

static void uf_set_map2(uf_fixture *f, mapnode *mn, const char *name, const char *k0,
                        const char *v0, const char *k1, const char *v1)
{
    memset(mn, 0, sizeof *mn);
    const char *ks[2] = {k0, k1}, *vs[2] = {v0, v1};
    for (int i = 0; i < 2; i++) {
        mn->keys[i].kind = ORF_NODE_SCALAR;
        mn->keys[i].str = ks[i];
        mn->vals[i].kind = ORF_NODE_SCALAR;
        mn->vals[i].str = vs[i];
        mn->kp[i] = &mn->keys[i];
        mn->vp[i] = &mn->vals[i];
    }
    mn->map.kind = ORF_NODE_MAP;
    mn->map.n = 2;
    mn->map.keys = mn->kp;
    mn->map.items = mn->vp;
    size_t k = f->map.n++;
    f->keys[k].kind = ORF_NODE_SCALAR;
    f->keys[k].str = name;
    f->keyp[k] = &f->keys[k];
    f->valp[k] = &mn->map;
}

/* Column on streams (feed stream 0, wash water stream 1; conc 2, tails 3): mass closes per cell;
 * the liberated chromite's recovery at each size is the Finch–Dobby chain computed here; the
 * concentrate's water is the wash water less the bias. */
static void column_on_streams(void **state)
{
    (void)state;
    uf_fixture f;
    uf_init(&f, 200.0);
    f.xs[1][f.sys.npart + 2] = 40.0; /* wash water, t/h */
    uf_unit(&f, &orf_unit_column_flotation, 2);
    mapnode mn;
    uf_set_map2(&f, &mn, "rate_constants_per_min", "chromite", "0.8", "serpentine", "0.02");
    uf_set(&f, "diameter_m", 2.0);
    uf_set(&f, "size_sigma", 0.0);
    uf_set(&f, "carrying_capacity_factor", 10.0);
    uf_run(&f);
    uf_assert_balance(&f);
    ORF_ASSERT_ABS(uf_result(&f, "carrying_capacity_limited"), 0.0, 0.0);
    ORF_ASSERT_REL(f.xs[2][f.sys.npart + 2], 0.7 * 40.0, 1e-12);
    /* hand chain for liberated chromite of size class 3 */
    double area = 3.14159265358979323846, q = orf_stream_slurry_m3h(&f.st[0]) + 0.3 * 40.0;
    double jl = q / 3600.0 / area, ul = jl / 0.85, tau = 10.0 * 0.85 / jl / 60.0;
    ORF_ASSERT_REL(uf_result(&f, "residence_time_min"), tau, 1e-13);
    double nd = orf__column_dispersion_m2_s(2.0, 100.0 * jl) / (ul * 10.0);
    ORF_ASSERT_REL(uf_result(&f, "dispersion_number"), nd, 1e-13);
    double ms, mv;
    orf__solids_volume(&f.st[0], &ms, &mv);
    double phi = mv / q, d = f.mid[3];
    double vt = orf__settling_velocity_m_s(d, 4600.0, 1000.0, 1.0, 18.0, 0.4);
    double up = vt * pow(1.0 - phi, orf__richardson_zaki_n(vt * d * 1e-6 * 1000.0 / 1e-3));
    double rc = orf__axial_dispersion_recovery(0.8 * tau * ul / (ul + up), nd);
    double r = rc * 0.5 / (rc * 0.5 + 1.0 - rc);
    size_t ix = orf_ix(&f.sys, 0, 3, 0);
    ORF_ASSERT_REL(f.xs[2][ix] / f.xs[0][ix], r, 1e-12);
    double conc = orf_stream_particulate_tph(&f.st[2]);
    uf_fini(&f);

    /* a carrying capacity far below the floated solids (a small column, 5 % of the published
     * figure) caps the concentrate at it */
    uf_init(&f, 200.0);
    f.xs[1][f.sys.npart + 2] = 40.0;
    uf_unit(&f, &orf_unit_column_flotation, 2);
    uf_set_map2(&f, &mn, "rate_constants_per_min", "chromite", "0.8", "serpentine", "0.02");
    uf_set(&f, "diameter_m", 0.3);
    uf_set(&f, "size_sigma", 0.0);
    uf_set(&f, "carrying_capacity_factor", 0.05);
    uf_run(&f);
    uf_assert_balance(&f);
    ORF_ASSERT_ABS(uf_result(&f, "carrying_capacity_limited"), 1.0, 0.0);
    ORF_ASSERT_REL(uf_result(&f, "concentrate_tph"), uf_result(&f, "carrying_capacity_tph"), 1e-12);
    assert_true(uf_result(&f, "concentrate_tph") < conc);
    uf_fini(&f);
}

/* DMS on streams: the sinks' share of each liberated particle type is the Tromp number at the
 * size-shifted cut; denser reports more; the results are the equations. */
static void dms_on_streams(void **state)
{
    (void)state;
    uf_fixture f;
    uf_init(&f, 20.0);
    uf_unit(&f, &orf_unit_dms_cyclone, 1);
    uf_set(&f, "medium_density_kg_m3", 3200.0);
    uf_set(&f, "d_ref_um", 500.0);
    uf_set(&f, "deslime_um", 100.0);
    uf_run(&f);
    uf_assert_balance(&f);
    for (size_t s = 0; s < UF_NS; s++) {
        double rho50, ep;
        orf__gravity_cut_at_size(f.mid[s], 500.0, 3300.0, 30.0, 0.5, 3200.0, &rho50, &ep);
        double pc = orf__tromp(4600.0, rho50, ep), ps = orf__tromp(2600.0, rho50, ep);
        size_t ic = orf_ix(&f.sys, 0, s, 0), is = orf_ix(&f.sys, 1, s, 0);
        ORF_ASSERT_REL(f.xs[1][ic] / f.xs[0][ic], pc, 1e-12);
        ORF_ASSERT_ABS(f.xs[1][is] / f.xs[0][is], ps, 1e-12);
        assert_true(pc > ps);
    }
    double ms, mv;
    orf__solids_volume(&f.st[0], &ms, &mv);
    double qc = orf__dms_cyclone_capacity_m3h(0.51, 9.0, 0.2, 0.6);
    ORF_ASSERT_REL(uf_result(&f, "slurry_m3h"), 5.5 * mv, 1e-14);
    ORF_ASSERT_REL(uf_result(&f, "cyclones"), ceil(5.5 * mv / qc), 0.0);
    ORF_ASSERT_REL(uf_result(&f, "medium_solids_tph"),
                   4.5 * mv * orf__medium_solids_t_m3(3200.0, 6900.0, 1000.0), 1e-14);
    ORF_ASSERT_REL(uf_result(&f, "medium_loss_tph"), 0.3 * ms / 1000.0, 1e-14);
    /* the fixture's pan and 125-62.5 µm classes (16 % of the feed) are finer than 100 µm, or
     * partly: a warning */
    ORF_ASSERT_ABS(uf_result(&f, "fines_in_feed"), 1.0, 0.0);
    ORF_ASSERT_REL(f.xs[1][f.sys.npart + 2], 0.3 * 20.0, 1e-14);
    uf_fini(&f);

    uf_init(&f, 20.0);
    uf_unit(&f, &orf_unit_dms_cyclone, 1);
    uf_set(&f, "medium_density_kg_m3", 3000.0);
    uf_set_str(&f, "medium", "ferrosilcon");
    assert_int_equal(uf_setup(&f), ORF_E_INPUT);
    uf_fini(&f);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(axial_dispersion_recovery),
        cmocka_unit_test(column_correlations_by_hand),
        cmocka_unit_test(dms_equations_by_hand),
        cmocka_unit_test(column_on_streams),
        cmocka_unit_test(dms_on_streams),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
