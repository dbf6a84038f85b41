/* oreflow serve: libmicrohttpd glue. A thread per connection (libmicrohttpd's internal threads;
 * each request solves in its own context, so requests never share library state), request bodies
 * collected up to SERVE_MAX_BODY (413 beyond), the safety checks of docs/serve.md (Host header
 * when bound to loopback, Origin, the bearer token), the page's files (embedded at build time or
 * --web-dir) and the dispatch to the API handlers. */
#define _DEFAULT_SOURCE
#include "serve.h"

#ifdef ORF_HAVE_SERVE
#include <microhttpd.h>

#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

/* Per request: the body so far. */
typedef struct conn_state {
    char *body;
    size_t len, cap;
    int too_large;
} conn_state;

static const char *ctype_of(const char *name)
{
    static const char *const map[][2] = {
        {".html", "text/html; charset=utf-8"},
        {".js", "text/javascript; charset=utf-8"},
        {".mjs", "text/javascript; charset=utf-8"},
        {".css", "text/css; charset=utf-8"},
        {".svg", "image/svg+xml"},
        {".png", "image/png"},
        {".ico", "image/x-icon"},
        {".json", "application/json"},
        {".txt", "text/plain; charset=utf-8"},
        {".md", "text/plain; charset=utf-8"},
    };
    const char *dot = strrchr(name, '.');
    for (size_t i = 0; dot && i < sizeof map / sizeof *map; i++)
        if (!strcasecmp(dot, map[i][0]))
            return map[i][1];
    return "application/octet-stream";
}

/* A page file: a plain name (letters, digits, '.', '-', '_', no leading dot). */
static int web_name_ok(const char *name)
{
    if (!*name || name[0] == '.' || strlen(name) > 128)
        return 0;
    for (const char *p = name; *p; p++)
        if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
              *p == '.' || *p == '-' || *p == '_'))
            return 0;
    return 1;
}

static void serve_web(serve_server *srv, const char *name, serve_resp *rs)
{
    if (!web_name_ok(name)) {
        serve_resp_error(rs, 404, "no page file '%s'", name);
        return;
    }
    if (srv->web_dir) { /* development: from disk */
        char path[PATH_MAX];
        snprintf(path, sizeof path, "%s/%s", srv->web_dir, name);
        FILE *fp = fopen(path, "rb");
        if (!fp) {
            serve_resp_error(rs, 404, "no page file '%s'", name);
            return;
        }
        char *buf = NULL;
        size_t len = 0, cap = 0, got;
        char chunk[65536];
        while ((got = fread(chunk, 1, sizeof chunk, fp)) > 0) {
            if (len + got > cap) {
                size_t ncap = (len + got) * 2;
                char *nb = realloc(buf, ncap);
                if (!nb)
                    break;
                buf = nb;
                cap = ncap;
            }
            memcpy(buf + len, chunk, got);
            len += got;
        }
        fclose(fp);
        serve_resp_text(rs, 200, ctype_of(name), buf ? buf : "", len);
        free(buf);
        return;
    }
    for (const serve_web_file *f = serve_web_files; f->name; f++)
        if (!strcmp(f->name, name)) {
            serve_resp_text(rs, 200, ctype_of(name), (const char *)f->data, f->len);
            return;
        }
    serve_resp_error(rs, 404, "no page file '%s'", name);
}

typedef struct route {
    const char *method, *path;
    void (*fn)(serve_req *, serve_resp *);
} route;

static const route ROUTES[] = {
    {"GET", "/api/info", serve_api_info},
    {"GET", "/api/file", serve_api_file_get},
    {"PUT", "/api/file", serve_api_file_put},
    {"GET", "/api/units", serve_api_units},
    {"POST", "/api/check", serve_api_check},
    {"POST", "/api/solve", serve_api_solve},
    {"POST", "/api/edit", serve_api_edit},
    {"POST", "/api/mc", serve_api_mc},
    {"POST", "/api/optimize", serve_api_optimize},
    {"GET", "/api/job", serve_api_job},
    {"DELETE", "/api/job", serve_api_job},
    {"POST", "/api/sensitivity", serve_api_sensitivity},
    {"POST", "/api/reconcile", serve_api_reconcile},
};

void serve_dispatch(serve_req *rq, serve_resp *rs)
{
    const char *u = rq->url;
    if (!strncmp(u, "/api/", 5)) {
        int known = 0;
        for (size_t i = 0; i < sizeof ROUTES / sizeof *ROUTES; i++)
            if (!strcmp(u, ROUTES[i].path)) {
                known = 1;
                if (!strcmp(rq->method, ROUTES[i].method)) {
                    ROUTES[i].fn(rq, rs);
                    return;
                }
            }
        if (known)
            serve_resp_error(rs, 405, "method %s not allowed on %s", rq->method, u);
        else
            serve_resp_error(rs, 404, "no endpoint %s", u);
        return;
    }
    if (strcmp(rq->method, "GET") && strcmp(rq->method, "HEAD")) {
        serve_resp_error(rs, 405, "method %s not allowed on %s", rq->method, u);
        return;
    }
    if (!strcmp(u, "/") || !strcmp(u, "/index.html"))
        serve_web(rq->srv, "index.html", rs);
    else if (!strncmp(u, "/web/", 5))
        serve_web(rq->srv, u + 5, rs);
    else
        serve_resp_error(rs, 404, "not found: %s", u);
}

/* ---------------------------------------------------------------- safety checks */

/* Host (when bound to loopback): one of the loopback names with the server's port. */
static int host_ok(const serve_server *srv, const char *host)
{
    if (!srv->loopback)
        return 1;
    if (!host)
        return 0;
    char want[80];
    static const char *const names[] = {"127.0.0.1", "localhost", "[::1]"};
    for (size_t i = 0; i < sizeof names / sizeof *names; i++) {
        snprintf(want, sizeof want, "%s:%d", names[i], srv->port);
        if (!strcasecmp(host, want))
            return 1;
    }
    return 0;
}

/* Origin, when present: the server's own, http://HOST (HOST as the request names it). */
static int origin_ok(const char *origin, const char *host)
{
    if (!origin)
        return 1;
    if (!host || strncmp(origin, "http://", 7))
        return 0;
    return !strcasecmp(origin + 7, host);
}

static int token_ok(const serve_server *srv, const char *auth)
{
    if (!srv->token)
        return 1;
    if (!auth || strncmp(auth, "Bearer ", 7))
        return 0;
    const char *t = auth + 7;
    size_t n = strlen(srv->token), m = strlen(t);
    unsigned char diff = (unsigned char)(n != m);
    for (size_t i = 0; i < n; i++) /* constant time in the token's length */
        diff |= (unsigned char)(srv->token[i] ^ (i < m ? t[i] : 0));
    return diff == 0;
}

/* ---------------------------------------------------------------- libmicrohttpd */

typedef struct query_ud {
    struct MHD_Connection *c;
} query_ud;

static const char *query_get(void *ud, const char *key)
{
    return MHD_lookup_connection_value(((query_ud *)ud)->c, MHD_GET_ARGUMENT_KIND, key);
}

static enum MHD_Result respond(struct MHD_Connection *c, serve_resp *rs)
{
    struct MHD_Response *r =
        MHD_create_response_from_buffer(rs->len, rs->body ? rs->body : (void *)"",
                                        rs->body ? MHD_RESPMEM_MUST_FREE : MHD_RESPMEM_PERSISTENT);
    if (!r) {
        free(rs->body);
        return MHD_NO;
    }
    rs->body = NULL;
    MHD_add_response_header(r, "Content-Type", rs->type ? rs->type : "application/json");
    MHD_add_response_header(r, "Cache-Control", "no-store");
    MHD_add_response_header(r, "X-Content-Type-Options", "nosniff");
    MHD_add_response_header(r, "Referrer-Policy", "no-referrer");
    enum MHD_Result ret = MHD_queue_response(c, (unsigned)rs->status, r);
    MHD_destroy_response(r);
    return ret;
}

static enum MHD_Result handle(void *cls, struct MHD_Connection *c, const char *url,
                              const char *method, const char *version, const char *upload,
                              size_t *upload_size, void **con_cls)
{
    (void)version;
    serve_server *srv = cls;
    conn_state *cs = *con_cls;
    serve_resp rs = {0, NULL, 0, NULL};
    if (!cs) { /* first call: headers only. Refuse early what needs no body to refuse. */
        cs = calloc(1, sizeof *cs);
        if (!cs)
            return MHD_NO;
        *con_cls = cs;
        const char *host = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Host");
        const char *origin = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Origin");
        const char *cl = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Content-Length");
        if (!host_ok(srv, host))
            serve_resp_error(&rs, 403, "Host '%s' refused (DNS rebinding guard)", host ? host : "");
        else if (!origin_ok(origin, host))
            serve_resp_error(&rs, 403, "Origin '%s' refused: not this server's", origin);
        else if (!strncmp(url, "/api/", 5) &&
                 !token_ok(srv, MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Authorization")))
            serve_resp_error(&rs, 401, "a token is required (Authorization: Bearer TOKEN)");
        else if (cl && strtoull(cl, NULL, 10) > SERVE_MAX_BODY)
            serve_resp_error(&rs, 413, "request body larger than %zu bytes", SERVE_MAX_BODY);
        if (rs.status)
            return respond(c, &rs);
        return MHD_YES;
    }
    if (*upload_size) { /* a piece of the body */
        size_t n = *upload_size;
        *upload_size = 0;
        if (cs->too_large || cs->len + n > SERVE_MAX_BODY) {
            cs->too_large = 1;
            return MHD_YES;
        }
        if (cs->len + n + 1 > cs->cap) {
            size_t ncap = cs->cap ? cs->cap : 65536;
            while (ncap < cs->len + n + 1)
                ncap *= 2;
            char *nb = realloc(cs->body, ncap);
            if (!nb)
                return MHD_NO;
            cs->body = nb;
            cs->cap = ncap;
        }
        memcpy(cs->body + cs->len, upload, n);
        cs->len += n;
        cs->body[cs->len] = 0;
        return MHD_YES;
    }
    if (cs->too_large) {
        serve_resp_error(&rs, 413, "request body larger than %zu bytes", SERVE_MAX_BODY);
        return respond(c, &rs);
    }
    /* the whole request: the path without its query */
    char path[1024];
    if (strlen(url) >= sizeof path) {
        serve_resp_error(&rs, 414, "URL too long");
        return respond(c, &rs);
    }
    snprintf(path, sizeof path, "%s", url);
    char *q = strchr(path, '?');
    if (q)
        *q = 0;
    query_ud qu = {c};
    serve_req rq = {srv, method, path, cs->body, cs->len, query_get, &qu};
    serve_dispatch(&rq, &rs);
    if (!rs.status)
        serve_resp_error(&rs, 500, "no response");
    return respond(c, &rs);
}

static void completed(void *cls, struct MHD_Connection *c, void **con_cls,
                      enum MHD_RequestTerminationCode toe)
{
    (void)cls;
    (void)c;
    (void)toe;
    conn_state *cs = *con_cls;
    if (cs) {
        free(cs->body);
        free(cs);
        *con_cls = NULL;
    }
}

int serve_http_run(serve_server *srv, int listen_fd)
{
    struct MHD_Daemon *d = MHD_start_daemon(
        MHD_USE_THREAD_PER_CONNECTION | MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_POLL, 0, NULL,
        NULL, handle, srv, MHD_OPTION_LISTEN_SOCKET, listen_fd, MHD_OPTION_NOTIFY_COMPLETED,
        completed, NULL, MHD_OPTION_CONNECTION_LIMIT, (unsigned)64, MHD_OPTION_CONNECTION_TIMEOUT,
        (unsigned)60, MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)65536, MHD_OPTION_END);
    if (!d) {
        fprintf(stderr, "oreflow serve: cannot start the HTTP server (libmicrohttpd)\n");
        close(listen_fd);
        return ORF_EXIT_FAILED;
    }
    if (serve_watchdog_start(srv)) {
        fprintf(stderr, "oreflow serve: cannot start a thread\n");
        MHD_stop_daemon(d);
        return ORF_EXIT_FAILED;
    }
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGTERM);
    int sig = 0;
    sigwait(&set, &sig);
    MHD_stop_daemon(d);
    serve_watchdog_stop(srv);
    serve_jobs_stop_all(srv);
    if (!srv->quiet)
        fprintf(stderr, "oreflow serve: stopped (%s)\n", sig == SIGINT ? "SIGINT" : "SIGTERM");
    return ORF_EXIT_OK;
}

#endif
