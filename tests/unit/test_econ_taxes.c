/* Taxes as a list, with a jurisdiction's rates as data (src/econ/econ_taxes.h,
 * data/jurisdictions/kazakhstan.yaml).
 *  - With every tax charged (tests/cases/econ_two_stage.yaml plus a payroll, a 2.5 % royalty and
 *    non-recoverable input VAT), each tax's life total is the sum of its years, the taxes of a
 *    year add up to its total and the per-tax totals to the total over the life (1e-9 rel).
 *    Year 0 (construction, no operation) pays VAT: 16 % (Tax Code 2026, Law 214-VIII) of the
 *    10 M USD of capital spending = 1.6 M USD, the land tax (100 ha × 2,000 KZT/ha at 500 KZT/USD
 *    = 400 USD) and the import duty (5 % on the 40 % of capex imported = 200,000 USD): 1,800,400.
 *  - The fiscal taxes by hand (issue 18): property tax 1.5 % (Tax Code 2017 art. 520) of the
 *    average book value of buildings = 30 % of 10 M USD = 3 M USD, in service from year 1,
 *    straight line over 20 years (150,000 a year): year 1 (3,000,000 - 75,000) × 1.5 % = 43,875;
 *    year 2 (2,850,000 - 75,000) × 1.5 % = 41,625; year 3 39,375. Emission charges: 1 M KZT a
 *    year (2,000 USD) + 10 KZT per dry t of cleaner_tails (0.9 t/h chromite + 14.4 t/h
 *    serpentine = 15.3 t/h × 4,380 h = 67,014 t: 1,340.28 USD) = 3,340.28 USD per operating
 *    year. A CIT holiday of 2 years from 2027 leaves CIT only in year 3.
 *  - A copy of the Kazakh file with CIT 25 % (ORF_DATA_DIR pointed at a temporary data directory,
 *    economics.jurisdiction naming the copy) changes CIT only. Hand check on the worked case of
 *    test_econ.c: taxable income 8,190,600 - 1 M - MET 1,724,940.36 - depreciation (2.5 M,
 *    1.875 M, 1.40625 M) = 2,965,659.64; 3,590,659.64; 4,059,409.64, so CIT at 25 % is
 *    741,414.91; 897,664.91; 1,014,852.41.
 *  - An unknown jurisdiction and a malformed jurisdiction file give located errors. */
#include "orf_test.h"

#include "oreflow.h"
#include "oreflow/econ.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define CASE ORF_SOURCE_DIR "/tests/cases/econ_two_stage.yaml"
#define DATA ORF_SOURCE_DIR "/data"

static char tmp[512];

static char *slurp(const char *path)
{
    FILE *fp = fopen(path, "rb");
    assert_non_null(fp);
    fseek(fp, 0, SEEK_END);
    long n = ftell(fp);
    fseek(fp, 0, SEEK_SET);
    char *s = malloc((size_t)n + 1);
    assert_non_null(s);
    assert_int_equal(fread(s, 1, (size_t)n, fp), (size_t)n);
    s[n] = 0;
    fclose(fp);
    return s;
}

static void spit(const char *path, const char *text)
{
    FILE *fp = fopen(path, "wb");
    assert_non_null(fp);
    assert_int_equal(fputs(text, fp) >= 0, 1);
    assert_int_equal(fclose(fp), 0);
}

/* text with the one occurrence of `from` replaced by `to` (malloc'd). */
static char *replace(const char *text, const char *from, const char *to)
{
    const char *at = strstr(text, from);
    assert_non_null(at);
    assert_null(strstr(at + 1, from));
    size_t n = strlen(text) - strlen(from) + strlen(to);
    char *s = malloc(n + 1);
    assert_non_null(s);
    snprintf(s, n + 1, "%.*s%s%s", (int)(at - text), text, to, at + strlen(from));
    return s;
}

static void write_in_tmp(const char *name, const char *text)
{
    char path[700];
    snprintf(path, sizeof path, "%s/%s", tmp, name);
    spit(path, text);
}

static void copy_data(const char *name)
{
    char src[700];
    snprintf(src, sizeof src, "%s/%s", DATA, name);
    char *s = slurp(src);
    char dst[700];
    snprintf(dst, sizeof dst, "data/%s", name);
    write_in_tmp(dst, s);
    free(s);
}

/* A data directory in tmp: the real materials, thermo data and Kazakh file, plus kz_cit25 (CIT
 * 25 %) and kz_bad (vat_pct missing, cit_pct not a number). */
static int setup(void **state)
{
    (void)state;
    snprintf(tmp, sizeof tmp, "%s/test_econ_taxes.XXXXXX", ORF_BINARY_DIR);
    if (!mkdtemp(tmp))
        return -1;
    char d[600];
    snprintf(d, sizeof d, "%s/data", tmp);
    mkdir(d, 0777);
    snprintf(d, sizeof d, "%s/data/jurisdictions", tmp);
    mkdir(d, 0777);
    copy_data("materials.yaml");
    copy_data("thermo.yaml");
    copy_data("jurisdictions/kazakhstan.yaml");
    char *kz = slurp(DATA "/jurisdictions/kazakhstan.yaml");
    char *cit25 = replace(kz, "\n  cit_pct: 20\n", "\n  cit_pct: 25\n");
    write_in_tmp("data/jurisdictions/kz_cit25.yaml", cit25);
    char *bad1 = replace(kz, "\n  vat_pct: 16\n", "\n");
    char *bad2 = replace(bad1, "\n  cit_pct: 20\n", "\n  cit_pct: twenty\n");
    write_in_tmp("data/jurisdictions/kz_bad.yaml", bad2);
    free(kz);
    free(cit25);
    free(bad1);
    free(bad2);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    char cmd[700];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmp);
    return system(cmd) == 0 ? 0 : -1;
}

typedef struct {
    orf_ctx *ctx;
    orf_flowsheet *fs;
    orf_econ *e;
    orf_status st;
} model;

/* Load (and, when it loads, solve and evaluate) the worked case edited by `edit`, with the data
 * directory `data_dir`. */
static void model_open(model *m, const char *data_dir, const char *from, const char *to)
{
    memset(m, 0, sizeof *m);
    setenv("ORF_DATA_DIR", data_dir, 1);
    char *base = slurp(CASE);
    char *text = from ? replace(base, from, to) : base;
    write_in_tmp("case.yaml", text);
    if (text != base)
        free(text);
    free(base);
    char path[700];
    snprintf(path, sizeof path, "%s/case.yaml", tmp);
    m->ctx = orf_ctx_alloc();
    assert_non_null(m->ctx);
    m->st = orf_flowsheet_load(m->ctx, path, &m->fs);
    assert_int_equal(m->st, ORF_OK);
    m->st = orf_econ_load(m->ctx, m->fs, &m->e);
    if (m->st == ORF_OK) {
        assert_int_equal(orf_flowsheet_solve(m->fs, NULL), ORF_OK);
        assert_int_equal(orf_econ_eval(m->e), ORF_OK);
    }
    setenv("ORF_DATA_DIR", DATA, 1);
}

static void model_close(model *m)
{
    orf_econ_free(m->e);
    orf_flowsheet_free(m->fs);
    orf_ctx_free(m->ctx);
}

static int tax(const orf_econ_result *R, const char *key)
{
    int k = orf_econ_tax_index(R, key);
    assert_true(k >= 0);
    return k;
}

static void each_tax_total_is_the_sum_of_its_years_and_the_taxes_add_up(void **state)
{
    (void)state;
    model m;
    model_open(
        &m, DATA, "  taxes:\n    social_tax_pct: 0\n",
        "    labour:\n"
        "      - {name: crew, headcount: 12, salary: 9.0e6, currency: KZT, stage: cleaning}\n"
        "  fiscal:\n"
        "    property_tax: {buildings_pct_of_capex: 30, book_life_years: 20}\n"
        "    land_tax: {hectares: 100, rate_per_ha: 2000, currency: KZT}\n"
        "    emission_charges:\n"
        "      - {name: dust, annual: 1.0e6, currency: KZT}\n"
        "      - {name: tails, stream: cleaner_tails, per_t: 10, currency: KZT}\n"
        "    import_duty: {share_of_capex_pct: 40, rate_pct: 5}\n"
        "    cit_holiday: {start_year: 2027, years: 2}\n"
        "  taxes:\n    social_tax_pct: 6\n    royalty_pct: 2.5\n"
        "    input_vat_recoverable: false\n");
    assert_int_equal(m.st, ORF_OK);
    const orf_econ_result *R = orf_econ_result_get(m.e);
    assert_int_equal(R->ntaxes, 9);
    const char *keys[] = {"met",        "royalty",      "cit",      "social_tax",
                          "vat",        "property_tax", "land_tax", "emission_charges",
                          "import_duty"};
    for (size_t k = 0; k < R->ntaxes; k++)
        assert_string_equal(R->tax_keys[k], keys[k]);
    assert_int_equal(orf_econ_tax_index(R, "no_such_tax"), -1);
    /* the rates not given by the flowsheet are the Kazakh file's */
    ORF_ASSERT_REL(*orf_econ_param_ref(m.e, "economics.taxes.cit_pct"), 20.0, 0.0);
    ORF_ASSERT_REL(*orf_econ_param_ref(m.e, "economics.taxes.vat_pct"), 16.0, 0.0);
    ORF_ASSERT_REL(*orf_econ_param_ref(m.e, "economics.taxes.depreciation_pct"), 25.0, 0.0);
    ORF_ASSERT_REL(*orf_econ_param_ref(m.e, "economics.taxes.royalty_pct"), 2.5, 0.0);
    double all = 0;
    for (size_t k = 0; k < R->ntaxes; k++) {
        double life = 0;
        for (size_t t = 0; t < R->nyears; t++)
            life += R->years[t].tax_usd[k];
        assert_true(R->tax_life_usd[k] > 0); /* every tax is charged */
        ORF_ASSERT_REL(R->tax_life_usd[k], life, 1e-9);
        all += R->tax_life_usd[k];
    }
    ORF_ASSERT_REL(R->taxes_life_usd, all, 1e-9);
    for (size_t t = 0; t < R->nyears; t++) {
        double sum = 0;
        for (size_t k = 0; k < R->ntaxes; k++)
            sum += R->years[t].tax_usd[k];
        ORF_ASSERT_REL(R->years[t].taxes_usd, sum, 1e-9);
    }
    /* year 0: construction only: 16 % VAT on 10 M USD of capital, land tax and import duty */
    ORF_ASSERT_REL(R->years[0].tax_usd[tax(R, "vat")], 1.6e6, 1e-12);
    ORF_ASSERT_REL(R->years[0].tax_usd[tax(R, "land_tax")], 400.0, 1e-12);
    ORF_ASSERT_REL(R->years[0].tax_usd[tax(R, "import_duty")], 200000.0, 1e-12);
    ORF_ASSERT_REL(R->years[0].taxes_usd, 1800400.0, 1e-12);
    const double property[4] = {0, 43875.0, 41625.0, 39375.0};
    for (int t = 0; t < 4; t++) {
        ORF_ASSERT_ABS(R->years[t].tax_usd[tax(R, "property_tax")], property[t], 1e-6);
        ORF_ASSERT_REL(R->years[t].tax_usd[tax(R, "land_tax")], 400.0, 1e-12);
        ORF_ASSERT_ABS(R->years[t].tax_usd[tax(R, "emission_charges")], t ? 3340.28 : 0.0, 1e-6);
    }
    ORF_ASSERT_ABS(R->years[4].tax_usd[tax(R, "property_tax")], 0.0, 0.0); /* closure year */
    ORF_ASSERT_ABS(R->years[1].tax_usd[tax(R, "cit")], 0.0, 0.0);          /* the holiday */
    ORF_ASSERT_ABS(R->years[2].tax_usd[tax(R, "cit")], 0.0, 0.0);
    assert_true(R->years[3].tax_usd[tax(R, "cit")] > 0 && R->years[3].pbt_usd > 0);
    /* social tax: 6 % of 12 × 9 M KZT at 500 KZT/USD = 12,960 USD per operating year */
    ORF_ASSERT_REL(R->years[1].tax_usd[tax(R, "social_tax")], 12960.0, 1e-12);
    ORF_ASSERT_REL(R->stages[1].tax_usd[tax(R, "social_tax")], 12960.0, 1e-12);
    model_close(&m);
}

static void a_jurisdiction_with_cit_25_changes_cit_accordingly(void **state)
{
    (void)state;
    char data[600];
    snprintf(data, sizeof data, "%s/data", tmp);
    model base, m;
    model_open(&base, data, NULL, NULL);
    model_open(&m, data, "economics:\n", "economics:\n  jurisdiction: kz_cit25\n");
    assert_int_equal(base.st, ORF_OK);
    assert_int_equal(m.st, ORF_OK);
    ORF_ASSERT_REL(*orf_econ_param_ref(m.e, "economics.taxes.cit_pct"), 25.0, 0.0);
    const orf_econ_result *R0 = orf_econ_result_get(base.e), *R = orf_econ_result_get(m.e);
    int cit = tax(R, "cit");
    const double pbt[3] = {2965659.64, 3590659.64, 4059409.64};
    for (int t = 1; t <= 3; t++) {
        ORF_ASSERT_REL(R->years[t].pbt_usd, pbt[t - 1], 1e-11);
        ORF_ASSERT_REL(R0->years[t].tax_usd[cit], 0.20 * pbt[t - 1], 1e-11);
        ORF_ASSERT_REL(R->years[t].tax_usd[cit], 0.25 * pbt[t - 1], 1e-11);
    }
    ORF_ASSERT_REL(R->years[1].tax_usd[cit], 741414.91, 1e-11);
    ORF_ASSERT_REL(R->years[3].tax_usd[cit], 1014852.41, 1e-11);
    /* every other tax is unchanged */
    for (size_t k = 0; k < R->ntaxes; k++)
        if ((int)k != cit)
            ORF_ASSERT_REL(R->tax_life_usd[k], R0->tax_life_usd[k], 0.0);
    ORF_ASSERT_REL(R0->tax_life_usd[cit] - R->tax_life_usd[cit], -0.05 * (pbt[0] + pbt[1] + pbt[2]),
                   1e-11);
    model_close(&base);
    model_close(&m);
}

static const orf_diag *first_error(const orf_ctx *ctx)
{
    for (size_t i = 0; i < orf_ctx_diag_count(ctx); i++)
        if (orf_ctx_diag_get(ctx, i)->severity == ORF_SEV_ERROR)
            return orf_ctx_diag_get(ctx, i);
    fail_msg("no error");
    return NULL;
}

static void an_unknown_jurisdiction_is_a_located_error_with_a_hint(void **state)
{
    (void)state;
    model m;
    model_open(&m, DATA, "economics:\n", "economics:\n  jurisdiction: kazakstan\n");
    assert_int_equal(m.st, ORF_E_INPUT);
    assert_null(m.e);
    const orf_diag *d = first_error(m.ctx);
    assert_int_equal(d->code, ORF_E_UNKNOWN_NAME);
    assert_non_null(strstr(d->loc.file, "case.yaml"));
    assert_int_equal(d->loc.line, 18); /* the line after `economics:` */
    assert_int_equal(d->loc.col, 17);
    assert_non_null(strstr(d->message, "unknown jurisdiction 'kazakstan'"));
    assert_non_null(d->hint);
    assert_non_null(strstr(d->hint, "kazakhstan"));
    model_close(&m);
}

static void a_malformed_jurisdiction_file_gives_located_errors(void **state)
{
    (void)state;
    char data[600];
    snprintf(data, sizeof data, "%s/data", tmp);
    model m;
    model_open(&m, data, "economics:\n", "economics:\n  jurisdiction: kz_bad\n");
    assert_int_equal(m.st, ORF_E_INPUT);
    size_t nbad = 0;
    int not_number = 0, missing = 0;
    for (size_t i = 0; i < orf_ctx_diag_count(m.ctx); i++) {
        const orf_diag *d = orf_ctx_diag_get(m.ctx, i);
        if (d->severity != ORF_SEV_ERROR)
            continue;
        assert_non_null(d->loc.file);
        assert_non_null(strstr(d->loc.file, "kz_bad.yaml"));
        assert_true(d->loc.line > 0 && d->loc.col > 0);
        nbad++;
        if (strstr(d->message, "taxes.cit_pct")) {
            not_number = 1;
            assert_int_equal(d->loc.col, 12); /* "  cit_pct: twenty" */
        }
        if (strstr(d->message, "'taxes.vat_pct' is required"))
            missing = 1;
    }
    assert_int_equal(nbad, 2);
    assert_true(not_number && missing);
    model_close(&m);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(each_tax_total_is_the_sum_of_its_years_and_the_taxes_add_up),
        cmocka_unit_test(a_jurisdiction_with_cit_25_changes_cit_accordingly),
        cmocka_unit_test(an_unknown_jurisdiction_is_a_located_error_with_a_hint),
        cmocka_unit_test(a_malformed_jurisdiction_file_gives_located_errors),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
