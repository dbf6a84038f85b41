/* The warm start's first-order predictor (src/econ/econ_predict.c; docs/models.md "Warm start of
 * re-solves"): on examples/chromite/donskoy_tailings.yaml the predicted start lies nearer the
 * re-solved answer than the stored one (streams and the design spec's parameter), the re-solve
 * from it takes fewer sweeps and gives the answer of today's start within the tolerances (tear tol
 * 1e-12, spec ftol 1e-9); on the flagship's schedule the same, period by period, and the starts —
 * hence the answers — do not depend on the order of the samples nor on the number of threads. */
#include "orf_test.h"

#include "econ/econ_predict.h"
#include "oreflow.h"
#include "oreflow/mc.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define DONSKOY ORF_SOURCE_DIR "/examples/chromite/donskoy_tailings.yaml"
#define CHAIN ORF_SOURCE_DIR "/examples/chromite/chain.yaml"

/* Largest |a − b| / max(|b|, floor) over n values. */
static double max_rel(const double *a, const double *b, size_t n, double floor)
{
    double m = 0;
    for (size_t i = 0; i < n; i++) {
        double d = fabs(a[i] - b[i]) / fmax(fabs(b[i]), floor);
        m = d > m ? d : m;
    }
    return m;
}

static void prediction_lies_nearer_and_keeps_the_answer(void **state)
{
    (void)state;
    orf_ctx *ctx = orf_ctx_alloc();
    orf_flowsheet *fs;
    assert_int_equal(orf_flowsheet_load(ctx, DONSKOY, &fs), ORF_OK);
    assert_int_equal(orf_flowsheet_solve(fs, NULL), ORF_OK);
    size_t ns = orf_flowsheet_state_size(fs);
    double *x0 = malloc(ns * sizeof *x0), *xa = malloc(ns * sizeof *xa);
    double *xp = malloc(ns * sizeof *xp), *xb = malloc(ns * sizeof *xb);
    assert_non_null(x0);
    assert_non_null(xa);
    assert_non_null(xp);
    assert_non_null(xb);
    orf_flowsheet_state_save(fs, x0);
    double *grade = orf_flowsheet_param_ref(fs, "tailings", "mineralogy.chromite");
    double *cut = orf_flowsheet_param_ref(fs, "spiral_cleaner", "cut_density_kg_m3");
    assert_non_null(grade);
    assert_non_null(cut);
    const double g0 = *grade, p0 = *cut;
    assert_int_equal(orf_flowsheet_spec_count(fs), 1);

    orf__predict pr;
    assert_int_equal(orf__predict_init(ctx, fs, &grade, 1, &pr), ORF_OK);
    orf__predict_column(&pr, 0, x0, &p0, HUGE_VAL);
    assert_int_equal(pr.ok[0], 1);
    assert_true(*grade == g0); /* the parameter back at its value */
    assert_true(pr.nz > 0 && pr.nz < ns);
    assert_int_equal(orf_ctx_error_count(ctx), 0);

    /* nothing changed: no prediction, the stored start as it is */
    orf_flowsheet_state_restore(fs, x0);
    *cut = p0; /* (the column's solve left it at its own answer) */
    assert_int_equal(orf__predict_start(&pr, x0, &p0), 0);
    assert_true(*cut == p0);

    /* today's start at a grade 3 points up: the answer */
    *grade = g0 + 3;
    orf_flowsheet_state_restore(fs, x0);
    *cut = p0;
    orf_solve_info ia, ib;
    assert_int_equal(orf_flowsheet_solve(fs, &ia), ORF_OK);
    orf_flowsheet_state_save(fs, xa);
    const double pa = *cut;
    /* the predicted start: nearer the answer, streams and the spec's parameter */
    orf_flowsheet_state_restore(fs, x0);
    *cut = p0;
    assert_int_equal(orf__predict_start(&pr, x0, &p0), 1);
    orf_flowsheet_state_save(fs, xp);
    const double pp = *cut;
    assert_true(fabs(pp - pa) < 0.2 * fabs(p0 - pa));
    double e0 = 0, ep = 0;
    for (size_t i = 0; i < ns; i++) {
        e0 += (x0[i] - xa[i]) * (x0[i] - xa[i]);
        ep += (xp[i] - xa[i]) * (xp[i] - xa[i]);
    }
    assert_true(ep < 0.2 * e0);
    /* the re-solve from it: fewer sweeps, the same answer within the tolerances */
    assert_int_equal(orf_flowsheet_solve(fs, &ib), ORF_OK);
    orf_flowsheet_state_save(fs, xb);
    assert_true(ib.iterations < ia.iterations);
    assert_true(ib.unit_evals < ia.unit_evals);
    ORF_ASSERT_REL(*cut, pa, 1e-8);
    assert_true(max_rel(xb, xa, ns, 1e-6) < 1e-7);

    orf__predict_free(ctx, &pr);
    free(x0);
    free(xa);
    free(xp);
    free(xb);
    orf_flowsheet_free(fs);
    orf_ctx_free(ctx);
}

/* The flagship's schedule with its three grades sampled (the uncertainty's g_up, g_mid, g_low). */
typedef struct {
    orf_flowsheet *fs;
    orf_econ *e;
    double *g[3];
} chain_model;

static void chain_open(orf_ctx *ctx, chain_model *m, int predict)
{
    static const char *const paths[] = {"schedule.upper_benches.tailings.mineralogy.chromite",
                                        "schedule.middle_benches.tailings.mineralogy.chromite",
                                        "schedule.lower_benches.tailings.mineralogy.chromite"};
    assert_int_equal(orf_flowsheet_load(ctx, CHAIN, &m->fs), ORF_OK);
    assert_int_equal(orf_econ_load(ctx, m->fs, &m->e), ORF_OK);
    assert_int_equal(orf_flowsheet_solve(m->fs, NULL), ORF_OK);
    assert_int_equal(orf_econ_fix_design_capex(m->e), ORF_OK);
    orf_econ_schedule_restore(m->e, 0);
    assert_int_equal(orf_econ_eval(m->e), ORF_OK); /* the periods' stored solutions */
    for (int i = 0; i < 3; i++) {
        m->g[i] = orf_econ_param_ref(m->e, paths[i]);
        assert_non_null(m->g[i]);
    }
    if (predict)
        assert_int_equal(orf__econ_schedule_predict(m->e, m->g, 3), ORF_OK);
}

static void chain_close(chain_model *m)
{
    orf_econ_free(m->e);
    orf_flowsheet_free(m->fs);
}

/* NPV and each period's tonnes of the first product (the concentrate) at grades g. */
static void chain_eval(chain_model *m, const double *g, double *out)
{
    for (int i = 0; i < 3; i++)
        *m->g[i] = g[i];
    assert_int_equal(orf_econ_eval(m->e), ORF_OK);
    const orf_econ_result *r = orf_econ_result_get(m->e);
    assert_int_equal(r->nperiods, 3);
    out[0] = r->npv_usd;
    for (size_t p = 0; p < 3; p++)
        out[1 + p] = r->periods[p].products[0].tonnes_per_year;
}

static void schedule_prediction_keeps_the_answers_in_any_order(void **state)
{
    (void)state;
    orf_ctx *ctx = orf_ctx_alloc();
    chain_model today, a, b;
    chain_open(ctx, &today, 0);
    chain_open(ctx, &a, 1);
    chain_open(ctx, &b, 1);
    static const double g1[3] = {23.5, 33.0, 29.0}, g2[3] = {30.5, 26.0, 36.0};
    double t1[4], t2[4], a1[4], a2[4], b1[4], b2[4];
    chain_eval(&today, g1, t1);
    chain_eval(&today, g2, t2);
    chain_eval(&a, g1, a1); /* a: g1 then g2; b: g2 then g1 */
    chain_eval(&a, g2, a2);
    chain_eval(&b, g2, b2);
    chain_eval(&b, g1, b1);
    /* the predicted starts: the answers of today's starts within the tolerances */
    assert_true(max_rel(a1, t1, 4, 1.0) < 1e-8);
    assert_true(max_rel(a2, t2, 4, 1.0) < 1e-8);
    /* and the same bits whichever sample a model solved first */
    assert_memory_equal(a1, b1, sizeof a1);
    assert_memory_equal(a2, b2, sizeof a2);
    chain_close(&today);
    chain_close(&a);
    chain_close(&b);
    orf_ctx_free(ctx);
}

static void chain_monte_carlo_is_the_same_on_one_and_two_threads(void **state)
{
    (void)state;
    orf_ctx *ctx = orf_ctx_alloc();
    orf_mc_opts o = {.n = 12, .threads = 1, .seed = 3};
    orf_mc_result r1, r2;
    assert_int_equal(orf_mc_run(ctx, CHAIN, &o, &r1), ORF_OK);
    o.threads = 2; /* the samples split between two models, each solving its share in turn */
    assert_int_equal(orf_mc_run(ctx, CHAIN, &o, &r2), ORF_OK);
    assert_int_equal(r1.failed, 0);
    assert_int_equal(r1.solves, 12);
    assert_memory_equal(r1.npv_usd, r2.npv_usd, r1.n * sizeof *r1.npv_usd);
    assert_memory_equal(r1.irr, r2.irr, r1.n * sizeof *r1.irr);
    orf_mc_result_fini(&r1);
    orf_mc_result_fini(&r2);
    orf_ctx_free(ctx);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(prediction_lies_nearer_and_keeps_the_answer),
        cmocka_unit_test(schedule_prediction_keeps_the_answers_in_any_order),
        cmocka_unit_test(chain_monte_carlo_is_the_same_on_one_and_two_threads),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
