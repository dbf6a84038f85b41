/* Materials database, formulas, assays and size statistics against hand calculations.
 * Atomic weights: IUPAC CIAAW 2021 abridged values as in data/materials.yaml (Mg 24.305,
 * Si 28.085, O 15.999, H 1.008, Cr 51.996, Fe 55.845). */
#include "orf_test.h"

#include "oreflow.h"

#include <string.h>

static orf_matdb *load_db(orf_ctx *ctx)
{
    orf_matdb *db = NULL;
    orf_status st = orf_matdb_load(ctx, "data/materials.yaml", &db);
    if (st)
        orf_ctx_print_diags(ctx, stderr);
    assert_int_equal(st, ORF_OK);
    return db;
}

static void formula_molar_mass_matches_hand_values(void **state)
{
    (void)state;
    orf_ctx *ctx = orf_ctx_alloc();
    orf_matdb *db = load_db(ctx);
    /* serpentine Mg3Si2O5(OH)4: 3·24.305 + 2·28.085 + 9·15.999 + 4·1.008 = 277.108 g/mol */
    ORF_ASSERT_REL(orf_formula_molar_mass(db, "Mg3Si2O5(OH)4"), 277.108, 1e-12);
    /* Cr2O3: 2·51.996 + 3·15.999 = 151.989 */
    ORF_ASSERT_REL(orf_formula_molar_mass(db, "Cr2O3"), 151.989, 1e-12);
    /* fractional and grouped: (Fe0.5Mg0.5)Cr2O4 = 0.5·55.845 + 0.5·24.305 + 2·51.996 + 4·15.999 */
    ORF_ASSERT_REL(orf_formula_molar_mass(db, "(Fe0.5Mg0.5)Cr2O4"),
                   0.5 * 55.845 + 0.5 * 24.305 + 2 * 51.996 + 4 * 15.999, 1e-12);
    /* bad formulas: unknown element, unbalanced parenthesis */
    assert_true(orf_formula_molar_mass(db, "Xx2O3") < 0);
    assert_true(orf_formula_molar_mass(db, "Mg3(OH") < 0);
    double counts[ORF_MAX_ELEMENTS];
    assert_int_equal(orf_formula_parse(ctx, db, "Qq2", NULL, counts), ORF_E_INPUT);
    assert_true(orf_ctx_error_count(ctx) >= 1);
    /* element counts of serpentine */
    orf_ctx_clear_diags(ctx);
    assert_int_equal(orf_formula_parse(ctx, db, "Mg3Si2O5(OH)4", NULL, counts), ORF_OK);
    ORF_ASSERT_REL(counts[orf_matdb_element_index(db, "O")], 9.0, 1e-15);
    ORF_ASSERT_REL(counts[orf_matdb_element_index(db, "H")], 4.0, 1e-15);
    /* the database material carries the same composition as mass fractions */
    const orf_material *m =
        orf_matdb_material(db, (size_t)orf_matdb_material_index(db, "serpentine"));
    ORF_ASSERT_REL(m->molar_mass_g_mol, 277.108, 1e-12);
    ORF_ASSERT_REL(orf_material_element_frac(m, orf_matdb_element_index(db, "Mg")),
                   3 * 24.305 / 277.108, 1e-12);
    orf_matdb_free(db);
    orf_ctx_free(ctx);
}

static void oxide_factors_match_hand_values(void **state)
{
    (void)state;
    orf_ctx *ctx = orf_ctx_alloc();
    orf_matdb *db = load_db(ctx);
    int el;
    double f;
    assert_int_equal(orf_oxide_factor(db, "Cr2O3", &el, &f), 0);
    assert_int_equal(el, orf_matdb_element_index(db, "Cr"));
    ORF_ASSERT_REL(f, 151.989 / 103.992, 1e-12);
    ORF_ASSERT_ABS(f, 1.4616, 1e-4); /* textbook 1.4616 (older atomic weights); 2021: 1.46155 */
    assert_int_equal(orf_oxide_factor(db, "FeO", &el, &f), 0);
    ORF_ASSERT_REL(f, 71.844 / 55.845, 1e-12);
    assert_int_equal(orf_oxide_factor(db, "SiO2", &el, &f), 0);
    ORF_ASSERT_REL(f, 60.083 / 28.085, 1e-12);
    /* not single-element oxides */
    assert_int_equal(orf_oxide_factor(db, "FeCr2O4", &el, &f), -1);
    assert_int_equal(orf_oxide_factor(db, "CaCO3", &el, &f), -1);
    orf_matdb_free(db);
    orf_ctx_free(ctx);
}

/* 50 t/h chromite + 50 t/h quartz, dry; 12 √2 sieves from 1000 µm, Rosin–Rammler d63 = 150 µm,
 * n = 1.1 (size distribution is the same for both minerals). */
static const char *ASSAY_FS =
    "name: assays\n"
    "materials: [chromite, quartz]\n"
    "sizes: {top_um: %s, ratio: %s, count: %s}\n"
    "feeds:\n"
    "  f: {solids_tph: 100, water_tph: 25, mineralogy: {chromite: 50, quartz: 50},\n"
    "      psd: {model: rosin_rammler, d63_um: 150, n: 1.1}}\n"
    "report: {assays: [Cr2O3, FeO, SiO2, Cr/Fe, chromite, Cr]}\n";

static orf_flowsheet *assay_flowsheet(orf_ctx *ctx, const char *top, const char *ratio,
                                      const char *count)
{
    char yaml[2048];
    snprintf(yaml, sizeof yaml, ASSAY_FS, top, ratio, count);
    orf_flowsheet *fs = NULL;
    orf_status st = orf_flowsheet_load_string(ctx, "assays.yaml", yaml, &fs);
    if (st)
        orf_ctx_print_diags(ctx, stderr);
    assert_int_equal(st, ORF_OK);
    assert_int_equal(orf_flowsheet_solve(fs, NULL), ORF_OK);
    return fs;
}

/* The chromite analysis in data/materials.yaml: Cr2O3 61.0, Al2O3 8.5, MgO 15.5, FeO 12.0,
 * Fe2O3 2.5, SiO2 0.3, TiO2 0.2 (sums to 100). */
static void assays_follow_from_the_chromite_analysis(void **state)
{
    (void)state;
    orf_ctx *ctx = orf_ctx_alloc();
    orf_flowsheet *fs = assay_flowsheet(ctx, "1000", "1.41421356", "12");
    const orf_stream *s = orf_flowsheet_stream(fs, 0);
    double v;
    assert_int_equal(orf_stream_assay(s, "Cr2O3", &v), ORF_OK);
    ORF_ASSERT_REL(v, 0.5 * 61.0, 1e-12);
    /* all iron as FeO: 12.0 + 2.5 · 2·71.844/159.687 */
    assert_int_equal(orf_stream_assay(s, "FeO", &v), ORF_OK);
    ORF_ASSERT_REL(v, 0.5 * (12.0 + 2.5 * 2 * 71.844 / 159.687), 1e-12);
    /* SiO2: chromite's 0.3 % plus the quartz */
    assert_int_equal(orf_stream_assay(s, "SiO2", &v), ORF_OK);
    ORF_ASSERT_REL(v, 0.5 * 0.3 + 50.0, 1e-12);
    /* a material of the system: mass % */
    assert_int_equal(orf_stream_assay(s, "chromite", &v), ORF_OK);
    ORF_ASSERT_REL(v, 50.0, 1e-12);
    /* Cr/Fe mass ratio: (61.0/1.46155) / (12.0/1.28645 + 2.5/1.42978) */
    double cr = 61.0 * 103.992 / 151.989;
    double fe = 12.0 * 55.845 / 71.844 + 2.5 * 111.69 / 159.687;
    assert_int_equal(orf_stream_assay(s, "Cr/Fe", &v), ORF_OK);
    ORF_ASSERT_REL(v, cr / fe, 1e-12);
    assert_int_equal(orf_stream_assay(s, "Cr", &v), ORF_OK);
    ORF_ASSERT_REL(v, 0.5 * cr, 1e-12);
    /* unknown names */
    assert_int_equal(orf_stream_assay(s, "unobtainium", &v), ORF_E_UNKNOWN_NAME);
    assert_int_equal(orf_stream_assay(s, "Cr/Xx", &v), ORF_E_UNKNOWN_NAME);
    /* % solids and slurry volume: 100 t/h solids, 25 t/h water */
    ORF_ASSERT_REL(orf_stream_pct_solids(s), 80.0, 1e-12);
    ORF_ASSERT_REL(orf_stream_slurry_m3h(s), 50.0 / 4.6 + 50.0 / 2.65 + 25.0 / 0.997, 1e-12);
    orf_flowsheet_free(fs);
    orf_ctx_free(ctx);
}

/* Rosin–Rammler P(d) = 1 − exp(−(d/d63)^n) → P80 = d63 · (−ln 0.2)^(1/n). The stream keeps only
 * the mass per sieve class, and P80 is interpolated log-linearly between sieves, so the answer
 * carries the interpolation error of the sieve series: a few tenths of a % on a √2 series (the
 * RR curve is nearly straight in log d across one class), less on a ⁴√2 series. */
static void p80_of_a_rosin_rammler_feed_matches_the_analytic_size(void **state)
{
    (void)state;
    double p80 = 150.0 * pow(-log(0.2), 1.0 / 1.1);
    double p50 = 150.0 * pow(-log(0.5), 1.0 / 1.1);
    orf_ctx *ctx = orf_ctx_alloc();
    orf_flowsheet *fs = assay_flowsheet(ctx, "1000", "1.41421356", "12");
    const orf_stream *s = orf_flowsheet_stream(fs, 0);
    ORF_ASSERT_REL(orf_stream_pxx_um(s, 80), p80, 1e-2);
    ORF_ASSERT_REL(orf_stream_pxx_um(s, 50), p50, 1e-2);
    /* at a sieve the passing is exact: P(500 µm) */
    double pass[64];
    orf_stream_passing(s, pass);
    ORF_ASSERT_REL(pass[2], 100.0 * (1 - exp(-pow(500.0 / 150.0, 1.1))), 1e-7);
    ORF_ASSERT_REL(pass[0], 100.0 * (1 - 0.0), 1e-12); /* everything passes the top size class */
    orf_flowsheet_free(fs);
    fs = assay_flowsheet(ctx, "1000", "1.189207115", "40");
    s = orf_flowsheet_stream(fs, 0);
    ORF_ASSERT_REL(orf_stream_pxx_um(s, 80), p80, 2.5e-3);
    ORF_ASSERT_REL(orf_stream_pxx_um(s, 50), p50, 2.5e-3);
    orf_flowsheet_free(fs);
    orf_ctx_free(ctx);
}

/* Write `text` as a materials database under the build tree and load it. */
static orf_status load_db_text(orf_ctx *ctx, const char *name, const char *text, orf_matdb **db)
{
    char path[512];
    snprintf(path, sizeof path, "%s/%s", ORF_BINARY_DIR, name);
    FILE *fp = fopen(path, "w");
    assert_non_null(fp);
    fputs(text, fp);
    assert_int_equal(fclose(fp), 0);
    return orf_matdb_load(ctx, path, db);
}

static void the_default_valuable_element_is_data(void **state)
{
    (void)state;
    orf_ctx *ctx = orf_ctx_alloc();
    orf_matdb *db = load_db(ctx);
    assert_string_equal(orf_matdb_default_valuable_element(db), "Cr");
    orf_matdb_free(db);
    /* a database may name another element, or none */
#define HEMATITE_DB                                                                                \
    "elements: {Fe: 55.845, O: 15.999}\n"                                                          \
    "materials: {hematite: {phase: solid, density_kg_m3: 5260, formula: Fe2O3, source: test}}\n"
    assert_int_equal(load_db_text(ctx, "test_materials_fe.yaml",
                                  "default_valuable_element: Fe\n" HEMATITE_DB, &db),
                     ORF_OK);
    assert_string_equal(orf_matdb_default_valuable_element(db), "Fe");
    orf_matdb_free(db);
    assert_int_equal(load_db_text(ctx, "test_materials_none.yaml", HEMATITE_DB, &db), ORF_OK);
    assert_null(orf_matdb_default_valuable_element(db));
    orf_matdb_free(db);
    /* not an element of the database: a located error */
    const char *xx = "default_valuable_element: Xx\nelements: {Fe: 55.845}\nmaterials: {}\n";
    assert_int_equal(load_db_text(ctx, "test_materials_xx.yaml", xx, &db), ORF_E_INPUT);
    assert_null(db);
    assert_non_null(strstr(orf_ctx_diag_get(ctx, 0)->message, "'Xx' is not an element symbol"));
    assert_int_equal(orf_ctx_diag_get(ctx, 0)->loc.line, 1);
    orf_ctx_free(ctx);
}

static void did_you_mean_picks_the_nearest_name(void **state)
{
    (void)state;
    assert_int_equal(orf_edit_distance("chromit", "chromite"), 1);
    assert_int_equal(orf_edit_distance("hydrocylcone", "hydrocyclone"), 1); /* transposition */
    assert_int_equal(orf_edit_distance("", "abc"), 3);
    orf_ctx *ctx = orf_ctx_alloc();
    static const char *const cand[] = {"chromite", "serpentine", "olivine"};
    orf_diag_emit(ctx, ORF_E_UNKNOWN_NAME, NULL, NULL, "unknown material 'serpentin'");
    orf_diag_hint_nearest(ctx, "serpentin", cand, 3);
    assert_string_equal(orf_ctx_diag_get(ctx, 0)->hint, "did you mean 'serpentine'?");
    orf_diag_emit(ctx, ORF_E_UNKNOWN_NAME, NULL, NULL, "unknown material 'gold'");
    orf_diag_hint_nearest(ctx, "gold", cand, 3);
    assert_null(orf_ctx_diag_get(ctx, 1)->hint); /* nothing near enough */
    orf_ctx_free(ctx);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(formula_molar_mass_matches_hand_values),
        cmocka_unit_test(oxide_factors_match_hand_values),
        cmocka_unit_test(assays_follow_from_the_chromite_analysis),
        cmocka_unit_test(p80_of_a_rosin_rammler_feed_matches_the_analytic_size),
        cmocka_unit_test(did_you_mean_picks_the_nearest_name),
        cmocka_unit_test(the_default_valuable_element_is_data),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
