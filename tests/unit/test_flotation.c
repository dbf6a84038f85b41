/* Flotation bank: kinetics, Klimpel distribution, entrainment (src/units/flotation_model.c). */
#include "orf_test.h"
#include "units/sep_models.h"
#include "sep_fixture.h"
#include "units/units_impl.h"

#include <math.h>

/* Savassi et al. (1998) define xi as the size entrained at 20 %: ENT(xi) = 2/(e^2.292+e^-2.292)
 * = 0.20008 whatever the drainage parameter delta. ENT -> 1 for ultrafines, -> 0 coarse. */
static void savassi_entrainment_is_20_pct_at_xi(void **state)
{
    (void)state;
    double ent_xi = 2.0 / (exp(2.292) + exp(-2.292));
    ORF_ASSERT_REL(ent_xi, 0.20008, 1e-4);
    ORF_ASSERT_REL(orf__savassi_ent(25.0, 25.0, 1.0), ent_xi, 1e-14);
    ORF_ASSERT_REL(orf__savassi_ent(25.0, 25.0, 0.4), ent_xi, 1e-14);
    ORF_ASSERT_REL(orf__savassi_ent(25.0, 25.0, 3.0), ent_xi, 1e-14);
    assert_true(orf__savassi_ent(0.5, 25.0, 1.0) > 0.99);
    assert_true(orf__savassi_ent(150.0, 25.0, 1.0) < 1e-4);
    double prev = 2.0;
    for (double d = 0.5; d < 300.0; d *= 1.2) {
        double e = orf__savassi_ent(d, 25.0, 1.0);
        assert_true(e <= prev);
        prev = e;
    }
}

/* A single perfectly mixed cell: R = R∞·kτ/(1+kτ); k 1/min, τ 2 min, R∞ 0.9 -> 0.6.
 * N cells in series: R∞[1-(1+kτ)^-N]; 4 cells of 1 min at k = 1: 0.9·(1-1/16) = 0.84375. */
static void cells_in_series_match_the_textbook_formula(void **state)
{
    (void)state;
    ORF_ASSERT_REL(orf__flotation_bank_recovery(1.0, 2.0, 1.0, 0.9, 0.0, ORF__KDIST_SINGLE), 0.6,
                   1e-15);
    ORF_ASSERT_REL(orf__flotation_bank_recovery(1.0, 1.0, 4.0, 0.9, 0.0, ORF__KDIST_SINGLE),
                   0.84375, 1e-15);
}

/* N -> ∞ cells of total time t approach plug flow R∞(1 - e^-kt) (King 2001 §8.5); and the Klimpel
 * bank approaches Klimpel's (1980) batch formula R∞[1 - (1 - e^-kt)/(kt)]. */
static void many_cells_approach_plug_flow(void **state)
{
    (void)state;
    double k = 0.8, t = 6.0, rmax = 0.92, n = 1e6;
    ORF_ASSERT_REL(orf__flotation_bank_recovery(k, t / n, n, rmax, 0.0, ORF__KDIST_SINGLE),
                   rmax * (1.0 - exp(-k * t)), 1e-5);
    ORF_ASSERT_REL(orf__flotation_bank_recovery(k, t / n, n, rmax, 0.0, ORF__KDIST_KLIMPEL),
                   rmax * (1.0 - (1.0 - exp(-k * t)) / (k * t)), 1e-5);
    /* and more cells of the same total time always recover more */
    double prev = 0.0;
    for (int cells = 1; cells <= 64; cells *= 2) {
        double r = orf__flotation_bank_recovery(k, t / cells, cells, rmax, 0.0, ORF__KDIST_SINGLE);
        assert_true(r > prev);
        prev = r;
    }
}

/* The Klimpel average equals a numerical average of single-k banks over k' in [0, k]. */
static void klimpel_bank_is_the_mean_over_a_rectangular_k(void **state)
{
    (void)state;
    double k = 2.0, tau = 1.5, e = 0.05;
    for (int n = 1; n <= 6; n++) {
        size_t m = 200000;
        double s = 0.0;
        for (size_t i = 0; i < m; i++) {
            double kk = k * ((double)i + 0.5) / (double)m;
            s += orf__flotation_bank_recovery(kk, tau, n, 0.85, e, ORF__KDIST_SINGLE);
        }
        ORF_ASSERT_REL(orf__flotation_bank_recovery(k, tau, n, 0.85, e, ORF__KDIST_KLIMPEL),
                       s / (double)m, 1e-8);
    }
}

/* Zero residence time recovers nothing but entrainment; with ENT = 1 (water-like fines) the bank
 * recovers exactly the water recovery; without water to the froth nothing is entrained. */
static void zero_residence_time_recovers_only_entrainment(void **state)
{
    (void)state;
    double rw_bank = 0.2, n = 5.0;
    double rw = orf__cell_water_split(rw_bank, n);
    ORF_ASSERT_REL(1.0 - pow(1.0 - rw, n), rw_bank, 1e-14);
    double e1 = 1.0 * rw / (1.0 - rw);
    ORF_ASSERT_REL(orf__flotation_bank_recovery(3.0, 0.0, n, 0.9, e1, ORF__KDIST_SINGLE), rw_bank,
                   1e-13);
    double ent = orf__savassi_ent(40.0, 25.0, 1.0);
    double r =
        orf__flotation_bank_recovery(3.0, 0.0, n, 0.9, ent * rw / (1.0 - rw), ORF__KDIST_SINGLE);
    assert_true(r > 0.0);
    /* to first order in ENT: n·ENT·rw/(1-rw) (= ENT × Rw × (-ln(1-Rw)/Rw) for many cells) */
    ORF_ASSERT_REL(r, n * ent * rw / (1.0 - rw), 0.02);
    assert_true(r > ent * rw_bank);
    assert_true(orf__flotation_bank_recovery(3.0, 0.0, n, 0.9, 0.0, ORF__KDIST_SINGLE) == 0.0);
    assert_true(orf__flotation_bank_recovery(3.0, 0.0, n, 0.9, 0.0, ORF__KDIST_KLIMPEL) == 0.0);
}

static void size_factor_peaks_at_optimum(void **state)
{
    (void)state;
    ORF_ASSERT_REL(orf__flotation_size_factor(40.0, 40.0, 1.0), 1.0, 1e-15);
    ORF_ASSERT_REL(orf__flotation_size_factor(40.0 * exp(1.0), 40.0, 1.0), exp(-0.5), 1e-14);
    ORF_ASSERT_REL(orf__flotation_size_factor(40.0 / exp(1.0), 40.0, 1.0), exp(-0.5), 1e-14);
    ORF_ASSERT_REL(orf__flotation_size_factor(5.0, 40.0, 0.0), 1.0, 0.0);
}

/* The bank on real streams: residence time from volume, air hold-up and slurry flow; balance per
 * cell; zero cell volume leaves entrainment only (serpentine and chromite alike by size). */
static void flotation_unit_residence_time_and_entrainment_limit(void **state)
{
    (void)state;
    sep_fixture f;
    sep_fixture_init(&f);
    sep_fixture_unit(&f, &orf_unit_flotation_bank);
    /* rate constants come from the YAML table in setup; set them after it */
    const orf_stream *in[1] = {&f.st[0]};
    orf_stream *out[2] = {&f.st[1], &f.st[2]};
    orf_status rc = unit_host_setup(&f.host, &f.u, f.ctx);
    assert_int_equal(rc, ORF_E_INPUT); /* rate_constants_per_min is required */
    sep_fixture_fini(&f);

    sep_fixture_init(&f);
    sep_fixture_unit(&f, &orf_unit_flotation_bank);
    orf_doc *doc = NULL;
    const char *yaml = "{rate_constants_per_min: {chromite: 1.5, serpentine: 0.02}, "
                       "max_recovery_pct: {chromite: 90}}";
    assert_int_equal(orf_doc_load_string(f.ctx, "t.yaml", yaml, strlen(yaml), &doc), ORF_OK);
    f.u.node = orf_doc_root(doc);
    f.u.params_node = orf_doc_root(doc);
    assert_int_equal(unit_host_setup(&f.host, &f.u, f.ctx), ORF_OK);
    assert_int_equal(f.u.type->compute(&f.u, in, out), 0);
    sep_fixture_assert_balance(&f);
    /* slurry: 100 t/h solids (30 at 4600, 70 at 2600 less composites) + 20 t/h bulk + 300 m3/h */
    double q = orf_stream_slurry_m3h(&f.st[0]);
    ORF_ASSERT_REL(f.r[2], 6.0 * 60.0 * 10.0 * 0.85 / q, 1e-12);
    ORF_ASSERT_REL(f.r[1], 15.0, 1e-12);
    const orf_system *y = &f.sys;
    double rc1 = f.xs[1][orf_ix(y, 0, 1, 0)] / f.xs[0][orf_ix(y, 0, 1, 0)];
    double rs1 = f.xs[1][orf_ix(y, 1, 1, 0)] / f.xs[0][orf_ix(y, 1, 1, 0)];
    assert_true(rc1 > 5.0 * rs1);
    assert_true(rc1 <= 0.9 + 1e-12); /* R∞ of chromite */
    /* zero volume: only entrainment, the same fraction for both minerals at a given size */
    f.p[1] = 0.0;
    assert_int_equal(f.u.type->compute(&f.u, in, out), 0);
    sep_fixture_assert_balance(&f);
    for (size_t s = 0; s < y->ns; s++) {
        double rc0 = f.xs[1][orf_ix(y, 0, s, 0)] / f.xs[0][orf_ix(y, 0, s, 0)];
        double rs0 = f.xs[1][orf_ix(y, 1, s, 0)] / f.xs[0][orf_ix(y, 1, s, 0)];
        ORF_ASSERT_REL(rc0, rs0, 1e-12);
        assert_true(rc0 <= 0.15 + 1e-12);
    }
    orf_doc_free(doc);
    sep_fixture_fini(&f);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(savassi_entrainment_is_20_pct_at_xi),
        cmocka_unit_test(cells_in_series_match_the_textbook_formula),
        cmocka_unit_test(many_cells_approach_plug_flow),
        cmocka_unit_test(klimpel_bank_is_the_mean_over_a_rectangular_k),
        cmocka_unit_test(zero_residence_time_recovers_only_entrainment),
        cmocka_unit_test(size_factor_peaks_at_optimum),
        cmocka_unit_test(flotation_unit_residence_time_and_entrainment_limit),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
