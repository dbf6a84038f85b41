/* Allocation fault injection (STYLE.md "Memory"; Lua's ltests.c, SQLite's fault injection): a
 * counting allocator fails the Nth allocation, for every N a full load + solve + JSON makes. Each
 * run must end in a clean error (ORF_E_NOMEM) or success, never a crash, and must give back every
 * block it took (counted here; ASan checks the same in the sanitizer build). */
#include "orf_test.h"

#include "oreflow.h"

#include <stdlib.h>
#include <string.h>

typedef struct counter {
    long calls;   /* allocations so far (size > 0) */
    long fail_at; /* fail this one (1-based); 0 = never */
    long live;    /* blocks currently held */
    long failed;
} counter;

static void *counting_alloc(void *ud, void *p, size_t size)
{
    counter *c = ud;
    if (size == 0) {
        if (p) {
            free(p);
            c->live--;
        }
        return NULL;
    }
    c->calls++;
    if (c->calls == c->fail_at) {
        c->failed++;
        return NULL;
    }
    void *q = realloc(p, size);
    if (q && !p)
        c->live++;
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
    assert_int_equal(c.live, 0);
    long k = c.calls;
    assert_true(k > 0);
    for (long n = 1; n <= k; n++) {
        counter f = {0, n, 0, 0};
        orf_status st = run_once(&f, path, text);
        if (f.live != 0)
            fail_msg("%s: failing allocation %ld of %ld leaks %ld block(s)", path, n, k, f.live);
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

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(every_failing_allocation_is_clean_on_the_recycle_example),
        cmocka_unit_test(every_failing_allocation_is_clean_on_a_rich_flowsheet),
        cmocka_unit_test(every_failing_allocation_is_clean_on_a_bad_file),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
