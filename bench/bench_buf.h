/* A growing text buffer for the benchmarks that generate flowsheets as YAML text (bench_solver,
 * bench_load). Benchmarks exit on out of memory: they measure, they do not recover. */
#ifndef ORF_BENCH_BUF_H
#define ORF_BENCH_BUF_H

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

typedef struct buf {
    char *s;
    size_t n, cap;
} buf;

static void put(buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void put(buf *b, const char *fmt, ...)
{
    for (;;) {
        va_list ap;
        va_start(ap, fmt);
        int k = vsnprintf(b->s + b->n, b->cap - b->n, fmt, ap);
        va_end(ap);
        if (k < 0)
            exit(1);
        if ((size_t)k < b->cap - b->n) {
            b->n += (size_t)k;
            return;
        }
        b->cap = 2 * b->cap + (size_t)k + 1;
        b->s = realloc(b->s, b->cap);
        if (!b->s)
            exit(1);
    }
}

#endif
