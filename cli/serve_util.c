/* oreflow serve: responses, request bodies, paths under the served root, diagnostics as JSON. */
#define _DEFAULT_SOURCE /* realpath */
#include "serve.h"

#include <errno.h>
#include <libgen.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

double serve_now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return 1e3 * (double)ts.tv_sec + 1e-6 * (double)ts.tv_nsec;
}

void serve_resp_text(serve_resp *rs, int status, const char *type, const char *body, size_t len)
{
    free(rs->body);
    rs->body = malloc(len + 1);
    rs->len = rs->body ? len : 0;
    if (rs->body) {
        memcpy(rs->body, body, len);
        rs->body[len] = 0;
    }
    rs->status = rs->body ? status : 500;
    rs->type = type;
}

int serve_out_open(serve_out *o)
{
    o->buf = NULL;
    o->len = 0;
    o->fp = open_memstream(&o->buf, &o->len);
    if (o->fp)
        orf_json_init(&o->j, o->fp, 0);
    return o->fp ? 0 : -1;
}

void serve_out_finish(serve_out *o, serve_resp *rs, int status)
{
    if (fclose(o->fp) != 0 || !o->buf) {
        free(o->buf);
        serve_resp_text(rs, 500, "application/json", "{\"error\":\"out of memory\"}\n", 26);
        return;
    }
    free(rs->body);
    rs->body = o->buf;
    rs->len = o->len;
    rs->status = status;
    rs->type = "application/json";
}

void serve_json_string(FILE *fp, const char *s)
{
    orf_json j;
    orf_json_init(&j, fp, 0);
    if (s)
        orf_json_string(&j, s);
    else
        orf_json_null(&j);
}

void serve_json_raw(FILE *fp, const char *s, size_t len)
{
    while (len && (s[len - 1] == '\n' || s[len - 1] == ' '))
        len--;
    fwrite(s, 1, len, fp);
}

void serve_resp_error(serve_resp *rs, int status, const char *fmt, ...)
{
    char msg[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    serve_out o;
    if (serve_out_open(&o)) {
        serve_resp_text(rs, 500, "application/json", "{\"error\":\"out of memory\"}\n", 26);
        return;
    }
    fputs("{\"error\":", o.fp);
    serve_json_string(o.fp, msg);
    fputs("}\n", o.fp);
    serve_out_finish(&o, rs, status);
}

/* ---------------------------------------------------------------- request bodies */

orf_doc *serve_body_doc(orf_ctx *ctx, const serve_req *rq, serve_resp *rs)
{
    orf_doc *doc = NULL;
    if (!rq->body || !rq->body_len) {
        serve_resp_error(rs, 400, "request body: a JSON object is required");
        return NULL;
    }
    if (memchr(rq->body, 0, rq->body_len)) {
        serve_resp_error(rs, 400, "request body: a NUL byte");
        return NULL;
    }
    orf_status st = orf_doc_load_string(ctx, "request", rq->body, rq->body_len, &doc);
    if (st) {
        const orf_diag *d = orf_ctx_diag_count(ctx) ? orf_ctx_diag_get(ctx, 0) : NULL;
        if (d && d->loc.line)
            serve_resp_error(rs, 400, "request body is not JSON: %d:%d: %s", d->loc.line,
                             d->loc.col, d->message);
        else
            serve_resp_error(rs, 400, "request body is not JSON: %s",
                             d ? d->message : orf_status_message(st));
        return NULL;
    }
    const orf_node *root = orf_doc_root(doc);
    if (!root || root->kind != ORF_NODE_MAP) {
        orf_doc_free(doc);
        serve_resp_error(rs, 400, "request body: a JSON object is required");
        return NULL;
    }
    return doc;
}

const orf_node *serve_field(const orf_node *root, const char *key)
{
    return orf_node_get(root, key);
}

int serve_is_null(const orf_node *n)
{
    return !n || (n->kind == ORF_NODE_SCALAR && !n->quoted &&
                  (!strcmp(n->str, "null") || !strcmp(n->str, "~") || !*n->str));
}

const char *serve_str(const orf_node *root, const char *key, int *bad)
{
    const orf_node *n = orf_node_get(root, key);
    if (!n || serve_is_null(n))
        return NULL;
    if (n->kind != ORF_NODE_SCALAR || !n->quoted) {
        *bad = 1;
        return NULL;
    }
    return n->str;
}

/* ---------------------------------------------------------------- paths */

/* REL is plain: not empty, not absolute, no "." or ".." segment, no backslash or control
 * character. */
static int rel_ok(const char *rel)
{
    if (!*rel || rel[0] == '/' || strlen(rel) >= PATH_MAX / 2)
        return 0;
    for (const char *p = rel; *p; p++)
        if ((unsigned char)*p < 0x20 || *p == '\\')
            return 0;
    const char *s = rel;
    while (*s) {
        const char *e = strchr(s, '/');
        size_t n = e ? (size_t)(e - s) : strlen(s);
        if (n == 0 || (n == 1 && s[0] == '.') || (n == 2 && s[0] == '.' && s[1] == '.'))
            return 0;
        s += n + (e ? 1 : 0);
    }
    return 1;
}

static int under_root(const serve_server *srv, const char *real)
{
    size_t n = strlen(srv->root);
    return !strncmp(real, srv->root, n) && (real[n] == '/' || (n == 1 && srv->root[0] == '/'));
}

int serve_path(const serve_server *srv, const char *rel, int must_exist, char *out, size_t n,
               serve_resp *rs)
{
    if (!rel) {
        serve_resp_error(rs, 400, "missing 'path'");
        return 400;
    }
    if (!rel_ok(rel)) {
        serve_resp_error(rs, 403, "path '%s' is not a plain path under the served folder", rel);
        return 403;
    }
    char joined[PATH_MAX];
    if ((size_t)snprintf(joined, sizeof joined, "%s/%s", srv->root, rel) >= sizeof joined) {
        serve_resp_error(rs, 400, "path too long");
        return 400;
    }
    char real[PATH_MAX];
    if (realpath(joined, real)) { /* exists: wherever its links lead must be under the root */
        if (!under_root(srv, real)) {
            serve_resp_error(rs, 403, "path '%s' leads out of the served folder", rel);
            return 403;
        }
        struct stat sb;
        if (stat(real, &sb) || !S_ISREG(sb.st_mode)) {
            serve_resp_error(rs, 403, "path '%s' is not a regular file", rel);
            return 403;
        }
    } else {
        struct stat lb;
        if (lstat(joined, &lb) == 0) { /* a dangling link */
            serve_resp_error(rs, 403, "path '%s' leads out of the served folder", rel);
            return 403;
        }
        if (must_exist) {
            serve_resp_error(rs, 404, "no file '%s'", rel);
            return 404;
        }
        char dir[PATH_MAX], rdir[PATH_MAX];
        snprintf(dir, sizeof dir, "%s", joined);
        if (!realpath(dirname(dir), rdir)) {
            serve_resp_error(rs, 404, "no folder for '%s'", rel);
            return 404;
        }
        if (!under_root(srv, rdir) && strcmp(rdir, srv->root)) {
            serve_resp_error(rs, 403, "path '%s' leads out of the served folder", rel);
            return 403;
        }
        snprintf(dir, sizeof dir, "%s", joined);
        if ((size_t)snprintf(real, sizeof real, "%s/%s", rdir, basename(dir)) >= sizeof real) {
            serve_resp_error(rs, 400, "path too long");
            return 400;
        }
    }
    if ((size_t)snprintf(out, n, "%s", real) >= n) {
        serve_resp_error(rs, 400, "path too long");
        return 400;
    }
    return 0;
}

const char *serve_rel(const serve_server *srv, const char *abs)
{
    if (abs && under_root(srv, abs))
        return abs + strlen(srv->root) + (strcmp(srv->root, "/") ? 1 : 0);
    return abs;
}

void serve_etag(const char *text, size_t len, char out[17])
{
    unsigned long long h = 1469598103934665603ULL; /* FNV-1a, 64 bits */
    for (size_t i = 0; i < len; i++) {
        h ^= (unsigned char)text[i];
        h *= 1099511628211ULL;
    }
    snprintf(out, 17, "%016llx", h);
}

void serve_diags_json(const serve_server *srv, const orf_ctx *ctx, FILE *fp)
{
    static const char *const sev[] = {"error", "warning", "note"};
    orf_json j;
    orf_json_init(&j, fp, 0);
    orf_json_begin_array(&j);
    for (size_t i = 0; i < orf_ctx_diag_count(ctx); i++) {
        const orf_diag *d = orf_ctx_diag_get(ctx, i);
        orf_json_begin_object(&j);
        orf_json_key_string(&j, "severity",
                            d->severity <= ORF_SEV_NOTE ? sev[d->severity] : "error");
        orf_json_key_string(&j, "file", d->loc.file ? serve_rel(srv, d->loc.file) : NULL);
        orf_json_key(&j, "line");
        orf_json_int(&j, d->loc.line);
        orf_json_key(&j, "column");
        orf_json_int(&j, d->loc.col);
        orf_json_key_string(&j, "object", d->object);
        orf_json_key_string(&j, "message", d->message);
        orf_json_key_string(&j, "hint", d->hint);
        orf_json_end_object(&j);
    }
    orf_json_end_array(&j);
}

int serve_source(const serve_server *srv, orf_ctx *ctx, const orf_node *root, char *abs, size_t n,
                 serve_resp *rs)
{
    int bad = 0;
    const char *rel = serve_str(root, "path", &bad);
    const char *text = serve_str(root, "text", &bad);
    if (bad) {
        serve_resp_error(rs, 400, "'path' and 'text' must be strings");
        return 400;
    }
    if (!text) {
        serve_resp_error(rs, 400, "missing 'text'");
        return 400;
    }
    if (!rel)
        rel = srv->default_file[0] ? srv->default_file : "untitled.yaml";
    int code = serve_path(srv, rel, 0, abs, n, rs);
    if (code)
        return code;
    if (orf_input_set_text(ctx, abs, text, strlen(text))) {
        serve_resp_error(rs, 413, "the text is too large");
        return 413;
    }
    return 0;
}

/* ---------------------------------------------------------------- time limits */

int serve_limit_begin(serve_server *srv, orf_ctx *ctx, volatile sig_atomic_t *stop)
{
    *stop = 0;
    orf_ctx_set_stop(ctx, stop);
    int slot = -1;
    pthread_mutex_lock(&srv->limits_lock);
    for (int i = 0; i < SERVE_MAX_CONN && slot < 0; i++)
        if (!srv->limits[i].stop) {
            srv->limits[i].stop = stop;
            srv->limits[i].until_ms = serve_now_ms() + 1e3 * srv->time_limit_s;
            slot = i;
        }
    pthread_mutex_unlock(&srv->limits_lock);
    return slot;
}

void serve_limit_end(serve_server *srv, orf_ctx *ctx, int slot)
{
    if (slot >= 0) {
        pthread_mutex_lock(&srv->limits_lock);
        srv->limits[slot].stop = NULL;
        pthread_mutex_unlock(&srv->limits_lock);
    }
    orf_ctx_set_stop(ctx, NULL);
}

int serve_call_begin(serve_req *rq, serve_resp *rs, serve_call *c)
{
    c->doc = NULL;
    c->ctx = orf_cli_ctx_alloc();
    if (!c->ctx) {
        serve_resp_error(rs, 500, "out of memory");
        return -1;
    }
    c->slot = serve_limit_begin(rq->srv, c->ctx, &c->stop);
    c->doc = serve_body_doc(c->ctx, rq, rs);
    return 0;
}

void serve_call_end(serve_req *rq, serve_call *c)
{
    orf_doc_free(c->doc);
    serve_limit_end(rq->srv, c->ctx, c->slot);
    orf_ctx_free(c->ctx);
}

void serve_limit_note(const serve_server *srv, orf_ctx *ctx)
{
    if (orf_ctx_stopped(ctx))
        orf_diag_emit(ctx, ORF_E_STOPPED, NULL, NULL,
                      "the request passed the server's time limit of %g s (oreflow serve "
                      "--time-limit; long work runs as a job: /api/mc, /api/optimize)",
                      srv->time_limit_s);
}

static void *watchdog(void *arg)
{
    serve_server *srv = arg;
    struct timespec ts = {0, 20000000L}; /* 20 ms */
    while (!srv->quit) {
        double now = serve_now_ms();
        pthread_mutex_lock(&srv->limits_lock);
        for (int i = 0; i < SERVE_MAX_CONN; i++)
            if (srv->limits[i].stop && now > srv->limits[i].until_ms)
                *srv->limits[i].stop = 1;
        pthread_mutex_unlock(&srv->limits_lock);
        nanosleep(&ts, NULL);
    }
    return NULL;
}

int serve_watchdog_start(serve_server *srv)
{
    srv->quit = 0;
    return pthread_create(&srv->watchdog, NULL, watchdog, srv);
}

void serve_watchdog_stop(serve_server *srv)
{
    srv->quit = 1;
    pthread_join(srv->watchdog, NULL);
}
