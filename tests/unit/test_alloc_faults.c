/* Allocation fault injection (STYLE.md "Memory"; Lua's ltests.c, SQLite's fault injection): a
 * counting allocator fails the Nth allocation, for every N a full load + solve + JSON makes, and
 * for every N of a Monte Carlo run (worker threads included), a sensitivity, a reconciliation
 * and a calibration. Each run must end in a clean error (ORF_E_NOMEM) or success, never a crash,
 * must give back every block it took (counted here; ASan checks the same in the sanitizer
 * build), and when it succeeds despite the refusal, give the same numbers as without faults. */
#include "orf_test.h"

#include "oreflow.h"
#include "oreflow/calibrate.h"
#include "oreflow/mc.h"

#include <math.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

/* Thread-safe, as the hook must be (common.h): Monte Carlo workers allocate through it at once. */
typedef struct counter {
    atomic_long calls; /* allocations so far (size > 0) */
    long fail_at;      /* fail this one (1-based); 0 = never */
    atomic_long live;  /* blocks currently held */
    atomic_long failed;
} counter;

static void *counting_alloc(void *ud, void *p, size_t size)
{
    counter *c = ud;
    if (size == 0) {
        if (p) {
            free(p);
            atomic_fetch_sub(&c->live, 1);
        }
        return NULL;
    }
    if (atomic_fetch_add(&c->calls, 1) + 1 == c->fail_at) {
        atomic_fetch_add(&c->failed, 1);
        return NULL;
    }
    void *q = realloc(p, size);
    if (q && !p)
        atomic_fetch_add(&c->live, 1);
    return q;
}

/* Load, solve and write JSON under allocator `c`. Returns the first failing status. */
static orf_status run_once(counter *c, const char *path, const char *text)
{
    orf_ctx *ctx = orf_ctx_alloc_with(counting_alloc, c);
    if (!ctx)
        return ORF_E_NOMEM;
    orf_flowsheet *fs = NULL;
    orf_status st =
        text ? orf_flowsheet_load_string(ctx, path, text, &fs) : orf_flowsheet_load(ctx, path, &fs);
    if (!st) {
        orf_solve_info info;
        st = orf_flowsheet_solve(fs, &info);
        FILE *devnull = fopen("/dev/null", "w");
        assert_non_null(devnull);
        orf_result_write_json(fs, &info, devnull, NULL, NULL);
        orf_result_write_table(fs, &info, devnull);
        orf_ctx_print_diags(ctx, devnull);
        fclose(devnull);
    } else {
        assert_null(fs);
        FILE *devnull = fopen("/dev/null", "w");
        assert_non_null(devnull);
        orf_ctx_print_diags(ctx, devnull); /* diagnostics recorded under pressure print safely */
        fclose(devnull);
    }
    orf_flowsheet_free(fs);
    orf_ctx_free(ctx);
    return st;
}

static void inject(const char *path, const char *text, orf_status expect_ok)
{
    counter c = {0, 0, 0, 0};
    assert_int_equal(run_once(&c, path, text), expect_ok);
    assert_int_equal(atomic_load(&c.live), 0);
    long k = atomic_load(&c.calls);
    assert_true(k > 0);
    for (long n = 1; n <= k; n++) {
        counter f = {0, n, 0, 0};
        orf_status st = run_once(&f, path, text);
        if (atomic_load(&f.live) != 0)
            fail_msg("%s: failing allocation %ld of %ld leaks %ld block(s)", path, n, k,
                     atomic_load(&f.live));
        if (expect_ok == ORF_OK && st != ORF_OK && st != ORF_E_NOMEM)
            fail_msg("%s: failing allocation %ld of %ld gives %s, expected ORF_E_NOMEM", path, n, k,
                     orf_status_name(st));
        if (expect_ok != ORF_OK && st == ORF_OK)
            fail_msg("%s: failing allocation %ld made a bad file load", path, n);
    }
}

static void every_failing_allocation_is_clean_on_the_recycle_example(void **state)
{
    (void)state;
    inject("examples/recycle/scavenger_loop.yaml", NULL, ORF_OK);
}

/* Composite particles, a measured PSD table, a spec, several unit types. */
static const char *RICH =
    "name: rich\n"
    "materials: [chromite, serpentine, olivine]\n"
    "valuable: chromite\n"
    "sizes: {sieves_um: [1000, 500, 250, 125, 63]}\n"
    "composition_classes: {vfrac: [1.0, 0.5, 0.0]}\n"
    "feeds:\n"
    "  f: {solids_tph: 50, pct_solids: 40, mineralogy: {chromite: 30, serpentine: 50, olivine: "
    "20},\n"
    "      psd: {table: [[1000, 100], [500, 70], [125, 30], [63, 15]]},\n"
    "      liberation: [0.8, 0.2, 0.0]}\n"
    "units:\n"
    "  - {name: sump, type: mixer, in: [f, back], out: [a]}\n"
    "  - {name: wa, type: water_addition, in: [a], out: [b], pct_solids: 30}\n"
    "  - {name: sep, type: recovery_separator, in: [b], out: [c, t],\n"
    "     recovery: {chromite: 0.9, serpentine: 0.1}, water_recovery: 0.2}\n"
    "  - {name: split, type: splitter, in: [t], out: [tail, back], fractions: [0.7, 0.3]}\n"
    "  - {name: stock, type: product, in: [c]}\n"
    "specs:\n"
    "  - adjust: {unit: split, param: fractions.0, min: 0.2, max: 0.95}\n"
    "    target: {stream: a, quantity: solids_tph, value: 60}\n";

static void every_failing_allocation_is_clean_on_a_rich_flowsheet(void **state)
{
    (void)state;
    inject("rich.yaml", RICH, ORF_OK);
}

/* A file full of errors: diagnostics themselves allocate. */
static const char *BAD = "name: bad\n"
                         "materials: [chromit, quartz]\n"
                         "feeds:\n"
                         "  f: {solids_tph: -5, mineralogy: {quartz: 100}}\n"
                         "units:\n"
                         "  - {name: s, type: spliter, in: [f], out: [a, b]}\n"
                         "  - {name: m, type: mixer, in: [nowhere], out: [c], colour: red}\n";

static void every_failing_allocation_is_clean_on_a_bad_file(void **state)
{
    (void)state;
    inject("bad.yaml", BAD, ORF_E_INPUT);
}

/* ---- modules: Monte Carlo, sensitivity, reconciliation, calibration ---------------------------
 * An operation runs under allocator `c` and writes the numbers it produced to out[0..*nout). */
#define MAXOUT 4096
typedef orf_status (*op_fn)(counter *c, double *out, size_t *nout);

static void put(double *out, size_t *nout, double v)
{
    assert_true(*nout < MAXOUT);
    out[(*nout)++] = v;
}

static int same(double a, double b)
{
    return a == b || (isnan(a) && isnan(b));
}

/* Fail allocation N for N = 1, 2, ... until a run no longer reaches N. Returns the last N that
 * failed an allocation. */
static long sweep(const char *what, op_fn op)
{
    static double ref[MAXOUT], got[MAXOUT];
    size_t nref = 0;
    counter c = {0, 0, 0, 0};
    assert_int_equal(op(&c, ref, &nref), ORF_OK);
    assert_int_equal(atomic_load(&c.live), 0);
    long k = atomic_load(&c.calls);
    assert_true(k > 0);
    long n;
    for (n = 1;; n++) {
        counter f = {0, n, 0, 0};
        size_t ngot = 0;
        orf_status st = op(&f, got, &ngot);
        if (atomic_load(&f.live) != 0)
            fail_msg("%s: failing allocation %ld of %ld leaks %ld block(s)", what, n, k,
                     atomic_load(&f.live));
        if (atomic_load(&f.failed) == 0) { /* the run ended before allocation n */
            assert_int_equal(st, ORF_OK);
            break;
        }
        if (st != ORF_OK && st != ORF_E_NOMEM)
            fail_msg("%s: failing allocation %ld of %ld gives %s, expected ORF_E_NOMEM", what, n, k,
                     orf_status_name(st));
        if (st == ORF_OK) { /* recovered: then exactly the numbers of the run without faults */
            if (ngot != nref)
                fail_msg("%s: failing allocation %ld: %zu numbers instead of %zu", what, n, ngot,
                         nref);
            for (size_t i = 0; i < nref; i++)
                if (!same(got[i], ref[i]))
                    fail_msg("%s: failing allocation %ld changes number %zu: %.17g instead of "
                             "%.17g",
                             what, n, i, got[i], ref[i]);
        }
        if (n > 4 * k + 100)
            fail_msg("%s: runs keep allocating (%ld, %ld without faults)", what, n, k);
    }
    print_message("%s: allocations 1..%ld failed in turn (%ld without faults)\n", what, n - 1, k);
    return n - 1;
}

#define MC_FILE "examples/chromite/donskoy_tailings.yaml"

static orf_status op_mc(counter *c, double *out, size_t *nout)
{
    orf_ctx *ctx = orf_ctx_alloc_with(counting_alloc, c);
    if (!ctx)
        return ORF_E_NOMEM;
    orf_mc_opts o = {.n = 8, .threads = 2, .seed = 11};
    orf_mc_result r;
    orf_status st = orf_mc_run(ctx, MC_FILE, &o, &r);
    if (st == ORF_OK) {
        put(out, nout, r.base_npv_usd);
        put(out, nout, r.base_irr);
        for (size_t i = 0; i < r.n; i++) {
            put(out, nout, r.npv_usd[i]);
            put(out, nout, r.irr[i]);
            for (size_t j = 0; j < r.k; j++)
                put(out, nout, r.x[i * r.k + j]);
        }
        put(out, nout, (double)r.failed);
        put(out, nout, (double)r.solves);
        put(out, nout, r.npv_p10);
        put(out, nout, r.npv_p50);
        put(out, nout, r.npv_p90);
        put(out, nout, r.prob_loss);
        for (size_t b = 0; b < r.hist_bins; b++)
            put(out, nout, (double)r.hist[b]);
        orf_mc_result_fini(&r);
    }
    orf_ctx_free(ctx);
    return st;
}

static orf_status op_sensitivity(counter *c, double *out, size_t *nout)
{
    orf_ctx *ctx = orf_ctx_alloc_with(counting_alloc, c);
    if (!ctx)
        return ORF_E_NOMEM;
    orf_sens_result r;
    orf_status st = orf_sensitivity_run(ctx, MC_FILE, &r);
    if (st == ORF_OK) {
        put(out, nout, r.base_npv_usd);
        for (size_t i = 0; i < r.nrows; i++) {
            put(out, nout, r.rows[i].npv_low_usd);
            put(out, nout, r.rows[i].npv_high_usd);
        }
        orf_sens_result_fini(&r);
    }
    orf_ctx_free(ctx);
    return st;
}

/* Reconcile the recycle example's survey; with `fit`, calibrate three parameters as well. */
static orf_status plant(counter *c, int fit, double *out, size_t *nout)
{
    orf_ctx *ctx = orf_ctx_alloc_with(counting_alloc, c);
    if (!ctx)
        return ORF_E_NOMEM;
    orf_flowsheet *fs = NULL;
    orf_plant_data *pd = NULL;
    orf_status st = orf_flowsheet_load(ctx, "examples/recycle/scavenger_loop.yaml", &fs);
    if (!st)
        st = orf_flowsheet_solve(fs, NULL);
    if (!st)
        st = orf_plant_data_load(ctx, fs, "examples/recycle/scavenger_loop_measured.yaml", &pd);
    orf_recon_info info;
    if (!st)
        st = orf_plant_reconcile(ctx, pd, NULL, &info);
    if (!st && !fit) {
        put(out, nout, info.chi2);
        put(out, nout, (double)info.iterations);
        const orf_recon *r = orf_plant_recon(pd);
        for (size_t i = 0; i < orf_recon_meas_count(r); i++) {
            orf_recon_meas_result m;
            assert_int_equal(orf_recon_meas_get(r, i, &m), ORF_OK);
            put(out, nout, m.reconciled);
            put(out, nout, m.sd_reconciled);
            put(out, nout, m.mt);
        }
        double v = 0, sd = 0;
        int obs = 0;
        st = orf_plant_estimate(pd, "final_tailings", "solids_tph", &v, &sd, &obs);
        put(out, nout, v);
        put(out, nout, sd);
        put(out, nout, obs);
    }
    if (!st && fit) {
        orf_calib_param p[3] = {{.unit = "rougher", .param = "recovery.chromite"},
                                {.unit = "scavenger", .param = "recovery.chromite"},
                                {.unit = "rougher", .param = "water_recovery"}};
        orf_calib_info ci;
        st = orf_plant_calibrate(ctx, pd, 3, p, &ci);
        if (!st) {
            put(out, nout, ci.chi2);
            put(out, nout, ci.iterations);
            for (int k = 0; k < 3; k++) {
                put(out, nout, p[k].value);
                put(out, nout, p[k].sd);
            }
        }
    }
    orf_plant_data_free(pd);
    orf_flowsheet_free(fs);
    orf_ctx_free(ctx);
    return st;
}

static orf_status op_reconcile(counter *c, double *out, size_t *nout)
{
    return plant(c, 0, out, nout);
}

static orf_status op_calibrate(counter *c, double *out, size_t *nout)
{
    return plant(c, 1, out, nout);
}

static void every_failing_allocation_is_clean_in_a_monte_carlo_run(void **state)
{
    (void)state;
    sweep("monte carlo", op_mc);
}

static void every_failing_allocation_is_clean_in_a_sensitivity(void **state)
{
    (void)state;
    sweep("sensitivity", op_sensitivity);
}

static void every_failing_allocation_is_clean_in_a_reconciliation(void **state)
{
    (void)state;
    sweep("reconciliation", op_reconcile);
}

static void every_failing_allocation_is_clean_in_a_calibration(void **state)
{
    (void)state;
    sweep("calibration", op_calibrate);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(every_failing_allocation_is_clean_on_the_recycle_example),
        cmocka_unit_test(every_failing_allocation_is_clean_on_a_rich_flowsheet),
        cmocka_unit_test(every_failing_allocation_is_clean_on_a_bad_file),
        cmocka_unit_test(every_failing_allocation_is_clean_in_a_monte_carlo_run),
        cmocka_unit_test(every_failing_allocation_is_clean_in_a_sensitivity),
        cmocka_unit_test(every_failing_allocation_is_clean_in_a_reconciliation),
        cmocka_unit_test(every_failing_allocation_is_clean_in_a_calibration),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
