/* The one CSV cell writer (orf_csv_text, orf_csv_number): RFC 4180 quoting, and text that a
 * spreadsheet would run as a formula ('=', '+', '-', '@', tab, CR first: OWASP "CSV Injection")
 * written as text with a leading single quote; numbers, negative ones included, stay numbers. */
#include "orf_test.h"

#include "oreflow.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* what the writer makes of one text cell (t != NULL) or one number */
static char *cell(const char *t, double v, int digits)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *fp = open_memstream(&buf, &len);
    assert_non_null(fp);
    if (t)
        orf_csv_text(fp, t);
    else
        orf_csv_number(fp, v, digits);
    assert_int_equal(fclose(fp), 0);
    return buf;
}

static void expect_text(const char *in, const char *want)
{
    char *got = cell(in, 0, 0);
    assert_string_equal(got, want);
    free(got);
}

static void expect_number(double v, int digits, const char *want)
{
    char *got = cell(NULL, v, digits);
    assert_string_equal(got, want);
    free(got);
}

static void formula_text_is_written_as_text(void **state)
{
    (void)state;
    expect_text("=HYPERLINK(\"http://evil.example\",\"x\")",
                "\"'=HYPERLINK(\"\"http://evil.example\"\",\"\"x\"\")\"");
    expect_text("=1+2", "\"'=1+2\"");
    expect_text("+cmd", "\"'+cmd\"");
    expect_text("-tails", "\"'-tails\"");
    expect_text("@SUM(A1)", "\"'@SUM(A1)\"");
    expect_text("\tx", "\"'\tx\"");
    expect_text("\rx", "\"'\rx\"");
}

static void plain_text_is_plain_and_rfc4180_quoted(void **state)
{
    (void)state;
    expect_text("concentrate", "concentrate");
    expect_text("a-b=c", "a-b=c"); /* only the first character makes a formula */
    expect_text("a,b", "\"a,b\"");
    expect_text("say \"hi\"", "\"say \"\"hi\"\"\"");
    expect_text("two\nlines", "\"two\nlines\"");
    expect_text("", "");
    expect_text("-", "-"); /* dimensionless: no formula */
    char *got = NULL;
    size_t len = 0;
    FILE *fp = open_memstream(&got, &len);
    orf_csv_text(fp, NULL);
    fclose(fp);
    assert_string_equal(got, "");
    free(got);
}

static void numbers_stay_numbers(void **state)
{
    (void)state;
    expect_number(-1250000.5, 17, "-1250000.5");
    expect_number(-0.25, 10, "-0.25");
    expect_number(353.55339059327378, 6, "353.553");
    expect_number(1e-300, 10, "1e-300");
    expect_number(NAN, 10, "");
    expect_number(-INFINITY, 17, "");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(formula_text_is_written_as_text),
        cmocka_unit_test(plain_text_is_plain_and_rfc4180_quoted),
        cmocka_unit_test(numbers_stay_numbers),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
