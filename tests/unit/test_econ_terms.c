/* Finance terms on the worked case tests/cases/econ_two_stage.yaml (issue 18, part 3): nominal
 * money, a loan, netback pricing and gross value added. The case: 10 M USD of capex in 2026,
 * three operating years of revenue 8,190,600 USD (81,906 t of concentrate at 100 USD/t), fixed
 * opex 1 M USD, MET 1,724,940.36 USD (test_econ_taxes.c), CIT 20 %, declining balance 25 %.
 *
 * Nominal (Fisher: Brealey, Myers & Allen, "Principles of Corporate Finance", 10th ed., ch. 3.5):
 *  - with 5 % USD inflation the nominal revenue, opex and MET of year 1 are 1.05 × the real ones;
 *    depreciation stays 25 % of the historical 10 M USD = 2.5 M USD, so the nominal taxable
 *    profit is 1.05 × 5,465,659.64 - 2,500,000 = 3,238,942.62 and CIT 647,788.52 (real:
 *    647,788.52 / 1.05 = 616,941.45, above the 593,131.93 of the run without inflation: the
 *    unindexed depreciation);
 *  - the nominal flows discounted at the Fisher rate (1.10)(1.05) - 1 = 15.5 % give the real NPV,
 *    and (1 + nominal IRR) = (1 + real IRR)(1.05);
 *  - KZT costs (12 × 9 M KZT = 216,000 USD of payroll at 500 KZT/USD) with 10 % KZT inflation: by
 *    relative PPP (Krugman, Obstfeld & Melitz, "International Economics", ch. 16) the tenge falls
 *    to 500 × 1.1^t per USD and they stay 216,000 USD a year; with an fx_path held at 500 they are
 *    216,000 × 1.21 = 261,360 USD in year 2 (opex 1,261,360).
 *
 * Loan (60 % of capex at 8 %, annuity over 3 years, interest during construction capitalised):
 * drawn 6 M USD in 2026; interest 8 % × 3 M (drawn evenly) = 240,000 capitalised: 6.24 M USD.
 * Annuity 6,240,000 × 0.08 / (1 - 1.08^-3) = 2,421,329.13 (Brealey, Myers & Allen ch. 2.3):
 *   year  interest     principal      balance       depreciation  CIT (interest deducted)
 *   1     499,200.00   1,922,129.13   4,317,870.87  2,560,000     481,291.93
 *   2     345,429.67   2,075,899.46   2,241,971.41  1,920,000     640,045.99
 *   3     179,357.71   2,241,971.41   0             1,440,000     769,260.39
 * (depreciation on 10.24 M USD: the capitalised interest joins the pool; CIT = 20 % × (5,465,659.64
 * - depreciation - interest)). CFADS = 5,465,659.64 - CIT = 4,984,367.71; 4,825,613.65;
 * 4,696,399.25; DSCR = CFADS / 2,421,329.13 (Yescombe, "Principles of Project Finance", 2nd ed.,
 * cover ratios) = 2.0585, 1.9930, 1.9396: min 1.9396, mean 1.9970; LLCR = (4,984,367.71 / 1.08 +
 * 4,825,613.65 / 1.08^2 + 4,696,399.25 / 1.08^3) / 6,240,000 = 12,480,494.35 / 6,240,000 = 2.00008.
 * Equity flows: 2026 -10 M + 6 M = -4 M; 2027 CFADS - debt service = 2,563,038.58.
 *
 * Netback: freight 5 USD/t rail + 1,000 KZT/t port (2 USD/t) gives a mine-gate 93 USD/t, revenue
 * 81,906 × 93 = 7,617,258 USD. Gross value added = revenue - (opex - payroll) = 8,190,600 -
 * 1,000,000 = 7,190,600 USD/yr, also with a payroll (labour is not bought in). */
#include "orf_test.h"

#include "oreflow.h"
#include "oreflow/econ.h"
#include "oreflow/finance.h"

#include <stdlib.h>
#include <string.h>

#define CASE ORF_SOURCE_DIR "/tests/cases/econ_two_stage.yaml"

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

typedef struct {
    orf_ctx *ctx;
    orf_flowsheet *fs;
    orf_econ *e;
    const orf_econ_result *R;
} model;

/* text with the one occurrence of `from` replaced by `to` (malloc'd; text freed). */
static char *replace(char *text, const char *from, const char *to)
{
    const char *at = strstr(text, from);
    assert_non_null(at);
    size_t n = strlen(text) - strlen(from) + strlen(to);
    char *s = malloc(n + 1);
    assert_non_null(s);
    snprintf(s, n + 1, "%.*s%s%s", (int)(at - text), text, to, at + strlen(from));
    free(text);
    return s;
}

#define FIXED "      - {name: fixed, annual: 1.0e6}\n"
#define CONC "    - {name: concentrate, stream: conc, price: 100, stage: cleaning}\n"

/* The worked case with `extra` after "economics:", `items` after the fixed cost item and the
 * concentrate's line replaced by `conc` (when not NULL). */
static void model_open3(model *m, const char *extra, const char *items, const char *conc)
{
    memset(m, 0, sizeof *m);
    char *text = slurp(CASE), buf[600];
    snprintf(buf, sizeof buf, "economics:\n%s", extra);
    text = replace(text, "economics:\n", buf);
    snprintf(buf, sizeof buf, "%s%s", FIXED, items);
    text = replace(text, FIXED, buf);
    if (conc)
        text = replace(text, CONC, conc);
    char path[600];
    snprintf(path, sizeof path, "%s/test_econ_terms.yaml", ORF_BINARY_DIR);
    FILE *fp = fopen(path, "wb");
    assert_non_null(fp);
    fputs(text, fp);
    fclose(fp);
    free(text);
    m->ctx = orf_ctx_alloc();
    assert_non_null(m->ctx);
    assert_int_equal(orf_flowsheet_load(m->ctx, path, &m->fs), ORF_OK);
    orf_status st = orf_econ_load(m->ctx, m->fs, &m->e);
    if (st != ORF_OK)
        for (size_t i = 0; i < orf_ctx_diag_count(m->ctx); i++)
            print_message("%s\n", orf_ctx_diag_get(m->ctx, i)->message);
    assert_int_equal(st, ORF_OK);
    assert_int_equal(orf_flowsheet_solve(m->fs, NULL), ORF_OK);
    assert_int_equal(orf_econ_eval(m->e), ORF_OK);
    m->R = orf_econ_result_get(m->e);
}

static void model_open(model *m, const char *extra, const char *items)
{
    model_open3(m, extra, items, NULL);
}

static void model_close(model *m)
{
    orf_econ_free(m->e);
    orf_flowsheet_free(m->fs);
    orf_ctx_free(m->ctx);
}

static const char *LABOUR = "    labour:\n      - {name: crew, headcount: 12, salary: 9.0e6, "
                            "currency: KZT, stage: cleaning}\n";

static void zero_inflation_gives_the_real_results(void **state)
{
    (void)state;
    model r, n;
    model_open(&r, "", LABOUR);
    model_open(&n, "  inflation: {USD: 0, KZT: 0}\n", LABOUR);
    assert_false(r.R->nominal);
    assert_true(n.R->nominal);
    ORF_ASSERT_REL(n.R->npv_usd, r.R->npv_usd, 1e-12);
    ORF_ASSERT_REL(n.R->npv_nominal_usd, r.R->npv_usd, 1e-12);
    ORF_ASSERT_REL(n.R->taxes_life_usd, r.R->taxes_life_usd, 1e-12);
    for (size_t t = 0; t < r.R->nyears; t++)
        ORF_ASSERT_REL(n.R->years_nominal[t].net_usd, r.R->years[t].net_usd, 1e-12);
    model_close(&r);
    model_close(&n);
}

static void nominal_taxes_and_the_fisher_consistency(void **state)
{
    (void)state;
    model r, n;
    model_open(&r, "", "");
    model_open(&n, "  inflation: {USD: 5}\n", "");
    const orf_econ_result *R = n.R;
    int cit = orf_econ_tax_index(R, "cit");
    ORF_ASSERT_REL(R->usd_price_index[1], 1.05, 1e-15);
    ORF_ASSERT_REL(R->years_nominal[1].revenue_usd, 1.05 * 8190600.0, 1e-12);
    ORF_ASSERT_REL(R->years_nominal[1].depreciation_usd, 2.5e6, 1e-12);
    ORF_ASSERT_ABS(R->years_nominal[1].pbt_usd, 3238942.62, 0.005);
    ORF_ASSERT_ABS(R->years_nominal[1].tax_usd[cit], 647788.52, 0.005);
    ORF_ASSERT_ABS(R->years[1].tax_usd[cit], 616941.45, 0.005);
    ORF_ASSERT_ABS(r.R->years[1].tax_usd[cit], 593131.93, 0.005);
    /* the inflation tax: real NPV lower than without inflation */
    assert_true(R->npv_usd < r.R->npv_usd);
    /* Fisher: nominal flows at 15.5 % give the real NPV; IRRs related by (1+n) = (1+r)(1+i) */
    ORF_ASSERT_REL(R->discount_rate_nominal, 0.155, 1e-12);
    double nominal[16];
    assert_true(R->nyears <= 16);
    for (size_t t = 0; t < R->nyears; t++)
        nominal[t] = R->years_nominal[t].net_usd;
    ORF_ASSERT_REL(orf_fin_npv(nominal, R->nyears, 0.155), R->npv_usd, 1e-10);
    ORF_ASSERT_REL(R->npv_nominal_usd, R->npv_usd, 1e-10);
    ORF_ASSERT_REL(1.0 + R->irr_nominal, (1.0 + R->irr) * 1.05, 1e-9);
    model_close(&r);
    model_close(&n);
}

static void kzt_costs_follow_ppp_or_the_fx_path(void **state)
{
    (void)state;
    model p, f;
    model_open(&p, "  inflation: {USD: 0, KZT: 10}\n", LABOUR);
    model_open(&f, "  inflation: {USD: 0, KZT: 10}\n  fx_path: {KZT: [500]}\n", LABOUR);
    for (size_t t = 1; t <= 3; t++)
        ORF_ASSERT_REL(p.R->years_nominal[t].opex_usd, 1216000.0, 1e-12);
    ORF_ASSERT_REL(f.R->years_nominal[2].opex_usd, 1261360.0, 1e-12);
    ORF_ASSERT_REL(f.R->years_nominal[1].opex_usd, 1237600.0, 1e-12);
    model_close(&p);
    model_close(&f);
}

static void annuity_loan_on_the_worked_case(void **state)
{
    (void)state;
    model u, m;
    model_open(&u, "", "");
    model_open(&m,
               "  financing: {debt_pct_of_capex: 60, interest_pct: 8, tenor_years: 3,\n"
               "              repayment: annuity, interest_during_construction: capitalised}\n",
               "");
    const orf_econ_result *R = m.R;
    assert_true(R->financed);
    /* the headline (project) cash flow is unlevered */
    ORF_ASSERT_REL(R->npv_usd, u.R->npv_usd, 1e-12);
    ORF_ASSERT_REL(R->project_irr, u.R->irr, 1e-12);
    const orf_econ_debt_year *d = R->debt;
    ORF_ASSERT_REL(d[0].drawdown_usd, 6e6, 1e-12);
    ORF_ASSERT_REL(d[0].capitalised_usd, 240000.0, 1e-12);
    ORF_ASSERT_REL(d[0].balance_usd, 6.24e6, 1e-12);
    ORF_ASSERT_REL(R->debt_usd, 6e6, 1e-12);
    const double in[3] = {499200.00, 345429.67, 179357.71};
    const double pr[3] = {1922129.13, 2075899.46, 2241971.41};
    const double lev_cit[3] = {481291.93, 640045.99, 769260.39};
    const double cfads[3] = {4984367.71, 4825613.65, 4696399.25};
    int cit = orf_econ_tax_index(R, "cit"), met = orf_econ_tax_index(R, "met");
    for (int k = 0; k < 3; k++) {
        const orf_econ_debt_year *y = &d[k + 1];
        ORF_ASSERT_ABS(y->interest_usd, in[k], 0.005);
        ORF_ASSERT_ABS(y->principal_usd, pr[k], 0.005);
        ORF_ASSERT_ABS(y->interest_usd + y->principal_usd, 2421329.13, 0.005);
        ORF_ASSERT_ABS(y->taxes_usd - R->years[k + 1].tax_usd[met], lev_cit[k], 0.01);
        ORF_ASSERT_ABS(y->cfads_usd, cfads[k], 0.01);
    }
    ORF_ASSERT_ABS(d[3].balance_usd, 0.0, 1e-6);
    ORF_ASSERT_ABS(d[1].dscr, 2.0585, 5e-5);
    ORF_ASSERT_ABS(R->min_dscr, 1.9396, 5e-5);
    ORF_ASSERT_ABS(R->avg_dscr, 1.9970, 5e-5);
    ORF_ASSERT_ABS(R->llcr, 2.00008, 5e-6);
    ORF_ASSERT_REL(d[0].equity_usd, -4e6, 1e-12);
    ORF_ASSERT_ABS(d[1].equity_usd, 2563038.58, 0.01);
    /* unlevered CIT of year 1 is the project's (interest not deducted) */
    ORF_ASSERT_ABS(R->years[1].tax_usd[cit], 593131.93, 0.005);
    assert_true(R->equity_irr > R->project_irr); /* leverage at 8 % below the project's return */
    model_close(&u);
    model_close(&m);
}

static void netback_and_gross_value_added(void **state)
{
    (void)state;
    model n, g;
    model_open3(&n, "", "",
                "    - {name: concentrate, stream: conc, price: 100, stage: cleaning,\n"
                "       freight: [{name: rail, per_t: 5}, {name: port, per_t: 1000, currency: "
                "KZT}]}\n");
    model_open(&g, "", LABOUR);
    const orf_econ_product *p = &n.R->products[1];
    ORF_ASSERT_REL(p->freight_usd_per_t, 7.0, 1e-15);
    ORF_ASSERT_REL(p->netback_usd_per_t, 93.0, 1e-15);
    ORF_ASSERT_REL(n.R->revenue_usd_per_year, 7617258.0, 1e-9);
    ORF_ASSERT_REL(g.R->gva_usd_per_year, 7190600.0, 1e-9);
    ORF_ASSERT_REL(g.R->years[1].gva_usd, 7190600.0, 1e-9);
    double sum = 0;
    for (size_t s = 0; s < g.R->nstages; s++)
        sum += g.R->stages[s].gross_value_added_usd;
    ORF_ASSERT_REL(sum, g.R->gva_usd_per_year, 1e-9);
    ORF_ASSERT_REL(g.R->stages[1].payroll_usd, 216000.0, 1e-12);
    model_close(&n);
    model_close(&g);
}

/* Sculpted to DSCR 2.5 (with 5 % USD inflation: the loan in nominal money): the fixed point of
 * CFADS (levered taxes) and interest is reached, so every repayment year but the last (which
 * repays the rest) has DSCR 2.5 exactly, and the project's NPV is the unlevered one. */
static void sculpted_loan_converges_to_its_target(void **state)
{
    (void)state;
    model u, m;
    model_open(&u, "  inflation: {USD: 5}\n", "");
    model_open(&m,
               "  inflation: {USD: 5}\n"
               "  financing: {debt_pct_of_capex: 70, interest_pct: 11, tenor_years: 3,\n"
               "              repayment: sculpted, target_dscr: 2.5, upfront_fee_pct: 1}\n",
               "");
    const orf_econ_result *R = m.R;
    ORF_ASSERT_REL(R->npv_usd, u.R->npv_usd, 1e-12);
    ORF_ASSERT_REL(R->debt[1].dscr, 2.5, 1e-9);
    ORF_ASSERT_REL(R->debt[2].dscr, 2.5, 1e-9);
    ORF_ASSERT_ABS(R->debt[3].balance_usd, 0.0, 1e-6);
    ORF_ASSERT_REL(R->debt[0].fees_usd, 0.01 * 7e6, 1e-12);
    ORF_ASSERT_REL(R->min_dscr, fmin(2.5, R->debt[3].dscr), 1e-9);
    model_close(&u);
    model_close(&m);
}

/* tests/errors/econ_finance_terms.yaml: every bad value of the new sections is a located error. */
static void bad_terms_are_located_errors(void **state)
{
    (void)state;
    orf_ctx *ctx = orf_ctx_alloc();
    orf_flowsheet *fs = NULL;
    orf_econ *e = NULL;
    assert_int_equal(
        orf_flowsheet_load(ctx, ORF_SOURCE_DIR "/tests/errors/econ_finance_terms.yaml", &fs),
        ORF_OK);
    assert_int_equal(orf_econ_load(ctx, fs, &e), ORF_E_INPUT);
    assert_null(e);
    const struct {
        int line, col;
        const char *text;
    } want[] = {{11, 12, "fx_path needs economics.inflation"},
                {15, 68, "tenor_years = 5: the loan must be repaid within the 3 operating years"},
                {15, 82, "'bullet' is none of annuity, straight_line, sculpted"},
                {18, 55, "land_tax: unknown currency 'KTZ'"},
                {17, 26, "cit_holiday.years = 12 is outside [0, 10]"}};
    size_t found = 0;
    for (size_t i = 0; i < orf_ctx_diag_count(ctx); i++) {
        const orf_diag *d = orf_ctx_diag_get(ctx, i);
        if (d->severity != ORF_SEV_ERROR)
            continue;
        for (size_t k = 0; k < sizeof want / sizeof *want; k++)
            if (strstr(d->message, want[k].text)) {
                assert_int_equal(d->loc.line, want[k].line);
                assert_int_equal(d->loc.col, want[k].col);
                found++;
            }
    }
    assert_int_equal(found, sizeof want / sizeof *want);
    orf_flowsheet_free(fs);
    orf_ctx_free(ctx);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(zero_inflation_gives_the_real_results),
        cmocka_unit_test(nominal_taxes_and_the_fisher_consistency),
        cmocka_unit_test(kzt_costs_follow_ppp_or_the_fx_path),
        cmocka_unit_test(annuity_loan_on_the_worked_case),
        cmocka_unit_test(netback_and_gross_value_added),
        cmocka_unit_test(sculpted_loan_converges_to_its_target),
        cmocka_unit_test(bad_terms_are_located_errors),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
