/* Test helpers shared by the cmocka programs.
 * ORF_ASSERT_REL: |actual - expected| <= rtol * max(|expected|, tiny) — cmocka 1.1's float
 * assert casts to float and is useless at 1e-9 (GSL's gsl_test_rel is the model). */
#ifndef ORF_TEST_H
#define ORF_TEST_H
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <cmocka.h>

static inline void orf_test_rel(double actual, double expected, double rtol, const char *expr,
                                const char *file, int line)
{
    double scale = fabs(expected) > 1e-300 ? fabs(expected) : 1.0;
    double err = fabs(actual - expected) / scale;
    if (!(err <= rtol)) {
        print_error("%s:%d: %s = %.17g, expected %.17g (relative error %.3g > %.3g)\n", file, line,
                    expr, actual, expected, err, rtol);
        _fail(file, line);
    }
}
static inline void orf_test_abs(double actual, double expected, double atol, const char *expr,
                                const char *file, int line)
{
    double err = fabs(actual - expected);
    if (!(err <= atol)) {
        print_error("%s:%d: %s = %.17g, expected %.17g (absolute error %.3g > %.3g)\n", file, line,
                    expr, actual, expected, err, atol);
        _fail(file, line);
    }
}
#define ORF_ASSERT_REL(actual, expected, rtol)                                                     \
    orf_test_rel((actual), (expected), (rtol), #actual, __FILE__, __LINE__)
#define ORF_ASSERT_ABS(actual, expected, atol)                                                     \
    orf_test_abs((actual), (expected), (atol), #actual, __FILE__, __LINE__)
#endif
