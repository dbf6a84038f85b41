/* oreflow serve: long work as jobs (Monte Carlo, optimisation), each in a thread of its own with
 * a progress count and a stop flag (DELETE /api/job: orf_ctx_set_stop for Monte Carlo, the
 * optimiser's own `stop`), and the short analyses answered at once (sensitivity, reconcile).
 * Results are the JSON the CLI's --json prints for the same command. */
#define _DEFAULT_SOURCE
#include "serve.h"
#include "oreflow/balance.h"
#include "oreflow/mc.h"
#include "oreflow/optimize.h"

#include <signal.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#ifdef ORF_HAVE_SERVE

enum { JOB_RUNNING, JOB_DONE, JOB_CANCELLED, JOB_FAILED };
static const char *const STATE[] = {"running", "done", "cancelled", "failed"};

struct serve_job {
    unsigned id;
    int mc; /* 1 Monte Carlo, 0 optimisation */
    const serve_server *srv;
    pthread_t thread;
    int joined; /* the thread was joined (DELETE) */
    atomic_int state;
    atomic_size_t done, total;
    volatile sig_atomic_t stop;
    orf_ctx *ctx; /* the job's: the text pinned, the stop flag set */
    char abs[PATH_MAX];
    size_t samples;
    unsigned long seed;
    char *result; /* JSON (malloc), when done */
    char *error;  /* diagnostics JSON array (malloc), when failed */
};

static void mc_progress(void *ud, size_t done, size_t n)
{
    serve_job *J = ud;
    atomic_store(&J->done, done);
    atomic_store(&J->total, n);
}

/* the optimiser's lookup, counting evaluations for the progress */
static int opt_lookup(void *ud, orf_flowsheet *fs, const orf_solve_info *info, orf_econ *e,
                      size_t n, const char *const *paths, double *out)
{
    serve_job *J = ud;
    atomic_fetch_add(&J->done, 1);
    return orf_result_lookup(fs, info, e ? orf_econ_json_section : NULL, e, n, paths, out);
}

static void *job_main(void *arg)
{
    serve_job *J = arg;
    char *buf = NULL;
    size_t len = 0;
    FILE *fp = open_memstream(&buf, &len);
    orf_status st = ORF_E_NOMEM;
    if (fp && J->mc) {
        orf_mc_opts o;
        memset(&o, 0, sizeof o);
        o.n = J->samples;
        o.threads = 2;
        o.seed = J->seed;
        o.progress = mc_progress;
        o.progress_ud = J;
        atomic_store(&J->total, J->samples);
        orf_mc_result r;
        st = orf_mc_run(J->ctx, J->abs, &o, &r);
        if (!st) {
            orf_json j;
            orf_json_init(&j, fp, 0);
            orf_mc_write_json(&r, &o, &j);
        }
        orf_mc_result_fini(&r);
    } else if (fp) {
        orf_opt_opts o;
        memset(&o, 0, sizeof o);
        o.lookup = opt_lookup;
        o.lookup_ud = J;
        o.stop = &J->stop;
        orf_opt_result r;
        st = orf_opt_run(J->ctx, J->abs, &o, &r);
        if (!st) {
            orf_json j;
            orf_json_init(&j, fp, 0);
            orf_json_begin_object(&j);
            orf_opt_write_json(&r, &j);
            orf_json_end_object(&j);
        }
        orf_opt_result_fini(&r);
    }
    if (fp && fclose(fp))
        st = ORF_E_NOMEM;
    if (st) {
        free(buf);
        buf = NULL;
        len = 0;
        fp = open_memstream(&buf, &len);
        if (fp) {
            serve_diags_json(J->srv, J->ctx, fp);
            if (fclose(fp)) {
                free(buf);
                buf = NULL;
            }
        }
        J->error = buf;
        atomic_store(&J->state, J->stop || st == ORF_E_STOPPED ? JOB_CANCELLED : JOB_FAILED);
    } else {
        J->result = buf;
        atomic_store(&J->state, J->stop && !J->mc ? JOB_CANCELLED : JOB_DONE);
    }
    return NULL;
}

static void job_free(serve_job *J)
{
    if (!J)
        return;
    if (!J->joined)
        pthread_join(J->thread, NULL);
    orf_ctx_free(J->ctx);
    free(J->result);
    free(J->error);
    free(J);
}

/* A new job from a request: its context with the text pinned. Answers {"job": ID}. */
static void start_job(serve_req *rq, serve_resp *rs, int mc)
{
    serve_server *srv = rq->srv;
    serve_job *J = calloc(1, sizeof *J);
    orf_ctx *ctx = J ? orf_cli_ctx_alloc() : NULL;
    if (!ctx) {
        free(J);
        serve_resp_error(rs, 500, "out of memory");
        return;
    }
    J->ctx = ctx;
    J->srv = srv;
    J->mc = mc;
    orf_doc *doc = serve_body_doc(ctx, rq, rs);
    if (!doc || serve_source(srv, ctx, orf_doc_root(doc), J->abs, sizeof J->abs, rs)) {
        orf_doc_free(doc);
        orf_ctx_free(ctx);
        free(J);
        return;
    }
    const orf_node *root = orf_doc_root(doc);
    if (mc) {
        const orf_node *n = serve_field(root, "samples"), *s = serve_field(root, "seed");
        double v = 1000, sv = 1;
        if ((n && (n->kind != ORF_NODE_SCALAR || !orf_parse_number(n->str, &v))) ||
            (s && (s->kind != ORF_NODE_SCALAR || !orf_parse_number(s->str, &sv))) || v < 1 ||
            v > 1e6 || v != (double)(size_t)v || sv < 0 || sv > 4294967295.0 ||
            sv != (double)(unsigned long)sv) {
            orf_doc_free(doc);
            orf_ctx_free(ctx);
            free(J);
            serve_resp_error(rs, 400,
                             "'samples' must be a whole number in 1..1000000 and 'seed' "
                             "a non-negative whole number");
            return;
        }
        J->samples = (size_t)v;
        J->seed = (unsigned long)sv;
    }
    orf_doc_free(doc);
    orf_ctx_set_stop(ctx, &J->stop);
    pthread_mutex_lock(&srv->jobs_lock);
    int slot = -1;
    for (int i = 0; i < SERVE_MAX_JOBS && slot < 0; i++)
        if (!srv->jobs[i])
            slot = i;
    for (int i = 0; i < SERVE_MAX_JOBS && slot < 0; i++) /* else the oldest finished one */
        if (atomic_load(&srv->jobs[i]->state) != JOB_RUNNING &&
            (slot < 0 || srv->jobs[i]->id < srv->jobs[slot]->id))
            slot = i;
    if (slot < 0) {
        pthread_mutex_unlock(&srv->jobs_lock);
        orf_ctx_free(ctx);
        free(J);
        serve_resp_error(rs, 503, "too many jobs running (%d): cancel one", SERVE_MAX_JOBS);
        return;
    }
    job_free(srv->jobs[slot]);
    srv->jobs[slot] = NULL;
    J->id = ++srv->next_job;
    atomic_store(&J->state, JOB_RUNNING);
    if (pthread_create(&J->thread, NULL, job_main, J)) {
        pthread_mutex_unlock(&srv->jobs_lock);
        orf_ctx_free(ctx);
        free(J);
        serve_resp_error(rs, 500, "cannot start a thread");
        return;
    }
    srv->jobs[slot] = J;
    unsigned id = J->id;
    pthread_mutex_unlock(&srv->jobs_lock);
    char body[64];
    int n = snprintf(body, sizeof body, "{\"job\":%u}\n", id);
    serve_resp_text(rs, 200, "application/json", body, (size_t)n);
}

void serve_api_mc(serve_req *rq, serve_resp *rs)
{
    start_job(rq, rs, 1);
}

void serve_api_optimize(serve_req *rq, serve_resp *rs)
{
    start_job(rq, rs, 0);
}

void serve_api_job(serve_req *rq, serve_resp *rs)
{
    const char *ids = rq->query(rq->query_ud, "id");
    char *end = NULL;
    unsigned long id = ids ? strtoul(ids, &end, 10) : 0;
    if (!ids || !*ids || *end) {
        serve_resp_error(rs, 400, "missing or bad 'id'");
        return;
    }
    serve_server *srv = rq->srv;
    int del = !strcmp(rq->method, "DELETE");
    pthread_mutex_lock(&srv->jobs_lock);
    serve_job *J = NULL;
    for (int i = 0; i < SERVE_MAX_JOBS; i++)
        if (srv->jobs[i] && srv->jobs[i]->id == id)
            J = srv->jobs[i];
    if (!J) {
        pthread_mutex_unlock(&srv->jobs_lock);
        serve_resp_error(rs, 404, "no job %lu", id);
        return;
    }
    if (del && atomic_load(&J->state) == JOB_RUNNING) {
        J->stop = 1;
        pthread_join(J->thread, NULL); /* Monte Carlo stops within a sample, NLopt within one */
        J->joined = 1;
    }
    serve_out o;
    if (serve_out_open(&o)) {
        pthread_mutex_unlock(&srv->jobs_lock);
        serve_resp_error(rs, 500, "out of memory");
        return;
    }
    int state = atomic_load(&J->state);
    fputs("{\"state\":", o.fp);
    serve_json_string(o.fp, STATE[state]);
    fprintf(o.fp, ",\"done\":%zu,\"total\":%zu", (size_t)atomic_load(&J->done),
            (size_t)atomic_load(&J->total));
    if (state != JOB_RUNNING && J->result) { /* a stopped optimisation keeps its best point */
        fputs(",\"result\":", o.fp);
        serve_json_raw(o.fp, J->result, strlen(J->result));
    }
    if (state != JOB_RUNNING && state != JOB_DONE) {
        fputs(",\"error\":", o.fp);
        serve_json_string(o.fp, state == JOB_CANCELLED ? "cancelled" : "the job failed");
        fputs(",\"diagnostics\":", o.fp);
        if (J->error)
            serve_json_raw(o.fp, J->error, strlen(J->error));
        else
            fputs("[]", o.fp);
    }
    fputs("}\n", o.fp);
    pthread_mutex_unlock(&srv->jobs_lock);
    serve_out_finish(&o, rs, 200);
}

/* ---------------------------------------------------------------- answered at once */

void serve_api_sensitivity(serve_req *rq, serve_resp *rs)
{
    serve_call c;
    if (serve_call_begin(rq, rs, &c))
        return;
    orf_ctx *ctx = c.ctx;
    char abs[PATH_MAX];
    if (c.doc && !serve_source(rq->srv, ctx, orf_doc_root(c.doc), abs, sizeof abs, rs)) {
        orf_sens_result r;
        orf_status st = orf_sensitivity_run(ctx, abs, &r);
        serve_limit_note(rq->srv, ctx);
        serve_out o;
        if (serve_out_open(&o))
            serve_resp_error(rs, 500, "out of memory");
        else {
            fprintf(o.fp, "{\"ok\":%s", st ? "false" : "true");
            if (!st) {
                fputs(",\"result\":", o.fp);
                orf_json j;
                orf_json_init(&j, o.fp, 0);
                orf_sens_write_json(&r, &j);
            }
            fputs(",\"diagnostics\":", o.fp);
            serve_diags_json(rq->srv, ctx, o.fp);
            fputs("}\n", o.fp);
            serve_out_finish(&o, rs, 200);
        }
        orf_sens_result_fini(&r);
    }
    serve_call_end(rq, &c);
}

/* {"path","text","data_path", "data_text"?}: the flowsheet text and the plant data (a file under
 * the root, or its text given as data_text) as `oreflow reconcile FILE DATA --json F` writes F. */
void serve_api_reconcile(serve_req *rq, serve_resp *rs)
{
    serve_call c;
    if (serve_call_begin(rq, rs, &c))
        return;
    orf_ctx *ctx = c.ctx;
    orf_doc *doc = c.doc;
    char abs[PATH_MAX], dabs[PATH_MAX];
    int bad = 0;
    const orf_node *root = doc ? orf_doc_root(doc) : NULL;
    const char *drel = root ? serve_str(root, "data_path", &bad) : NULL;
    const char *dtext = root ? serve_str(root, "data_text", &bad) : NULL;
    if (!doc)
        ;
    else if (bad || !drel)
        serve_resp_error(rs, 400,
                         "'data_path' (the plant data file, relative to the served "
                         "folder) is required");
    else if (!serve_source(rq->srv, ctx, root, abs, sizeof abs, rs) &&
             !serve_path(rq->srv, drel, !dtext, dabs, sizeof dabs, rs)) {
        orf_flowsheet *fs = NULL;
        orf_plant_data *pd = NULL;
        orf_recon_opts ro = {0, 0, 0.05};
        orf_recon_info info;
        orf_status st = dtext ? orf_input_set_text(ctx, dabs, dtext, strlen(dtext)) : ORF_OK;
        if (!st)
            st = orf_flowsheet_load(ctx, abs, &fs);
        /* a simulation, when it converges, seeds the reconciliation (as cmd_reconcile.c) */
        if (!st && orf_flowsheet_solve(fs, NULL) != ORF_OK) {
            orf_ctx_clear_diags(ctx);
            orf_flowsheet_reset(fs);
        }
        if (!st)
            st = orf_plant_data_load(ctx, fs, dabs, &pd);
        if (!st)
            st = orf_plant_reconcile(ctx, pd, &ro, &info);
        serve_limit_note(rq->srv, ctx);
        serve_out o;
        if (serve_out_open(&o))
            serve_resp_error(rs, 500, "out of memory");
        else {
            int ok = pd && !st && !orf_ctx_stopped(ctx); /* the seeding solve may have stopped */
            fprintf(o.fp, "{\"ok\":%s", ok ? "true" : "false");
            if (ok) {
                fputs(",\"result\":", o.fp);
                orf_json j;
                orf_json_init(&j, o.fp, 0);
                orf_json_begin_object(&j);
                orf_json_key_string(&j, "oreflow_version", ORF_VERSION_STRING);
                orf_json_key(&j, "flowsheet");
                orf_json_begin_object(&j);
                orf_json_key_string(&j, "name", orf_flowsheet_name(fs));
                orf_json_key_string(&j, "file", serve_rel(rq->srv, abs));
                orf_json_end_object(&j);
                orf_json_key_string(&j, "data", drel);
                orf_plant_write_json_section(pd, &j);
                orf_json_end_object(&j);
            }
            fputs(",\"diagnostics\":", o.fp);
            serve_diags_json(rq->srv, ctx, o.fp);
            fputs("}\n", o.fp);
            serve_out_finish(&o, rs, 200);
        }
        orf_plant_data_free(pd);
        orf_flowsheet_free(fs);
    }
    serve_call_end(rq, &c);
}

void serve_jobs_stop_all(serve_server *srv)
{
    pthread_mutex_lock(&srv->jobs_lock);
    for (int i = 0; i < SERVE_MAX_JOBS; i++)
        if (srv->jobs[i])
            srv->jobs[i]->stop = 1;
    for (int i = 0; i < SERVE_MAX_JOBS; i++) {
        job_free(srv->jobs[i]);
        srv->jobs[i] = NULL;
    }
    pthread_mutex_unlock(&srv->jobs_lock);
}

#endif
