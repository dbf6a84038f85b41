/* Context, allocator hook, located diagnostics and their one choke point (orf_diag_emit). */
#include "base_impl.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#define ORF_MAX_DIAGS 200

static void *default_alloc(void *ud, void *ptr, size_t size)
{
    (void)ud;
    if (size == 0) {
        free(ptr);
        return NULL;
    }
    return realloc(ptr, size);
}

/* orf_ctx_alloc and orf_ctx_alloc_with (this plus the built-in unit types) are in
 * src/units/units_init.c: the unit list is handed to the core from above. */
orf_ctx *orf_ctx_alloc_bare(orf_alloc_fn fn, void *ud)
{
    orf__gsl_init();
    if (!fn)
        fn = default_alloc;
    orf_ctx *ctx = fn(ud, NULL, sizeof *ctx);
    if (!ctx)
        return NULL;
    memset(ctx, 0, sizeof *ctx);
    ctx->alloc = fn;
    ctx->alloc_ud = ud;
    return ctx;
}

void *orf_malloc(orf_ctx *ctx, size_t size)
{
    if (size == 0)
        size = 1;
    void *p = ctx->alloc(ctx->alloc_ud, NULL, size);
    if (!p)
        ctx->noom++;
    return p;
}

void *orf_calloc(orf_ctx *ctx, size_t n, size_t size)
{
    if (size && n > (size_t)-1 / size) {
        ctx->noom++;
        return NULL;
    }
    void *p = orf_malloc(ctx, n * size);
    if (p)
        memset(p, 0, (n * size) != 0 ? n * size : 1);
    return p;
}

void *orf_realloc(orf_ctx *ctx, void *p, size_t size)
{
    if (size == 0)
        size = 1;
    void *q = ctx->alloc(ctx->alloc_ud, p, size);
    if (!q)
        ctx->noom++;
    return q;
}

void orf_free(orf_ctx *ctx, void *p)
{
    if (p)
        ctx->alloc(ctx->alloc_ud, p, 0);
}

const char *orf_ctx_strdup(orf_ctx *ctx, const char *s)
{
    if (!s)
        return NULL;
    size_t n = strlen(s) + 1;
    orf__strnode *node = orf_malloc(ctx, sizeof *node + n);
    if (!node)
        return NULL;
    memcpy(node->s, s, n);
    node->next = ctx->strings;
    ctx->strings = node;
    return node->s;
}

void orf_ctx_clear_diags(orf_ctx *ctx)
{
    ctx->ndiag = 0;
    ctx->nerr = 0;
    ctx->dropped = 0;
}

void orf_ctx_free(orf_ctx *ctx)
{
    if (!ctx)
        return;
    orf__strnode *s = ctx->strings;
    while (s) {
        orf__strnode *next = s->next;
        orf_free(ctx, s);
        s = next;
    }
    orf__input_free_all(ctx);
    orf_free(ctx, ctx->diags);
    orf_free(ctx, ctx->unit_types);
    ctx->alloc(ctx->alloc_ud, ctx, 0);
}

static const orf_diag *record(orf_ctx *ctx, orf_severity sev, orf_status code, const orf_loc *loc,
                              const char *object, const char *fmt, va_list ap)
{
    if (sev == ORF_SEV_ERROR)
        ctx->nerr++;
    if (ctx->ndiag >= ORF_MAX_DIAGS) {
        ctx->dropped++;
        return NULL;
    }
    if (ctx->ndiag == ctx->cap) {
        size_t cap = ctx->cap ? ctx->cap * 2 : 16;
        orf_diag *d = orf_realloc(ctx, ctx->diags, cap * sizeof *d);
        if (!d)
            return NULL;
        ctx->diags = d;
        ctx->cap = cap;
    }
    char buf[1024];
    vsnprintf(buf, sizeof buf, fmt, ap);
    orf_diag *d = &ctx->diags[ctx->ndiag++];
    memset(d, 0, sizeof *d);
    d->severity = sev;
    d->code = code;
    if (loc) {
        d->loc = *loc;
        d->loc.file = orf_ctx_strdup(ctx, loc->file);
    }
    d->object = orf_ctx_strdup(ctx, object);
    d->message = orf_ctx_strdup(ctx, buf);
    if (!d->message)
        d->message = "out of memory while formatting a diagnostic";
    return d;
}

orf_status orf_diag_emit(orf_ctx *ctx, orf_status code, const orf_loc *loc, const char *object,
                         const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    record(ctx, ORF_SEV_ERROR, code, loc, object, fmt, ap);
    va_end(ap);
    return code;
}

void orf_diag_warn(orf_ctx *ctx, const orf_loc *loc, const char *object, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    record(ctx, ORF_SEV_WARNING, ORF_OK, loc, object, fmt, ap);
    va_end(ap);
}

orf__ctx_mark orf__ctx_mark_get(const orf_ctx *ctx)
{
    orf__ctx_mark m = {ctx->noom, ctx->ndiag, ctx->nerr, ctx->dropped};
    return m;
}

void orf__ctx_rollback(orf_ctx *ctx, const orf__ctx_mark *m)
{
    ctx->ndiag = m->ndiag;
    ctx->nerr = m->nerr;
    ctx->dropped = m->dropped;
}

orf_status orf__ctx_oom_since(orf_ctx *ctx, const orf__ctx_mark *m, orf_status st, const char *what)
{
    if (ctx->noom == m->noom)
        return st;
    if (ctx->ndiag > m->ndiag)
        orf__ctx_rollback(ctx, m);
    return orf_diag_emit(ctx, ORF_E_NOMEM, NULL, NULL, "out of memory while %s", what);
}

size_t orf_edit_distance(const char *a, const char *b)
{
    /* Damerau–Levenshtein (optimal string alignment) on short identifiers. */
    size_t la = strlen(a), lb = strlen(b);
    if (la > 63 || lb > 63)
        return (size_t)-1;
    size_t d[64][64];
    for (size_t i = 0; i <= la; i++)
        d[i][0] = i;
    for (size_t j = 0; j <= lb; j++)
        d[0][j] = j;
    for (size_t i = 1; i <= la; i++) {
        for (size_t j = 1; j <= lb; j++) {
            size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
            size_t v = d[i - 1][j] + 1;
            if (d[i][j - 1] + 1 < v)
                v = d[i][j - 1] + 1;
            if (d[i - 1][j - 1] + cost < v)
                v = d[i - 1][j - 1] + cost;
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] &&
                d[i - 2][j - 2] + 1 < v)
                v = d[i - 2][j - 2] + 1;
            d[i][j] = v;
        }
    }
    return d[la][lb];
}

void orf_diag_hint_nearest(orf_ctx *ctx, const char *given, const char *const *candidates,
                           size_t ncand)
{
    if (!ctx->ndiag || !given)
        return;
    const char *best = NULL;
    size_t bestd = (size_t)-1;
    for (size_t i = 0; i < ncand; i++) {
        if (!candidates[i])
            continue;
        size_t dd = orf_edit_distance(given, candidates[i]);
        if (dd < bestd) {
            bestd = dd;
            best = candidates[i];
        }
    }
    size_t len = strlen(given);
    size_t limit = len <= 3 ? 1 : len <= 6 ? 2 : 3;
    if (!best || bestd > limit) {
        /* no near miss: a name that is a prefix, else a part, of a candidate ('flotation' for
         * 'flotation_bank'); the shortest such candidate, at least 3 characters given */
        best = NULL;
        for (int pass = 0; pass < 2 && !best && len >= 3; pass++)
            for (size_t i = 0; i < ncand; i++) {
                const char *c = candidates[i], *at = c ? strstr(c, given) : NULL;
                if (at && (pass || at == c) && (!best || strlen(c) < strlen(best)))
                    best = c;
            }
        bestd = 0;
    }
    if (best && bestd <= limit) {
        char buf[256];
        snprintf(buf, sizeof buf, "did you mean '%s'?", best);
        ctx->diags[ctx->ndiag - 1].hint = orf_ctx_strdup(ctx, buf);
    }
}

size_t orf_ctx_diag_count(const orf_ctx *ctx)
{
    return ctx->ndiag;
}
size_t orf_ctx_error_count(const orf_ctx *ctx)
{
    return ctx->nerr;
}
const orf_diag *orf_ctx_diag_get(const orf_ctx *ctx, size_t i)
{
    return i < ctx->ndiag ? &ctx->diags[i] : NULL;
}

/* The line from the text the context read (input.c); a file is never opened again here. */
static void print_source_line(const orf_ctx *ctx, FILE *fp, const char *file, int line, int col)
{
    size_t len;
    const char *p = orf_input_text(ctx, file, &len), *end = p ? p + len : NULL;
    for (int n = 1; p && n < line; n++) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        p = nl ? nl + 1 : NULL;
    }
    if (!p || p == end)
        return;
    const char *nl = memchr(p, '\n', (size_t)(end - p));
    size_t n = nl ? (size_t)(nl - p) : (size_t)(end - p);
    if (n > 0 && p[n - 1] == '\r') /* a Windows (CRLF) file */
        n--;
    fprintf(fp, "  %.*s\n  ", (int)(n < 4096 ? n : 4096), p);
    for (int i = 1; i < col && (size_t)i <= n && i <= 4096 && p[i - 1]; i++)
        fputc(p[i - 1] == '\t' ? '\t' : ' ', fp);
    fputs("^\n", fp);
}

void orf_ctx_print_diags(const orf_ctx *ctx, FILE *fp)
{
    static const char *sev[] = {"error", "warning", "note"};
    for (size_t i = 0; i < ctx->ndiag; i++) {
        const orf_diag *d = &ctx->diags[i];
        if (d->loc.file && d->loc.line > 0)
            fprintf(fp, "%s:%d:%d: ", d->loc.file, d->loc.line, d->loc.col);
        else if (d->loc.file)
            fprintf(fp, "%s: ", d->loc.file);
        else
            fputs("oreflow: ", fp);
        fprintf(fp, "%s: ", sev[d->severity]);
        if (d->object)
            fprintf(fp, "%s: ", d->object);
        fprintf(fp, "%s", d->message);
        if (d->hint)
            fprintf(fp, " (%s)", d->hint);
        fputc('\n', fp);
        if (d->loc.file && d->loc.line > 0)
            print_source_line(ctx, fp, d->loc.file, d->loc.line, d->loc.col);
    }
    if (ctx->dropped)
        fprintf(fp, "oreflow: note: %zu more diagnostics not shown\n", ctx->dropped);
}

const char *orf_status_name(orf_status s)
{
    switch (s) {
#define ORF_X_NAME(name, value, msg)                                                               \
    case value:                                                                                    \
        return #name;
        ORF_STATUS_LIST(ORF_X_NAME)
#undef ORF_X_NAME
    }
    return s > 0 ? "ORF_W_UNKNOWN" : "ORF_E_UNKNOWN";
}

const char *orf_status_message(orf_status s)
{
    switch (s) {
#define ORF_X_MSG(name, value, msg)                                                                \
    case value:                                                                                    \
        return msg;
        ORF_STATUS_LIST(ORF_X_MSG)
#undef ORF_X_MSG
    }
    return "unknown status";
}

void orf_ctx_set_stop(orf_ctx *ctx, volatile sig_atomic_t *stop)
{
    ctx->stop = stop;
}

int orf_ctx_stopped(const orf_ctx *ctx)
{
    return ctx->stop && *ctx->stop;
}
