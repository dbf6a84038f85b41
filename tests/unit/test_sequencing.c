/* Nested-loop sequencing (src/core/plan_nest.c) against a hand computation and against the flat
 * sequencing on every example.
 *
 * Two nested loops of mixers and fixed-fraction splitters: feed F enters mixer A, whose outlet
 * goes through mixer B to splitter S1 that returns the fraction r1 to B (the inner loop) and
 * passes the rest to splitter S2, which returns r2 to A (the outer loop). A balance around each
 * loop (Wills & Finch 2016, "Mineral Processing Technology", 8th ed., §3, circulating load):
 * S1 passes what A sends, so A carries F / (1 − r2), the outer recycle is r2·F / (1 − r2), B
 * carries F / ((1 − r1)(1 − r2)) and the inner recycle r1 times that.
 *
 * Every example: the answers of the two sequencings, and of the accelerators (Wegstein, Anderson,
 * auto: src/core/tear_accel.c), agree. Both stop when every tear's residual
 * (the mass a tear creates or destroys, relative to the smaller of its flow and the loop's feed)
 * is below tol; a stream then lies within about tol / (1 − ρ) of the fixed point, with ρ < 1 the
 * loop's gain, so two sequencings differ by a small multiple of tol. The test allows
 * SEQ_RTOL = 1e-8 relative to each stream's flow (10⁴ × the default tol of 1e-12, room for loops
 * of gain up to 0.9999) and the same for unit results (with an absolute floor of 1e-9 for those
 * that are zero up to round-off, like a balance error: RESULT_FLOOR), and 1e-5 for design-spec
 * values, whose own tolerance is 1e-6 of the target. */
#include "example_list.h"
#include "orf_test.h"

#include "core/flowsheet_impl.h"
#include "oreflow.h"

#include <dirent.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define SEQ_RTOL 1e-8
/* absolute, in a result's own unit; SEQ_RTOL × it is 1e-9: duties and heat surpluses that are zero
 * up to the round-off of enthalpy flows of 1e5-1e6 kW (1e-10 kW) have no scale of their own */
#define RESULT_FLOOR 0.1
#define SPEC_RTOL 1e-5 /* 10 × a design spec's target tolerance (solver.c, spec_holds) */

static orf_flowsheet *load(orf_ctx *ctx, const char *yaml)
{
    orf_flowsheet *fs = NULL;
    orf_status st = orf_flowsheet_load_string(ctx, "test.yaml", yaml, &fs);
    if (st)
        orf_ctx_print_diags(ctx, stderr);
    assert_int_equal(st, ORF_OK);
    return fs;
}

static double solids(const orf_flowsheet *fs, const char *stream)
{
    int i = orf_flowsheet_stream_index(fs, stream);
    assert_true(i >= 0);
    return orf_stream_solids_tph(orf_flowsheet_stream(fs, (size_t)i));
}

#define NESTED_HEAD                                                                                \
    "name: nested loops\n"                                                                         \
    "materials: [quartz]\n"                                                                        \
    "feeds:\n"                                                                                     \
    "  feed: {solids_tph: 100, pct_solids: 50, mineralogy: {quartz: 100}}\n"                       \
    "units:\n"                                                                                     \
    "  - {name: A, type: mixer, in: [feed, outer], out: [a_out]}\n"                                \
    "  - {name: B, type: mixer, in: [a_out, inner], out: [b_out]}\n"                               \
    "  - {name: S1, type: splitter, in: [b_out], out: [pass, inner], fractions: [0.4, 0.6]}\n"     \
    "  - {name: S2, type: splitter, in: [pass], out: [product, outer], fractions: [0.5, 0.5]}\n"   \
    "  - {name: stock, type: product, in: [product]}\n"

static void nested_loops_carry_the_hand_computed_loads(void **state)
{
    (void)state;
    static const char *const yaml[] = {
        NESTED_HEAD "solver: {tol: 1.0e-12, sequencing: nested}\n",
        NESTED_HEAD "solver: {tol: 1.0e-12}\n",
        NESTED_HEAD "solver: {tol: 1.0e-12, method: plain, sequencing: nested}\n"};
    const double F = 100, r1 = 0.6, r2 = 0.5;
    int evals[3];
    for (int v = 0; v < 3; v++) {
        orf_ctx *ctx = orf_ctx_alloc();
        orf_flowsheet *fs = load(ctx, yaml[v]);
        orf_solve_info info;
        assert_int_equal(orf_flowsheet_solve(fs, &info), ORF_OK);
        evals[v] = info.unit_evals;
        ORF_ASSERT_REL(solids(fs, "a_out"), F / (1 - r2), 1e-10);
        ORF_ASSERT_REL(solids(fs, "outer"), r2 * F / (1 - r2), 1e-10);
        ORF_ASSERT_REL(solids(fs, "b_out"), F / ((1 - r1) * (1 - r2)), 1e-10);
        ORF_ASSERT_REL(solids(fs, "inner"), r1 * F / ((1 - r1) * (1 - r2)), 1e-10);
        ORF_ASSERT_REL(solids(fs, "product"), F, 1e-10);
        /* the plan: one block, an outer loop torn at `outer` holding one loop torn at `inner` */
        assert_int_equal(orf_flowsheet_tear_count(fs), 2);
        const orf__block *b = NULL;
        for (size_t i = 0; i < fs->nblocks; i++)
            if (fs->blocks[i].is_loop)
                b = &fs->blocks[i];
        assert_non_null(b);
        assert_true(b->loop >= 0);
        const orf__loop *L = &fs->loops[b->loop];
        assert_int_equal(L->n, 4);
        assert_int_equal(L->nt, 1);
        assert_string_equal(fs->streams[fs->tears[fs->ltears[L->tfirst]]].name, "outer");
        assert_int_equal(L->nc, 1);
        const orf__loop *in = &fs->loops[L->cfirst];
        assert_int_equal(in->n, 2);
        assert_int_equal(in->nt, 1);
        assert_string_equal(fs->streams[fs->tears[fs->ltears[in->tfirst]]].name, "inner");
        assert_string_equal(fs->units[fs->norder[L->first]].name, "A");
        assert_string_equal(fs->units[fs->norder[in->first]].name, "B");
        orf_flowsheet_free(fs);
        orf_ctx_free(ctx);
    }
    assert_true(evals[0] > 0 && evals[1] > 0 && evals[2] > 0);
}

/* An unknown sequencing is a located error naming the choices. */
static void unknown_sequencing_is_a_located_error(void **state)
{
    (void)state;
    orf_ctx *ctx = orf_ctx_alloc();
    orf_flowsheet *fs = NULL;
    orf_status st = orf_flowsheet_load_string(ctx, "test.yaml",
                                              NESTED_HEAD "solver: {sequencing: nestd}\n", &fs);
    assert_int_not_equal(st, ORF_OK);
    assert_null(fs);
    const orf_diag *d = orf_ctx_diag_get(ctx, 0);
    assert_non_null(d);
    assert_non_null(strstr(d->message, "expected nested, flat or auto"));
    assert_int_equal(d->loc.line, 11);
    orf_ctx_free(ctx);
}

/* The nested solve allocates nothing either (its workspace is planned at load): the examples
 * with nested loops, cold and warm, under an allocator that counts. */
typedef struct counter {
    long calls;
} counter;

static void *counting_alloc(void *ud, void *p, size_t size)
{
    counter *c = ud;
    if (size == 0) {
        free(p);
        return NULL;
    }
    c->calls++;
    return realloc(p, size);
}

static void nested_solve_allocates_nothing(void **state)
{
    (void)state;
    static const char *const paths[] = {"examples/copper/ore_to_cathode.yaml",
                                        "examples/tungsten/chain.yaml", "examples/iron/hbi.yaml"};
    for (size_t i = 0; i < sizeof paths / sizeof *paths; i++) {
        counter c = {0};
        orf_ctx *ctx = orf_ctx_alloc_with(counting_alloc, &c);
        orf_flowsheet *fs = NULL;
        assert_int_equal(orf_flowsheet_load(ctx, paths[i], &fs), ORF_OK);
        orf_solver_opts o = orf_flowsheet_solver_opts(fs);
        o.sequencing = ORF_SEQ_NESTED;
        orf_flowsheet_set_solver_opts(fs, &o);
        size_t nested = 0;
        for (size_t b = 0; b < fs->nblocks; b++)
            nested += fs->blocks[b].loop >= 0 && fs->loops[fs->blocks[b].loop].nc > 0;
        assert_true(nested > 0); /* the example does have loops inside loops */
        long after_load = c.calls;
        orf_solve_info info;
        assert_int_equal(orf_flowsheet_solve(fs, &info), ORF_OK);
        assert_true(info.converged);
        assert_int_equal(c.calls, after_load);
        assert_int_equal(orf_flowsheet_solve(fs, &info), ORF_OK);
        assert_int_equal(c.calls, after_load);
        orf_flowsheet_free(fs);
        orf_ctx_free(ctx);
    }
}

/* ---- every example -------------------------------------------------------------------------- */

static orf_test_examples ex;

/* seq/accel < 0: the file's (the defaults where it says nothing) */
static orf_flowsheet *solve_example(orf_ctx *ctx, const char *path, int seq, int accel,
                                    orf_solve_info *info)
{
    orf_flowsheet *fs = NULL;
    if (orf_flowsheet_load(ctx, path, &fs))
        return NULL; /* not a flowsheet (a plant survey) */
    orf_solver_opts o = orf_flowsheet_solver_opts(fs);
    if (seq >= 0)
        o.sequencing = (orf_sequencing)seq;
    if (accel >= 0)
        o.accel = (orf_accel)accel;
    orf_flowsheet_set_solver_opts(fs, &o);
    orf_status st = orf_flowsheet_solve(fs, info);
    if (st && st != ORF_E_SPEC) {
        orf_ctx_print_diags(ctx, stderr);
        fail_msg("%s does not solve", path);
    }
    return fs;
}

/* a against b: streams, unit results and spec values; the largest differences into worst[0..2) */
static void compare(const char *path, const orf_flowsheet *a, const orf_solve_info *ia,
                    const orf_flowsheet *b, const orf_solve_info *ib, double *worst)
{
    assert_int_equal(ia->converged, ib->converged);
    assert_int_equal(ia->specs_met, ib->specs_met);
    const orf_system *y = orf_flowsheet_system(a);
    size_t nflow = y->npart + y->nm;
    for (size_t s = 0; s < orf_flowsheet_stream_count(a); s++) {
        const double *xa = orf_flowsheet_stream(a, s)->x;
        const double *xb = orf_flowsheet_stream(b, s)->x;
        double d = 0, t = 0;
        for (size_t j = 0; j < nflow; j++) {
            d += fabs(xa[j] - xb[j]);
            t += fabs(xa[j]) + fabs(xb[j]);
        }
        double r = t > 0 ? d / t : 0;
        double rt = fabs(xa[nflow] - xb[nflow]) / (fabs(xa[nflow]) + 273.15);
        r = r > rt ? r : rt;
        if (r > worst[0])
            worst[0] = r;
        if (r > SEQ_RTOL)
            fail_msg("%s: stream '%s' differs by %.3g relative", path,
                     orf_flowsheet_stream(a, s)->name, r);
    }
    for (size_t u = 0; u < orf_flowsheet_unit_count(a); u++) {
        const orf_unit *ua = orf_flowsheet_unit(a, u), *ub = orf_flowsheet_unit(b, u);
        for (size_t k = 0; k < ua->type->nresults; k++) {
            double p = ua->r[k], q = ub->r[k];
            if (!isfinite(p) && !isfinite(q))
                continue;
            /* results that are zero up to round-off (a balance error) have no scale */
            double r = fabs(p - q) / (fabs(p) + fabs(q) + RESULT_FLOOR);
            if (r > worst[1])
                worst[1] = r;
            if (r > SEQ_RTOL)
                fail_msg("%s: unit '%s' result %s differs: %.17g and %.17g", path, ua->name,
                         ua->type->results[k].name, p, q);
        }
    }
    for (size_t k = 0; k < orf_flowsheet_spec_count(a); k++)
        ORF_ASSERT_REL(orf_flowsheet_spec(a, k)->value, orf_flowsheet_spec(b, k)->value, SPEC_RTOL);
}

/* Every example under the solver before issue 20 (flat + Wegstein) as the reference, against the
 * nested sequencing with Wegstein, the defaults (sequencing and method auto) and flat + Anderson
 * (src/core/tear_accel.c). */
static void every_example_agrees_under_every_sequencing_and_method(void **state)
{
    (void)state;
    static const int variants[][2] = {
        {ORF_SEQ_NESTED, ORF_ACCEL_WEGSTEIN}, {-1, -1}, {ORF_SEQ_FLAT, ORF_ACCEL_ANDERSON}};
    static const char *const names[] = {"nested + Wegstein", "defaults", "flat + Anderson"};
    size_t compared = 0;
    double worst[3][2] = {{0}};
    long evals_ref = 0, evals[3] = {0};
    for (size_t i = 0; i < ex.n; i++) {
        orf_ctx *cb = orf_ctx_alloc();
        orf_solve_info ib;
        orf_flowsheet *b = solve_example(cb, ex.path[i], ORF_SEQ_FLAT, ORF_ACCEL_WEGSTEIN, &ib);
        if (b) {
            compared++;
            evals_ref += ib.unit_evals;
            for (int v = 0; v < 3; v++) {
                orf_ctx *ca = orf_ctx_alloc();
                orf_solve_info ia;
                orf_flowsheet *a =
                    solve_example(ca, ex.path[i], variants[v][0], variants[v][1], &ia);
                assert_non_null(a);
                evals[v] += ia.unit_evals;
                compare(ex.path[i], a, &ia, b, &ib, worst[v]);
                orf_flowsheet_free(a);
                orf_ctx_free(ca);
            }
        }
        orf_flowsheet_free(b);
        orf_ctx_free(cb);
    }
    fprintf(stderr, "%zu examples; flat + Wegstein: %ld unit evaluations\n", compared, evals_ref);
    for (int v = 0; v < 3; v++)
        fprintf(stderr,
                "  %-17s %ld unit evaluations; largest relative difference %.3g in a stream, "
                "%.3g in a unit result\n",
                names[v], evals[v], worst[v][0], worst[v][1]);
    assert_true(compared >= 10);
}

static int setup(void **state)
{
    (void)state;
    orf_test_examples_collect(&ex, "examples");
    return ex.n > 0 ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    orf_test_examples_free(&ex);
    return 0;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(nested_loops_carry_the_hand_computed_loads),
        cmocka_unit_test(unknown_sequencing_is_a_located_error),
        cmocka_unit_test(nested_solve_allocates_nothing),
        cmocka_unit_test(every_example_agrees_under_every_sequencing_and_method),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
