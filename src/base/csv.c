/* CSV cells, the one writer of every CSV file (results, sizes, economics, Monte Carlo,
 * reconciliation). A text cell is quoted as RFC 4180 asks (comma, quote, line break); a text cell
 * that a spreadsheet would run as a formula — one beginning with '=', '+', '-', '@', a tab or a
 * carriage return — is written with a leading single quote, so it shows as the text it is
 * (OWASP, "CSV Injection"); a lone "-" (dimensionless) is no formula and stays. Numbers are written
 * as numbers, negative ones included; a number that does not exist (NaN, infinite) is an empty
 * cell. */
#include "base_impl.h"

#include <math.h>
#include <string.h>

void orf_csv_text(FILE *fp, const char *s)
{
    if (!s)
        return;
    /* a lone '-' (dimensionless, "not applicable") runs nothing and stays as it is */
    int formula = s[0] && strchr("=+-@\t\r", s[0]) != NULL && strcmp(s, "-") != 0;
    int quote = formula || strpbrk(s, ",\"\n\r") != NULL;
    if (quote)
        fputc('"', fp);
    if (formula)
        fputc('\'', fp);
    for (; *s; s++) {
        if (*s == '"')
            fputc('"', fp);
        fputc(*s, fp);
    }
    if (quote)
        fputc('"', fp);
}

void orf_csv_number(FILE *fp, double v, int digits)
{
    if (isfinite(v))
        fprintf(fp, "%.*g", digits, v);
}
