/* The JSON writer's numbers (src/base/json.c, orf__fmt_g17) are byte for byte printf's "%.17g"
 * (issue 20: the writer no longer calls printf for them): random bit patterns over every exponent,
 * values uniform in log space over the range computed in integers and beyond it, decimal
 * fractions, integers, powers of ten and their neighbours,
 * powers of two and their neighbours. */
#include "orf_test.h"

#include "base/base_impl.h"

#include <float.h>
#include <math.h>
#include <stdint.h>
#include <string.h>

static uint64_t rng = 0x9E3779B97F4A7C15ull;

static uint64_t next(void) /* xorshift64* */
{
    rng ^= rng >> 12;
    rng ^= rng << 25;
    rng ^= rng >> 27;
    return rng * 2685821657736338717ull;
}

static long checked;

static void same_as_printf(double v)
{
    char want[64], got[64];
    snprintf(want, sizeof want, "%.17g", v);
    int n = orf__fmt_g17(got, v);
    if (strcmp(want, got) != 0 || n != (int)strlen(want)) {
        print_error("%a: printf \"%s\", orf__fmt_g17 \"%s\" (%d)\n", v, want, got, n);
        fail();
    }
    checked++;
}

static void both_signs(double v)
{
    same_as_printf(v);
    same_as_printf(-v);
}

static void random_bit_patterns(void **state)
{
    (void)state;
    for (int i = 0; i < 300000; i++) {
        uint64_t b = next();
        double v;
        memcpy(&v, &b, sizeof v);
        if (isfinite(v))
            same_as_printf(v);
    }
}

static void log_uniform_values(void **state)
{
    (void)state;
    for (int i = 0; i < 400000; i++) {
        double u = (double)(next() >> 11) / 9007199254740992.0;
        both_signs(pow(10.0, -20.0 + 46.0 * u));
    }
}

static void decimal_fractions_integers_and_powers_of_ten(void **state)
{
    (void)state;
    for (int i = 0; i <= 100000; i++) {
        both_signs(i / 1000.0);
        both_signs(i * 0.1);
        both_signs((double)i);
        both_signs(i * 1e6 + 0.5);
    }
    for (int k = -25; k <= 25; k++) {
        double p = pow(10.0, k);
        both_signs(p);
        both_signs(nextafter(p, 0));
        both_signs(nextafter(p, INFINITY));
        both_signs(9.9999999999999999 * p);
        both_signs(0.5 * p);
        both_signs(1.5 * p);
    }
    for (int e = -60; e <= 75; e++) {
        both_signs(ldexp(1.0, e));
        both_signs(ldexp(1.0, e) * (1 + DBL_EPSILON));
        both_signs(ldexp(1.0, e) * (1 - DBL_EPSILON / 2));
    }
    both_signs(0.0);
    both_signs(DBL_MIN);
    both_signs(DBL_MAX);
    both_signs(DBL_TRUE_MIN);
    both_signs(1e22);
    both_signs(nextafter(1e22, 0));
    both_signs(1e-16);
    both_signs(nextafter(1e-16, 0));
    assert_true(checked > 1000000);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(random_bit_patterns),
        cmocka_unit_test(log_uniform_values),
        cmocka_unit_test(decimal_fractions_integers_and_powers_of_ten),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
