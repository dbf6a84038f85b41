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

/* The minerals library (data/materials.yaml, issue 17): every mineral loads, its molar mass is the
 * hand sum of its formula's IUPAC 2021 atomic weights, and its density lies in the published range
 * of the Handbook of Mineralogy (Anthony et al., MSA; "HoM" below) or mindat.org. */
typedef struct mineral_case {
    const char *name;
    double molar_mass_g_mol; /* by hand; 0 for an analysis (electrum) */
    double rho_lo, rho_hi;   /* kg/m³, the published range */
} mineral_case;

#define CU 63.546
#define FE 55.845
#define S_ 32.06
#define O_ 15.999
#define H_ 1.008
static const mineral_case MINERALS[] = {
    {"chalcopyrite", CU + FE + 2 * S_, 4100, 4300}, /* 183.511 g/mol; HoM 4.1–4.3 g/cm³ */
    {"bornite", 5 * CU + FE + 4 * S_, 5060, 5090},  /* HoM 5.06–5.09 */
    {"chalcocite", 2 * CU + S_, 5500, 5800},        /* HoM 5.5–5.8 */
    {"covellite", CU + S_, 4600, 4760},             /* HoM 4.6–4.76 */
    {"pyrite", FE + 2 * S_, 4950, 5100},            /* HoM 4.95–5.10 */
    {"pyrrhotite", 7 * FE + 8 * S_, 4580, 4650},    /* HoM 4.58–4.65 */
    {"sphalerite", 65.38 + S_, 3900, 4100},         /* HoM 3.9–4.1 */
    {"galena", 207.2 + S_, 7400, 7600}, /* 239.26 g/mol; HoM 7.2–7.6, mindat 7.4–7.6 */
    {"pentlandite", 4.5 * FE + 4.5 * 58.693 + 8 * S_, 4600, 5000}, /* HoM 4.6–5.0 */
    {"arsenopyrite", FE + 74.922 + S_, 5900, 6200},                /* HoM 5.9–6.2 */
    {"molybdenite", 95.95 + 2 * S_, 4620, 4730},                   /* HoM 4.62–4.73 */
    {"magnetite", 3 * FE + 4 * O_, 5170, 5180},                    /* HoM 5.175 */
    {"hematite", 2 * FE + 3 * O_, 5250, 5270},                     /* HoM 5.26 */
    {"goethite", FE + 2 * O_ + H_, 3300, 4300},                    /* HoM 3.3–4.3 */
    {"ilmenite", FE + 47.867 + 3 * O_, 4680, 4760},                /* HoM 4.68–4.76 */
    {"rutile", 47.867 + 2 * O_, 4230, 4300},                       /* HoM 4.23–, calc 4.25 */
    {"cassiterite", 118.71 + 2 * O_, 6980, 7100},                  /* HoM 6.98–7.1 */
    {"scheelite", 40.078 + 183.84 + 4 * O_, 5900, 6120}, /* mindat 5.9–6.1, HoM calc 6.12 */
    {"wolframite", 0.5 * FE + 0.5 * 54.938 + 183.84 + 4 * O_, 7100, 7500}, /* mindat 7.1–7.5 */
    {"ferberite", FE + 183.84 + 4 * O_, 7500, 7600},                       /* HoM 7.51–7.58 */
    {"huebnerite", 54.938 + 183.84 + 4 * O_, 7120, 7180},                  /* HoM 7.12–7.18 */
    {"magnesiochromite", 24.305 + 2 * 51.996 + 4 * O_, 4200, 4430},        /* mindat 4.2–4.41 */
    {"chromite_ss", FE + 2 * 51.996 + 4 * O_, 4500, 5090},                 /* HoM 4.5–5.09 */
    {"orthoclase", 39.098 + 26.982 + 3 * 28.085 + 8 * O_, 2550, 2630},     /* HoM 2.55–2.63 */
    {"albite", 22.990 + 26.982 + 3 * 28.085 + 8 * O_, 2600, 2650},         /* HoM 2.60–2.65 */
    {"muscovite", 39.098 + 3 * 26.982 + 3 * 28.085 + 12 * O_ + 2 * H_, 2770, 2880}, /* 2.77–2.88 */
    {"biotite", 39.098 + 1.5 * 24.305 + 1.5 * FE + 26.982 + 3 * 28.085 + 12 * O_ + 2 * H_, 2700,
     3300},                                                                /* HoM 2.7–3.3 */
    {"almandine", 3 * FE + 2 * 26.982 + 3 * 28.085 + 12 * O_, 4300, 4330}, /* HoM 4.32 */
    {"spodumene", 6.94 + 26.982 + 2 * 28.085 + 6 * O_, 3030, 3230},        /* HoM 3.03–3.23 */
    {"dolomite", 40.078 + 24.305 + 2 * (12.011 + 3 * O_), 2840, 2860},     /* HoM 2.84–2.86 */
    {"fluorite", 40.078 + 2 * 18.998, 3175, 3184},                         /* HoM 3.175–3.184 */
    {"apatite", 5 * 40.078 + 3 * (30.974 + 4 * O_) + 18.998, 3100, 3250},  /* HoM 3.1–3.25 */
    {"barite", 137.33 + S_ + 4 * O_, 4480, 4500},                          /* HoM 4.48–4.50 */
    {"gold", 196.97, 19300, 19320},   /* pure gold 19.30–19.32 (HoM calc 19.31) */
    {"silver", 107.87, 10100, 11100}, /* HoM 10.1–11.1 */
    {"electrum", 0, 13000, 16000},    /* mindat: 13–16 g/cm³ by its silver */
};

static void the_minerals_library_matches_published_figures(void **state)
{
    (void)state;
    orf_ctx *ctx = orf_ctx_alloc();
    orf_matdb *db = load_db(ctx);
    for (size_t i = 0; i < sizeof MINERALS / sizeof MINERALS[0]; i++) {
        const mineral_case *c = &MINERALS[i];
        int k = orf_matdb_material_index(db, c->name);
        if (k < 0)
            fail_msg("mineral '%s' is not in data/materials.yaml", c->name);
        const orf_material *m = orf_matdb_material(db, (size_t)k);
        assert_int_equal(m->phase, ORF_PHASE_SOLID);
        if (!(m->density_kg_m3 >= c->rho_lo && m->density_kg_m3 <= c->rho_hi))
            fail_msg("%s: density %g kg/m³ outside the published %g–%g", c->name, m->density_kg_m3,
                     c->rho_lo, c->rho_hi);
        if (c->molar_mass_g_mol > 0) {
            assert_non_null(m->formula);
            ORF_ASSERT_REL(m->molar_mass_g_mol, c->molar_mass_g_mol, 1e-12);
        }
        double sum = 0;
        for (size_t e = 0; e < m->nel; e++)
            sum += m->wfrac[e];
        ORF_ASSERT_REL(sum, 1.0, 1e-14);
        assert_non_null(m->source);
    }
    /* the brief's published figures: chalcopyrite CuFeS2 183.5 g/mol, Cu 34.6 % */
    const orf_material *cpy =
        orf_matdb_material(db, (size_t)orf_matdb_material_index(db, "chalcopyrite"));
    ORF_ASSERT_ABS(cpy->molar_mass_g_mol, 183.5, 0.05);
    ORF_ASSERT_REL(orf_material_element_frac(cpy, orf_matdb_element_index(db, "Cu")),
                   CU / (CU + FE + 2 * S_), 1e-12);
    /* scheelite: 80.5 % WO3 (CaWO4 → WO3 231.84 / 287.92) */
    const orf_material *sch =
        orf_matdb_material(db, (size_t)orf_matdb_material_index(db, "scheelite"));
    int el;
    double f;
    assert_int_equal(orf_oxide_factor(db, "WO3", &el, &f), 0);
    ORF_ASSERT_ABS(100 * orf_material_element_frac(sch, el) * f, 80.52, 0.01);
    /* electrum: 75 % Au, 25 % Ag by mass */
    const orf_material *el_m =
        orf_matdb_material(db, (size_t)orf_matdb_material_index(db, "electrum"));
    ORF_ASSERT_REL(orf_material_element_frac(el_m, orf_matdb_element_index(db, "Au")), 0.75, 1e-14);
    /* magnetite is strongly magnetic, hematite paramagnetic: three orders of magnitude apart
     * (Hunt, Moskowitz & Banerjee 1995: 2·10⁻⁴–1.1·10⁻³ against 1·10⁻⁷–7.6·10⁻⁶ m³/kg) */
    const char *chi = "magnetic_susceptibility_m3_kg";
    double chi_mt = orf_material_prop(
        orf_matdb_material(db, (size_t)orf_matdb_material_index(db, "magnetite")), chi, NAN);
    double chi_hm = orf_material_prop(
        orf_matdb_material(db, (size_t)orf_matdb_material_index(db, "hematite")), chi, NAN);
    assert_true(chi_mt >= 2e-4 && chi_mt <= 1.1e-3);
    assert_true(chi_hm >= 1e-7 && chi_hm <= 7.6e-6);
    assert_true(chi_mt > 100 * chi_hm);
    /* diamagnetic (χ < 0): gold, galena, quartz (CRC Handbook; Hunt et al. 1995 table 1) */
    static const char *const dia[] = {"gold", "galena", "quartz"};
    for (size_t i = 0; i < 3; i++)
        assert_true(
            orf_material_prop(orf_matdb_material(db, (size_t)orf_matdb_material_index(db, dia[i])),
                              chi, 1) < 0);
    orf_matdb_free(db);
    orf_ctx_free(ctx);
}

/* A user's materials_db extends the default: new elements and materials are added, an entry of the
 * same name replaces the default's in its place with a warning that names both locations (none for
 * an unchanged copy), and a bad file leaves the database as it was, each error located. */
static void a_user_database_extends_the_default(void **state)
{
    (void)state;
    orf_ctx *ctx = orf_ctx_alloc();
    orf_matdb *db = load_db(ctx);
    size_t nmat = orf_matdb_material_count(db), nel = orf_matdb_element_count(db);
    int iq = orf_matdb_material_index(db, "quartz");
    int qline = orf_matdb_material(db, (size_t)iq)->loc.line;
    char path[512];
    snprintf(path, sizeof path, "%s/test_materials_user.yaml", ORF_BINARY_DIR);
    FILE *fp = fopen(path, "w");
    assert_non_null(fp);
    fputs("default_valuable_element: Cu\n"
          "elements: {Re: 186.21, Fe: 55.845}\n"
          "materials:\n"
          "  quartz: {density_kg_m3: 2600, formula: SiO2, source: user}\n"
          "  calcite:\n"
          "    density_kg_m3: 2710\n"
          "    formula: CaCO3\n"
          "    props: {magnetic_susceptibility_m3_kg: -4.8e-9, hardness_mohs: 3.0}\n"
          "  rhenium: {density_kg_m3: 21020, formula: Re, source: CRC}\n",
          fp);
    assert_int_equal(fclose(fp), 0);
    assert_int_equal(orf_matdb_extend(db, path), ORF_OK);
    assert_int_equal(orf_ctx_error_count(ctx), 0);
    /* one warning (quartz changed; calcite is the same material), at the user's entry */
    assert_int_equal(orf_ctx_diag_count(ctx), 1);
    const orf_diag *d = orf_ctx_diag_get(ctx, 0);
    assert_int_equal(d->severity, ORF_SEV_WARNING);
    assert_int_equal(d->loc.line, 4);
    assert_int_equal(d->loc.col, 3);
    char want[64];
    snprintf(want, sizeof want, "materials.yaml:%d:3", qline);
    assert_non_null(strstr(d->message, "material 'quartz' overrides the default database's entry"));
    assert_non_null(strstr(d->message, want));
    /* quartz replaced in its place; rhenium and Re added; Fe kept; Cu the default element */
    assert_int_equal(orf_matdb_material_index(db, "quartz"), iq);
    ORF_ASSERT_REL(orf_matdb_material(db, (size_t)iq)->density_kg_m3, 2600, 1e-15);
    assert_int_equal(orf_matdb_material_count(db), nmat + 1);
    assert_int_equal(orf_matdb_element_count(db), nel + 1);
    const orf_material *re =
        orf_matdb_material(db, (size_t)orf_matdb_material_index(db, "rhenium"));
    ORF_ASSERT_REL(re->molar_mass_g_mol, 186.21, 1e-15);
    assert_string_equal(orf_matdb_material_names(db)[nmat], "rhenium");
    assert_string_equal(orf_matdb_default_valuable_element(db), "Cu");
    /* a bad file: a typo'd density key, an entry without a formula, an unknown element, an
     * element of another mass; every error located, nothing taken */
    orf_ctx_clear_diags(ctx);
    fp = fopen(path, "w");
    assert_non_null(fp);
    fputs("elements: {Fe: 55.8}\n"
          "materials:\n"
          "  bornite2: {densty_kg_m3: 5070, formula: Cu5FeS4}\n"
          "  nothing: {density_kg_m3: 1000}\n"
          "  unobtainium: {density_kg_m3: 1000, formula: Uo2}\n"
          "  scalar: 42\n",
          fp);
    assert_int_equal(fclose(fp), 0);
    assert_int_equal(orf_matdb_extend(db, path), ORF_E_INPUT);
    assert_int_equal(orf_matdb_material_count(db), nmat + 1);
    assert_int_equal(orf_matdb_element_count(db), nel + 1);
    ORF_ASSERT_REL(orf_matdb_material(db, (size_t)iq)->density_kg_m3, 2600, 1e-15);
    assert_int_equal(orf_ctx_diag_count(ctx),
                     1); /* the elements stop the file before its materials */
    d = orf_ctx_diag_get(ctx, 0);
    assert_int_equal(d->loc.line, 1);
    assert_int_equal(d->loc.col, 16);
    assert_non_null(strstr(d->message, "atomic mass of Fe: 55.8 differs"));
    orf_ctx_clear_diags(ctx);
    fp = fopen(path, "w");
    assert_non_null(fp);
    fputs("materials:\n"
          "  bornite2: {densty_kg_m3: 5070, formula: Cu5FeS4}\n"
          "  nothing: {density_kg_m3: 1000}\n"
          "  unobtainium: {density_kg_m3: 1000, formula: Uo2}\n"
          "  scalar: 42\n",
          fp);
    assert_int_equal(fclose(fp), 0);
    assert_int_equal(orf_matdb_extend(db, path), ORF_E_INPUT);
    assert_int_equal(orf_matdb_material_count(db), nmat + 1);
    static const struct {
        int line, col;
        const char *text;
    } want_errs[] = {
        {2, 14, "unknown key 'densty_kg_m3' in material 'bornite2'"},
        {2, 3, "material 'bornite2' needs density_kg_m3"},
        {3, 3, "material 'nothing' needs exactly one of 'formula' (e.g. CuFeS2) or 'analysis'"},
        {4, 47, "formula 'Uo2': unknown element 'Uo'"},
        {5, 11,
         "material 'scalar' must be a map: an entry needs density_kg_m3 and a formula or "
         "an oxide analysis"},
    };
    assert_int_equal(orf_ctx_diag_count(ctx), sizeof want_errs / sizeof want_errs[0]);
    for (size_t i = 0; i < sizeof want_errs / sizeof want_errs[0]; i++) {
        d = orf_ctx_diag_get(ctx, i);
        if (d->loc.line != want_errs[i].line || d->loc.col != want_errs[i].col ||
            !strstr(d->message, want_errs[i].text))
            fail_msg("diagnostic %zu: %d:%d %s; expected %d:%d %s", i, d->loc.line, d->loc.col,
                     d->message, want_errs[i].line, want_errs[i].col, want_errs[i].text);
        assert_int_equal(d->severity, ORF_SEV_ERROR);
        assert_non_null(strstr(d->loc.file, "test_materials_user.yaml"));
    }
    assert_string_equal(orf_ctx_diag_get(ctx, 0)->hint, "did you mean 'density_kg_m3'?");
    orf_matdb_free(db);
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
        cmocka_unit_test(the_minerals_library_matches_published_figures),
        cmocka_unit_test(a_user_database_extends_the_default),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
