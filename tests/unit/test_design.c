/* Equipment sizing and the factored CAPEX (src/design/) against published relations and hand
 * computations:
 *  - Arterburn (1982): d50c(base) = 2.84 Dc^0.66 (µm, cm) at the base conditions (no solids, 10 psi
 *    = 68.95 kPa where C2 = 3.27 ΔP^-0.28 = 0.9994, ρs = 2.65 t/m³ where C3 = 1): a 25 cm cyclone
 * cuts at 2.84 × 25^0.66 = 23.766 µm.
 *  - Mular & Jull (1978): Q = 9.4e-3 √ΔP Dc²: 25 cm at 69 kPa, 9.4e-3 × 8.3066 × 625 = 48.80 m³/h
 *    (≈ 215 US gpm; Krebs' chart for a 10-inch cyclone at 10 psi reads 200–250 gpm).
 *  - Rowland (Bond) ball mill, D = 4 m, Vp = 0.40, 75 % of critical: 4.879 × 4^0.3 × (3.2 − 1.2) ×
 *    0.75 × (1 − 0.1/2^1.5) = 4.879 × 1.515717 × 2 × 0.75 × 0.964645 = 10.70058 kW per t of balls;
 *    a 4 m × 6 m mill holds 0.40 × π/4 × 4² × 6 × 4.65 = 140.24 t of balls and draws 1,500.66 kW
 *    (4 × 6 m ball mills run at 1.5–2 MW).
 *  - Coe & Clevenger (1916): unit area (F − D)/(ρw R): F = 4, D = 1.5, R = 0.5 m/h gives 5 m²·h/t
 *    = 0.20833 m² per t/d.
 *  - Cost-capacity rule (Williams 1947): twice the size at n = 0.6 costs 2^0.6 = 1.5157 times as
 *    much; CEPCI 800.0 over 576.1 (2024 over 2014) escalates by 1.38865. */
#include "orf_test.h"

#include "oreflow/design.h"
#include "oreflow/flowsheet.h"

#include <string.h>

static void arterburn_base_and_inverse(void **state)
{
    (void)state;
    double p10 = pow(3.27, 1.0 / 0.28);                  /* C2 = 1: 68.81 kPa */
    ORF_ASSERT_ABS(3.27 * pow(68.95, -0.28), 1.0, 1e-3); /* 10 psi */
    double d50 = 2.84 * pow(25.0, 0.66);
    ORF_ASSERT_ABS(d50, 23.766, 0.0005);
    ORF_ASSERT_REL(orf_design_cyclone_dc_cm(d50, 0.0, p10, 2650.0), 25.0, 1e-12);
    /* solids raise the cut (C1 > 1), so the same cut needs a smaller cyclone: C1 at 10 % by volume
     * = (43/53)^-1.43 = 1.3485, Dc = 25 / 1.3480^(1/0.66) */
    double c1 = pow(43.0 / 53.0, -1.43);
    ORF_ASSERT_ABS(c1, 1.3485, 5e-5);
    ORF_ASSERT_REL(orf_design_cyclone_dc_cm(d50, 10.0, p10, 2650.0), 25.0 / pow(c1, 1 / 0.66),
                   1e-12);
    /* heavier solids (chromite 4.5 t/m³): C3 = (1.65/3.5)^0.5 */
    ORF_ASSERT_REL(orf_design_cyclone_dc_cm(d50, 0.0, p10, 4500.0),
                   25.0 / pow(sqrt(1.65 / 3.5), 1 / 0.66), 1e-12);
    ORF_ASSERT_REL(orf_design_cyclone_q_m3h(25.0, 69.0), 48.80, 1e-3);
    assert_true(isnan(orf_design_cyclone_dc_cm(20, 60, 70, 2650))); /* beyond Arterburn's 53 % */
}

static void rowland_ball_mill(void **state)
{
    (void)state;
    ORF_ASSERT_REL(orf_design_ball_kw_per_t(4.0, 0.40, 0.75), 10.70058, 2e-6);
    double balls_t = 0.40 * 3.14159265358979 / 4.0 * 16.0 * 6.0 * 4.65;
    ORF_ASSERT_ABS(balls_t, 140.24, 0.005);
    double p = orf_design_ball_kw_per_t(4.0, 0.40, 0.75) * balls_t;
    ORF_ASSERT_ABS(p, 1500.66, 0.02);
    ORF_ASSERT_REL(orf_design_mill_diameter_m(p, 1.5, 0.40, 0.75, 4.65, 0), 4.0, 1e-9);
    /* rods: 1.752 × 3^0.33 × (6.3 − 2.16) × 0.70 */
    ORF_ASSERT_REL(orf_design_rod_kw_per_t(3.0, 0.40, 0.70),
                   1.752 * pow(3.0, 0.33) * (6.3 - 5.4 * 0.4) * 0.70, 1e-15);
    assert_true(isnan(orf_design_mill_diameter_m(0.0, 1.5, 0.4, 0.75, 4.65, 0)));
}

static void coe_clevenger_and_cost_rule(void **state)
{
    (void)state;
    ORF_ASSERT_REL(orf_design_coe_clevenger_m2_per_tpd(4.0, 1.5, 0.5), 0.208333333333, 1e-11);
    ORF_ASSERT_ABS(orf_design_coe_clevenger_m2_per_tpd(1.0, 1.5, 0.5), 0.0, 0.0);
    ORF_ASSERT_REL(orf_design_cost_usd(1e6, 10, 0.6, 20, 576.1, 576.1), 1e6 * 1.515716566, 1e-9);
    ORF_ASSERT_REL(orf_design_cost_usd(1e6, 10, 0.6, 10, 576.1, 800.0), 1.38865e6, 1e-5);
}

/* A feed, a fixed-cut cyclone, spirals on the underflow, a thickener and a filter on the overflow:
 * the counts against hand computations from the solved streams. */
static const char FS[] = "name: design test\n"
                         "materials: [chromite, serpentine]\n"
                         "sizes: {top_um: 1000, ratio: 1.41421356, count: 12}\n"
                         "feeds:\n"
                         "  ore:\n"
                         "    solids_tph: 120\n"
                         "    pct_solids: 25\n"
                         "    mineralogy: {chromite: 30, serpentine: 70}\n"
                         "    psd: {model: rosin_rammler, d63_um: 150, n: 0.9}\n"
                         "units:\n"
                         "  - {name: cyc, type: hydrocyclone, in: [ore], out: {overflow: fines, "
                         "underflow: coarse}, d50c_um: 40}\n"
                         "  - {name: sp, type: spiral, in: [coarse], out: {conc: c, middlings: m, "
                         "tails: t}, nominal_tph_per_machine: 4}\n"
                         "  - {name: th, type: thickener, in: [fines], out: {overflow: w, "
                         "underflow: thick}}\n"
                         "  - {name: fi, type: filter, in: [c], out: {cake: cake, filtrate: f}}\n"
                         "design: {thickener_unit_area_m2_per_tpd: 0.05,\n"
                         "         filter_rate_kg_m2_h: 500, installation: hand}\n";

static const orf_design_item *find(const orf_design *d, const char *unit)
{
    for (size_t i = 0; i < orf_design_count(d); i++)
        if (!strcmp(orf_design_item_at(d, i)->unit, unit))
            return orf_design_item_at(d, i);
    return NULL;
}

static void sizes_from_the_solved_streams(void **state)
{
    (void)state;
    orf_ctx *ctx = orf_ctx_alloc();
    orf_flowsheet *fs = NULL;
    assert_int_equal(orf_flowsheet_load_string(ctx, "design.yaml", FS, &fs), ORF_OK);
    assert_int_equal(orf_flowsheet_solve(fs, NULL), ORF_OK);
    orf_design *d = NULL;
    assert_int_equal(orf_design_compute(ctx, fs, &d), ORF_OK);
    double coarse =
        orf_stream_solids_tph(orf_flowsheet_stream(fs, orf_flowsheet_stream_index(fs, "coarse")));
    double fines =
        orf_stream_solids_tph(orf_flowsheet_stream(fs, orf_flowsheet_stream_index(fs, "fines")));
    double conc =
        orf_stream_solids_tph(orf_flowsheet_stream(fs, orf_flowsheet_stream_index(fs, "c")));
    const orf_design_item *sp = find(d, "sp"), *th = find(d, "th"), *fi = find(d, "fi");
    const orf_design_item *cy = find(d, "cyc");
    assert_non_null(sp);
    assert_non_null(th);
    assert_non_null(fi);
    assert_non_null(cy);
    ORF_ASSERT_ABS(sp->count, ceil(coarse / 4.0), 0.0);
    ORF_ASSERT_REL(sp->utilisation_pct, 100.0 * coarse / sp->count / 4.0, 1e-12);
    ORF_ASSERT_REL(th->size * th->count, 0.05 * 24.0 * fines, 1e-12);
    ORF_ASSERT_REL(fi->size * fi->count, 1000.0 * conc / 500.0, 1e-12);
    /* the cyclones pass the feed's slurry at the Mular–Jull capacity of their diameter */
    double q =
        orf_stream_slurry_m3h(orf_flowsheet_stream(fs, orf_flowsheet_stream_index(fs, "ore")));
    ORF_ASSERT_ABS(cy->count, ceil(q / orf_design_cyclone_q_m3h(cy->size, 70.0) - 1e-9), 0.0);
    /* Hand factors: installed = purchased × 2.5 item by item; the sum is the CAPEX */
    const orf_design_capex *cx = orf_design_capex_get(d);
    double s = 0;
    for (size_t i = 0; i < orf_design_count(d); i++) {
        const orf_design_item *it = orf_design_item_at(d, i);
        ORF_ASSERT_REL(it->installed_usd, 2.5 * it->purchased_usd, 1e-15);
        s += it->installed_usd;
    }
    ORF_ASSERT_REL(cx->installed_usd, s, 1e-12);
    assert_int_equal(cx->aace_class, 5); /* the shipped curves are assumptions */
    /* spiral starts at a fixed price per start: 3,500 USD of 2014 × CEPCI ratio */
    ORF_ASSERT_REL(sp->purchased_usd, sp->count * 3.5e3 * 800.0 / 576.1, 1e-12);
    const char *const units[] = {"sp", "fi"};
    ORF_ASSERT_REL(orf_design_units_installed_usd(d, units, 2),
                   sp->installed_usd + fi->installed_usd, 1e-15);
    const char *const none[] = {"ore"};
    assert_true(isnan(orf_design_units_installed_usd(d, none, 1)));
    orf_design_free(d);
    orf_flowsheet_free(fs);
    orf_ctx_free(ctx);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(arterburn_base_and_inverse),
        cmocka_unit_test(rowland_ball_mill),
        cmocka_unit_test(coe_clevenger_and_cost_rule),
        cmocka_unit_test(sizes_from_the_solved_streams),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
