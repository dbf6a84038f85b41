/* Particulate cells only for the particulate materials (stream.h): a material named in no feed's
 * mineralogy lives in bulk only, and the flowsheet still balances to its analytic answer.
 *
 * Rougher–scavenger loop of black-box separators: with rougher recovery R and scavenger recovery
 * S of a material fed at F, the rougher feed is F / (1 − (1 − R)·S) and the concentrate R times
 * that (circulating load; Wills & Finch (2016), "Mineral Processing Technology", 8th ed., §3). */
#include "orf_test.h"

#include "oreflow.h"

#include <string.h>

static const char *LOOP =
    "name: sparse\n"
    "materials: [chromite, serpentine, olivine, coke]\n"
    "sizes: {top_um: 1000, ratio: 1.41421356, count: 12}\n"
    "feeds:\n"
    "  plant_feed:\n"
    "    solids_tph: 100\n"
    "    pct_solids: 35\n"
    "    mineralogy: {chromite: 25, serpentine: 75}\n"
    "    psd: {model: rosin_rammler, d63_um: 150, n: 1.1}\n"
    "    bulk: {coke: 5, olivine: 2}\n"
    "units:\n"
    "  - {name: sump, type: mixer, in: [plant_feed, scav_conc], out: [rougher_feed]}\n"
    "  - name: rougher\n"
    "    type: recovery_separator\n"
    "    in: [rougher_feed]\n"
    "    out: {concentrate: concentrate, tailings: rougher_tails}\n"
    "    recovery: {chromite: 0.80, serpentine: 0.05, olivine: 0.5, coke: 0.3}\n"
    "    water_recovery: 0.15\n"
    "  - name: scavenger\n"
    "    type: recovery_separator\n"
    "    in: [rougher_tails]\n"
    "    out: {concentrate: scav_conc, tailings: final_tailings}\n"
    "    recovery: {chromite: 0.60, serpentine: 0.10, olivine: 0.4, coke: 0.2}\n"
    "    water_recovery: 0.20\n"
    "  - {name: conc_stockpile, type: product, in: [concentrate]}\n"
    "  - {name: tailings_dam, type: product, in: [final_tailings]}\n"
    "solver: {tol: 1.0e-13}\n";

static int mat(const orf_system *y, const char *name)
{
    for (size_t m = 0; m < y->nm; m++)
        if (!strcmp(y->mat[m]->name, name))
            return (int)m;
    fail_msg("no material %s", name);
    return -1;
}

static double conc_tph(const orf_flowsheet *fs, const char *name)
{
    int i = orf_flowsheet_stream_index(fs, "concentrate");
    assert_true(i >= 0);
    const orf_stream *st = orf_flowsheet_stream(fs, (size_t)i);
    return orf_stream_material_tph(st, (size_t)mat(st->sys, name));
}

static void only_feed_minerals_get_particulate_cells(void **state)
{
    (void)state;
    orf_ctx *ctx = orf_ctx_alloc();
    orf_flowsheet *fs = NULL;
    orf_status st = orf_flowsheet_load_string(ctx, "sparse.yaml", LOOP, &fs);
    if (st)
        orf_ctx_print_diags(ctx, stderr);
    assert_int_equal(st, ORF_OK);
    const orf_system *y = orf_flowsheet_system(fs);
    assert_int_equal(y->npm, 2);
    assert_true(orf_has_particles(y, (size_t)mat(y, "chromite")));
    assert_true(orf_has_particles(y, (size_t)mat(y, "serpentine")));
    assert_false(orf_has_particles(y, (size_t)mat(y, "olivine")));
    assert_false(orf_has_particles(y, (size_t)mat(y, "coke")));
    assert_false(orf_has_particles(y, (size_t)y->water));
    assert_int_equal(y->npart, 2 * y->ns * y->nc);
    assert_int_equal(y->nvar, y->npart + y->nm + 1);
    for (size_t k = 0; k < y->npm; k++)
        assert_int_equal(y->pslot[y->pmat[k]], (int)k);
    /* the feed's mineralogy parameter exists for its minerals only */
    assert_non_null(orf_flowsheet_param_ref(fs, "plant_feed", "mineralogy.chromite"));
    assert_null(orf_flowsheet_param_ref(fs, "plant_feed", "mineralogy.olivine"));

    orf_solve_info info;
    assert_int_equal(orf_flowsheet_solve(fs, &info), ORF_OK);
    assert_true(info.converged);
    /* particulate (chromite 25 t/h) and bulk-only (coke 5 t/h, olivine 2 t/h) through the loop */
    ORF_ASSERT_REL(conc_tph(fs, "chromite"), 0.80 * 25.0 / (1.0 - 0.20 * 0.60), 1e-11);
    ORF_ASSERT_REL(conc_tph(fs, "serpentine"), 0.05 * 75.0 / (1.0 - 0.95 * 0.10), 1e-11);
    ORF_ASSERT_REL(conc_tph(fs, "coke"), 0.3 * 5.0 / (1.0 - 0.7 * 0.2), 1e-11);
    ORF_ASSERT_REL(conc_tph(fs, "olivine"), 0.5 * 2.0 / (1.0 - 0.5 * 0.4), 1e-11);
    orf_balance bal;
    assert_int_equal(orf_flowsheet_balance(fs, &bal), ORF_OK);
    assert_true(bal.max_relative_error < 1e-9);
    orf_flowsheet_free(fs);
    orf_ctx_free(ctx);
}

static void a_mineral_listed_at_zero_is_particulate_and_can_be_varied(void **state)
{
    (void)state;
    char yaml[4096];
    const char *a = "mineralogy: {chromite: 25, serpentine: 75}";
    const char *p = strstr(LOOP, a);
    assert_non_null(p);
    snprintf(yaml, sizeof yaml, "%.*smineralogy: {chromite: 25, serpentine: 75, olivine: 0}%s",
             (int)(p - LOOP), LOOP, p + strlen(a));
    orf_ctx *ctx = orf_ctx_alloc();
    orf_flowsheet *fs = NULL;
    assert_int_equal(orf_flowsheet_load_string(ctx, "sparse.yaml", yaml, &fs), ORF_OK);
    const orf_system *y = orf_flowsheet_system(fs);
    assert_int_equal(y->npm, 3);
    double *ol = orf_flowsheet_param_ref(fs, "plant_feed", "mineralogy.olivine");
    assert_non_null(ol);
    *ol = 10.0; /* mineralogy 25/75/10, normalised: olivine 100 · 10/110 t/h as particles */
    orf_solve_info info;
    assert_int_equal(orf_flowsheet_solve(fs, &info), ORF_OK);
    int i = orf_flowsheet_stream_index(fs, "plant_feed");
    assert_true(i >= 0);
    const orf_stream *feed = orf_flowsheet_stream(fs, (size_t)i);
    size_t m = (size_t)mat(y, "olivine");
    ORF_ASSERT_REL(orf_stream_material_tph(feed, m) - orf_stream_bulk(feed)[m], 1000.0 / 110.0,
                   1e-12);
    ORF_ASSERT_REL(conc_tph(fs, "olivine"), 0.5 * (2.0 + 1000.0 / 110.0) / (1.0 - 0.5 * 0.4),
                   1e-11);
    orf_balance bal;
    assert_int_equal(orf_flowsheet_balance(fs, &bal), ORF_OK);
    assert_true(bal.max_relative_error < 1e-9);
    orf_flowsheet_free(fs);
    orf_ctx_free(ctx);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(only_feed_minerals_get_particulate_cells),
        cmocka_unit_test(a_mineral_listed_at_zero_is_particulate_and_can_be_varied),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
