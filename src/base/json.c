/* Streaming JSON writer: RFC 8259 escaping, round-trip numbers (%.17g), NaN/inf as null. */
#include "base_impl.h"

#include <math.h>
#include <string.h>

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
    fputc('\n', j->fp);
    for (int i = 0; i < j->depth; i++)
        fputs("  ", j->fp);
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
    fprintf(j->fp, "%.17g", v);
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
