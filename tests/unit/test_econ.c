/* Economics on a solved flowsheet: the worked case of tests/cases/econ_two_stage.yaml.
 * Hand computation (4380 h/yr; conc 18.7 t/h dry -> 81,906 t/yr at 100 USD/t):
 *   revenue 8,190,600; MET 21.06 % (Kazakhstan Tax Code 2017 art. 746) = 1,724,940.36;
 *   depreciation 25 % declining balance on 10 M (art. 271): 2.5 M, 1.875 M, 1.40625 M, then the
 *   remaining 4.21875 M written off in the closure year; CIT 20 % of
 *   revenue - 1 M fixed opex - MET - depreciation: 593,131.928; 718,131.928; 811,881.928.
 *   With the man-made-formation factor 0.1 (Tax Code 2026 art. 783) MET = 172,494.036 and CIT
 *   rises by 20 % of the MET saved. */
#include "orf_test.h"

#include "oreflow.h"
#include "oreflow/econ.h"

#include <stdlib.h>
#include <string.h>

#define CASE ORF_SOURCE_DIR "/tests/cases/econ_two_stage.yaml"

typedef struct {
    orf_ctx *ctx;
    orf_flowsheet *fs;
    orf_econ *e;
} fixture;

/* A tax of the list (oreflow/econ.h) by its key, from a per-tax array of R's results. */
static double tax_of(const orf_econ_result *R, const double *v, const char *key)
{
    int k = orf_econ_tax_index(R, key);
    assert_true(k >= 0);
    return v[k];
}

static int setup(void **state)
{
    fixture *f = calloc(1, sizeof *f);
    f->ctx = orf_ctx_alloc();
    if (orf_flowsheet_load(f->ctx, CASE, &f->fs) != ORF_OK) {
        orf_ctx_print_diags(f->ctx, stderr);
        return -1;
    }
    if (orf_econ_load(f->ctx, f->fs, &f->e) != ORF_OK || !f->e) {
        orf_ctx_print_diags(f->ctx, stderr);
        return -1;
    }
    if (orf_flowsheet_solve(f->fs, NULL) != ORF_OK)
        return -1;
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    orf_econ_free(f->e);
    orf_flowsheet_free(f->fs);
    orf_ctx_free(f->ctx);
    free(f);
    return 0;
}

static void met_and_cit_match_the_worked_case(void **state)
{
    fixture *f = *state;
    assert_int_equal(orf_econ_eval(f->e), ORF_OK);
    const orf_econ_result *R = orf_econ_result_get(f->e);
    assert_int_equal(R->nyears, 5);
    const orf_econ_year *y = R->years;
    ORF_ASSERT_REL(R->products[1].tonnes_per_year, 81906.0, 1e-12);
    ORF_ASSERT_REL(y[0].capex_usd, 10e6, 1e-15);
    ORF_ASSERT_ABS(y[0].revenue_usd, 0.0, 0.0);
    const double cit[3] = {593131.928, 718131.928, 811881.928};
    const double dep[4] = {2.5e6, 1.875e6, 1.40625e6, 4.21875e6};
    for (int t = 1; t <= 3; t++) {
        ORF_ASSERT_REL(y[t].revenue_usd, 8190600.0, 1e-12);
        ORF_ASSERT_REL(y[t].opex_usd, 1e6, 1e-12);
        ORF_ASSERT_REL(tax_of(R, y[t].tax_usd, "met"), 1724940.36, 1e-12);
        ORF_ASSERT_REL(y[t].depreciation_usd, dep[t - 1], 1e-12);
        ORF_ASSERT_REL(tax_of(R, y[t].tax_usd, "cit"), cit[t - 1], 1e-11);
        ORF_ASSERT_REL(y[t].net_usd, 8190600.0 - 1e6 - 1724940.36 - cit[t - 1], 1e-12);
    }
    ORF_ASSERT_REL(y[4].depreciation_usd, dep[3], 1e-12);
    ORF_ASSERT_ABS(tax_of(R, y[4].tax_usd, "cit"), 0.0, 0.0);
    /* NPV at 10 % from the year-0 convention, and IRR makes it zero. */
    double npv = -10e6;
    for (int t = 1; t <= 3; t++)
        npv += y[t].net_usd / pow(1.1, t);
    ORF_ASSERT_REL(R->npv_usd, npv, 1e-12);
    double cf[5];
    for (int t = 0; t < 5; t++)
        cf[t] = y[t].net_usd;
    double s = 0;
    for (int t = 0; t < 5; t++)
        s += cf[t] / pow(1.0 + R->irr, t);
    ORF_ASSERT_ABS(s, 0.0, 1e-4);
    /* Payback: -10 M, then -5.127..., crossing during year 3. */
    double c2 = y[0].net_usd + y[1].net_usd + y[2].net_usd;
    ORF_ASSERT_REL(R->payback_years, 2.0 + (-c2) / y[3].net_usd, 1e-12);
}

static void man_made_factor_changes_only_met_cit_and_what_follows(void **state)
{
    fixture *f = *state;
    assert_int_equal(orf_econ_eval(f->e), ORF_OK);
    orf_econ_year base[5];
    memcpy(base, orf_econ_result_get(f->e)->years, sizeof base);
    double npv0 = orf_econ_result_get(f->e)->npv_usd;
    double *k = orf_econ_param_ref(f->e, "economics.taxes.met.man_made_factor");
    assert_non_null(k);
    ORF_ASSERT_REL(*k, 1.0, 0.0);
    *k = 0.1;
    assert_int_equal(orf_econ_eval(f->e), ORF_OK);
    const orf_econ_result *R = orf_econ_result_get(f->e);
    const orf_econ_year *y = R->years;
    for (int t = 0; t < 5; t++) {
        ORF_ASSERT_REL(y[t].revenue_usd, base[t].revenue_usd, 0.0);
        ORF_ASSERT_REL(y[t].opex_usd, base[t].opex_usd, 0.0);
        ORF_ASSERT_REL(y[t].capex_usd, base[t].capex_usd, 0.0);
        ORF_ASSERT_REL(y[t].depreciation_usd, base[t].depreciation_usd, 0.0);
        ORF_ASSERT_REL(tax_of(R, y[t].tax_usd, "royalty"), tax_of(R, base[t].tax_usd, "royalty"),
                       0.0);
        ORF_ASSERT_REL(tax_of(R, y[t].tax_usd, "met"), 0.1 * tax_of(R, base[t].tax_usd, "met"),
                       1e-14);
        if (t >= 1 && t <= 3) {
            ORF_ASSERT_REL(tax_of(R, y[t].tax_usd, "met"), 172494.036, 1e-12);
            ORF_ASSERT_REL(tax_of(R, y[t].tax_usd, "cit") - tax_of(R, base[t].tax_usd, "cit"),
                           0.2 * (1724940.36 - 172494.036), 1e-11);
            ORF_ASSERT_REL(y[t].net_usd - base[t].net_usd, 0.8 * (1724940.36 - 172494.036), 1e-11);
        }
    }
    assert_true(orf_econ_result_get(f->e)->npv_usd > npv0);
    *k = 1.0;
}

static void value_added_per_stage_is_value_out_minus_in_per_t_cr(void **state)
{
    fixture *f = *state;
    assert_int_equal(orf_econ_eval(f->e), ORF_OK);
    const orf_econ_result *R = orf_econ_result_get(f->e);
    assert_int_equal(R->nstages, 2);
    const orf_econ_stage *r = &R->stages[0], *c = &R->stages[1];
    /* roughing: 34 t/h at 50 USD/t from worthless tailings */
    ORF_ASSERT_ABS(r->value_in_usd, 0.0, 0.0);
    ORF_ASSERT_REL(r->value_out_usd, 34.0 * 4380 * 50, 1e-12);
    const orf_system *sys = orf_flowsheet_system(f->fs);
    int cr = orf_matdb_element_index(sys->db, "Cr");
    orf_stream *rc =
        orf_flowsheet_stream(f->fs, (size_t)orf_flowsheet_stream_index(f->fs, "rougher_conc"));
    double cr_t = orf_stream_element_tph(rc, cr) * 4380;
    ORF_ASSERT_REL(r->element_out_tpy, cr_t, 1e-12);
    ORF_ASSERT_REL(r->value_added_usd_per_t_element, 34.0 * 4380 * 50 / cr_t, 1e-12);
    /* cleaning: 18.7 t/h at 100 from 34 t/h at 50 */
    ORF_ASSERT_REL(c->value_added_usd, (18.7 * 100 - 34.0 * 50) * 4380, 1e-12);
    /* Value added over the chain = value of the final product. */
    ORF_ASSERT_REL(r->value_added_usd + c->value_added_usd, R->revenue_usd_per_year, 1e-12);
    /* Unattributed opex (1 M fixed) is shared by value of output; MET sits with cleaning. */
    ORF_ASSERT_REL(r->opex_usd + c->opex_usd, 1e6, 1e-12);
    ORF_ASSERT_ABS(tax_of(R, r->tax_usd, "met"), 0.0, 0.0);
    ORF_ASSERT_REL(tax_of(R, c->tax_usd, "met"), tax_of(R, R->tax_life_usd, "met") / 3, 1e-12);
    ORF_ASSERT_REL(tax_of(R, r->tax_usd, "cit") + tax_of(R, c->tax_usd, "cit"),
                   tax_of(R, R->tax_life_usd, "cit") / 3, 1e-12);
}

static void fx_converts_prices_quoted_in_yuan(void **state)
{
    fixture *f = *state;
    double *p = orf_econ_param_ref(f->e, "economics.products.concentrate.price");
    assert_non_null(p);
    assert_int_equal(orf_econ_eval(f->e), ORF_OK);
    double rev0 = orf_econ_result_get(f->e)->revenue_usd_per_year;
    /* Doubling the price doubles revenue exactly; the path registry is live. */
    *p *= 2;
    assert_int_equal(orf_econ_eval(f->e), ORF_OK);
    ORF_ASSERT_REL(orf_econ_result_get(f->e)->revenue_usd_per_year, 2 * rev0, 1e-14);
    *p /= 2;
    assert_null(orf_econ_param_ref(f->e, "economics.products.nothing.price"));
}

static void unknown_stream_in_economics_is_a_located_error(void **state)
{
    (void)state;
    const char *text =
        "materials: [chromite]\n"
        "feeds:\n  f: {solids_tph: 10, pct_solids: 50, mineralogy: {chromite: 100}}\n"
        "units:\n  - {name: p, type: product, in: [f]}\n"
        "economics:\n"
        "  timeline: {construction_years: 1, operating_years: 2}\n"
        "  products:\n"
        "    - {name: x, stream: ff, price: 10}\n";
    orf_ctx *ctx = orf_ctx_alloc();
    orf_flowsheet *fs = NULL;
    if (orf_flowsheet_load_string(ctx, "bad.yaml", text, &fs) != ORF_OK) {
        orf_ctx_print_diags(ctx, stderr);
        fail();
    }
    orf_econ *e = NULL;
    assert_int_equal(orf_econ_load(ctx, fs, &e), ORF_E_INPUT);
    assert_null(e);
    int found = 0;
    for (size_t i = 0; i < orf_ctx_diag_count(ctx); i++) {
        const orf_diag *d = orf_ctx_diag_get(ctx, i);
        if (d->code == ORF_E_UNKNOWN_NAME && d->loc.line == 9 && strstr(d->message, "'ff'"))
            found = 1;
    }
    assert_true(found);
    orf_flowsheet_free(fs);
    orf_ctx_free(ctx);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(met_and_cit_match_the_worked_case, setup, teardown),
        cmocka_unit_test_setup_teardown(man_made_factor_changes_only_met_cit_and_what_follows,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(value_added_per_stage_is_value_out_minus_in_per_t_cr, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(fx_converts_prices_quoted_in_yuan, setup, teardown),
        cmocka_unit_test(unknown_stream_in_economics_is_a_located_error),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
