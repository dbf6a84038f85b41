/* The sequential-modular solver against analytic answers.
 *
 * Recycle loops built from mixers and fixed-fraction splitters have closed-form steady states
 * (a mass balance around the loop): with feed F and a splitter returning the fraction r of its
 * feed, the loop carries F / (1 − r) and the recycle r·F / (1 − r) — the circulating load of
 * Wills & Finch (2016), "Mineral Processing Technology", 8th ed., §3 (circulating load). */
#include "orf_test.h"

#include "core/flowsheet_impl.h"
#include "oreflow.h"

#include <math.h>
#include <string.h>

static orf_flowsheet *load(orf_ctx *ctx, const char *yaml)
{
    orf_flowsheet *fs = NULL;
    orf_status st = orf_flowsheet_load_string(ctx, "test.yaml", yaml, &fs);
    if (st)
        orf_ctx_print_diags(ctx, stderr);
    assert_int_equal(st, ORF_OK);
    assert_non_null(fs);
    return fs;
}

static double solids(const orf_flowsheet *fs, const char *stream)
{
    int i = orf_flowsheet_stream_index(fs, stream);
    assert_true(i >= 0);
    return orf_stream_solids_tph(orf_flowsheet_stream(fs, (size_t)i));
}

static double water(const orf_flowsheet *fs, const char *stream)
{
    int i = orf_flowsheet_stream_index(fs, stream);
    assert_true(i >= 0);
    return orf_stream_water_tph(orf_flowsheet_stream(fs, (size_t)i));
}

static double temp(const orf_flowsheet *fs, const char *stream)
{
    int i = orf_flowsheet_stream_index(fs, stream);
    assert_true(i >= 0);
    return orf_stream_temp_c(orf_flowsheet_stream(fs, (size_t)i));
}

/* Feed 100 t/h quartz at 50 % solids; the splitter returns 75 % of the sump discharge. */
#define LOOP_HEAD                                                                                  \
    "name: loop\n"                                                                                 \
    "materials: [quartz]\n"                                                                        \
    "feeds:\n"                                                                                     \
    "  feed: {solids_tph: 100, pct_solids: 50, temperature_c: 60, mineralogy: {quartz: 100}}\n"    \
    "units:\n"                                                                                     \
    "  - {name: sump, type: mixer, in: [feed, recycle], out: [sump_out]}\n"                        \
    "  - {name: split, type: splitter, in: [sump_out], out: [product, recycle],"                   \
    " fractions: [0.25, 0.75]}\n"                                                                  \
    "  - {name: stock, type: product, in: [product]}\n"

static const char *LOOP_WEGSTEIN = LOOP_HEAD "solver: {tol: 1.0e-12, method: wegstein}\n";
static const char *LOOP_PLAIN = LOOP_HEAD "solver: {tol: 1.0e-12, method: plain}\n";

static void splitter_loop_has_the_analytic_circulating_load(void **state)
{
    (void)state;
    orf_ctx *ctx = orf_ctx_alloc();
    orf_flowsheet *fs = load(ctx, LOOP_WEGSTEIN);
    orf_solve_info info;
    assert_int_equal(orf_flowsheet_solve(fs, &info), ORF_OK);
    assert_true(info.converged);
    assert_int_equal(info.ntears, 1);
    /* F/(1-r) = 100/0.25 = 400 through the sump; 300 t/h recycle = 300 % circulating load */
    ORF_ASSERT_REL(solids(fs, "sump_out"), 400.0, 1e-10);
    ORF_ASSERT_REL(solids(fs, "recycle"), 300.0, 1e-10);
    ORF_ASSERT_REL(solids(fs, "product"), 100.0, 1e-10);
    ORF_ASSERT_REL(water(fs, "sump_out"), 400.0, 1e-10);
    ORF_ASSERT_REL(water(fs, "product"), 100.0, 1e-10);
    /* the only heat source is the feed: the loop settles at its temperature */
    ORF_ASSERT_REL(temp(fs, "sump_out"), 60.0, 1e-10);
    ORF_ASSERT_REL(temp(fs, "product"), 60.0, 1e-10);
    orf_balance bal;
    orf_flowsheet_balance(fs, &bal);
    assert_true(bal.max_relative_error < 1e-9);
    orf_flowsheet_free(fs);
    orf_ctx_free(ctx);
}

static void wegstein_and_plain_agree_and_wegstein_is_faster(void **state)
{
    (void)state;
    orf_ctx *ctx = orf_ctx_alloc();
    orf_flowsheet *fw = load(ctx, LOOP_WEGSTEIN), *fp = load(ctx, LOOP_PLAIN);
    orf_solve_info iw, ip;
    assert_int_equal(orf_flowsheet_solve(fw, &iw), ORF_OK);
    assert_int_equal(orf_flowsheet_solve(fp, &ip), ORF_OK);
    ORF_ASSERT_REL(solids(fw, "recycle"), solids(fp, "recycle"), 1e-10);
    ORF_ASSERT_REL(water(fw, "recycle"), water(fp, "recycle"), 1e-10);
    /* plain substitution contracts by r = 0.75 a sweep: about ln(1e-12)/ln(0.75) ≈ 96 sweeps */
    assert_true(ip.iterations > 80);
    assert_true(iw.iterations < ip.iterations / 5);
    orf_flowsheet_free(fw);
    orf_flowsheet_free(fp);
    orf_ctx_free(ctx);
}

static void warm_start_from_a_converged_state_takes_one_iteration(void **state)
{
    (void)state;
    orf_ctx *ctx = orf_ctx_alloc();
    orf_flowsheet *fs = load(ctx, LOOP_WEGSTEIN);
    orf_solve_info info;
    assert_int_equal(orf_flowsheet_solve(fs, &info), ORF_OK);
    assert_true(info.iterations > 1);
    assert_int_equal(orf_flowsheet_solve(fs, &info), ORF_OK);
    assert_int_equal(info.iterations, 1);
    ORF_ASSERT_REL(solids(fs, "recycle"), 300.0, 1e-10);
    /* a reset is a cold start again */
    orf_flowsheet_reset(fs);
    assert_int_equal(orf_flowsheet_solve(fs, &info), ORF_OK);
    assert_true(info.iterations > 1);
    orf_flowsheet_free(fs);
    orf_ctx_free(ctx);
}

/* Two loops, one inside the other:
 *   a = F + outer,  b = a + inner,  inner = 0.5 b,  c = 0.5 b,  outer = 0.4 c,  product = 0.6 c
 * → b = 2a, c = a, a = F / 0.6. */
static const char *NESTED =
    "name: nested\n"
    "materials: [quartz, calcite]\n"
    "feeds:\n"
    "  feed: {solids_tph: 60, water_tph: 40, mineralogy: {quartz: 70, calcite: 30}}\n"
    "units:\n"
    "  - {name: m1, type: mixer, in: [feed, outer], out: [a]}\n"
    "  - {name: m2, type: mixer, in: [a, inner], out: [b]}\n"
    "  - {name: s1, type: splitter, in: [b], out: [c, inner], fractions: [0.5, 0.5]}\n"
    "  - {name: s2, type: splitter, in: [c], out: [product, outer], fractions: [0.6, 0.4]}\n"
    "solver: {tol: 1.0e-12}\n";

static void wegstein_converges_on_two_nested_loops(void **state)
{
    (void)state;
    orf_ctx *ctx = orf_ctx_alloc();
    orf_flowsheet *fs = load(ctx, NESTED);
    orf_solve_info info;
    assert_int_equal(orf_flowsheet_solve(fs, &info), ORF_OK);
    assert_true(info.converged);
    assert_int_equal(info.ntears, 2);
    ORF_ASSERT_REL(solids(fs, "a"), 100.0, 1e-10);
    ORF_ASSERT_REL(solids(fs, "b"), 200.0, 1e-10);
    ORF_ASSERT_REL(solids(fs, "inner"), 100.0, 1e-10);
    ORF_ASSERT_REL(solids(fs, "outer"), 40.0, 1e-10);
    ORF_ASSERT_REL(solids(fs, "product"), 60.0, 1e-10);
    ORF_ASSERT_REL(water(fs, "b"), 200.0 * 40.0 / 60.0, 1e-10);
    /* the composition of a closed loop is the feed's */
    int qi = orf_flowsheet_stream_index(fs, "b");
    double pct;
    assert_int_equal(orf_stream_assay(orf_flowsheet_stream(fs, (size_t)qi), "quartz", &pct),
                     ORF_OK);
    ORF_ASSERT_REL(pct, 70.0, 1e-10);
    orf_balance bal;
    orf_flowsheet_balance(fs, &bal);
    assert_true(bal.max_relative_error < 1e-9);
    orf_flowsheet_free(fs);
    orf_ctx_free(ctx);
}

/* Two loops in series are two recycle blocks, solved one after the other. */
static const char *SERIES =
    "name: series\n"
    "materials: [quartz]\n"
    "feeds:\n"
    "  feed: {solids_tph: 10, mineralogy: {quartz: 100}}\n"
    "units:\n"
    "  - {name: m1, type: mixer, in: [feed, r1], out: [a]}\n"
    "  - {name: s1, type: splitter, in: [a], out: [p1, r1], fractions: [0.5, 0.5]}\n"
    "  - {name: m2, type: mixer, in: [p1, r2], out: [b]}\n"
    "  - {name: s2, type: splitter, in: [b], out: [p2, r2], fractions: [0.2, 0.8]}\n"
    "solver: {tol: 1.0e-12}\n";

static void two_loops_in_series_are_two_blocks(void **state)
{
    (void)state;
    orf_ctx *ctx = orf_ctx_alloc();
    orf_flowsheet *fs = load(ctx, SERIES);
    orf_solve_info info;
    assert_int_equal(orf_flowsheet_solve(fs, &info), ORF_OK);
    assert_int_equal(info.ntears, 2);
    ORF_ASSERT_REL(solids(fs, "a"), 20.0, 1e-10);
    ORF_ASSERT_REL(solids(fs, "b"), 50.0, 1e-10);
    ORF_ASSERT_REL(solids(fs, "p2"), 10.0, 1e-10);
    orf_flowsheet_free(fs);
    orf_ctx_free(ctx);
}

/* A splitter that returns everything: the loop accumulates mass every sweep and has no steady
 * state. The solver must say so, naming the tear and its residual. */
static void loop_without_steady_state_reports_not_converged(void **state)
{
    (void)state;
    static const char *const methods[] = {"plain", "wegstein"};
    for (int k = 0; k < 2; k++) {
        char yaml[2048];
        snprintf(yaml, sizeof yaml,
                 "name: runaway\n"
                 "materials: [quartz]\n"
                 "feeds:\n"
                 "  feed: {solids_tph: 10, mineralogy: {quartz: 100}}\n"
                 "units:\n"
                 "  - {name: sump, type: mixer, in: [feed, back], out: [sump_out]}\n"
                 "  - {name: split, type: splitter, in: [sump_out], out: [out, back],"
                 " fractions: [0.0, 1.0]}\n"
                 "solver: {max_iter: 20, method: %s}\n",
                 methods[k]);
        orf_ctx *ctx = orf_ctx_alloc();
        orf_flowsheet *fs = load(ctx, yaml);
        orf_solve_info info;
        assert_int_equal(orf_flowsheet_solve(fs, &info), ORF_E_NOT_CONVERGED);
        assert_false(info.converged);
        assert_int_equal(info.iterations, 20);
        assert_true(info.max_residual > 1e-3);
        assert_int_equal(info.ntears, 1);
        ORF_ASSERT_REL(info.tears[0].residual, info.max_residual, 1e-15);
        /* the diagnostic names the tear stream and its residual */
        assert_int_equal(orf_ctx_error_count(ctx), 1);
        const orf_diag *d = orf_ctx_diag_get(ctx, 0);
        assert_int_equal(d->code, ORF_E_NOT_CONVERGED);
        assert_string_equal(d->object, "back");
        assert_non_null(strstr(d->message, "tear stream 'back'"));
        assert_non_null(strstr(d->message, "did not converge in 20 iterations"));
        assert_non_null(strstr(d->message, "relative residual"));
        orf_flowsheet_free(fs);
        orf_ctx_free(ctx);
    }
}

/* A splitter returning 99.9 %: with Wegstein's bounded steps it converges, but not in 5 sweeps
 * (method auto switches to Anderson's secant there: test_tear_accel.c). */
static void slow_loop_with_small_max_iter_is_not_converged(void **state)
{
    (void)state;
    orf_ctx *ctx = orf_ctx_alloc();
    orf_flowsheet *fs = load(ctx, "name: slow\n"
                                  "materials: [quartz]\n"
                                  "feeds:\n"
                                  "  feed: {solids_tph: 10, mineralogy: {quartz: 100}}\n"
                                  "units:\n"
                                  "  - {name: sump, type: mixer, in: [feed, back], out: [s]}\n"
                                  "  - {name: split, type: splitter, in: [s], out: [out, back],"
                                  " fractions: [0.001, 0.999]}\n"
                                  "solver: {max_iter: 5, method: wegstein}\n");
    orf_solve_info info;
    assert_int_equal(orf_flowsheet_solve(fs, &info), ORF_E_NOT_CONVERGED);
    assert_int_equal(info.iterations, 5);
    /* with room to iterate it gets there: 10 / 0.001 = 10 000 t/h in the loop */
    orf_solver_opts o = orf_flowsheet_solver_opts(fs);
    o.max_iter = 100000;
    orf_flowsheet_set_solver_opts(fs, &o);
    orf_ctx_clear_diags(ctx);
    assert_int_equal(orf_flowsheet_solve(fs, &info), ORF_OK);
    ORF_ASSERT_REL(solids(fs, "s"), 10000.0, 1e-8);
    orf_flowsheet_free(fs);
    orf_ctx_free(ctx);
}

/* ---- design specifications ------------------------------------------------------------------ */

/* Adjust the product fraction f of the loop splitter so that the sump discharge carries 250 t/h:
 * 100 / f = 250 → f = 0.4. */
static const char *SPEC_LOOP =
    LOOP_HEAD "specs:\n"
              "  - name: sump_load\n"
              "    adjust: {unit: split, param: fractions.0, min: 0.1, max: 0.9}\n"
              "    target: {stream: sump_out, quantity: solids_tph, value: %s}\n"
              "solver: {tol: 1.0e-12}\n";

static void design_spec_meets_an_analytic_target_through_a_loop(void **state)
{
    (void)state;
    char yaml[4096];
    snprintf(yaml, sizeof yaml, SPEC_LOOP, "250");
    orf_ctx *ctx = orf_ctx_alloc();
    orf_flowsheet *fs = load(ctx, yaml);
    orf_solve_info info;
    assert_int_equal(orf_flowsheet_solve(fs, &info), ORF_OK);
    assert_int_equal(orf_flowsheet_spec_count(fs), 1);
    const orf_spec_info *sp = orf_flowsheet_spec(fs, 0);
    ORF_ASSERT_REL(sp->value, 0.4, 1e-8);
    ORF_ASSERT_REL(sp->achieved, 250.0, 1e-8);
    ORF_ASSERT_REL(solids(fs, "sump_out"), 250.0, 1e-8);
    ORF_ASSERT_REL(solids(fs, "recycle"), 150.0, 1e-8);
    ORF_ASSERT_REL(*orf_flowsheet_param_ref(fs, "split", "fractions.0"), 0.4, 1e-8);
    assert_true(sp->iterations > 0);
    orf_balance bal;
    orf_flowsheet_balance(fs, &bal);
    assert_true(bal.max_relative_error < 1e-9);
    orf_flowsheet_free(fs);
    orf_ctx_free(ctx);
}

/* The same spec with plain substitution, which contracts the loop by 1 − f = 0.6 a sweep: a trial
 * far from the root converges the loop only to a tolerance set by the spec's residual (inexact
 * inner solves, specs.c), but the answer is the full-tolerance one: the final state's tear
 * residual below the solver's tol — checked from the streams too: the recycle the mixer saw
 * against (1 − f) times the sump discharge — and the target met to the spec's 1e-9. */
static void design_spec_root_is_solved_to_the_full_tolerance(void **state)
{
    (void)state;
    orf_ctx *ctx = orf_ctx_alloc();
    orf_flowsheet *fs = load(ctx, LOOP_HEAD "specs:\n"
                                            "  - name: sump_load\n"
                                            "    adjust: {unit: split, param: fractions.0, min: "
                                            "0.1, max: 0.9}\n"
                                            "    target: {stream: sump_out, quantity: solids_tph, "
                                            "value: 250}\n"
                                            "solver: {tol: 1.0e-12, method: plain, max_iter: "
                                            "1000}\n");
    orf_solve_info info;
    assert_int_equal(orf_flowsheet_solve(fs, &info), ORF_OK);
    assert_true(info.specs_met);
    const orf_spec_info *sp = orf_flowsheet_spec(fs, 0);
    assert_true(sp->iterations >= 3);
    assert_true(fabs(sp->achieved - 250.0) <= 1e-9 * 250.0);
    assert_true(fabs(solids(fs, "sump_out") - 250.0) <= 1e-9 * 250.0);
    assert_int_equal(info.ntears, 1);
    assert_true(orf_flowsheet_tear(fs, 0)->residual < 1e-12);
    assert_true(info.max_residual < 1e-12);
    double f = *orf_flowsheet_param_ref(fs, "split", "fractions.0");
    ORF_ASSERT_REL(f, 0.4, 1e-9);
    /* the tear's own residual: its value against what the splitter now sends back, relative to
     * the feed (100 t/h) */
    double g = (1.0 - f) * solids(fs, "sump_out");
    assert_true(fabs(solids(fs, "recycle") - g) / 100.0 < 1e-12);
    orf_flowsheet_free(fs);
    orf_ctx_free(ctx);
}

/* The sump always carries at least the feed (100 t/h): a 50 t/h target cannot be met. The
 * failure names the spec, and the flowsheet is left solved at the parameter from the file (the
 * results printed next to the error must belong to the parameters printed with them). */
static void unreachable_design_spec_is_an_error_and_restores_the_parameter(void **state)
{
    (void)state;
    char yaml[4096];
    snprintf(yaml, sizeof yaml, SPEC_LOOP, "50");
    orf_ctx *ctx = orf_ctx_alloc();
    orf_flowsheet *fs = load(ctx, yaml);
    orf_solve_info info;
    assert_int_equal(orf_flowsheet_solve(fs, &info), ORF_E_SPEC);
    assert_true(info.converged); /* the loops converged; the spec's failure is the status */
    ORF_ASSERT_REL(orf_flowsheet_spec(fs, 0)->value, 0.25, 1e-15);
    ORF_ASSERT_REL(orf_flowsheet_spec(fs, 0)->achieved, 400.0, 1e-10);
    assert_int_equal(orf_ctx_error_count(ctx), 1);
    const orf_diag *d = orf_ctx_diag_get(ctx, 0);
    assert_int_equal(d->code, ORF_E_SPEC);
    assert_string_equal(d->object, "sump_load");
    assert_non_null(strstr(d->message, "design spec 'sump_load' cannot be met"));
    assert_non_null(strstr(d->message, "split.fractions.0"));
    assert_true(d->loc.line > 0);
    ORF_ASSERT_REL(*orf_flowsheet_param_ref(fs, "split", "fractions.0"), 0.25, 1e-15);
    ORF_ASSERT_REL(solids(fs, "sump_out"), 400.0, 1e-10);
    orf_flowsheet_free(fs);
    orf_ctx_free(ctx);
}

/* A spec outside any loop: split 30 t/h of a 100 t/h feed to the first outlet. */
static void design_spec_on_an_open_splitter(void **state)
{
    (void)state;
    orf_ctx *ctx = orf_ctx_alloc();
    orf_flowsheet *fs = load(
        ctx, "name: open\n"
             "materials: [quartz]\n"
             "feeds:\n"
             "  feed: {solids_tph: 100, mineralogy: {quartz: 100}}\n"
             "units:\n"
             "  - {name: split, type: splitter, in: [feed], out: [x, y], fractions: [0.5, 0.5]}\n"
             "specs:\n"
             "  - adjust: {unit: split, param: fractions.0, min: 0, max: 1}\n"
             "    target: {stream: x, quantity: solids_tph, value: 30}\n");
    assert_int_equal(orf_flowsheet_solve(fs, NULL), ORF_OK);
    ORF_ASSERT_REL(orf_flowsheet_spec(fs, 0)->value, 0.3, 1e-9);
    assert_string_equal(orf_flowsheet_spec(fs, 0)->name, "spec1");
    ORF_ASSERT_REL(solids(fs, "y"), 70.0, 1e-9);
    orf_flowsheet_free(fs);
    orf_ctx_free(ctx);
}

/* The balance judges the streams as reported. With a loose tolerance the recycle (a tear) holds
 * the value the sump used, which differs from the splitter's last output; the splitter's balance
 * must show that difference instead of checking the hidden buffer. */
static void unit_balance_uses_the_reported_tear_stream(void **state)
{
    (void)state;
    orf_ctx *ctx = orf_ctx_alloc();
    orf_flowsheet *fs = load(ctx, LOOP_HEAD "solver: {tol: 1.0e-3, method: plain}\n");
    orf_solve_info info;
    assert_int_equal(orf_flowsheet_solve(fs, &info), ORF_OK);
    double in = solids(fs, "sump_out") + water(fs, "sump_out");
    double out =
        solids(fs, "product") + water(fs, "product") + solids(fs, "recycle") + water(fs, "recycle");
    double expect = fabs(in - out) / (in > out ? in : out);
    assert_true(expect > 1e-9); /* loose enough to see */
    int split = orf_flowsheet_unit_index(fs, "split");
    ORF_ASSERT_REL(orf_flowsheet_unit_balance_error(fs, (size_t)split), expect, 1e-6);
    orf_balance bal;
    orf_flowsheet_balance(fs, &bal);
    assert_true(bal.unit_max_error >= expect * (1 - 1e-6));
    /* and the plant balance misses by no more than the tolerance allows */
    assert_true(bal.overall_max_error < 1e-3);
    orf_flowsheet_free(fs);
    orf_ctx_free(ctx);
}

/* A 99.9 % recycle carries 1000× its feed. Converged must still mean the plant balance closes to
 * the tolerance relative to the feed, not to the recycle. */
static void high_circulating_load_converges_to_the_feed_tolerance(void **state)
{
    (void)state;
    orf_ctx *ctx = orf_ctx_alloc();
    orf_flowsheet *fs = load(ctx, "name: slow\n"
                                  "materials: [quartz]\n"
                                  "feeds:\n"
                                  "  feed: {solids_tph: 10, mineralogy: {quartz: 100}}\n"
                                  "units:\n"
                                  "  - {name: sump, type: mixer, in: [feed, back], out: [s]}\n"
                                  "  - {name: split, type: splitter, in: [s], out: [out, back],"
                                  " fractions: [0.001, 0.999]}\n"
                                  "solver: {max_iter: 100000}\n");
    assert_int_equal(orf_flowsheet_solve(fs, NULL), ORF_OK);
    orf_balance bal;
    orf_flowsheet_balance(fs, &bal);
    assert_true(bal.max_relative_error < 1e-9);
    ORF_ASSERT_REL(solids(fs, "out"), 10.0, 1e-9);
    orf_flowsheet_free(fs);
    orf_ctx_free(ctx);
}

/* A trace mineral the separator rejects almost entirely circulates 999 times while the bulk
 * circulates 0.1 times: the tear is dominated by the bulk, but converged must mean that the trace
 * mineral balances too (the balance check judges every material and element relatively). */
static void trace_material_in_a_loop_balances_to_the_tolerance(void **state)
{
    (void)state;
    static const char *const methods[] = {"plain", "wegstein"};
    for (int k = 0; k < 2; k++) {
        char yaml[2048];
        snprintf(yaml, sizeof yaml,
                 "name: trace\n"
                 "materials: [quartz, calcite]\n"
                 "feeds:\n"
                 "  feed: {solids_tph: 100, water_tph: 100,"
                 " mineralogy: {quartz: 99.9999, calcite: 0.0001}}\n"
                 "units:\n"
                 "  - {name: sump, type: mixer, in: [feed, tails], out: [s]}\n"
                 "  - {name: sep, type: recovery_separator, in: [s], out: [conc, tails],\n"
                 "     recovery: {quartz: 0.9, calcite: 0.001}, water_recovery: 0.5}\n"
                 "solver: {max_iter: 100000, method: %s}\n",
                 methods[k]);
        orf_ctx *ctx = orf_ctx_alloc();
        orf_flowsheet *fs = load(ctx, yaml);
        assert_int_equal(orf_flowsheet_solve(fs, NULL), ORF_OK);
        const orf_system *y = orf_flowsheet_system(fs);
        int cal = -1;
        for (size_t m = 0; m < y->nm; m++)
            if (!strcmp(y->mat[m]->name, "calcite"))
                cal = (int)m;
        const orf_stream *conc =
            orf_flowsheet_stream(fs, (size_t)orf_flowsheet_stream_index(fs, "conc"));
        const orf_stream *s = orf_flowsheet_stream(fs, (size_t)orf_flowsheet_stream_index(fs, "s"));
        /* calcite: feed 1e-4 t/h leaves only with the concentrate; 0.1 t/h in the sump */
        ORF_ASSERT_REL(orf_stream_material_tph(conc, (size_t)cal), 1e-4, 1e-9);
        ORF_ASSERT_REL(orf_stream_material_tph(s, (size_t)cal), 0.1, 1e-9);
        orf_balance bal;
        orf_flowsheet_balance(fs, &bal);
        if (!(bal.max_relative_error < 1e-9))
            fail_msg("%s: balance error %g (%s)", methods[k], bal.max_relative_error,
                     bal.worst_what);
        orf_flowsheet_free(fs);
        orf_ctx_free(ctx);
    }
}

/* ---- planning ----------------------------------------------------------------------------------
 */

static void open_flowsheet_has_no_tears_and_no_iterations(void **state)
{
    (void)state;
    orf_ctx *ctx = orf_ctx_alloc();
    orf_flowsheet *fs = load(
        ctx, "name: open\n"
             "materials: [quartz]\n"
             "feeds:\n"
             "  feed: {solids_tph: 100, mineralogy: {quartz: 100}}\n"
             "units:\n"
             "  - {name: split, type: splitter, in: [feed], out: [x, y], fractions: [0.5, 0.5]}\n"
             "  - {name: join, type: mixer, in: [y, x], out: [z]}\n");
    orf_solve_info info;
    assert_int_equal(orf_flowsheet_solve(fs, &info), ORF_OK);
    assert_int_equal(info.ntears, 0);
    assert_int_equal(info.iterations, 0);
    assert_int_equal(info.unit_evals, 3);
    ORF_ASSERT_REL(solids(fs, "z"), 100.0, 1e-15);
    orf_flowsheet_free(fs);
    orf_ctx_free(ctx);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(splitter_loop_has_the_analytic_circulating_load),
        cmocka_unit_test(wegstein_and_plain_agree_and_wegstein_is_faster),
        cmocka_unit_test(warm_start_from_a_converged_state_takes_one_iteration),
        cmocka_unit_test(wegstein_converges_on_two_nested_loops),
        cmocka_unit_test(two_loops_in_series_are_two_blocks),
        cmocka_unit_test(loop_without_steady_state_reports_not_converged),
        cmocka_unit_test(slow_loop_with_small_max_iter_is_not_converged),
        cmocka_unit_test(design_spec_meets_an_analytic_target_through_a_loop),
        cmocka_unit_test(design_spec_root_is_solved_to_the_full_tolerance),
        cmocka_unit_test(unreachable_design_spec_is_an_error_and_restores_the_parameter),
        cmocka_unit_test(design_spec_on_an_open_splitter),
        cmocka_unit_test(open_flowsheet_has_no_tears_and_no_iterations),
        cmocka_unit_test(unit_balance_uses_the_reported_tear_stream),
        cmocka_unit_test(high_circulating_load_converges_to_the_feed_tolerance),
        cmocka_unit_test(trace_material_in_a_loop_balances_to_the_tolerance),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
