/* Flotation bank: kinetics, Klimpel distribution, entrainment (src/units/flotation_model.c). */
#include "orf_test.h"
#include "units/sep_models.h"

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
    double r = orf__flotation_bank_recovery(3.0, 0.0, n, 0.9, ent * rw / (1.0 - rw),
                                            ORF__KDIST_SINGLE);
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

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(savassi_entrainment_is_20_pct_at_xi),
        cmocka_unit_test(cells_in_series_match_the_textbook_formula),
        cmocka_unit_test(many_cells_approach_plug_flow),
        cmocka_unit_test(klimpel_bank_is_the_mean_over_a_rectangular_k),
        cmocka_unit_test(zero_residence_time_recovers_only_entrainment),
        cmocka_unit_test(size_factor_peaks_at_optimum),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
