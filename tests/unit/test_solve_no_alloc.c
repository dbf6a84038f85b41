/* The solver's iteration loop allocates nothing (STYLE.md "Memory"; GSL's design rule): after a
 * flowsheet is loaded, solving it — recycle iterations, design specs, every unit's compute — makes
 * no allocation through the context's allocator, cold or warm. Checked on every flowsheet example.
 */
#include "orf_test.h"

#include "oreflow.h"

#include <stdlib.h>

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

static void solve_allocates_nothing(const char *path)
{
    counter c = {0};
    orf_ctx *ctx = orf_ctx_alloc_with(counting_alloc, &c);
    assert_non_null(ctx);
    orf_flowsheet *fs = NULL;
    assert_int_equal(orf_flowsheet_load(ctx, path, &fs), ORF_OK);
    long after_load = c.calls;
    orf_solve_info info;
    assert_int_equal(orf_flowsheet_solve(fs, &info), ORF_OK); /* cold */
    assert_true(info.converged);
    if (c.calls != after_load)
        print_error("%s: the cold solve made %ld allocations\n", path, c.calls - after_load);
    assert_int_equal(c.calls, after_load);
    assert_int_equal(orf_flowsheet_solve(fs, &info), ORF_OK); /* warm */
    assert_int_equal(c.calls, after_load);
    orf_flowsheet_free(fs);
    orf_ctx_free(ctx);
}

static void scavenger_loop(void **state)
{
    (void)state;
    solve_allocates_nothing("examples/recycle/scavenger_loop.yaml");
}
static void grinding_loop(void **state)
{
    (void)state;
    solve_allocates_nothing("examples/recycle/grinding_loop.yaml");
}
static void donskoy_concentrator_with_spec(void **state)
{
    (void)state;
    solve_allocates_nothing("examples/chromite/donskoy_tailings.yaml");
}
static void chromite_chain_with_three_specs(void **state)
{
    (void)state;
    solve_allocates_nothing("examples/chromite/chain.yaml");
}
static void copper_chain(void **state)
{
    (void)state;
    solve_allocates_nothing("examples/copper/matte_smelting.yaml");
}
static void copper_ore_to_cathode(void **state)
{
    (void)state;
    solve_allocates_nothing("examples/copper/ore_to_cathode.yaml");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(scavenger_loop),
        cmocka_unit_test(grinding_loop),
        cmocka_unit_test(donskoy_concentrator_with_spec),
        cmocka_unit_test(chromite_chain_with_three_specs),
        cmocka_unit_test(copper_chain),
        cmocka_unit_test(copper_ore_to_cathode),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
