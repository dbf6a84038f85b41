/* Liberation through breakage (src/units/liberation_model.c) and Bond's power of the crusher and
 * Rowland's factors of the mills (src/units/bond_rowland.c), on flowsheets loaded from text:
 *  - each material's mass closes to 1e-12 through a mill and a crusher that liberate;
 *  - the liberated share of the valuable mineral in each size class of a mill's product is the
 *    path-independent value 1 - (1 - L(d))/(1 - L(D)) of the model (hand computation), for a feed
 *    of composites in the top class only;
 *  - the liberated share of the product rises monotonically as the mill grinds finer (longer τ);
 *  - the crusher's power without Ecs is Bond's W × feed t/h and enters the plant's power total;
 *  - Rowland's EF4, EF5 and EF7 against hand values. */
#include "orf_test.h"

#include "oreflow.h"
#include "units/liberation.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

/* magnetite/quartz, composites in the top class only (3-4 mm), 25 vol % magnetite */
static const char *MILL =
    "name: lib\n"
    "materials: [magnetite, quartz]\n"
    "valuable: magnetite\n"
    "sizes: {top_um: 4000, ratio: 2, count: 10}\n"
    "composition_classes: {vfrac: [1.0, 0.75, 0.5, 0.25, 0.0]}\n"
    "feeds:\n"
    "  ore:\n"
    "    solids_tph: 100\n"
    "    pct_solids: 70\n"
    "    mineralogy: {magnetite: 30, quartz: 70}\n"
    "    psd: {table: [[4000, 100], [2000, 0.0]]}\n"
    "    liberation: [0.0, 0.0, 0.0, 1.0, 0.0]\n"
    "units:\n"
    "  - {name: mill, type: ball_mill, in: [ore], out: [ground], tau_min: %g, n_mixers: 2,\n"
    "     grain_size_um: 150, wi_kwh_per_t: 12}\n"
    "  - {name: crusher, type: crusher, in: [ground], out: [crushed], k1_mm: 0.05, k2_mm: 0.4,\n"
    "     grain_size_um: 150, wi_kwh_per_t: 10}\n"
    "  - {name: out, type: product, in: [crushed]}\n";

static orf_flowsheet *load(orf_ctx *ctx, const char *fmt, double tau)
{
    static char text[4096];
    snprintf(text, sizeof text, fmt, tau);
    orf_flowsheet *fs = NULL;
    orf_status st = orf_flowsheet_load_string(ctx, "lib.yaml", text, &fs);
    if (st)
        orf_ctx_print_diags(ctx, stderr);
    assert_int_equal(st, ORF_OK);
    orf_solve_info info;
    st = orf_flowsheet_solve(fs, &info);
    if (st)
        orf_ctx_print_diags(ctx, stderr);
    assert_int_equal(st, ORF_OK);
    return fs;
}

static const orf_stream *stream(const orf_flowsheet *fs, const char *name)
{
    int i = orf_flowsheet_stream_index(fs, name);
    assert_true(i >= 0);
    return orf_flowsheet_stream(fs, (size_t)i);
}

static double result(const orf_flowsheet *fs, const char *unit, const char *name)
{
    for (size_t u = 0; u < orf_flowsheet_unit_count(fs); u++) {
        const orf_unit *un = orf_flowsheet_unit(fs, u);
        if (strcmp(un->name, unit))
            continue;
        for (size_t r = 0; r < un->type->nresults; r++)
            if (!strcmp(un->type->results[r].name, name))
                return un->r[r];
    }
    fail_msg("no result %s.%s", unit, name);
    return NAN;
}

static void mass_closes_per_material(void **state)
{
    (void)state;
    orf_ctx *ctx = orf_ctx_alloc();
    orf_flowsheet *fs = load(ctx, MILL, 8.0);
    const orf_system *y = orf_flowsheet_system(fs);
    const char *names[] = {"ore", "ground", "crushed"};
    for (size_t m = 0; m < y->nm; m++) {
        double in = orf_stream_material_tph(stream(fs, names[0]), m);
        for (int k = 1; k < 3; k++)
            ORF_ASSERT_REL(orf_stream_material_tph(stream(fs, names[k]), m), in, 1e-12);
    }
    /* something was liberated, and both ways: free magnetite and free quartz */
    const orf_stream *g = stream(fs, "ground");
    double free_v = 0, free_g = 0;
    for (size_t s = 0; s < y->ns; s++) {
        free_v += g->x[orf_ix(y, (size_t)y->valuable, s, 0)];
        free_g += g->x[orf_ix(y, 1, s, 4)];
    }
    assert_true(free_v > 1.0 && free_g > 1.0);
    orf_flowsheet_free(fs);
    orf_ctx_free(ctx);
}

/* Every fragment of the mill's product came from a composite of the top class (mid size D); the
 * model's liberated share of the magnetite in size class s is 1 - (1 - L(d_s))/(1 - L(D)) with
 * L(x) = exp(-x/150), whatever the path (King's non-preferential breakage). */
static void liberation_by_size_is_path_independent(void **state)
{
    (void)state;
    orf_ctx *ctx = orf_ctx_alloc();
    orf_flowsheet *fs = load(ctx, MILL, 8.0);
    const orf_system *y = orf_flowsheet_system(fs);
    const orf_stream *g = stream(fs, "ground");
    size_t v = (size_t)y->valuable;
    double D = y->mid_um[0];
    for (size_t s = 1; s < y->ns; s++) {
        double tot = 0, lib = 0;
        for (size_t c = 0; c < y->nc; c++)
            tot += g->x[orf_ix(y, v, s, c)];
        lib = g->x[orf_ix(y, v, s, 0)];
        if (!(tot > 1e-9))
            continue;
        double d = y->mid_um[s];
        double want = 1.0 - (1.0 - exp(-d / 150.0)) / (1.0 - exp(-D / 150.0));
        ORF_ASSERT_REL(lib / tot, want, 1e-9);
    }
    /* unbroken feed stays composite */
    ORF_ASSERT_ABS(g->x[orf_ix(y, v, 0, 0)], 0.0, 0.0);
    orf_flowsheet_free(fs);
    orf_ctx_free(ctx);
}

static void finer_grind_liberates_more(void **state)
{
    (void)state;
    orf_ctx *ctx = orf_ctx_alloc();
    double prev_lib = -1, prev_p80 = 1e9;
    const double taus[] = {0.5, 1, 2, 4, 8, 16, 32};
    for (size_t k = 0; k < sizeof taus / sizeof taus[0]; k++) {
        orf_flowsheet *fs = load(ctx, MILL, taus[k]);
        double lib = result(fs, "mill", "liberated_pct");
        double p80 = result(fs, "mill", "p80_um");
        assert_true(p80 < prev_p80);
        assert_true(lib > prev_lib);
        prev_lib = lib;
        prev_p80 = p80;
        orf_flowsheet_free(fs);
    }
    assert_true(prev_lib > 50.0);
    orf_ctx_free(ctx);
}

/* The crusher without Ecs draws Bond's W = 10 Wi (1/√P80 − 1/√F80) on its feed t/h; the plant's
 * power is the sum of the units' power_kw (mill + crusher). */
static void crusher_bond_power_by_default(void **state)
{
    (void)state;
    orf_ctx *ctx = orf_ctx_alloc();
    orf_flowsheet *fs = load(ctx, MILL, 4.0);
    double f80 = orf_stream_pxx_um(stream(fs, "ground"), 80.0);
    double p80 = orf_stream_pxx_um(stream(fs, "crushed"), 80.0);
    double w = 10.0 * 10.0 * (1.0 / sqrt(p80) - 1.0 / sqrt(f80));
    assert_true(w > 0);
    ORF_ASSERT_REL(result(fs, "crusher", "specific_energy_kwh_per_t"), w, 1e-12);
    ORF_ASSERT_REL(result(fs, "crusher", "power_kw"), w * 100.0, 1e-12);
    orf_flowsheet_free(fs);
    orf_ctx_free(ctx);
}

/* Rowland (1972): Wi 15, F80 10,000 µm, P80 50 µm (ball mill, wet, closed circuit):
 * F0 = 4000 √(13/15) = 3723.8; Rr = 200; EF4 = (200 + 8 (10000 − F0)/F0)/200 = 1.067417;
 * EF5 = (50 + 10.3)/(1.145 · 50) = 1.05328. Regrind F80 200, P80 50: Rr = 4 < 6,
 * EF7 = (2 · 2.65 + 0.26)/(2 · 2.65) = 1.04906. */
static void rowland_factors_hand_values(void **state)
{
    (void)state;
    orf__rowland r = {0, 0, 0, 0, 1.5, {0}};
    double f0 = 4000.0 * sqrt(13.0 / 15.0);
    double ef4 = (200.0 + 8.0 * (10000.0 - f0) / f0) / 200.0;
    double ef5 = 60.3 / 57.25;
    ORF_ASSERT_REL(orf__rowland_factor(&r, 15.0, 10000.0, 50.0), ef4 * ef5, 1e-12);
    ORF_ASSERT_REL(r.ef[4], 1.0674172, 1e-6);
    ORF_ASSERT_REL(r.ef[5], 1.0532751, 1e-6);
    ORF_ASSERT_REL(orf__rowland_factor(&r, 15.0, 200.0, 50.0), (5.56 / 5.3) * ef5, 1e-12);
    r.dry = 1;
    r.open_pct = 85;
    r.diameter_m = 4.5;
    double all = orf__rowland_factor(&r, 15.0, 200.0, 50.0);
    ORF_ASSERT_REL(all, 1.3 * 1.30 * 0.914 * (5.56 / 5.3) * ef5, 1e-12);
    orf__rowland rod = {1, 0, 0, 0, 1.5, {0}};
    orf__rowland_factor(&rod, 15.0, 12000.0, 1000.0); /* Rr 12 vs Rr0 15.5 */
    ORF_ASSERT_REL(rod.ef[6], 1.0 + 3.5 * 3.5 / 150.0, 1e-12);
}

static void bad_grain_size_is_located(void **state)
{
    (void)state;
    orf_ctx *ctx = orf_ctx_alloc();
    char text[4096];
    snprintf(text, sizeof text, MILL, 4.0);
    char *p = strstr(text, "grain_size_um: 150");
    assert_non_null(p);
    memcpy(p, "grain_size_um:   0", 18);
    orf_flowsheet *fs = NULL;
    assert_int_not_equal(orf_flowsheet_load_string(ctx, "lib.yaml", text, &fs), ORF_OK);
    assert_null(fs);
    orf_ctx_free(ctx);
}

/* A grain size set later (a scenario, a Monte Carlo sample) switches liberation on for a mill
 * that was given none; 0 switches it off again. */
static void grain_size_set_by_a_scenario(void **state)
{
    (void)state;
    orf_ctx *ctx = orf_ctx_alloc();
    char text[4096];
    snprintf(text, sizeof text, MILL, 4.0);
    char *p = strstr(text, "grain_size_um: 150, "); /* the mill's (the first) */
    assert_non_null(p);
    memset(p, ' ', 20);
    orf_flowsheet *fs = NULL;
    orf_status st = orf_flowsheet_load_string(ctx, "lib.yaml", text, &fs);
    if (st)
        orf_ctx_print_diags(ctx, stderr);
    assert_int_equal(st, ORF_OK);
    orf_solve_info info;
    assert_int_equal(orf_flowsheet_solve(fs, &info), ORF_OK);
    ORF_ASSERT_ABS(result(fs, "mill", "liberated_pct"), 0.0, 0.0);
    double *g = orf_flowsheet_param_ref(fs, "mill", "grain_size_um");
    assert_non_null(g);
    *g = 150.0;
    assert_int_equal(orf_flowsheet_solve(fs, &info), ORF_OK);
    assert_true(result(fs, "mill", "liberated_pct") > 1.0);
    *g = 0.0;
    assert_int_equal(orf_flowsheet_solve(fs, &info), ORF_OK);
    ORF_ASSERT_ABS(result(fs, "mill", "liberated_pct"), 0.0, 0.0);
    orf_flowsheet_free(fs);
    orf_ctx_free(ctx);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(mass_closes_per_material),
        cmocka_unit_test(liberation_by_size_is_path_independent),
        cmocka_unit_test(finer_grind_liberates_more),
        cmocka_unit_test(crusher_bond_power_by_default),
        cmocka_unit_test(rowland_factors_hand_values),
        cmocka_unit_test(bad_grain_size_is_located),
        cmocka_unit_test(grain_size_set_by_a_scenario),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
