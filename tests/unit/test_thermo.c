/* Thermochemical functions and reactions against published tables.
 *
 * Reference values:
 *  - NIST-JANAF Thermochemical Tables (Chase 1998), H − H298 in kJ/mol as tabulated in the NIST
 *    Chemistry WebBook: Cr 19.61 (1000 K), 61.06 (2000 K); MgO 33.00 (1000 K), 86.61 (2000 K);
 *    FeO 38.76 (1000 K); quartz 45.36 (1000 K); Si 16.94 (1000 K). S°298: O2 205.15,
 *    N2 191.61, H2O(g) 188.84, H2O(l) 69.95 J/(mol K) (JANAF); Al2O3 50.92 (CODATA, Cox 1989).
 *  - Reaction enthalpies from the NASA Glenn data (McBride, Zehe & Gordon 2002):
 *    Cr2O3 + 3 C -> 2 Cr + 3 CO: +808.99 kJ at 298.15 K, +776.74 kJ at 1873.15 K;
 *    Cr2O3 + 2 Al -> 2 Cr + Al2O3: −535.1 kJ at 298.15 K (Gurvich 1982 ΔfH of Cr2O3);
 *    FeO + C -> Fe + CO: +161.5 kJ at 298.15 K with the JANAF FeO.
 *  - Aluminothermic charge: 535.1 kJ per 205.95 g of Cr2O3 + 2 Al = 2.60 MJ/kg.
 */
#include "orf_test.h"

#include <stdlib.h>
#include <string.h>

#include "oreflow.h"
#include "oreflow/thermo.h"

typedef struct {
    orf_ctx *ctx;
    orf_matdb *mdb;
    orf_thermo_db *db;
} fixture;

static int setup(void **state)
{
    fixture *f = calloc(1, sizeof *f);
    f->ctx = orf_ctx_alloc();
    char path[4096];
    snprintf(path, sizeof path, "%s/materials.yaml", orf_data_dir());
    if (orf_matdb_load(f->ctx, path, &f->mdb) || orf_thermo_load_default(f->ctx, f->mdb, &f->db)) {
        orf_ctx_print_diags(f->ctx, stderr);
        return -1;
    }
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    orf_thermo_free(f->db);
    orf_matdb_free(f->mdb);
    orf_ctx_free(f->ctx);
    free(f);
    return 0;
}

static const orf_species *sp(fixture *f, const char *name)
{
    int i = orf_thermo_index(f->db, name);
    assert_true(i >= 0);
    return orf_thermo_species(f->db, (size_t)i);
}

static double dh_kj(const orf_species *s, double t)
{
    return (orf_species_h_j_mol(s, t) - orf_species_h_j_mol(s, ORF_T0_K)) / 1000.0;
}

static void heat_content_matches_janaf(void **state)
{
    fixture *f = *state;
    ORF_ASSERT_REL(dh_kj(sp(f, "Cr"), 1000), 19.61, 2e-3);
    ORF_ASSERT_REL(dh_kj(sp(f, "Cr"), 2000), 61.06, 3e-3);
    ORF_ASSERT_REL(dh_kj(sp(f, "MgO"), 1000), 33.00, 5e-3);
    ORF_ASSERT_REL(dh_kj(sp(f, "MgO"), 2000), 86.61, 5e-3);
    ORF_ASSERT_REL(dh_kj(sp(f, "FeO"), 1000), 38.76, 1e-3);
    ORF_ASSERT_REL(dh_kj(sp(f, "SiO2"), 1000), 45.36, 1e-3);
    /* NASA's Si record differs from the JANAF table by 1 % at 1000 K (17.11 vs 16.94). */
    ORF_ASSERT_REL(dh_kj(sp(f, "Si"), 1000), 16.94, 1.5e-2);
}

static void entropies_match_janaf(void **state)
{
    fixture *f = *state;
    ORF_ASSERT_REL(orf_species_s_j_molk(sp(f, "O2"), ORF_T0_K), 205.15, 1e-3);
    ORF_ASSERT_REL(orf_species_s_j_molk(sp(f, "N2"), ORF_T0_K), 191.61, 1e-3);
    ORF_ASSERT_REL(orf_species_s_j_molk(sp(f, "H2O"), ORF_T0_K), 188.84, 1e-3);
    ORF_ASSERT_REL(orf_species_s_j_molk(sp(f, "H2O(L)"), ORF_T0_K), 69.95, 1e-3);
    ORF_ASSERT_REL(orf_species_s_j_molk(sp(f, "Al2O3"), ORF_T0_K), 50.92, 2e-3);
}

static void formation_enthalpies_at_298(void **state)
{
    fixture *f = *state;
    ORF_ASSERT_REL(orf_species_h_j_mol(sp(f, "Cr2O3"), ORF_T0_K), -1140600.0, 1e-6);
    ORF_ASSERT_REL(orf_species_h_j_mol(sp(f, "Al2O3"), ORF_T0_K), -1675700.0, 1e-6);
    ORF_ASSERT_REL(orf_species_h_j_mol(sp(f, "CO"), ORF_T0_K), -110535.2, 1e-6);
    ORF_ASSERT_REL(orf_species_h_j_mol(sp(f, "FeO"), ORF_T0_K), -272044.1, 1e-5);
    ORF_ASSERT_ABS(orf_species_h_j_mol(sp(f, "Cr"), ORF_T0_K), 0.0, 1.0);
}

/* Latent heats from the NASA records (derived in the data): Cr 20.50, Fe 13.81, Al 10.70,
 * Al2O3 111.4 kJ/mol; FeO 24.06 (JANAF). */
static void phase_changes_are_enthalpy_steps(void **state)
{
    fixture *f = *state;
    struct {
        const char *s;
        double t, dh_kj;
    } c[] = {{"Cr", 2130, 20.50},
             {"Fe", 1809, 13.81},
             {"Al", 933.61, 10.70},
             {"Al2O3", 2327, 111.4},
             {"FeO", 1650, 24.06}};
    for (size_t i = 0; i < sizeof c / sizeof c[0]; i++) {
        const orf_species *s = sp(f, c[i].s);
        double step =
            (orf_species_h_j_mol(s, c[i].t + 1e-6) - orf_species_h_j_mol(s, c[i].t - 1e-6));
        ORF_ASSERT_REL(step / 1000.0, c[i].dh_kj, 2e-3);
    }
}

/* Cp = dH/dT and G = H − TS for every species inside each range (catches a wrong coefficient
 * or formula in one of the three forms). */
static void cp_is_dh_dt_for_every_species(void **state)
{
    fixture *f = *state;
    for (size_t i = 0; i < orf_thermo_count(f->db); i++) {
        const orf_species *s = orf_thermo_species(f->db, i);
        for (size_t k = 0; k < s->nr; k++) {
            double lo = s->r[k].tmin_k, hi = s->r[k].tmax_k;
            if (hi > 4000)
                hi = 4000;
            if (hi - lo < 2.0)
                continue;
            double t = 0.5 * (lo + hi), d = 1e-3;
            double num = (orf_species_h_j_mol(s, t + d) - orf_species_h_j_mol(s, t - d)) / (2 * d);
            ORF_ASSERT_REL(num, orf_species_cp_j_molk(s, t), 1e-5);
            double dsdt =
                (orf_species_s_j_molk(s, t + d) - orf_species_s_j_molk(s, t - d)) / (2 * d);
            ORF_ASSERT_REL(dsdt * t, orf_species_cp_j_molk(s, t), 1e-4);
            ORF_ASSERT_REL(orf_species_g_j_mol(s, t),
                           orf_species_h_j_mol(s, t) - t * orf_species_s_j_molk(s, t), 1e-12);
            ORF_ASSERT_REL(orf_species_h_j_kg(s, t),
                           orf_species_h_j_mol(s, t) * 1000.0 / s->molar_mass_g_mol, 1e-12);
        }
    }
}

static void extrapolation_keeps_last_cp(void **state)
{
    fixture *f = *state;
    const orf_species *s = sp(f, "H2O(L)"); /* tabulated to 500 K */
    double cp = orf_species_cp_j_molk(s, 500.0);
    ORF_ASSERT_REL(orf_species_h_j_mol(s, 600.0) - orf_species_h_j_mol(s, 500.0), cp * 100.0,
                   1e-12);
}

static void parse(fixture *f, const char *eq, orf_reaction *r)
{
    orf_loc loc = {"test", 1, 1};
    orf_status st = orf_reaction_parse(f->ctx, f->db, eq, &loc, "u", r);
    if (st)
        orf_ctx_print_diags(f->ctx, stderr);
    assert_int_equal(st, ORF_OK);
}

static void reaction_enthalpies_match_nasa(void **state)
{
    fixture *f = *state;
    orf_reaction r;
    parse(f, "Cr2O3 + 3 C -> 2 Cr + 3 CO", &r);
    ORF_ASSERT_REL(orf_reaction_dh_j_mol(f->db, &r, 298.15) / 1000.0, 808.99, 1e-5);
    ORF_ASSERT_REL(orf_reaction_dh_j_mol(f->db, &r, 1873.15) / 1000.0, 776.74, 1e-5);
    /* 2.161 MWh per t of Cr at 298 K */
    ORF_ASSERT_REL(orf_reaction_dh_j_mol(f->db, &r, 298.15) / (2 * 51.9961e-3) * 1000.0 / 3.6e9,
                   2.161, 1e-3);
    parse(f, "Cr2O3 + 2Al => 2 Cr + Al2O3", &r);
    ORF_ASSERT_REL(orf_reaction_dh_j_mol(f->db, &r, 298.15) / 1000.0, -535.1, 1e-5);
    double charge_kg =
        (sp(f, "Cr2O3")->molar_mass_g_mol + 2 * sp(f, "Al")->molar_mass_g_mol) / 1000.0;
    ORF_ASSERT_REL(-orf_reaction_dh_j_mol(f->db, &r, 298.15) / charge_kg / 1e6, 2.60, 2e-3);
    parse(f, "FeO + C -> Fe + CO", &r);
    ORF_ASSERT_REL(orf_reaction_dh_j_mol(f->db, &r, 298.15) / 1000.0, 161.5, 1e-3);
    /* Boudouard: strongly endothermic, ΔG changes sign near 975 K (JANAF) */
    parse(f, "CO2 + C -> 2 CO", &r);
    assert_true(orf_reaction_dg_j_mol(f->db, &r, 900.0) > 0);
    assert_true(orf_reaction_dg_j_mol(f->db, &r, 1050.0) < 0);
}

static void parser_merges_terms_and_reads_decimals(void **state)
{
    fixture *f = *state;
    orf_reaction r;
    parse(f, "Cu2S + 1.5 O2 -> Cu2O + SO2", &r);
    assert_int_equal(r.n, 4);
    ORF_ASSERT_REL(r.nu[1], -1.5, 1e-15);
    assert_true(orf_reaction_imbalance(f->db, &r) < 1e-12);
    parse(f, "2 Na2CrO4 + H2SO4 -> Na2Cr2O7 + Na2SO4 + H2O(L)", &r);
    assert_int_equal(r.n, 5);
}

static void unbalanced_equation_is_rejected_with_location(void **state)
{
    fixture *f = *state;
    orf_reaction r;
    orf_loc loc = {"flow.yaml", 12, 17};
    orf_ctx_clear_diags(f->ctx);
    orf_status st =
        orf_reaction_parse(f->ctx, f->db, "Cr2O3 + 2 C -> 2 Cr + 3 CO", &loc, "saf", &r);
    assert_int_equal(st, ORF_E_INPUT);
    assert_int_equal(orf_ctx_error_count(f->ctx), 1);
    const orf_diag *d = orf_ctx_diag_get(f->ctx, 0);
    assert_int_equal(d->loc.line, 12);
    assert_int_equal(d->loc.col, 17);
    assert_string_equal(d->object, "saf");
    assert_non_null(strstr(d->message, "does not balance: C 2 -> 3"));
    orf_ctx_clear_diags(f->ctx);

    st = orf_reaction_parse(f->ctx, f->db, "Cr2O3 + 3 C -> 2 Cr + 3 COO", &loc, "saf", &r);
    assert_int_equal(st, ORF_E_UNKNOWN_NAME);
    d = orf_ctx_diag_get(f->ctx, 0);
    assert_non_null(strstr(d->message, "unknown species 'COO'"));
    orf_ctx_clear_diags(f->ctx);

    assert_int_equal(orf_reaction_parse(f->ctx, f->db, "Cr2O3 + 3 C", &loc, "saf", &r),
                     ORF_E_SYNTAX);
    assert_int_equal(
        orf_reaction_parse(f->ctx, f->db, "Cr2O3 + + 3 C -> 2 Cr + 3 CO", &loc, "saf", &r),
        ORF_E_SYNTAX);
    orf_ctx_clear_diags(f->ctx);
}

/* A malformed data file is reported at the exact node: wrong number of NASA coefficients, a gap
 * between ranges, an unknown element in a formula. */
static void bad_data_file_is_located(void **state)
{
    fixture *f = *state;
    const char *path = ORF_BINARY_DIR "/bad_thermo.yaml";
    FILE *fp = fopen(path, "w");
    assert_non_null(fp);
    fputs("species:\n"
          "  - name: X\n"
          "    formula: Cr\n"
          "    source: test\n"
          "    nasa9:\n"
          "      - {t_k: [200, 1000], a: [1, 2, 3], b: [0, 0]}\n"
          "  - name: Y\n"
          "    formula: Cr\n"
          "    source: test\n"
          "    shomate:\n"
          "      - {t_k: [298, 600], coef: [1, 2, 3, 4, 5, 6, 7, 8]}\n"
          "      - {t_k: [700, 900], coef: [1, 2, 3, 4, 5, 6, 7, 8]}\n",
          fp);
    fclose(fp);
    orf_ctx_clear_diags(f->ctx);
    orf_thermo_db *db = NULL;
    assert_int_equal(orf_thermo_load(f->ctx, path, f->mdb, &db), ORF_E_INPUT);
    assert_null(db);
    assert_int_equal(orf_ctx_error_count(f->ctx), 2);
    const orf_diag *d = orf_ctx_diag_get(f->ctx, 0);
    assert_int_equal(d->loc.line, 6);
    assert_int_equal(d->loc.col, 31);
    assert_non_null(strstr(d->message, "expected 7 numbers, got 3"));
    d = orf_ctx_diag_get(f->ctx, 1);
    assert_int_equal(d->loc.line, 12);
    assert_int_equal(d->loc.col, 9);
    assert_non_null(strstr(d->message, "contiguous"));
    orf_ctx_clear_diags(f->ctx);
    remove(path);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(heat_content_matches_janaf),
        cmocka_unit_test(entropies_match_janaf),
        cmocka_unit_test(formation_enthalpies_at_298),
        cmocka_unit_test(phase_changes_are_enthalpy_steps),
        cmocka_unit_test(cp_is_dh_dt_for_every_species),
        cmocka_unit_test(extrapolation_keeps_last_cp),
        cmocka_unit_test(reaction_enthalpies_match_nasa),
        cmocka_unit_test(parser_merges_terms_and_reads_decimals),
        cmocka_unit_test(unbalanced_equation_is_rejected_with_location),
        cmocka_unit_test(bad_data_file_is_located),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
