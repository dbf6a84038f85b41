/* Input files: each read once, whole, through orf_input_read, and capped in size. The context
 * keeps the text, so diagnostics print the source line from what was parsed and never open the
 * file again (a FIFO or a file changed since cannot hang or mislead them). */
#include "base_impl.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

typedef struct orf__source {
    struct orf__source *next;
    char *text;
    size_t len;
    int pinned; /* orf_input_set_text: served instead of the file, never replaced by a read */
    char file[];
} orf__source;

void orf_ctx_set_max_input_bytes(orf_ctx *ctx, size_t n)
{
    ctx->max_input = n;
}

/* ORF_MAX_INPUT_BYTES: a whole number of bytes, optionally with K, M or G (binary) after it */
static size_t env_limit(void)
{
    const char *s = getenv("ORF_MAX_INPUT_BYTES");
    if (!s || !*s)
        return 0;
    char *end;
    errno = 0;
    unsigned long long v = strtoull(s, &end, 10);
    if (errno || end == s || *s == '-')
        return 0;
    int shift = *end == 'K' ? 10 : *end == 'M' ? 20 : *end == 'G' ? 30 : 0;
    if (shift)
        end++;
    if (*end || v > (unsigned long long)(SIZE_MAX >> 1) >> shift)
        return 0;
    return (size_t)(v << shift);
}

size_t orf_ctx_max_input_bytes(const orf_ctx *ctx)
{
    if (ctx->max_input)
        return ctx->max_input;
    size_t env = env_limit();
    return env ? env : ORF_MAX_INPUT_DEFAULT;
}

static orf_status too_large(orf_ctx *ctx, const char *path, size_t max)
{
    orf_loc l = {path, 0, 0};
    return orf_diag_emit(ctx, ORF_E_INPUT, &l, NULL,
                         "input larger than %zu bytes (set ORF_MAX_INPUT_BYTES to raise the limit)",
                         max);
}

/* Read at most max + 1 bytes of fp into a NUL-terminated buffer. */
static orf_status read_capped(orf_ctx *ctx, FILE *fp, const char *path, size_t max, char **out,
                              size_t *outlen)
{
    size_t cap = 65536, len = 0, got;
    char *buf = orf_malloc(ctx, cap);
    errno = 0;
    while (buf && (got = fread(buf + len, 1, cap - len - 1, fp)) > 0) {
        len += got;
        if (len > max) {
            orf_free(ctx, buf);
            return too_large(ctx, path, max);
        }
        if (len + 1 == cap) {
            size_t ncap = cap * 2 > max + 2 ? max + 2 : cap * 2;
            char *nb = orf_realloc(ctx, buf, ncap);
            if (!nb) {
                orf_free(ctx, buf);
                buf = NULL;
                break;
            }
            buf = nb;
            cap = ncap;
        }
    }
    int err = ferror(fp) ? (errno ? errno : EIO) : 0;
    if (!buf)
        return orf_diag_emit(ctx, ORF_E_NOMEM, NULL, NULL, "out of memory reading %s", path);
    if (err) {
        orf_free(ctx, buf);
        orf_loc l = {path, 0, 0};
        return orf_diag_emit(ctx, ORF_E_IO, &l, NULL, "cannot read: %s", strerror(err));
    }
    buf[len] = '\0';
    *out = buf;
    *outlen = len;
    return ORF_OK;
}

/* the source of `path` and whether the context holds it pinned */
static orf__source *find_source(const orf_ctx *ctx, const char *path)
{
    for (orf__source *s = ctx->sources; s; s = s->next)
        if (strcmp(s->file, path) == 0)
            return s;
    return NULL;
}

static orf_status add_source(orf_ctx *ctx, const char *path, char *buf, size_t n, int pinned)
{
    size_t flen = strlen(path) + 1;
    orf__source *src = orf_malloc(ctx, sizeof *src + flen);
    if (!src) {
        orf_free(ctx, buf);
        return orf_diag_emit(ctx, ORF_E_NOMEM, NULL, NULL, "out of memory reading %s", path);
    }
    memcpy(src->file, path, flen);
    src->text = buf;
    src->len = n;
    src->pinned = pinned;
    src->next = ctx->sources;
    ctx->sources = src;
    return ORF_OK;
}

orf_status orf_input_set_text(orf_ctx *ctx, const char *path, const char *text, size_t len)
{
    size_t max = orf_ctx_max_input_bytes(ctx);
    if (len > max)
        return too_large(ctx, path, max);
    char *buf = orf_malloc(ctx, len + 1);
    if (!buf)
        return orf_diag_emit(ctx, ORF_E_NOMEM, NULL, NULL, "out of memory reading %s", path);
    memcpy(buf, text, len);
    buf[len] = '\0';
    orf__source *s = find_source(ctx, path);
    if (s) { /* the older text goes: a new text for the same path replaces it */
        orf_free(ctx, s->text);
        s->text = buf;
        s->len = len;
        s->pinned = 1;
        return ORF_OK;
    }
    return add_source(ctx, path, buf, len, 1);
}

orf_status orf__input_copy_pinned(orf_ctx *to, const orf_ctx *from)
{
    for (const orf__source *s = from->sources; s; s = s->next)
        if (s->pinned) {
            orf_status st = orf_input_set_text(to, s->file, s->text, s->len);
            if (st)
                return st;
        }
    return ORF_OK;
}

orf_status orf_input_read(orf_ctx *ctx, const char *path, const char **text, size_t *len)
{
    *text = NULL;
    *len = 0;
    orf__source *pin = find_source(ctx, path);
    if (pin && pin->pinned) { /* a text given for this path (orf_input_set_text) */
        *text = pin->text;
        *len = pin->len;
        return ORF_OK;
    }
    orf_loc l = {path, 0, 0};
    FILE *fp = fopen(path, "rb");
    if (!fp)
        return orf_diag_emit(ctx, ORF_E_IO, &l, NULL, "cannot open: %s", strerror(errno));
    size_t max = orf_ctx_max_input_bytes(ctx);
    struct stat sb;
    /* a regular file's size is known before reading it: a sparse 2 GB file is refused at once */
    if (fstat(fileno(fp), &sb) == 0 && S_ISREG(sb.st_mode) &&
        (unsigned long long)sb.st_size > max) {
        fclose(fp);
        return too_large(ctx, path, max);
    }
    char *buf = NULL;
    size_t n = 0;
    orf_status st = read_capped(ctx, fp, path, max, &buf, &n);
    fclose(fp);
    if (st)
        return st;
    /* read again (a library user may change a file between loads): the newer text replaces the
     * older, so repeated loads of one file hold one copy */
    if (pin) {
        orf_free(ctx, pin->text);
        pin->text = buf;
        pin->len = n;
        *text = buf;
        *len = n;
        return ORF_OK;
    }
    st = add_source(ctx, path, buf, n, 0);
    if (st)
        return st;
    *text = buf;
    *len = n;
    return ORF_OK;
}

const char *orf_input_text(const orf_ctx *ctx, const char *file, size_t *len)
{
    for (const orf__source *s = ctx->sources; s; s = s->next)
        if (strcmp(s->file, file) == 0) {
            *len = s->len;
            return s->text;
        }
    return NULL;
}

void orf__input_free_all(orf_ctx *ctx)
{
    orf__source *s = ctx->sources;
    while (s) {
        orf__source *next = s->next;
        orf_free(ctx, s->text);
        orf_free(ctx, s);
        s = next;
    }
    ctx->sources = NULL;
}
