/* oreflow serve: the workbench's HTTP server (docs/serve.md). Private to the CLI.
 *
 * cmd_serve.c    options, the served root, start/stop, signals
 * serve_http.c   libmicrohttpd glue: bodies (size cap), safety checks (Host, Origin, token),
 *                static files (embedded web/ or --web-dir), dispatch to the handlers
 * serve_api.c    /api/info, /api/file, /api/units, /api/check, /api/solve, /api/edit
 * serve_jobs.c   /api/mc, /api/optimize (jobs in threads: progress, cancel), /api/job,
 *                /api/sensitivity, /api/reconcile
 * serve_util.c   request JSON (parsed as YAML: JSON is YAML), response buffers, paths under the
 *                root, diagnostics as JSON
 * serve_mhd.c    libmicrohttpd opened on first use (dlopen), as src/report/lazy_libs.c does
 * The handlers see only serve_req / serve_resp, never libmicrohttpd's types. */
#ifndef ORF_SERVE_H
#define ORF_SERVE_H

#include "cli.h"

#include <limits.h>
#include <pthread.h>
#include <signal.h>
#include <stddef.h>
#include <stdio.h>

#define SERVE_MAX_BODY ((size_t)4 << 20) /* 4 MiB: larger request bodies get 413 */
#define SERVE_MAX_JOBS 32                /* jobs kept (running and finished) */
#define SERVE_MAX_CONN 64                /* connections served at once */
#define SERVE_TIME_LIMIT_S 30.0          /* default time limit of a request (--time-limit) */

typedef struct serve_job serve_job;

typedef struct serve_server {
    char root[PATH_MAX];         /* realpath of the served folder, no trailing slash */
    char default_file[PATH_MAX]; /* relative to root, or "" */
    const char *token;           /* NULL: none */
    const char *web_dir;         /* NULL: the embedded files */
    char bind[64];               /* the address bound, as given */
    int loopback;                /* bound to a loopback address */
    int port;
    int quiet;
    pthread_mutex_t file_lock; /* serialises PUT /api/file (check etag, write) */
    pthread_mutex_t jobs_lock;
    serve_job *jobs[SERVE_MAX_JOBS];
    unsigned next_job;
    /* time limits of the requests in progress (serve_limit_begin/end; the watchdog thread sets
     * the stop flag of a request past its limit) */
    double time_limit_s;
    pthread_mutex_t limits_lock;
    struct {
        volatile sig_atomic_t *stop;
        double until_ms;
    } limits[SERVE_MAX_CONN];
    pthread_t watchdog;
    volatile sig_atomic_t quit;
} serve_server;

/* A request as the handlers see it. */
typedef struct serve_req {
    serve_server *srv;
    const char *method;
    const char *url;
    const char *body;
    size_t body_len;
    const char *(*query)(void *ud, const char *key); /* a query argument (decoded) or NULL */
    void *query_ud;
} serve_req;

/* A response: status and an owned body (malloc). */
typedef struct serve_resp {
    int status;
    char *body;
    size_t len;
    const char *type; /* Content-Type */
} serve_resp;

/* An embedded file of web/ (the generated serve_web_files.c; a table ending with name NULL). */
typedef struct serve_web_file {
    const char *name;
    const unsigned char *data;
    size_t len;
} serve_web_file;
extern const serve_web_file serve_web_files[];

/* serve_http.c */
int serve_http_run(serve_server *srv, int listen_fd); /* returns the exit code after a signal */
void serve_dispatch(serve_req *rq, serve_resp *rs);

/* serve_util.c: responses */
void serve_resp_text(serve_resp *rs, int status, const char *type, const char *body, size_t len);
void serve_resp_error(serve_resp *rs, int status, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* A JSON body being written: open, write through j (or fp), then finish into a response. */
typedef struct serve_out {
    FILE *fp;
    char *buf;
    size_t len;
    orf_json j;
} serve_out;
int serve_out_open(serve_out *o);
void serve_out_finish(serve_out *o, serve_resp *rs, int status);
void serve_json_string(FILE *fp, const char *s); /* a JSON string value */
/* Raw JSON text (an object written by a library function) as a value, its final newline cut. */
void serve_json_raw(FILE *fp, const char *s, size_t len);

/* serve_util.c: the request body as a document (JSON is YAML). NULL with a 400 in rs when the
 * body is not a JSON object. */
orf_doc *serve_body_doc(orf_ctx *ctx, const serve_req *rq, serve_resp *rs);
const orf_node *serve_field(const orf_node *root, const char *key);
/* A string field: NULL when absent; *bad set when present but not a string. */
const char *serve_str(const orf_node *root, const char *key, int *bad);
int serve_is_null(const orf_node *n);

/* serve_util.c: paths. REL (relative to the root) to an absolute path in out: 0 ok, else the HTTP
 * status (400 bad, 403 outside the root, 404 missing) with the error in rs. must_exist 0: the
 * file may be new (its folder must exist under the root). */
int serve_path(const serve_server *srv, const char *rel, int must_exist, char *out, size_t n,
               serve_resp *rs);
const char *serve_rel(const serve_server *srv, const char *abs); /* abs under root: its REL */
/* The etag of a text (FNV-1a 64, hex) into out[17]. */
void serve_etag(const char *text, size_t len, char out[17]);
/* The context's diagnostics as a JSON array (files relative to the root). */
void serve_diags_json(const serve_server *srv, const orf_ctx *ctx, FILE *fp);
/* The file to load for a request: "path" relative to the root (the default file, else
 * "untitled.yaml", when absent) with "text" pinned as its content (orf_input_set_text). 0, or a
 * status with rs filled. */
int serve_source(const serve_server *srv, orf_ctx *ctx, const orf_node *root, char *abs, size_t n,
                 serve_resp *rs);
double serve_now_ms(void);
/* A request's time limit: its context's stop flag is set when the limit passes (a solve then
 * stops with ORF_E_STOPPED). begin returns the slot (-1: none free, no limit), end frees it. */
int serve_limit_begin(serve_server *srv, orf_ctx *ctx, volatile sig_atomic_t *stop);
void serve_limit_end(serve_server *srv, orf_ctx *ctx, int slot);
/* A request that loads and solves: its context, under the server's time limit, and its JSON body.
 * serve_call_begin answers 500 and returns -1 when no context could be made; else 0, with doc
 * NULL when the body was refused (answered 400/413 already). serve_call_end frees all of it. The
 * call lives on the handler's stack (the context holds the address of its stop flag). */
typedef struct serve_call {
    orf_ctx *ctx;
    orf_doc *doc;
    volatile sig_atomic_t stop;
    int slot;
} serve_call;
int serve_call_begin(serve_req *rq, serve_resp *rs, serve_call *c);
void serve_call_end(serve_req *rq, serve_call *c);
/* A diagnostic saying the time limit passed, when the context's flag was set. */
void serve_limit_note(const serve_server *srv, orf_ctx *ctx);
int serve_watchdog_start(serve_server *srv);
void serve_watchdog_stop(serve_server *srv);

/* serve_api.c */
void serve_api_info(serve_req *rq, serve_resp *rs);
void serve_api_file_get(serve_req *rq, serve_resp *rs);
void serve_api_file_put(serve_req *rq, serve_resp *rs);
void serve_api_units(serve_req *rq, serve_resp *rs);
void serve_api_check(serve_req *rq, serve_resp *rs);
void serve_api_solve(serve_req *rq, serve_resp *rs);
void serve_api_edit(serve_req *rq, serve_resp *rs);

/* serve_jobs.c */
void serve_api_mc(serve_req *rq, serve_resp *rs);
void serve_api_optimize(serve_req *rq, serve_resp *rs);
void serve_api_job(serve_req *rq, serve_resp *rs);
void serve_api_sensitivity(serve_req *rq, serve_resp *rs);
void serve_api_reconcile(serve_req *rq, serve_resp *rs);
void serve_jobs_stop_all(serve_server *srv); /* at exit: cancel, join, free */

#endif
