/* Monte Carlo on tests/cases/econ_two_stage.yaml: same seed, same numbers across thread counts;
 * degenerate distributions give the base case; the requested rank correlation (Iman & Conover
 * 1982) shows in the sampled inputs; sample means match the distributions; the tornado's signs
 * follow the economics (a higher price raises NPV, a higher CAPEX lowers it). */
#include "orf_test.h"

#include "oreflow.h"
#include "oreflow/mc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CASE ORF_SOURCE_DIR "/tests/cases/econ_two_stage.yaml"

static void same_seed_same_results_for_one_and_three_threads(void **state)
{
    (void)state;
    orf_ctx *ctx = orf_ctx_alloc();
    orf_mc_opts o = {.n = 300, .threads = 1, .seed = 42};
    orf_mc_result a, b;
    assert_int_equal(orf_mc_run(ctx, CASE, &o, &a), ORF_OK);
    o.threads = 3;
    assert_int_equal(orf_mc_run(ctx, CASE, &o, &b), ORF_OK);
    assert_int_equal(a.failed, 0);
    assert_int_equal(a.solves, 300); /* a unit parameter is sampled: every sample re-solves */
    for (size_t i = 0; i < a.n; i++) {
        ORF_ASSERT_REL(b.npv_usd[i], a.npv_usd[i], 0.0);
        ORF_ASSERT_REL(b.irr[i], a.irr[i], 0.0);
    }
    ORF_ASSERT_REL(b.npv_p50, a.npv_p50, 0.0);
    assert_true(a.npv_p10 < a.npv_p50 && a.npv_p50 < a.npv_p90);
    assert_true(a.prob_loss > 0.0 && a.prob_loss < 1.0);
    size_t tot = 0;
    for (size_t k = 0; k < a.hist_bins; k++)
        tot += a.hist[k];
    assert_int_equal(tot, a.n);
    orf_mc_result_fini(&a);
    orf_mc_result_fini(&b);
    orf_ctx_free(ctx);
}

static void sampled_inputs_carry_the_rank_correlation_and_means(void **state)
{
    (void)state;
    orf_ctx *ctx = orf_ctx_alloc();
    orf_mc_opts o = {.n = 4000, .threads = 2, .seed = 9};
    orf_mc_result r;
    assert_int_equal(orf_mc_run(ctx, CASE, &o, &r), ORF_OK);
    assert_int_equal(r.k, 4);
    /* params: 0 price (triangular 80/100/130), 2 recovery (uniform 0.85..0.95), rho 0.5 */
    ORF_ASSERT_ABS(orf_rank_corr(r.x, r.n, r.k, 0, 2), 0.5, 0.04);
    ORF_ASSERT_ABS(orf_rank_corr(r.x, r.n, r.k, 0, 1), 0.0, 0.06);
    for (size_t j = 0; j < r.k; j++) {
        double m = 0;
        for (size_t i = 0; i < r.n; i++)
            m += r.x[i * r.k + j];
        m /= (double)r.n;
        double sd = orf_dist_sd(&r.params[j].dist);
        ORF_ASSERT_ABS(m, orf_dist_mean(&r.params[j].dist), 5 * sd / sqrt((double)r.n));
    }
    orf_mc_result_fini(&r);
    orf_ctx_free(ctx);
}

static char *read_text(const char *path)
{
    FILE *fp = fopen(path, "rb");
    if (!fp)
        return NULL;
    fseek(fp, 0, SEEK_END);
    long n = ftell(fp);
    fseek(fp, 0, SEEK_SET);
    char *s = malloc((size_t)n + 1);
    if (s && fread(s, 1, (size_t)n, fp) != (size_t)n) {
        free(s);
        s = NULL;
    }
    if (s)
        s[n] = 0;
    fclose(fp);
    return s;
}

/* Monte Carlo workers know the caller's unit types, not only the built-ins: a type registered on
 * the caller's context (a copy of recovery_separator under another name) gives the same samples as
 * the built-in one (before: every worker failed to load the flowsheet). */
static void workers_know_the_callers_unit_types(void **state)
{
    (void)state;
    char *text = read_text(CASE);
    assert_non_null(text);
    char *c = strstr(text, "{name: cleaner, type: recovery_separator,");
    assert_non_null(c);
    char path[512];
    snprintf(path, sizeof path, "%s/test_mc_custom_type.yaml", ORF_BINARY_DIR);
    FILE *fp = fopen(path, "w");
    assert_non_null(fp);
    fwrite(text, 1, (size_t)(c - text), fp);
    fputs("{name: cleaner, type: my_separator,", fp);
    fputs(c + strlen("{name: cleaner, type: recovery_separator,"), fp);
    fclose(fp);
    free(text);

    orf_ctx *ctx = orf_ctx_alloc();
    static orf_unit_type mine;
    mine = *orf_unit_types_find(ctx, "recovery_separator");
    mine.name = "my_separator";
    const orf_unit_type *list[] = {&mine};
    assert_int_equal(orf_unit_types_register(ctx, list, 1), ORF_OK);
    orf_mc_opts o = {.n = 40, .threads = 2, .seed = 9};
    orf_mc_result a, b;
    assert_int_equal(orf_mc_run(ctx, CASE, &o, &a), ORF_OK);
    if (orf_mc_run(ctx, path, &o, &b) != ORF_OK) {
        orf_ctx_print_diags(ctx, stderr);
        fail();
    }
    assert_int_equal(b.failed, 0);
    for (size_t i = 0; i < a.n; i++)
        ORF_ASSERT_REL(b.npv_usd[i], a.npv_usd[i], 0.0);
    orf_mc_result_fini(&a);
    orf_mc_result_fini(&b);
    orf_ctx_free(ctx);
}

static void degenerate_distributions_give_the_base_case(void **state)
{
    (void)state;
    char *text = read_text(CASE);
    assert_non_null(text);
    char *u = strstr(text, "uncertainty:");
    assert_non_null(u);
    *u = 0;
    const char *tail =
        "uncertainty:\n"
        "  - {param: economics.products.concentrate.price, dist: triangular, min: 100, max: 100}\n"
        "  - {param: rougher.recovery.chromite, dist: normal, sd: 0}\n"
        "  - {param: economics.fx.KZT, dist: pert, min: 500, mode: 500, max: 500}\n";
    char path[512];
    snprintf(path, sizeof path, "%s/test_mc_degenerate.yaml", ORF_BINARY_DIR);
    FILE *fp = fopen(path, "w");
    assert_non_null(fp);
    fputs(text, fp);
    fputs(tail, fp);
    fclose(fp);
    free(text);
    orf_ctx *ctx = orf_ctx_alloc();
    orf_mc_opts o = {.n = 50, .threads = 2, .seed = 1};
    orf_mc_result r;
    if (orf_mc_run(ctx, path, &o, &r) != ORF_OK) {
        orf_ctx_print_diags(ctx, stderr);
        fail();
    }
    for (size_t i = 0; i < r.n; i++)
        ORF_ASSERT_REL(r.npv_usd[i], r.base_npv_usd, 1e-9);
    ORF_ASSERT_REL(r.npv_p10, r.base_npv_usd, 1e-9);
    ORF_ASSERT_REL(r.npv_p90, r.base_npv_usd, 1e-9);
    orf_mc_result_fini(&r);
    orf_ctx_free(ctx);
}

static void tornado_signs_follow_the_economics(void **state)
{
    (void)state;
    orf_ctx *ctx = orf_ctx_alloc();
    orf_sens_result s;
    assert_int_equal(orf_sensitivity_run(ctx, CASE, &s), ORF_OK);
    assert_int_equal(s.nrows, 4);
    for (size_t i = 0; i < s.nrows; i++) {
        const orf_sens_row *w = &s.rows[i];
        if (!strcmp(w->path, "economics.products.concentrate.price"))
            assert_true(w->swing_usd > 0);
        else if (!strcmp(w->path, "economics.timeline.phases.plant.capex"))
            assert_true(w->swing_usd < 0);
        else if (!strcmp(w->path, "rougher.recovery.chromite"))
            assert_true(w->swing_usd > 0);
        else if (!strcmp(w->path, "economics.fx.KZT")) /* nothing is priced in tenge */
            ORF_ASSERT_ABS(w->swing_usd, 0.0, 1e-6);
        else
            fail();
        if (i > 0)
            assert_true(fabs(s.rows[i - 1].swing_usd) >= fabs(w->swing_usd));
    }
    orf_sens_result_fini(&s);
    orf_ctx_free(ctx);
}

static void unknown_parameter_path_is_reported(void **state)
{
    (void)state;
    char *text = read_text(CASE);
    assert_non_null(text);
    char *u = strstr(text, "uncertainty:");
    *u = 0;
    char path[512];
    snprintf(path, sizeof path, "%s/test_mc_badparam.yaml", ORF_BINARY_DIR);
    FILE *fp = fopen(path, "w");
    fputs(text, fp);
    fputs("uncertainty:\n  - {param: economics.products.concentrate.prise, dist: uniform, min: 1, "
          "max: 2}\n",
          fp);
    fclose(fp);
    free(text);
    orf_ctx *ctx = orf_ctx_alloc();
    orf_mc_opts o = {.n = 10, .threads = 1, .seed = 1};
    orf_mc_result r;
    assert_int_equal(orf_mc_run(ctx, path, &o, &r), ORF_E_INPUT);
    const orf_diag *d = orf_ctx_diag_get(ctx, 0);
    assert_non_null(d);
    assert_int_equal(d->code, ORF_E_UNKNOWN_NAME);
    assert_true(d->loc.line > 0);
    assert_non_null(d->hint);
    assert_non_null(strstr(d->hint, "economics.products.concentrate.price"));
    orf_ctx_free(ctx);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(same_seed_same_results_for_one_and_three_threads),
        cmocka_unit_test(sampled_inputs_carry_the_rank_correlation_and_means),
        cmocka_unit_test(degenerate_distributions_give_the_base_case),
        cmocka_unit_test(workers_know_the_callers_unit_types),
        cmocka_unit_test(tornado_signs_follow_the_economics),
        cmocka_unit_test(unknown_parameter_path_is_reported),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
