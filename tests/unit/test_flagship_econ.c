/* Economics of the flagship examples through the public API:
 *  - examples/chromite/donskoy_tailings.yaml: the cash flow evaluates to a finite NPV, IRR and
 *    payback; the concentrate's price is the file's quote (56 yuan/mtu × 48 = 2,688 yuan/t at
 *    48 % Cr2O3, VAT 13 % included; SMM 3 Jul 2025) stripped of VAT, converted at the file's
 *    rate and scaled by the simulated grade, and its tonnage is the simulated dry t/h × 8000 h;
 *  - the man-made-formation factor (Kazakhstan Tax Code 2026 art. 783: 0.1 on the art. 781 rate
 *    for old waste) makes the MET exactly a tenth of the factor-1.0 MET, changes CIT by 20 % of
 *    the MET difference (MET is deductible) and leaves revenue, opex and capex alone;
 *  - value added per stage (docs/format.md, "Economics") = value of the stage's output minus
 *    value of its input, per t of Cr in the output, and over the chain (examples/chromite/
 *    chain.yaml) it sums to the value of the final products minus that of the chain's inputs;
 *    value per t of Cr rises about ×2 from concentrate to HC ferrochrome and ×4 from ferrochrome
 *    to metal, as the published 2025 prices (SMM Dec 2025; Fastmarkets Oct 2025) imply;
 *  - the Monte Carlo with a fixed seed gives identical samples and P50 on 1 and 2 threads. */
#include "orf_test.h"

#include "oreflow.h"
#include "oreflow/econ.h"
#include "oreflow/mc.h"

#include <string.h>

#define FLAGSHIP "examples/chromite/donskoy_tailings.yaml"
#define CHAIN "examples/chromite/chain.yaml"

typedef struct model {
    orf_ctx *ctx;
    orf_flowsheet *fs;
    orf_econ *e;
} model;

/* A tax of the list (oreflow/econ.h) by its key, from a per-tax array of R's results. */
static double tax_of(const orf_econ_result *R, const double *v, const char *key)
{
    int k = orf_econ_tax_index(R, key);
    assert_true(k >= 0);
    return v[k];
}

static void model_open(model *m, const char *path)
{
    memset(m, 0, sizeof *m);
    m->ctx = orf_ctx_alloc();
    assert_non_null(m->ctx);
    orf_status st = orf_flowsheet_load(m->ctx, path, &m->fs);
    if (st == ORF_OK)
        st = orf_econ_load(m->ctx, m->fs, &m->e);
    if (st == ORF_OK)
        st = orf_flowsheet_solve(m->fs, NULL);
    if (st != ORF_OK)
        orf_ctx_print_diags(m->ctx, stderr);
    assert_int_equal(st, ORF_OK);
    assert_non_null(m->e);
    assert_int_equal(orf_econ_eval(m->e), ORF_OK);
}

static void model_close(model *m)
{
    orf_econ_free(m->e);
    orf_flowsheet_free(m->fs);
    orf_ctx_free(m->ctx);
}

static const orf_stream *stream(const model *m, const char *name)
{
    int i = orf_flowsheet_stream_index(m->fs, name);
    assert_true(i >= 0);
    return orf_flowsheet_stream(m->fs, (size_t)i);
}

static const orf_econ_product *product(const orf_econ_result *R, const char *name)
{
    for (size_t i = 0; i < R->nproducts; i++)
        if (strcmp(R->products[i].name, name) == 0)
            return &R->products[i];
    fail_msg("no product %s", name);
    return NULL;
}

static void flagship_economics_are_finite_and_priced_from_the_simulation(void **state)
{
    (void)state;
    model m;
    model_open(&m, FLAGSHIP);
    const orf_econ_result *R = orf_econ_result_get(m.e);
    assert_true(isfinite(R->npv_usd) && isfinite(R->irr) && isfinite(R->payback_years));
    ORF_ASSERT_REL(R->operating_hours, 8000.0, 1e-4); /* 8760 h × 91.324 % */
    const orf_stream *c = stream(&m, "concentrate");
    double dry = orf_stream_total_tph(c) - orf_stream_water_tph(c);
    const orf_econ_product *p = product(R, "concentrate");
    ORF_ASSERT_REL(p->tonnes_per_year, dry * R->operating_hours, 1e-12);
    double cr2o3;
    assert_int_equal(orf_stream_assay(c, "Cr2O3", &cr2o3), ORF_OK);
    ORF_ASSERT_REL(cr2o3, 48.5, 1e-6); /* the design spec */
    ORF_ASSERT_REL(p->grade_pct, cr2o3, 1e-9);
    ORF_ASSERT_REL(p->price_usd_per_t, 2688.0 / 1.13 / 7.0014 * cr2o3 / 48.0, 1e-12);
    ORF_ASSERT_REL(R->revenue_usd_per_year, p->tonnes_per_year * p->price_usd_per_t, 1e-12);
    /* Electricity: the units' power_kw (tables, WHIMS, flotation) + extra_kw, over 8000 h. */
    double kw = 1500;
    const char *powered[] = {"table", "whims", "flot_rougher", "flot_cleaner"};
    for (size_t i = 0; i < 4; i++) {
        const orf_unit *u =
            orf_flowsheet_unit(m.fs, (size_t)orf_flowsheet_unit_index(m.fs, powered[i]));
        for (size_t k = 0; k < u->type->nresults; k++)
            if (strcmp(u->type->results[k].name, "power_kw") == 0)
                kw += u->r[k];
    }
    ORF_ASSERT_REL(R->electricity_mwh_per_year, kw * R->operating_hours / 1000.0, 1e-12);
    /* The cash flow sums to the NPV and the life totals. */
    double npv = 0, disc = 1, met = 0, cit = 0;
    for (size_t t = 0; t < R->nyears; t++, disc /= 1.12) {
        npv += R->years[t].net_usd * disc;
        met += tax_of(R, R->years[t].tax_usd, "met");
        cit += tax_of(R, R->years[t].tax_usd, "cit");
    }
    ORF_ASSERT_REL(R->npv_usd, npv, 1e-12);
    ORF_ASSERT_REL(tax_of(R, R->tax_life_usd, "met"), met, 1e-12);
    ORF_ASSERT_REL(tax_of(R, R->tax_life_usd, "cit"), cit, 1e-12);
    assert_true(R->npv_usd > 0 && R->irr > 0.12); /* a profitable case: IRR above the rate */
    model_close(&m);
}

static void met_with_factor_0_1_is_a_tenth_of_factor_1(void **state)
{
    (void)state;
    model m;
    model_open(&m, FLAGSHIP);
    double *k = orf_econ_param_ref(m.e, "economics.taxes.met.man_made_factor");
    assert_non_null(k);
    ORF_ASSERT_REL(*k, 0.1, 0.0); /* the file's 2026 rule */
    const orf_econ_result *R = orf_econ_result_get(m.e);
    size_t ny = R->nyears;
    orf_econ_year y01[32];
    assert_true(ny <= 32);
    memcpy(y01, R->years, ny * sizeof *y01);
    double met01 = tax_of(R, R->tax_life_usd, "met"), cit01 = tax_of(R, R->tax_life_usd, "cit"),
           npv01 = R->npv_usd;
    *k = 1.0; /* before 2026: no coefficient */
    assert_int_equal(orf_econ_eval(m.e), ORF_OK);
    ORF_ASSERT_REL(met01, tax_of(R, R->tax_life_usd, "met") / 10.0, 1e-12);
    for (size_t t = 0; t < ny; t++) {
        const orf_econ_year *y = &R->years[t];
        ORF_ASSERT_REL(tax_of(R, y01[t].tax_usd, "met"), tax_of(R, y->tax_usd, "met") / 10.0,
                       1e-12);
        ORF_ASSERT_REL(y01[t].revenue_usd, y->revenue_usd, 0.0);
        ORF_ASSERT_REL(y01[t].opex_usd, y->opex_usd, 0.0);
        ORF_ASSERT_REL(y01[t].capex_usd, y->capex_usd, 0.0);
        ORF_ASSERT_REL(y01[t].depreciation_usd, y->depreciation_usd, 0.0);
    }
    /* MET is deductible: profit is positive in every producing year here, so CIT falls by 20 %
     * of the extra MET. */
    ORF_ASSERT_REL(cit01 - tax_of(R, R->tax_life_usd, "cit"),
                   0.2 * (tax_of(R, R->tax_life_usd, "met") - met01), 1e-9);
    assert_true(R->npv_usd < npv01);
    model_close(&m);
}

static void value_added_per_stage_sums_over_the_chain(void **state)
{
    (void)state;
    model m;
    model_open(&m, CHAIN);
    const orf_econ_result *R = orf_econ_result_get(m.e);
    assert_int_equal(R->nstages, 3);
    const orf_econ_stage *conc = &R->stages[0], *fecr = &R->stages[1], *metal = &R->stages[2];
    assert_string_equal(conc->name, "concentrate");
    assert_string_equal(fecr->name, "ferrochrome");
    assert_string_equal(metal->name, "chromium_metal");
    const orf_econ_product *pc = product(R, "concentrate"), *ps = product(R, "saf_feed"),
                           *pm = product(R, "metal_line_feed"), *pf = product(R, "ferrochrome"),
                           *pr = product(R, "chromium_metal");
    /* each stage: value out − value in, at the products' prices */
    ORF_ASSERT_ABS(conc->value_in_usd, 0.0, 0.0); /* old tailings: no market value */
    ORF_ASSERT_REL(conc->value_out_usd, pc->value_usd_per_year, 1e-12);
    ORF_ASSERT_REL(fecr->value_in_usd, ps->value_usd_per_year, 1e-12);
    ORF_ASSERT_REL(fecr->value_out_usd, pf->value_usd_per_year, 1e-12);
    ORF_ASSERT_REL(metal->value_in_usd, pm->value_usd_per_year, 1e-12);
    ORF_ASSERT_REL(metal->value_out_usd, pr->value_usd_per_year, 1e-12);
    double sum = 0;
    for (size_t s = 0; s < 3; s++) {
        const orf_econ_stage *g = &R->stages[s];
        ORF_ASSERT_REL(g->value_added_usd, g->value_out_usd - g->value_in_usd, 1e-12);
        ORF_ASSERT_REL(g->value_added_usd_per_t_element, g->value_added_usd / g->element_out_tpy,
                       1e-12);
        sum += g->value_added_usd;
    }
    ORF_ASSERT_REL(sum,
                   pc->value_usd_per_year + pf->value_usd_per_year + pr->value_usd_per_year -
                       ps->value_usd_per_year - pm->value_usd_per_year,
                   1e-12);
    /* t of Cr in each stage's output = the product's t/yr × its Cr grade (the price basis); with
     * a life-of-mine schedule both are period averages (grade weighted by tonnes), so the
     * identity holds as well; without one, = the simulated stream's Cr × operating hours */
    ORF_ASSERT_REL(fecr->element_out_tpy, pf->tonnes_per_year * pf->grade_pct / 100.0, 1e-12);
    int cr = orf_matdb_element_index(orf_flowsheet_system(m.fs)->db, "Cr");
    if (R->nperiods == 0)
        ORF_ASSERT_REL(fecr->element_out_tpy,
                       orf_stream_element_tph(stream(&m, "ferrochrome"), cr) * R->operating_hours,
                       1e-12);
    else
        assert_int_equal(R->nperiods,
                         3); /* the dam's three blocks (examples/chromite/chain.yaml) */
    /* Ferrochrome: 9,050 yuan/t at 50 % Cr, VAT 13 % included, scaled by the alloy's Cr. */
    ORF_ASSERT_REL(pf->price_usd_per_t, 9050.0 / 1.13 / 7.0014 * pf->grade_pct / 50.0, 1e-12);
    /* Value per t of contained Cr: ×2.0–2.5 from concentrate to HC FeCr (China, 2025) and ≈ ×4
     * from HC FeCr to metal (Fastmarkets Rotterdam, Oct 2025). */
    double v_conc = conc->value_out_usd / conc->element_out_tpy;
    double v_fecr = fecr->value_out_usd / fecr->element_out_tpy;
    double v_metal = metal->value_out_usd / metal->element_out_tpy;
    assert_true(v_fecr / v_conc > 2.0 && v_fecr / v_conc < 2.5);
    assert_true(v_metal / v_fecr > 3.5 && v_metal / v_fecr < 4.5);
    /* MET goes to the stage that produces its base (the concentrate) and nowhere else. */
    ORF_ASSERT_REL(tax_of(R, conc->tax_usd, "met") * R->life_years,
                   tax_of(R, R->tax_life_usd, "met"), 1e-12); /* per operating year of the life */
    ORF_ASSERT_ABS(tax_of(R, fecr->tax_usd, "met"), 0.0, 0.0);
    ORF_ASSERT_ABS(tax_of(R, metal->tax_usd, "met"), 0.0, 0.0);
    double jobs = conc->jobs + fecr->jobs + metal->jobs;
    ORF_ASSERT_REL(jobs, R->jobs, 1e-15);
    model_close(&m);
}

static void monte_carlo_p50_is_the_same_on_one_and_two_threads(void **state)
{
    (void)state;
    orf_ctx *ctx = orf_ctx_alloc();
    orf_mc_opts o = {.n = 200, .threads = 1, .seed = 7};
    orf_mc_result a, b;
    orf_status st = orf_mc_run(ctx, FLAGSHIP, &o, &a);
    if (st != ORF_OK)
        orf_ctx_print_diags(ctx, stderr);
    assert_int_equal(st, ORF_OK);
    o.threads = 2;
    assert_int_equal(orf_mc_run(ctx, FLAGSHIP, &o, &b), ORF_OK);
    assert_int_equal(a.solves, 200); /* feed grade and a cut density are sampled */
    assert_int_equal(a.failed, b.failed);
    for (size_t i = 0; i < a.n; i++) {
        if (isnan(a.npv_usd[i])) {
            assert_true(isnan(b.npv_usd[i]));
            continue;
        }
        ORF_ASSERT_REL(b.npv_usd[i], a.npv_usd[i], 0.0);
    }
    ORF_ASSERT_REL(b.npv_p50, a.npv_p50, 0.0);
    ORF_ASSERT_REL(b.irr_p50, a.irr_p50, 0.0);
    assert_true(a.npv_p10 < a.npv_p50 && a.npv_p50 < a.npv_p90);
    model m; /* the base case is the file's own evaluation */
    model_open(&m, FLAGSHIP);
    ORF_ASSERT_REL(a.base_npv_usd, orf_econ_result_get(m.e)->npv_usd, 0.0);
    model_close(&m);
    orf_mc_result_fini(&a);
    orf_mc_result_fini(&b);
    orf_ctx_free(ctx);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(flagship_economics_are_finite_and_priced_from_the_simulation),
        cmocka_unit_test(met_with_factor_0_1_is_a_tenth_of_factor_1),
        cmocka_unit_test(value_added_per_stage_sums_over_the_chain),
        cmocka_unit_test(monte_carlo_p50_is_the_same_on_one_and_two_threads),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
