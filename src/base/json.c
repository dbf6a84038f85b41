/* Streaming JSON writer: RFC 8259 escaping, round-trip numbers (%.17g), NaN/inf as null. */
#include "base_impl.h"

#include <math.h>
#include <stdint.h>
#include <string.h>

/* %.17g without printf (issue 20: printf's exact decimal conversion was half the time of writing
 * a small run's JSON). v = m 2^e (m < 2^53); its 17 significant digits are N = round(v 10^p),
 * p = 16 - k with 10^k <= v < 10^(k+1), computed exactly in 128-bit integers (m 5^p shifted, or m
 * 2^s divided by 5^-p) and rounded half to even on the exact remainder, as glibc's printf rounds
 * in the default rounding mode; then laid out as %g does (%f style for -4 <= k < 17, else %e;
 * trailing zeros and a bare point dropped). Values the integers cannot hold exactly (|v| below
 * about 1e-16 or above about 1e22, subnormals) go to snprintf. tests/unit/test_json_number.c
 * compares it with snprintf on millions of values. */
__extension__ typedef unsigned __int128 u128;

static const uint64_t pow5[28] = {1ull,
                                  5ull,
                                  25ull,
                                  125ull,
                                  625ull,
                                  3125ull,
                                  15625ull,
                                  78125ull,
                                  390625ull,
                                  1953125ull,
                                  9765625ull,
                                  48828125ull,
                                  244140625ull,
                                  1220703125ull,
                                  6103515625ull,
                                  30517578125ull,
                                  152587890625ull,
                                  762939453125ull,
                                  3814697265625ull,
                                  19073486328125ull,
                                  95367431640625ull,
                                  476837158203125ull,
                                  2384185791015625ull,
                                  11920928955078125ull,
                                  59604644775390625ull,
                                  298023223876953125ull,
                                  1490116119384765625ull,
                                  7450580596923828125ull};

static int bits128(u128 x)
{
    int n = 0;
    while (x) {
        x >>= 1;
        n++;
    }
    return n;
}

/* round(m 2^e 10^p), half to even, into *n; 0, or -1 when out of the exact range */
static int scaled(uint64_t m, int e, int p, u128 *n)
{
    if (p > 27 || p < -27)
        return -1;
    if (p >= 0) {
        u128 num = (u128)m * pow5[p];
        int s = e + p;
        if (s >= 0) {
            if (s > 127 - bits128(num))
                return -1;
            *n = num << s;
            return 0;
        }
        int sh = -s;
        if (sh > 126)
            return -1;
        u128 q = num >> sh, r = num - (q << sh), half = (u128)1 << (sh - 1);
        *n = q + (r > half || (r == half && (q & 1)));
        return 0;
    }
    u128 d = pow5[-p], num;
    int s = e + p;
    if (s >= 0) {
        if (s > 127 - 53)
            return -1;
        num = (u128)m << s;
    } else {
        if (-s > 127 - bits128(d))
            return -1;
        num = m;
        d <<= -s;
    }
    u128 q = num / d, r = num - q * d;
    *n = q + (2 * r > d || (2 * r == d && (q & 1)));
    return 0;
}

int orf__fmt_g17(char *buf, double v)
{
    double a = fabs(v);
    if (!(a >= 1e-16 && a < 1e22)) /* 0, tiny, huge, inf, nan */
        return snprintf(buf, 40, "%.17g", v);
    int ex;
    double f = frexp(a, &ex); /* a = f 2^ex, 0.5 <= f < 1 */
    uint64_t m = (uint64_t)ldexp(f, 53);
    int e = ex - 53;
    int k = (int)floor(log10(a));
    const u128 lo = (u128)10000000000000000ull, hi = lo * 10;
    u128 n = 0;
    for (int tries = 0;; tries++) {
        if (tries > 3 || scaled(m, e, 16 - k, &n))
            return snprintf(buf, 40, "%.17g", v);
        if (n >= hi)
            k++;
        else if (n < lo)
            k--;
        else
            break;
    }
    u128 n1;
    if (n == lo && !scaled(m, e, 17 - k, &n1) && n1 < hi) { /* v 10^p < 10^16, rounded up to it */
        n = n1;
        k--;
    }
    char d[17];
    uint64_t n64 = (uint64_t)n; /* < 10^17 < 2^64: 64-bit divisions from here */
    for (int i = 16; i >= 0; i--) {
        d[i] = (char)('0' + (int)(n64 % 10));
        n64 /= 10;
    }
    int nd = 17; /* significant digits after dropping trailing zeros */
    while (nd > 1 && d[nd - 1] == '0')
        nd--;
    char *o = buf;
    if (v < 0)
        *o++ = '-';
    if (k < -4 || k >= 17) {
        *o++ = d[0];
        if (nd > 1) {
            *o++ = '.';
            memcpy(o, d + 1, (size_t)nd - 1);
            o += nd - 1;
        }
        *o++ = 'e';
        *o++ = k < 0 ? '-' : '+';
        int x = k < 0 ? -k : k;
        if (x >= 100)
            *o++ = (char)('0' + x / 100);
        *o++ = (char)('0' + x / 10 % 10);
        *o++ = (char)('0' + x % 10);
    } else if (k >= 0) {
        memcpy(o, d, (size_t)k + 1);
        o += k + 1;
        if (nd > k + 1) {
            *o++ = '.';
            memcpy(o, d + k + 1, (size_t)(nd - k - 1));
            o += nd - k - 1;
        }
    } else {
        *o++ = '0';
        *o++ = '.';
        for (int i = 0; i < -k - 1; i++)
            *o++ = '0';
        memcpy(o, d, (size_t)nd);
        o += nd;
    }
    *o = '\0';
    return (int)(o - buf);
}

void orf_json_init(orf_json *j, FILE *fp, int pretty)
{
    memset(j, 0, sizeof *j);
    j->fp = fp;
    j->pretty = pretty;
    j->first[0] = 1;
}

static void indent(orf_json *j)
{
    if (!j->pretty)
        return;
    /* a new line and two spaces a level, in one write (depth is at most 63) */
    static const char spaces[] =
        "\n                                                                "
        "                                                              ";
    _Static_assert(sizeof spaces >= 1 + 2 * 63 + 1, "one new line and 63 levels");
    fwrite(spaces, 1, 1 + 2 * (size_t)j->depth, j->fp);
}

static void before_value(orf_json *j)
{
    if (j->after_key) {
        j->after_key = 0;
        return;
    }
    if (j->depth > 0) {
        if (!j->first[j->depth])
            fputc(',', j->fp);
        j->first[j->depth] = 0;
        indent(j);
    }
}

static void open(orf_json *j, char c)
{
    before_value(j);
    fputc(c, j->fp);
    if (j->depth < 63)
        j->depth++;
    j->first[j->depth] = 1;
}

static void close_(orf_json *j, char c)
{
    int empty = j->first[j->depth];
    if (j->depth > 0)
        j->depth--;
    if (!empty)
        indent(j);
    fputc(c, j->fp);
}

void orf_json_begin_object(orf_json *j)
{
    open(j, '{');
}
void orf_json_end_object(orf_json *j)
{
    close_(j, '}');
}
void orf_json_begin_array(orf_json *j)
{
    open(j, '[');
}
void orf_json_end_array(orf_json *j)
{
    close_(j, ']');
}

static void put_string(FILE *fp, const char *s)
{
    fputc('"', fp);
    for (const unsigned char *p = (const unsigned char *)(s ? s : ""); *p; p++) {
        switch (*p) {
        case '"':
            fputs("\\\"", fp);
            break;
        case '\\':
            fputs("\\\\", fp);
            break;
        case '\n':
            fputs("\\n", fp);
            break;
        case '\r':
            fputs("\\r", fp);
            break;
        case '\t':
            fputs("\\t", fp);
            break;
        default:
            if (*p < 0x20)
                fprintf(fp, "\\u%04x", *p);
            else
                fputc(*p, fp);
        }
    }
    fputc('"', fp);
}

void orf_json_key(orf_json *j, const char *key)
{
    before_value(j);
    put_string(j->fp, key);
    fputs(j->pretty ? ": " : ":", j->fp);
    j->after_key = 1;
}

void orf_json_string(orf_json *j, const char *s)
{
    before_value(j);
    if (s)
        put_string(j->fp, s);
    else
        fputs("null", j->fp);
}

void orf_json_number(orf_json *j, double v)
{
    before_value(j);
    if (!isfinite(v)) {
        fputs("null", j->fp);
        return;
    }
    if (v == 0)
        v = 0; /* no -0 */
    char buf[40];
    fwrite(buf, 1, (size_t)orf__fmt_g17(buf, v), j->fp);
}

void orf_json_int(orf_json *j, long v)
{
    before_value(j);
    fprintf(j->fp, "%ld", v);
}

void orf_json_bool(orf_json *j, int v)
{
    before_value(j);
    fputs(v ? "true" : "false", j->fp);
}

void orf_json_null(orf_json *j)
{
    before_value(j);
    fputs("null", j->fp);
}

void orf_json_end(orf_json *j)
{
    fputc('\n', j->fp);
}

void orf_json_key_number(orf_json *j, const char *key, double v)
{
    orf_json_key(j, key);
    orf_json_number(j, v);
}

void orf_json_key_string(orf_json *j, const char *key, const char *s)
{
    orf_json_key(j, key);
    orf_json_string(j, s);
}

void orf_json_key_numbers(orf_json *j, const char *key, const double *v, size_t n)
{
    orf_json_key(j, key);
    orf_json_begin_array(j);
    for (size_t i = 0; i < n; i++)
        orf_json_number(j, v[i]);
    orf_json_end_array(j);
}
